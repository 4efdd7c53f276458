/**
 * An audit's record stays small on any site. The local platform refuses values over 240 KiB as
 * Forge does, so an audit of thousands of spaces with findings ends with its record written, as
 * `completed` or as `failed`, and the lock freed; the per-space counts live in the findings index.
 */
import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';
import { DEFAULT_POLICY, POLICY_LIMITS, normaliseFindings } from '../../src/core';
import type { Finding, Policy } from '../../src/core';
import type { SpaceRef } from '../../src/core/model';
import { forgeAuditJob } from '../../src/jobs/forge-adapters';
import { indexedReportPage } from '../../src/jobs/report';
import {
  HISTORY_LIMIT,
  RECORD_TOP_SPACES,
  addToHistory,
  claimLock,
  commitSpace,
  readBatch,
  readLock,
  readRecord,
  recordKey,
  writeFindings,
  writePlan,
  writeRecord,
} from '../../src/storage/audits';
import type { AuditRecord } from '../../src/storage/audits';
import { spaceFindings, spaceKeyOf } from './synthetic-findings';

jest.setTimeout(120_000);

const BATCH = 50;

function newRecord(auditId: string, spaces: number, policy: Policy = DEFAULT_POLICY): AuditRecord {
  const batches = Math.ceil(spaces / BATCH);
  return {
    auditId,
    state: 'running',
    startedAt: '2026-12-01T00:00:00.000Z',
    startedAtMs: 0,
    startedBy: 'u-alice',
    policy,
    pointsPerHour: 16_250,
    pointsBudget: 390_000,
    planned: true,
    spacesTotal: spaces,
    spacesDone: spaces,
    batches,
    nextBatch: batches,
    pointsUsed: 0,
    requests: 0,
    windowPoints: Array.from({ length: 24 }, () => 65_000),
    maxSpacePoints: 0,
    maxSearchPoints: 0,
    failures: 0,
    heartbeatAt: 0,
    chainToken: 't',
  };
}

/** Runs the storage side of an audit of `spaces` spaces: the plan, then every space's commit. */
async function auditedSpaces(auditId: string, spaces: number): Promise<AuditRecord> {
  const refs: SpaceRef[] = Array.from({ length: spaces }, (_, i) => ({
    id: String(i + 1),
    key: spaceKeyOf(i),
  }));
  const batches = Array.from({ length: Math.ceil(spaces / BATCH) }, (_, k) =>
    refs.slice(k * BATCH, (k + 1) * BATCH),
  );
  const record = newRecord(auditId, spaces);
  await writeRecord(record);
  await writePlan(auditId, batches);
  for (let k = 0; k < batches.length; k += 1) {
    let checkpoint = await readBatch(auditId, k);
    for (let j = 0; j < (batches[k]?.length ?? 0); j += 1) {
      if (checkpoint === undefined) throw new Error('no checkpoint');
      checkpoint = await commitSpace({
        record,
        checkpoint,
        spaceIndex: j,
        findings: spaceFindings(k * BATCH + j, 1),
      });
    }
  }
  expect(await claimLock(auditId)).toBe(true);
  return record;
}

async function storedBytes(auditId: string): Promise<number> {
  return Buffer.byteLength(JSON.stringify(await kvs.get(recordKey(auditId))), 'utf8');
}

