import type { AuditHistoryView, AuditProgress, Severity } from '../../../contract/admin';
import { SEVERITIES } from '../../../core/audit/rule-catalogue';
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

/** Audits that can be compared: ended ones, newest first (a named stopped audit is allowed). */
export function pickableAudits(history: AuditHistoryView): AuditProgress[] {
  return history.audits.filter((audit) => !isActive(audit.state)).sort(newestFirst);
}

/** The admin's choice of the two audits to compare; undefined parts take the defaults. */
export interface ComparisonChoice {
  readonly fromAuditId?: string;
  readonly toAuditId?: string;
}

/**
 * The two audits to compare: the admin's choice where it names an audit that can be compared,
 * else the latest complete audit and the complete one before it. "From" is always older than "to":
 * a choice that would turn them around takes the complete audit before "to" instead.
 */
export function comparisonPair(
  history: AuditHistoryView,
  choice: ComparisonChoice,
): { readonly from?: AuditProgress; readonly to?: AuditProgress } {
  const pickable = pickableAudits(history);
  const [latest, previous] = comparableAudits(history);
  const to = pickable.find((audit) => audit.auditId === choice.toAuditId) ?? latest;
  if (to === undefined) return {};
  const chosen = pickable.find((audit) => audit.auditId === choice.fromAuditId);
  const older = (audit: AuditProgress) => audit.startedAt < to.startedAt;
  const from =
    chosen !== undefined && older(chosen)
      ? chosen
      : choice.toAuditId === undefined
        ? previous
        : pickable.find((audit) => audit.state === 'completed' && older(audit));
  return from === undefined ? { to } : { from, to };
}

/** Audits the trend shows at most: enough for a direction, few enough to read. */
export const TREND_AUDITS = 10;

/** One bar segment of the trend: an audit's findings of one severity. */
export interface TrendPoint {
  /** The audit, as its start time (the x axis). */
  readonly startedAt: string;
  readonly auditId: string;
  readonly severity: Severity;
  readonly count: number;
}

/**
 * Findings by severity over the last complete audits, oldest first, for a stacked bar chart.
 * Only complete audits: one that stopped early counts the spaces it reached, which would show as
 * a fall that never happened.
 */
export function trendPoints(history: AuditHistoryView, limit = TREND_AUDITS): TrendPoint[] {
  const audits = history.audits
    .filter((audit) => audit.state === 'completed' && audit.summary !== undefined)
    .sort(newestFirst)
    .slice(0, limit)
    .reverse();
  return audits.flatMap((audit) =>
    SEVERITIES.map((severity) => ({
      startedAt: audit.startedAt,
      auditId: audit.auditId,
      severity,
      count: audit.summary?.bySeverity[severity] ?? 0,
    })),
  );
}
