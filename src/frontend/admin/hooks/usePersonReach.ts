import { useReducer } from 'react';
import type { Dispatch } from 'react';
import type { PersonCheckView, PersonExport } from '../../../contract/person';
import type { ResolverResult } from '../../../contract/results';
import { callResolver } from '../../shared/call';
import { usePendingCall } from '../../shared/pending-call';
import { initialPersonReach, nextPersonPoll, personReachReducer } from '../state/personReach';
import type { PersonReachAction, PersonReachState, PersonRequest } from '../state/personReach';
import { useTimeout } from '../timer';

function send(request: PersonRequest): Promise<ResolverResult<PersonCheckView | PersonExport>> {
  switch (request.kind) {
    case 'load':
    case 'poll':
      return callResolver<PersonCheckView>('getPersonCheck', { accountId: request.accountId });
    case 'start':
      return callResolver<PersonCheckView>('startPersonCheck', {
        accountId: request.accountId,
        refresh: request.refresh,
      });
    case 'export':
      return callResolver<PersonExport>('exportPersonReach', {
        accountId: request.accountId,
        format: request.format,
      });
  }
}

/** "What can this person see?": the person picked, their latest check, polling while it runs. */
export function usePersonReach(): readonly [PersonReachState, Dispatch<PersonReachAction>] {
  const [state, dispatch] = useReducer(personReachReducer, initialPersonReach);
  usePendingCall(state.pending, send, dispatch);
  useTimeout(nextPersonPoll(state), () => {
    dispatch({ type: 'poll-due' });
  });
  return [state, dispatch];
}
