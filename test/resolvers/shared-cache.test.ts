/**
 * What pages share is read once (docs/ARCHITECTURE.md, "Call plans and points"): a cold view of
 * a page whose space was viewed a moment ago reads only the page's own part; simultaneous cold
 * views of one page share one read; restriction events drop the parts they concern; and when
 * the app's points pool is nearly empty the macro answers from the cache, or says it is busy.
 * Every count is charged by the simulator.
 */
import { fixtureFor, siblingOf } from '../../dev/bench/macro';
import { accessEvents } from '../../src/index';
import { loadPageAccess } from '../../src/access/load-page-access';
import { ConfluenceClient } from '../../src/confluence/client';
import { forgeTransport } from '../../src/confluence/forge-transport';
import { kvsPageAccessCache } from '../../src/storage/access-cache';
import { demoSite, useApp } from './app-harness';
import type { AppUnderTest } from './app-harness';

interface View {
  ok: boolean;
  data?: {
    fromCache: boolean;
    asOf: string;
    ages?: { page: number; space: number; ancestors?: number; site: number };
    page: { title: string };
  };
  error?: { code: string; retryAfterSeconds?: number; message: string };
}

const on = (contentId: string) => ({ moduleKey: 'access-lens-macro', contentId });

async function view(
  app: AppUnderTest,
  accountId: string,
  contentId: string,
  payload = {},
  // Resetting the stats also resets the simulated pool's window: the pool tests keep it.
  reset = true,
) {
  if (reset) app.sim.resetStats();
  const before = app.sim.stats();
  const result = (await app.call({ accountId }, 'getPageAccess', payload, on(contentId))) as View;
  const stats = app.sim.stats();
  return {
    result,
    points: stats.appPoolPoints - (reset ? 0 : before.appPoolPoints),
    requests: stats.totalRequests - (reset ? 0 : before.totalRequests),
    stats,
  };
}

/** Every stored part made `minutes` older, as time passing would. */
function age(app: AppUnderTest, minutes: number): void {
  const snapshot = app.platform.kvs.snapshot();
  const kvs = Object.fromEntries(
    Object.entries(snapshot.kvs).map(([key, entry]) => {
      const value = entry.value as { readAt?: number } | null;
      return key.startsWith('access:') && typeof value?.readAt === 'number'
        ? [key, { ...entry, value: { ...value, readAt: value.readAt - minutes * 60_000 } }]
        : [key, entry];
    }),
  );
  app.platform.kvs.reset({ ...snapshot, kvs });
}

describe.each([
  [40, 25],
  [400, 30],
])('a page in a space viewed a moment ago (%i grants)', (grants, most) => {
  const app = useApp({ fixture: fixtureFor({ depth: 5, restricted: 0, grants }) as never });
  beforeEach(() => {
    app().platform.kvs.reset();
  });

  it(`costs at most ${String(most)} points cold, and warm views stay one request`, async () => {
    const first = await view(app(), 'u-viewer', '1005');
    expect(first.result.data?.fromCache).toBe(false);
    const sibling = await view(app(), 'u-viewer', siblingOf(5));
    expect(sibling.result.ok).toBe(true);
    expect(sibling.points).toBeLessThanOrEqual(most);
    // Only the page itself and its own restrictions: grants, ancestors and site are shared.
    expect(Object.keys(sibling.stats.requests).sort()).toEqual([
      'GET /wiki/api/v2/pages/{id}',
      'GET /wiki/rest/api/content/{id}/restriction/byOperation',
    ]);
    const warm = await view(app(), 'u-viewer', siblingOf(5));
    expect(warm.requests).toBe(1);
    expect(warm.result.data?.fromCache).toBe(true);
  });

  it('a truly cold view costs what it cost before the parts were shared', async () => {
    const cold = await view(app(), 'u-viewer', '1005');
    app().platform.kvs.reset();
    const again = await view(app(), 'u-viewer', '1005');
    expect(again.points).toBe(cold.points);
    expect(again.result.data?.fromCache).toBe(false);
  });
});

