/**
 * The audit job end to end on the demo site: the real resolvers start it, the manifest's
 * consumer runs it through the local queues (virtual clock), the simulator answers as the app.
 */
import { parse } from 'csv-parse/sync';
import type { AuditCsvExport, AuditDiffView, AuditHistoryView } from '../../src/contract/admin';
import { FINDINGS_CSV_COLUMNS } from '../../src/core';
import { MAX_SPACE_ATTEMPTS } from '../../src/jobs/audit-job';
import { auditStopText, findingPrincipal } from '../../src/messages/audit';
import { findingLink } from '../../src/messages/links';
import { demoSite, demoSiteRoles, useApp } from '../resolvers/app-harness';
import type { AppUnderTest } from '../resolvers/app-harness';
import {
  ADMIN,
  SETTINGS,
  allFindings,
  appRequests,
  call,
  describeFinding,
  english,
  messageOf,
  runAudit,
  setPolicy,
} from './audit-helpers';

/** The demo site's answer under the default policy plus `all-staff` as a broad group. */
const EXPECTED = [
  // Erin has left (deactivated) and still holds space admin: her own finding, not a user grant.
  'departed-account-access ENG Erin Former (u-erin)',
  'sensitive-page-unrestricted ENG 1030',
  'anonymous-space-access PUBLIC anonymous',
  'sensitive-page-unrestricted PUBLIC 3005',
  'broad-group-admin SALES all-staff',
  'guest-space-access ENG Dan Contractor (u-dan)',
  // Space grants name a team by id only; nothing the app may call gives its name.
  'team-space-access ENG t-platform',
  'team-space-access PUBLIC t-guild',
  'user-grants OLD Alice Admin (u-alice)',
  'user-grants PUBLIC Grace Writer (u-grace)',
  // The owner's own grants in a personal space are no finding.
];

async function auditDemo(app: AppUnderTest) {
  const audit = await runAudit(app);
  return { audit, findings: await allFindings(app, audit.auditId) };
}

