import type { AuditHistoryView, AuditProgress } from '../../../contract/admin';
import { isActive } from '../wording';

function newestFirst(a: AuditProgress, b: AuditProgress): number {
  if (a.startedAt === b.startedAt) return 0;
  return a.startedAt < b.startedAt ? 1 : -1;
}

/** The newest audit that has ended (in any way), whose report is final. */
export function latestFinished(history: AuditHistoryView): AuditProgress | undefined {
  return [...history.audits].sort(newestFirst).find((audit) => !isActive(audit.state));
}

/**
 * The two most recent complete audits, newest first (the history's order is not relied on).
 * Audits that stopped early are skipped: a space they didn't reach would look as if all its
 * findings had been resolved.
 */
export function comparableAudits(history: AuditHistoryView): AuditProgress[] {
  return history.audits
    .filter((audit) => audit.state === 'completed')
    .sort(newestFirst)
    .slice(0, 2);
}
