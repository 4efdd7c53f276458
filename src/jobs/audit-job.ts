/**
 * The site-wide audit job: planned and run by `@forge/events` queue consumers, as the app, in
 * batches of spaces.
 *
 * One event per audit is in flight at a time: the planner lists the spaces and queues batch 0;
 * each batch, once done, queues the next. Points, not CPU, are the limit: the app's hourly pool
 * is shared by every install (https://developer.atlassian.com/cloud/confluence/rate-limiting/),
 * so running batches side by side would only make pacing racy; a chain keeps one writer per
 * audit and exact accounting. Every space is committed with its findings and the checkpoint in
 * one KVS transaction, so a retried, resumed or duplicated delivery redoes at most the space in
 * progress and never counts anything twice.
 *
 * Pacing has three layers. The audit spends at most its share of the pool per hour (`pace`).
 * It reads what is left of the whole pool from the quota headers of every response, and when
 * other installs and its own reads have brought it under `POOL_FLOOR_SHARE`, it waits for the
 * pool's reset before the next space, so the macro keeps working everywhere (`poolWait`). A quota
 * 429 (the pool is empty) stops the audit until the reset without another call; a burst 429 is
 * waited out in place by the client and only slows it.
 *
 * Failures that repeat end one space, not the audit: a space is attempted `MAX_SPACE_ATTEMPTS`
 * times with a growing backoff (half an hour in all), then given up, reported as not inspected
 * and counted in `spacesSkipped`; only `MAX_SKIPPED_IN_ROW` spaces given up one after another
 * (Confluence failing for everything) end the audit. The failure count lives in the record and
 * only a committed space resets it, so no failure can loop.
 *
 * Forge allows one chain of handlers 1,000 push requests
 * (https://developer.atlassian.com/platform/forge/limits-async-events/, "cyclic invocation
 * limit"). The record counts the chain's pushes; before the limit (or when a push is refused for
 * it) the chain parks its next step, and the hourly scheduled trigger, a fresh invocation and so a
 * fresh chain, queues it again (`tend`). The same trigger is the watchdog: an audit with no sign
 * of life for longer than its steps and waits can take is ended as failed, and its lock freed.
 */
import { randomUUID } from 'node:crypto';
import { InvocationError, InvocationErrorCode, InvocationLimitReachedError } from '@forge/events';
import type { AsyncEvent } from '@forge/events';
import { z } from 'zod';
import { auditSpace, normaliseFindings, summarizeFindings } from '../core';
import type { SpaceRef } from '../core';
import type { AuditSkippedSpace, AuditState, AuditStop } from '../contract/admin';
import { ConfluenceClient } from '../confluence/client';
import type { ResponseEvent } from '../confluence/client';
import { ConfluenceError } from '../confluence/errors';
import { quotaWaitSeconds, rateLimitedBy } from '../confluence/rate-limit';
import { HOURLY_POINTS_POOL, QUOTA_FALLBACK_WAIT_SECONDS, poolWait } from './pool';
import type { PoolReading } from './pool';
import type { ConfluenceTransport } from '../confluence/transport';
import { collectAll } from '../confluence/pagination';
import {
  LIGHT_SEARCH_EXPAND,
  createSpaceAuditReads,
  searchLabelled,
  spaceRef,
} from '../access/load-space-audit';
import type { LabelledSearch } from '../access/load-space-audit';
import { readRoleMode } from '../access/space-grants';
import { MAX_LISTED_SKIPPED, isTerminal } from '../storage/audits';
import type {
  AuditLock,
  AuditRecord,
  BatchCheckpoint,
  CarriedFinding,
  SpaceLedger,
  UserFacts,
} from '../storage/audits';
import { groupsOf } from '../storage/kvs-util';
import { auditOneSpace } from '../app/audit-space';
import type { AuditJobPorts, JobClock } from './ports';
import {
  carryDecision,
  labelledFingerprint,
  mayCarry,
  nextFullDue,
  policyFingerprint,
} from './change-signals';

/** The manifest's `consumer.queue`. */
export const AUDIT_QUEUE = 'access-lens-audit';
/** Spaces per batch: one search covers them all, and a batch stays far inside one invocation. */
export const BATCH_SIZE = 50;
export { HOURLY_POINTS_POOL, POOL_FLOOR_SHARE, poolWait } from './pool';
export type { PoolReading } from './pool';
/** Attempts per call when Confluence answers a burst 429: waited out in place. */
const BURST_ATTEMPTS = 4;
/** An audit may pace itself over at most this many hours; then it stops as partial. */
export const MAX_AUDIT_HOURS = 24;
export const HOUR_MS = 3_600_000;
/** Stop starting spaces after this much of an invocation (consumers are killed at 900 s). */
export const INVOCATION_BUDGET_MS = 600_000;
/** The Confluence client's overall deadline inside a consumer. */
const CLIENT_DEADLINE_MS = 800_000;
/** A consumer's time limit, when the platform does not say how much is left. */
const CONSUMER_LIMIT_MS = 900_000;
/**
 * Of the time the platform says this invocation has left, the share its Confluence calls may use
 * (a space that alone runs longer fails in time instead of being stopped by the platform), and
 * the share after which no new space is started.
 */
