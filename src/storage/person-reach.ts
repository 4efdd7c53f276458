/**
 * "What can this person see?" checks in Forge KVS. Key layout (`{person}` is the account id,
 * `{job}` the check's id):
 *
 * | key                          | value                                                  | lifetime      |
 * | ---------------------------- | ------------------------------------------------------ | ------------- |
 * | `person:lock:{person}`       | `{ jobId, claimedAt }`: the check that runs            | until it ends |
 * | `person:rec:{person}`        | `PersonRecord`: the latest check, its progress, state  | RECORD_TTL    |
 * | `person:plan:{job}:{c}`      | the spaces to read, chunk c (sizes in the record)      | WORK_TTL      |
 * | `person:res:{job}:{c}`       | the engine's answer so far, chunk c of `ReachItem`s    | RESULT_TTL    |
 *
 * The answer is kept as a list of items (a space, a page, a footprint entry, a coverage fact),
 * in the engine's order, split into chunks of at most MAX_CHUNK_BYTES: a person with access to
 * 100,000 pages that differ from their space never makes a value too large. Each step writes its
 * chunks at the indices after the committed ones, then the record: a step redone after a kill
 * writes the same indices again, and only the record's `chunks` says which ones count.
 *
 * Results outlive their record (RESULT_TTL > RECORD_TTL), so a record never names chunks that
 * have expired; a newer check of the same person deletes the older check's chunks.
 */
import { kvs } from '@forge/kvs';
import type {
  FootprintEntry,
  PageReach,
  PersonReach,
  SpaceReach,
  SpaceRef,
  UnknownCause,
} from '../core';
import type { PersonContext } from '../app/person-reach';
import type { RoleModeAnswer } from '../access/space-grants';
import { KVS_BATCH_ITEMS, chunkByBytes, groupsOf, isKeyConflict, isKvsNotFound } from './kvs-util';

export const RECORD_TTL = { value: 7, unit: 'DAYS' } as const;
export const RESULT_TTL = { value: 8, unit: 'DAYS' } as const;
export const WORK_TTL = { value: 3, unit: 'DAYS' } as const;

export type PersonCheckState = 'queued' | 'running' | 'completed' | 'failed';

export interface PersonLock {
  readonly jobId: string;
  readonly claimedAt: number;
}

export interface PersonRecord {
  readonly jobId: string;
  readonly accountId: string;
  readonly state: PersonCheckState;
  /** ISO instants. */
  readonly startedAt: string;
  readonly startedBy: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
  /** Known once the plan is written. */
  readonly spacesTotal?: number;
  readonly spacesDone: number;
  /** Result chunks committed. */
  readonly chunks: number;
  /**
   * The check's own hour of the shared pool (person-job.ts, PERSON_POOL_SHARE): when it began
   * (job clock, epoch ms) and the points spent in it so far; absent before the first step.
   */
  readonly hour?: { readonly startedAt: number; readonly points: number };
  /** The app's pool per hour as the quota headers last reported it. */
  readonly poolLimit?: number;
  /** Spaces per plan chunk, in order. */
  readonly planSizes?: readonly number[];
  readonly context?: PersonContext;
  readonly roleMode?: RoleModeAnswer;
  /** Failed attempts of the step in progress; a committed step resets it. */
  readonly attempts: number;
  readonly steps: number;
  readonly requests: number;
  readonly points: number;
  /** Why a failed check failed: for the developer, never shown as it is. */
  readonly error?: string;
  /** The check this one replaced, whose result chunks go once this one has ended. */
  readonly previous?: { readonly jobId: string; readonly chunks: number };
}

/** One entry of the stored answer, in the engine's order; short tags keep chunks small. */
export type ReachItem =
  | { readonly s: SpaceReach }
  | { readonly p: PageReach }
  | { readonly f: FootprintEntry }
  | { readonly n: string }
  | { readonly g: { readonly spaceKey: string; readonly cause: UnknownCause } }
  | { readonly c: number };

