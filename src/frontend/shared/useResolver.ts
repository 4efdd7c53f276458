import { useCallback, useEffect, useReducer, useRef } from 'react';
import { callResolver } from './call';
import type { Payload } from './call';
import { isAwaited, reportOutcome } from './pending-call';
import { initialRemote, remoteReducer } from './remote';
import type { Remote } from './remote';

export type ResolverState<T> = Remote<T> & {
  /** Calls the resolver again with `payload`, keeping the current data on screen meanwhile. */
  readonly refresh: (payload?: Payload) => void;
};

/** Calls a resolver once on mount (with `payload`) and exposes its state. */
export function useResolver<T>(functionKey: string, payload?: Payload): ResolverState<T> {
  const [state, dispatch] = useReducer(remoteReducer<T>, initialRemote);
  // Only the latest call may write its answer: an older one arriving late would show stale data
  // (the stale-answer guard of pending-call.ts, with a counter for the reducer's seq).
  const latest = useRef(0);
  const initialPayload = useRef(payload);

  const run = useCallback(
    (callPayload: Payload | undefined) => {
      reportOutcome(++latest.current, callResolver<T>(functionKey, callPayload), (outcome) => {
        if (isAwaited(outcome, latest.current)) dispatch(outcome);
      });
    },
    [functionKey],
  );

  useEffect(() => {
    dispatch({ type: 'requested' });
    run(initialPayload.current);
    return () => {
      latest.current++;
    };
  }, [run]);

  const refresh = useCallback(
    (refreshPayload?: Payload) => {
      dispatch({ type: 'refreshing' });
      run(refreshPayload);
    },
    [run],
  );

  return { ...state, refresh };
}
