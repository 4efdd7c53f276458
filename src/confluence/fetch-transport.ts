import { requestPath } from './endpoints';
import { isSiteApiPath } from './site-path';
import type { ConfluenceRequest, ConfluenceTransport, TransportResponse } from './transport';
import { TransportFailure } from './transport';

/**
 * Plain `fetch` transport for the command-line client, which speaks with a credential its user
 * supplied. Nothing here may import `@forge/*`: the CLI runs without the Forge runtime.
 *
 * The credential is the full value of the HTTP auth header, built by the caller (basic for
 * email + token, the OAuth scheme for an access token). It is only ever placed in that header:
 * never in a URL, a log line or an error message, and it is scrubbed from response bodies of
 * failed calls in case a server echoes it back.
 */
export interface FetchTransportOptions {
  /**
   * `https://<site>.atlassian.net`, `https://api.atlassian.com/ex/confluence/<cloudId>`, or any
   * base such as the simulator's; request paths (`/wiki/…`) are appended to it.
   */
  readonly baseUrl: string;
  /** The auth header value, or a function returning it (e.g. to refresh an OAuth token). */
  readonly authHeader?: string | (() => string | Promise<string>);
  /** Per-request timeout; the client's remaining deadline lowers it. Default 15 s. */
  readonly timeoutMs?: number;
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const AUTH_HEADER_NAME = 'Authorization';

export function fetchTransport(options: FetchTransportOptions): ConfluenceTransport {
  const base = parseBaseUrl(options.baseUrl);
  const doFetch = options.fetch ?? fetch;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    identity: 'token',
    async send(request, sendOptions) {
      const url = urlFor(base, request);
      const credential =
        typeof options.authHeader === 'function' ? await options.authHeader() : options.authHeader;
      const headers = new Headers({ Accept: 'application/json' });
      if (credential !== undefined && credential !== '') headers.set(AUTH_HEADER_NAME, credential);
      const post = !('nextLink' in request) && request.body !== undefined;
      if (post) headers.set('Content-Type', 'application/json');

      const timeoutMs = Math.max(
        1,
        Math.min(defaultTimeout, sendOptions?.timeoutMs ?? defaultTimeout),
      );
      const controller = new AbortController();
      const timer = setTimeout(() => {
        controller.abort();
      }, timeoutMs);
      try {
        const response = await doFetch(url, {
          method: post ? 'POST' : 'GET',
          headers,
          body: post ? JSON.stringify(request.body) : undefined,
          // A redirect is reported as its 3xx status, never followed with the credential attached.
          redirect: 'manual',
          signal: controller.signal,
        });
        const bodyText = await response.text();
        return toTransportResponse(response, scrub(bodyText, response.status, credential));
      } catch (cause) {
        if (controller.signal.aborted) {
          throw new TransportFailure('timeout', `No answer from Confluence within ${timeoutMs} ms`);
        }
        // Only the error's class and code: undici messages can carry the URL, and a caller's
        // base URL is still not something to repeat in every error.
        throw new TransportFailure(
          'network',
          `Network error talking to Confluence (${networkCode(cause)})`,
        );
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

interface Base {
  /** Origin + path prefix, no trailing slash, e.g. `https://api.atlassian.com/ex/confluence/abc`. */
  readonly href: string;
}

function parseBaseUrl(raw: string): Base {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError('The Confluence site must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('The Confluence site must be an absolute http(s) URL');
  }
  if (url.username !== '' || url.password !== '') {
    // A credential in the URL would end up in every error message and log line.
    throw new TypeError('The Confluence site URL must not contain credentials');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError('The Confluence site URL must not have a query or fragment');
  }
  // A site URL pasted with its `/wiki` suffix still means the site.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/wiki$/, '');
  return { href: `${url.origin}${path}` };
}

/**
 * Catalogued calls are filled in from their templates; next links must stay under the base's
 * REST APIs: a site path (`/wiki/…`), or an absolute URL that starts with the base itself,
 * whose path is then checked the same way.
 */
function urlFor(base: Base, request: ConfluenceRequest): string {
  if (!('nextLink' in request)) {
    return `${base.href}${requestPath(request.endpoint, request.params, request.query)}`;
  }
  const link = request.nextLink;
  let path = link;
  if (/^https?:\/\//i.test(link)) {
    if (!link.startsWith(`${base.href}/wiki/`)) refuse();
    path = link.slice(base.href.length);
  }
  if (!isSiteApiPath(path)) refuse();
  return `${base.href}${path}`;
}

function refuse(): never {
  throw new TransportFailure(
    'refused',
    'Refusing to follow a pagination link outside the site API',
  );
}

function toTransportResponse(response: Response, bodyText: string): TransportResponse {
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    bodyText,
  };
}

/** Failed responses are quoted in error messages: remove anything that looks like our secret. */
function scrub(bodyText: string, status: number, credential: string | undefined): string {
  if (status < 400 || credential === undefined) return bodyText;
  let text = bodyText;
  for (const secret of secretsOf(credential)) text = text.split(secret).join('[redacted]');
  return text;
}

function secretsOf(credential: string): string[] {
  const secrets = [credential];
  const space = credential.indexOf(' ');
  const value = space >= 0 ? credential.slice(space + 1).trim() : credential;
  secrets.push(value);
  if (/^basic$/i.test(credential.slice(0, space))) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    secrets.push(decoded);
    if (colon >= 0) secrets.push(decoded.slice(colon + 1));
  }
  // Short fragments would blank out ordinary words; real secrets are long.
  return secrets.filter((secret) => secret.length >= 8).sort((a, b) => b.length - a.length);
}

function networkCode(cause: unknown): string {
  if (typeof cause === 'object' && cause !== null) {
    const inner = (cause as { cause?: unknown }).cause;
    const code =
      typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    const name = (cause as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return 'unknown';
}
