import { BarChart, DynamicTable, Heading, Inline, Link, Lozenge, Stack, Text } from '@forge/react';
import type { AuditFindingsSummary } from '../../../contract/admin';
import { SEVERITIES } from '../../../core/audit/rule-catalogue';
import { severityLabel } from '../../../messages/audit';
import { useMessages } from '../../shared/messages';
import { SEVERITY_APPEARANCE, spaceHref } from '../wording';

/** How many spaces the Overview lists. */
export const TOP_SPACES = 5;

/** Findings by severity (chart and counts) and the spaces with the most findings. */
export function AuditSummary({ summary }: { readonly summary: AuditFindingsSummary }) {
  const m = useMessages();
  const label = (severity: (typeof SEVERITIES)[number]) => severityLabel(m, severity);
  if (summary.total === 0) {
    return (
      <Stack space="space.100">
        <Heading size="small">{m.text('admin.summary.none.title')}</Heading>
        <Text>{m.text('admin.summary.none.text')}</Text>
      </Stack>
    );
  }
  const top = summary.bySpace.slice(0, TOP_SPACES);
  // The stored summary lists the worst spaces only; it counts them all.
  const spaces = summary.spacesWithFindings ?? summary.bySpace.length;
  return (
    <Stack space="space.200">
      <Heading size="small">
        {m.text('admin.summary.bySeverityTotal', { total: summary.total })}
      </Heading>
      <Inline space="space.100">
        {SEVERITIES.map((severity) => (
          <Lozenge key={severity} appearance={SEVERITY_APPEARANCE[severity]}>
            {m.text('admin.summary.severityCount', {
              severity: label(severity),
              count: summary.bySeverity[severity],
            })}
          </Lozenge>
        ))}
      </Inline>
      <BarChart
        title={m.text('admin.summary.bySeverity')}
        data={SEVERITIES.map((severity) => ({
          severity: label(severity),
          findings: summary.bySeverity[severity],
        }))}
        xAccessor="severity"
        yAccessor="findings"
        colorAccessor="severity"
        height={240}
      />
      <Heading size="small">{m.text('admin.summary.topSpaces')}</Heading>
      <DynamicTable
        label={m.text('admin.summary.topSpaces')}
        head={{
          cells: [
            { key: 'space', content: m.text('admin.summary.column.space') },
            ...SEVERITIES.map((severity) => ({
              key: severity,
              content: label(severity),
            })),
            { key: 'total', content: m.text('admin.summary.column.total') },
          ],
        }}
        rows={top.map((space) => ({
          key: space.spaceKey,
          cells: [
            {
              key: 'space',
              content: <Link href={spaceHref(space.spaceKey)}>{space.spaceKey}</Link>,
            },
            ...SEVERITIES.map((severity) => ({
              key: severity,
              content: m.number(space.bySeverity[severity]),
            })),
            { key: 'total', content: m.number(space.total) },
          ],
        }))}
      />
      {spaces > top.length && (
        <Text>{m.count('admin.summary.moreSpaces', spaces - top.length)}</Text>
      )}
    </Stack>
  );
}
