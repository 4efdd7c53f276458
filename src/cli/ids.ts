/**
 * What the user typed, checked before any request: page ids or page URLs, account and group ids,
 * space keys. The same conservative alphabets as the resolvers' validation.
 */
import { CliError } from './errors';
import { shown } from './connection';
import { cliMessages } from './words';

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
    throw new CliError(cliMessages().text('cli.tool.ids.notPageRef', { value: shown(value) }));
  }
  const site = new URL(baseUrl);
  if (site.hostname !== 'api.atlassian.com' && url.host !== site.host) {
    throw new CliError(
      cliMessages().text('cli.tool.ids.otherSite', { pageHost: url.host, siteHost: site.host }),
    );
  }
  const fromPath = /\/pages\/(?:edit-v2\/|edit\/)?(\d{1,20})(?:\/|$)/u.exec(url.pathname)?.[1];
  const fromQuery = url.searchParams.get('pageId');
  const id = fromPath ?? (fromQuery !== null && CONTENT_ID.test(fromQuery) ? fromQuery : undefined);
  if (id !== undefined) return id;
  if (/\/wiki\/x\//u.test(url.pathname)) {
    throw new CliError(cliMessages().text('cli.tool.ids.shortLink'));
  }
  throw new CliError(cliMessages().text('cli.tool.ids.noPageId'));
}

export function parseAccountId(raw: string): string {
  const value = raw.trim();
  if (value.includes('@')) {
    throw new CliError(cliMessages().text('cli.tool.ids.accountByEmail'));
  }
  if (!ACCOUNT_ID.test(value)) {
    throw new CliError(cliMessages().text('cli.tool.ids.badAccountId', { value: shown(value) }));
  }
  return value;
}

export function parseGroupId(raw: string): string {
  const value = raw.trim();
  if (!GROUP_ID.test(value)) {
    throw new CliError(cliMessages().text('cli.tool.ids.badGroupId', { value: shown(value) }));
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
      throw new CliError(cliMessages().text('cli.tool.ids.badSpaceKey', { value: shown(key) }));
    }
  }
  return [...new Set(keys)];
}
