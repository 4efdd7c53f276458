import { Button, EmptyState, Inline, Label, Select, Stack, Text } from '@forge/react';
import { useState } from 'react';
import type { Dispatch } from 'react';
import type {
  AuditHistoryView,
  AuditProgress,
  ExceptionsView,
  Finding,
} from '../../../contract/admin';
import { RULE_IDS, SEVERITIES } from '../../../core/audit/rule-catalogue';
import type { RuleId, Severity } from '../../../core/audit/rule-catalogue';
import { ruleTitle, severityLabel } from '../../../messages/audit';
import type { Messages } from '../../../messages/format';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { useResolver } from '../../shared/useResolver';
import { useFindings } from '../hooks/useFindings';
import { openOnPage, pageRange } from '../state/findingsQuery';
import type { FindingsAction, FindingsState, FindingsView } from '../state/findingsQuery';
import { latestFinished } from '../state/history';
import { formatTime, isActive } from '../wording';
import { AcceptException } from './AcceptException';
import { CsvExport } from './CsvExport';
import { ExceptionsPanel } from './ExceptionsPanel';
import { FindingsTable } from './FindingsTable';
import { AuditCall } from './AuditCall';
import { Loading } from './Loading';

interface Option {
  readonly label: string;
  readonly value: string;
}

/**
 * The findings of the latest finished audit. While an audit runs, the one before it is shown (from
 * the history), never the half-built report of the running one.
 */
export function FindingsTab({ latest }: { readonly latest: AuditProgress | null }) {
  const m = useMessages();
  if (latest === null) {
    return (
      <EmptyState
        header={m.text('admin.findings.none.title')}
        description={m.text('admin.findings.none.text')}
      />
    );
  }
  if (isActive(latest.state)) return <WhileRunning />;
  return <FindingsReport key={latest.auditId} audit={latest} />;
}

function WhileRunning() {
  const m = useMessages();
  const history = useResolver<AuditHistoryView>('getAuditHistory', {});
  return (
    <AuditCall call={history} loading={m.text('admin.findings.loadingPrevious')}>
      {(data) => {
        const previous = latestFinished(data);
        if (previous === undefined) {
          return (
            <EmptyState
              header={m.text('admin.findings.firstRunning.title')}
              description={m.text('admin.findings.firstRunning.text')}
            />
          );
        }
        return (
          <Stack space="space.200">
            <Text>{m.text('admin.findings.running')}</Text>
            <FindingsReport key={previous.auditId} audit={previous} />
          </Stack>
        );
      }}
    </AuditCall>
  );
}

function FindingsReport({ audit }: { readonly audit: AuditProgress }) {
  const m = useMessages();
  const [state, dispatch] = useFindings(audit.auditId);
  // Exceptions are few (at most 500) and read once; the table sets their findings apart.
  const exceptions = useResolver<ExceptionsView>('listExceptions', {});
  const [view, setView] = useState<FindingsView>('open');
  const [accepting, setAccepting] = useState<Finding | undefined>(undefined);
  const known = exceptions.status === 'loaded' ? exceptions.data : undefined;
  const active = known?.exceptions.filter((exception) => exception.active).length ?? 0;
  return (
    <Stack space="space.200">
      <Text>{m.text('admin.findings.of', { time: formatTime(m, audit.startedAt) })}</Text>
      <Inline space="space.100">
        <Button
          appearance={view === 'open' ? 'primary' : 'default'}
          onClick={() => {
            setView('open');
          }}
        >
          {m.text('admin.exceptions.view.open')}
        </Button>
        <Button
          appearance={view === 'exceptions' ? 'primary' : 'default'}
          onClick={() => {
            setView('exceptions');
          }}
        >
          {m.count('admin.exceptions.view.excepted', active)}
        </Button>
      </Inline>
      {view === 'exceptions' ? (
        <AuditCall call={exceptions} loading={m.text('admin.exceptions.loading')}>
          {(data) => (
            <ExceptionsPanel
              view={data}
              onChanged={() => {
                exceptions.refresh({});
              }}
            />
          )}
        </AuditCall>
      ) : (
        <>
          <Filters state={state} dispatch={dispatch} spaces={spaceOptions(state, audit)} />
          <Results
            state={state}
            dispatch={dispatch}
            exceptions={known}
            {...(known === undefined ? {} : { onAccept: setAccepting })}
          />
          {accepting !== undefined && known !== undefined && (
            <AcceptException
              key={accepting.id}
              finding={accepting}
              limits={known}
              onCancel={() => {
                setAccepting(undefined);
              }}
              onDone={() => {
                setAccepting(undefined);
                exceptions.refresh({});
              }}
            />
          )}
        </>
      )}
      {state.page !== undefined && state.page.total > 0 && (
        <CsvExport auditId={audit.auditId} filters={state.filters} total={state.page.total} />
      )}
    </Stack>
  );
}

/** The audit's spaces with findings when its summary is at hand, else the spaces on screen. */
function spaceOptions(state: FindingsState, audit: AuditProgress): string[] {
  const keys =
    audit.summary !== undefined
      ? audit.summary.bySpace.map((space) => space.spaceKey)
      : (state.page?.findings.map((finding) => finding.spaceKey) ?? []);
  const selected = state.filters.spaceKey;
  const all = selected === undefined ? keys : [selected, ...keys];
  return [...new Set(all)].sort();
}

function severityOptions(m: Messages): Option[] {
  return SEVERITIES.map((severity) => ({ label: severityLabel(m, severity), value: severity }));
}

