import type {
  CheckAccessView,
  CheckSubject,
  ResolverError,
  ResolverResult,
} from '../../../contract/results';

/** Who is being checked, with a name to show until the answer brings its own. */
export interface CheckTarget {
  readonly subject: CheckSubject;
  readonly label: string;
}

/**
 * "Check a person": pick someone (or the anonymous visitor), wait for the answer, read it. Picking
 * someone else while a check is running replaces it; the older answer is dropped when it arrives.
 */
export type CheckPersonState =
  | { readonly status: 'idle'; readonly seq: number }
  | { readonly status: 'checking'; readonly target: CheckTarget; readonly seq: number }
  | {
      readonly status: 'answered';
      readonly target: CheckTarget;
      readonly result: CheckAccessView;
      readonly seq: number;
    }
  | {
      readonly status: 'failed';
      readonly target: CheckTarget;
      readonly error: ResolverError;
      readonly seq: number;
    };

export type CheckPersonAction =
  | { readonly type: 'picked'; readonly target: CheckTarget }
  | { readonly type: 'cleared' }
  | { readonly type: 'retried' }
  | {
      readonly type: 'answered';
      readonly seq: number;
      readonly result: ResolverResult<CheckAccessView>;
    }
  | { readonly type: 'crashed'; readonly seq: number; readonly message: string };

export const initialCheckPerson: CheckPersonState = { status: 'idle', seq: 0 };

export function checkPersonReducer(
  state: CheckPersonState,
  action: CheckPersonAction,
): CheckPersonState {
  switch (action.type) {
    case 'picked':
      return { status: 'checking', target: action.target, seq: state.seq + 1 };
    case 'cleared':
      return { status: 'idle', seq: state.seq + 1 };
    case 'retried':
      if (state.status !== 'failed') return state;
      return { status: 'checking', target: state.target, seq: state.seq + 1 };
    case 'answered':
      if (state.status !== 'checking' || action.seq !== state.seq) return state;
      return action.result.ok
        ? { status: 'answered', target: state.target, result: action.result.data, seq: state.seq }
        : { status: 'failed', target: state.target, error: action.result.error, seq: state.seq };
    case 'crashed':
      if (state.status !== 'checking' || action.seq !== state.seq) return state;
      return {
        status: 'failed',
        target: state.target,
        error: { code: 'UPSTREAM', message: action.message },
        seq: state.seq,
      };
  }
}
