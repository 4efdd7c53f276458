import { Button, Inline, LoadingButton, Spinner, Stack, Text, Textfield, User } from '@forge/react';
import type { Dispatch } from 'react';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
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
  const m = useMessages();
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center">
        <Textfield
          name={`member-search-${groupId}`}
          placeholder={m.text('macro.members.searchPlaceholder')}
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
          {m.text('macro.members.search')}
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
  const m = useMessages();
  if (state.status === 'loading' || state.status === 'idle') {
    return (
      <Inline space="space.100" alignBlock="center">
        <Spinner size="small" label={m.text('macro.loading')} />
        <Text>{m.text('macro.members.loading')}</Text>
      </Inline>
    );
  }
  if (state.members.length === 0 && state.status !== 'failed') {
    return (
      <Text>
        {state.query === ''
          ? m.text('macro.members.none')
          : m.text('macro.members.noMatch', { query: state.query })}
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
          {m.text('macro.members.more')}
        </LoadingButton>
      )}
    </Stack>
  );
}