const CLIENT_SHARE_OF_TIME_LEFT = 0.8;
const SPACES_SHARE_OF_TIME_LEFT = 2 / 3;
/** Platform retries used before the job re-queues itself instead (the platform allows few). */
const PLATFORM_RETRIES = 3;
/**
 * Attempts of one space (or of the planning step) before it is given up. The waits between them
 * double from 15 s to the queue's longest delay: 7 waits, about half an hour, ride out an outage
 * of Confluence that a handful of quick retries would not.
 */
export const MAX_SPACE_ATTEMPTS = 8;
const FIRST_RETRY_SECONDS = 15;
/** Spaces given up one after another before the audit itself is given up. */
export const MAX_SKIPPED_IN_ROW = 3;
/** Failed attempts to record a given-up space before the audit is given up (storage failing). */
const GIVE_UP_ATTEMPTS = 3;
const MAX_DELAY_SECONDS = 900;
/**
 * The longest a live audit goes without a heartbeat: one step runs at most the consumer's limit
 * and the next is queued at most the queue's longest delay later; twice that is silence no live
 * chain keeps. A dead audit is ended by the hourly trigger within one interval of this.
 */
export const DEAD_AFTER_MS = 2 * (CONSUMER_LIMIT_MS + MAX_DELAY_SECONDS * 1000);
/** A lock whose audit has no record yet belongs to its claimer for this long (it writes one next). */
export const LOCK_GRACE_MS = 10 * 60_000;
/**
 * Pushes a chain makes before it parks for a fresh one: Forge refuses the 1,001st push of a chain,
 * and a crash between a push and the record's write leaves a push uncounted, hence the margin.
 */
export const CHAIN_PUSH_BUDGET = 900;

/** Not before this instant (job clock, epoch ms): waits longer than one queue delay hop. */
const resumeAtSchema = z.number().int().nonnegative().optional();

const eventSchema = z.discriminatedUnion('step', [
  z.strictObject({
    auditId: z.string().min(1).max(100),
    token: z.string().min(1).max(100),
    step: z.literal('plan'),
    resumeAt: resumeAtSchema,
  }),
  z.strictObject({
    auditId: z.string().min(1).max(100),
    token: z.string().min(1).max(100),
    step: z.literal('batch'),
    batch: z.number().int().min(0),
    resumeAt: resumeAtSchema,
  }),
]);
type AuditEvent = z.infer<typeof eventSchema>;
type Step = { readonly step: 'plan' } | { readonly step: 'batch'; readonly batch: number };

export type StartOutcome =
  | { readonly started: true; readonly record: AuditRecord }
  | { readonly started: false; readonly running?: AuditRecord };

/** When this invocation must stop starting spaces, and when its Confluence calls must end (wall clock). */
interface InvocationBudget {
  readonly spacesUntil: number;
  readonly callsUntil: number;
}

/**
 * Per-invocation accounting of what Confluence charged, by the job's hour windows, and what the
 * quota headers said of the app's pool.
 */
class Meter {
  points = 0;
  requests = 0;
  pool: PoolReading | undefined;
  /** Set by a quota 429: the pool is empty until this instant (job clock, epoch ms). */
  emptyUntil: number | undefined;
  private readonly byWindow = new Map<number, number>();
  constructor(
    private readonly startedAtMs: number,
    private readonly clock: JobClock,
  ) {}

  readonly onResponse = (event: ResponseEvent): void => {
    this.requests += 1;
    this.points += event.points;
    const now = this.clock.now();
    const window = windowOf(this.startedAtMs, now);
    this.byWindow.set(window, (this.byWindow.get(window) ?? 0) + event.points);
    const quota = event.rateLimit.quota;
    if (quota !== undefined) this.pool = { quota, seenAt: now };
    if (event.status === 429 && rateLimitedBy(event.rateLimit) === 'quota') {
      const wait = quotaWaitSeconds(event.rateLimit) ?? QUOTA_FALLBACK_WAIT_SECONDS;
      this.emptyUntil = Math.max(this.emptyUntil ?? 0, now + wait * 1000);
    }
  };

  /** Adds what was charged since the last flush to `record`, and starts counting afresh. */
  flush(record: AuditRecord): AuditRecord {
    const flushed = this.apply(record);
    this.reset();
    return flushed;
  }

  /**
   * `record` with what was charged since the last flush added, still counted here: for a record
   * that is only kept once its commit succeeds (a failed commit's points are flushed later).
   */
  apply(record: AuditRecord): AuditRecord {
    const windowPoints = [...record.windowPoints];
    for (const [window, points] of this.byWindow) {
      while (windowPoints.length <= window) windowPoints.push(0);
      windowPoints[window] = (windowPoints[window] ?? 0) + points;
    }
    const flushed: AuditRecord = {
      ...record,
      pointsUsed: record.pointsUsed + this.points,
      requests: record.requests + this.requests,
      windowPoints,
      heartbeatAt: this.clock.now(),
    };
    return flushed;
  }

  reset(): void {
    this.points = 0;
    this.requests = 0;
    this.byWindow.clear();
  }
}

const windowOf = (startedAtMs: number, now: number): number =>
  Math.max(0, Math.floor((now - startedAtMs) / HOUR_MS));

