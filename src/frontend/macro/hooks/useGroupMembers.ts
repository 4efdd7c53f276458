import { useEffect, useReducer } from 'react';
import type { Dispatch } from 'react';
import type { GroupMembersPage } from '../../../contract/results';
import { callResolver } from '../../shared/call';
import type { Payload } from '../../shared/call';
import { crashMessage } from '../../shared/remote';
import { groupMembersReducer, initialGroupMembers } from '../state/groupMembers';
import type { GroupMembersAction, GroupMembersState } from '../state/groupMembers';

/** The member list of one group; makes the call the reducer asks for. */
export function useGroupMembers(
  groupId: string,
): readonly [GroupMembersState, Dispatch<GroupMembersAction>] {
  const [state, dispatch] = useReducer(groupMembersReducer, initialGroupMembers);
  const { pending } = state;
  useEffect(() => {
    if (pending === undefined) return;
    const payload: Payload = { groupId };
    if (pending.cursor !== undefined) payload.cursor = pending.cursor;
    if (pending.query !== '') payload.query = pending.query;
    callResolver<GroupMembersPage>('listGroupMembers', payload)
      .then((result) => {
        dispatch({ type: 'answered', seq: pending.seq, result });
      })
      .catch((error: unknown) => {
        dispatch({ type: 'crashed', seq: pending.seq, message: crashMessage(error) });
      });
  }, [groupId, pending]);
  return [state, dispatch];
}
