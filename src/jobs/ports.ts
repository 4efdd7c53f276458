/**
 * The audit job's ports: what the job logic (audit-job.ts, schedule.ts) is given rather than
 * reaching for. The Forge entry points build the real adapters (forge-adapters.ts: KVS, the
 * `@forge/events` queue, the wall clock, `asApp()`); tests and the local tools build the same
 * adapters on the local platform, with the queues' virtual clock.
 */
import type { ConfluenceTransport } from '../confluence/transport';
import type * as audits from '../storage/audits';
import type * as settings from '../storage/settings';

/** The job's sense of time: pacing, ETAs, schedules and its Confluence client's waits read it. */
export interface JobClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The audit queue (manifest `queue`): one event per push, optionally delayed (≤ 900 s). */
export interface AuditQueue {
  readonly push: (event: {
    readonly body: Readonly<Record<string, unknown>>;
    readonly delayInSeconds?: number;
  }) => Promise<unknown>;
}

/** The audit records, checkpoints, findings and lock, and the policy the job runs under. */
export type AuditStore = Pick<
  typeof audits,
  | 'addToHistory'
  | 'claimLock'
  | 'commitSpace'
  | 'readBatch'
  | 'readBatchFindings'
  | 'readCancel'
  | 'readHistory'
  | 'readLock'
  | 'readLastFull'
  | 'readLedgerFindings'
  | 'readRecord'
  | 'readSpaceSignals'
  | 'readUsers'
  | 'releaseLock'
  | 'replaceLock'
  | 'writeFindings'
  | 'writeLastFull'
  | 'writePlan'
  | 'writeRecord'
> &
  Pick<typeof settings, 'loadPolicy'>;

export interface AuditJobPorts {
  readonly clock: JobClock;
  readonly queue: AuditQueue;
  readonly store: AuditStore;
  /** Confluence as the app: the audit reads every space, whoever started it. */
  readonly appTransport: () => ConfluenceTransport;
  /**
   * Wall-clock milliseconds the platform says this invocation has left (Forge's
   * `invocationRemainingTimeInMillis`), or undefined when it cannot say: the job then assumes a
   * consumer's 900 s.
   */
  readonly timeLeftMs?: () => number | undefined;
}
