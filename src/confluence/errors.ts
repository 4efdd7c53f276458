import type { RateLimitKind } from './rate-limit';

/**
 * Typed failures of a Confluence call. Callers branch on `kind`, never on status codes, so the
 * wording "does not exist or you cannot see it" for 404 is decided in one place.
 */
export type ConfluenceErrorKind =
  | 'not-visible' // 404: does not exist, or the caller may not see it — Confluence does not say which
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'rate-limited' // 429: the points pool is empty, or burst retries were spent or out of time
  | 'bad-request' // 400: our request was refused (e.g. CQL Confluence does not accept)
  | 'upstream' // 5xx, network failure, timeout, deadline reached
  | 'malformed-response'; // a 2xx whose body is not what the API documents, or a link we refuse

export interface ConfluenceErrorDetails {
  readonly status?: number;
  /**
   * For `rate-limited`: how long Confluence asked us to wait, when it said so (for the quota,
   * `Retry-After` or else the pool's reset).
   */
  readonly retryAfterSeconds?: number;
  /**
   * For `rate-limited`: which limit refused. `quota`: the app's hourly points pool is empty, so
   * every call fails until it resets — pause everything, do not retry sooner. `burst`: a
   * per-second limit; slowing down is enough.
   */
  readonly rateLimit?: RateLimitKind;
  /** How many HTTP attempts were made before giving up. */
  readonly attempts?: number;
  /** Catalogue name of the call that failed (no ids, no query). */
  readonly endpoint?: string;
}

export class ConfluenceError extends Error {
  override readonly name = 'ConfluenceError';
  constructor(
    readonly kind: ConfluenceErrorKind,
    message: string,
    readonly details: ConfluenceErrorDetails = {},
  ) {
    super(message);
  }
}

export function errorKindForStatus(status: number): ConfluenceErrorKind {
  if (status === 404) return 'not-visible';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'rate-limited';
  if (status >= 400 && status < 500) return 'bad-request';
  return 'upstream';
}

export function isConfluenceError(
  error: unknown,
  kind?: ConfluenceErrorKind,
): error is ConfluenceError {
  return error instanceof ConfluenceError && (kind === undefined || error.kind === kind);
}

const MAX_MESSAGE_CHARS = 300;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we drop
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

/**
 * Confluence's own explanation from an error body — v2 `{"errors":[{title,detail}]}` or v1
 * `{"statusCode","message"}` — flattened to one short line. Only the documented text fields are
 * read, so a body that echoes headers or the request in other fields cannot leak into messages.
 */
export function errorMessageFromBody(bodyText: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const body = json as { errors?: unknown; message?: unknown };
  if (Array.isArray(body.errors)) {
    const texts = (body.errors as unknown[]).flatMap((entry) => {
      if (typeof entry !== 'object' || entry === null) return [];
      const { detail, title } = entry as { detail?: unknown; title?: unknown };
      const text = typeof detail === 'string' && detail !== '' ? detail : title;
      return typeof text === 'string' && text !== '' ? [text] : [];
    });
    return clean(texts.join('; '));
  }
  return typeof body.message === 'string' ? clean(body.message) : undefined;
}

function clean(text: string): string | undefined {
  const line = text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…` : line;
}
