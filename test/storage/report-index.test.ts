/**
 * A report page reads what it shows: through the real `getAuditReport` resolver on the local
 * platform, page 1 of any filter reads the same KVS keys for an audit of 1,000 findings as for
 * one of 100,000, and answers exactly what filtering the whole list would.
 */
import { normaliseFindings, summarizeFindings } from '../../src/core';
import type { Finding, RuleId, Severity } from '../../src/core';
import type { AuditReportPage } from '../../src/contract/admin';
import { reportPage } from '../../src/jobs/report';
import { writeFindings, writeRecord } from '../../src/storage/audits';
import type { AuditRecord } from '../../src/storage/audits';
import { DEFAULT_POLICY } from '../../src/core';
import { call } from '../jobs/audit-helpers';
import { useApp } from '../resolvers/app-harness';
import type { AppUnderTest } from '../resolvers/app-harness';
import { syntheticFindings } from './synthetic-findings';

jest.setTimeout(120_000);

const record = (auditId: string, findings: readonly Finding[], chunks: number): AuditRecord => ({
  auditId,
  state: 'completed',
  startedAt: '2026-12-01T00:00:00.000Z',
  startedAtMs: 0,
  finishedAt: '2026-12-01T01:00:00.000Z',
  startedBy: 'u-alice',
  policy: DEFAULT_POLICY,
  pointsPerHour: 16_250,
  pointsBudget: 390_000,
  planned: true,
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
  heartbeatAt: 0,
  chainToken: 't',
  summary: summarizeFindings(findings),
  findingChunks: chunks,
});

/** Stores `findings` as a finished audit would, with the storage layer's own functions. */
async function storeAudit(auditId: string, findings: readonly Finding[]): Promise<Finding[]> {
  const sorted = normaliseFindings(findings);
  const chunks = await writeFindings(auditId, sorted);
  await writeRecord(record(auditId, sorted, chunks));
  return sorted;
}

interface Reads {
  readonly requests: number;
  readonly keys: number;
  readonly bytes: number;
}

/** KVS requests, keys and response bytes of one resolver call. */
async function measured(
  app: AppUnderTest,
  payload: Record<string, unknown>,
): Promise<{ page: AuditReportPage; reads: Reads }> {
  app.platform.kvs.clearRequests();
  const page = await call<AuditReportPage>(app, 'getAuditReport', payload);
  const served = app.platform.kvs.requests;
  const keys = served.reduce((sum, r) => sum + r.keys, 0);
  return {
    page,
    reads: {
      requests: served.length,
      keys,
      bytes: served.reduce((sum, r) => sum + r.responseBytes, 0),
    },
  };
}

const SMALL = 'small0001-0000000a';
const LARGE = 'large0001-0000000b';

const FILTERS: readonly {
  severity?: Severity;
  rule?: RuleId;
  spaceKey?: string;
}[] = [
  {},
  { severity: 'high' },
  { severity: 'low' },
  { rule: 'user-grants' },
  { rule: 'guest-space-access' },
  { rule: 'team-space-access', severity: 'medium' },
  { spaceKey: 'S00040' },
  { spaceKey: 'S00040', severity: 'medium' },
  { spaceKey: 'S00040', rule: 'user-grants' },
  { spaceKey: 'S00040', rule: 'guest-space-access', severity: 'medium' },
  { spaceKey: 'NOPE' },
];

describe('report pages read what they show', () => {
  const app = useApp();
  let small: Finding[];
  let large: Finding[];

  beforeAll(async () => {
    small = await storeAudit(SMALL, syntheticFindings(1_000));
    large = await storeAudit(LARGE, syntheticFindings(100_000));
    // The first admin call also remembers the caller's admin check; measure calls after it.
    await call(app(), 'getAuditReport', { auditId: SMALL, limit: 1 });
  });

  it('page 1 of every filter reads a few keys, as many at 100,000 findings as at 1,000', async () => {
    const rows: string[] = [];
    for (const filter of FILTERS) {
      const a = await measured(app(), { auditId: SMALL, limit: 50, ...filter });
      const b = await measured(app(), { auditId: LARGE, limit: 50, ...filter });
      rows.push(JSON.stringify({ filter, findings1000: a.reads, findings100000: b.reads }));
      if (Object.keys(filter).length === 0) {
        // The whole list starts where a segment starts, whatever the total.
        expect({ filter, requests: b.reads.requests, keys: b.reads.keys }).toEqual({
          filter,
          requests: a.reads.requests,
          keys: a.reads.keys,
        });
      }
      // The caller's remembered admin check, the record, the index, a directory chunk when a
      // space is named, and the segments (of at most 100 findings) the page's runs touch: a
      // filtered run may start mid-segment, so 50 findings may lie in two, and a space's
      // findings are one run per severity.
      for (const reads of [a.reads, b.reads]) {
        expect(reads.keys).toBeLessThanOrEqual(filter.spaceKey === undefined ? 5 : 8);
        expect(reads.bytes).toBeLessThan(250_000);
      }
    }
    console.log(rows.join('\n'));
  });

  it('answers every page exactly as filtering the whole list would', async () => {
    for (const [auditId, findings] of [
      [SMALL, small],
      [LARGE, large],
    ] as const) {
      for (const filter of FILTERS) {
        for (const cursor of [undefined, '0', '37', '150', '4321']) {
          for (const limit of [1, 50, 200]) {
            const query = {
              auditId,
              limit,
              ...filter,
              ...(cursor === undefined ? {} : { cursor }),
            };
            const { page } = await measured(app(), query);
            expect(page).toEqual(reportPage(auditId, findings, query));
          }
        }
      }
    }
  });

  it('reads a page deep into the list as cheaply as the first', async () => {
    const first = await measured(app(), { auditId: LARGE, limit: 200 });
    const deep = await measured(app(), { auditId: LARGE, limit: 200, cursor: '99700' });
    expect(deep.page.findings).toHaveLength(200);
    expect(deep.reads.keys).toBe(first.reads.keys);
  });
});