describe('audit of the demo site', () => {
  const app = useApp({}, { jobs: true });
  beforeAll(async () => {
    await setPolicy(app(), { broadGroups: ['confluence-users', 'all-staff'] });
  });

  it('finds each rule’s known answer, reading as the app only inside the job', async () => {
    const { audit, findings } = await auditDemo(app());
    expect(audit).toMatchObject({ state: 'completed', spacesDone: 6, spacesTotal: 6 });
    expect(findings.map(describeFinding)).toEqual(EXPECTED);
    expect(audit.summary?.byRule).toEqual({
      'anonymous-space-access': 1,
      'broad-group-admin': 1,
      'sensitive-page-unrestricted': 2,
      'guest-space-access': 1,
      'team-space-access': 2,
      'user-grants': 2,
      'departed-account-access': 1,
      'personal-space-exposed': 0,
      'not-inspectable': 0,
    });
    // The audit's own accounting agrees with what the site charged the app.
    const charged = app().sim.stats().pointsByIdentity.app;
    expect(audit.pointsUsed).toBe(charged);
    // One space list, one search for the batch, one grants read per space, one role-mode read;
    // restrictions only for the two open pages' parents and one restricted parent.
    const paths = appRequests(app()).map((r) => r.path.replace(/\?.*$/u, ''));
    expect(paths.filter((p) => p === '/wiki/api/v2/spaces')).toHaveLength(1);
    expect(paths.filter((p) => p === '/wiki/rest/api/content/search')).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('/permissions'))).toHaveLength(6);
    expect(paths.filter((p) => p.includes('/restriction/')).sort()).toEqual([
      '/wiki/rest/api/content/1000/restriction/byOperation/read',
      '/wiki/rest/api/content/2011/restriction/byOperation/read',
      '/wiki/rest/api/content/3000/restriction/byOperation/read',
    ]);
    const search = appRequests(app()).find((r) =>
      r.path.startsWith('/wiki/rest/api/content/search'),
    );
    const cql = new URL(`http://x${search?.path ?? ''}`).searchParams.get('cql');
    expect(cql).toBe(
      'space in ("ENG","HR","PUBLIC","SALES","~alice","OLD") AND label in ("confidential","secret","restricted","hr-only") AND type in ("page","blogpost","folder")',
    );
  });

  it('lists a broad group only when the policy names it, by name or id', async () => {
    // By name only (no size threshold): all-staff is not named, so not broad.
    await setPolicy(app(), { broadGroups: ['confluence-users'], broadGroupShare: 0 });
    const { findings } = await auditDemo(app());
    expect(findings.map(describeFinding)).toEqual(
      EXPECTED.filter((line) => !line.startsWith('broad-group-admin')),
    );
    await setPolicy(app(), { broadGroups: ['g-all-staff'], allowedAnonymousSpaces: ['PUBLIC'] });
    const again = await auditDemo(app());
    expect(again.findings.map(describeFinding)).toEqual(
      EXPECTED.filter((line) => !line.startsWith('anonymous-space-access')),
    );
    // Names a group the site does not have are refused now, so this one stays out.
    await setPolicy(app(), {
      broadGroups: ['all-staff'],
      allowedAnonymousSpaces: [],
      broadGroupShare: 0.5,
    });
  });

  it('finds a broad group by its size when the policy does not name it', async () => {
    await setPolicy(app(), { broadGroups: [], broadGroupShare: 0.5 });
    const { findings } = await auditDemo(app());
    // all-staff's 1,500 members are every licensed user of the demo site.
    expect(findings.map(describeFinding)).toEqual(EXPECTED);
    await setPolicy(app(), { broadGroups: ['all-staff'] });
  });

  it('keeps a history, pages and filters the report, and refuses a second audit while one runs', async () => {
    const started = await call<{ auditId: string; state: string }>(app(), 'startAudit');
    expect(started.state).toBe('queued');
    const refused = (await app().call(ADMIN, 'startAudit', {}, SETTINGS)) as {
      ok: boolean;
      error?: { message: string };
    };
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toMatch(/already running/u);
    await app().drain();
    const history = await call<AuditHistoryView>(app(), 'getAuditHistory');
    expect(history.audits[0]?.auditId).toBe(started.auditId);
    expect(history.audits.every((a) => a.state === 'completed')).toBe(true);
    const high = await call<{
      findings: { severity: string }[];
      total: number;
      nextCursor?: string;
    }>(app(), 'getAuditReport', { severity: 'high', limit: 3 });
    expect(high.total).toBe(5);
    expect(high.findings).toHaveLength(3);
    expect(high.nextCursor).toBe('3');
    const rest = await call<{ findings: unknown[]; nextCursor?: string }>(app(), 'getAuditReport', {
      severity: 'high',
      limit: 3,
      cursor: high.nextCursor,
    });
    expect(rest.findings).toHaveLength(2);
    expect(rest.nextCursor).toBeUndefined();
    const eng = await call<{ total: number }>(app(), 'getAuditReport', {
      spaceKey: 'ENG',
      rule: 'departed-account-access',
    });
    expect(eng.total).toBe(1);
  });

  it('exports RFC 4180 CSV that parses back to the findings', async () => {
    const exported = await call<AuditCsvExport>(app(), 'exportAuditCsv');
    expect(exported.downloadUrl).toBeUndefined();
    expect(exported.fileName).toMatch(
      /^access-lens-audit-\d{4}-\d{2}-\d{2}-[a-z0-9]+-[a-f0-9]{8}\.csv$/u,
    );
    const rows: Record<string, string>[] = parse(exported.csv, { columns: true });
    const findings = await allFindings(
      app(),
      (await call<AuditHistoryView>(app(), 'getAuditHistory')).audits[0]!.auditId,
    );
    expect(exported.rows).toBe(findings.length);
    expect(rows).toEqual(
      findings.map((f) =>
        Object.fromEntries(
          FINDINGS_CSV_COLUMNS.map((c) => [
            c,
            c === 'message'
              ? messageOf(f)
              : c === 'principal'
                ? (findingPrincipal(english, f) ?? '')
                : c === 'link'
                  ? findingLink(undefined, f)
                  : c === 'exception'
                    ? '' // none accepted in this suite
                    : c === 'lastRead'
                      ? '' // a full audit reads every space
                      : (f[c] ?? ''),
          ]),
        ),
      ),
    );
    expect(exported.csv.endsWith('\r\n')).toBe(true);
  });

  it('cancels a queued audit without reading anything', async () => {
    const started = await call<{ auditId: string }>(app(), 'startAudit');
    const cancelled = await call<{ audit: { state: string } }>(app(), 'cancelAudit', {
      auditId: started.auditId,
    });
    expect(cancelled.audit.state).toBe('cancelled');
    app().platform.clearRequests();
    await app().drain();
    expect(appRequests(app())).toEqual([]);
    const { audit } = await call<{ audit: { state: string; finishedAt?: string } }>(
      app(),
      'getAuditStatus',
    );
    expect(audit).toMatchObject({ state: 'cancelled', finishedAt: expect.any(String) });
  });
});

