/**
 * Audit jobs in Forge KVS. Key layout (all plain keys; `{id}` is the audit id):
 *
 * | key                              | value                                         | lifetime      |
 * | -------------------------------- | --------------------------------------------- | ------------- |
 * | `audit:lock`                     | `{ auditId }` of the audit that may run       | until it ends |
 * | `audit:history`                  | `{ ids }`, newest first, at most HISTORY_LIMIT | kept          |
 * | `audit:rec:{id}`                 | `AuditRecord`: state, counters, plan, summary | kept (history)|
 * | `audit:cancel:{id}`              | `{ by, at }`: an admin asked to stop           | kept (history)|
 * | `audit:batch:{id}:{k}`           | `BatchCheckpoint` of batch k                  | 3 days        |
 * | `audit:sf:{id}:{k}:{j}:{c}`      | findings of space j of batch k, chunk c        | 3 days        |
 * | `audit:users:{id}`               | guest status of users met so far              | 3 days        |
 * | `audit:findings:{id}:{c}`        | the final, normalised findings, chunk c        | kept (history)|
 *
 * Only the job's consumer chain writes an audit's record after it is created (one event in flight
 * per audit), so the record never needs a conditional write; the resolvers only read it, and
 * stop a running audit through the separate cancel key.
 */
import { kvs } from '@forge/kvs';
import type { RoleModeAnswer } from '../access/space-grants';
import type { AuditState, AuditStop } from '../contract/admin';
import type { Finding, FindingsSummary, Policy } from '../core';
import type { SpaceRef } from '../core/model';
import { KVS_BATCH_ITEMS, chunkByBytes, groupsOf, isKeyConflict, isKvsNotFound } from './kvs-util';
import type { UserFacts } from '../access/load-space-audit';

export const HISTORY_LIMIT = 10;
/** Working keys outlive the longest audit (24 h of pacing) with room to spare. */
export const WORK_TTL = { value: 3, unit: 'DAYS' } as const;

export const AUDIT_LOCK_KEY = 'audit:lock';
export const AUDIT_HISTORY_KEY = 'audit:history';
export const recordKey = (id: string): string => `audit:rec:${id}`;
export const cancelKey = (id: string): string => `audit:cancel:${id}`;
export const batchKey = (id: string, batch: number): string => `audit:batch:${id}:${String(batch)}`;
export const spaceFindingsKey = (id: string, batch: number, space: number, chunk: number): string =>
  `audit:sf:${id}:${String(batch)}:${String(space)}:${String(chunk)}`;
export const usersKey = (id: string): string => `audit:users:${id}`;
export const findingsKey = (id: string, chunk: number): string =>
  `audit:findings:${id}:${String(chunk)}`;

export interface AuditRecord {
  readonly auditId: string;
  readonly state: AuditState;
  readonly startedAt: string;
  readonly startedAtMs: number;
  readonly finishedAt?: string;
  readonly startedBy: string;
  /** The policy the audit runs with, fixed at its start. */
  readonly policy: Policy;
  /** The pace: points the audit may spend in any one hour from its start. */
  readonly pointsPerHour: number;
  /** The cap: points the whole audit may spend (24 hours at its pace). */
  readonly pointsBudget: number;
  readonly planned: boolean;
  readonly spacesTotal: number;
  readonly spacesDone: number;
  readonly batches: number;
  /** The batch the chain works on; `batches` once every batch is done. */
  readonly nextBatch: number;
  readonly pointsUsed: number;
  readonly requests: number;
  /** Points per hour since the start: index 0 is the first hour. */
  readonly windowPoints: readonly number[];
  /** The most one space has cost so far: what a window must still hold to start a space. */
  readonly maxSpacePoints: number;
  /** The most one labelled-content search of a batch has cost so far. */
  readonly maxSearchPoints: number;
  /** Consecutive failed attempts of the current batch; reset by progress. */
  readonly failures: number;
  /** Last time the chain was seen alive (virtual clock ms), to recognise a dead audit. */
  readonly heartbeatAt: number;
  /** The site's space role mode, read once by the planner and reused by every batch. */
  readonly roleMode?: RoleModeAnswer;
  /** Token of the one queued event the chain waits for; any other event is a stale duplicate. */
  readonly chainToken: string;
  /** Why the audit stopped early. */
  readonly stop?: AuditStop;
  /** Earlier versions stored the reason in words instead. */
  readonly note?: string;
  readonly summary?: FindingsSummary;
  readonly findingChunks?: number;
}

export interface BatchCheckpoint {
  readonly index: number;
  readonly spaces: readonly SpaceRef[];
  /** Spaces of this batch finished and stored, in order. */
  readonly done: number;
  /** Findings chunks stored per finished space. */
  readonly chunks: readonly number[];
  readonly points: number;
}

