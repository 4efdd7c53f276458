/**
 * The audit against Confluence's two rate limits, on the demo site through the local queues:
 * a burst 429 only slows the audit; a quota 429 (the app's pool, shared by every install, is
 * empty) stops it until the pool resets, without another call; a pool running low pauses it
 * before it is empty. Time is the queues' virtual clock: every assertion is about requests, the
 * audit's state and what it queued, never about waiting.
 */
import type { AuditProgress } from '../../src/contract/admin';
import { POOL_FLOOR_SHARE } from '../../src/jobs/audit-job';
import { useApp } from '../resolvers/app-harness';
import type { AppUnderTest } from '../resolvers/app-harness';
import {
  allFindings,
  appRequests,
  call,
  runAudit,
  setPolicy,
  pendingEvents,
  runUntil,
} from './audit-helpers';

const HOUR = 3_600_000;
const POOL = 1_000;
const SPACE_103 = /^\/wiki\/api\/v2\/spaces\/103\/permissions/u;

async function status(app: AppUnderTest, auditId: string): Promise<AuditProgress> {
  const { audit } = await call<{ audit: AuditProgress | null }>(app, 'getAuditStatus', { auditId });
  if (audit === null) throw new Error('The audit vanished');
  return audit;
}

const paths = (app: AppUnderTest) => appRequests(app).map((r) => r.path.replace(/\?.*$/u, ''));

