/**
 * Audit jobs in Forge KVS. Key layout (all plain keys; `{id}` is the audit id):
 *
 * | key                              | value                                         | lifetime      |
 * | -------------------------------- | --------------------------------------------- | ------------- |
 * | `audit:lock`                     | `{ auditId, claimedAt }`: the audit that runs | until it ends |
 * | `audit:history`                  | `{ ids }`, newest first, at most HISTORY_LIMIT | kept          |
 * | `audit:rec:{id}`                 | `AuditRecord`: state, counters, plan, summary | kept (history)|
 * | `audit:cancel:{id}`              | `{ by, at }`: an admin asked to stop           | kept (history)|
 * | `audit:batch:{id}:{k}`           | `BatchCheckpoint` of batch k                  | 3 days        |
 * | `audit:sf:{id}:{k}:{j}:{c}`      | findings of space j of batch k, chunk c        | 3 days        |
 * | `audit:users:{id}`               | guest status of users met so far              | 3 days        |
 * | `audit:findings:{id}:{c}`        | the final, normalised findings, segment c      | kept (history)|
 * | `audit:fr:{id}:{c}`, `audit:fsp:{id}:{c}`, `audit:fidx:{id}` | their report index (findings-index.ts) | kept (history)|
 * | `audit:ls:{spaceKey}`            | `SpaceLedger`: when the space was last read, as what | LEDGER_TTL |
 * | `audit:lsf:{spaceKey}:{id}:{c}`  | the findings of that read (by audit id), chunk c | LEDGER_TTL   |
 * | `audit:chg:{spaceKey}`           | `{ at }`: Confluence reported a change in the space | LEDGER_TTL |
 * | `audit:full`                     | `{ at, auditId }`: the last completed full audit | kept          |
 *
 * The record stays small on any site: its summary names at most RECORD_TOP_SPACES spaces (each
 * space's counts are in the findings index), and `writeRecord` bounds every part that could grow,
 * so no write of a record, least of all the one that ends an audit, can fail for its size.
 *
 * Only the job's consumer chain writes an audit's record after it is created (one event in flight
 * per audit), so the record never needs a conditional write; the resolvers only read it, and
 * stop a running audit through the separate cancel key.
 */
import { kvs } from '@forge/kvs';
import type { RoleModeAnswer } from '../access/space-grants';
import type {
  AuditFindingsSummary,
  AuditSkippedSpace,
  AuditState,
  AuditStop,
} from '../contract/admin';
import type { Finding, Policy } from '../core';
import type { SpaceRef } from '../core/model';
import {
  KVS_BATCH_ITEMS,
  MAX_CHUNK_BYTES,
  chunkByBytes,
  groupsOf,
  isKeyConflict,
  isKvsNotFound,
} from './kvs-util';
import { indexedKeys, readIndex, writeIndexedFindings } from './findings-index';
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
/**
 * A space key as part of a KVS key, which allows letters, digits and `:._-#` only: a personal
 * space's `~` (and anything else) becomes `#` and its code point in hex, then `.`.
 */
export const keyPart = (spaceKey: string): string =>
  spaceKey.replace(/[^A-Za-z0-9:_-]/gu, (c) => `#${(c.codePointAt(0) ?? 0).toString(16)}.`);
export const ledgerKey = (spaceKey: string): string => `audit:ls:${keyPart(spaceKey)}`;
export const ledgerFindingsKey = (spaceKey: string, auditId: string, chunk: number): string =>
  `audit:lsf:${keyPart(spaceKey)}:${auditId}:${String(chunk)}`;
export const changeKey = (spaceKey: string): string => `audit:chg:${keyPart(spaceKey)}`;
export const LAST_FULL_KEY = 'audit:full';
/**
 * A space's ledger outlives the longest reconciliation period (a month) with room to spare; a
 * space no audit has read for longer is read in full again, which is always safe.
 */
