import { Button, DynamicTable, Link, Lozenge, Stack, Text, useProductContext } from '@forge/react';
import type { Finding } from '../../../contract/admin';
import { RULE_IDS, severityRank } from '../../../core/audit/rule-catalogue';
import { findingPrincipal, findingText, ruleTitle, severityLabel } from '../../../messages/audit';
import type { Messages } from '../../../messages/format';
import { findingLink } from '../../../messages/links';
import { useMessages } from '../../shared/messages';
import { SEVERITY_APPEARANCE, formatTime, pageHref, spaceHref } from '../wording';

function head(m: Messages) {
  const title = (column: string) => m.text(`admin.table.${column}`);
  return {
    cells: [
      // The explanation is the longest cell by far; give it the room.
      { key: 'severity', content: title('severity'), isSortable: true, width: 9 },
      { key: 'rule', content: title('rule'), isSortable: true, width: 14 },
      { key: 'space', content: title('space'), isSortable: true, width: 8 },
      { key: 'content', content: title('content'), isSortable: true, width: 13 },
      { key: 'principal', content: title('principal'), isSortable: true, width: 12 },
      { key: 'message', content: title('message'), width: 36 },
      { key: 'fix', content: title('fix'), width: 8 },
    ],
  };
}

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
  onAccept,
}: {
  readonly findings: readonly Finding[];
  readonly label: string;
  readonly isLoading?: boolean;
  /** Pages the rows in the table itself; leave out when the server pages. */
  readonly rowsPerPage?: number;
  readonly emptyText: string;
  /** Offers "Accept as exception" on each row when given. */
  readonly onAccept?: (finding: Finding) => void;
}) {
  const m = useMessages();
  // The site's address from Forge's product context, so each link opens Confluence itself.
  const siteUrl = useProductContext()?.siteUrl;
  const site = siteUrl === undefined || siteUrl === '' ? undefined : siteUrl;
  return (
    <DynamicTable
      label={label}
      head={head(m)}
      isLoading={isLoading}
      {...(rowsPerPage === undefined ? {} : { rowsPerPage })}
      emptyView={<Text>{emptyText}</Text>}
      rows={findings.map((finding) => {
        const principal = findingPrincipal(m, finding);
        return {
          key: finding.id,
          cells: [
            {
              key: `severity:${severityRank(finding.severity)}`,
              content: (
                <Lozenge appearance={SEVERITY_APPEARANCE[finding.severity]}>
                  {severityLabel(m, finding.severity)}
                </Lozenge>
              ),
            },
            { key: `rule:${RULE_IDS.indexOf(finding.rule)}`, content: ruleTitle(m, finding.rule) },
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
                    {finding.title ?? m.text('admin.table.pageById', { id: finding.contentId })}
                  </Link>
                ),
            },
            { key: `who:${principal ?? ''}`, content: principal ?? '—' },
            {
              key: `message:${finding.id}`,
              content:
                finding.carried === undefined ? (
                  findingText(m, finding)
                ) : (
                  <Stack space="space.050">
                    <Text>{findingText(m, finding)}</Text>
                    <Text size="small">
                      {m.text('admin.table.carried', {
                        time: formatTime(m, finding.carried.readAt),
                      })}
                    </Text>
                  </Stack>
                ),
            },
            {
              key: `fix:${finding.id}`,
              content: (
                <>
                  <Link href={findingLink(site, finding)} openNewTab>
                    {m.text('admin.table.fixLink')}
                  </Link>
                  {onAccept !== undefined && (
                    <Button
                      appearance="subtle"
                      onClick={() => {
                        onAccept(finding);
                      }}
                    >
                      {m.text('admin.exceptions.accept')}
                    </Button>
                  )}
                </>
              ),
            },
          ],
        };
      })}
    />
  );
}
