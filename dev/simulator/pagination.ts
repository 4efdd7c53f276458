// Cloud's two pagination styles. v2: an opaque cursor, `_links.next` as a /wiki/api/v2 path, a
// `Link` header, limit 1..250 or 400. v1: start/limit, `_links.next` relative to the /wiki
// context (as Cloud does), limits capped per endpoint, or rejected where the spec says 400.
import { HttpError } from './http';

export const V2_DEFAULT_LIMIT = 25;
export const V2_MAX_LIMIT = 250;

function parseIntStrict(raw: string, name: string): number {
  if (!/^-?\d+$/.test(raw)) throw new HttpError(400, `${name} must be an integer, got "${raw}"`);
  return Number(raw);
}

export function parseV2Limit(query: URLSearchParams, defaultLimit = V2_DEFAULT_LIMIT): number {
  const raw = query.get('limit');
  if (raw === null) return defaultLimit;
  const limit = parseIntStrict(raw, 'limit');
  if (limit < 1 || limit > V2_MAX_LIMIT) {
    throw new HttpError(400, `limit must be between 1 and ${V2_MAX_LIMIT}, got ${limit}`);
  }
  return limit;
}

const CURSOR_PREFIX = 'sim1:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = text.startsWith(CURSOR_PREFIX) ? /^\d+$/.exec(text.slice(CURSOR_PREFIX.length)) : null;
  if (!m) throw new HttpError(400, 'Invalid cursor');
  return Number(m[0]);
}

/** Replaces or adds query parameters, keeping the rest of the caller's query as it was. */
export function withQuery(
  path: string,
  query: URLSearchParams,
  set: Record<string, string>,
): string {
  const q = new URLSearchParams(query);
  for (const [k, v] of Object.entries(set)) q.set(k, v);
  return `${path}?${q.toString()}`;
}

export interface V2Page<T> {
  items: T[];
  /** Relative `/wiki/api/v2/...?cursor=` path, absent on the last page. */
  next?: string;
}

export function paginateV2<T>(all: readonly T[], path: string, query: URLSearchParams): V2Page<T> {
  const limit = parseV2Limit(query);
  const cursor = query.get('cursor');
  const offset = cursor === null || cursor === '' ? 0 : decodeCursor(cursor);
  const items = all.slice(offset, offset + limit);
  const end = offset + items.length;
  if (end >= all.length) return { items };
  return {
    items,
    next: withQuery(path, query, { cursor: encodeCursor(end), limit: String(limit) }),
  };
}

/** `Link: <next>; rel="next", <base>; rel="base"` as in the v2 documentation. */
export function linkHeader(next: string | undefined, base: string): Record<string, string> {
  return next ? { Link: `<${next}>; rel="next", <${base}>; rel="base"` } : {};
}

export interface V1Window {
  start: number;
  limit: number;
}

export interface V1LimitRule {
  defaultLimit: number;
  maxLimit: number;
  /** 'cap' silently lowers an oversized limit; 'reject' answers 400 (membersByGroupId). */
  overMax: 'cap' | 'reject';
}

export function parseV1Window(query: URLSearchParams, rule: V1LimitRule): V1Window {
  const rawStart = query.get('start');
  const rawLimit = query.get('limit');
  const start = rawStart === null ? 0 : parseIntStrict(rawStart, 'start');
  let limit = rawLimit === null ? rule.defaultLimit : parseIntStrict(rawLimit, 'limit');
  if (start < 0) throw new HttpError(400, 'start must not be negative');
  if (limit < 0) throw new HttpError(400, 'limit must not be negative');
  if (limit > rule.maxLimit) {
    if (rule.overMax === 'reject') {
      throw new HttpError(400, `Limit should be less than or equal to ${rule.maxLimit}`);
    }
    limit = rule.maxLimit;
  }
  return { start, limit };
}

export interface V1Links {
  base: string;
  context: string;
  self: string;
  next?: string;
  prev?: string;
  [key: string]: string | undefined;
}

export interface V1Page<T> {
  results: T[];
  start: number;
  limit: number;
  size: number;
  _links: V1Links;
}

/**
 * @param apiPath the route path below the /wiki context, e.g. `/rest/api/group`.
 * @param wikiBase absolute base of the site's /wiki, e.g. `http://127.0.0.1:1234/wiki`.
 */
export function paginateV1<T>(
  all: readonly T[],
  window: V1Window,
  apiPath: string,
  query: URLSearchParams,
  wikiBase: string,
): V1Page<T> {
  const results = all.slice(window.start, window.start + window.limit);
  const links: V1Links = {
    base: wikiBase,
    context: '/wiki',
    self: `${wikiBase}${apiPath}`,
  };
  if (window.start + results.length < all.length && window.limit > 0) {
    links.next = withQuery(apiPath, query, {
      start: String(window.start + results.length),
      limit: String(window.limit),
    });
  }
  if (window.start > 0) {
    links.prev = withQuery(apiPath, query, {
      start: String(Math.max(0, window.start - window.limit)),
      limit: String(window.limit),
    });
  }
  return { results, start: window.start, limit: window.limit, size: results.length, _links: links };
}
