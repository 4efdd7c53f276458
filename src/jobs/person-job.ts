/**
 * "What can this person see?" for the admin page, as a queue job: the answer is the engine's over
 * every space (src/app/person-reach.ts), and reading a large site takes longer than a resolver
 * may run, so the job reads a few spaces per step, as the app, and stores each step's part of the
 * answer before the next step is queued.
 *
 * One event per check is in flight: the first step reads the person, the anonymous evidence, the
 * space list and the role mode and writes the plan; each further step reads the next spaces and
 * commits their part (result chunks first, then the record, so a step redone after a kill writes
 * the same chunks again and counts them once). An event whose step is already committed is a
 * duplicate and does nothing, except when it is the platform's retry of a step that was stopped
 * after its commit, which queues the next step itself (the stopped one may not have).
 *
 * Points: the check reads what is left of the app's shared pool from every response's quota
 * headers and, once the next space could take it under the floor the audit keeps
 * (src/jobs/pool.ts), ends its step and waits for the pool's reset; a quota 429 (the pool is
 * empty) waits for the reset Confluence names without counting as a failed attempt. Waits longer
 * than the queue's longest delay are taken in hops (`resumeAt`), reading nothing. A check also
 * spends at most PERSON_POOL_SHARE of the pool in any hour of its own, so one check of a very
 * large site never takes the pool from the macro and the audit; past it, it waits for its next
 * hour.
 *
 * Failures: a step is attempted MAX_STEP_ATTEMPTS times with doubling waits, then the check ends
 * as failed. A lock per person keeps one check at a time; a check without a sign of life for
 * STALE_AFTER_MS no longer holds its person, so a new "Check" can take over. A check whose next
 * step was lost is queued again when the admin page asks after it (`resume`). Each step beats
 * before its work and commits only over the progress it started from (`swapPersonRecord`), so a
 * step delivered twice at once commits once and continues as one chain. A check not done within
 * MAX_CHECK_MS ends as failed.
 *
 * Steps grow with the site (at least SPACES_PER_STEP spaces, and at most MAX_STEPS of them), so a
 * check of 20,000 spaces stays inside Forge's 1,000 pushes per chain
 * (https://developer.atlassian.com/platform/forge/limits-async-events/).
 */
import { randomUUID } from 'node:crypto';
import type { AsyncEvent } from '@forge/events';
import { z } from 'zod';
import { ConfluenceClient } from '../confluence/client';
import { ConfluenceError } from '../confluence/errors';
import type { ConfluenceTransport } from '../confluence/transport';
import { loadReachSpace, loadReachSpaceList } from '../access/load-person-reach';
import { combineReach, reachOfSpaces, readPersonContext } from '../app/person-reach';
import type { PersonReachAnswer } from '../app/person-reach';
import type { ReachSpace } from '../core';
import type * as store from '../storage/person-reach';
import type { PersonLock, PersonRecord } from '../storage/person-reach';
import type { AuditQueue, JobClock } from './ports';
import { HOURLY_POINTS_POOL, QUOTA_FALLBACK_WAIT_SECONDS, poolWait } from './pool';
import type { PoolReading } from './pool';

/** The manifest's `consumer.queue` of `person-consumer`. */
export const PERSON_QUEUE = 'access-lens-person';
/** The fewest spaces a step reads: small enough that progress moves on a small site. */
export const SPACES_PER_STEP = 3;
/** The most steps a check takes, well inside the 1,000 pushes one chain may make. */
export const MAX_STEPS = 800;
export const MAX_STEP_ATTEMPTS = 5;
const FIRST_RETRY_SECONDS = 15;
const MAX_DELAY_SECONDS = 900;
/** A check with no heartbeat for this long is dead (a step runs at most a consumer's 900 s). */
export const STALE_AFTER_MS = 3_600_000;
/**
 * A running check with no heartbeat for this long has lost its next step: a step and the
 * longest delay before the next one take at most 30 minutes, and every hop of a longer wait
 * beats. The admin page's next look queues the step again (`resume`).
 */
export const RESUME_AFTER_MS = 40 * 60_000;
/**
 * A check not finished this long after it started ends as failed, releasing its person: under a
 * pool that other installs keep empty it would otherwise wait for ever.
 */
