import { DynamicTable, Link, Lozenge, Text } from '@forge/react';
import type { Finding } from '../../../contract/admin';
import { RULE_IDS, severityRank } from '../../../core/audit/findings';
import { RULE_TITLES, SEVERITY_APPEARANCE, SEVERITY_LABELS, pageHref, spaceHref } from '../wording';

const HEAD = {
  cells: [
    // The explanation is the longest cell by far; give it the room.
    { key: 'severity', content: 'Severity', isSortable: true, width: 9 },
    { key: 'rule', content: 'Problem', isSortable: true, width: 14 },
    { key: 'space', content: 'Space', isSortable: true, width: 8 },
    { key: 'content', content: 'Page', isSortable: true, width: 13 },
    { key: 'principal', content: 'Who', isSortable: true, width: 12 },
    { key: 'message', content: 'What to do', width: 44 },
  ],
};

/**
 * Findings as a table, most severe first. Sorting happens in the table on the rows shown. A cell's
 * key is both its sort value and its React key, so keys carry a column prefix (unique in the row)
 * and severity and rule sort by rank, in the audit's own order, rather than alphabetically.
 */
export function FindingsTable({
  findings,
  label,
  isLoading = false,
  rowsPerPage,
  emptyText,
}: {
  readonly findings: readonly Finding[];
  readonly label: string;
  readonly isLoading?: boolean;
  /** Pages the rows in the table itself; leave out when the server pages. */
  readonly rowsPerPage?: number;
  readonly emptyText: string;
}) {
  return (
    <DynamicTable
      label={label}
      head={HEAD}
      isLoading={isLoading}
      {...(rowsPerPage === undefined ? {} : { rowsPerPage })}
      emptyView={<Text>{emptyText}</Text>}
      rows={findings.map((finding) => ({
        key: finding.id,
        cells: [
          {
            key: `severity:${severityRank(finding.severity)}`,
            content: (
              <Lozenge appearance={SEVERITY_APPEARANCE[finding.severity]}>
                {SEVERITY_LABELS[finding.severity]}
              </Lozenge>
            ),
          },
          { key: `rule:${RULE_IDS.indexOf(finding.rule)}`, content: RULE_TITLES[finding.rule] },
          {
            key: `space:${finding.spaceKey}`,
            content: <Link href={spaceHref(finding.spaceKey)}>{finding.spaceKey}</Link>,
          },
          {
            key: `page:${finding.title ?? finding.contentId ?? ''}`,
            content:
              finding.contentId === undefined ? (
                '—'
              ) : (
                <Link href={pageHref(finding.contentId)}>
                  {finding.title ?? `Page ${finding.contentId}`}
                </Link>
              ),
          },
          { key: `who:${finding.principal ?? ''}`, content: finding.principal ?? '—' },
          { key: `message:${finding.id}`, content: finding.message },
        ],
      }))}
    />
  );
}