const lockKey = (accountId: string) => `person:lock:${accountId}`;
const recordKey = (accountId: string) => `person:rec:${accountId}`;
const planKey = (jobId: string, chunk: number) => `person:plan:${jobId}:${String(chunk)}`;
const resultKey = (jobId: string, chunk: number) => `person:res:${jobId}:${String(chunk)}`;

// ── the lock: one check per person at a time ─────────────────────────────────────────────────

export async function claimPersonLock(accountId: string, lock: PersonLock): Promise<boolean> {
  try {
    await kvs.set(lockKey(accountId), lock, { keyPolicy: 'FAIL_IF_EXISTS' });
    return true;
  } catch (error) {
    if (isKeyConflict(error)) return false;
    throw error;
  }
}

export function readPersonLock(accountId: string): Promise<PersonLock | undefined> {
  return kvs.get<PersonLock>(lockKey(accountId));
}

/**
 * Takes over a lock judged stale, if it is still `stale`: one atomic swap returning what it
 * replaced; a taker that swapped out someone else's newer lock puts it back and loses.
 */
export async function replacePersonLock(
  accountId: string,
  stale: PersonLock,
  next: PersonLock,
): Promise<boolean> {
  const previous = await kvs.set<PersonLock>(lockKey(accountId), next, {
    keyPolicy: 'OVERRIDE',
    returnValue: 'PREVIOUS',
  });
  if (previous === undefined) return true;
  if (previous.value.jobId === stale.jobId && previous.value.claimedAt === stale.claimedAt) {
    return true;
  }
  await kvs.set(lockKey(accountId), previous.value);
  return false;
}

/** Releases the lock if `jobId` still holds it. */
export async function releasePersonLock(accountId: string, jobId: string): Promise<void> {
  const lock = await readPersonLock(accountId);
  if (lock?.jobId !== jobId) return;
  await kvs.delete(lockKey(accountId)).catch((error: unknown) => {
    if (!isKvsNotFound(error)) throw error;
  });
}

// ── the record ───────────────────────────────────────────────────────────────────────────────

export function readPersonRecord(accountId: string): Promise<PersonRecord | undefined> {
  return kvs.get<PersonRecord>(recordKey(accountId));
}

export function writePersonRecord(record: PersonRecord): Promise<void> {
  return kvs.set(recordKey(record.accountId), record, { ttl: RECORD_TTL });
}

/**
 * Writes `next` only over a stored record `accept` agrees to (one atomic swap returning what it
 * replaced; a refused one is put back): a step commits only the progress it started from, so a
 * duplicate delivery of the same step, or a resume racing a live step, cannot commit twice or
 * roll progress back. False when refused.
 */
export async function swapPersonRecord(
  next: PersonRecord,
  accept: (stored: PersonRecord) => boolean,
): Promise<boolean> {
  const previous = await kvs.set<PersonRecord>(recordKey(next.accountId), next, {
    ttl: RECORD_TTL,
    keyPolicy: 'OVERRIDE',
    returnValue: 'PREVIOUS',
  });
  if (previous === undefined || accept(previous.value)) return true;
  await kvs.set(recordKey(next.accountId), previous.value, { ttl: RECORD_TTL });
  return false;
}

export const isFinished = (state: PersonCheckState): boolean =>
  state === 'completed' || state === 'failed';

// ── the plan ─────────────────────────────────────────────────────────────────────────────────

/** Stores the spaces in chunks; returns each chunk's size, for the record. */
export async function writePersonPlan(
  jobId: string,
  spaces: readonly SpaceRef[],
): Promise<number[]> {
  const chunks = chunkByBytes(spaces);
  await setAll(
    chunks.map((value, index) => ({
      key: planKey(jobId, index),
      value,
      options: { ttl: WORK_TTL },
    })),
  );
  return chunks.map((chunk) => chunk.length);
}

