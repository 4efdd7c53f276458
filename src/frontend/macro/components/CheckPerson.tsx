import { Button, Inline, Label, Select, Spinner, Stack, Text, UserPicker } from '@forge/react';
import type { UserPickerValue } from '@forge/react';
import type { GroupRef } from '../../../core';
import { groupName } from '../../../messages/access';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { useCheckPerson } from '../hooks/useCheckPerson';
import { CheckResult } from './CheckResult';

/**
 * "Check a person": pick someone, the anonymous visitor, or a group the page names, and see why
 * they can or can't (for a group, also what its members get).
 */
export function CheckPerson({ groups }: { readonly groups: readonly GroupRef[] }) {
  const m = useMessages();
  const [state, dispatch] = useCheckPerson();
  return (
    <Stack space="space.200">
      <Text>{m.text('macro.check.intro')}</Text>
      <UserPicker
        label={m.text('macro.check.person')}
        name="check-person"
        placeholder={m.text('macro.check.search')}
        onChange={(user: UserPickerValue | undefined) => {
          // A cleared picker reports no user.
          if (user !== undefined && user.id !== '') {
            dispatch({
              type: 'picked',
              target: { subject: { accountId: user.id }, label: user.name || user.id },
            });
          } else {
            dispatch({ type: 'cleared' });
          }
        }}
      />
      <Inline space="space.100" alignBlock="center">
        <Text>{m.text('macro.check.orAnonymous')}</Text>
        <Button
          onClick={() => {
            dispatch({
              type: 'picked',
              target: { subject: { anonymous: true }, label: m.text('macro.check.anonymousLabel') },
            });
          }}
        >
          {m.text('macro.check.anonymousButton')}
        </Button>
      </Inline>
      {groups.length > 0 && (
        <Stack space="space.050">
          <Label labelFor="check-group">{m.text('macro.check.group')}</Label>
          <Select
            inputId="check-group"
            name="check-group"
            placeholder={m.text('macro.check.groupPlaceholder')}
            options={groups.map((group) => ({
              label: group.name ?? groupName(m, group),
              value: group.groupId,
            }))}
            onChange={(option: unknown) => {
              const picked = groups.find((group) => group.groupId === selectedValue(option));
              if (picked === undefined) return;
              dispatch({
                type: 'picked',
                target: {
                  subject: { groupId: picked.groupId },
                  label: picked.name ?? groupName(m, picked),
                },
              });
            }}
          />
        </Stack>
      )}
      {state.status === 'checking' && (
        <Inline space="space.100" alignBlock="center">
          <Spinner size="small" label={m.text('macro.check.checking')} />
          <Text>{m.text('macro.check.checkingWho', { who: state.target.label })}</Text>
        </Inline>
      )}
      {state.status === 'failed' && (
        <ErrorState
          error={state.error}
          about="person"
          onRetry={() => {
            dispatch({ type: 'retried' });
          }}
        />
      )}
      {state.status === 'answered' && <CheckResult result={state.result} />}
    </Stack>
  );
}

/** A Select reports the picked option (or its value, in some hosts). */
function selectedValue(option: unknown): string | undefined {
  if (typeof option === 'string') return option;
  if (typeof option === 'object' && option !== null && 'value' in option) {
    const value: unknown = option.value;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}