export type { UserFacts };
/** Users and admin groups looked up so far by the audit (null: the group could not be read). */
export interface PeopleCache {
  readonly users: Readonly<Record<string, UserFacts>>;
  readonly groups: Readonly<Record<string, string | null>>;
}

export const TERMINAL_STATES: readonly AuditState[] = [
  'completed',
  'partial',
  'cancelled',
  'failed',
];
export const isTerminal = (state: AuditState): boolean => TERMINAL_STATES.includes(state);

// ── lock ───────────────────────────────────────────────────────────────────────────────────

export interface AuditLock {
  readonly auditId: string;
}

/** Claims the right to run an audit; false when another audit holds it. */
export async function claimLock(auditId: string): Promise<boolean> {
  try {
    await kvs.set(AUDIT_LOCK_KEY, { auditId } satisfies AuditLock, { keyPolicy: 'FAIL_IF_EXISTS' });
    return true;
  } catch (error) {
    if (isKeyConflict(error)) return false;
    throw error;
  }
}

export function readLock(): Promise<AuditLock | undefined> {
  return kvs.get<AuditLock>(AUDIT_LOCK_KEY);
}

/** Releases the lock if `auditId` still holds it (a newer audit's lock is left alone). */
export async function releaseLock(auditId: string): Promise<void> {
  const lock = await readLock();
  if (lock?.auditId !== auditId) return;
  await kvs.delete(AUDIT_LOCK_KEY).catch((error: unknown) => {
    if (!isKvsNotFound(error)) throw error;
  });
}

// ── records, history, cancellation ─────────────────────────────────────────────────────────

export function readRecord(auditId: string): Promise<AuditRecord | undefined> {
  return kvs.get<AuditRecord>(recordKey(auditId));
}

export function writeRecord(record: AuditRecord): Promise<void> {
  return kvs.set(recordKey(record.auditId), record);
}

export async function readHistory(): Promise<readonly string[]> {
  return (await kvs.get<{ ids: string[] }>(AUDIT_HISTORY_KEY))?.ids ?? [];
}

/** Puts `auditId` first in the history and deletes what falls off its end. */
export async function addToHistory(auditId: string): Promise<void> {
  const ids = [auditId, ...(await readHistory()).filter((id) => id !== auditId)];
  await kvs.set(AUDIT_HISTORY_KEY, { ids: ids.slice(0, HISTORY_LIMIT) });
  for (const old of ids.slice(HISTORY_LIMIT)) await deleteAudit(old);
}

async function deleteAudit(auditId: string): Promise<void> {
  const record = await readRecord(auditId);
  const keys = [
    recordKey(auditId),
    cancelKey(auditId),
    ...Array.from({ length: record?.findingChunks ?? 0 }, (_, c) => findingsKey(auditId, c)),
  ];
  for (const group of groupsOf(keys, KVS_BATCH_ITEMS)) {
    // Missing keys come back as failed items, which is what we want them to be: gone.
    await kvs.batchDelete(group.map((key) => ({ key })));
  }
}

export interface CancelRequest {
  readonly by: string;
  readonly at: string;
}

export async function requestCancel(auditId: string, by: string, at: string): Promise<void> {
  await kvs.set(cancelKey(auditId), { by, at } satisfies CancelRequest);
}

export function readCancel(auditId: string): Promise<CancelRequest | undefined> {
  return kvs.get<CancelRequest>(cancelKey(auditId));
}

// ── batches and findings ───────────────────────────────────────────────────────────────────

export function readBatch(auditId: string, batch: number): Promise<BatchCheckpoint | undefined> {
  return kvs.get<BatchCheckpoint>(batchKey(auditId, batch));
}

/** Writes the plan: one checkpoint per batch, nothing done yet. */
export async function writePlan(auditId: string, batches: readonly SpaceRef[][]): Promise<void> {
  const items = batches.map((spaces, index) => ({
    key: batchKey(auditId, index),
    value: { index, spaces, done: 0, chunks: [], points: 0 } satisfies BatchCheckpoint,
    options: { ttl: WORK_TTL },
  }));
  for (const group of groupsOf(items, KVS_BATCH_ITEMS)) {
    const result = await kvs.batchSet(group);
    if (result.failedKeys.length > 0) {
      throw new Error(`Could not store the audit plan (${String(result.failedKeys.length)} keys)`);
    }
  }
}

export function readUsers(auditId: string): Promise<PeopleCache | undefined> {
  return kvs.get<PeopleCache>(usersKey(auditId));
}

/** Most users a cache entry holds; beyond it users are looked up again (points, not errors). */
const MAX_CACHED_USERS = 2_000;

/**
 * Commits one finished space atomically: its findings, the batch checkpoint, the job record and
 * the user cache, in one KVS transaction. A crash before it loses only the space in progress; a
 * crash after it loses nothing; running the same space again writes the same keys.
 */