/**
 * Once a quota 429 said the pool is empty, nothing else of this invocation goes to Confluence:
 * every call fails the same way as the first, without being sent, until the pool resets.
 */
function haltOnEmptyPool(
  inner: ConfluenceTransport,
  meter: Meter,
  clock: JobClock,
): ConfluenceTransport {
  return {
    identity: inner.identity,
    send(request, options) {
      const until = meter.emptyUntil;
      const now = clock.now();
      if (until !== undefined && now < until) {
        return Promise.reject(
          new ConfluenceError(
            'rate-limited',
            'Confluence refused the app: its hourly points pool is used up (not sent)',
            { status: 429, retryAfterSeconds: Math.ceil((until - now) / 1000), rateLimit: 'quota' },
          ),
        );
      }
      return inner.send(request, options);
    },
  };
}

function stepOf(body: AuditEvent): Step {
  return body.step === 'plan' ? { step: 'plan' } : { step: 'batch', batch: body.batch };
}

/**
 * The audit's share taken of the pool the quota headers report (a higher tier, or a per-site
 * pool), instead of the default tier assumed at the start.
 */
function sharedPace(
  record: AuditRecord,
  pool: PoolReading | undefined,
): Pick<AuditRecord, 'pointsPerHour' | 'pointsBudget'> | Record<string, never> {
  const limit = pool?.quota.limit;
  if (limit === undefined || limit <= 0) return {};
  const pointsPerHour = Math.max(1, Math.floor(record.policy.pointsBudgetShare * limit));
  return { pointsPerHour, pointsBudget: pointsPerHour * MAX_AUDIT_HOURS };
}

type Pace =
  | { readonly go: true }
  | { readonly go: false; readonly waitSeconds: number }
  | { readonly go: false; readonly capped: true };

/**
 * May the next step (reserving `reserve` points, the most a like step has cost) start now?
 * Within an hour window the audit spends at most `pointsPerHour`; over the audit at most
 * `pointsBudget`. A window with nothing spent always admits one step, so a space costing more
 * than the hourly share is still audited, alone in its hour.
 */
export function pace(record: AuditRecord, reserve: number, now: number): Pace {
  if (record.pointsUsed > 0 && record.pointsUsed + reserve > record.pointsBudget) {
    return { go: false, capped: true };
  }
  const window = windowOf(record.startedAtMs, now);
  const spent = record.windowPoints[window] ?? 0;
  if (spent > 0 && spent + reserve > record.pointsPerHour) {
    const windowEnd = record.startedAtMs + (window + 1) * HOUR_MS;
    return { go: false, waitSeconds: Math.max(1, (windowEnd - now) / 1000) };
  }
  return { go: true };
}

function describe(error: unknown): string {
  if (error instanceof ConfluenceError) return error.message;
  return error instanceof Error ? error.name : 'unknown error';
}

/** Seconds before the next attempt after `failures` failed ones in a row. */
export function retryDelaySeconds(failures: number): number {
  return Math.min(MAX_DELAY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, failures - 1));
}

/** The record without the last failure's reason (a committed space clears it). */
/** The earlier of two ISO times (ISO times in UTC sort as text). */
function earlierIso(known: string | undefined, iso: string): string {
  return known === undefined || iso < known ? iso : known;
}

function withoutError(record: AuditRecord): AuditRecord {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped from the copy
  const { lastError, ...rest } = record;
  return rest;
}

function withoutParked(record: AuditRecord): AuditRecord {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped from the copy
  const { parked, ...rest } = record;
  return rest;
}

/** What the watchdog (the scheduled trigger) did about the audit holding the lock. */
export type TendOutcome =
  | { readonly tended: 'none' | 'alive' | 'released' }
  | { readonly tended: 'resumed' | 'stalled'; readonly auditId: string };

/** What the job does, given its ports: started by the admin resolver or the schedule, run by the queue. */
export interface AuditJob {
  /**
   * Creates an audit and queues its planning step, unless another audit is running. Callers have
   * established the right to audit: an admin resolver after its admin check, or the schedule.
   */
  readonly start: (startedBy: string) => Promise<StartOutcome>;
  /**
   * The consumer (manifest `function` → `index.auditWorker`). Returns an `InvocationError` to be
   * retried later (rate limited, or a failure worth another attempt).
   */
  readonly worker: (event: AsyncEvent) => Promise<InvocationError | undefined>;
  /**
   * The watchdog, run by the scheduled trigger: queues the step of an audit whose chain parked
   * before Forge's push limit (from this fresh invocation), ends an audit that shows no sign of
   * life as failed (`stalled`), and frees a lock nobody holds any more.
   */
  readonly tend: () => Promise<TendOutcome>;
  /** Ends an audit (see `finish` below): the stale-lock takeover and tests use it. */
  readonly finish: (record: AuditRecord, state: AuditState, stop?: AuditStop) => Promise<void>;
  /** The job's clock, for callers that report progress (ETAs) on the same time line. */
  readonly clock: JobClock;
}

