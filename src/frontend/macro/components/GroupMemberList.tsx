import {
  Button,
  Form,
  Inline,
  Label,
  LoadingButton,
  Spinner,
  Stack,
  Text,
  Textfield,
  User,
} from '@forge/react';
import type { Dispatch } from 'react';
import type { MemberSearchProgress } from '../../../contract/results';
import type { Messages } from '../../../messages/format';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { Markers } from './Markers';
import type { GroupMembersAction, GroupMembersState } from '../state/groupMembers';

/**
 * The opened member list of a group: a labelled search (Enter runs it), members with their
 * markers, "Load more", and, for a search, how far it got, so a part not yet searched is never
 * reported as "no match".
 */
export function GroupMemberList({
  groupId,
  name,
  state,
  dispatch,
}: {
  readonly groupId: string;
  readonly name: string;
  readonly state: GroupMembersState;
  readonly dispatch: Dispatch<GroupMembersAction>;
}) {
  const m = useMessages();
  const fieldId = `member-search-${groupId}`;
  return (
    <Stack space="space.100">
      <Form
        onSubmit={() => {
          dispatch({ type: 'searched' });
        }}
      >
        <Label labelFor={fieldId}>{m.text('macro.members.searchLabel', { name })}</Label>
        <Inline space="space.100" alignBlock="center">
          <Textfield
            id={fieldId}
            name={fieldId}
            placeholder={m.text('macro.members.searchPlaceholder')}
            isCompact
            value={state.draft}
            onChange={(event) => {
              const value: unknown = event.target.value;
              dispatch({ type: 'typed', text: typeof value === 'string' ? value : '' });
            }}
          />
          <Button type="submit">{m.text('macro.members.search', { name })}</Button>
        </Inline>
      </Form>
      <MemberListBody name={name} state={state} dispatch={dispatch} />
    </Stack>
  );
}

function MemberListBody({
  name,
  state,
  dispatch,
}: {
  readonly name: string;
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
  const more = state.nextCursor !== undefined && state.status !== 'failed';
  const progress = searchProgress(m, state, more);
  return (
    <Stack space="space.050">
      {state.members.length === 0 && state.status !== 'failed' && !more && (
        <Text>
          {state.query === ''
            ? m.text('macro.members.none')
            : m.text('macro.members.noMatch', { query: state.query })}
        </Text>
      )}
      {state.members.map((member) => (
        <Inline key={member.accountId} space="space.100" alignBlock="center" shouldWrap>
          <User accountId={member.accountId} />
          <Markers markers={member.markers} />
        </Inline>
      ))}
      {progress !== undefined && <Text size="small">{progress}</Text>}
      {state.status === 'failed' && state.error !== undefined && (
        <ErrorState
          error={state.error}
          about="group"
          onRetry={() => {
            dispatch({ type: 'retried' });
          }}
        />
      )}
      {more && (
        <LoadingButton
          spacing="compact"
          isLoading={state.status === 'loading-more'}
          onClick={() => {
            dispatch({ type: 'more-requested' });
          }}
        >
          {m.text(state.query === '' ? 'macro.members.more' : 'macro.members.keepSearching', {
            name,
          })}
        </LoadingButton>
      )}
    </Stack>
  );
}

/** How far a search got, while there is more to search; nothing once it has looked everywhere. */
function searchProgress(m: Messages, state: GroupMembersState, more: boolean): string | undefined {
  const searched: MemberSearchProgress | undefined = state.searched;
  if (!more || searched === undefined || state.query === '') return undefined;
  const none = state.members.length === 0;
  switch (searched.by) {
    case 'name':
      return m.count(
        none ? 'macro.members.byName.noneYet' : 'macro.members.byName.progress',
        searched.checked,
        { matches: m.number(searched.matches ?? searched.checked), query: state.query },
      );
    case 'scan':
      return m.count(
        none ? 'macro.members.scan.noneYet' : 'macro.members.scan.progress',
        searched.scanned,
      );
  }
}
