// The points model and its limits, asserted as exact counts on a known site; time comes from an
// injected clock, never from waiting.
import type { SiteFixtureInput } from '../../dev/simulator/fixture';
import { parseRateLimit, rateLimitedBy } from '../../src/confluence/rate-limit';
import { call, READ, useSimulator } from './helpers';

const HOUR = 3_600_000;

function smallSite(): SiteFixtureInput {
  return {
    site: { anonymousAccess: false },
    app: { accountId: 'app-lens', displayName: 'Access Lens' },
    users: [
      {
        accountId: 'u-a',
        displayName: 'A',
        email: 'a@x.test',
        apiToken: 'tok-a',
        confluenceAdmin: true,
      },
      { accountId: 'u-b', displayName: 'B', email: 'b@x.test' },
      { accountId: 'u-c', displayName: 'C', email: 'c@x.test' },
    ],
    groups: [
      { id: 'g-1', name: 'one', members: ['u-a', 'u-b', 'u-c'] },
      { id: 'g-2', name: 'two', members: ['u-a'] },
    ],
    spaces: [
      {
        id: '101',
        key: 'ONE',
        name: 'One',
        permissions: [
          { principal: { type: 'group', id: 'g-1' }, operation: READ },
          {
            principal: { type: 'group', id: 'g-2' },
            operation: { key: 'create', targetType: 'page' },
          },
          {
            principal: { type: 'user', id: 'u-a' },
            operation: { key: 'administer', targetType: 'space' },
          },
        ],
      },
      {
        id: '102',
        key: 'TWO',
        name: 'Two',
        permissions: [{ principal: { type: 'group', id: 'g-1' }, operation: READ }],
      },
    ],
    content: [
      { id: '1000', type: 'page', spaceId: '101', title: 'Home' },
      {
        id: '1001',
        type: 'page',
        spaceId: '101',
        parentId: '1000',
        title: 'Restricted',
        restrictions: {
          read: { users: ['u-a', 'u-b'], groups: ['g-2'] },
          update: { users: ['u-a'], groups: [] },
        },
      },
    ],
  };
}

describe('points per request', () => {
  const sim = useSimulator(smallSite());
  beforeEach(() => {
    sim().resetStats();
  });

  // [path, points]: 1 + 1 per content/space + 2 per user/group/permission object returned.
  const cases: [string, number][] = [
    ['/wiki/api/v2/pages/1000', 2],
    ['/wiki/api/v2/pages/1001/ancestors', 2],
    ['/wiki/api/v2/spaces', 3],
    ['/wiki/api/v2/spaces/101', 2],
    ['/wiki/api/v2/spaces/101/permissions', 7],
    // read: 2 users + 1 group; update: 1 user.
    ['/wiki/rest/api/content/1001/restriction/byOperation', 9],
    ['/wiki/rest/api/content/1001/restriction/byOperation/read', 7],
    ['/wiki/rest/api/user/current', 3],
    ['/wiki/rest/api/user/memberof?accountId=u-a', 5],
    ['/wiki/rest/api/group', 5],
    ['/wiki/rest/api/group/g-1/membersByGroupId', 7],
    ['/wiki/rest/api/content/search?cql=space%3DONE', 3],
    ['/wiki/api/v2/pages/999999', 1],
  ];

  it.each(cases)('GET %s costs %d points', async (path, points) => {
    await call(sim(), 'user:u-a', path);
    const stats = sim().stats();
    expect(stats.pointsByIdentity['user:u-a']).toBe(points);
    expect(stats.appPoolPoints).toBe(points);
  });

  it('charges a permission check as one permission object', async () => {
    await call(sim(), 'user:u-a', '/wiki/rest/api/content/1001/permission/check', {
      method: 'POST',
      body: { subject: { type: 'user', identifier: 'u-c' }, operation: 'read' },
    });
    expect(sim().stats().appPoolPoints).toBe(3);
  });

  it('adds up a session exactly and counts requests by route and identity', async () => {
    await call(sim(), 'app', '/wiki/api/v2/pages/1000');
    await call(sim(), 'app', '/wiki/api/v2/pages/1000');
    await call(sim(), 'user:u-b', '/wiki/api/v2/spaces/101/permissions');
    await call(sim(), { basic: ['a@x.test', 'tok-a'] }, '/wiki/api/v2/spaces');
    const stats = sim().stats();
    expect(stats.requests).toEqual({
      'GET /wiki/api/v2/pages/{id}': { app: 2 },
      'GET /wiki/api/v2/spaces/{id}/permissions': { 'user:u-b': 1 },
      'GET /wiki/api/v2/spaces': { 'user:u-a': 1 },
    });
    expect(stats.pointsByIdentity).toEqual({ app: 4, 'user:u-b': 7, 'user:u-a': 3 });
    // API-token (Basic) traffic is counted but not charged to the app's hourly pool.
    expect(stats.appPoolPoints).toBe(11);
    expect(stats.totalPoints).toBe(14);
    expect(stats.totalRequests).toBe(4);
  });
});

