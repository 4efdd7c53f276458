import {
  EmptyState,
  Heading,
  Inline,
  Label,
  Select,
  StackBarChart,
  Stack,
  Text,
} from '@forge/react';
import { useState } from 'react';
import { SEVERITIES } from '../../../core/audit/rule-catalogue';
import { severityLabel } from '../../../messages/audit';
import type {
  AuditDiffView,
  AuditHistoryView,
  AuditProgress,
  Finding,
} from '../../../contract/admin';
import { useMessages } from '../../shared/messages';
import { useResolver } from '../../shared/useResolver';
import { comparableAudits, comparisonPair, pickableAudits, trendPoints } from '../state/history';
import type { ComparisonChoice } from '../state/history';
import { auditTimes } from '../wording';
import { FindingsTable } from './FindingsTable';
import { AuditCall } from './AuditCall';

/** Rows per page in the added and resolved tables (paged in the table itself). */
const DIFF_ROWS_PER_PAGE = 10;

/**
 * What changed between two audits (the latest and the one before, or the two the admin picks),
 * under the trend of findings by severity over the last audits.
 */
export function ChangesTab() {
  const m = useMessages();
  const history = useResolver<AuditHistoryView>('getAuditHistory', {});
  const [choice, setChoice] = useState<ComparisonChoice>({});
  return (
    <AuditCall call={history} loading={m.text('admin.changes.loadingHistory')}>
      {(data) => {
        const { from, to } = comparisonPair(data, choice);
        if (comparableAudits(data).length < 2 && (to === undefined || from === undefined)) {
          return <NeedsTwoAudits history={data} />;
        }
        return (
          <Stack space="space.300">
            <Trend history={data} />
            <ComparisonPicker
              history={data}
              from={from}
              to={to}
              onChange={(next) => {
                setChoice({ ...choice, ...next });
              }}
            />
            {from === undefined || to === undefined ? (
              <EmptyState
                header={m.text('admin.history.noEarlier.title')}
                description={m.text('admin.history.noEarlier.text')}
              />
            ) : (
              <AuditDiff key={`${from.auditId}→${to.auditId}`} from={from} to={to} />
            )}
          </Stack>
        );
      }}
    </AuditCall>
  );
}

/** Findings by severity over the last complete audits, as stacked bars (oldest on the left). */
function Trend({ history }: { readonly history: AuditHistoryView }) {
  const m = useMessages();
  const points = trendPoints(history);
  if (points.length === 0) return null;
  const time = auditTimes(
    m,
    points.map((point) => point.startedAt),
  );
  const data = points.map((point) => ({
    audit: time(point.startedAt),
    severity: severityLabel(m, point.severity),
    findings: point.count,
  }));
  return (
    <StackBarChart
      data={data}
      xAccessor="audit"
      yAccessor="findings"
      colorAccessor="severity"
      title={m.text('admin.history.trend.title')}
      subtitle={m.count('admin.history.trend.subtitle', points.length / SEVERITIES.length)}
      height={260}
    />
  );
}

/** Two pickers over the audits that have ended: compare "from" with "to". */
function ComparisonPicker({
  history,
  from,
  to,
  onChange,
}: {
  readonly history: AuditHistoryView;
  readonly from: AuditProgress | undefined;
  readonly to: AuditProgress | undefined;
  readonly onChange: (choice: ComparisonChoice) => void;
}) {
  const m = useMessages();
  const pickable = pickableAudits(history);
  const time = auditTimes(
    m,
    pickable.map((audit) => audit.startedAt),
  );
  const options = pickable.map((audit) => ({
    label:
      audit.state === 'completed'
        ? time(audit.startedAt)
        : m.text('admin.history.option.incomplete', {
            time: time(audit.startedAt),
            state: m.text(`admin.history.state.${audit.state}`),
          }),
    value: audit.auditId,
  }));
  const selected = (audit: AuditProgress | undefined) =>
    options.find((option) => option.value === audit?.auditId);
  const picked = (value: unknown): string | undefined => {
    const option = value as { readonly value?: unknown } | null;
    return typeof option?.value === 'string' ? option.value : undefined;
  };
  return (
    <Inline space="space.200" shouldWrap>
      <Stack space="space.050">
        <Label labelFor="compare-from">{m.text('admin.history.from')}</Label>
        <Select
          inputId="compare-from"
          options={options}
          value={selected(from)}
          onChange={(value: unknown) => {
            const id = picked(value);
            if (id !== undefined) onChange({ fromAuditId: id });
          }}
        />
      </Stack>
      <Stack space="space.050">
        <Label labelFor="compare-to">{m.text('admin.history.to')}</Label>
        <Select
          inputId="compare-to"
          options={options}
          value={selected(to)}
          onChange={(value: unknown) => {
            const id = picked(value);
            if (id !== undefined) onChange({ toAuditId: id });
          }}
        />
      </Stack>
    </Inline>
  );
}