export async function commitSpace(commit: {
  readonly record: AuditRecord;
  readonly checkpoint: BatchCheckpoint;
  readonly spaceIndex: number;
  readonly findings: readonly Finding[];
  readonly users?: PeopleCache;
}): Promise<BatchCheckpoint> {
  const { record, spaceIndex } = commit;
  const chunks = chunkByBytes(commit.findings);
  // 25 operations per transaction: checkpoint, record and users leave 22 for findings chunks,
  // i.e. over 4 MB of findings for one space.
  if (chunks.length > 22) throw new Error('A space produced more findings than an audit can store');
  const checkpoint: BatchCheckpoint = {
    ...commit.checkpoint,
    done: spaceIndex + 1,
    chunks: [...commit.checkpoint.chunks.slice(0, spaceIndex), chunks.length],
  };
  const tx = kvs.transact();
  chunks.forEach((chunk, c) => {
    tx.set(spaceFindingsKey(record.auditId, checkpoint.index, spaceIndex, c), chunk, undefined, {
      ttl: WORK_TTL,
    });
  });
  tx.set(batchKey(record.auditId, checkpoint.index), checkpoint, undefined, { ttl: WORK_TTL });
  tx.set(recordKey(record.auditId), record);
  const people = commit.users;
  if (
    people !== undefined &&
    Object.keys(people.users).length + Object.keys(people.groups).length <= MAX_CACHED_USERS
  ) {
    tx.set(usersKey(record.auditId), people, undefined, { ttl: WORK_TTL });
  }
  await tx.execute();
  return checkpoint;
}

/**
 * A finding as KVS holds it: this version's data, or a finding stored by an earlier version,
 * which carried its sentence (`message`) and its principal as words.
 */
type StoredFinding =
  | Finding
  | (Omit<Finding, 'principal' | 'sentence' | 'stored'> & {
      readonly message: string;
      readonly principal?: string;
    });

/** Earlier versions' findings keep their words, shown as stored (src/messages/audit.ts). */
export function storedFinding(value: StoredFinding): Finding {
  if (!('message' in value) || typeof value.message !== 'string') return value as Finding;
  const { message, principal, ...rest } = value;
  return { ...rest, stored: { message, ...(principal === undefined ? {} : { principal }) } };
}

/** Every finding stored by the batches of an audit so far, in no particular order. */
export async function readBatchFindings(record: AuditRecord): Promise<Finding[]> {
  const checkpoints: BatchCheckpoint[] = [];
  const batchKeys = Array.from({ length: record.batches }, (_, k) => batchKey(record.auditId, k));
  for (const group of groupsOf(batchKeys, KVS_BATCH_ITEMS)) {
    const got = await kvs.batchGet<BatchCheckpoint>(group.map((key) => ({ key })));
    checkpoints.push(...got.successfulKeys.map((item) => item.value));
  }
  const keys = checkpoints.flatMap((checkpoint) =>
    checkpoint.chunks.flatMap((count, space) =>
      Array.from({ length: count }, (_, c) =>
        spaceFindingsKey(record.auditId, checkpoint.index, space, c),
      ),
    ),
  );
  const findings: Finding[] = [];
  for (const group of groupsOf(keys, KVS_BATCH_ITEMS)) {
    const got = await kvs.batchGet<StoredFinding[]>(group.map((key) => ({ key })));
    if (got.failedKeys.length > 0) {
      throw new Error(`Stored findings are missing (${String(got.failedKeys.length)} keys)`);
    }
    for (const item of got.successfulKeys) findings.push(...item.value.map(storedFinding));
  }
  return findings;
}

/** Stores the final findings in chunks; returns how many. */
export async function writeFindings(
  auditId: string,
  findings: readonly Finding[],
): Promise<number> {
  const chunks = chunkByBytes(findings);
  for (const [c, chunk] of chunks.entries()) await kvs.set(findingsKey(auditId, c), chunk);
  return chunks.length;
}

export async function readFindings(record: AuditRecord): Promise<Finding[]> {
  const keys = Array.from({ length: record.findingChunks ?? 0 }, (_, c) =>
    findingsKey(record.auditId, c),
  );
  const byKey = new Map<string, Finding[]>();
  for (const group of groupsOf(keys, KVS_BATCH_ITEMS)) {
    const got = await kvs.batchGet<StoredFinding[]>(group.map((key) => ({ key })));
    if (got.failedKeys.length > 0) {
      throw new Error(`Stored findings are missing (${String(got.failedKeys.length)} keys)`);
    }
    for (const item of got.successfulKeys) byKey.set(item.key, item.value.map(storedFinding));
  }
  return keys.flatMap((key) => byKey.get(key) ?? []);
}