describe('hourly budget', () => {
  let now = 10 * HOUR;
  const sim = useSimulator(smallSite(), { pointsPerHour: 10, now: () => now });

  it('answers a quota 429 with Retry-After once the pool is spent, and clears when the window resets', async () => {
    now = 10 * HOUR + 1000;
    const policies: (string | null)[] = [];
    const states: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call(sim(), 'app', '/wiki/api/v2/pages/1000');
      expect(r.status).toBe(200);
      policies.push(r.headers.get('beta-ratelimit-policy'));
      states.push(r.headers.get('beta-ratelimit'));
    }
    expect(new Set(policies)).toEqual(new Set(['"global-app-quota";q=10;w=3600']));
    // 2 points a read: 8, 6, 4, 2, 0 left; `r` only once under 20% (2 of 10) is left.
    expect(states).toEqual([
      ...Array.from({ length: 4 }, () => '"global-app-quota";t=3599'),
      '"global-app-quota";r=0;t=3599',
    ]);

    const limited = await call(sim(), 'user:u-b', '/wiki/api/v2/pages/1000');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(String(HOUR / 1000 - 1));
    expect(limited.headers.get('ratelimit-reason')).toBe('confluence-quota-global-based');
    expect(limited.headers.get('beta-ratelimit')).toBe('"global-app-quota";r=0;t=3599');
    expect(limited.headers.get('beta-ratelimit-policy')).toBe('"global-app-quota";q=10;w=3600');
    // As in Atlassian's example quota 429.
    expect(limited.headers.get('x-ratelimit-limit')).toBe('10');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(new Date(11 * HOUR).toISOString());
    expect(limited.headers.get('x-ratelimit-nearlimit')).toBe('true');
    expect(sim().stats().rateLimited).toMatchObject({ total: 1, hourly: 1 });
    // The app's own parser reads it as the quota, waiting for the reset.
    const info = parseRateLimit((name) => limited.headers.get(name), now);
    expect(rateLimitedBy(info)).toBe('quota');
    expect(info.quota).toMatchObject({ limit: 10, remaining: 0, resetSeconds: 3599 });

    // API-token traffic is exempt from the hourly pool and hears nothing about it.
    const token = await call(sim(), { basic: ['a@x.test', 'tok-a'] }, '/wiki/api/v2/pages/1000');
    expect(token.status).toBe(200);
    expect(token.headers.get('beta-ratelimit')).toBeNull();
    expect(token.headers.get('beta-ratelimit-policy')).toBeNull();

    now = 11 * HOUR;
    const after = await call(sim(), 'app', '/wiki/api/v2/pages/1000');
    expect(after.status).toBe(200);
    expect(after.headers.get('beta-ratelimit')).toBe('"global-app-quota";t=3600');
    expect(after.headers.get('x-ratelimit-nearlimit')).toBeNull();
  });

  it('is one pool for every install: what other installs spend shows here', async () => {
    now = 20 * HOUR;
    sim().resetStats();
    sim().spendAppPool(9);
    const r = await call(sim(), 'app', '/wiki/api/v2/pages/1000');
    expect(r.status).toBe(200);
    expect(r.headers.get('beta-ratelimit')).toBe('"global-app-quota";r=0;t=3600');
    expect((await call(sim(), 'user:u-a', '/wiki/api/v2/pages/1000')).status).toBe(429);
    // The other installs' traffic is not this site's.
    expect(sim().stats().appPoolPoints).toBe(2);
  });
});

