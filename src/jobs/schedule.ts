/**
 * The `scheduledTrigger` handler. Forge fires it every hour (triggers are not retried and have
 * no user); it decides from the stored policy whether a daily or weekly audit is due.
 */
import type { AuditSchedule } from '../core';
import { readHistory, readRecord } from '../storage/audits';
import { loadPolicy } from '../storage/settings';
import { HOUR_MS, startAuditJob } from './audit-job';
import { jobClock } from './clock';

const PERIOD_MS: Readonly<Record<Exclude<AuditSchedule, 'off'>, number>> = {
  daily: 24 * HOUR_MS,
  weekly: 7 * 24 * HOUR_MS,
};
/** Hourly triggers drift a little; an audit due "at 09:00" still runs when fired at 08:58. */
const TOLERANCE_MS = HOUR_MS / 2;

export type ScheduleOutcome =
  | { readonly started: true; readonly auditId: string }
  | { readonly started: false; readonly reason: 'off' | 'not-due' | 'running' };

export async function runScheduledAudit(): Promise<ScheduleOutcome> {
  const policy = await loadPolicy();
  if (policy.schedule === 'off') return { started: false, reason: 'off' };
  const now = jobClock.now();
  const [latestId] = await readHistory();
  const latest = latestId === undefined ? undefined : await readRecord(latestId);
  // Any audit counts, scheduled or started by hand: the point is a recent picture.
  if (
    latest !== undefined &&
    now - latest.startedAtMs < PERIOD_MS[policy.schedule] - TOLERANCE_MS
  ) {
    return { started: false, reason: 'not-due' };
  }
  const outcome = await startAuditJob('schedule');
  return outcome.started
    ? { started: true, auditId: outcome.record.auditId }
    : { started: false, reason: 'running' };
}

/** The manifest's scheduled-trigger function (`index.auditSchedule`). */
export async function auditSchedule(): Promise<ScheduleOutcome> {
  try {
    return await runScheduledAudit();
  } catch (error) {
    // Triggers are not retried: log and wait for the next hour.
    console.error('Access Lens: the scheduled audit could not start', error);
    throw error;
  }
}
