/**
 * The audit job's real adapters, built by the Forge entry points (src/index.ts) and the admin
 * resolvers: KVS for the store, the `@forge/events` queue, the platform's clock (clock.ts) and
 * Confluence as the app.
 */
import { getAppContext } from '@forge/api';
import { Queue } from '@forge/events';
import type { AsyncEvent, InvocationError } from '@forge/events';
import { forgeTransport } from '../confluence/forge-transport';
import * as audits from '../storage/audits';
import { loadPolicy } from '../storage/settings';
import { AUDIT_QUEUE, createAuditJob } from './audit-job';
import type { AuditJob } from './audit-job';
import { platformClock } from './clock';
import type { AuditJobPorts } from './ports';
import { runScheduledAudit } from './schedule';
import type { ScheduleOutcome } from './schedule';

/** KVS behind the store port: the storage modules' own functions (ports.ts names those used). */
export const kvsAuditStore: AuditJobPorts['store'] = { ...audits, loadPolicy };

/** What the platform says this invocation has left; undefined on a runtime that cannot say. */
function platformTimeLeftMs(): number | undefined {
  try {
    const left = getAppContext().invocationRemainingTimeInMillis();
    return Number.isFinite(left) && left > 0 ? left : undefined;
  } catch {
    // An older runtime (or a tunnel) without the remaining time.
    return undefined;
  }
}

/** Built per invocation, so the platform's clock is read when the platform calls. */
export function forgeAuditPorts(): AuditJobPorts {
  const queue = new Queue({ key: AUDIT_QUEUE });
  return {
    clock: platformClock(),
    queue: { push: (event) => queue.push(event) },
    store: kvsAuditStore,
    appTransport: () => forgeTransport('app'),
    timeLeftMs: platformTimeLeftMs,
  };
}

export function forgeAuditJob(): AuditJob {
  return createAuditJob(forgeAuditPorts());
}

/** The audit queue's consumer (manifest `consumer` → `index.auditWorker`). */
export function auditWorker(event: AsyncEvent): Promise<InvocationError | undefined> {
  return forgeAuditJob().worker(event);
}

/** The manifest's scheduled-trigger function (`index.auditSchedule`). */
export async function auditSchedule(): Promise<ScheduleOutcome> {
  try {
    return await runScheduledAudit(forgeAuditPorts());
  } catch (error) {
    // Triggers are not retried: log and wait for the next hour.
    console.error('Access Lens: the scheduled audit could not start', error);
    throw error;
  }
}
