/**
 * What every resolver answers, shared by the resolvers and the UI Kit frontend (types only, so the
 * frontend bundle pulls in no backend code). Failures are values, not thrown errors, so the UI can
 * show a helpful state instead of a generic platform error.
 */
export type ErrorCode =
  | 'BAD_REQUEST' // the payload failed validation; nothing was fetched
  | 'NOT_VISIBLE' // the page does not exist or the viewer cannot see it
  | 'FORBIDDEN' // the caller is not allowed to use this function (e.g. admins only)
  | 'RATE_LIMITED' // Confluence asked us to slow down
  | 'UPSTREAM'; // Confluence failed or sent something unexpected

export interface ResolverError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

export type ResolverResult<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: ResolverError };

export interface PageSummary {
  readonly title: string;
  readonly space: { readonly key: string; readonly name: string };
}

export interface ViewerSummary {
  readonly accountId: string;
  readonly displayName: string | null;
  readonly isConfluenceAdmin: boolean;
}
