import { useReducer } from 'react';
import type { Dispatch } from 'react';
import type { CheckAccessView } from '../../../contract/results';
import { callResolver } from '../../shared/call';
import { usePendingCall } from '../../shared/pending-call';
import { checkPersonReducer, initialCheckPerson } from '../state/checkPerson';
import type { CheckPersonAction, CheckPersonState, CheckTarget } from '../state/checkPerson';

function check(request: { readonly target: CheckTarget }) {
  return callResolver<CheckAccessView>('checkAccess', { ...request.target.subject });
}

/** The "Check a person" flow; asks `checkAccess` whenever the reducer starts a check. */
export function useCheckPerson(): readonly [CheckPersonState, Dispatch<CheckPersonAction>] {
  const [state, dispatch] = useReducer(checkPersonReducer, initialCheckPerson);
  usePendingCall(state.status === 'checking' ? state : undefined, check, dispatch);
  return [state, dispatch];
}