export const LEDGER_TTL = { value: 90, unit: 'DAYS' } as const;

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
  /**
   * Push requests the chain has made since its root (the start, or the scheduled trigger that
   * resumed it): Forge refuses the 1,001st of one chain. Absent in records of earlier versions.
   */
  readonly chainPushes?: number;
  /**
   * The chain stopped before Forge's push limit: the step (with the instant it may act) that the
   * next scheduled trigger queues from a fresh chain.
   */
  readonly parked?: ParkedStep;
  /** Spaces given up after repeated failures, counted in `spacesDone` and reported as not inspected. */
  readonly spacesSkipped?: number;
  /** The first of them (at most `MAX_LISTED_SKIPPED`), with why. */
  readonly skippedSpaces?: readonly AuditSkippedSpace[];
  /** Spaces given up one after another; reset by a space audited. */
  readonly skippedInRow?: number;
  /** The last failure's (developer-facing) reason while `failures` counts up; cleared by progress. */
  readonly lastError?: string;
  /** Why the audit stopped early. */
  readonly stop?: AuditStop;
  /** Earlier versions stored the reason in words instead. */
  readonly note?: string;
  /** At most RECORD_TOP_SPACES spaces in `bySpace`; `spacesWithFindings` counts them all. */
  readonly summary?: AuditFindingsSummary;
  readonly findingChunks?: number;
  /**
   * `incremental`: only spaces a change signal names are read, the others' findings are carried
   * forward from their last read (docs/ARCHITECTURE.md, "Re-audits"). Absent: a full audit.
   */
  readonly mode?: 'full' | 'incremental';
  /** Spaces whose findings were carried forward unread (counted in `spacesDone`). */
  readonly spacesCarried?: number;
  /** The earliest last read (ISO time) of the spaces carried forward; absent when none was. */
  readonly carriedSince?: string;
  /** An incremental audit's: when the policy's next full reconciliation is due (ISO time). */
  readonly nextFullAt?: string;
}

/** Spaces listed by name in a record; the rest are counted (the record must stay small). */
export const MAX_LISTED_SKIPPED = 20;

export type ParkedStep = (
  { readonly step: 'plan' } | { readonly step: 'batch'; readonly batch: number }
) & { readonly resumeAt?: number };

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
  /**
   * When it was claimed (job clock, epoch ms): a lock whose audit has no record yet is the
   * claimer's until a grace period has passed. Absent in locks of earlier versions.
   */
  readonly claimedAt?: number;
}

/**
 * Claims the right to run an audit; false when another audit holds it. The job passes its own
 * clock's time, so the grace period is on the same time line as its heartbeats.
 */
export async function claimLock(auditId: string, claimedAt: number = Date.now()): Promise<boolean> {
  try {
    await kvs.set(AUDIT_LOCK_KEY, { auditId, claimedAt } satisfies AuditLock, {
      keyPolicy: 'FAIL_IF_EXISTS',
    });
    return true;
  } catch (error) {
    if (isKeyConflict(error)) return false;
    throw error;
  }
}

const sameLock = (a: AuditLock | undefined, b: AuditLock): boolean =>
  a?.auditId === b.auditId && a.claimedAt === b.claimedAt;

/**
 * Takes over a lock judged stale, if it is still `stale`: one atomic swap that returns what it
 * replaced. Plain keys have no conditional write, so a taker that finds it swapped out someone
 * else's lock (another taker was faster) puts that lock back and loses.
 */
