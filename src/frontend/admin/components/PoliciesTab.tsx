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
import { AUDIT_SCHEDULES } from '../../../core/audit/policy';
import type { AuditSchedule } from '../../../core/audit/policy';
import { policyProblemText } from '../../../messages/audit';
import type { Messages } from '../../../messages/format';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { usePolicyForm } from '../hooks/usePolicyForm';
import { POLICY_FIELD_OF } from '../state/policyForm';
import type {
  DraftField,
  PolicyFormAction,
  PolicyFormProblem,
  PolicyFormState,
} from '../state/policyForm';
import { Loading } from './Loading';

function schedules(m: Messages): { readonly label: string; readonly value: AuditSchedule }[] {
  return AUDIT_SCHEDULES.map((value) => ({
    label: m.text(`admin.policy.schedule.${value}`),
    value,
  }));
}

/** A problem next to a field, in words. */
function problemText(m: Messages, problem: PolicyFormProblem): string {
  return problem.kind === 'budget-percent'
    ? m.text('admin.policy.budgetPercentProblem')
    : policyProblemText(m, problem);
}

const KNOWN_FIELDS = new Set(Object.values(POLICY_FIELD_OF));

/** Text typed into a field, whatever shape the event arrives in. */
function typed(event: { readonly target: { readonly value?: unknown } }): string {
  const value = event.target.value;
  return typeof value === 'string' ? value : '';
}

/** The audit policy: what counts as sensitive and broad, what may be public, schedule, budget. */
export function PoliciesTab() {
  const m = useMessages();
  const [state, dispatch] = usePolicyForm();
  if (state.status === 'loading') return <Loading text={m.text('admin.policy.loading')} />;
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
  const m = useMessages();
  const saving = state.status === 'saving';
  const errorsOf = (field: DraftField) =>
    (state.fieldErrors[POLICY_FIELD_OF[field]] ?? []).map((problem) => problemText(m, problem));
  const scheduleOptions = schedules(m);
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
        otherErrors={otherErrors.flatMap(([, problems]) =>
          problems.map((problem) => problemText(m, problem)),
        )}
      />
      <Form
        onSubmit={() => {
          dispatch({ type: 'submitted' });
        }}
      >
        <FormSection>
          <Label labelFor="sensitive-labels">{m.text('admin.policy.sensitiveLabels.label')}</Label>
          <TextArea
            id="sensitive-labels"
            name="sensitiveLabels"
            value={state.draft.sensitiveLabels}
            isInvalid={errorsOf('sensitiveLabels').length > 0}
            isDisabled={saving}
            onChange={edit('sensitiveLabels')}
          />
          <HelperMessage>{m.text('admin.policy.sensitiveLabels.help')}</HelperMessage>
          <FieldErrors messages={errorsOf('sensitiveLabels')} />

          <Label labelFor="broad-groups">{m.text('admin.policy.broadGroups.label')}</Label>
          <TextArea
            id="broad-groups"
            name="broadGroups"
            value={state.draft.broadGroups}
            isInvalid={errorsOf('broadGroups').length > 0}
            isDisabled={saving}
            onChange={edit('broadGroups')}
          />
          <HelperMessage>{m.text('admin.policy.broadGroups.help')}</HelperMessage>
          <FieldErrors messages={errorsOf('broadGroups')} />

          <Label labelFor="anonymous-spaces">{m.text('admin.policy.anonymousSpaces.label')}</Label>
          <TextArea
            id="anonymous-spaces"
            name="allowedAnonymousSpaces"
            value={state.draft.allowedAnonymousSpaces}
            isInvalid={errorsOf('allowedAnonymousSpaces').length > 0}
            isDisabled={saving}
            onChange={edit('allowedAnonymousSpaces')}
          />
          <HelperMessage>{m.text('admin.policy.anonymousSpaces.help')}</HelperMessage>
          <FieldErrors messages={errorsOf('allowedAnonymousSpaces')} />

          <Label labelFor="schedule">{m.text('admin.policy.schedule.label')}</Label>
          <RadioGroup
            name="schedule"
            options={scheduleOptions}
            value={state.draft.schedule}
            isDisabled={saving}
            onChange={(event) => {
              const value = scheduleOptions.find((option) => option.value === typed(event));
              if (value !== undefined) {
                dispatch({ type: 'edited', field: 'schedule', value: value.value });
              }
            }}
          />
          <FieldErrors messages={errorsOf('schedule')} />

          <Label labelFor="budget-percent">{m.text('admin.policy.budget.label')}</Label>
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
          <HelperMessage>{m.text('admin.policy.budget.help')}</HelperMessage>
          <FieldErrors messages={errorsOf('budgetPercent')} />
        </FormSection>
        <FormFooter>
          <Button appearance="primary" type="submit" isDisabled={saving}>
            {saving ? m.text('admin.policy.saving') : m.text('admin.policy.save')}
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
  const m = useMessages();
  if (state.status === 'conflict') {
    return (
      <SectionMessage appearance="warning" title={m.text('admin.policy.conflict.title')}>
        <Stack space="space.100">
          <Text>{m.text('admin.policy.conflict.text')}</Text>
          <Button
            appearance="primary"
            onClick={() => {
              dispatch({ type: 'conflict-reloaded' });
            }}
          >
            {m.text('admin.policy.conflict.reload')}
          </Button>
        </Stack>
      </SectionMessage>
    );
  }
  if (state.status === 'saved') {
    return (
      <SectionMessage appearance="success" title={m.text('admin.policy.saved.title')}>
        <Text>{m.text('admin.policy.saved.text')}</Text>
      </SectionMessage>
    );
  }
  if (state.status === 'invalid') {
    return (
      <SectionMessage appearance="error" title={m.text('admin.policy.notSaved')}>
        <Stack space="space.050">
          {otherErrors.map((message) => (
            <Text key={message}>{message}</Text>
          ))}
          <Text>
            {otherErrors.length > 0
              ? m.text('admin.policy.invalid.reload')
              : m.text('admin.policy.invalid.correct')}
          </Text>
        </Stack>
      </SectionMessage>
    );
  }
  if (state.error !== undefined) {
    return <ErrorState error={state.error} about="audit" title={m.text('admin.policy.notSaved')} />;
  }
  return null;
}
