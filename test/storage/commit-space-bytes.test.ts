/**
 * A space's findings commit stays inside Forge's transaction limits (25 operations, 4 MB) however
 * many findings the space has: findings that do not fit the checkpoint's transaction go in
 * transactions before it. The local platform refuses what Forge refuses.
 */
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import { FORGE_KVS_LIMITS } from '../../dev/forge-platform/kvs-store';
import type { Finding } from '../../src/core';
import { commitSpace, readBatchFindings } from '../../src/storage/audits';
import type { AuditRecord, BatchCheckpoint } from '../../src/storage/audits';
import { DEFAULT_POLICY } from '../../src/core';

/** About 4.4 MB of findings: 22 chunks of 200 KB, what one transaction used to carry. */
function manyFindings(): Finding[] {
  const title = 'x'.repeat(1_900);
  return Array.from({ length: 2_400 }, (_, i) => ({
    id: `sensitive-page-unrestricted|BIG|${String(i)}|`,
    rule: 'sensitive-page-unrestricted',
    severity: 'high',
    spaceKey: 'BIG',
    contentId: String(i),
    title,
    contentType: 'page',
    sentence: { kind: 'sensitive-exposed', labels: ['confidential'] },
  }));
}

describe('commitSpace', () => {
  it('splits a space of 4.4 MB of findings into transactions Forge accepts', async () => {
    const platform = installLocalPlatform({});
    try {
      const findings = manyFindings();
      expect(Buffer.byteLength(JSON.stringify(findings))).toBeGreaterThan(4_400_000);
      const record = {
        auditId: 'a1',
        batches: 1,
        policy: DEFAULT_POLICY,
      } as unknown as AuditRecord;
      const checkpoint: BatchCheckpoint = {
        index: 0,
        spaces: [{ id: '1', key: 'BIG', name: 'Big' }],
        done: 0,
        chunks: [],
        points: 0,
      };
      await platform.runAsApp(() =>
        commitSpace({
          record,
          checkpoint,
          spaceIndex: 0,
          findings,
          ledger: {
            spaceKey: 'BIG',
            entry: { readAt: 1, readAtIso: '', policy: 'p', labelled: 'l', findingsIn: 'a1' },
          },
        }),
      );
      const transactions = platform.kvs.requests.filter((r) => r.path === '/api/v1/transaction');
      expect(transactions.map((t) => t.status).filter((s) => s >= 300)).toEqual([]);
      expect(Math.max(...transactions.map((t) => t.requestBytes))).toBeLessThanOrEqual(
        FORGE_KVS_LIMITS.maxPayloadBytes,
      );
      expect(Math.max(...transactions.map((t) => t.keys))).toBeLessThanOrEqual(25);
      // Findings kept twice (the audit's and the ledger's): at least 4 transactions.
      expect(transactions.length).toBeGreaterThanOrEqual(4);
      const stored = await platform.runAsApp(() => readBatchFindings(record));
      expect(stored).toHaveLength(findings.length);
    } finally {
      platform.uninstall();
    }
  });
});
