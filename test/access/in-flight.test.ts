/**
 * Reads in flight are shared only by views of the same site as the same viewer. One process may
 * serve several sites and several viewers at once (the CLI in-process, a warm Forge container):
 * a view must never be answered with what another site, or another viewer, read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPageAccess } from '../../src/access/load-page-access';
import type { ViewerAbilities } from '../../src/access/cache';
import { pageAccess } from '../../src/app/page-access';
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

  it('two sites with the same layers but different people: each audience is its own site', async () => {
    // The same site, except that Priya is no longer in security-team: Breach Playbook's layers
    // (which name the group by id) are unchanged, but Priya no longer passes Incident Response.
    const site = fixture('demo-site.json') as {
      groups: { id: string; members: string[] }[];
    };
    const groups = site.groups.map((g) =>
      g.id === 'g-security-team' ? { ...g, members: g.members.filter((m) => m !== 'u-priya') } : g,
    );
    const other = await startSimulator({
      fixture: { ...site, groups } as never,
      pointsPerHour: 100_000_000,
      burstPerSecond: 1_000_000,
    });
    try {
      // A viewer who may browse people, as the macro's resolver asks it.
      const viewer: ViewerAbilities = {
        canLookUpGroups: () => Promise.resolve(true),
        learnt: () => Promise.resolve(),
      };
      const view = (sim: RunningSimulator, name: string) =>
        pageAccess(clientAs(sim, 'user:u-bob'), '1013', { viewer, site: name });
      const people = (answer: Awaited<ReturnType<typeof view>>) =>
        answer.effective.view.people.map((p) => p.accountId).sort();
      const alone = {
        legacy: people(await view(legacy, 'A')),
        other: people(await view(other, 'B')),
      };
      expect(alone.legacy).toContain('u-priya');
      expect(alone.other).not.toContain('u-priya');
      const [onLegacy, onOther] = await Promise.all([view(legacy, 'A'), view(other, 'B')]);
      expect({ legacy: people(onLegacy), other: people(onOther) }).toEqual(alone);
      expect(onLegacy.basis).toBe(onOther.basis);
    } finally {
      await other.close();
    }
  });
});
