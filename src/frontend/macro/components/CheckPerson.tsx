import { Button, Inline, Spinner, Stack, Text, UserPicker } from '@forge/react';
import type { UserPickerValue } from '@forge/react';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { useCheckPerson } from '../hooks/useCheckPerson';
import { CheckResult } from './CheckResult';

/** "Check a person": pick someone, or the anonymous visitor, and see why they can or can't. */
export function CheckPerson() {
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