describe.each(['derived', 'empty'] as const)(
  'audit of the roles demo site (legacy list %s)',
  (legacyListOnRolesSites) => {
    const app = useApp(
      { fixture: demoSiteRoles() as never, legacyListOnRolesSites },
      { jobs: true },
    );

    it('finds what the legacy demo site gives, from the role assignments alone', async () => {
      await setPolicy(app(), { broadGroups: ['confluence-users', 'all-staff'] });
      app().platform.clearRequests();
      const { audit, findings } = await auditDemo(app());
      expect(audit).toMatchObject({ state: 'completed', spacesDone: 6 });
      expect(findings.map(describeFinding)).toEqual(EXPECTED);
      expect(messageOf(findings.find((f) => f.rule === 'broad-group-admin')!)).toMatch(
        /through the role Admin:/u,
      );
      const paths = appRequests(app()).map((r) => r.path.replace(/\?.*$/u, ''));
      expect(paths.filter((p) => p.endsWith('/permissions'))).toEqual([]);
      expect(paths.filter((p) => p.endsWith('/role-assignments'))).toHaveLength(6);
      expect(paths.filter((p) => p === '/wiki/api/v2/space-roles')).toHaveLength(1);
      expect(paths.filter((p) => p === '/wiki/api/v2/space-role-mode')).toHaveLength(1);
      expect(audit.pointsUsed).toBe(app().sim.stats().pointsByIdentity.app);
    });
  },
);

describe('at-least-once delivery, failures and rate limits leave the same report', () => {
  const app = useApp({}, { jobs: true });
  let clean: string[] = [];
  beforeAll(async () => {
    await setPolicy(app(), { broadGroups: ['confluence-users', 'all-staff'] });
    clean = (await auditDemo(app())).findings.map((f) => f.id);
  });

  it('every event delivered twice', async () => {
    app().platform.queues.setDeliverDuplicate(true);
    try {
      const { audit, findings } = await auditDemo(app());
      expect(findings.map((f) => f.id)).toEqual(clean);
      expect(audit).toMatchObject({ state: 'completed', spacesDone: 6, spacesTotal: 6 });
      expect(audit.summary?.total).toBe(clean.length);
      // The duplicate of each step is recognised as stale before it reads anything.
      const grantReads = appRequests(app()).filter((r) => r.path.includes('/permissions'));
      expect(grantReads).toHaveLength(6);
    } finally {
      app().platform.queues.setDeliverDuplicate(false);
    }
  });

  it('a batch that fails part-way resumes from its checkpoint', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // HR, the second space, fails once: ENG (already committed) is not read again.
    app().sim.setFaults({
      rules: [{ path: '^/wiki/api/v2/spaces/102/permissions', action: 500, times: 1 }],
    });
    try {
      const { audit, findings } = await auditDemo(app());
      expect(findings.map((f) => f.id)).toEqual(clean);
      expect(audit.state).toBe('completed');
      const reads = appRequests(app()).filter((r) => r.path.includes('/permissions'));
      expect(reads.map((r) => r.path.replace(/\?.*$/u, ''))).toEqual([
        '/wiki/api/v2/spaces/101/permissions',
        '/wiki/api/v2/spaces/102/permissions',
        '/wiki/api/v2/spaces/102/permissions',
        '/wiki/api/v2/spaces/103/permissions',
        '/wiki/api/v2/spaces/104/permissions',
        '/wiki/api/v2/spaces/105/permissions',
        '/wiki/api/v2/spaces/106/permissions',
      ]);
      const retries = app().platform.queues.deliveries.filter((d) => d.outcome === 'retry');
      expect(retries.length).toBeGreaterThanOrEqual(1);
    } finally {
      logged.mockRestore();
      app().sim.setFaults({});
    }
  });

  it('a 429 storm delays the audit but it completes', async () => {
    const before = app().platform.queues.now();
    const delivered = app().platform.queues.deliveries.length;
    // Everything the job reads (not the admin's own check, which is not the job's).
    app().sim.setFaults({
      rules: [
        { path: '^/wiki/(api/v2/|rest/api/(content|group|user\\?))', action: 429, times: 12 },
      ],
    });
    try {
      const { audit, findings } = await auditDemo(app());
      expect(findings.map((f) => f.id)).toEqual(clean);
      expect(audit.state).toBe('completed');
      expect(app().sim.stats().rateLimited.injected).toBe(12);
      // A 429 that names no limit is read as a burst: each call waits out Retry-After (1 s)
      // in place for 4 attempts, then the step goes back to the queue for another 1 s. 12
      // refusals: 3 calls of 4 attempts, 9 waits in place and 3 platform retries.
      const waits = app()
        .platform.queues.deliveries.slice(delivered)
        .filter((d) => d.outcome === 'retry');
      expect(waits).toHaveLength(3);
      expect(app().platform.queues.now() - before).toBe(12_000);
      // Refused requests cost nothing, so the points are those of a clean run.
      expect(audit.pointsUsed).toBe(app().sim.stats().pointsByIdentity.app);
    } finally {
      app().sim.setFaults({});
    }
  });

  it('a failure that never clears gives up that space alone, reported as not inspected', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    app().sim.setFaults({ rules: [{ path: '^/wiki/api/v2/spaces/104/permissions', action: 503 }] });
    try {
      const { audit, findings } = await auditDemo(app());
      expect(audit).toMatchObject({ state: 'completed', spacesDone: 6, spacesSkipped: 1 });
      expect(auditStopText(english, audit)).toBeUndefined();
      expect(findings.filter((f) => f.spaceKey === 'SALES').map(describeFinding)).toEqual([
        'not-inspectable SALES',
      ]);
      expect(new Set(findings.map((f) => f.spaceKey))).toEqual(
        new Set(['ENG', 'PUBLIC', 'SALES', 'OLD']),
      );
      // The lock is released: the next audit may start.
      app().sim.setFaults({});
      expect((await auditDemo(app())).audit.state).toBe('completed');
      // Each failed attempt, and the space given up.
      expect(logged).toHaveBeenCalledTimes(MAX_SPACE_ATTEMPTS + 1);
    } finally {
      logged.mockRestore();
      app().sim.setFaults({});
    }
  });
});

