/**
 * Incremental re-audits (docs/ARCHITECTURE.md, "Re-audits"): between the policy's full
 * reconciliations an audit reads only the spaces a change signal names and carries the others'
 * findings forward; the reconciliation finds what no signal reported. Generated 100-space site,
 * the real job on the local platform and the simulator, counted in requests and points.
 */
import { parse } from 'csv-parse/sync';
import { benchSite } from '../../dev/bench/audit';
import type { SiteFixture } from '../../dev/simulator/fixture';
import { accessEvents } from '../../src/index';
import { readRecord } from '../../src/storage/audits';
import type { AuditRecord } from '../../src/storage/audits';
import { useApp } from '../resolvers/app-harness';
import type { AppUnderTest } from '../resolvers/app-harness';
import type { AuditCsvExport, AuditProgress, AuditReportPage } from '../../src/contract/admin';
import type { Finding } from '../../src/core';
import { SETTINGS, appRequests, describeFinding } from './audit-helpers';

const HOUR = 3_600_000;
/** The generated site's Confluence admin. */
const ADMIN = { accountId: 'gen-user-0001' } as const;

async function call<T>(app: AppUnderTest, key: string, payload: unknown = {}): Promise<T> {
  const result = (await app.call(ADMIN, key, payload, SETTINGS)) as
    { ok: true; data: T } | { ok: false; error: { code: string } };
  if (!result.ok) throw new Error(`${key} failed: ${result.error.code}`);
  return result.data;
}

async function runAudit(app: AppUnderTest): Promise<AuditProgress> {
  const started = await call<AuditProgress>(app, 'startAudit');
  await app.drain();
  const { audit } = await call<{ audit: AuditProgress | null }>(app, 'getAuditStatus', {
    auditId: started.auditId,
  });
  if (audit === null) throw new Error('The audit vanished');
  return audit;
}

