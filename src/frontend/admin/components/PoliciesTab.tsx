import {
  Button,
  DynamicTable,
  ErrorMessage,
  Form,
  FormFooter,
  FormSection,
  HelperMessage,
  Inline,
  Label,
  RadioGroup,
  SectionMessage,
  Select,
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
import { POLICY_FIELD_OF, conflictRows, splitList } from '../state/policyForm';
import { useNameSearch } from '../hooks/useNameSearch';
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
  switch (problem.kind) {
    // The form sends a percentage that is not one as typed; the share it stands for is refused.
    case 'budget-percent':
    case 'bad-share':
      return m.text('admin.policy.budgetPercentProblem');
    // The form shows the share as a percentage, so the refusal speaks of one too.
    case 'bad-broad-share':
      return m.text('admin.policy.broadGroupPercent.problem');
    case 'unknown-group':
      return m.text('admin.policy.problem.unknownGroup', { value: problem.value });
    case 'unknown-space':
      return m.text('admin.policy.problem.unknownSpace', { value: problem.value });
    default:
      return policyProblemText(m, problem);
  }
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
          {/* Atlaskit shows `isInvalid` only to the eye; `aria-invalid` tells a screen reader too. */}
          <Label labelFor="sensitive-labels">{m.text('admin.policy.sensitiveLabels.label')}</Label>
          <TextArea
            id="sensitive-labels"
            name="sensitiveLabels"
            value={state.draft.sensitiveLabels}
            isInvalid={errorsOf('sensitiveLabels').length > 0}
            aria-invalid={errorsOf('sensitiveLabels').length > 0}
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
            aria-invalid={errorsOf('broadGroups').length > 0}
            isDisabled={saving}
            onChange={edit('broadGroups')}
          />
          <FieldErrors messages={errorsOf('broadGroups')} />
          <Label labelFor="broad-groups-search">{m.text('admin.policy.searchLabel.groups')}</Label>
          <NamePicker
            kind="groups"
            id="broad-groups-search"
            placeholder={m.text('admin.policy.search.groups')}
            isDisabled={saving}
            onPick={(name) => {
              dispatch({
                type: 'edited',
                field: 'broadGroups',
                value: withItem(state.draft.broadGroups, name),
              });
            }}
          />
          <HelperMessage>{m.text('admin.policy.broadGroups.help')}</HelperMessage>

          <Label labelFor="anonymous-spaces">{m.text('admin.policy.anonymousSpaces.label')}</Label>
          <TextArea
            id="anonymous-spaces"
            name="allowedAnonymousSpaces"
            value={state.draft.allowedAnonymousSpaces}
            isInvalid={errorsOf('allowedAnonymousSpaces').length > 0}
            aria-invalid={errorsOf('allowedAnonymousSpaces').length > 0}
            isDisabled={saving}
            onChange={edit('allowedAnonymousSpaces')}
          />
          <FieldErrors messages={errorsOf('allowedAnonymousSpaces')} />
          <Label labelFor="anonymous-spaces-search">
            {m.text('admin.policy.searchLabel.spaces')}
          </Label>
          <NamePicker
            kind="spaces"
            id="anonymous-spaces-search"
            placeholder={m.text('admin.policy.search.spaces')}
            isDisabled={saving}
            onPick={(key) => {
              dispatch({
                type: 'edited',
                field: 'allowedAnonymousSpaces',
                value: withItem(state.draft.allowedAnonymousSpaces, key),
              });
            }}
          />
          <HelperMessage>{m.text('admin.policy.anonymousSpaces.help')}</HelperMessage>

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
            aria-invalid={errorsOf('budgetPercent').length > 0}
            isDisabled={saving}
            onChange={edit('budgetPercent')}
          />
          <HelperMessage>{m.text('admin.policy.budget.help')}</HelperMessage>
          <FieldErrors messages={errorsOf('budgetPercent')} />

          <Label labelFor="broad-group-percent">
            {m.text('admin.policy.broadGroupPercent.label')}
          </Label>
          <Textfield
            id="broad-group-percent"
            name="broadGroupPercent"
            type="number"
            min={0}
            max={100}
            width={120}
            value={state.draft.broadGroupPercent}
            isInvalid={errorsOf('broadGroupPercent').length > 0}
            aria-invalid={errorsOf('broadGroupPercent').length > 0}
            isDisabled={saving}
            onChange={edit('broadGroupPercent')}
          />
          <HelperMessage>{m.text('admin.policy.broadGroupPercent.help')}</HelperMessage>
          <FieldErrors messages={errorsOf('broadGroupPercent')} />
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

/** The list's text with `item` added on a line of its own, unless it is there already. */
function withItem(list: string, item: string): string {
  const items = splitList(list);
  return items.includes(item) ? list : [...items, item].join('\n');
}

/** Search Confluence's groups or spaces as the admin types; a pick adds it to the list. */
function NamePicker({
  kind,
  id,
  placeholder,
  isDisabled,
  onPick,
}: {
  readonly kind: 'groups' | 'spaces';
  readonly id: string;
  readonly placeholder: string;
  readonly isDisabled: boolean;
  readonly onPick: (value: string) => void;
}) {
  const { options, loading, search } = useNameSearch(kind);
  return (
    <Select
      inputId={id}
      isSearchable
      isLoading={loading}
      isDisabled={isDisabled}
      placeholder={placeholder}
      options={[...options]}
      value={null}
      onInputChange={(text: string) => {
        search(text);
      }}
      onChange={(value: unknown) => {
        const option = value as { readonly value?: unknown } | null;
        if (typeof option?.value === 'string') onPick(option.value);
      }}
    />
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
  if (state.status === 'conflict' && state.conflict !== undefined) {
    const none = m.text('admin.policy.conflict.none');
    const rows = conflictRows(state.conflict, state.draft);
    return (
      <SectionMessage appearance="warning" title={m.text('admin.policy.conflict.title')}>
        <Stack space="space.100">
          <Text>{m.text('admin.policy.conflict.kept')}</Text>
          <DynamicTable
            head={{
              cells: [
                { key: 'setting', content: m.text('admin.policy.conflict.setting') },
                {
                  key: 'theirs',
                  content: m.text('admin.policy.conflict.theirs', {
                    version: state.conflict.version,
                  }),
                },
                { key: 'yours', content: m.text('admin.policy.conflict.yours') },
              ],
            }}
            rows={rows.map((row) => ({
              key: row.field,
              cells: [
                { key: 'setting', content: m.text(`admin.policy.conflict.field.${row.field}`) },
                { key: 'theirs', content: row.theirs === '' ? none : row.theirs },
                { key: 'yours', content: row.yours === '' ? none : row.yours },
              ],
            }))}
          />
          <Inline space="space.100">
            <Button
              appearance="primary"
              onClick={() => {
                dispatch({ type: 'conflict-kept' });
              }}
            >
              {m.text('admin.policy.conflict.keepMine')}
            </Button>
            <Button
              onClick={() => {
                dispatch({ type: 'conflict-reloaded' });
              }}
            >
              {m.text('admin.policy.conflict.reload')}
            </Button>
          </Inline>
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
