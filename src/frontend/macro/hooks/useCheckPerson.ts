import { useEffect, useReducer } from 'react';
import type { Dispatch } from 'react';
import type { CheckAccessView } from '../../../contract/results';
import { callResolver } from '../../shared/call';
import { crashMessage } from '../../shared/remote';
import { checkPersonReducer, initialCheckPerson } from '../state/checkPerson';
import type { CheckPersonAction, CheckPersonState, CheckTarget } from '../state/checkPerson';

/** The "Check a person" flow; asks `checkAccess` whenever the reducer starts a check. */
export function useCheckPerson(): readonly [CheckPersonState, Dispatch<CheckPersonAction>] {
  const [state, dispatch] = useReducer(checkPersonReducer, initialCheckPerson);
  const target: CheckTarget | undefined = state.status === 'checking' ? state.target : undefined;
  const { seq } = state;
  useEffect(() => {
    if (target === undefined) return;
    callResolver<CheckAccessView>('checkAccess', { ...target.subject })
      .then((result) => {
        dispatch({ type: 'answered', seq, result });
      })
      .catch((error: unknown) => {
        dispatch({ type: 'crashed', seq, message: crashMessage(error) });
      });
  }, [target, seq]);
  return [state, dispatch];
}
