import { useApp } from './app-harness';

const MACRO = 'access-lens-macro';
const SETTINGS = 'access-lens-settings';

describe('getPageSummary (macro) through the real handler against the simulated site', () => {
  const app = useApp();

  it('reads the page and its space as the viewing user, never as the app', async () => {
    const result = await app().call(
      { accountId: 'u-bob' },
      'getPageSummary',
      {},
      {
        moduleKey: MACRO,
        contentId: '1004',
      },
    );
    expect(result).toEqual({
      ok: true,
      data: { title: 'ADR-001: Use PostgreSQL', space: { key: 'ENG', name: 'Engineering' } },
    });
    const requests = app().platform.requests;
    expect(requests.map((r) => `${r.identity} ${r.path}`)).toEqual([
      'user:u-bob /wiki/api/v2/pages/1004?',
      'user:u-bob /wiki/api/v2/spaces/101?',
    ]);
  });

  it('answers "not visible" with no page data when Confluence says 404 to this viewer', async () => {
    // 1013 is restricted to the security team; Dan (a guest elsewhere) cannot read it.
    const result = await app().call(
      { accountId: 'u-dan' },
      'getPageSummary',
      {},
      {
        moduleKey: MACRO,
        contentId: '1013',
      },
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'NOT_VISIBLE', message: expect.stringContaining('do not have permission') },
    });
    const json = JSON.stringify(result);
    expect(json).not.toContain('Breach');
    expect(json).not.toContain('1013');
    expect(app().platform.requests.every((r) => r.provider === 'user')).toBe(true);
  });

  it('does not trust a forged content id: a page the viewer cannot read stays hidden', async () => {
    for (const contentId of ['1013', '999999']) {
      const result = (await app().call(
        { accountId: 'u-dan' },
        'getPageSummary',
        {},
        {
          moduleKey: MACRO,
          contentId,
        },
      )) as { ok: boolean; error?: { code: string } };
      expect(result.error?.code).toBe('NOT_VISIBLE');
    }
    expect(app().platform.requests.every((r) => r.identity === 'user:u-dan')).toBe(true);
  });

  it('refuses ids that are not content ids and unknown payload fields without calling Confluence', async () => {
    const bad = [
      { payload: {}, contentId: '../spaces/101' },
      { payload: {}, contentId: '1004?expand=body' },
      { payload: { contentId: '1004' }, contentId: '1004' },
      { payload: 'not an object', contentId: '1004' },
    ];
    for (const { payload, contentId } of bad) {
      const result = (await app().call({ accountId: 'u-bob' }, 'getPageSummary', payload, {
        moduleKey: MACRO,
        contentId,
      })) as { ok: boolean; error?: { code: string } };
      expect(result.error?.code).toBe('BAD_REQUEST');
    }
    expect(app().platform.requests).toEqual([]);
    expect(app().sim.stats().totalRequests).toBe(0);
  });

  it('an anonymous visitor reads as anonymous', async () => {
    const result = (await app().call(
      { anonymous: true },
      'getPageSummary',
      {},
      {
        moduleKey: MACRO,
        contentId: '1004',
      },
    )) as { ok: boolean };
    expect(app().platform.requests.map((r) => r.identity)).toContain('anonymous');
    expect(typeof result.ok).toBe('boolean');
  });
});

describe('getViewer (admin page) through the real handler', () => {
  const app = useApp();

  it('reports a Confluence admin from Confluence, asked as the user', async () => {
    const result = await app().call(
      { accountId: 'u-alice' },
      'getViewer',
      {},
      { moduleKey: SETTINGS },
    );
    expect(result).toEqual({
      ok: true,
      data: { accountId: 'u-alice', displayName: 'Alice Admin', isConfluenceAdmin: true },
    });
    expect(app().platform.requests.map((r) => `${r.identity} ${r.path}`)).toEqual([
      'user:u-alice /wiki/rest/api/user/current?expand=operations',
    ]);
  });

  it('reports a non-admin as such, whatever module the call claims', async () => {
    const result = await app().call(
      { accountId: 'u-bob' },
      'getViewer',
      {},
      { moduleKey: SETTINGS },
    );
    expect(result).toEqual({
      ok: true,
      data: { accountId: 'u-bob', displayName: 'Bob Engineer', isConfluenceAdmin: false },
    });
  });
});