describe('the audit record on a large site', () => {
  let platform: LocalPlatform;
  beforeEach(() => {
    platform = installLocalPlatform();
  });
  afterEach(() => {
    platform.uninstall();
  });

  it('the local KVS refuses a value over 240 KiB, as Forge does', async () => {
    const error: unknown = await kvs.set('big', 'x'.repeat(240 * 1024)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    expect((error as ForgeKvsAPIError).responseDetails.status).toBe(400);
  });

  it('a 3,000-space audit with findings everywhere ends completed, its record small', async () => {
    const record = await auditedSpaces('big00001-0000000a', 3_000);
    await forgeAuditJob().finish(record, 'completed');
    const done = await readRecord(record.auditId);
    expect(done?.state).toBe('completed');
    expect(await readLock()).toBeUndefined();
    expect(done?.summary?.spacesWithFindings).toBe(3_000);
    expect(done?.summary?.bySpace).toHaveLength(RECORD_TOP_SPACES);
    // What the record grows with is bounded: it is as large at 3,000 spaces as at 300.
    expect(await storedBytes(record.auditId)).toBeLessThan(32 * 1024);
    // And every finding is still there for the report, each space's included.
    const page = await indexedReportPage(done as AuditRecord, { spaceKey: spaceKeyOf(2_999) });
    const expected = normaliseFindings(spaceFindings(2_999, 1));
    expect(page?.findings).toEqual(expected);
    const all = await indexedReportPage(done as AuditRecord, { limit: 1 });
    expect(all?.total).toBe(
      Array.from({ length: 3_000 }, (_, i) => spaceFindings(i, 1).length).reduce((a, b) => a + b),
    );
  });

  it('the failed write of the same audit fits too, whatever the error says', async () => {
    const record = await auditedSpaces('big00002-0000000b', 3_000);
    await forgeAuditJob().finish(record, 'failed', {
      kind: 'upstream-failed',
      error: 'Confluence said: '.repeat(20_000),
      attempts: 5,
    });
    const done = await readRecord(record.auditId);
    expect(done?.state).toBe('failed');
    expect(await readLock()).toBeUndefined();
    expect(await storedBytes(record.auditId)).toBeLessThan(32 * 1024);
  });

  it('a record with the largest policy validation accepts still fits one value', async () => {
    const long = (prefix: string, i: number, length: number) =>
      `${prefix}${String(i)}`.padEnd(length, 'x');
    const policy: Policy = {
      ...DEFAULT_POLICY,
      sensitiveLabels: Array.from({ length: POLICY_LIMITS.maxSensitiveLabels }, (_, i) =>
        long('l', i, 100),
      ),
      broadGroups: Array.from({ length: POLICY_LIMITS.maxBroadGroups }, (_, i) =>
        long('g', i, POLICY_LIMITS.maxGroupLength),
      ),
      allowedAnonymousSpaces: Array.from(
        { length: POLICY_LIMITS.maxAllowedAnonymousSpaces },
        (_, i) => long('S', i, POLICY_LIMITS.maxSpaceKeyLength).toUpperCase().replace(/X/gu, '0'),
      ),
    };
    const findings: Finding[] = Array.from({ length: 5_000 }, (_, i) => spaceFindings(i, 0)).flat();
    const { summarizeFindings } = await import('../../src/core');
    await writeRecord({
      ...newRecord('big00003-0000000c', 5_000, policy),
      state: 'failed',
      summary: summarizeFindings(findings),
      stop: { kind: 'upstream-failed', error: 'e'.repeat(1_000_000), attempts: 5 },
    });
    expect(await storedBytes('big00003-0000000c')).toBeLessThan(200 * 1024);
  });

  it('an audit that falls off the history takes its findings and their index with it', async () => {
    const first = 'old00001-0000000a';
    const findings = Array.from({ length: 300 }, (_, i) => spaceFindings(i, 2)).flat();
    const chunks = await writeFindings(first, findings);
    await writeRecord({ ...newRecord(first, 300), state: 'completed', findingChunks: chunks });
    await addToHistory(first);
    const keysOf = (id: string) =>
      Object.keys(platform.kvs.snapshot().kvs).filter((key) => key.includes(id));
    expect(keysOf(first).length).toBeGreaterThan(3);
    for (let i = 0; i < HISTORY_LIMIT; i += 1) {
      await addToHistory(`new${String(i).padStart(5, '0')}-0000000b`);
    }
    expect(keysOf(first)).toEqual([]);
  });
});
