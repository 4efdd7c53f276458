import type { ResolverError, ResolverResult } from '../../contract/results';

/**
 * The life of one resolver call as UI state. A pure reducer, so every transition is tested
 * without rendering.
 *
 * A refresh keeps what is on screen: the data stays while the new answer is on its way, and a
 * passing failure (Confluence busy or failing) is shown next to it rather than instead of it.
 * A failure that says the viewer may no longer see the data (not visible, forbidden, bad request)
 * replaces it, so nothing stays on screen that the viewer is not allowed to read.
 */
export type Remote<T> =
  | { readonly status: 'loading' }
  | {
      readonly status: 'loaded';
      readonly data: T;
      /** A refresh is under way. */
      readonly refreshing?: boolean;
      /** The last refresh failed for a passing reason; `data` is the previous answer. */
      readonly refreshError?: ResolverError;
    }
  | { readonly status: 'failed'; readonly error: ResolverError };

export type RemoteAction<T> =
  | { readonly type: 'requested' }
  | { readonly type: 'refreshing' }
  | { readonly type: 'answered'; readonly result: ResolverResult<T> }
  | { readonly type: 'crashed'; readonly message: string };

/** Failures that say nothing about the viewer's right to the data already shown. */
function isPassing(error: ResolverError): boolean {
  return error.code === 'RATE_LIMITED' || error.code === 'UPSTREAM';
}

export function remoteReducer<T>(state: Remote<T>, action: RemoteAction<T>): Remote<T> {
  switch (action.type) {
    case 'requested':
      return { status: 'loading' };
    case 'refreshing':
      return state.status === 'loaded'
        ? { status: 'loaded', data: state.data, refreshing: true }
        : { status: 'loading' };
    case 'answered':
      if (action.result.ok) return { status: 'loaded', data: action.result.data };
      return failed(state, action.result.error);
    case 'crashed':
      return failed(state, { code: 'UPSTREAM', message: action.message });
  }
}

function failed<T>(state: Remote<T>, error: ResolverError): Remote<T> {
  if (state.status === 'loaded' && state.refreshing === true && isPassing(error)) {
    return { status: 'loaded', data: state.data, refreshError: error };
  }
  return { status: 'failed', error };
}

export const initialRemote: Remote<never> = { status: 'loading' };

/** Turns a rejected bridge call into words; the bridge rejects with `Error`s, but not always. */
export function crashMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Access Lens could not be reached.';
}
