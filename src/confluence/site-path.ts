/**
 * The one check both transports make before following a pagination link (`_links.next` or a
 * `Link` header): it must name a path under the site's REST APIs, and still name one after any
 * decoding a URL parser, a proxy or the server may apply. No `@forge/*` here: the CLI uses it.
 *
 * Why each rule: the WHATWG URL parser drops tab, CR and LF anywhere in a URL, reads `\` as `/`
 * and `%2e` as a dot segment (https://url.spec.whatwg.org/#path-state), so `/wiki/.%2e/` and
 * `/wiki/.<tab>./` both arrive as `/wiki/../`; servers and proxies may decode once more, or read
 * `..;` as `..`, or fold full-width dots to dots.
 */

/** The path prefixes the app's endpoints use (src/confluence/endpoints.ts). */
const API_PREFIXES = ['/wiki/rest/api/', '/wiki/api/v2/'] as const;

/** Nested encodings are undone this many times at most; deeper nesting is refused. */
const MAX_DECODE_ROUNDS = 4;

/** Controls (C0, DEL, C1), whitespace but a plain space, backslashes, fragments: never in a link. */
const FORBIDDEN_ANYWHERE = /[\p{Cc}\\#]|[^\S ]/u;
/** Confluence writes paths as percent-encoded ASCII; anything else is refused, not interpreted. */
const PLAIN_PATH = /^[\u0021-\u007e]*$/;
/** Controls and backslashes that only show after decoding. */
const FORBIDDEN_DECODED = /[\p{Cc}\\]/u;

/**
 * True when `link` is a site path (`/wiki/…`, query allowed) under the REST APIs that no
 * decoding or normalising moves elsewhere. Only the path is decoded: the query is passed as
 * Confluence wrote it (encoded cursors, CQL) and cannot change which path is requested.
 */
export function isSiteApiPath(link: string): boolean {
  if (FORBIDDEN_ANYWHERE.test(link)) return false;
  const question = link.indexOf('?');
  const path = question < 0 ? link : link.slice(0, question);
  if (!PLAIN_PATH.test(path) || !underApi(path)) return false;
  // What the URL parser would send must be what we checked: no dot segments it would resolve.
  if (new URL(path, 'http://site.invalid').pathname !== path) return false;
  const decoded = fullyDecoded(path);
  return (
    decoded !== undefined &&
    underApi(decoded) &&
    !FORBIDDEN_DECODED.test(decoded) &&
    !decoded.split('/').some(isDotSegment)
  );
}

function underApi(path: string): boolean {
  return API_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/** Percent-decoded until stable; undefined when malformed or nested too deep. */
function fullyDecoded(path: string): string | undefined {
  let current = path;
  for (let round = 0; round <= MAX_DECODE_ROUNDS; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (next === current) return current;
    current = next;
  }
  return undefined;
}

/** `.`, `..`, `...`, also as `..;param` (read as `..` by servlet containers) or full-width. */
function isDotSegment(segment: string): boolean {
  const name = segment.normalize('NFKC').split(';', 1)[0] ?? '';
  return /^\.+$/.test(name);
}
