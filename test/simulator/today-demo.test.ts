// The demo sites' additions for today's Confluence (dev/fixtures/README.md): the three twins
// answer every (person, content) question alike, and the key cases answer as documented.
import {
  buildDemoSite,
  buildDemoSitePremium,
  buildDemoSiteRoles,
} from '../../dev/fixtures/build-demo-site';
import { loadFixture } from '../../dev/simulator/fixture';
import { SiteModel, type Subject } from '../../dev/simulator/model';
import { validateResponse } from '../support/openapi-validator';
import { call, ids, results, useSimulator, type Reply } from './helpers';

const V2 = '/wiki/api/v2';
const V1 = '/wiki/rest/api';

function expectValid(path: string, reply: Reply): void {
  const result = validateResponse({ method: 'GET', path, status: reply.status, body: reply.body });
  expect({ path, errors: result.errors }).toEqual({ path, errors: [] });
}

describe('demo twins answer alike', () => {
  const twins = {
    legacy: new SiteModel(loadFixture(buildDemoSite())),
    roles: new SiteModel(loadFixture(buildDemoSiteRoles())),
    premium: new SiteModel(loadFixture(buildDemoSitePremium())),
  };
  const subjects = (m: SiteModel): [string, Subject][] => [
    ...m.fixture.users
      .filter((u) => !u.accountId.startsWith('u-staff'))
      .map((user): [string, Subject] => [user.accountId, { kind: 'user', user }]),
    ['anonymous', { kind: 'anonymous' }],
    ['app', { kind: 'app' }],
  ];
  const answers = (m: SiteModel): Map<string, string> => {
    const out = new Map<string, string>();
    for (const c of m.contentSorted) {
      for (const [who, s] of subjects(m)) {
        out.set(
          `${c.id} ${who}`,
          `${m.canView(s, c) ? 'view' : '-'} ${m.canEdit(s, c) ? 'edit' : '-'}`,
        );
      }
    }
    return out;
  };

  it.each(['roles', 'premium'] as const)('the %s twin answers as the legacy site', (twin) => {
    const legacy = answers(twins.legacy);
    const other = answers(twins[twin]);
    expect(other.size).toBe(legacy.size);
    const differences = [...legacy].filter(([k, v]) => other.get(k) !== v);
    expect(differences).toEqual([]);
  });

  it('differs only in who may create: the roles Author creates and does not edit', () => {
    const hr = (m: SiteModel) => m.spacesByKey.get('HR')!;
    const ivan = (m: SiteModel): Subject => ({ kind: 'user', user: m.usersById.get('u-ivan')! });
    expect(twins.roles.spaceOperations(ivan(twins.roles), hr(twins.roles)).has('create/page')).toBe(
      true,
    );
    expect(
      twins.legacy.spaceOperations(ivan(twins.legacy), hr(twins.legacy)).has('create/page'),
    ).toBe(false);
  });
});

