import { Button, Inline, LoadingButton, Spinner, Stack, Text, Textfield, User } from '@forge/react';
import type { Dispatch } from 'react';
import { ErrorState } from '../../shared/ErrorState';
import type { GroupMembersAction, GroupMembersState } from '../state/groupMembers';

/** The opened member list of a group: search box, members, "Load more", and its states. */
export function GroupMemberList({
  groupId,
  state,
  dispatch,
}: {
  readonly groupId: string;
  readonly state: GroupMembersState;
  readonly dispatch: Dispatch<GroupMembersAction>;
}) {
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center">
        <Textfield
          name={`member-search-${groupId}`}
          placeholder="Search members by name"
          isCompact
          value={state.draft}
          onChange={(event) => {
            const value: unknown = event.target.value;
            dispatch({ type: 'typed', text: typeof value === 'string' ? value : '' });
          }}
        />
        <Button
          spacing="compact"
          onClick={() => {
            dispatch({ type: 'searched' });
          }}
        >
          Search
        </Button>
      </Inline>
      <MemberListBody state={state} dispatch={dispatch} />
    </Stack>
  );
}

function MemberListBody({
  state,
  dispatch,
}: {
  readonly state: GroupMembersState;
  readonly dispatch: Dispatch<GroupMembersAction>;
}) {
  if (state.status === 'loading' || state.status === 'idle') {
    return (
      <Inline space="space.100" alignBlock="center">
        <Spinner size="small" label="Loading" />
        <Text>Loading members…</Text>
      </Inline>
    );
  }
  if (state.members.length === 0 && state.status !== 'failed') {
    return (
      <Text>
        {state.query === ''
          ? 'This group has no members.'
          : `No members of this group match “${state.query}”.`}
      </Text>
    );
  }
  return (
    <Stack space="space.050">
      {state.members.map((member) => (
        <User key={member.accountId} accountId={member.accountId} />
      ))}
      {state.status === 'failed' && state.error !== undefined && (
        <ErrorState
          error={state.error}
          about="group"
          onRetry={() => {
            dispatch({ type: 'retried' });
          }}
        />
      )}
      {state.nextCursor !== undefined && state.status !== 'failed' && (
        <LoadingButton
          spacing="compact"
          isLoading={state.status === 'loading-more'}
          onClick={() => {
            dispatch({ type: 'more-requested' });
          }}
        >
          Load more
        </LoadingButton>
      )}
    </Stack>
  );
}