function ruleOptions(m: Messages): Option[] {
  return RULE_IDS.map((rule) => ({ label: ruleTitle(m, rule), value: rule }));
}

/** Select hands back the chosen option, or null when cleared. */
function chosen(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('value' in value)) return undefined;
  const inner: unknown = value.value;
  return typeof inner === 'string' ? inner : undefined;
}

function asSeverity(value: string | undefined): Severity | undefined {
  return SEVERITIES.find((severity) => severity === value);
}

function asRule(value: string | undefined): RuleId | undefined {
  return RULE_IDS.find((rule) => rule === value);
}

/** One labelled, clearable filter of the findings table. */
function FilterSelect({
  id,
  label,
  placeholder,
  options,
  value,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly placeholder: string;
  readonly options: readonly { readonly label: string; readonly value: string }[];
  readonly value: string | undefined;
  readonly onChange: (value: string | undefined) => void;
}) {
  return (
    <Stack space="space.050">
      <Label labelFor={id}>{label}</Label>
      <Select
        inputId={id}
        placeholder={placeholder}
        isClearable
        options={[...options]}
        value={options.find((option) => option.value === value) ?? null}
        onChange={(chosenValue: unknown) => {
          onChange(chosen(chosenValue));
        }}
      />
    </Stack>
  );
}

function Filters({
  state,
  dispatch,
  spaces,
}: {
  readonly state: FindingsState;
  readonly dispatch: Dispatch<FindingsAction>;
  readonly spaces: readonly string[];
}) {
  const m = useMessages();
  const severityChoices = severityOptions(m);
  const ruleChoices = ruleOptions(m);
  const { filters } = state;
  const spaceOptionList = spaces.map((key) => ({ label: key, value: key }));
  return (
    <Inline space="space.100" alignBlock="end" shouldWrap>
      <FilterSelect
        id="filter-severity"
        label={m.text('admin.findings.filterLabel.severity')}
        placeholder={m.text('admin.findings.filter.severity')}
        options={severityChoices}
        value={filters.severity}
        onChange={(value) => {
          dispatch({ type: 'filter-changed', filter: 'severity', value: asSeverity(value) });
        }}
      />
      <FilterSelect
        id="filter-rule"
        label={m.text('admin.findings.filterLabel.rule')}
        placeholder={m.text('admin.findings.filter.rule')}
        options={ruleChoices}
        value={filters.rule}
        onChange={(value) => {
          dispatch({ type: 'filter-changed', filter: 'rule', value: asRule(value) });
        }}
      />
      <FilterSelect
        id="filter-space"
        label={m.text('admin.findings.filterLabel.space')}
        placeholder={m.text('admin.findings.filter.space')}
        options={spaceOptionList}
        value={filters.spaceKey}
        onChange={(value) => {
          dispatch({ type: 'filter-changed', filter: 'spaceKey', value });
        }}
      />
      {Object.keys(filters).length > 0 && (
        <Button
          appearance="subtle"
          onClick={() => {
            dispatch({ type: 'filters-cleared' });
          }}
        >
          {m.text('admin.findings.filter.clear')}
        </Button>
      )}
    </Inline>
  );
}

function Results({
  state,
  dispatch,
  exceptions,
  onAccept,
}: {
  readonly state: FindingsState;
  readonly dispatch: Dispatch<FindingsAction>;
  readonly exceptions: ExceptionsView | undefined;
  readonly onAccept?: (finding: Finding) => void;
}) {
  const m = useMessages();
  if (state.status === 'failed' && state.error !== undefined) {
    return (
      <ErrorState
        error={state.error}
        about="audit"
        onRetry={() => {
          dispatch({ type: 'retried' });
        }}
      />
    );
  }
  const page = state.page;
  if (page === undefined) return <Loading text={m.text('admin.findings.loading')} />;
  const filtered = Object.keys(state.filters).length > 0;
  const { from, to, total } = pageRange(state);
  const loading = state.status === 'loading';
  const { open, excepted } = openOnPage(
    page.findings,
    exceptions?.exceptions ?? [],
    exceptions === undefined ? 0 : Date.parse(exceptions.asOf),
  );
  return (
    <Stack space="space.100">
      <Text>
        {loading
          ? m.text('admin.findings.loading')
          : total === 0
            ? filtered
              ? m.text('admin.findings.noMatch')
              : m.text('admin.findings.nothing')
            : m.count(
                filtered ? 'admin.findings.showingFiltered' : 'admin.findings.showing',
                total,
                {
                  from,
                  to,
                },
              )}
      </Text>
      {excepted > 0 && <Text>{m.count('admin.exceptions.hiddenOnPage', excepted)}</Text>}
      <FindingsTable
        findings={open}
        {...(onAccept === undefined ? {} : { onAccept })}
        label={m.text('admin.findings.label')}
        isLoading={loading}
        emptyText={filtered ? m.text('admin.findings.noMatch') : m.text('admin.findings.empty')}
      />
      {(state.pageIndex > 0 || page.nextCursor !== undefined) && (
        <Inline space="space.100" alignBlock="center">
          <Button
            isDisabled={loading || state.pageIndex === 0}
            onClick={() => {
              dispatch({ type: 'previous-page' });
            }}
          >
            {m.text('admin.findings.previous')}
          </Button>
          <Text>{m.text('admin.findings.page', { page: state.pageIndex + 1 })}</Text>
          <Button
            isDisabled={loading || page.nextCursor === undefined}
            onClick={() => {
              dispatch({ type: 'next-page' });
            }}
          >
            {m.text('admin.findings.next')}
          </Button>
        </Inline>
      )}
    </Stack>
  );
}
