/**
 * The absolute address of the place in Confluence where a finding is fixed, for the admin page
 * (the site's URL from Forge's product context, `siteUrl`) and the CLI (its `--site`). The core
 * says what the place is (`fixLocation`); only this file knows Confluence Cloud's addresses
 * (docs/ARCHITECTURE.md, "Findings you can act on"):
 *
 * - space permissions: `/wiki/spaces/spacepermissions.action?key={key}`, the space permissions
 *   screen (Space settings → Permissions);
 * - a page's or blog post's restrictions: the content itself,
 *   `/wiki/pages/viewpage.action?pageId={id}` (pages and blog posts alike), where the lock at its
 *   top opens the restrictions dialog, which has no address of its own.
 */
import { fixLocation } from '../core/audit/fix-location';
import type { FixLocation } from '../core/audit/fix-location';
import type { Finding } from '../core/audit/findings';

/** The path (from the site's root) of a fix location. */
export function fixPath(location: FixLocation): string {
  switch (location.kind) {
    case 'space-permissions':
      return `/wiki/spaces/spacepermissions.action?key=${encodeURIComponent(location.spaceKey)}`;
    case 'content-restrictions':
      return `/wiki/pages/viewpage.action?pageId=${encodeURIComponent(location.contentId)}`;
  }
}

/**
 * The site's root without a trailing slash or a `/wiki` of its own (a `--site` may be given either
 * way), or undefined when it is no http(s) URL.
 */
export function siteRoot(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const path = url.pathname.replace(/\/+$/u, '').replace(/\/wiki$/u, '');
  return `${url.origin}${path}`;
}

/** The absolute URL where `finding` is fixed; a path from the site's root when no site is known. */
export function findingLink(baseUrl: string | undefined, finding: Finding): string {
  const path = fixPath(fixLocation(finding));
  const root = baseUrl === undefined ? undefined : siteRoot(baseUrl);
  return root === undefined ? path : `${root}${path}`;
}
