/**
 * One page of a Confluence list, in either pagination style, plus helpers to walk the rest.
 *
 * - v2 lists: an opaque cursor; `_links.next` (and a `Link: <…>; rel="next"` header) is a
 *   `/wiki/api/v2/…` path, absent on the last page.
 * - v1 lists: start/limit (search: a cursor); `_links.next` is relative to the `/wiki` context
 *   (`/rest/api/…`), absent on the last page.
 */
export interface Page<T> {
  readonly results: readonly T[];
  /** The next page as a site path (`/wiki/…`); absent on the last page. */
  readonly nextLink?: string;
  /** The `cursor` of the next page (v2 lists, v1 search), for callers that page on demand. */
  readonly nextCursor?: string;
  /** The `start` of the next page (v1 start/limit lists), for callers that page on demand. */
  readonly nextStart?: number;
  /** Fetches the next page through the same client (same identity, retries and accounting). */
  readonly fetchNext?: () => Promise<Page<T>>;
}

export interface CollectOptions {
  /** Stop after this many items without fetching further pages. Default 10,000. */
  readonly maxItems?: number;
}

export interface Collected<T> {
  readonly items: T[];
  /** True when `maxItems` stopped the walk and Confluence had more. */
  readonly truncated: boolean;
  /** Pages fetched, the first included. */
  readonly pages: number;
}

export const DEFAULT_MAX_ITEMS = 10_000;

type PageSource<T> = Page<T> | Promise<Page<T>>;

/** Every page from `first` on, following `fetchNext` lazily: stop iterating, stop fetching. */
export async function* pagesFrom<T>(first: PageSource<T>): AsyncGenerator<Page<T>, void, void> {
  let page: Page<T> | undefined = await first;
  while (page) {
    yield page;
    page = page.fetchNext ? await page.fetchNext() : undefined;
  }
}

/** Every item from `first` on. */
export async function* itemsFrom<T>(first: PageSource<T>): AsyncGenerator<T, void, void> {
  for await (const page of pagesFrom(first)) yield* page.results;
}

/**
 * Collects items up to `maxItems`. Truncation is known without an extra request: the guard
 * trips inside a page that had more items, or at a page boundary with a next link.
 */
export async function collectAll<T>(
  first: PageSource<T> | AsyncIterable<Page<T>>,
  options: CollectOptions = {},
): Promise<Collected<T>> {
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const pages = isAsyncIterable(first) ? first : pagesFrom(first);
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count += 1;
    const room = maxItems - items.length;
    items.push(...page.results.slice(0, room));
    if (items.length >= maxItems) {
      const more = page.results.length > room || page.nextLink !== undefined;
      if (more) return { items, truncated: true, pages: count };
    }
  }
  return { items, truncated: false, pages: count };
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The `rel="next"` target of an RFC 8288 `Link` header, if any. */
export function nextFromLinkHeader(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(?:^|;)\s*rel\s*=\s*"?next"?\s*(?:;|$)/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

const SAFE_CONTEXT = /^\/[A-Za-z0-9_-]+$/;

/**
 * Turns a `next` link as Confluence writes it into a site path:
 * - `/wiki/…` (v2) is kept;
 * - `/rest/…` or `/api/…` (relative to the context, as v1 writes them) get the
 *   `_links.context` prefix (`/wiki`);
 * - an absolute URL under the response's own `_links.base` becomes the matching site path,
 *   so the transport resolves it against *its* configured site, never the URL's host.
 * Anything else is returned unchanged for the transport to refuse: both transports check every
 * link with `isSiteApiPath` (src/confluence/site-path.ts), whatever this function made of it.
 */
export function normaliseNextLink(
  link: string,
  links: { readonly base?: string; readonly context?: string } = {},
): string {
  if (/^https?:\/\//i.test(link)) {
    const base = links.base?.replace(/\/+$/, '');
    if (base !== undefined && link.startsWith(`${base}/`)) {
      let basePath: string;
      try {
        basePath = new URL(base).pathname.replace(/\/+$/, '');
      } catch {
        return link;
      }
      return `${basePath}${link.slice(base.length)}`;
    }
    return link;
  }
  if (link.startsWith('/wiki/')) return link;
  if (link.startsWith('/rest/') || link.startsWith('/api/')) {
    const context =
      links.context !== undefined && SAFE_CONTEXT.test(links.context) ? links.context : '/wiki';
    return `${context}${link}`;
  }
  return link;
}

/** A query parameter of a site path, e.g. the `cursor` of a next link. */
export function queryParamOf(link: string, name: string): string | undefined {
  const question = link.indexOf('?');
  if (question < 0) return undefined;
  return new URLSearchParams(link.slice(question + 1)).get(name) ?? undefined;
}