describe('points budget', () => {
  const app = useApp({}, { jobs: true });

  it('paces to the hourly share and stops as partial at the cap', async () => {
    // 0.0001 of 65,000 = 6 points an hour, 144 for the audit: less than the site needs.
    await setPolicy(app(), { pointsBudgetShare: 0.0001 });
    const start = app().platform.queues.now();
    const { audit, findings } = await auditDemo(app());
    expect(audit.state).toBe('partial');
    expect(audit.pointsBudget).toBe(144);
    expect(audit.spacesDone).toBeLessThan(6);
    expect(audit.spacesDone).toBeGreaterThan(0);
    expect(auditStopText(english, audit)).toMatch(/points budget/u);
    expect(audit.pointsUsed).toBeLessThanOrEqual(144);
    expect(audit.pointsUsed).toBe(app().sim.stats().pointsByIdentity.app);
    // One space per hour window at most: the audit waited hours of (virtual) time.
    expect(app().platform.queues.now() - start).toBeGreaterThanOrEqual(
      (audit.spacesDone - 1) * 3_600_000,
    );
    expect(findings.length).toBeGreaterThan(0);
  });
});

describe('what the app cannot read is reported, never counted as open', () => {
  const site = demoSite() as { content: Record<string, unknown>[] };
  // An unpublished draft page between ENG's home and the confidential 1030: only its author can
  // see it, so the app can read 1030 but not the restriction of the page above it.
  site.content.push({
    id: '1099',
    type: 'page',
    spaceId: '101',
    parentId: '1000',
    title: 'Draft: Data Handling',
    status: 'draft',
    labels: [],
    restrictions: { read: { users: [], groups: [] }, update: { users: [], groups: [] } },
    authorId: 'u-bob',
  });
  const page = site.content.find((c) => c.id === '1030');
  if (page) page.parentId = '1099';
  const app = useApp({ fixture: site as never }, { jobs: true });

  it('lists content under an unreadable ancestor as not inspectable', async () => {
    await setPolicy(app(), { broadGroups: ['confluence-users', 'all-staff'] });
    const { findings } = await auditDemo(app());
    const about1030 = findings.filter((f) => f.contentId === '1030');
    expect(about1030.map((f) => [f.rule, f.severity])).toEqual([['not-inspectable', 'info']]);
    expect(messageOf(about1030[0]!)).toMatch(/not counted as open/u);
  });
});

describe('diff between two audits', () => {
  const app = useApp({}, { jobs: true });

  it('lists exactly what changed on the site', async () => {
    await setPolicy(app(), { broadGroups: ['confluence-users', 'all-staff'] });
    const first = await auditDemo(app());
    const site = demoSite() as {
      spaces: { key: string; permissions: { principal: { type: string; id?: string } }[] }[];
      content: { id: string; labels: string[] }[];
    };
    const pub = site.spaces.find((s) => s.key === 'PUBLIC');
    if (pub) pub.permissions = pub.permissions.filter((p) => p.principal.type !== 'anonymous');
    const eng = site.spaces.find((s) => s.key === 'ENG');
    if (eng) eng.permissions = eng.permissions.filter((p) => p.principal.id !== 'u-erin');
    const retro = site.content.find((c) => c.id === '1041');
    if (retro) retro.labels = ['confidential'];
    await app().replaceSite(site);
    const second = await auditDemo(app());
    const diff = await call<AuditDiffView>(app(), 'diffAudits');
    expect(diff.fromAuditId).toBe(first.audit.auditId);
    expect(diff.toAuditId).toBe(second.audit.auditId);
    expect(diff.added.map(describeFinding)).toEqual(['sensitive-page-unrestricted ENG 1041']);
    expect(diff.resolved.map(describeFinding).sort()).toEqual([
      'anonymous-space-access PUBLIC anonymous',
      'departed-account-access ENG Erin Former (u-erin)',
    ]);
    expect(diff.unchanged).toBe(first.findings.length - 2);
  });
});
