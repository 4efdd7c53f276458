import type { ResolverError, ResolverResult } from '../../contract/results';

/**
 * The life of one resolver call as UI state. A pure reducer, so every transition is tested
 * without rendering.
 */
export type Remote<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly data: T }
  | { readonly status: 'failed'; readonly error: ResolverError };

export type RemoteAction<T> =
  | { readonly type: 'requested' }
  | { readonly type: 'answered'; readonly result: ResolverResult<T> }
  | { readonly type: 'crashed'; readonly message: string };

export function remoteReducer<T>(_state: Remote<T>, action: RemoteAction<T>): Remote<T> {
  switch (action.type) {
    case 'requested':
      return { status: 'loading' };
    case 'answered':
      return action.result.ok
        ? { status: 'loaded', data: action.result.data }
        : { status: 'failed', error: action.result.error };
    case 'crashed':
      return { status: 'failed', error: { code: 'UPSTREAM', message: action.message } };
  }
}

export const initialRemote: Remote<never> = { status: 'loading' };
