/**
 * Where in Confluence a finding is fixed, as data: the space's permissions for a finding about a
 * space's grants, the content's restrictions for a finding about a page or blog post. The address
 * itself depends on the site, so src/messages/links.ts builds it from the site's base URL
 * (docs/ARCHITECTURE.md, "Findings you can act on").
 */
import type { Finding } from './findings';

export type FixLocation =
  /** Space settings → permissions of `spaceKey` (grants to users, groups, guests, anonymous). */
  | { readonly kind: 'space-permissions'; readonly spaceKey: string }
  /** The content itself, whose restrictions (the lock) are changed from the page. */
  | {
      readonly kind: 'content-restrictions';
      readonly spaceKey: string;
      readonly contentId: string;
    };

/**
 * A finding about content is fixed on that content (its restriction, or, when an ancestor's
 * restriction could not be read, on the content whose labels made it sensitive); every other
 * finding names a space's grants and is fixed in the space's permissions. Decided by what the
 * finding is about rather than by rule id, so a rule added later gets the right place at once.
 */
export function fixLocation(finding: Finding): FixLocation {
  if (finding.contentId !== undefined) {
    return {
      kind: 'content-restrictions',
      spaceKey: finding.spaceKey,
      contentId: finding.contentId,
    };
  }
  return { kind: 'space-permissions', spaceKey: finding.spaceKey };
}