function NeedsTwoAudits({ history }: { readonly history: AuditHistoryView }) {
  const m = useMessages();
  const complete = history.audits.filter((audit) => audit.state === 'completed').length;
  const stoppedEarly = history.audits.length - complete;
  const header =
    history.audits.length === 0
      ? m.text('admin.changes.noAudits')
      : m.text('admin.changes.needsTwo');
  const sentences = [
    m.text('admin.changes.explain'),
    complete === 1 ? m.text('admin.changes.oneCompleted') : m.text('admin.changes.howTo'),
  ];
  if (stoppedEarly > 0) sentences.push(m.count('admin.changes.notCompared', stoppedEarly));
  return <EmptyState header={header} description={sentences.join(' ')} />;
}

function AuditDiff({ from, to }: { readonly from: AuditProgress; readonly to: AuditProgress }) {
  const m = useMessages();
  const payload = { fromAuditId: from.auditId, toAuditId: to.auditId };
  const diff = useResolver<AuditDiffView>('diffAudits', payload);
  const time = auditTimes(m, [from.startedAt, to.startedAt]);
  const heading = (
    <Heading size="small">
      {m.text('admin.changes.heading', {
        from: time(from.startedAt),
        to: time(to.startedAt),
      })}
    </Heading>
  );
  return (
    <AuditCall call={diff} loading={m.text('admin.changes.comparing')} payload={payload}>
      {(data) => {
        const { added, resolved, unchanged } = data;
        const causes = causeGroups(data);
        if (added.length === 0 && resolved.length === 0 && causes.length === 0) {
          return (
            <Stack space="space.200">
              {heading}
              <EmptyState
                header={m.text('admin.changes.none.title')}
                description={m.count('admin.changes.none.text', unchanged)}
              />
            </Stack>
          );
        }
        return (
          <Stack space="space.300">
            {heading}
            <Text>
              {m.text('admin.changes.counts', {
                added: m.count('admin.changes.added', added.length),
                resolved: m.count('admin.changes.resolved', resolved.length),
                unchanged: m.count('admin.changes.unchanged', unchanged),
              })}
            </Text>
            {causes.length > 0 && <Text>{m.text('admin.changes.causes.explain')}</Text>}
            <Stack space="space.100">
              <Heading size="xsmall">
                {m.text('admin.changes.newHeading', { count: added.length })}
              </Heading>
              <FindingsTable
                findings={added}
                label={m.text('admin.changes.newLabel')}
                rowsPerPage={DIFF_ROWS_PER_PAGE}
                emptyText={m.text('admin.changes.nothingNew')}
              />
            </Stack>
            <Stack space="space.100">
              <Heading size="xsmall">
                {m.text('admin.changes.resolvedHeading', { count: resolved.length })}
              </Heading>
              <FindingsTable
                findings={resolved}
                label={m.text('admin.changes.resolvedLabel')}
                rowsPerPage={DIFF_ROWS_PER_PAGE}
                emptyText={m.text('admin.changes.nothingResolved')}
              />
            </Stack>
            {causes.map((group) => (
              <Stack key={group.id} space="space.100">
                <Heading size="xsmall">
                  {m.text(`admin.changes.cause.${group.id}.heading`, {
                    count: group.tables.reduce((sum, table) => sum + table.findings.length, 0),
                  })}
                </Heading>
                <Text>{m.text(`admin.changes.cause.${group.id}.text`)}</Text>
                {group.tables.map((table) => (
                  <FindingsTable
                    key={table.id}
                    findings={table.findings}
                    label={m.text(`admin.changes.cause.${table.id}.label`)}
                    rowsPerPage={DIFF_ROWS_PER_PAGE}
                    emptyText={m.text('admin.changes.nothingNew')}
                  />
                ))}
              </Stack>
            ))}
          </Stack>
        );
      }}
    </AuditCall>
  );
}

/** One labelled group of findings that changed for a reason other than the site. */
interface CauseGroup {
  readonly id: 'allowedByPolicy' | 'flaggedByPolicy' | 'rules';
  readonly tables: readonly {
    readonly id: 'allowedByPolicy' | 'flaggedByPolicy' | 'flaggedByRules' | 'droppedByRules';
    readonly findings: readonly Finding[];
  }[];
}

/**
 * The diff's findings that changed because the policy or the app's rules did, not the site:
 * shown apart, so an admin's own policy edit never reads as a fix or a new exposure. Empty
 * groups (and so every group of an older answer, which has none) are left out.
 */
function causeGroups(diff: AuditDiffView): readonly CauseGroup[] {
  const groups: CauseGroup[] = [
    {
      id: 'allowedByPolicy',
      tables: [{ id: 'allowedByPolicy', findings: diff.allowedByPolicy ?? [] }],
    },
    {
      id: 'flaggedByPolicy',
      tables: [{ id: 'flaggedByPolicy', findings: diff.flaggedByPolicy ?? [] }],
    },
    {
      id: 'rules',
      tables: [
        { id: 'flaggedByRules', findings: diff.flaggedByRules ?? [] },
        { id: 'droppedByRules', findings: diff.droppedByRules ?? [] },
      ],
    },
  ];
  return groups
    .map((group) => ({ ...group, tables: group.tables.filter((t) => t.findings.length > 0) }))
    .filter((group) => group.tables.length > 0);
}