export const MAX_CHECK_MS = 24 * 3_600_000;
/** The most of the app's hourly pool one check spends in an hour of its own. */
export const PERSON_POOL_SHARE = 0.1;
const HOUR_MS = 3_600_000;
/** How long a finished answer is shown as it is before the page offers only "Check again". */
export const PERSON_CACHE_TTL_MS = 24 * 3_600_000;
/** Stop starting spaces after this much of an invocation; calls end at CLIENT_DEADLINE_MS. */
const STEP_BUDGET_MS = 600_000;
const CLIENT_DEADLINE_MS = 800_000;

export type PersonStore = Pick<
  typeof store,
  | 'claimPersonLock'
  | 'readPersonLock'
  | 'replacePersonLock'
  | 'releasePersonLock'
  | 'readPersonRecord'
  | 'writePersonRecord'
  | 'swapPersonRecord'
  | 'writePersonPlan'
  | 'readPlannedSpaces'
  | 'writeReachChunks'
  | 'readReach'
  | 'deleteReachChunks'
  | 'reachItems'
>;

export interface PersonJobPorts {
  readonly clock: JobClock;
  readonly queue: AuditQueue;
  readonly store: PersonStore;
  /** Confluence as the app: the check reads every space the app can, as the audit does. */
  readonly appTransport: () => ConfluenceTransport;
}

export type StartOutcome =
  | { readonly started: true; readonly record: PersonRecord }
  | { readonly started: false; readonly record?: PersonRecord };

export interface PersonJob {
  readonly clock: JobClock;
  start(accountId: string, startedBy: string): Promise<StartOutcome>;
  /** The stored answer of a completed check, as `answerPersonReach` gives it. */
  answer(record: PersonRecord): Promise<PersonReachAnswer | undefined>;
  /**
   * `record` as it stands, or, when it is running without a heartbeat for RESUME_AFTER_MS, its
   * next step queued again (a delivery lost by the platform) and the record as touched.
   */
  resume(record: PersonRecord): Promise<PersonRecord>;
  worker(event: AsyncEvent): Promise<void>;
}

const eventSchema = z.object({
  kind: z.literal('person-step'),
  accountId: z.string().min(1).max(128),
  jobId: z.string().min(1).max(64),
  /** The spaces committed when the step was queued; -1 for the planning step. */
  done: z.number().int().min(-1),
  /** Not before this instant (job clock, epoch ms): a wait for the pool longer than one delay. */
  resumeAt: z.number().int().nonnegative().optional(),
});
type StepEvent = z.infer<typeof eventSchema>;

