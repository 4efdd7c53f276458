/**
 * The points budget is the scarce resource: these tests pin what a macro view costs on the demo
 * site, cold and warm, and that the cache is only ever served after the viewer's own read.
 */
import { useApp } from './app-harness';

const on = (contentId: string) => ({ moduleKey: 'access-lens-macro', contentId });

describe('macro view cost and cache safety', () => {
  const app = useApp();
  beforeEach(() => {
    app().platform.kvs.reset();
  });

  async function view(accountId: string, contentId: string, payload: object = {}) {
    app().sim.resetStats();
    app().platform.clearRequests();
    const result = (await app().call({ accountId }, 'getPageAccess', payload, on(contentId))) as {
      ok: boolean;
      data?: { fromCache: boolean; page: { title: string } };
      error?: { code: string };
    };
    return { result, stats: app().sim.stats() };
  }

  it('cold: a fixed number of requests and points; warm: the page read alone', async () => {
    const cold = await view('u-bob', '1013');
    expect(cold.result.data?.fromCache).toBe(false);
    // page, ancestors, space, permissions, own restrictions, anonymous evidence,
    // the space role mode with the role assignments and the role catalogue (read alongside the
    // permissions so no round waits for the mode; empty on this PRE_ROLES site: 1 point each),
    // the restrictions of 4 ancestors (the space home, a page, a folder, a page), their titles
    // (one bulk read of the pages, one read of the folder), the names of the 3 groups the space
    // grants name by id only, and the site's role mode and role assignments: 18 for the layers.
    // Then the effective audience (who exactly can view and edit): the members of the 2 groups
    // of the smallest layer, the candidates' standing in one bulk read, and the groups of the 3
    // candidates not let in by the groups known so far — 6 more, edit reusing view's reads.
    expect(cold.stats.totalRequests).toBe(24);
    // Charged by the simulator under the documented model; a change here is a change in cost
    // (the space's 5 grants to the Platform team are 10 of them; the audience's reads are 32).
    expect(cold.stats.appPoolPoints).toBe(162);

    const warm = await view('u-bob', '1013');
    expect(warm.result.data?.fromCache).toBe(true);
    expect(warm.result.data?.page.title).toBe('Breach Playbook');
    expect(warm.stats.totalRequests).toBe(1);
    expect(warm.stats.appPoolPoints).toBeLessThanOrEqual(10);
    expect(warm.stats.requests['GET /wiki/api/v2/pages/{id}']).toEqual({ 'user:u-bob': 1 });
  });

  it('refresh reads everything again, but only the grant source the site uses', async () => {
    const first = await view('u-bob', '1004');
    // The site's role mode is not known yet: it is read alongside both grant sources.
    expect(Object.keys(first.stats.requests)).toEqual(
      expect.arrayContaining([
        'GET /wiki/api/v2/space-role-mode',
        'GET /wiki/api/v2/spaces/{id}/role-assignments',
        'GET /wiki/api/v2/spaces/{id}/permissions',
      ]),
    );
    const refreshed = await view('u-bob', '1004', { refresh: true });
    expect(refreshed.result.data?.fromCache).toBe(false);
    // Remembered as PRE_ROLES: no mode read, no role reads, the legacy list only.
    const routes = Object.keys(refreshed.stats.requests);
    expect(routes).toContain('GET /wiki/api/v2/spaces/{id}/permissions');
    expect(routes).not.toContain('GET /wiki/api/v2/space-role-mode');
    expect(routes).not.toContain('GET /wiki/api/v2/spaces/{id}/role-assignments');
    expect(routes).not.toContain('GET /wiki/api/v2/space-roles');
    expect(refreshed.stats.totalRequests).toBe(first.stats.totalRequests - 3);
  });

  it('never serves a cached entry to a viewer whose own read of the page fails', async () => {
    await view('u-bob', '1013');
    expect(Object.keys(app().platform.kvs.snapshot().kvs)).toContain('access:page:1013');
    const denied = await view('u-dan', '1013');
    expect(denied.result).toEqual({
      ok: false,
      error: { code: 'NOT_VISIBLE', message: expect.any(String) },
    });
    expect(denied.stats.totalRequests).toBe(1);
    expect(JSON.stringify(denied.result)).not.toContain('Breach');
  });

  it('a cached entry serves another viewer who can read the page, after their own read', async () => {
    await view('u-bob', '1013');
    const other = await view('u-priya', '1013');
    expect(other.result.data?.fromCache).toBe(true);
    expect(other.stats.requests['GET /wiki/api/v2/pages/{id}']).toEqual({ 'user:u-priya': 1 });
  });

  it('makes no effective-audience read for an anonymous visitor, who would be refused each one', async () => {
    const anonymousView = async () => {
      app().sim.resetStats();
      await app().call({ anonymous: true }, 'getPageAccess', {}, on('3005'));
      return app().sim.stats();
    };
    const people = (
      stats: ReturnType<typeof app>['sim'] extends { stats(): infer S } ? S : never,
    ) =>
      Object.keys(stats.requests).filter((route) =>
        /membersByGroupId|user\/bulk|users-bulk|memberof/u.test(route),
      );
    const cold = await anonymousView();
    const warm = await anonymousView();
    expect(people(cold)).toEqual([]);
    expect(people(warm)).toEqual([]);
    // The warm view is the page read alone, for this viewer as for any other.
    expect(warm.totalRequests).toBe(1);
  });
});