describe('enforced quota headers', () => {
  const sim = useSimulator(smallSite(), {
    pointsPerHour: 100,
    rateLimitHeaders: 'enforced',
    now: () => 30 * HOUR + 600_000,
  });

  it('drops the Beta- prefix', async () => {
    sim().spendAppPool(85);
    const r = await call(sim(), 'app', '/wiki/api/v2/pages/1000');
    expect(r.headers.get('ratelimit-policy')).toBe('"global-app-quota";q=100;w=3600');
    expect(r.headers.get('ratelimit')).toBe('"global-app-quota";r=13;t=3000');
    expect(r.headers.get('beta-ratelimit')).toBeNull();
    expect(r.headers.get('beta-ratelimit-policy')).toBeNull();
    expect(parseRateLimit((name) => r.headers.get(name), 0).quota).toEqual({
      policy: 'global-app-quota',
      limit: 100,
      windowSeconds: 3600,
      remaining: 13,
      resetSeconds: 3000,
      enforced: true,
    });
  });
});

describe('near-limit warning', () => {
  const sim = useSimulator(smallSite(), { pointsPerHour: 100 });

  it('adds the remaining points and X-RateLimit-NearLimit under 20% left', async () => {
    const flags: (string | null)[] = [];
    const states: string[] = [];
    // Each read of space permissions costs 7: after 12 reads 16 points remain.
    for (let i = 0; i < 12; i++) {
      const r = await call(sim(), 'app', '/wiki/api/v2/spaces/101/permissions');
      flags.push(r.headers.get('x-ratelimit-nearlimit'));
      states.push(r.headers.get('beta-ratelimit') ?? '');
    }
    expect(flags.slice(0, 11).every((f) => f === null)).toBe(true);
    expect(flags[11]).toBe('true');
    expect(states.slice(0, 11).every((s) => !s.includes('r='))).toBe(true);
    expect(states[11]).toMatch(/^"global-app-quota";r=16;t=\d+$/u);
  });
});

describe('burst limit', () => {
  let now = 5_000;
  const sim = useSimulator(smallSite(), { burstPerSecond: 3, now: () => now });

  it('allows N requests per second per caller, for API-token traffic too', async () => {
    const who = { basic: ['a@x.test', 'tok-a'] as [string, string] };
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await call(sim(), who, '/wiki/api/v2/pages/1000'));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(replies.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual([
      '2',
      '1',
      '0',
      '0',
    ]);
    expect(replies[0]?.headers.get('x-ratelimit-limit')).toBe('3');
    const r = await call(sim(), who, '/wiki/api/v2/pages/1000');
    expect(r.headers.get('retry-after')).toBe('1');
    expect(r.headers.get('ratelimit-reason')).toBe('confluence-burst-based');
    expect(r.headers.get('x-ratelimit-reset')).toBe(new Date(6_000).toISOString());
    expect(rateLimitedBy(parseRateLimit((name) => r.headers.get(name), now))).toBe('burst');
    // Another caller has its own allowance.
    expect((await call(sim(), 'app', '/wiki/api/v2/pages/1000')).status).toBe(200);
    now += 1000;
    expect((await call(sim(), who, '/wiki/api/v2/pages/1000')).status).toBe(200);
    expect(sim().stats().rateLimited).toMatchObject({ burst: 2 });
  });
});

describe('injected 429s that imitate either limit', () => {
  const sim = useSimulator(smallSite(), { now: () => 40 * HOUR + 60_000 });
  afterEach(() => {
    sim().setFaults({});
  });

  it.each([
    ['quota', 'confluence-quota-global-based', '3540', '"global-app-quota";r=0;t=3540'],
    ['burst', 'confluence-burst-based', '1', '"global-app-quota";t=3540'],
  ] as const)('%s', async (rateLimit, reason, retryAfter, state) => {
    sim().setFaults({ rules: [{ path: 'pages/1000', action: 429, rateLimit, times: 1 }] });
    const r = await call(sim(), 'app', '/wiki/api/v2/pages/1000');
    expect(r.status).toBe(429);
    expect(r.headers.get('ratelimit-reason')).toBe(reason);
    expect(r.headers.get('retry-after')).toBe(retryAfter);
    expect(r.headers.get('beta-ratelimit')).toBe(state);
    expect(rateLimitedBy(parseRateLimit((name) => r.headers.get(name), 0))).toBe(rateLimit);
    expect((await call(sim(), 'app', '/wiki/api/v2/pages/1000')).status).toBe(200);
  });

  it('a bare injected 429 names no limit', async () => {
    sim().setFaults({ rules: [{ path: 'pages/1000', action: 429, times: 1 }] });
    const r = await call(sim(), 'app', '/wiki/api/v2/pages/1000');
    expect(r.headers.get('retry-after')).toBe('1');
    expect(r.headers.get('ratelimit-reason')).toBeNull();
  });
});
