/**
 * Reads in flight are shared only by views of the same site as the same viewer. One process may
 * serve several sites and several viewers at once (the CLI in-process, a warm Forge container):
 * a view must never be answered with what another site, or another viewer, read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPageAccess } from '../../src/access/load-page-access';
import type { LoadedPageAccess } from '../../src/access/load-page-access';
import { ConfluenceClient } from '../../src/confluence/client';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';

const fixture = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'dev', 'fixtures', file), 'utf8')) as never;

function clientAs(sim: RunningSimulator, identity: string): ConfluenceClient {
  return new ConfluenceClient(
    fetchTransport({
      baseUrl: sim.baseUrl,
      fetch: (url, init) =>
        fetch(url, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), 'X-Sim-Identity': identity },
        }),
    }),
  );
}

/** What the answer is made of, without when it was read. */
const facts = (loaded: LoadedPageAccess) => JSON.stringify(loaded.input);

describe('reads in flight', () => {
  let legacy: RunningSimulator;
  let roles: RunningSimulator;
  beforeAll(async () => {
    const options = { pointsPerHour: 100_000_000, burstPerSecond: 1_000_000 };
    legacy = await startSimulator({ fixture: fixture('demo-site.json'), ...options });
    roles = await startSimulator({ fixture: fixture('demo-site-roles.json'), ...options });
  });
  afterAll(async () => {
    await legacy.close();
    await roles.close();
  });

  it('two sites viewed at once, same page id: each answer is its own site', async () => {
    const alone = {
      legacy: facts(await loadPageAccess(clientAs(legacy, 'user:u-alice'), '2000')),
      roles: facts(await loadPageAccess(clientAs(roles, 'user:u-alice'), '2000')),
    };
    // The two demo sites answer differently for HR Home: a group on one, an access class on
    // the other. Were they equal, this test could not tell a shared read from a separate one.
    expect(alone.legacy).not.toBe(alone.roles);
    const [onLegacy, onRoles] = await Promise.all([
      loadPageAccess(clientAs(legacy, 'user:u-alice'), '2000'),
      loadPageAccess(clientAs(roles, 'user:u-alice'), '2000'),
    ]);
    expect({ legacy: facts(onLegacy), roles: facts(onRoles) }).toEqual(alone);
  });

  it('an anonymous visitor and a logged-in viewer at once: each gets only their own answer', async () => {
    const anonymousAlone = facts(await loadPageAccess(clientAs(legacy, 'anonymous'), '3005'));
    const bobAlone = facts(await loadPageAccess(clientAs(legacy, 'user:u-bob'), '3005'));
    // Bob may look group names up; an anonymous visitor may not.
    expect(bobAlone).toContain('"name":"all-staff"');
    expect(anonymousAlone).not.toContain('"name":"all-staff"');
    const [bob, anonymous] = await Promise.all([
      loadPageAccess(clientAs(legacy, 'user:u-bob'), '3005'),
      loadPageAccess(clientAs(legacy, 'anonymous'), '3005'),
    ]);
    expect(facts(anonymous)).toBe(anonymousAlone);
    expect(facts(bob)).toBe(bobAlone);
  });

  it('one viewer viewing one page twice at once reads the parts once', async () => {
    const client = clientAs(legacy, 'user:u-bob');
    legacy.resetStats();
    const [first, second] = await Promise.all([
      loadPageAccess(client, '1013'),
      loadPageAccess(client, '1013'),
    ]);
    expect(facts(first)).toBe(facts(second));
    expect(legacy.stats().requests['GET /wiki/api/v2/spaces/{id}/permissions']).toEqual({
      'user:u-bob': 1,
    });
  });
});