describe('the demo site', () => {
  const app = useApp();
  beforeEach(() => {
    app().platform.kvs.reset();
  });

  it('says how old each part is, and refresh reads every part again', async () => {
    await view(app(), 'u-bob', '1013');
    age(app(), 7);
    const warm = await view(app(), 'u-bob', '1013');
    expect(warm.result.data?.fromCache).toBe(true);
    const ages = warm.result.data?.ages;
    expect(ages?.page).toBeGreaterThanOrEqual(7 * 60);
    expect(ages?.space).toBeGreaterThanOrEqual(7 * 60);
    expect(ages?.ancestors).toBeGreaterThanOrEqual(7 * 60);
    expect(ages?.site).toBeGreaterThanOrEqual(7 * 60);
    // asOf is the oldest part's read time.
    expect(Date.now() - Date.parse(warm.result.data?.asOf ?? '')).toBeGreaterThanOrEqual(
      7 * 60_000,
    );
    const refreshed = await view(app(), 'u-bob', '1013', { refresh: true });
    expect(refreshed.result.data?.fromCache).toBe(false);
    expect(refreshed.result.data?.ages).toEqual({ page: 0, space: 0, ancestors: 0, site: 0 });
    // Every part: the page's restrictions, the space's grants, each ancestor's view restriction.
    const routes = Object.keys(refreshed.stats.requests);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /wiki/rest/api/content/{id}/restriction/byOperation',
        'GET /wiki/api/v2/spaces/{id}/permissions',
        'GET /wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}',
        'GET /wiki/rest/api/user/anonymous',
      ]),
    );
  });

  it('ten simultaneous cold views of one page cost at most twice one view', async () => {
    const one = await view(app(), 'u-bob', '1013');
    app().platform.kvs.reset();
    app().sim.resetStats();
    const views = await Promise.all(
      Array.from({ length: 10 }, () =>
        app().call({ accountId: 'u-bob' }, 'getPageAccess', {}, on('1013')),
      ),
    );
    const stats = app().sim.stats();
    expect(views.every((v) => (v as View).ok)).toBe(true);
    expect(stats.appPoolPoints).toBeLessThanOrEqual(2 * one.points);
    // Each view made its own gate read; the parts were read once.
    expect(stats.requests['GET /wiki/api/v2/pages/{id}']).toEqual({ 'user:u-bob': 10 });
    expect(stats.requests['GET /wiki/api/v2/spaces/{id}/permissions']).toEqual({ 'user:u-bob': 1 });
  });

  it('across invocations, a view that finds another one reading waits for its entry', async () => {
    const as = { accountId: 'u-bob' };
    const load = () =>
      app().platform.runAs(as, () =>
        // Separate registries of reads in flight: as two Forge invocations in two containers.
        loadPageAccess(new ConfluenceClient(forgeTransport('user')), '1013', {
          cache: kvsPageAccessCache,
          contentType: 'page',
          inFlight: new Map(),
        }),
      );
    app().sim.resetStats();
    const alone = await load();
    const onePoints = app().sim.stats().appPoolPoints;
    expect(alone.fromCache).toBe(false);
    app().platform.kvs.reset();
    app().sim.resetStats();
    const both = await Promise.all([load(), load(), load()]);
    expect(both.filter((b) => !b.fromCache)).toHaveLength(1);
    expect(app().sim.stats().appPoolPoints).toBeLessThanOrEqual(onePoints + 2 * 2);
  });

  it('a restriction event drops the parts it concerns; without one the TTL bounds staleness', async () => {
    await view(app(), 'u-bob', '1013');
    // Someone adds Erin to the view restriction of Incident Runbooks (1012), above the page.
    const site = demoSite() as {
      content: { id: string; restrictions?: { read?: { users: string[] } } }[];
    };
    const runbooks = site.content.find((c) => c.id === '1012');
    runbooks?.restrictions?.read?.users.push('u-erin');
    await app().replaceSite(site);
    const stale = await view(app(), 'u-bob', '1013');
    expect(stale.result.data?.fromCache).toBe(true);
    expect(stale.requests).toBe(1);

    const outcome = await app().platform.runAsApp(() =>
      accessEvents({
        eventType: 'avi:confluence:permissions_updated:page',
        atlassianId: 'u-alice',
        content: { id: '1012', type: 'page', status: 'current', title: 'Incident Runbooks' },
      }),
    );
    // The documented payload carries no space here, so no space is noted for the audit.
    expect(outcome).toEqual({ forgotten: ['1012'], spacesNoted: 0 });
    const after = await view(app(), 'u-bob', '1013');
    // The page's own part and the space's are still shared; 1012's view restriction is read.
    expect(
      after.stats.requests[
        'GET /wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}'
      ],
    ).toEqual({
      'user:u-bob': 1,
    });
    app().platform.kvs.reset();
    const cold = await view(app(), 'u-bob', '1013');
    const answer = (v: View) => ({
      ...v.data,
      asOf: undefined,
      ages: undefined,
      fromCache: undefined,
    });
    expect(answer(after.result)).toEqual(answer(cold.result));
    expect(answer(stale.result)).not.toEqual(answer(cold.result));
    await app().replaceSite(demoSite());
  });

  it('ignores events it does not know and payloads that are not the documented shape', async () => {
    const ignored = await app().platform.runAsApp(async () => [
      await accessEvents({ eventType: 'avi:confluence:liked:page', content: { id: '1013' } }),
      await accessEvents({ eventType: 'avi:confluence:permissions_updated:page' }),
      await accessEvents('nonsense'),
    ]);
    const nothing = { forgotten: [], spacesNoted: 0 };
    expect(ignored).toEqual([nothing, nothing, nothing]);
  });
});

describe('when the app-wide pool is nearly empty', () => {
  const poolApp = useApp({ pointsPerHour: 65_000 });
  beforeEach(() => {
    poolApp().platform.kvs.reset();
  });

  it('answers from the cache, however old, with its age', async () => {
    await view(poolApp(), 'u-bob', '1013');
    age(poolApp(), 45);
    // Other installs spend the pool down to 1% left.
    poolApp().sim.spendAppPool(65_000 - 650 - poolApp().sim.stats().appPoolPoints);
    const low = await view(poolApp(), 'u-bob', '1013', {}, false);
    expect(low.result.ok).toBe(true);
    expect(low.result.data?.fromCache).toBe(true);
    expect(low.result.data?.ages?.space).toBeGreaterThanOrEqual(45 * 60);
    expect(low.requests).toBe(1);
  });

  it('says Confluence is busy rather than spend the last points on a cold view', async () => {
    poolApp().sim.resetStats();
    poolApp().sim.spendAppPool(65_000 - 650);
    const low = await view(poolApp(), 'u-bob', '1013', {}, false);
    expect(low.result).toEqual({
      ok: false,
      error: {
        code: 'RATE_LIMITED',
        message: expect.any(String),
        retryAfterSeconds: expect.any(Number),
      },
    });
    // The gate read alone.
    expect(low.requests).toBe(1);
  });
});
