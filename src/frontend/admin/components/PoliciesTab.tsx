import {
  Button,
  ErrorMessage,
  Form,
  FormFooter,
  FormSection,
  HelperMessage,
  Label,
  RadioGroup,
  SectionMessage,
  Stack,
  Text,
  TextArea,
  Textfield,
} from '@forge/react';
import type { Dispatch } from 'react';
import type { AuditSchedule } from '../../../core';
import { ErrorState } from '../../shared/ErrorState';
import { usePolicyForm } from '../hooks/usePolicyForm';
import { POLICY_FIELD_OF } from '../state/policyForm';
import type { DraftField, PolicyFormAction, PolicyFormState } from '../state/policyForm';
import { Loading } from './Loading';

const SCHEDULES: readonly { readonly label: string; readonly value: AuditSchedule }[] = [
  { label: 'Off: audits run only when an admin starts one', value: 'off' },
  { label: 'Daily', value: 'daily' },
  { label: 'Weekly', value: 'weekly' },
];

const KNOWN_FIELDS = new Set(Object.values(POLICY_FIELD_OF));

/** Text typed into a field, whatever shape the event arrives in. */
function typed(event: { readonly target: { readonly value?: unknown } }): string {
  const value = event.target.value;
  return typeof value === 'string' ? value : '';
}

/** The audit policy: what counts as sensitive and broad, what may be public, schedule, budget. */
export function PoliciesTab() {
  const [state, dispatch] = usePolicyForm();
  if (state.status === 'loading') return <Loading text="Loading the policy…" />;
  if (state.status === 'failed' || state.base === undefined) {
    return state.error === undefined ? null : (
      <ErrorState
        error={state.error}
        about="audit"
        onRetry={() => {
          dispatch({ type: 'retried' });
        }}
      />
    );
  }
  return <PolicyForm state={state} dispatch={dispatch} />;
}