export function createPersonJob(ports: PersonJobPorts): PersonJob {
  const { clock, queue, store: kv } = ports;
  const iso = () => new Date(clock.now()).toISOString();
  const push = (event: StepEvent, delayInSeconds?: number) =>
    queue.push({
      body: event,
      ...(delayInSeconds === undefined ? {} : { delayInSeconds }),
    });
  /** The step again once `waitSeconds` have passed, in hops of the queue's longest delay. */
  const pushAfter = (event: StepEvent, waitSeconds: number) => {
    const resumeAt = clock.now() + Math.ceil(waitSeconds * 1000);
    return push({ ...event, resumeAt }, Math.min(MAX_DELAY_SECONDS, Math.ceil(waitSeconds)));
  };

  async function start(accountId: string, startedBy: string): Promise<StartOutcome> {
    const now = clock.now();
    const lock: PersonLock = {
      jobId: `${now.toString(36)}-${randomUUID().slice(0, 8)}`,
      claimedAt: now,
    };
    const previous = await kv.readPersonRecord(accountId);
    if (!(await kv.claimPersonLock(accountId, lock))) {
      const notStarted: StartOutcome =
        previous === undefined ? { started: false } : { started: false, record: previous };
      const held = await kv.readPersonLock(accountId);
      if (held === undefined) return notStarted;
      const own = previous?.jobId === held.jobId ? previous : undefined;
      // A lock is stale when its check ended without releasing it, or shows no sign of life.
      const heartbeat = own === undefined ? held.claimedAt : Date.parse(own.updatedAt);
      const stale = (own !== undefined && isDone(own)) || now - heartbeat >= STALE_AFTER_MS;
      if (!stale || !(await kv.replacePersonLock(accountId, held, lock))) return notStarted;
    }
    const record: PersonRecord = {
      jobId: lock.jobId,
      accountId,
      state: 'queued',
      startedAt: new Date(now).toISOString(),
      startedBy,
      updatedAt: new Date(now).toISOString(),
      spacesDone: 0,
      chunks: 0,
      attempts: 0,
      steps: 0,
      requests: 0,
      points: 0,
      ...(previous === undefined
        ? {}
        : { previous: { jobId: previous.jobId, chunks: previous.chunks } }),
    };
    await kv.writePersonRecord(record);
    await push({ kind: 'person-step', accountId, jobId: lock.jobId, done: -1 });
    return { started: true, record };
  }

  async function answer(record: PersonRecord): Promise<PersonReachAnswer | undefined> {
    if (record.state !== 'completed' || record.context === undefined) return undefined;
    const stored = await kv.readReach(record);
    if (stored === undefined) return undefined;
    // The stored lists, with the person's standing as the engine words it.
    return { subject: record.context.subject, reach: combineReach(record.context, [stored]) };
  }

  async function worker(event: AsyncEvent): Promise<void> {
    const parsed = eventSchema.safeParse(event.body);
    if (!parsed.success) return;
    const step = parsed.data;
    const record = await kv.readPersonRecord(step.accountId);
    if (record === undefined || record.jobId !== step.jobId || isDone(record)) return;
    const committed = progressOf(record);
    if (step.done !== committed) {
      // Already done. The platform retries a delivery it stopped; the step it stopped may have
      // committed without queueing the next one, so the retry does.
      if ((event.retryContext?.retryCount ?? 0) > 0 && step.done < committed) {
        await push({ ...step, done: committed });
      }
      return;
    }
    const started = clock.now();
    if (started - Date.parse(record.startedAt) > MAX_CHECK_MS) {
      await finish(
        { ...record, state: 'failed', finishedAt: iso(), error: 'Not done in a day' },
        committed,
      );
      return;
    }
    // A sign of life before the work, so a long step or a wait is never taken for a lost one;
    // a stored record that moved on meanwhile means another delivery of this step got there.
    const alive = await kv.swapPersonRecord({ ...record, updatedAt: iso() }, (stored) =>
      atProgress(stored, record.jobId, committed),
    );
    if (!alive) return;
    if (step.resumeAt !== undefined && started < step.resumeAt) {
      // One hop of a long wait for the pool: nothing is read.
      await pushAfter(step, (step.resumeAt - started) / 1000);
      return;
    }
    const hour = currentHour(record, started);
    const budget = hourBudget(record.poolLimit);
    if (hour.points >= budget) {
      // This hour's share is spent: nothing is read until the check's next hour.
      await pushAfter(step, (hour.startedAt + HOUR_MS - started) / 1000);
      return;
    }
    const spent = { requests: 0, points: 0 };
    const meter: { pool?: PoolReading } = {};
    const client = new ConfluenceClient(ports.appTransport(), {
      deadlineAt: started + CLIENT_DEADLINE_MS,
      sleep: (ms) => clock.sleep(ms),
      now: () => clock.now(),
      onResponse: (response) => {
        spent.requests += 1;
        spent.points += response.points;
        const quota = response.rateLimit.quota;
        if (quota !== undefined) meter.pool = { quota, seenAt: clock.now() };
      },
    });
    let next: PersonRecord;
    let poolLow: number | undefined;
    try {
      if (step.done === -1) next = await plan(record, client);
      else {
        const share = { room: budget - hour.points, endsAt: hour.startedAt + HOUR_MS };
        ({ record: next, poolLow } = await readSpaces(
          record,
          client,
          started,
          meter,
          spent,
          share,
        ));
      }
    } catch (error) {
      await failed(record, step, error, spent, committed);
      return;
    }
    const { requests, points } = spent;
    // Past this point a failure is the platform's to retry: the step is committed or not, and
    // its retry either does it again or, finding it committed, queues the next one.
    const limit = meter.pool?.quota.limit ?? record.poolLimit;
    const counted: PersonRecord = {
      ...next,
      requests: record.requests + requests,
      points: record.points + points,
      steps: record.steps + 1,
      attempts: 0,
      updatedAt: iso(),
      hour: { startedAt: hour.startedAt, points: hour.points + points },
      ...(limit === undefined ? {} : { poolLimit: limit }),
    };
    if ((counted.spacesTotal ?? 0) <= counted.spacesDone) {
      await finish({ ...counted, state: 'completed', finishedAt: iso() }, committed);
      return;
    }
    // Committed only over the progress this step started from: a duplicate that got there
    // first has committed it and queued the next step, so this one stops.
    if (!(await commit(counted, committed))) return;
    const { resumeAt: _waited, ...rest } = step;
    const following = { ...rest, done: counted.spacesDone };
    // A step that used what was left above the floor (the plan, or its last space) leaves the
    // next one to wait as well: a new invocation knows nothing of the pool until it has read.
    const wait = poolLow ?? poolWait(meter.pool, 0, clock.now());
    await (wait === undefined ? push(following) : pushAfter(following, wait));
  }

  async function plan(record: PersonRecord, client: ConfluenceClient): Promise<PersonRecord> {
    const [context, { spaces, roleMode }] = await Promise.all([
      readPersonContext(client, record.accountId),
      loadReachSpaceList(client),
    ]);
    const planSizes = await kv.writePersonPlan(record.jobId, spaces);
    return {
      ...record,
      state: 'running',
      context,
      roleMode,
      planSizes,
      spacesTotal: spaces.length,
      spacesDone: 0,
    };
  }

  /**
   * The next spaces of the plan, committed as result chunks. `poolLow`: the step ended early
   * because the next space could take the app's pool under the floor, or the check past its
   * share of the hour; seconds to wait (the pool's reset, or the check's next hour).
   */
  async function readSpaces(
    record: PersonRecord,
    client: ConfluenceClient,
    started: number,
    meter: { readonly pool?: PoolReading },
    spent: { readonly points: number },
    /** Points left of the check's share this hour, and when its hour ends. */
    share: { readonly room: number; readonly endsAt: number },
  ): Promise<{ record: PersonRecord; poolLow?: number }> {
    const { context, roleMode, spacesTotal = 0 } = record;
    if (context === undefined || roleMode === undefined) throw new Error('No plan to follow');
    const perStep = Math.max(SPACES_PER_STEP, Math.ceil(spacesTotal / MAX_STEPS));
    const spaces = await kv.readPlannedSpaces(record, record.spacesDone, perStep);
    const read: ReachSpace[] = [];
    let poolLow: number | undefined;
    let lastSpacePoints = 0;
    for (const space of spaces) {
      // A long step ends early with what it has: the next step goes on from there.
      if (read.length > 0 && clock.now() - started > STEP_BUDGET_MS) break;
      // So does a step whose next space could take the shared pool under the floor, or the
      // check past its share of this hour (the next step then waits for its next hour).
      poolLow = poolWait(meter.pool, lastSpacePoints, clock.now());
      if (poolLow !== undefined && read.length > 0) break;
      poolLow = undefined;
      if (read.length > 0 && spent.points + lastSpacePoints > share.room) {
        poolLow = Math.max(1, (share.endsAt - clock.now()) / 1000);
        break;
      }
      const before = spent.points;
      try {
        read.push(await loadReachSpace(client, space, roleMode));
      } catch (error) {
        // The pool emptied under this step: what it read is kept, the rest waits for the reset.
        if (read.length === 0 || !(error instanceof ConfluenceError) || !isQuota(error))
          throw error;
        poolLow = quotaWait(error);
        break;
      }
      lastSpacePoints = spent.points - before;
    }
    const items = kv.reachItems(reachOfSpaces(context, read));
    const written = await kv.writeReachChunks(record.jobId, record.chunks, items);
    return {
      record: {
        ...record,
        chunks: record.chunks + written,
        spacesDone: record.spacesDone + read.length,
      },
      ...(poolLow === undefined ? {} : { poolLow }),
    };
  }

  /** Writes the step's record over the progress it started from only; false when it had moved. */
  function commit(record: PersonRecord, from: number): Promise<boolean> {
    return kv.swapPersonRecord(record, (stored) => atProgress(stored, record.jobId, from));
  }

  async function finish(record: PersonRecord, from: number): Promise<void> {
    if (!(await commit(record, from))) return;
    await kv.releasePersonLock(record.accountId, record.jobId);
    // The answer this one replaces is no longer shown anywhere.
    if (record.previous !== undefined && record.previous.jobId !== record.jobId) {
      await kv.deleteReachChunks(record.previous.jobId, record.previous.chunks);
    }
  }

  async function failed(
    record: PersonRecord,
    step: StepEvent,
    error: unknown,
    spent: { requests: number; points: number },
    from: number,
  ): Promise<void> {
    if (error instanceof ConfluenceError && isQuota(error)) {
      // The app's pool is empty for every install until it resets: not this check's failure.
      const waiting = {
        ...record,
        requests: record.requests + spent.requests,
        points: record.points + spent.points,
        updatedAt: iso(),
      };
      if (await commit(waiting, from)) await pushAfter(step, quotaWait(error));
      return;
    }
    const attempts = record.attempts + 1;
    const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
    const counted = {
      ...record,
      attempts,
      requests: record.requests + spent.requests,
      points: record.points + spent.points,
      updatedAt: iso(),
    };
    if (attempts >= MAX_STEP_ATTEMPTS) {
      console.error('Access Lens: a person check failed', message);
      await finish({ ...counted, state: 'failed', finishedAt: iso(), error: message }, from);
      return;
    }
    if (await commit(counted, from)) await push(step, retryDelaySeconds(error, attempts));
  }

  async function resume(record: PersonRecord): Promise<PersonRecord> {
    if (isDone(record) || clock.now() - Date.parse(record.updatedAt) < RESUME_AFTER_MS) {
      return record;
    }
    const touched: PersonRecord = { ...record, updatedAt: iso() };
    // Only over the record as read: a step that beat or committed meanwhile is alive, and is
    // left alone. A delivery of the lost step that still comes runs it, and this one then finds
    // the step committed (or its start refused) and does nothing.
    const done = progressOf(record);
    const untouched = await kv.swapPersonRecord(
      touched,
      (stored) => atProgress(stored, record.jobId, done) && stored.updatedAt === record.updatedAt,
    );
    if (!untouched) return (await kv.readPersonRecord(record.accountId)) ?? record;
    await push({ kind: 'person-step', accountId: record.accountId, jobId: record.jobId, done });
    return touched;
  }

  return { clock, start, answer, resume, worker };
}

