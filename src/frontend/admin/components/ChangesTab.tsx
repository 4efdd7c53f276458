import { EmptyState, Heading, Stack, Text } from '@forge/react';
import type { AuditDiffView, AuditHistoryView, AuditProgress } from '../../../contract/admin';
import { useMessages } from '../../shared/messages';
import { useResolver } from '../../shared/useResolver';
import { comparableAudits } from '../state/history';
import { formatTime } from '../wording';
import { FindingsTable } from './FindingsTable';
import { AuditCall } from './AuditCall';

/** Rows per page in the added and resolved tables (paged in the table itself). */
const DIFF_ROWS_PER_PAGE = 10;

/** What changed between the latest audit and the one before. */
export function ChangesTab() {
  const m = useMessages();
  const history = useResolver<AuditHistoryView>('getAuditHistory', {});
  return (
    <AuditCall call={history} loading={m.text('admin.changes.loadingHistory')}>
      {(data) => {
        const [to, from] = comparableAudits(data);
        if (to === undefined || from === undefined) return <NeedsTwoAudits history={data} />;
        return <AuditDiff key={`${from.auditId}→${to.auditId}`} from={from} to={to} />;
      }}
    </AuditCall>
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
  const heading = (
    <Heading size="small">
      {m.text('admin.changes.heading', {
        from: formatTime(m, from.startedAt),
        to: formatTime(m, to.startedAt),
      })}
    </Heading>
  );
  return (
    <AuditCall call={diff} loading={m.text('admin.changes.comparing')} payload={payload}>
      {(data) => {
        const { added, resolved, unchanged } = data;
        if (added.length === 0 && resolved.length === 0) {
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
          </Stack>
        );
      }}
    </AuditCall>
  );
}
