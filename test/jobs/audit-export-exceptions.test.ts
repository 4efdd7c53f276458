/**
 * The findings export's `exception` column: an accepted exception is written on its finding's row
 * (expiry and reason), every other row stays empty, and an expired exception leaves its row open
 * again. The real resolvers, exception storage and job on the local platform, over the demo site.
 */
import { parse } from 'csv-parse/sync';
import type { AuditCsvExport } from '../../src/contract/admin';
import { DAY_MS, FINDINGS_CSV_COLUMNS, dayOf } from '../../src/core';
import { useApp } from '../resolvers/app-harness';
import { allFindings, call, runAudit } from './audit-helpers';

describe('exportAuditCsv: the exception column', () => {
  const app = useApp({}, { jobs: true });

  it('carries an accepted exception on its row until it expires', async () => {
    const { auditId } = await runAudit(app());
    const findings = await allFindings(app(), auditId);
    const publicSpace = findings.find(
      (f) => f.rule === 'anonymous-space-access' && f.spaceKey === 'PUBLIC',
    );
    if (publicSpace === undefined) throw new Error('The demo site has no public-space finding');
    const now = app().platform.queues.now();
    const expiresOn = dayOf(now + 30 * DAY_MS);
    await call(app(), 'acceptException', {
      findingId: publicSpace.id,
      reason: 'Public docs, by design',
      ownerAccountId: 'u-alice',
      expiresOn,
    });

    const exportRows = async () => {
      const exported = await call<AuditCsvExport>(app(), 'exportAuditCsv', { auditId });
      const parsed: string[][] = parse(exported.csv);
      const [header = [], ...records] = parsed;
      expect(header).toEqual([...FINDINGS_CSV_COLUMNS]);
      expect(header.indexOf('exception')).toBe(header.indexOf('link') + 1);
      return records.map((record) => Object.fromEntries(header.map((c, i) => [c, record[i]])));
    };

    const rows = await exportRows();
    expect(rows).toHaveLength(findings.length);
    const excepted = rows.filter((row) => row.exception !== '');
    expect(excepted).toEqual([
      expect.objectContaining({
        id: publicSpace.id,
        exception: `accepted until ${expiresOn}: Public docs, by design`,
      }),
    ]);

    // The day after its expiry, the exception covers nothing: the row is open again.
    app().platform.queues.advance(32 * DAY_MS);
    expect((await exportRows()).filter((row) => row.exception !== '')).toEqual([]);
  });
});
