/**
 * The findings export honours the findings table's filters and links every row to where it is
 * fixed: the real resolvers and job on the local platform, over the demo site.
 */
import { parse } from 'csv-parse/sync';
import type { AuditCsvExport } from '../../src/contract/admin';
import { useApp } from '../resolvers/app-harness';
import { allFindings, call, runAudit, setPolicy } from './audit-helpers';

describe('exportAuditCsv with filters', () => {
  const app = useApp({}, { jobs: true });
  let auditId = '';
  beforeAll(async () => {
    await setPolicy(app(), { broadGroups: ['confluence-users', 'all-staff'] });
    auditId = (await runAudit(app())).auditId;
  });

  it('holds only the rows the filters let through, each with its absolute link', async () => {
    const exported = await call<AuditCsvExport>(app(), 'exportAuditCsv', {
      auditId,
      rule: 'user-grants',
      siteUrl: 'https://acme.atlassian.net',
    });
    const rows: Record<string, string>[] = parse(exported.csv, { columns: true });
    expect(rows.map((row) => `${row.rule ?? ''} ${row.spaceKey ?? ''} ${row.link ?? ''}`)).toEqual(
      (await allFindings(app(), auditId))
        .filter((finding) => finding.rule === 'user-grants')
        .map(
          (finding) =>
            `user-grants ${finding.spaceKey} https://acme.atlassian.net/wiki/spaces/spacepermissions.action?key=${encodeURIComponent(finding.spaceKey)}`,
        ),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(exported.rows).toBe(rows.length);
    expect(exported.filters).toEqual({ rule: 'user-grants' });
    expect(exported.fileName).toMatch(/-user-grants\.csv$/u);
  });

  it('combines severity and space, and links content findings to the content', async () => {
    const exported = await call<AuditCsvExport>(app(), 'exportAuditCsv', {
      auditId,
      severity: 'high',
      spaceKey: 'ENG',
    });
    const rows: Record<string, string>[] = parse(exported.csv, { columns: true });
    const expected = (await allFindings(app(), auditId)).filter(
      (finding) => finding.severity === 'high' && finding.spaceKey === 'ENG',
    );
    expect(rows.map((row) => row.id)).toEqual(expected.map((finding) => finding.id));
    expect(rows.length).toBeLessThan((await allFindings(app(), auditId)).length);
    expect(rows.find((row) => row.contentId === '1030')?.link).toBe(
      '/wiki/pages/viewpage.action?pageId=1030',
    );
  });

  it('refuses a site address that is not one, unread', async () => {
    const answer = await app().call(
      { accountId: 'u-alice' },
      'exportAuditCsv',
      { auditId, siteUrl: 'javascript:alert(1)' },
      { moduleKey: 'access-lens-settings' },
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
