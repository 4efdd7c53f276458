/**
 * The `scheduledTrigger`'s logic. Forge fires it every hour (triggers are not retried and have
 * no user); it decides from the stored policy whether a daily or weekly audit is due.
 */
import type { AuditSchedule } from '../core';
import { HOUR_MS, createAuditJob } from './audit-job';
import type { AuditJobPorts } from './ports';

const PERIOD_MS: Readonly<Record<Exclude<AuditSchedule, 'off'>, number>> = {
  daily: 24 * HOUR_MS,
  weekly: 7 * 24 * HOUR_MS,
};
/** Hourly triggers drift a little; an audit due "at 09:00" still runs when fired at 08:58. */
const TOLERANCE_MS = HOUR_MS / 2;

export type ScheduleOutcome =
  | { readonly started: true; readonly auditId: string }
  | { readonly started: false; readonly reason: 'off' | 'not-due' | 'running' };

export async function runScheduledAudit(ports: AuditJobPorts): Promise<ScheduleOutcome> {
  const { store, clock } = ports;
  const policy = await store.loadPolicy();
  if (policy.schedule === 'off') return { started: false, reason: 'off' };
  const now = clock.now();
  const [latestId] = await store.readHistory();
  const latest = latestId === undefined ? undefined : await store.readRecord(latestId);
  // Any audit counts, scheduled or started by hand: the point is a recent picture.
  if (
    latest !== undefined &&
    now - latest.startedAtMs < PERIOD_MS[policy.schedule] - TOLERANCE_MS
  ) {
    return { started: false, reason: 'not-due' };
  }
  const outcome = await createAuditJob(ports).start('schedule');
  return outcome.started
    ? { started: true, auditId: outcome.record.auditId }
    : { started: false, reason: 'running' };
}