describe('an audit under rate limits', () => {
  // One small pool for the whole site, as the app's Tier 1 pool is one for every install.
  const app = useApp({ pointsPerHour: POOL }, { jobs: true });
  let clean: string[] = [];
  let cleanRequests = 0;
  let cleanDeliveries = 0;

  beforeAll(async () => {
    // The whole pool as the audit's share: here only the pool itself holds the audit back.
    await setPolicy(app(), {
      broadGroups: ['confluence-users', 'all-staff'],
      pointsBudgetShare: 1,
      // Every audit reads every space: each is compared with the first, clean one.
      reconcile: 'always',
    });
    app().platform.clearRequests();
    const deliveries = app().platform.queues.deliveries.length;
    const audit = await runAudit(app());
    expect(audit.state).toBe('completed');
    // The share is of the pool the quota headers report, not of the default tier's 65,000.
    expect(audit.pointsBudget).toBe(POOL * 24);
    clean = (await allFindings(app(), audit.auditId)).map((f) => f.id);
    cleanRequests = appRequests(app()).length;
    cleanDeliveries = app().platform.queues.deliveries.length - deliveries;
  });
  afterEach(() => {
    app().sim.setFaults({});
  });

  it('a burst 429 only slows it: waited out in place, the audit goes on', async () => {
    app().sim.setFaults({
      rules: [{ path: SPACE_103.source, action: 429, rateLimit: 'burst', times: 2 }],
    });
    const queues = app().platform.queues;
    const deliveries = queues.deliveries.length;
    const before = queues.now();
    const audit = await runAudit(app());
    expect(audit.state).toBe('completed');
    expect((await allFindings(app(), audit.auditId)).map((f) => f.id)).toEqual(clean);
    // Two refusals, each waited out for its Retry-After (1 s) by the client, then the read.
    expect(paths(app()).filter((p) => SPACE_103.test(p))).toHaveLength(3);
    expect(appRequests(app())).toHaveLength(cleanRequests + 2);
    expect(app().sim.stats().rateLimited).toMatchObject({ total: 2, injected: 2 });
    // The same invocations as a clean audit: nothing went back to the queue.
    const ours = queues.deliveries.slice(deliveries);
    expect(ours).toHaveLength(cleanDeliveries);
    expect(ours.filter((d) => d.outcome !== 'success')).toEqual([]);
    expect(queues.now() - before).toBe(2_000);
  });

  it('a quota 429 stops it until the pool resets, without another call', async () => {
    app().sim.setFaults({
      rules: [{ path: SPACE_103.source, action: 429, rateLimit: 'quota', times: 1 }],
    });
    const queues = app().platform.queues;
    const started = await call<AuditProgress>(app(), 'startAudit');
    const t0 = queues.now();
    // The simulator's pool resets at the end of the clock hour; Retry-After says so.
    const retryAfter = Math.ceil(((Math.floor(t0 / HOUR) + 1) * HOUR - t0) / 1000);
    const resumeAt = t0 + retryAfter * 1000;
    const deliveries = queues.deliveries.length;

    await app().drain({ advanceTime: false });
    // ENG and HR are done; the read of PUBLIC's grants was refused and nothing followed it.
    const refused = appRequests(app());
    expect(refused.at(-1)).toMatchObject({ status: 429 });
    expect(refused.at(-1)?.path).toMatch(SPACE_103);
    expect(refused.filter((r) => r.status === 429)).toHaveLength(1);
    expect(await status(app(), started.auditId)).toMatchObject({
      state: 'running',
      spacesDone: 2,
    });
    // The chain re-queued itself for the reset (in hops of the queue's longest delay), and
    // spent none of the platform's retries.
    const [next] = pendingEvents(app());
    expect(pendingEvents(app())).toHaveLength(1);
    expect(next?.body).toMatchObject({ step: 'batch', batch: 0, resumeAt });
    expect(next?.dueAt).toBe(t0 + Math.min(900, retryAfter) * 1000);
    expect(queues.deliveries.slice(deliveries).filter((d) => d.outcome !== 'success')).toEqual([]);

    // Until the reset: deliveries, no requests.
    await runUntil(app(), resumeAt);
    expect(queues.now()).toBe(resumeAt - 1);
    expect(appRequests(app())).toHaveLength(refused.length);
    expect(await status(app(), started.auditId)).toMatchObject({
      state: 'running',
      spacesDone: 2,
    });

    await app().drain();
    const done = await status(app(), started.auditId);
    expect(done).toMatchObject({ state: 'completed', spacesDone: 6 });
    expect((await allFindings(app(), started.auditId)).map((f) => f.id)).toEqual(clean);
    // It resumed at PUBLIC (the batch's search again, then the refused read); ENG and HR were
    // not read again.
    const resumed = paths(app()).slice(refused.length);
    expect(resumed.slice(0, 2)).toEqual([
      '/wiki/rest/api/content/search',
      '/wiki/api/v2/spaces/103/permissions',
    ]);
    expect(resumed.filter((p) => /spaces\/10[12]\//u.test(p))).toEqual([]);
    // Beyond the clean run: the batch's search and the refused read again, and the site's
    // licensed-user count, read once per invocation (broad groups by size).
    expect(appRequests(app())).toHaveLength(cleanRequests + 3);
    expect(resumed.filter((p) => p === '/wiki/rest/api/search/user')).toHaveLength(1);
    expect(done.pointsUsed).toBe(app().sim.stats().pointsByIdentity.app);
  });

  it('a pool other installs emptied stops it before its first read, until the reset', async () => {
    const queues = app().platform.queues;
    const started = await call<AuditProgress>(app(), 'startAudit');
    // Every install shares the pool: what is left of this hour, others spend.
    app().sim.spendAppPool(POOL);
    const t0 = queues.now();
    const resumeAt = t0 + Math.ceil(((Math.floor(t0 / HOUR) + 1) * HOUR - t0) / 1000) * 1000;

    await app().drain({ advanceTime: false });
    expect(appRequests(app()).map((r) => [r.path.replace(/\?.*$/u, ''), r.status])).toEqual([
      ['/wiki/api/v2/spaces', 429],
    ]);
    expect(app().sim.stats().rateLimited).toMatchObject({ total: 1, hourly: 1 });
    expect(pendingEvents(app()).map((e) => e.body)).toEqual([
      expect.objectContaining({ step: 'plan', resumeAt }),
    ]);
    // (Not even the admin page can read the status now: its own admin check needs the pool.)

    await runUntil(app(), resumeAt);
    expect(appRequests(app())).toHaveLength(1);

    await app().drain();
    expect(await status(app(), started.auditId)).toMatchObject({ state: 'completed' });
    expect((await allFindings(app(), started.auditId)).map((f) => f.id)).toEqual(clean);
    expect(appRequests(app())).toHaveLength(cleanRequests + 1);
    expect(app().sim.stats().rateLimited.total).toBe(1);
  });

  it('a pool running low pauses it before the pool is empty', async () => {
    const queues = app().platform.queues;
    const started = await call<AuditProgress>(app(), 'startAudit');
    // Other installs leave 15% of the pool: the audit (253 points) would empty it.
    const othersSpent = 0.85 * POOL;
    app().sim.spendAppPool(othersSpent);
    const t0 = queues.now();
    const resetAt = (Math.floor(t0 / HOUR) + 1) * HOUR;

    await app().drain({ advanceTime: false });
    const paused = await status(app(), started.auditId);
    expect(paused.state).toBe('running');
    // The first space (with the batch's search) took the pool under the floor; the audit
    // stopped there, with points left and before any 429: the quota headers said so.
    expect(paused.spacesDone).toBe(1);
    expect(app().sim.stats().rateLimited.total).toBe(0);
    const left = POOL - othersSpent - app().sim.stats().appPoolPoints;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(POOL * POOL_FLOOR_SHARE);
    const [next] = pendingEvents(app());
    expect(next?.body).toMatchObject({ step: 'batch', batch: 0 });
    expect(Number(next?.body.resumeAt)).toBeGreaterThanOrEqual(resetAt);
    const requests = appRequests(app()).length;

    await runUntil(app(), resetAt);
    expect(appRequests(app())).toHaveLength(requests);

    await app().drain();
    expect(await status(app(), started.auditId)).toMatchObject({
      state: 'completed',
      spacesDone: 6,
    });
    expect((await allFindings(app(), started.auditId)).map((f) => f.id)).toEqual(clean);
    expect(app().sim.stats().rateLimited.total).toBe(0);
  });
});
