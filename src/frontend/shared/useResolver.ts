import { useEffect, useReducer } from 'react';
import { callResolver } from './call';
import { initialRemote, remoteReducer } from './remote';
import type { Remote } from './remote';

/** Calls a resolver once on mount and exposes its state. */
export function useResolver<T>(functionKey: string): Remote<T> {
  const [state, dispatch] = useReducer(remoteReducer<T>, initialRemote);
  useEffect(() => {
    let cancelled = false;
    dispatch({ type: 'requested' });
    callResolver<T>(functionKey)
      .then((result) => {
        if (!cancelled) dispatch({ type: 'answered', result });
      })
      .catch((error: unknown) => {
        if (!cancelled) {
          dispatch({
            type: 'crashed',
            message: error instanceof Error ? error.message : 'The app could not be reached.',
          });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [functionKey]);
  return state;
}
