/**
 * What the user typed, checked before any request: page ids or page URLs, account and group ids,
 * space keys. The same conservative alphabets as the resolvers' validation.
 */
import { CliError } from './errors';
import { shown } from './connection';

const CONTENT_ID = /^\d{1,20}$/u;
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/u;
const GROUP_ID = /^[A-Za-z0-9_-]{1,128}$/u;
const SPACE_KEY = /^(?:[A-Za-z0-9]{1,255}|~[A-Za-z0-9:_-]{1,254})$/u;

/**
 * A page id, or a page URL: `…/wiki/spaces/KEY/pages/123/Title`, `…/pages/edit-v2/123`,
 * `…/viewpage.action?pageId=123`. A URL must be on the site the CLI talks to.
 */
export function parsePageRef(raw: string, baseUrl: string): string {
  const value = raw.trim();
  if (CONTENT_ID.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(
      `${shown(value)} is not a page id or a page URL: pass the number from the page's address (…/pages/123/…) or the whole URL.`,
    );
  }
  const site = new URL(baseUrl);
  if (site.hostname !== 'api.atlassian.com' && url.host !== site.host) {
    throw new CliError(
      `That page URL is on ${url.host}, but the site is ${site.host}: pass --site for the page's site, or just the page id.`,
    );
  }
  const fromPath = /\/pages\/(?:edit-v2\/|edit\/)?(\d{1,20})(?:\/|$)/u.exec(url.pathname)?.[1];
  const fromQuery = url.searchParams.get('pageId');
  const id = fromPath ?? (fromQuery !== null && CONTENT_ID.test(fromQuery) ? fromQuery : undefined);
  if (id !== undefined) return id;
  if (/\/wiki\/x\//u.test(url.pathname)) {
    throw new CliError(
      'Short links (/wiki/x/…) cannot be resolved: open the page and copy its full URL, or pass its id.',
    );
  }
  throw new CliError(
    'No page id in that URL: use a page URL such as https://your-site.atlassian.net/wiki/spaces/KEY/pages/123/Title, or the id itself.',
  );
}

export function parseAccountId(raw: string): string {
  const value = raw.trim();
  if (value.includes('@')) {
    throw new CliError(
      'Looking people up by email is not possible with the Confluence REST calls this tool uses: pass their account id (the last part of their profile URL, …/people/<accountId>).',
    );
  }
  if (!ACCOUNT_ID.test(value)) {
    throw new CliError(
      `${shown(value)} is not an Atlassian account id (letters, digits, ':', '-', '_').`,
    );
  }
  return value;
}

export function parseGroupId(raw: string): string {
  const value = raw.trim();
  if (!GROUP_ID.test(value)) {
    throw new CliError(
      `${shown(value)} is not a group id: pass the group's id (a UUID in Confluence Cloud, shown in admin.atlassian.com), not its name.`,
    );
  }
  return value;
}

/** `--space` values, repeated and/or comma-separated; global keys upper-cased as Confluence does. */
export function parseSpaceKeys(values: readonly string[]): string[] {
  const keys = values
    .flatMap((value) => value.split(','))
    .map((key) => key.trim())
    .filter((key) => key !== '')
    .map((key) => (key.startsWith('~') ? key : key.toUpperCase()));
  for (const key of keys) {
    if (!SPACE_KEY.test(key)) {
      throw new CliError(
        `${shown(key)} is not a space key: use the key from the space's address, such as ENG, or ~name for a personal space.`,
      );
    }
  }
  return [...new Set(keys)];
}
