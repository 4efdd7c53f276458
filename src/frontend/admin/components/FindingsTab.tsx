import { Button, EmptyState, Inline, Select, Stack, Text } from '@forge/react';
import type { Dispatch } from 'react';
import type { AuditHistoryView, AuditProgress } from '../../../contract/admin';
import type { RuleId, Severity } from '../../../core';
import { RULE_IDS, SEVERITIES } from '../../../core/audit/findings';
import { ErrorState } from '../../shared/ErrorState';
import { useResolver } from '../../shared/useResolver';
import { useFindings } from '../hooks/useFindings';
import { pageRange } from '../state/findingsQuery';
import type { FindingsAction, FindingsState } from '../state/findingsQuery';
import { latestFinished } from '../state/history';
import {
  RULE_TITLES,
  SEVERITY_LABELS,
  formatCount,
  formatTime,
  isActive,
  plural,
} from '../wording';
import { CsvExport } from './CsvExport';
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
  if (latest === null) {
    return (
      <EmptyState
        header="No findings yet"
        description="Findings appear here after the first audit. Run it from the Overview tab."
      />
    );
  }
  if (isActive(latest.state)) return <WhileRunning />;
  return <FindingsReport key={latest.auditId} audit={latest} />;
}

function WhileRunning() {
  const history = useResolver<AuditHistoryView>('getAuditHistory', {});
  return (
    <AuditCall call={history} loading="Loading the findings of the last finished audit…">
      {(data) => {
        const previous = latestFinished(data);
        if (previous === undefined) {
          return (
            <EmptyState
              header="The first audit is still running"
              description="Its findings appear here when it finishes. Follow its progress on the Overview tab."
            />
          );
        }
        return (
          <Stack space="space.200">
            <Text>
              An audit is running. Until it finishes, these are the findings of the audit before it.
            </Text>
            <FindingsReport key={previous.auditId} audit={previous} />
          </Stack>
        );
      }}
    </AuditCall>
  );
}

function FindingsReport({ audit }: { readonly audit: AuditProgress }) {
  const [state, dispatch] = useFindings(audit.auditId);
  return (
    <Stack space="space.200">
      <Text>{`Findings of the audit started ${formatTime(audit.startedAt)}.`}</Text>
      <Filters state={state} dispatch={dispatch} spaces={spaceOptions(state, audit)} />
      <Results state={state} dispatch={dispatch} />
      {state.page !== undefined && state.page.total > 0 && (
        <CsvExport auditId={audit.auditId} total={audit.summary?.total ?? state.page.total} />
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

const SEVERITY_OPTIONS: readonly Option[] = SEVERITIES.map((severity) => ({
  label: SEVERITY_LABELS[severity],
  value: severity,
}));

const RULE_OPTIONS: readonly Option[] = RULE_IDS.map((rule) => ({
  label: RULE_TITLES[rule],
  value: rule,
}));

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

function Filters({
  state,
  dispatch,
  spaces,
}: {
  readonly state: FindingsState;
  readonly dispatch: Dispatch<FindingsAction>;
  readonly spaces: readonly string[];
}) {
  const { filters } = state;
  const spaceOptionList = spaces.map((key) => ({ label: key, value: key }));
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <Select
        inputId="filter-severity"
        placeholder="Any severity"
        isClearable
        options={[...SEVERITY_OPTIONS]}
        value={SEVERITY_OPTIONS.find((option) => option.value === filters.severity) ?? null}
        onChange={(value: unknown) => {
          dispatch({
            type: 'filter-changed',
            filter: 'severity',
            value: asSeverity(chosen(value)),
          });
        }}
      />
      <Select
        inputId="filter-rule"
        placeholder="Any problem"
        isClearable
        options={[...RULE_OPTIONS]}
        value={RULE_OPTIONS.find((option) => option.value === filters.rule) ?? null}
        onChange={(value: unknown) => {
          dispatch({ type: 'filter-changed', filter: 'rule', value: asRule(chosen(value)) });
        }}
      />
      <Select
        inputId="filter-space"
        placeholder="Any space"
        isClearable
        options={spaceOptionList}
        value={spaceOptionList.find((option) => option.value === filters.spaceKey) ?? null}
        onChange={(value: unknown) => {
          dispatch({ type: 'filter-changed', filter: 'spaceKey', value: chosen(value) });
        }}
      />
      {Object.keys(filters).length > 0 && (
        <Button
          appearance="subtle"
          onClick={() => {
            dispatch({ type: 'filters-cleared' });
          }}
        >
          Clear filters
        </Button>
      )}
    </Inline>
  );
}

function Results({
  state,
  dispatch,
}: {
  readonly state: FindingsState;
  readonly dispatch: Dispatch<FindingsAction>;
}) {
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
  if (page === undefined) return <Loading text="Loading findings…" />;
  const filtered = Object.keys(state.filters).length > 0;
  const { from, to, total } = pageRange(state);
  const loading = state.status === 'loading';
  return (
    <Stack space="space.100">
      <Text>
        {loading
          ? 'Loading findings…'
          : total === 0
            ? filtered
              ? 'No findings match these filters.'
              : 'This audit found nothing to report.'
            : `Showing ${formatCount(from)}–${formatCount(to)} of ${plural(total, 'finding', 'findings')}${filtered ? ' that match the filters' : ''}.`}
      </Text>
      <FindingsTable
        findings={page.findings}
        label="Findings"
        isLoading={loading}
        emptyText={filtered ? 'No findings match these filters.' : 'No findings.'}
      />
      {(state.pageIndex > 0 || page.nextCursor !== undefined) && (
        <Inline space="space.100" alignBlock="center">
          <Button
            isDisabled={loading || state.pageIndex === 0}
            onClick={() => {
              dispatch({ type: 'previous-page' });
            }}
          >
            Previous
          </Button>
          <Text>{`Page ${formatCount(state.pageIndex + 1)}`}</Text>
          <Button
            isDisabled={loading || page.nextCursor === undefined}
            onClick={() => {
              dispatch({ type: 'next-page' });
            }}
          >
            Next
          </Button>
        </Inline>
      )}
    </Stack>
  );
}