/** The spaces `from` to `from + count - 1` of the plan. */
export async function readPlannedSpaces(
  record: PersonRecord,
  from: number,
  count: number,
): Promise<SpaceRef[]> {
  const sizes = record.planSizes ?? [];
  const out: SpaceRef[] = [];
  let start = 0;
  for (let chunk = 0; chunk < sizes.length && out.length < count; chunk += 1) {
    const size = sizes[chunk] ?? 0;
    if (start + size > from) {
      const spaces = await kvs.get<SpaceRef[]>(planKey(record.jobId, chunk));
      if (spaces === undefined) throw new Error('The person check has lost its plan');
      const skip = Math.max(0, from - start);
      out.push(...spaces.slice(skip, skip + count - out.length));
    }
    start += size;
  }
  return out;
}

// ── the answer, in chunks ────────────────────────────────────────────────────────────────────

/** A part of the engine's answer as stored items, in its order. */
export function reachItems(part: PersonReach): ReachItem[] {
  return [
    ...part.spaces.map((s) => ({ s })),
    ...part.pages.map((p) => ({ p })),
    ...part.footprint.map((f) => ({ f })),
    ...part.coverage.spacesWithoutGrants.map((n) => ({ n })),
    ...part.coverage.contentGaps.map((g) => ({ g })),
    { c: part.coverage.contentRead },
  ];
}

/** Writes a step's items as chunks `first`, `first + 1`, …; returns how many. */
export async function writeReachChunks(
  jobId: string,
  first: number,
  items: readonly ReachItem[],
): Promise<number> {
  const chunks = chunkByBytes(items);
  await setAll(
    chunks.map((value, index) => ({
      key: resultKey(jobId, first + index),
      value,
      options: { ttl: RESULT_TTL },
    })),
  );
  return chunks.length;
}

/**
 * The stored answer (without `standing`, which comes from the person), or undefined when a chunk
 * is gone. Each step's items are in the engine's order, and steps follow the plan's order, so the
 * lists put together are the engine's lists over every space.
 */
export async function readReach(record: PersonRecord): Promise<PersonReach | undefined> {
  const keys = Array.from({ length: record.chunks }, (_, index) => resultKey(record.jobId, index));
  const byKey = new Map<string, ReachItem[]>();
  for (const group of groupsOf(keys, KVS_BATCH_ITEMS)) {
    const result = await kvs.batchGet<ReachItem[]>(group.map((key) => ({ key })));
    for (const found of result.successfulKeys) byKey.set(found.key, found.value);
  }
  const spaces: SpaceReach[] = [];
  const pages: PageReach[] = [];
  const footprint: FootprintEntry[] = [];
  const spacesWithoutGrants: string[] = [];
  const contentGaps: { spaceKey: string; cause: UnknownCause }[] = [];
  let contentRead = 0;
  for (const key of keys) {
    const items = byKey.get(key);
    if (items === undefined) return undefined;
    for (const item of items) {
      if ('s' in item) spaces.push(item.s);
      else if ('p' in item) pages.push(item.p);
      else if ('f' in item) footprint.push(item.f);
      else if ('n' in item) spacesWithoutGrants.push(item.n);
      else if ('g' in item) contentGaps.push(item.g);
      else contentRead += item.c;
    }
  }
  return {
    spaces,
    pages,
    footprint,
    coverage: { spaces: spaces.length, contentRead, spacesWithoutGrants, contentGaps },
  };
}

/** Deletes an older check's chunks (after a newer one ended); a missing key is fine. */
export async function deleteReachChunks(jobId: string, chunks: number): Promise<void> {
  const keys = Array.from({ length: chunks }, (_, index) => ({ key: resultKey(jobId, index) }));
  for (const group of groupsOf(keys, KVS_BATCH_ITEMS)) await kvs.batchDelete(group);
}

async function setAll(
  items: readonly {
    key: string;
    value: unknown;
    options: { ttl: { readonly value: number; readonly unit: 'DAYS' } };
  }[],
): Promise<void> {
  for (const group of groupsOf(items, KVS_BATCH_ITEMS)) {
    const result = await kvs.batchSet(group);
    if (result.failedKeys.length > 0) {
      throw new Error(`Could not store ${String(result.failedKeys.length)} person-check keys`);
    }
  }
}