function PolicyForm({
  state,
  dispatch,
}: {
  readonly state: PolicyFormState;
  readonly dispatch: Dispatch<PolicyFormAction>;
}) {
  const saving = state.status === 'saving';
  const errorsOf = (field: DraftField) => state.fieldErrors[POLICY_FIELD_OF[field]] ?? [];
  const edit =
    (field: Exclude<DraftField, 'schedule'>) => (event: { target: { value?: unknown } }) => {
      dispatch({ type: 'edited', field, value: typed(event) });
    };
  const otherErrors = Object.entries(state.fieldErrors).filter(
    ([field]) => !KNOWN_FIELDS.has(field),
  );
  return (
    <Stack space="space.200">
      <Status
        state={state}
        dispatch={dispatch}
        otherErrors={otherErrors.flatMap(([, messages]) => messages)}
      />
      <Form
        onSubmit={() => {
          dispatch({ type: 'submitted' });
        }}
      >
        <FormSection>
          <Label labelFor="sensitive-labels">Sensitive labels</Label>
          <TextArea
            id="sensitive-labels"
            name="sensitiveLabels"
            value={state.draft.sensitiveLabels}
            isInvalid={errorsOf('sensitiveLabels').length > 0}
            isDisabled={saving}
            onChange={edit('sensitiveLabels')}
          />
          <HelperMessage>
            Pages with one of these labels must have a view restriction. One label per line, or
            separated by commas.
          </HelperMessage>
          <FieldErrors messages={errorsOf('sensitiveLabels')} />

          <Label labelFor="broad-groups">Broad groups</Label>
          <TextArea
            id="broad-groups"
            name="broadGroups"
            value={state.draft.broadGroups}
            isInvalid={errorsOf('broadGroups').length > 0}
            isDisabled={saving}
            onChange={edit('broadGroups')}
          />
          <HelperMessage>
            Groups that include (nearly) everyone, such as confluence-users. The audit reports these
            groups wherever they are space admins. Group names or ids, one per line.
          </HelperMessage>
          <FieldErrors messages={errorsOf('broadGroups')} />

          <Label labelFor="anonymous-spaces">Spaces allowed to be public</Label>
          <TextArea
            id="anonymous-spaces"
            name="allowedAnonymousSpaces"
            value={state.draft.allowedAnonymousSpaces}
            isInvalid={errorsOf('allowedAnonymousSpaces').length > 0}
            isDisabled={saving}
            onChange={edit('allowedAnonymousSpaces')}
          />
          <HelperMessage>
            Space keys (such as DOCS) that are meant to be open to anonymous visitors, so they are
            not reported. One per line, or separated by commas.
          </HelperMessage>
          <FieldErrors messages={errorsOf('allowedAnonymousSpaces')} />

          <Label labelFor="schedule">Audit schedule</Label>
          <RadioGroup
            name="schedule"
            options={[...SCHEDULES]}
            value={state.draft.schedule}
            isDisabled={saving}
            onChange={(event) => {
              const value = SCHEDULES.find((option) => option.value === typed(event));
              if (value !== undefined) {
                dispatch({ type: 'edited', field: 'schedule', value: value.value });
              }
            }}
          />
          <FieldErrors messages={errorsOf('schedule')} />

          <Label labelFor="budget-percent">Share of the hourly points budget (%)</Label>
          <Textfield
            id="budget-percent"
            name="budgetPercent"
            type="number"
            min={1}
            max={100}
            width={120}
            value={state.draft.budgetPercent}
            isInvalid={errorsOf('budgetPercent').length > 0}
            isDisabled={saving}
            onChange={edit('budgetPercent')}
          />
          <HelperMessage>
            Confluence limits how many requests Access Lens may make per hour. An audit uses at most
            this share, leaving the rest for people viewing the page access macro. A larger share
            finishes big sites sooner; if the audit reaches it, it stops with a partial result.
          </HelperMessage>
          <FieldErrors messages={errorsOf('budgetPercent')} />
        </FormSection>
        <FormFooter>
          <Button appearance="primary" type="submit" isDisabled={saving}>
            {saving ? 'Saving…' : 'Save policy'}
          </Button>
        </FormFooter>
      </Form>
    </Stack>
  );
}

function FieldErrors({ messages }: { readonly messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <>
      {messages.map((message) => (
        <ErrorMessage key={message}>{message}</ErrorMessage>
      ))}
    </>
  );
}

function Status({
  state,
  dispatch,
  otherErrors,
}: {
  readonly state: PolicyFormState;
  readonly dispatch: Dispatch<PolicyFormAction>;
  /** Messages about no particular field (the version, an unknown setting). */
  readonly otherErrors: readonly string[];
}) {
  if (state.status === 'conflict') {
    return (
      <SectionMessage appearance="warning" title="Someone else saved the policy">
        <Stack space="space.100">
          <Text>
            Someone else saved the policy while you were editing, so your changes were not saved.
            Reload their version, then make your changes again.
          </Text>
          <Button
            appearance="primary"
            onClick={() => {
              dispatch({ type: 'conflict-reloaded' });
            }}
          >
            Reload their version
          </Button>
        </Stack>
      </SectionMessage>
    );
  }
  if (state.status === 'saved') {
    return (
      <SectionMessage appearance="success" title="Policy saved">
        <Text>The next audit uses this policy.</Text>
      </SectionMessage>
    );
  }
  if (state.status === 'invalid') {
    return (
      <SectionMessage appearance="error" title="The policy wasn't saved">
        <Stack space="space.050">
          {otherErrors.map((message) => (
            <Text key={message}>{message}</Text>
          ))}
          <Text>
            {otherErrors.length > 0
              ? 'Reload the page and make your changes again.'
              : 'Correct the fields marked below, then save again.'}
          </Text>
        </Stack>
      </SectionMessage>
    );
  }
  if (state.error !== undefined) {
    return <ErrorState error={state.error} about="audit" title="The policy wasn't saved" />;
  }
  return null;
}