describe('demo site: the key cases', () => {
  const sim = useSimulator(buildDemoSite());
  const status = async (who: string, path: string) =>
    (await call(sim(), `user:${who}`, path)).status;
  const ops = async (who: string, path: string) => {
    const r = await call(sim(), `user:${who}`, `${path}?include-operations=true`);
    return r.status !== 200
      ? r.status
      : (r.body.operations as { results: { operation: string }[] }).results.map((o) => o.operation);
  };

  it('Ravi (Jira only) and Cora (customer) see the anonymous-open PUBLIC space, read-only, and nothing else', async () => {
    for (const who of ['u-ravi', 'u-cora']) {
      expect(ids(await call(sim(), `user:${who}`, `${V2}/spaces`))).toEqual(['103']);
      expect(await ops(who, `${V2}/pages/3001`)).toEqual(['read']);
      expect(await status(who, `${V2}/pages/3004`)).toBe(404);
      // Ravi is in all-staff, which views ENG: a group grant does not reach him.
      expect(await status(who, `${V2}/pages/1000`)).toBe(404);
      const me = await call(sim(), `user:${who}`, `${V1}/user/current?expand=operations`);
      expect(me.body.operations).toEqual([]);
    }
  });

  it('Hank edits ENG through the verified team Platform; Carol edits PUBLIC through Writers Guild', async () => {
    expect(await ops('u-hank', `${V2}/pages/1021`)).toEqual(['read', 'update']);
    expect(await ops('u-hank', `${V2}/blogposts/1050`)).toEqual(['read', 'update']);
    expect(await ops('u-carol', `${V2}/pages/3001`)).toEqual(['read', 'update']);
    const grants = results(await call(sim(), 'app', `${V2}/spaces/101/permissions?limit=250`));
    expect(grants.map((g) => g.principal)).toContainEqual({ type: 'team', id: 't-platform' });
  });

  it('Platform Roadmap (1070): the team on both restrictions', async () => {
    expect(await ops('u-hank', `${V2}/pages/1070`)).toEqual(['read', 'update']);
    // Priya administers ENG, but the update restriction lists only the team.
    expect(await ops('u-priya', `${V2}/pages/1070`)).toEqual(['read']);
    expect(await status('u-alice', `${V2}/pages/1070`)).toBe(404);
    const path = `${V1}/content/1070/restriction/byOperation`;
    const reply = await call(sim(), 'app', path);
    const read = (reply.body.read as { restrictions: Record<string, unknown> }).restrictions;
    expect(read.team).toEqual({
      results: [{ type: 'team', id: 't-platform', name: 'Platform' }],
      start: 0,
      limit: 100,
      size: 1,
    });
  });

  it('Performance Reviews 2024 (2013) is archived: Carol and Grace read it, nobody edits it', async () => {
    // Carol, an HR lead, may still delete it.
    expect(await ops('u-carol', `${V2}/pages/2013`)).toEqual(['read', 'delete']);
    expect(await ops('u-grace', `${V2}/pages/2013`)).toEqual(['read']);
    expect(await status('u-bob', `${V2}/pages/2013`)).toBe(404);
  });

  it('Inventory Conventions (1063) sits below a database below a whiteboard restricted to engineering', async () => {
    const path = `${V2}/pages/1063/ancestors`;
    const reply = await call(sim(), 'user:u-ivan', path);
    expect(reply.body.results).toEqual([
      { id: '1060', type: 'whiteboard' },
      { id: '1062', type: 'database' },
    ]);
    expectValid(path, reply);
    expect(await status('u-hank', `${V2}/pages/1063`)).toBe(404);
    expect(await status('u-hank', `${V2}/whiteboards/1060`)).toBe(404);
  });

  it('Hank (sales) edits HR through the Editor twin; Priya and Ivan (Author) do not', async () => {
    expect(await ops('u-hank', `${V2}/pages/2002`)).toEqual(['read', 'update']);
    expect(await ops('u-ivan', `${V2}/pages/2002`)).toEqual(['read']);
  });
});

describe('demo roles site: teams and the split roles in the documented shapes', () => {
  const sim = useSimulator(buildDemoSiteRoles());

  it('lists the team assignments and the Editor / Author roles', async () => {
    const path = `${V2}/spaces/101/role-assignments?limit=250`;
    const reply = await call(sim(), 'user:u-bob', path);
    expect(results(reply)).toContainEqual({
      principal: { principalType: 'TEAM', principalId: 't-platform' },
      roleId: '3',
    });
    expectValid(path, reply);
    const hr = `${V2}/spaces/102/role-assignments`;
    const roles = results(await call(sim(), 'user:u-bob', hr)).map((a) => a.roleId);
    expect(roles).toEqual(expect.arrayContaining(['102', '103']));
  });

  it('Hank edits HR with Edit but not Create; Ivan creates but cannot edit', async () => {
    const spaceOps = async (who: string) =>
      (
        (await call(sim(), `user:${who}`, `${V2}/spaces/102?include-operations=true`)).body
          .operations as { results: { operation: string; targetType: string }[] }
      ).results
        .map((o) => `${o.operation}/${o.targetType}`)
        .filter((o) => o.endsWith('/page'))
        .sort();
    expect(await spaceOps('u-hank')).toEqual(['update/page']);
    expect(await spaceOps('u-ivan')).toEqual(['create/page']);
  });
});

describe('demo Premium twin: Alice, an org admin, and the admin key', () => {
  const sim = useSimulator(buildDemoSitePremium());

  it('opens Salary Bands 2026 only with the admin key header', async () => {
    expect((await call(sim(), 'user:u-alice', `${V2}/pages/2010`)).status).toBe(404);
    const res = await fetch(`${sim().baseUrl}${V2}/pages/2010`, {
      headers: { 'X-Sim-Identity': 'user:u-alice', 'Atl-Confluence-With-Admin-Key': 'true' },
    });
    await res.text();
    expect(res.status).toBe(200);
    expect((await call(sim(), 'user:u-alice', `${V2}/admin-key`)).status).toBe(200);
    expect((await call(sim(), 'user:u-bob', `${V2}/admin-key`)).status).toBe(404);
  });
});
