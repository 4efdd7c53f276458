// Injected failures: path rules, a seeded error rate, hangs and truncated bodies, and the
// loopback admin endpoints that change them at run time.
import type { SiteFixtureInput } from '../../dev/simulator/fixture';
import { startSimulator } from '../../dev/simulator/server';
import { call, READ, useSimulator } from './helpers';

const fixture: SiteFixtureInput = {
  site: { anonymousAccess: false },
  app: { accountId: 'app-lens', displayName: 'Access Lens' },
  users: [{ accountId: 'u-a', displayName: 'A', email: 'a@x.test' }],
  groups: [],
  spaces: [
    {
      id: '101',
      key: 'ONE',
      name: 'One',
      permissions: [{ principal: { type: 'user', id: 'u-a' }, operation: READ }],
    },
  ],
  content: [{ id: '1000', type: 'page', spaceId: '101', title: 'Home' }],
};

describe('faults', () => {
  const sim = useSimulator(fixture);
  afterEach(() => {
    sim().setFaults({});
    sim().resetStats();
  });

  it('answers a matching path with the configured status, `times` times', async () => {
    sim().setFaults({ rules: [{ path: '^/wiki/api/v2/pages/', action: 503, times: 2 }] });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(sim(), 'app', '/wiki/api/v2/pages/1000')).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await call(sim(), 'app', '/wiki/api/v2/spaces')).status).toBe(200);
    expect(sim().stats().faultsInjected).toBe(2);
  });

  it('injects 429 with Retry-After', async () => {
    sim().setFaults({ rules: [{ path: 'spaces', action: 429 }] });
    const r = await call(sim(), 'app', '/wiki/api/v2/spaces');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(sim().stats().rateLimited).toMatchObject({ total: 1, injected: 1 });
  });

  it('truncates a body', async () => {
    sim().setFaults({ rules: [{ path: 'pages/1000', action: 'truncate' }] });
    await expect(call(sim(), 'app', '/wiki/api/v2/pages/1000')).rejects.toThrow();
  });

  it('hangs until the client gives up', async () => {
    sim().setFaults({ rules: [{ path: 'pages/1000', action: 'hang' }] });
    const controller = new AbortController();
    const pending = fetch(`${sim().baseUrl}/wiki/api/v2/pages/1000`, {
      headers: { 'X-Sim-Identity': 'app' },
      signal: controller.signal,
    });
    // Abort once the simulator has seen the request, so the assertion is about the hang alone.
    while (sim().stats().faultsInjected === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    await expect(pending).rejects.toThrow();
  });

  it('fails a seeded, reproducible share of requests', async () => {
    const run = async (): Promise<number[]> => {
      sim().setFaults({ errorRate: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++)
        statuses.push((await call(sim(), 'app', '/wiki/api/v2/pages/1000')).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    const failures = first.filter((s) => s !== 200);
    expect(failures.length).toBeGreaterThan(4);
    expect(failures.length).toBeLessThan(25);
    expect(new Set(failures)).toEqual(new Set([500, 503]));
  });

  it('is configurable at run time through the loopback admin endpoint', async () => {
    const set = await fetch(`${sim().baseUrl}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ path: 'pages', action: 500 }] }),
    });
    expect(set.status).toBe(200);
    expect((await call(sim(), 'app', '/wiki/api/v2/pages/1000')).status).toBe(500);
    const bad = await fetch(`${sim().baseUrl}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ path: 'pages', action: 418 }] }),
    });
    expect(bad.status).toBe(400);
    const stats = (await (await fetch(`${sim().baseUrl}/__sim/stats`)).json()) as {
      totalRequests: number;
    };
    expect(stats.totalRequests).toBe(1);
    expect((await fetch(`${sim().baseUrl}/__sim/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim().stats().totalRequests).toBe(0);
  });
});

describe('latency from the start options', () => {
  it('is part of the fault configuration', async () => {
    const sim = await startSimulator({ fixture, latencyMs: 1 });
    try {
      const r = await fetch(`${sim.baseUrl}/__sim/faults`);
      expect(await r.json()).toEqual({ latencyMs: 1 });
    } finally {
      await sim.close();
    }
  });
});
