import { Button, Inline, Stack, Text } from '@forge/react';
import type { GroupRef } from '../../../core';
import { useMessages } from '../../shared/messages';
import { useGroupMembers } from '../hooks/useGroupMembers';
import { GroupMemberList } from './GroupMemberList';

/** A group by name, with a button that opens its member list (loaded only when opened). */
export function GroupEntry({ group }: { readonly group: GroupRef }) {
  const m = useMessages();
  const [state, dispatch] = useGroupMembers(group.groupId);
  const name = group.name ?? group.groupId;
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center">
        <Text weight="medium">{m.text('macro.group.name', { name })}</Text>
        <Button
          appearance="subtle"
          spacing="compact"
          onClick={() => {
            dispatch({ type: state.open ? 'collapsed' : 'expanded' });
          }}
        >
          {m.text(state.open ? 'macro.group.hide' : 'macro.group.show', { name })}
        </Button>
      </Inline>
      {state.open && (
        <GroupMemberList groupId={group.groupId} name={name} state={state} dispatch={dispatch} />
      )}
    </Stack>
  );
}
