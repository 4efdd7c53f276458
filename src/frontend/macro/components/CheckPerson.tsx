import { Button, Inline, Spinner, Stack, Text, UserPicker } from '@forge/react';
import type { UserPickerValue } from '@forge/react';
import { ErrorState } from '../../shared/ErrorState';
import { useCheckPerson } from '../hooks/useCheckPerson';
import { CheckResult } from './CheckResult';

export const ANONYMOUS_LABEL = 'An anonymous visitor';

/** "Check a person": pick someone, or the anonymous visitor, and see why they can or can't. */
export function CheckPerson() {
  const [state, dispatch] = useCheckPerson();
  return (
    <Stack space="space.200">
      <Text>Pick a person to see whether they can view and edit this page, and why.</Text>
      <UserPicker
        label="Person"
        name="check-person"
        placeholder="Search for a person"
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
        <Text>Or check someone who is not logged in:</Text>
        <Button
          onClick={() => {
            dispatch({
              type: 'picked',
              target: { subject: { anonymous: true }, label: ANONYMOUS_LABEL },
            });
          }}
        >
          Check an anonymous visitor
        </Button>
      </Inline>
      {state.status === 'checking' && (
        <Inline space="space.100" alignBlock="center">
          <Spinner size="small" label="Checking" />
          <Text>{`Checking ${state.target.label}…`}</Text>
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
