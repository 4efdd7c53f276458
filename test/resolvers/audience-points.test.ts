/**
 * What the effective audience costs on top of the page's layers (docs/ARCHITECTURE.md, "The
 * effective audience" and "Call plans and points"): computed smallest layer first, a page
 * restricted to 3 people must never be answered by listing the 10,000-member group its space is
 * open to, and a warm view must stay the page read alone.
 *
 * The baseline is the same page's layers alone, as the simulator charges them: the loader every
 * cold view runs first (`loadPageAccess`), as the same viewer, through the same Forge transport,
 * with storage empty (so the role mode is read as a cold view reads it). The cold view through
 * the real resolver then makes exactly those reads plus the audience's; the difference is what
 * the audience costs, whatever the loader's internals.
 */
import {
  AUDIENCE_PAGE_ID,
  AUDIENCE_VIEWER,
  fewPeopleInOpenSpace,
  groupsInGrantedSpace,
} from '../../dev/simulator/audience-sites';
import type { SimulatorStats } from '../../dev/simulator/stats';
import { loadPageAccess } from '../../src/access/load-page-access';
import { ConfluenceClient } from '../../src/confluence/client';
import { forgeTransport } from '../../src/confluence/forge-transport';
import type { AppUnderTest } from './app-harness';
import { useApp } from './app-harness';

interface Audience {
  readonly count: number;
  readonly complete: boolean;
  readonly people: readonly { readonly accountId: string }[];
  readonly groups: readonly { readonly groupId: string; readonly size?: number }[];
}

interface PageAccessAnswer {
  readonly ok: boolean;
  readonly data?: {
    readonly fromCache: boolean;
    readonly effective: { readonly view: Audience; readonly edit: Audience };
  };
}

const MEMBERS_ROUTE = 'GET /wiki/rest/api/group/{groupId}/membersByGroupId';

/** The page's layers alone, cold, as the simulator charges them. */
async function layersAlone(app: AppUnderTest): Promise<SimulatorStats> {
  app.platform.kvs.reset();
  app.sim.resetStats();
  await app.platform.runAs({ accountId: AUDIENCE_VIEWER }, () =>
    loadPageAccess(new ConfluenceClient(forgeTransport('user')), AUDIENCE_PAGE_ID, {
      contentType: 'page',
    }),
  );
  return app.sim.stats();
}

async function view(
  app: AppUnderTest,
): Promise<{ answer: PageAccessAnswer; stats: SimulatorStats }> {
  app.sim.resetStats();
  app.platform.clearRequests();
  const answer = (await app.call(
    { accountId: AUDIENCE_VIEWER },
    'getPageAccess',
    {},
    { moduleKey: 'access-lens-macro', contentId: AUDIENCE_PAGE_ID },
  )) as PageAccessAnswer;
  return { answer, stats: app.sim.stats() };
}

/** The cold view of an empty store, then the warm one its cache entry serves. */
async function coldThenWarm(app: AppUnderTest) {
  app.platform.kvs.reset();
  const cold = await view(app);
  const coldRequests = app.platform.requests.map((r) => r.path);
  const warm = await view(app);
  return { cold, coldRequests, warm };
}

describe('the effective audience of a page restricted to 3 people, in a space open to 10,000', () => {
  const app = useApp({
    fixture: fewPeopleInOpenSpace({ groupSize: 10_000, restrictedTo: 3 }) as never,
  });

  it('adds at most 30 points to the cold view, and nothing to the warm one', async () => {
    const layers = await layersAlone(app());
    const { cold, coldRequests, warm } = await coldThenWarm(app());

    // The answer is really computed: the three people on the restriction, complete.
    expect(cold.answer.ok).toBe(true);
    const effective = cold.answer.data?.effective;
    for (const audience of [effective?.view, effective?.edit]) {
      expect(audience?.complete).toBe(true);
      expect(audience?.count).toBe(3);
      expect(audience?.people.map((p) => p.accountId).sort()).toEqual([
        'u-staff-0001',
        'u-staff-0002',
        'u-viewer',
      ]);
    }

    // The layers' reads, and on top of them the audience's, within the bound.
    expect(cold.stats.totalRequests).toBeGreaterThan(layers.totalRequests);
    expect(cold.stats.appPoolPoints - layers.appPoolPoints).toBeLessThanOrEqual(30);

    // Never listed: the 10,000-member group is only asked its size (one member, with the total).
    expect(cold.stats.requests[MEMBERS_ROUTE]).toEqual({ [`user:${AUDIENCE_VIEWER}`]: 1 });
    const memberReads = coldRequests.filter((path) => path.includes('/membersByGroupId'));
    expect(memberReads).toHaveLength(1);
    expect(new URL(memberReads[0] ?? '', 'http://sim').searchParams.get('limit')).toBe('1');

    // Warm: the page read alone, the same answer from the cache.
    expect(warm.answer.data?.fromCache).toBe(true);
    expect(warm.answer.data?.effective).toEqual(effective);
    expect(warm.stats.totalRequests).toBe(1);
    expect(warm.stats.requests['GET /wiki/api/v2/pages/{id}']).toEqual({
      [`user:${AUDIENCE_VIEWER}`]: 1,
    });
  });
});

describe('the effective audience of a page restricted to two 500-member groups, 40 grants', () => {
  const app = useApp({
    fixture: groupsInGrantedSpace({ groups: 2, groupSize: 500, grants: 40 }) as never,
  });

  it('is told by the groups’ sizes, without listing them, and costs nothing warm', async () => {
    const layers = await layersAlone(app());
    const { cold, coldRequests, warm } = await coldThenWarm(app());

    const effective = cold.answer.data?.effective;
    for (const audience of [effective?.view, effective?.edit]) {
      expect(audience?.complete).toBe(true);
      expect(audience?.count).toBe(1000);
      expect(audience?.people).toEqual([]);
      expect(audience?.groups).toEqual([
        expect.objectContaining({ groupId: 'g-team1', size: 500 }),
        expect.objectContaining({ groupId: 'g-team2', size: 500 }),
      ]);
    }
    // Each group asked its size once (one member each), nothing listed, no person's groups read.
    const memberReads = coldRequests.filter((path) => path.includes('/membersByGroupId'));
    expect(memberReads).toHaveLength(2);
    for (const path of memberReads)
      expect(new URL(path, 'http://sim').searchParams.get('limit')).toBe('1');
    expect(cold.stats.requests['GET /wiki/rest/api/user/memberof']).toBeUndefined();
    // The 36 people the space grants name are looked up once, in one bulk read, for their
    // markers: 1 + 2 × 36 points under the documented model. The audience itself stays within 30.
    const bulkReads = coldRequests.filter((path) => path.includes('/rest/api/user/bulk'));
    expect(bulkReads).toHaveLength(1);
    const asked = new URL(bulkReads[0] ?? '', 'http://sim').searchParams.get('accountId');
    expect(asked?.split(',')).toHaveLength(36);
    const markerPoints = 1 + 2 * 36;
    expect(cold.stats.appPoolPoints - layers.appPoolPoints - markerPoints).toBeLessThanOrEqual(30);
    expect(cold.stats.appPoolPoints - layers.appPoolPoints - markerPoints).toBeGreaterThan(0);

    expect(warm.answer.data?.fromCache).toBe(true);
    expect(warm.stats.totalRequests).toBe(1);
  });
});
