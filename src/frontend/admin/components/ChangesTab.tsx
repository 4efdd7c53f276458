import { EmptyState, Heading, Stack, Text } from '@forge/react';
import type { AuditDiffView, AuditHistoryView, AuditProgress } from '../../../contract/admin';
import { useResolver } from '../../shared/useResolver';
import { comparableAudits } from '../state/history';
import { formatTime, plural } from '../wording';
import { FindingsTable } from './FindingsTable';
import { AuditCall } from './AuditCall';

/** Rows per page in the added and resolved tables (paged in the table itself). */
const DIFF_ROWS_PER_PAGE = 10;

/** What changed between the latest audit and the one before. */
export function ChangesTab() {
  const history = useResolver<AuditHistoryView>('getAuditHistory', {});
  return (
    <AuditCall call={history} loading="Loading the audit history…">
      {(data) => {
        const [to, from] = comparableAudits(data);
        if (to === undefined || from === undefined) return <NeedsTwoAudits history={data} />;
        return <AuditDiff key={`${from.auditId}→${to.auditId}`} from={from} to={to} />;
      }}
    </AuditCall>
  );
}

function NeedsTwoAudits({ history }: { readonly history: AuditHistoryView }) {
  const complete = history.audits.filter((audit) => audit.state === 'completed').length;
  const stoppedEarly = history.audits.length - complete;
  const header =
    history.audits.length === 0 ? 'No audits yet' : 'Changes appear after two complete audits';
  const sentences = [
    'This tab compares the latest complete audit with the one before it and lists new and resolved findings.',
    complete === 1
      ? 'One audit has completed so far: run another one to see what changed since.'
      : 'Run an audit from the Overview tab, then another one later, or set a schedule on the Policies tab.',
  ];
  if (stoppedEarly > 0) {
    sentences.push(
      stoppedEarly === 1
        ? "1 audit that stopped early or is still running is not compared, because the spaces it didn't check would look as if their problems were fixed."
        : `${plural(stoppedEarly, 'audit', 'audits')} that stopped early or are still running are not compared, because the spaces they didn't check would look as if their problems were fixed.`,
    );
  }
  return <EmptyState header={header} description={sentences.join(' ')} />;
}

function AuditDiff({ from, to }: { readonly from: AuditProgress; readonly to: AuditProgress }) {
  const payload = { fromAuditId: from.auditId, toAuditId: to.auditId };
  const diff = useResolver<AuditDiffView>('diffAudits', payload);
  const heading = (
    <Heading size="small">
      {`Changes between the audits of ${formatTime(from.startedAt)} and ${formatTime(to.startedAt)}`}
    </Heading>
  );
  return (
    <AuditCall call={diff} loading="Comparing the two latest audits…" payload={payload}>
      {(data) => {
        const { added, resolved, unchanged } = data;
        if (added.length === 0 && resolved.length === 0) {
          return (
            <Stack space="space.200">
              {heading}
              <EmptyState
                header="No changes"
                description={`The latest audit found the same ${plural(unchanged, 'finding', 'findings')} as the one before: nothing new, nothing resolved.`}
              />
            </Stack>
          );
        }
        return (
          <Stack space="space.300">
            {heading}
            <Text>
              {`${plural(added.length, 'new finding', 'new findings')}, ${plural(resolved.length, 'resolved finding', 'resolved findings')}, ${plural(unchanged, 'finding', 'findings')} unchanged.`}
            </Text>
            <Stack space="space.100">
              <Heading size="xsmall">{`New since the previous audit (${added.length})`}</Heading>
              <FindingsTable
                findings={added}
                label="New findings"
                rowsPerPage={DIFF_ROWS_PER_PAGE}
                emptyText="Nothing new."
              />
            </Stack>
            <Stack space="space.100">
              <Heading size="xsmall">{`Resolved since the previous audit (${resolved.length})`}</Heading>
              <FindingsTable
                findings={resolved}
                label="Resolved findings"
                rowsPerPage={DIFF_ROWS_PER_PAGE}
                emptyText="Nothing resolved."
              />
            </Stack>
          </Stack>
        );
      }}
    </AuditCall>
  );
}
