/**
 * The `scheduledTrigger`'s logic. Forge fires it every hour (triggers are not retried and have
 * no user). First it tends the running audit (`AuditJob.tend`): it queues the step of a chain
 * that parked before Forge's push limit, from this fresh invocation, and ends an audit that
 * shows no sign of life as failed, freeing its lock, whatever the schedule says. Then it decides
 * from the stored policy whether a daily or weekly audit is due.
 */
import type { AuditSchedule } from '../core';
import { HOUR_MS, createAuditJob } from './audit-job';
import type { TendOutcome } from './audit-job';
import type { AuditJobPorts } from './ports';

const PERIOD_MS: Readonly<Record<Exclude<AuditSchedule, 'off'>, number>> = {
  daily: 24 * HOUR_MS,
  weekly: 7 * 24 * HOUR_MS,
};
/** Hourly triggers drift a little; an audit due "at 09:00" still runs when fired at 08:58. */
const TOLERANCE_MS = HOUR_MS / 2;

/** What the watchdog did, when it did something: an audit resumed on a fresh chain, or ended. */
export type WatchdogAction = Extract<TendOutcome, { readonly auditId: string }>;

export type ScheduleOutcome = (
  | { readonly started: true; readonly auditId: string }
  | { readonly started: false; readonly reason: 'off' | 'not-due' | 'running' }
) & { readonly watchdog?: WatchdogAction };

export async function runScheduledAudit(ports: AuditJobPorts): Promise<ScheduleOutcome> {
  const { store, clock } = ports;
  const job = createAuditJob(ports);
  const tended = await job.tend();
  const watchdog = 'auditId' in tended ? { watchdog: tended } : {};
  const policy = await store.loadPolicy();
  if (policy.schedule === 'off') return { started: false, reason: 'off', ...watchdog };
  const now = clock.now();
  const [latestId] = await store.readHistory();
  const latest = latestId === undefined ? undefined : await store.readRecord(latestId);
  // Any audit counts, scheduled or started by hand: the point is a recent picture.
  if (
    latest !== undefined &&
    now - latest.startedAtMs < PERIOD_MS[policy.schedule] - TOLERANCE_MS
  ) {
    return { started: false, reason: 'not-due', ...watchdog };
  }
  const outcome = await job.start('schedule');
  return outcome.started
    ? { started: true, auditId: outcome.record.auditId, ...watchdog }
    : { started: false, reason: 'running', ...watchdog };
}
