/**
 * Typed failures of a Confluence call. Callers branch on `kind`, never on status codes, so the
 * wording "does not exist or you cannot see it" for 404 is decided in one place.
 */
export type ConfluenceErrorKind =
  | 'not-visible' // 404: does not exist, or the caller may not see it — Confluence does not say which
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'rate-limited' // 429, after retries were spent or the deadline did not allow waiting
  | 'bad-request' // 400: our request was refused (e.g. CQL Confluence does not accept)
  | 'upstream' // 5xx, network failure, timeout
  | 'malformed-response'; // a 2xx whose body is not what the API documents

export class ConfluenceError extends Error {
  override readonly name = 'ConfluenceError';
  constructor(
    readonly kind: ConfluenceErrorKind,
    message: string,
    readonly details: {
      readonly status?: number;
      readonly retryAfterSeconds?: number;
      readonly attempts?: number;
    } = {},
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

export function isConfluenceError(error: unknown, kind?: ConfluenceErrorKind): error is ConfluenceError {
  return error instanceof ConfluenceError && (kind === undefined || error.kind === kind);
}