function isDone(record: PersonRecord): boolean {
  return record.state === 'completed' || record.state === 'failed';
}

/** The check's current hour of its own: the stored one, or a new one once that has passed. */
function currentHour(
  record: PersonRecord,
  now: number,
): { readonly startedAt: number; readonly points: number } {
  const hour = record.hour;
  return hour !== undefined && now - hour.startedAt < HOUR_MS
    ? hour
    : { startedAt: now, points: 0 };
}

/** The points one check may spend in an hour of its own: its share of the pool reported. */
function hourBudget(poolLimit: number | undefined): number {
  return Math.max(1, Math.floor(PERSON_POOL_SHARE * (poolLimit ?? HOURLY_POINTS_POOL)));
}

/** The spaces a record has committed; -1 before its plan. */
function progressOf(record: PersonRecord): number {
  return record.spacesTotal === undefined ? -1 : record.spacesDone;
}

/** Whether `stored` is still the running check `jobId` at `progress`. */
function atProgress(stored: PersonRecord, jobId: string, progress: number): boolean {
  return stored.jobId === jobId && !isDone(stored) && progressOf(stored) === progress;
}

/** How long a quota 429 keeps the check away: the reset Confluence names. */
function quotaWait(error: ConfluenceError): number {
  return Math.max(1, error.details.retryAfterSeconds ?? QUOTA_FALLBACK_WAIT_SECONDS);
}

/** Doubling from 15 s, and no sooner than a 429 says, within the queue's 900 s. */
function retryDelaySeconds(error: unknown, attempts: number): number {
  const backoff = FIRST_RETRY_SECONDS * 2 ** (attempts - 1);
  const named =
    error instanceof ConfluenceError && error.kind === 'rate-limited'
      ? error.details.retryAfterSeconds
      : undefined;
  return Math.min(MAX_DELAY_SECONDS, Math.max(backoff, named ?? 0));
}

/** A 429 of the app's hourly pool (not a burst limit, which the client waits out in place). */
function isQuota(error: ConfluenceError): boolean {
  return error.kind === 'rate-limited' && error.details.rateLimit === 'quota';
}