export async function replaceLock(stale: AuditLock, next: AuditLock): Promise<boolean> {
  const previous = await kvs.set<AuditLock>(AUDIT_LOCK_KEY, next, {
    keyPolicy: 'OVERRIDE',
    returnValue: 'PREVIOUS',
  });
  if (sameLock(previous?.value, stale)) return true;
  if (previous === undefined) {
    // Released meanwhile: the lock was free, and it is ours now.
    return true;
  }
  await kvs.set(AUDIT_LOCK_KEY, previous.value);
  return false;
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

/** Spaces the record's summary lists, worst first: what the Overview and the filters offer. */
export const RECORD_TOP_SPACES = 100;
/** A stop's developer-facing error is cut to this many characters. */
const MAX_STOP_ERROR = 1_000;

/** The summary a record keeps: the worst spaces only, and how many spaces have findings. */
export function boundedSummary(summary: AuditFindingsSummary): AuditFindingsSummary {
  return {
    ...summary,
    bySpace: summary.bySpace.slice(0, RECORD_TOP_SPACES),
    spacesWithFindings: summary.spacesWithFindings ?? summary.bySpace.length,
  };
}

/**
 * The record as it may be stored: every part that grows with the site or with an error's text
 * is bounded here, whoever wrote the record. The policy is bounded by its validation
 * (POLICY_LIMITS) and the hour windows by MAX_AUDIT_HOURS, so the result stays well inside one KVS
 * value; `writeRecord` checks that anyway and drops the summary before it would fail.
 */
export function fitRecord(record: AuditRecord): AuditRecord {
  const stop =
    record.stop?.kind === 'upstream-failed' && record.stop.error.length > MAX_STOP_ERROR
      ? { ...record.stop, error: `${record.stop.error.slice(0, MAX_STOP_ERROR)}…` }
      : record.stop;
  return {
    ...record,
    ...(record.summary === undefined ? {} : { summary: boundedSummary(record.summary) }),
    ...(stop === undefined ? {} : { stop }),
  };
}

export function writeRecord(record: AuditRecord): Promise<void> {
  const fitted = fitRecord(record);
  if (Buffer.byteLength(JSON.stringify(fitted), 'utf8') <= MAX_CHUNK_BYTES) {
    return kvs.set(recordKey(record.auditId), fitted);
  }
  // Unreachable with a validated policy; a terminal state must still be stored.
  const { summary: _summary, ...rest } = fitted;
  return kvs.set(recordKey(record.auditId), {
    ...rest,
    ...(fitted.summary === undefined ? {} : { summary: { ...fitted.summary, bySpace: [] } }),
  });
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
  const index = await readIndex(auditId);
  const keys = [
    recordKey(auditId),
    cancelKey(auditId),
    ...(index === undefined
      ? Array.from({ length: record?.findingChunks ?? 0 }, (_, c) => findingsKey(auditId, c))
      : indexedKeys(auditId, index)),
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

/**
 * The most the users cache may weigh: a KVS value holds 240 KiB, and the commit must never fail
 * for the cache. Beyond it the cache stays as last stored, and later users are looked up again
 * (points, not errors).
 */
export const MAX_USERS_CACHE_BYTES = 200 * 1024;

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * What a transaction may carry: Forge caps its payload at 4 MB (read as 4,000,000 bytes, the
 * stricter reading) and 25 operations; keys, options and the JSON around the values take the
 * margin.
 */
export const MAX_TRANSACTION_BYTES = 3_500_000;
export const MAX_TRANSACTION_OPS = 25;
/** What one operation adds around its value's JSON: the key, the TTL option, the framing. */
const OP_OVERHEAD_BYTES = 1_024;

/** A space's last read, what an incremental audit compares change signals with. */
export interface SpaceLedger {
  /** When the read began (job clock, epoch ms): a change reported at or after it is not in it. */
  readonly readAt: number;
  readonly readAtIso: string;
  /** Fingerprint of the policy the findings were made under; another policy reads again. */
  readonly policy: string;
  /** Fingerprint of the space's labelled content as the search returned it. */
  readonly labelled: string;
  /** The audit whose read stored the findings (part of their keys). */
  readonly findingsIn: string;
  /** Findings chunks stored; -1: this reading may not be carried (given up, or too big). */
  readonly chunks: number;
}

/** A finding carried forward unread from the space's last read, which it names (`carried`). */
export type CarriedFinding = Finding;

interface TxSet {
  readonly key: string;
  readonly value: unknown;
  readonly ttl?: typeof WORK_TTL | typeof LEDGER_TTL;
  readonly bytes: number;
}

const txSet = (key: string, value: unknown, ttl?: TxSet['ttl']): TxSet => ({
  key,
  value,
  ...(ttl === undefined ? {} : { ttl }),
  bytes: jsonBytes(value) + key.length + OP_OVERHEAD_BYTES,
});

/**
 * `chunks` and then `final` in as few transactions as fit the limits, `final` whole in the last
 * one: the chunks written before it are keys nothing reads until `final` names them.
 */
export function packTransactions(chunks: readonly TxSet[], final: readonly TxSet[]): TxSet[][] {
  const finalBytes = final.reduce((sum, op) => sum + op.bytes, 0);
  if (final.length > MAX_TRANSACTION_OPS || finalBytes > MAX_TRANSACTION_BYTES) {
    throw new Error('A checkpoint does not fit one transaction');
  }
  const transactions: TxSet[][] = [];
  let current: TxSet[] = [];
  let bytes = 0;
  for (const op of chunks) {
    if (current.length + 1 > MAX_TRANSACTION_OPS || bytes + op.bytes > MAX_TRANSACTION_BYTES) {
      transactions.push(current);
      current = [];
      bytes = 0;
    }
    current.push(op);
    bytes += op.bytes;
  }
  if (
    current.length + final.length > MAX_TRANSACTION_OPS ||
    bytes + finalBytes > MAX_TRANSACTION_BYTES
  ) {
    transactions.push(current);
    current = [];
  }
  transactions.push([...current, ...final]);
  return transactions.filter((tx) => tx.length > 0);
}

/**
 * Commits one finished space: its findings, the batch checkpoint, the job record, the user cache
 * and, for a space read now, its ledger. The checkpoint, record, cache and ledger go in one KVS
 * transaction, the last; findings that do not fit it with them go in transactions before it, to
 * keys that only that last transaction makes anyone read (the checkpoint counts a space's chunks,
 * the ledger names the audit its findings are kept under). A crash before the last transaction
 * loses only the space in progress; running the same space again writes the same keys.
 */
export async function commitSpace(commit: {
  readonly record: AuditRecord;
  readonly checkpoint: BatchCheckpoint;
  readonly spaceIndex: number;
  readonly findings: readonly Finding[];
  readonly users?: PeopleCache;
  /** The space was read: its reading, kept for later audits to carry forward. */
  readonly ledger?: { readonly spaceKey: string; readonly entry: Omit<SpaceLedger, 'chunks'> };
  /** The space was given up: its last reading must not be carried again. */
  readonly dropLedger?: string;
}): Promise<BatchCheckpoint> {
  const { record, spaceIndex } = commit;
  const chunks = chunkByBytes(commit.findings);
  const checkpoint: BatchCheckpoint = {
    ...commit.checkpoint,
    done: spaceIndex + 1,
    chunks: [...commit.checkpoint.chunks.slice(0, spaceIndex), chunks.length],
  };
  const findingOps = chunks.map((chunk, c) =>
    txSet(spaceFindingsKey(record.auditId, checkpoint.index, spaceIndex, c), chunk, WORK_TTL),
  );
  const final: TxSet[] = [
    txSet(batchKey(record.auditId, checkpoint.index), checkpoint, WORK_TTL),
    txSet(recordKey(record.auditId), record),
  ];
  const people = commit.users;
  if (people !== undefined && jsonBytes(people) <= MAX_USERS_CACHE_BYTES) {
    final.push(txSet(usersKey(record.auditId), people, WORK_TTL));
  }
  const ledger = commit.ledger;
  if (ledger !== undefined) {
    const { spaceKey, entry } = ledger;
    const keep = (c: number) => ledgerFindingsKey(spaceKey, entry.findingsIn, c);
    findingOps.push(...chunks.map((chunk, c) => txSet(keep(c), chunk, LEDGER_TTL)));
    const stored: SpaceLedger = { ...entry, chunks: chunks.length };
    final.push(txSet(ledgerKey(spaceKey), stored, LEDGER_TTL));
  } else if (commit.dropLedger !== undefined) {
    const dropped: SpaceLedger = {
      readAt: 0,
      readAtIso: '',
      policy: '',
      labelled: '',
      findingsIn: '',
      chunks: -1,
    };
    final.push(txSet(ledgerKey(commit.dropLedger), dropped, LEDGER_TTL));
  }
  for (const ops of packTransactions(findingOps, final)) {
    const tx = kvs.transact();
    for (const op of ops) {
      tx.set(op.key, op.value, undefined, op.ttl === undefined ? undefined : { ttl: op.ttl });
    }
    await tx.execute();
  }
  return checkpoint;
}

// ── the ledger: what incremental audits compare and carry ──────────────────────────────────

/** What storage says of one space before an incremental audit reads it. */
export interface SpaceSignals {
  readonly ledger?: SpaceLedger;
  /** The latest change Confluence reported in the space (job clock, epoch ms). */
  readonly changedAt?: number;
}

/** The ledger and the reported changes of `spaceKeys`, in a few batch reads. */
export async function readSpaceSignals(
  spaceKeys: readonly string[],
): Promise<Map<string, SpaceSignals>> {
  const ledgers = new Map<string, SpaceLedger>();
  const changes = new Map<string, number>();
  const ofLedger = new Map(spaceKeys.map((key) => [ledgerKey(key), key]));
  const ofChange = new Map(spaceKeys.map((key) => [changeKey(key), key]));
  const keys = spaceKeys.flatMap((key) => [ledgerKey(key), changeKey(key)]);
  for (const group of groupsOf(keys, KVS_BATCH_ITEMS)) {
    const got = await kvs.batchGet<SpaceLedger | { readonly at: number }>(
      group.map((key) => ({ key })),
    );
    for (const item of got.successfulKeys) {
      const ledgerOf = ofLedger.get(item.key);
      const changeOf = ofChange.get(item.key);
      if (ledgerOf !== undefined) ledgers.set(ledgerOf, item.value as SpaceLedger);
      else if (changeOf !== undefined) changes.set(changeOf, (item.value as { at: number }).at);
    }
  }
  return new Map(
    spaceKeys.map((key) => {
      const ledger = ledgers.get(key);
      const changedAt = changes.get(key);
      return [
        key,
        {
          ...(ledger === undefined ? {} : { ledger }),
          ...(changedAt === undefined ? {} : { changedAt }),
        },
      ];
    }),
  );
}

/** The findings of a space's last read, as its ledger names them. */
export async function readLedgerFindings(
  spaceKey: string,
  ledger: SpaceLedger,
): Promise<Finding[]> {
  const keys = Array.from({ length: Math.max(0, ledger.chunks) }, (_, c) =>
    ledgerFindingsKey(spaceKey, ledger.findingsIn, c),
  );
  const byKey = new Map<string, Finding[]>();
  for (const group of groupsOf(keys, KVS_BATCH_ITEMS)) {
    const got = await kvs.batchGet<StoredFinding[]>(group.map((key) => ({ key })));
    if (got.failedKeys.length > 0) {
      throw new Error(
        `A space's kept findings are missing (${String(got.failedKeys.length)} keys)`,
      );
    }
    for (const item of got.successfulKeys) byKey.set(item.key, item.value.map(storedFinding));
  }
  return keys.flatMap((key) => byKey.get(key) ?? []);
}

/**
 * Notes that Confluence reported a change in a space (a product event): the next incremental
 * audit reads the space again if its last read began before `at`.
 */
export async function noteSpaceChanged(spaceKey: string, at: number): Promise<void> {
  await kvs.set(changeKey(spaceKey), { at }, { ttl: LEDGER_TTL });
}

/** The last completed full audit, from which the reconciliation period counts. */
export interface LastFullAudit {
  readonly at: number;
  readonly auditId: string;
}

export function readLastFull(): Promise<LastFullAudit | undefined> {
  return kvs.get<LastFullAudit>(LAST_FULL_KEY);
}

export async function writeLastFull(last: LastFullAudit): Promise<void> {
  await kvs.set(LAST_FULL_KEY, last);
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

/**
 * Stores the final findings in segments, with the index report pages read them by
 * (findings-index.ts); returns how many segments `readFindings` reads.
 */
export function writeFindings(auditId: string, findings: readonly Finding[]): Promise<number> {
  return writeIndexedFindings(auditId, findings);
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
