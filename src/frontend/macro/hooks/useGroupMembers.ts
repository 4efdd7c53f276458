import { useCallback, useReducer } from 'react';
import type { Dispatch } from 'react';
import type { GroupMembersPage } from '../../../contract/results';
import { callResolver } from '../../shared/call';
import type { Payload } from '../../shared/call';
import { usePendingCall } from '../../shared/pending-call';
import { groupMembersReducer, initialGroupMembers } from '../state/groupMembers';
import type { GroupMembersAction, GroupMembersState, MembersRequest } from '../state/groupMembers';

/** The member list of one group; makes the call the reducer asks for. */
export function useGroupMembers(
  groupId: string,
): readonly [GroupMembersState, Dispatch<GroupMembersAction>] {
  const [state, dispatch] = useReducer(groupMembersReducer, initialGroupMembers);
  const send = useCallback(
    (pending: MembersRequest) => {
      const payload: Payload = { groupId };
      if (pending.cursor !== undefined) payload.cursor = pending.cursor;
      if (pending.query !== '') payload.query = pending.query;
      return callResolver<GroupMembersPage>('listGroupMembers', payload);
    },
    [groupId],
  );
  usePendingCall(state.pending, send, dispatch);
  return [state, dispatch];
}
