/**
 * People's standing is kept for the site (cache.ts, `StandingCache`): read once by a viewer who
 * may browse people, it serves the next audience that needs the same people on any page, for
 * such viewers only, dated in the answer's ages, and read again once it is older than its TTL
 * (docs/ARCHITECTURE.md, "Shared parts and who may see them"). Counts are the simulator's.
 */
import { useApp } from './app-harness';
import type { AppUnderTest } from './app-harness';

const BULK = 'GET /wiki/rest/api/user/bulk';

interface View {
  ok: boolean;
  data?: {
    fromCache: boolean;
    ages?: { page: number; space: number; ancestors?: number; site: number; people?: number };
    effective: unknown;
  };
}

const on = (contentId: string) => ({ moduleKey: 'access-lens-macro', contentId });

async function view(
  app: AppUnderTest,
  invoker: { accountId: string } | { anonymous: true },
  id: string,
) {
  app.sim.resetStats();
  const result = (await app.call(invoker, 'getPageAccess', {}, on(id))) as View;
  const bulk = Object.values(app.sim.stats().requests[BULK] ?? {}).reduce((a, b) => a + b, 0);
  return { result, bulk, points: app.sim.stats().appPoolPoints };
}

/** Every kept standing made `minutes` older, as time passing would. */
function ageStanding(app: AppUnderTest, minutes: number): void {
  const snapshot = app.platform.kvs.snapshot();
  const kvs = Object.fromEntries(
    Object.entries(snapshot.kvs).map(([key, entry]) => {
      const value = entry.value as { readAt?: number } | null;
      return key.startsWith('access:person:') && typeof value?.readAt === 'number'
        ? [key, { ...entry, value: { ...value, readAt: value.readAt - minutes * 60_000 } }]
        : [key, entry];
    }),
  );
  app.platform.kvs.reset({ ...snapshot, kvs });
}

describe('people standing kept for the site', () => {
  const app = useApp();
  beforeEach(() => {
    app().platform.kvs.reset();
  });

  it('is read once and serves the next page that needs the same people, with its age shown', async () => {
    const first = await view(app(), { accountId: 'u-bob' }, '1013');
    expect(first.result.ok).toBe(true);
    expect(first.bulk).toBeGreaterThan(0);
    expect(first.result.data?.ages?.people).toBeUndefined();

    const next = await view(app(), { accountId: 'u-bob' }, '1012');
    expect(next.result.ok).toBe(true);
    expect(next.bulk).toBe(0);
    expect(next.result.data?.ages?.people).toBeGreaterThanOrEqual(0);
    expect(next.result.data?.fromCache).toBe(true);
  });

  it('gives the same audience as reading the standing afresh', async () => {
    await view(app(), { accountId: 'u-bob' }, '1013');
    const kept = await view(app(), { accountId: 'u-bob' }, '1012');
    app().platform.kvs.reset();
    const fresh = await view(app(), { accountId: 'u-bob' }, '1012');
    expect(fresh.bulk).toBeGreaterThan(0);
    expect(kept.result.data?.effective).toEqual(fresh.result.data?.effective);
  });

  it('is read again once older than its TTL', async () => {
    await view(app(), { accountId: 'u-bob' }, '1013');
    ageStanding(app(), 31);
    const later = await view(app(), { accountId: 'u-bob' }, '1012');
    expect(later.bulk).toBeGreaterThan(0);
    expect(later.result.data?.ages?.people).toBeUndefined();
  });

  it('is never served to an anonymous visitor, who may not browse people', async () => {
    const cold = await view(app(), { anonymous: true }, '3005');
    app().platform.kvs.reset();
    await view(app(), { accountId: 'u-bob' }, '1013');
    await view(app(), { accountId: 'u-alice' }, '3005');
    const after = await view(app(), { anonymous: true }, '3005');
    expect(cold.result.ok).toBe(true);
    expect(after.result.data?.ages?.people).toBeUndefined();
    expect(after.result.data?.effective).toEqual(cold.result.data?.effective);
  });

  it('serves a guest, whom Confluence lets browse people, what their own read gives, dated', async () => {
    // Dan may use Confluence (`use` on `application`), so he may look people up himself.
    const cold = await view(app(), { accountId: 'u-dan' }, '1020');
    app().platform.kvs.reset();
    await view(app(), { accountId: 'u-bob' }, '1013');
    await view(app(), { accountId: 'u-alice' }, '1020');
    const after = await view(app(), { accountId: 'u-dan' }, '1020');
    expect(cold.result.ok).toBe(true);
    expect(cold.result.data?.ages?.people).toBeUndefined();
    // Served the audience Alice's view kept: the same as his own, with the people's age.
    expect(after.bulk).toBe(0);
    expect(after.result.data?.ages?.people).toBeGreaterThanOrEqual(0);
    expect(after.result.data?.effective).toEqual(cold.result.data?.effective);
  });
});
