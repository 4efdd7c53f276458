import { BarChart, DynamicTable, Heading, Inline, Link, Lozenge, Stack, Text } from '@forge/react';
import type { FindingsSummary } from '../../../contract/admin';
import { SEVERITIES } from '../../../core/audit/findings';
import { SEVERITY_APPEARANCE, SEVERITY_LABELS, formatCount, plural, spaceHref } from '../wording';

/** How many spaces the Overview lists. */
export const TOP_SPACES = 5;

/** Findings by severity (chart and counts) and the spaces with the most findings. */
export function AuditSummary({ summary }: { readonly summary: FindingsSummary }) {
  if (summary.total === 0) {
    return (
      <Stack space="space.100">
        <Heading size="small">No findings</Heading>
        <Text>
          The audit found nothing to report: no anonymous spaces outside your allowed list, no broad
          groups with space admin, no unrestricted sensitive pages, no guest or personal grants.
        </Text>
      </Stack>
    );
  }
  const top = summary.bySpace.slice(0, TOP_SPACES);
  return (
    <Stack space="space.200">
      <Heading size="small">{`Findings by severity (${formatCount(summary.total)} in all)`}</Heading>
      <Inline space="space.100">
        {SEVERITIES.map((severity) => (
          <Lozenge key={severity} appearance={SEVERITY_APPEARANCE[severity]}>
            {`${SEVERITY_LABELS[severity]}: ${formatCount(summary.bySeverity[severity])}`}
          </Lozenge>
        ))}
      </Inline>
      <BarChart
        title="Findings by severity"
        data={SEVERITIES.map((severity) => ({
          severity: SEVERITY_LABELS[severity],
          findings: summary.bySeverity[severity],
        }))}
        xAccessor="severity"
        yAccessor="findings"
        colorAccessor="severity"
        height={240}
      />
      <Heading size="small">Spaces with the most findings</Heading>
      <DynamicTable
        label="Spaces with the most findings"
        head={{
          cells: [
            { key: 'space', content: 'Space' },
            ...SEVERITIES.map((severity) => ({
              key: severity,
              content: SEVERITY_LABELS[severity],
            })),
            { key: 'total', content: 'Total' },
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
              content: formatCount(space.bySeverity[severity]),
            })),
            { key: 'total', content: formatCount(space.total) },
          ],
        }))}
      />
      {summary.bySpace.length > top.length && (
        <Text>
          {`${plural(summary.bySpace.length - top.length, 'more space has', 'more spaces have')} findings: see the Findings tab.`}
        </Text>
      )}
    </Stack>
  );
}