export function createAuditJob(ports: AuditJobPorts): AuditJob {
  const { clock, queue, store } = ports;

  /**
   * Queues the chain's next event and only then records its token: the record always names the
   * one event allowed to act. Events with another token (platform duplicates, an event re-queued
   * twice around a crash) find they are stale and stop. A crash between the two steps leaves the
   * old token in place, so the retried event simply queues again.
   *
   * A wait longer than the queue's longest delay (900 s) is made of hops: the event carries the
   * instant it may act, and an early delivery queues itself again without reading anything.
   *
   * Near Forge's push limit per chain, or when a push is refused for it, the step is parked
   * instead, with the token its event will carry: the scheduled trigger queues it (`tend`).
   */
  async function continueWith(
    record: AuditRecord,
    step: Step,
    delaySeconds = 0,
  ): Promise<AuditRecord> {
    const token = randomUUID();
    const wait = Math.max(0, Math.ceil(delaySeconds));
    const now = clock.now();
    const resumeAt = wait > 0 ? Math.ceil(now + wait * 1000) : undefined;
    const pushes = record.chainPushes ?? 0;
    if (pushes >= CHAIN_PUSH_BUDGET) return park(record, step, token, resumeAt);
    try {
      await pushStep(record.auditId, token, step, resumeAt);
    } catch (error) {
      if (error instanceof InvocationLimitReachedError) {
        return park(record, step, token, resumeAt);
      }
      throw error;
    }
    // A waiting chain is alive: the heartbeat keeps a new audit from taking its lock.
    const next = {
      ...withoutParked(record),
      chainToken: token,
      heartbeatAt: now,
      chainPushes: pushes + 1,
    };
    await store.writeRecord(next);
    return next;
  }

  async function pushStep(
    auditId: string,
    token: string,
    step: Step,
    resumeAt: number | undefined,
  ): Promise<void> {
    const wait = resumeAt === undefined ? 0 : Math.max(0, (resumeAt - clock.now()) / 1000);
    const delay = Math.min(MAX_DELAY_SECONDS, Math.ceil(wait));
    const body: AuditEvent = {
      auditId,
      token,
      ...step,
      ...(resumeAt !== undefined && wait > 0 ? { resumeAt } : {}),
    };
    await queue.push({ body, ...(delay > 0 ? { delayInSeconds: delay } : {}) });
  }

  async function park(
    record: AuditRecord,
    step: Step,
    token: string,
    resumeAt: number | undefined,
  ): Promise<AuditRecord> {
    const next: AuditRecord = {
      ...record,
      chainToken: token,
      heartbeatAt: clock.now(),
      parked: { ...step, ...(resumeAt === undefined ? {} : { resumeAt }) },
    };
    await store.writeRecord(next);
    return next;
  }

  // ── starting ───────────────────────────────────────────────────────────────────────────────

  /**
   * Creates an audit and queues its planning step, unless another audit is running. Callers have
   * established the right to audit: an admin resolver after its admin check, or the schedule.
   */
  async function startAuditJob(startedBy: string): Promise<StartOutcome> {
    const policy = await store.loadPolicy();
    const now = clock.now();
    const auditId = `${now.toString(36)}-${randomUUID().slice(0, 8)}`;
    if (!(await store.claimLock(auditId, now))) {
      const lock = await store.readLock();
      if (lock !== undefined) {
        const judged = await judgeLock(lock, now);
        if (judged.alive) return { started: false, ...judged.running };
        // Swapped only if it is still the lock judged stale: two starters cannot both win.
        if (!(await store.replaceLock(lock, { auditId, claimedAt: now }))) {
          return { started: false };
        }
        if (judged.dead !== undefined) {
          await store.writeRecord({
            ...judged.dead,
            state: 'failed',
            finishedAt: new Date(now).toISOString(),
            stop: { kind: 'replaced' },
          });
        }
      } else if (!(await store.claimLock(auditId, now))) {
        return { started: false };
      }
    }
    const pointsPerHour = Math.max(1, Math.floor(policy.pointsBudgetShare * HOURLY_POINTS_POOL));
    // Between the policy's full reconciliations, only spaces a change signal names are read.
    const lastFullAt = (await store.readLastFull())?.at;
    const incremental = mayCarry(policy, lastFullAt, now);
    const record: AuditRecord = {
      auditId,
      state: 'queued',
      startedAt: new Date(now).toISOString(),
      startedAtMs: now,
      startedBy,
      policy,
      pointsPerHour,
      pointsBudget: pointsPerHour * MAX_AUDIT_HOURS,
      planned: false,
      spacesTotal: 0,
      spacesDone: 0,
      batches: 0,
      nextBatch: 0,
      pointsUsed: 0,
      requests: 0,
      windowPoints: [],
      maxSpacePoints: 0,
      maxSearchPoints: 0,
      failures: 0,
      heartbeatAt: now,
      chainToken: '',
      chainPushes: 0,
      mode: incremental ? 'incremental' : 'full',
      ...(incremental && lastFullAt !== undefined
        ? { nextFullAt: new Date(nextFullDue(policy, lastFullAt)).toISOString() }
        : {}),
    };
    await store.writeRecord(record);
    await store.addToHistory(auditId);
    try {
      return { started: true, record: await continueWith(record, { step: 'plan' }) };
    } catch (error) {
      await finish(record, 'failed', { kind: 'not-queued' });
      throw error;
    }
  }

  /**
   * Whether the lock's holder still runs. A lock whose audit has no record yet is alive during
   * `LOCK_GRACE_MS` from its claim (its claimer writes the record next); an audit that ended, was
   * cancelled, or has shown no sign of life for `DEAD_AFTER_MS` holds it no longer (`dead` is
   * the last, to be marked as replaced by whoever takes the lock).
   */
  async function judgeLock(
    lock: AuditLock,
    now: number,
  ): Promise<
    | { readonly alive: true; readonly running: { readonly running?: AuditRecord } }
    | { readonly alive: false; readonly dead?: AuditRecord }
  > {
    const holder = await store.readRecord(lock.auditId);
    if (holder === undefined) {
      const claimedAt = lock.claimedAt;
      const young = claimedAt !== undefined && now - claimedAt < LOCK_GRACE_MS;
      return young ? { alive: true, running: {} } : { alive: false };
    }
    if (isTerminal(holder.state)) return { alive: false };
    if ((await store.readCancel(holder.auditId)) !== undefined) return { alive: false };
    if (holder.parked !== undefined || now - holder.heartbeatAt < DEAD_AFTER_MS) {
      return { alive: true, running: { running: holder } };
    }
    return { alive: false, dead: holder };
  }

  // ── the watchdog ───────────────────────────────────────────────────────────────────────────

  async function tend(): Promise<TendOutcome> {
    const now = clock.now();
    const lock = await store.readLock();
    if (lock === undefined) return { tended: 'none' };
    const holder = await store.readRecord(lock.auditId);
    if (holder !== undefined && !isTerminal(holder.state) && holder.parked !== undefined) {
      if (await cancelled(new Meter(holder.startedAtMs, clock), holder)) {
        return { tended: 'released' };
      }
      const { parked } = holder;
      const step: Step =
        parked.step === 'plan' ? { step: 'plan' } : { step: 'batch', batch: parked.batch };
      // This invocation is a fresh chain: its push is the first of the chain.
      await pushStep(holder.auditId, holder.chainToken, step, parked.resumeAt);
      await store.writeRecord({ ...withoutParked(holder), heartbeatAt: now, chainPushes: 1 });
      return { tended: 'resumed', auditId: holder.auditId };
    }
    const judged = await judgeLock(lock, now);
    if (judged.alive) return { tended: 'alive' };
    if (judged.dead !== undefined) {
      await finish(judged.dead, 'failed', {
        kind: 'stalled',
        lastSeenAt: new Date(judged.dead.heartbeatAt).toISOString(),
      });
      return { tended: 'stalled', auditId: judged.dead.auditId };
    }
    if (holder !== undefined && !isTerminal(holder.state)) {
      // Cancelled, but its chain is gone before it could say so.
      await finish(holder, 'cancelled', {
        kind: 'cancelled',
        at: (await store.readCancel(holder.auditId))?.at ?? new Date(now).toISOString(),
      });
      return { tended: 'released' };
    }
    await store.releaseLock(lock.auditId);
    return { tended: 'released' };
  }

  // ── the consumer ───────────────────────────────────────────────────────────────────────────

  /**
   * The consumer function (manifest `function` → `index.auditWorker`). Returns an
   * `InvocationError` to be retried later (rate limited, or a failure worth another attempt).
   */
  async function auditWorker(event: AsyncEvent): Promise<InvocationError | undefined> {
    const startedAt = Date.now();
    const parsed = eventSchema.safeParse(event.body);
    if (!parsed.success) {
      console.error('Access Lens: ignoring a malformed audit event');
      return undefined;
    }
    const body = parsed.data;
    const record = await store.readRecord(body.auditId);
    // Deleted from history, already over, or not the event the chain waits for: a duplicate.
    if (record === undefined || isTerminal(record.state)) return undefined;
    if (record.chainToken !== body.token) return undefined;
    const now = clock.now();
    if (body.resumeAt !== undefined && now < body.resumeAt) {
      // One hop of a long wait (the pool's reset, the audit's own pace): nothing is read.
      if (await cancelled(new Meter(record.startedAtMs, clock), record)) return undefined;
      await continueWith(record, stepOf(body), (body.resumeAt - now) / 1000);
      return undefined;
    }
    // The invocation's own (wall-clock) limit: what the platform says is left, else 900 s.
    const timeLeft = ports.timeLeftMs?.() ?? CONSUMER_LIMIT_MS;
    const budget: InvocationBudget = {
      spacesUntil: startedAt + Math.min(INVOCATION_BUDGET_MS, timeLeft * SPACES_SHARE_OF_TIME_LEFT),
      callsUntil: startedAt + Math.min(CLIENT_DEADLINE_MS, timeLeft * CLIENT_SHARE_OF_TIME_LEFT),
    };
    const meter = new Meter(record.startedAtMs, clock);
    const client = new ConfluenceClient(haltOnEmptyPool(ports.appTransport(), meter, clock), {
      deadlineAt: budget.callsUntil,
      // Failures go back to the queue, which waits for free and resumes from the checkpoint. A
      // burst 429 is waited out in place (a second or so): requeueing would redo the batch's
      // search. A quota 429 is never retried by the client.
      retry: { maxAttempts: 1, burstAttempts: BURST_ATTEMPTS },
      // The deadline guards the invocation's own (wall-clock) limit, so only the waits are the
      // job clock's.
      sleep: (ms) => clock.sleep(ms),
      onResponse: meter.onResponse,
    });
    const retryCount = event.retryContext?.retryCount ?? 0;
    let current = record;
    try {
      if (body.step === 'plan') {
        await plan(client, meter, record);
      } else {
        await runBatch(client, meter, record, body.batch, budget, (latest) => {
          current = latest;
        });
      }
      return undefined;
    } catch (error) {
      return recover(meter.flush(current), body, error, retryCount);
    }
  }

  async function recover(
    record: AuditRecord,
    body: AuditEvent,
    error: unknown,
    retryCount: number,
  ): Promise<InvocationError | undefined> {
    if (error instanceof ConfluenceError && error.details.rateLimit === 'quota') {
      // The app's pool is empty for every install until it resets: no platform retry (they are
      // few, and would come back sooner), the chain waits for the reset in queue hops.
      const wait = Math.max(1, error.details.retryAfterSeconds ?? QUOTA_FALLBACK_WAIT_SECONDS);
      await continueWith(record, stepOf(body), wait);
      return undefined;
    }
    if (error instanceof ConfluenceError && error.kind === 'rate-limited') {
      const retryAfter = Math.max(1, error.details.retryAfterSeconds ?? 60);
      await store.writeRecord(record);
      // The platform caps a retry's delay at the queue's longest; a longer wait takes hops.
      if (retryCount < PLATFORM_RETRIES && retryAfter <= MAX_DELAY_SECONDS) {
        return new InvocationError({
          retryAfter,
          retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
        });
      }
      // The platform retries an event only a few times; a long 429 storm must not end the audit.
      await continueWith(record, stepOf(body), retryAfter);
      return undefined;
    }
    const failures = record.failures + 1;
    const reason = describe(error);
    console.error('Access Lens: audit step failed', { step: body.step, failures, error });
    // The planning step has no space to give up; a space's attempts run out into giving it up,
    // and only when even that cannot be recorded does the audit end here.
    const limit = body.step === 'plan' ? MAX_SPACE_ATTEMPTS : MAX_SPACE_ATTEMPTS + GIVE_UP_ATTEMPTS;
    if (failures >= limit) {
      await finish({ ...record, failures }, 'failed', {
        kind: 'upstream-failed',
        error: reason,
        attempts: failures,
      });
      return undefined;
    }
    const failed: AuditRecord = { ...record, failures, lastError: reason };
    await store.writeRecord(failed);
    // Once the attempts have run out, the next delivery only records the space as given up.
    const retryAfter = failures >= MAX_SPACE_ATTEMPTS ? 1 : retryDelaySeconds(failures);
    if (retryCount < PLATFORM_RETRIES) {
      return new InvocationError({
        retryAfter,
        retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      });
    }
    await continueWith(failed, stepOf(body), retryAfter);
    return undefined;
  }

  async function plan(client: ConfluenceClient, meter: Meter, record: AuditRecord): Promise<void> {
    if (await cancelled(meter, record)) return;
    let current = record;
    if (!record.planned) {
      const { items } = await collectAll(client.listSpaces({}, { limit: 250 }), {
        maxItems: 1_000_000,
      });
      const spaces: SpaceRef[] = items.map(spaceRef);
      const batches = groupsOf(spaces, BATCH_SIZE);
      await store.writePlan(record.auditId, batches);
      const roleMode = batches.length > 0 ? await readRoleMode(client) : undefined;
      current = {
        ...withoutError(meter.flush(record)),
        ...sharedPace(record, meter.pool),
        ...(roleMode === undefined ? {} : { roleMode }),
        state: 'running',
        planned: true,
        failures: 0,
        spacesTotal: spaces.length,
        batches: batches.length,
      };
      await store.writeRecord(current);
    }
    if (current.batches === 0) {
      await finish(current, 'completed');
      return;
    }
    const wait = poolWait(meter.pool, current.maxSearchPoints, clock.now());
    await continueWith(current, { step: 'batch', batch: current.nextBatch }, wait ?? 0);
  }

  /**
   * Gives up the space in progress after its attempts ran out: stored with one finding saying it
   * was not audited (so the report and the diff show it), listed in the record with why, and
   * without the users cache (which must not be what fails again).
   */
  async function giveUpSpace(
    record: AuditRecord,
    checkpoint: BatchCheckpoint,
    spaceIndex: number,
    space: SpaceRef,
    meter: Meter,
  ): Promise<{ readonly record: AuditRecord; readonly checkpoint: BatchCheckpoint }> {
    const skipped: AuditSkippedSpace = {
      spaceKey: space.key,
      ...(space.name === undefined ? {} : { spaceName: space.name }),
      error: record.lastError ?? 'unknown error',
      attempts: record.failures,
    };
    console.error('Access Lens: audit gave up a space', skipped);
    const findings = auditSpace(
      {
        space,
        grants: { unknown: 'read-failed' },
        labelledContent: [],
        notInspectable: [{ reason: 'read-failed' }],
      },
      record.policy,
    );
    const listed = record.skippedSpaces ?? [];
    const last = spaceIndex === checkpoint.spaces.length - 1;
    const next: AuditRecord = {
      ...withoutError(meter.apply(record)),
      spacesDone: record.spacesDone + 1,
      failures: 0,
      spacesSkipped: (record.spacesSkipped ?? 0) + 1,
      skippedSpaces: listed.length < MAX_LISTED_SKIPPED ? [...listed, skipped] : listed,
      skippedInRow: (record.skippedInRow ?? 0) + 1,
      ...(last ? { nextBatch: checkpoint.index + 1 } : {}),
    };
    const committed = await store.commitSpace({
      record: next,
      checkpoint,
      spaceIndex,
      findings,
      dropLedger: space.key,
    });
    meter.reset();
    return { record: next, checkpoint: committed };
  }

  /**
   * The spaces of `spaces` whose last reading stands (docs/ARCHITECTURE.md, "Re-audits"), with
   * it: no change reported since it, the same policy, and the same labelled content by a search
   * that expands only the labels.
   */
  async function carriedSpaces(
    client: ConfluenceClient,
    spaces: readonly SpaceRef[],
    labels: readonly string[],
    policyPrint: string,
  ): Promise<Map<string, SpaceLedger>> {
    const signals = await store.readSpaceSignals(spaces.map((s) => s.key));
    const light = await searchLabelled(client, spaces, labels, { expand: LIGHT_SEARCH_EXPAND });
    const carried = new Map<string, SpaceLedger>();
    for (const space of spaces) {
      const known = signals.get(space.key);
      const print = labelledFingerprint(light, space.key);
      if (
        known?.ledger !== undefined &&
        carryDecision(known, print, policyPrint, light.truncated) === 'carry'
      ) {
        carried.set(space.key, known.ledger);
      }
    }
    return carried;
  }

  async function runBatch(
    client: ConfluenceClient,
    meter: Meter,
    initial: AuditRecord,
    index: number,
    budget: InvocationBudget,
    track: (record: AuditRecord) => void,
  ): Promise<void> {
    let record = initial;
    let checkpoint: BatchCheckpoint | undefined = await store.readBatch(record.auditId, index);
    if (checkpoint === undefined) throw new Error(`The plan of batch ${String(index)} is missing`);
    const people = await store.readUsers(record.auditId);
    const users = new Map<string, UserFacts>(Object.entries(people?.users ?? {}));
    const groups = new Map<string, string | null>(Object.entries(people?.groups ?? {}));
    const known = record.roleMode;
    // Users and groups persist for the whole audit (KVS); restrictions live for this batch.
    const reads = createSpaceAuditReads(client, {
      users,
      groups,
      ...(known === undefined ? {} : { roleMode: () => Promise.resolve(known) }),
    });
    const spaces = checkpoint.spaces;
    let labelled: LabelledSearch | undefined;
    /** When this invocation's search began: what a read made from it saw no change after. */
    let searchedAt = 0;
    const policyPrint = policyFingerprint(record.policy);
    /** In an incremental audit, the spaces of the rest of the batch nothing says changed. */
    let carrying: Map<string, SpaceLedger> | undefined;
    // Spaces committed by this invocation: a space cut off by the invocation's time after others
    // is not the space's failure.
    let committedHere = 0;
    for (let j = checkpoint.done; j < spaces.length; j += 1) {
      const space = spaces[j];
      if (space === undefined) break;
      if (await cancelled(meter, record)) return;
      if (Date.now() > budget.spacesUntil) {
        // Long batches continue in a fresh invocation, well before the platform's 900 s.
        record = await continueWith(meter.flush(record), { step: 'batch', batch: index });
        track(record);
        return;
      }
      if (record.failures >= MAX_SPACE_ATTEMPTS) {
        ({ record, checkpoint } = await giveUpSpace(record, checkpoint, j, space, meter));
        track(record);
        committedHere += 1;
        if ((record.skippedInRow ?? 0) >= MAX_SKIPPED_IN_ROW) {
          await finish(record, 'failed', {
            kind: 'spaces-failing',
            skipped: record.skippedInRow ?? 0,
            error: record.skippedSpaces?.at(-1)?.error ?? 'unknown error',
          });
          return;
        }
        continue;
      }
      const searching = labelled === undefined;
      const reserve = record.maxSpacePoints + (searching ? record.maxSearchPoints : 0);
      const now = clock.now();
      const poolLow = poolWait(meter.pool, reserve, now);
      if (poolLow !== undefined) {
        record = await continueWith(meter.flush(record), { step: 'batch', batch: index }, poolLow);
        track(record);
        return;
      }
      const decision = pace(record, reserve, now);
      if (!decision.go) {
        record = meter.flush(record);
        track(record);
        if ('capped' in decision) {
          await finish(record, 'partial', {
            kind: 'budget',
            pointsBudget: record.pointsBudget,
            hours: MAX_AUDIT_HOURS,
            pointsPerHour: record.pointsPerHour,
            spacesDone: record.spacesDone,
            spacesTotal: record.spacesTotal,
          });
          return;
        }
        track(await continueWith(record, { step: 'batch', batch: index }, decision.waitSeconds));
        return;
      }
      let findings: CarriedFinding[];
      let spacePoints: number;
      let labelledPrint: string;
      let carried = false;
      let carriedReadAt = '';
      try {
        if (labelled === undefined) {
          const before = meter.points;
          searchedAt = clock.now();
          const remaining = spaces.slice(j);
          const labels = record.policy.sensitiveLabels;
          if (record.mode === 'incremental') {
            carrying = await carriedSpaces(client, remaining, labels, policyPrint);
            const toRead = remaining.filter((s) => !carrying?.has(s.key));
            labelled =
              toRead.length > 0
                ? await searchLabelled(client, toRead, labels)
                : { bySpace: new Map(), truncated: false };
          } else {
            labelled = await searchLabelled(client, remaining, labels);
          }
          record = {
            ...record,
            maxSearchPoints: Math.max(record.maxSearchPoints, meter.points - before),
          };
        }
        labelledPrint = labelledFingerprint(labelled, space.key);
        const kept = carrying?.get(space.key);
        if (kept !== undefined) {
          // Nothing says the space changed since its last read: its findings stand, marked.
          const stored = await store.readLedgerFindings(space.key, kept);
          findings = stored.map((finding: CarriedFinding) =>
            finding.carried === undefined
              ? { ...finding, carried: { readAt: kept.readAtIso } }
              : finding,
          );
          spacePoints = 0;
          carried = true;
          carriedReadAt = kept.readAtIso;
        } else {
          const before = meter.points;
          findings = await auditOneSpace(reads, space, labelled, record.policy);
          spacePoints = meter.points - before;
        }
      } catch (error) {
        if (committedHere > 0 && Date.now() >= budget.callsUntil) {
          // This invocation's time ran out part-way through a space that started late: the
          // next invocation gives it its whole time, without counting a failure.
          record = await continueWith(meter.flush(record), { step: 'batch', batch: index });
          track(record);
          return;
        }
        throw error;
      }
      const last = j === spaces.length - 1;
      const next: AuditRecord = {
        ...withoutError(meter.apply(record)),
        spacesDone: record.spacesDone + 1,
        maxSpacePoints: Math.max(record.maxSpacePoints, spacePoints),
        failures: 0,
        skippedInRow: 0,
        ...(carried
          ? {
              spacesCarried: (record.spacesCarried ?? 0) + 1,
              carriedSince: earlierIso(record.carriedSince, carriedReadAt),
            }
          : {}),
        ...(last ? { nextBatch: index + 1 } : {}),
      };
      // Only a committed space moves the record on: a failed commit leaves the record (and its
      // failure count) where it was, so the space is attempted again and counted once.
      checkpoint = await store.commitSpace({
        record: next,
        checkpoint,
        spaceIndex: j,
        findings,
        users: { users: Object.fromEntries(users), groups: Object.fromEntries(groups) },
        ...(carried
          ? {}
          : {
              ledger: {
                spaceKey: space.key,
                entry: {
                  readAt: searchedAt,
                  readAtIso: new Date(searchedAt).toISOString(),
                  policy: policyPrint,
                  labelled: labelledPrint,
                  findingsIn: record.auditId,
                },
              },
            }),
      });
      meter.reset();
      record = next;
      track(record);
      committedHere += 1;
    }
    if (record.nextBatch <= index) {
      // Every space was already committed (a retry after the last commit): move the chain on.
      record = { ...meter.flush(record), nextBatch: index + 1 };
      track(record);
    }
    if (record.nextBatch >= record.batches) {
      await finish(record, 'completed');
      return;
    }
    const wait = poolWait(meter.pool, record.maxSearchPoints, clock.now());
    track(await continueWith(record, { step: 'batch', batch: record.nextBatch }, wait ?? 0));
  }

  async function cancelled(meter: Meter, record: AuditRecord): Promise<boolean> {
    const cancel = await store.readCancel(record.auditId);
    if (cancel === undefined) return false;
    await finish(meter.flush(record), 'cancelled', { kind: 'cancelled', at: cancel.at });
    return true;
  }

  /**
   * Ends the audit: merges what the batches stored into one normalised list (so a space stored
   * twice counts once), keeps it in chunks for the report, and releases the lock.
   */
  async function finish(record: AuditRecord, state: AuditState, stop?: AuditStop): Promise<void> {
    const latest = (await store.readRecord(record.auditId)) ?? record;
    if (isTerminal(latest.state)) {
      await store.releaseLock(record.auditId);
      return;
    }
    const findings = normaliseFindings(await store.readBatchFindings(record));
    const findingChunks = await store.writeFindings(record.auditId, findings);
    await store.writeRecord({
      ...record,
      state,
      finishedAt: new Date(clock.now()).toISOString(),
      summary: summarizeFindings(findings),
      findingChunks,
      ...(stop === undefined ? {} : { stop }),
    });
    if (state === 'completed' && record.mode !== 'incremental') {
      // The reconciliation period counts from the start of the last full audit that completed.
      await store.writeLastFull({ at: record.startedAtMs, auditId: record.auditId });
    }
    await store.releaseLock(record.auditId);
  }

  return { start: startAuditJob, worker: auditWorker, tend, finish, clock };
}