async function allFindings(app: AppUnderTest, auditId: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  let cursor: string | undefined;
  do {
    const page = await call<AuditReportPage>(app, 'getAuditReport', {
      auditId,
      limit: 200,
      ...(cursor === undefined ? {} : { cursor }),
    });
    findings.push(...page.findings);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return findings;
}

/** A user grant in `spaceKey` to a person who holds none there: one new `user-grants` finding. */
function grantUser(site: SiteFixture, spaceKey: string): string {
  const space = site.spaces.find((s) => s.key === spaceKey);
  if (space === undefined) throw new Error(`No space ${spaceKey}`);
  const held = new Set(space.permissions.map((p) => ('id' in p.principal ? p.principal.id : '')));
  // Not a guest, active, with Confluence access: a person the user-grants rule reports.
  const user = site.users.find(
    (u) =>
      !held.has(u.accountId) &&
      u.accountId !== ADMIN.accountId &&
      !u.isGuest &&
      u.active &&
      u.productAccess &&
      u.accountType !== 'customer',
  );
  if (user === undefined) throw new Error('No user to grant');
  space.permissions.push({
    principal: { type: 'user', id: user.accountId },
    operation: { key: 'read', targetType: 'space' },
  });
  return user.accountId;
}

/** The confidential label on an open root page of `spaceKey`: one new exposed-page finding. */
function labelOpenPage(site: SiteFixture, spaceKey: string): string {
  const space = site.spaces.find((s) => s.key === spaceKey);
  const page = site.content.find(
    (c) =>
      c.spaceId === space?.id &&
      c.type === 'page' &&
      c.parentId === null &&
      c.status === 'current' &&
      c.labels.length === 0 &&
      c.restrictions.read.users.length === 0 &&
      c.restrictions.read.groups.length === 0,
  );
  if (page === undefined) throw new Error(`No open root page in ${spaceKey}`);
  page.labels = ['confidential'];
  return page.id;
}

const record = async (app: AppUnderTest, auditId: string): Promise<AuditRecord> => {
  const found = await app.platform.runAsApp(() => readRecord(auditId));
  if (found === undefined) throw new Error('No record');
  return found;
};

const grantReads = (app: AppUnderTest): number =>
  appRequests(app).filter((r) => /\/spaces\/[^/]+\/permissions/u.test(r.path)).length;

describe('incremental re-audits of a 100-space site', () => {
  const app = useApp({}, { jobs: true });
  const site = benchSite(100);
  // Global spaces: personal spaces report people by another rule.
  const keys = site.spaces.filter((s) => s.type === 'global').map((s) => s.key);
  let fullPoints = 0;
  let firstFindings: string[] = [];
  let first: AuditProgress | undefined;

  beforeAll(async () => {
    await app().replaceSite(site);
  });

  it('a first audit is full and reads every space', async () => {
    const audit = await runAudit(app());
    first = audit;
    expect(audit).toMatchObject({ state: 'completed', spacesDone: 100 });
    expect(audit.carried).toBeUndefined();
    expect((await record(app(), audit.auditId)).mode).toBe('full');
    fullPoints = app().sim.stats().pointsByIdentity.app ?? 0;
    expect(grantReads(app())).toBe(100);
    firstFindings = (await allFindings(app(), audit.auditId)).map(describeFinding);
  });

  it('after changes in 2 spaces, reads those 2 and carries 98, at under 10% of the points', async () => {
    const [granted, labelled] = [keys[10] ?? '', keys[57] ?? ''];
    const user = grantUser(site, granted);
    const pageId = labelOpenPage(site, labelled);
    await app().replaceSite(site);
    // The grant change comes with a product event, delivered to the app's trigger; the new
    // label is seen by the search itself.
    const delivered = await app().platform.runAsApp(() =>
      accessEvents({
        eventType: 'avi:confluence:permissions_updated:page',
        atlassianId: ADMIN.accountId,
        content: { id: '1', type: 'page', status: 'current', space: { key: granted } },
      }),
    );
    expect(delivered).toEqual({ forgotten: ['1'], spacesNoted: 1 });
    app().platform.queues.advance(HOUR);
    app().sim.resetStats();
    app().platform.clearRequests();

    const audit = await runAudit(app());
    const stored = await record(app(), audit.auditId);
    expect(audit).toMatchObject({ state: 'completed', spacesDone: 100 });
    expect(stored).toMatchObject({ mode: 'incremental', spacesCarried: 98 });
    expect(grantReads(app())).toBe(2);
    const points = app().sim.stats().pointsByIdentity.app ?? 0;
    expect(points).toBeLessThanOrEqual(fullPoints / 10);

    const findings = await allFindings(app(), audit.auditId);
    const described = findings.map(describeFinding);
    expect(described).toEqual(expect.arrayContaining(firstFindings));
    const added = described.filter((d) => !firstFindings.includes(d));
    expect(added).toHaveLength(2);
    expect(added.find((d) => d.startsWith(`user-grants ${granted}`))).toContain(user);
    expect(added).toContain(`sensitive-page-unrestricted ${labelled} ${pageId}`);
    // Findings of the two spaces read are fresh; every other space's are marked as carried.
    for (const finding of findings) {
      const read = finding.spaceKey === granted || finding.spaceKey === labelled;
      expect(finding.carried === undefined).toBe(read);
    }
    // The Overview's note: 98 spaces carried from the first audit's reads, and when the weekly
    // reconciliation is due (half an hour early, for the drift of hourly triggers).
    if (first?.finishedAt === undefined) throw new Error('No first audit');
    const since = audit.carried?.since ?? '';
    expect(since >= first.startedAt && since <= first.finishedAt).toBe(true);
    expect(audit.carried).toEqual({
      spaces: 98,
      since,
      nextFullAt: new Date(Date.parse(first.startedAt) + 7 * 24 * HOUR - HOUR / 2).toISOString(),
    });
    expect(findings.every((f) => f.carried === undefined || f.carried.readAt >= since)).toBe(true);
    // The CSV says when each carried row's space was last read; rows read now leave it empty.
    const exported = await call<AuditCsvExport>(app(), 'exportAuditCsv', {
      auditId: audit.auditId,
    });
    const rows: Record<string, string>[] = parse(exported.csv, { columns: true });
    expect(rows.map((row) => [row.id, row.lastRead])).toEqual(
      findings.map((f) => [f.id, f.carried?.readAt ?? '']),
    );
    expect(rows.filter((row) => row.lastRead !== '').length).toBe(
      findings.filter((f) => f.spaceKey !== granted && f.spaceKey !== labelled).length,
    );
    process.stdout.write(
      `${JSON.stringify({ scenario: 'reaudit-test', spaces: 100, changed: 2, fullPoints, points })}\n`,
    );
  });

  it('the weekly reconciliation finds every change made behind the incremental pass’s back', async () => {
    // Grant changes whose events were lost, and no labelled content touched.
    const hidden = [keys[3] ?? '', keys[42] ?? '', keys[88] ?? ''];
    const users = hidden.map((key) => grantUser(site, key));
    await app().replaceSite(site);
    app().platform.queues.advance(HOUR);
    const before = (await allFindings(app(), (await runAudit(app())).auditId)).map(describeFinding);
    const found = (described: readonly string[], i: number): boolean =>
      described.some(
        (d) => d.startsWith(`user-grants ${hidden[i] ?? ''} `) && d.includes(users[i] ?? '-'),
      );
    // The incremental pass had no signal: it carried those spaces and missed every change.
    expect(hidden.map((_, i) => found(before, i))).toEqual([false, false, false]);
    // A week after the last full audit, the next one is a full reconciliation.
    app().platform.queues.advance(7 * 24 * HOUR);
    app().platform.clearRequests();
    const audit = await runAudit(app());
    expect((await record(app(), audit.auditId)).mode).toBe('full');
    expect(grantReads(app())).toBe(100);
    const after = await allFindings(app(), audit.auditId);
    expect(hidden.map((_, i) => found(after.map(describeFinding), i))).toEqual([true, true, true]);
    expect(after.filter((f) => f.carried !== undefined)).toEqual([]);
    expect(audit.carried).toBeUndefined();
  });
});
