// The permission rules of today's Confluence in the simulator (dev/simulator/README.md), each
// through the REST answers a client reads, and every new shape against the official documents.
import type { RoleMode } from '../../dev/simulator/fixture';
import type { TeamPrincipals } from '../../dev/simulator/model';
import { validateResponse } from '../support/openapi-validator';
import { call, ids, results, useSimulator, type Reply, type Who } from './helpers';
import { PEOPLE, todaySite } from './today-site';

const V2 = '/wiki/api/v2';
const V1 = '/wiki/rest/api';
type Sim = ReturnType<ReturnType<typeof useSimulator>>;

const as = (accountId: string): Who => `user:${accountId}`;

function expectValid(method: string, path: string, reply: Reply): void {
  const result = validateResponse({ method, path, status: reply.status, body: reply.body });
  expect({ path, status: reply.status, errors: result.errors }).toEqual({
    path,
    status: reply.status,
    errors: [],
  });
}

/** The content operations `include-operations` lists for the caller. */
async function operations(sim: Sim, who: Who, path: string): Promise<string[] | number> {
  const r = await call(sim, who, `${path}?include-operations=true`);
  if (r.status !== 200) return r.status;
  return (r.body.operations as { results: { operation: string }[] }).results.map(
    (o) => o.operation,
  );
}

async function canEdit(sim: Sim, who: Who, path: string): Promise<boolean> {
  const ops = await operations(sim, who, path);
  return Array.isArray(ops) && ops.includes('update');
}

async function spaceOperations(sim: Sim, who: Who, spaceId: string): Promise<string[]> {
  const r = await call(sim, who, `${V2}/spaces/${spaceId}?include-operations=true`);
  if (r.status !== 200) return [];
  return (r.body.operations as { results: { operation: string; targetType: string }[] }).results
    .map((o) => `${o.operation}/${o.targetType}`)
    .sort();
}

function permissionCheck(
  sim: Sim,
  who: Who,
  id: string,
  identifier: string,
  operation: 'read' | 'update' | 'delete',
  type: 'user' | 'group' = 'user',
): Promise<Reply> {
  return call(sim, who, `${V1}/content/${id}/permission/check`, {
    method: 'POST',
    body: { subject: { type, identifier }, operation },
  });
}

describe('edit: "Create content" and "Edit content" are separate in roles', () => {
  // ann: legacy "Add page" only; ed: role Editor only; au: role Author only.
  const cases: [RoleMode, Record<'ann' | 'ed' | 'au', boolean>][] = [
    ['PRE_ROLES', { ann: true, ed: false, au: false }],
    ['ROLES', { ann: false, ed: true, au: false }],
    ['ROLES_TRANSITION', { ann: true, ed: true, au: false }],
  ];
  describe.each(cases)('on a %s site', (mode, expected) => {
    const sim = useSimulator(todaySite(mode));

    it(`edits page 1000: ${JSON.stringify(expected)}`, async () => {
      const got: Record<string, boolean> = {};
      for (const who of ['ann', 'ed', 'au'] as const) {
        got[who] = await canEdit(sim(), as(PEOPLE[who]), `${V2}/pages/1000`);
      }
      expect(got).toEqual(expected);
    });

    it('Confluence’s own permission check says the same, to an admin', async () => {
      for (const who of ['ann', 'ed', 'au'] as const) {
        const r = await permissionCheck(sim(), as(PEOPLE.admin), '1000', PEOPLE[who], 'update');
        expect({ who, allowed: r.body.hasPermission }).toEqual({ who, allowed: expected[who] });
      }
    });
  });

  describe('on a ROLES site', () => {
    const sim = useSimulator(todaySite('ROLES'));

    it('the Author holds create/page and cannot edit; the Editor holds update/page and cannot create', async () => {
      expect(await spaceOperations(sim(), as(PEOPLE.au), '101')).toEqual([
        'create/blogpost',
        'create/page',
        'read/space',
      ]);
      expect(await spaceOperations(sim(), as(PEOPLE.ed), '101')).toEqual([
        'read/space',
        'update/blogpost',
        'update/page',
      ]);
    });

    it('edit of a blog post needs update/blogpost', async () => {
      expect(await canEdit(sim(), as(PEOPLE.ed), `${V2}/blogposts/1001`)).toBe(true);
      expect(await canEdit(sim(), as(PEOPLE.au), `${V2}/blogposts/1001`)).toBe(false);
    });

    it('the derived legacy list carries the update rows', async () => {
      const rows = results(await call(sim(), 'app', `${V2}/spaces/101/permissions?limit=250`)).map(
        (r) => {
          const p = r.principal as { type: string; id: string };
          const o = r.operation as { key: string; targetType: string };
          return `${p.type}:${p.id} ${o.key}/${o.targetType}`;
        },
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          'user:u-ed update/page',
          'user:u-ed update/blogpost',
          'user:u-au create/page',
        ]),
      );
      expect(rows.filter((r) => r.startsWith('user:u-au update'))).toEqual([]);
    });

    it('lists "Edit content" and "Edit blogs" in the permission catalogue', async () => {
      const path = `${V2}/space-permissions?limit=250`;
      const reply = await call(sim(), 'user:u-ann', path);
      expect(results(reply).filter((p) => String(p.id).startsWith('update/'))).toEqual([
        expect.objectContaining({ id: 'update/page', displayName: 'Edit content' }),
        expect.objectContaining({ id: 'update/blogpost', displayName: 'Edit blogs' }),
      ]);
      expectValid('GET', path, reply);
    });
  });
});

describe('accounts without Confluence product access', () => {
  describe.each(['jira', 'cust'] as const)('%s, on a ROLES site', (who) => {
    const sim = useSimulator(todaySite('ROLES'));
    const me = as(PEOPLE[who]);

    it('is logged in and reaches spaces open to visitors and authenticated-users only', async () => {
      // Not ENG (their group and their team hold it) nor all-licensed-users.
      expect(ids(await call(sim(), me, `${V2}/spaces`))).toEqual(['102', '103']);
      expect((await call(sim(), me, `${V2}/pages/2000`)).status).toBe(200);
      expect((await call(sim(), me, `${V2}/pages/3000`)).status).toBe(200);
      expect((await call(sim(), me, `${V2}/pages/4000`)).status).toBe(404);
      expect((await call(sim(), me, `${V2}/pages/1000`)).status).toBe(404);
      expect((await call(sim(), me, `${V2}/pages/1010`)).status).toBe(404);
    });

    it('views, read-only: the anonymous role that lets others edit does not', async () => {
      expect(await operations(sim(), me, `${V2}/pages/2000`)).toEqual(['read']);
      expect(await canEdit(sim(), as(PEOPLE.ann), `${V2}/pages/2000`)).toBe(true);
      expect(await spaceOperations(sim(), me, '102')).toEqual(['read/space']);
    });

    it('user/current answers as a logged-in user without use/application', async () => {
      const r = await call(sim(), me, `${V1}/user/current?expand=operations`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        type: 'known',
        accountId: PEOPLE[who],
        accountType: who === 'cust' ? 'customer' : 'atlassian',
        operations: [],
      });
      expectValid('GET', `${V1}/user/current?expand=operations`, r);
    });

    it('may not browse users or groups', async () => {
      expect((await call(sim(), me, `${V1}/group`)).status).toBe(403);
      expect((await call(sim(), me, `${V1}/user?accountId=u-ann`)).status).toBe(403);
      const bulk = await call(sim(), me, `${V2}/users-bulk`, {
        method: 'POST',
        body: { accountIds: ['u-ann'] },
      });
      expect(bulk.status).toBe(403);
      expectValid('POST', `${V2}/users-bulk`, bulk);
    });
  });

  describe('on a PRE_ROLES site', () => {
    const sim = useSimulator(todaySite('PRE_ROLES'));
    it('a group grant does not reach them; an anonymous one does, even with the site closed to visitors', async () => {
      expect((await call(sim(), as(PEOPLE.jira), `${V2}/pages/4000`)).status).toBe(404);
      expect((await call(sim(), as(PEOPLE.admin), `${V2}/pages/4000`)).status).toBe(200);
      expect((await call(sim(), as(PEOPLE.jira), `${V2}/pages/2000`)).status).toBe(200);
      expect((await call(sim(), 'anonymous', `${V2}/pages/2000`)).status).toBe(401);
    });
  });
});

describe('account status', () => {
  const sim = useSimulator(todaySite('ROLES'));
  const path = `${V2}/users-bulk`;

  it('v2 users-bulk: active, inactive (deactivated), customer, app; unknown ids left out', async () => {
    const reply = await call(sim(), 'app', path, {
      method: 'POST',
      body: { accountIds: [PEOPLE.ann, PEOPLE.jira, PEOPLE.cust, PEOPLE.gone, 'app-lens', 'u-x'] },
    });
    expect(reply.status).toBe(200);
    expect(results(reply).map((u) => [u.accountId, u.accountType, u.accountStatus])).toEqual([
      [PEOPLE.ann, 'atlassian', 'active'],
      [PEOPLE.jira, 'atlassian', 'active'],
      [PEOPLE.cust, 'customer', 'active'],
      [PEOPLE.gone, 'atlassian', 'inactive'],
      ['app-lens', 'app', 'active'],
    ]);
    expectValid('POST', path, reply);
  });

  it('costs 1 + 2 per user, and refuses a malformed body', async () => {
    sim().resetStats();
    await call(sim(), 'app', path, { method: 'POST', body: { accountIds: [PEOPLE.ann] } });
    expect(sim().stats().appPoolPoints).toBe(3);
    const bad = await call(sim(), 'app', path, { method: 'POST', body: { ids: ['u-ann'] } });
    expect(bad.status).toBe(400);
    expectValid('POST', path, bad);
  });

  it('a deactivated user keeps getting 403 at the door', async () => {
    expect((await call(sim(), as(PEOPLE.gone), `${V1}/user/current`)).status).toBe(403);
  });

  it('the v1 lookup of a customer says customer, without use/application', async () => {
    const p = `${V1}/user?accountId=${PEOPLE.cust}&expand=operations`;
    const r = await call(sim(), as(PEOPLE.ann), p);
    expect(r.body).toMatchObject({ accountType: 'customer', operations: [] });
    expectValid('GET', p, r);
  });
});

describe.each(['team', 'unrecognised'] as const)('teams, rendered as %s', (teamPrincipals) => {
  const names: Record<TeamPrincipals, { type: string; principalType: string; key: string }> = {
    team: { type: 'team', principalType: 'TEAM', key: 'team' },
    unrecognised: {
      type: 'unknown_principal',
      principalType: 'UNKNOWN_PRINCIPAL',
      key: 'unknown_principal',
    },
  };
  const n = names[teamPrincipals];

  describe('on a PRE_ROLES site (a legacy team grant)', () => {
    const sim = useSimulator(todaySite('PRE_ROLES'), { teamPrincipals });

    it('admits its members to the space, not a guest member nor one without product access', async () => {
      expect(await canEdit(sim(), as(PEOPLE.tess), `${V2}/pages/1000`)).toBe(true);
      expect((await call(sim(), as(PEOPLE.guest), `${V2}/pages/1000`)).status).toBe(404);
      expect((await call(sim(), as(PEOPLE.jira), `${V2}/pages/1000`)).status).toBe(404);
    });

    it('lists the team rows in the space permissions', async () => {
      const path = `${V2}/spaces/101/permissions`;
      const reply = await call(sim(), as(PEOPLE.ann), path);
      expect(results(reply).map((r) => r.principal)).toContainEqual({ type: n.type, id: 't-a' });
      expectValid('GET', path, reply);
    });
  });

  describe('on a ROLES site (a team role assignment)', () => {
    const sim = useSimulator(todaySite('ROLES'), { teamPrincipals });

    it('admits its members, and lists the assignment', async () => {
      expect(await canEdit(sim(), as(PEOPLE.tess), `${V2}/pages/1000`)).toBe(true);
      const path = `${V2}/spaces/101/role-assignments`;
      const reply = await call(sim(), as(PEOPLE.ann), path);
      expect(results(reply)).toContainEqual({
        principal: { principalType: n.principalType, principalId: 't-a' },
        roleId: 'r-collab',
      });
      expectValid('GET', path, reply);
      const derived = `${V2}/spaces/101/permissions?limit=250`;
      const rows = await call(sim(), as(PEOPLE.ann), derived);
      expect(results(rows).map((r) => r.principal)).toContainEqual({ type: n.type, id: 't-a' });
      expectValid('GET', derived, rows);
    });

    it(`filters role assignments by principal-type=TEAM only when teams render as TEAM`, async () => {
      const r = await call(
        sim(),
        as(PEOPLE.ann),
        `${V2}/spaces/101/role-assignments?principal-type=TEAM&principal-id=t-a`,
      );
      expect(r.status).toBe(teamPrincipals === 'team' ? 200 : 400);
    });

    it('admits team members through read and update restrictions', async () => {
      // 1010: read teams t-a and t-b, update team t-a.
      expect(await operations(sim(), as(PEOPLE.tess), `${V2}/pages/1010`)).toEqual([
        'read',
        'update',
      ]);
      expect(await operations(sim(), as(PEOPLE.ed), `${V2}/pages/1010`)).toEqual(['read']);
      expect((await call(sim(), as(PEOPLE.ann), `${V2}/pages/1010`)).status).toBe(404);
      // A guest passes a restriction through a team, as through a group, but has no space.
      expect((await call(sim(), as(PEOPLE.guest), `${V2}/pages/1010`)).status).toBe(404);
    });

    it('renders the teams of a restriction in byOperation, search and /restriction', async () => {
      const path = `${V1}/content/1010/restriction/byOperation`;
      const reply = await call(sim(), as(PEOPLE.tess), path);
      const read = (reply.body.read as { restrictions: Record<string, unknown> }).restrictions;
      const expected =
        teamPrincipals === 'team'
          ? [
              { type: 'team', id: 't-a', name: 'Team A' },
              { type: 'team', id: 't-b', name: 'Team B' },
            ]
          : [
              { type: 'unknown_principal', id: 't-a' },
              { type: 'unknown_principal', id: 't-b' },
            ];
      expect(read[n.key]).toEqual({ results: expected, start: 0, limit: 100, size: 2 });
      expect(read).not.toHaveProperty(teamPrincipals === 'team' ? 'unknown_principal' : 'team');
      expectValid('GET', path, reply);
      const all = `${V1}/content/1010/restriction?limit=1`;
      const paged = await call(sim(), as(PEOPLE.tess), all);
      const first = (paged.body.results as { restrictions: Record<string, { size: number }> }[])[0];
      expect(first?.restrictions[n.key]?.size).toBe(1);
      expectValid('GET', all, paged);
      const search = `${V1}/content/search?cql=id%3D1010&expand=restrictions.read.restrictions.user`;
      const found = await call(sim(), as(PEOPLE.tess), search);
      const hit = results(found)[0] as {
        restrictions: { read: { restrictions: Record<string, unknown> } };
      };
      expect(hit.restrictions.read.restrictions[n.key]).toMatchObject({ size: 2 });
      expectValid('GET', search, found);
    });

    it('charges 2 points per team listed, as for a group', async () => {
      sim().resetStats();
      await call(sim(), as(PEOPLE.tess), `${V1}/content/1010/restriction/byOperation/read`);
      expect(sim().stats().appPoolPoints).toBe(1 + 2 * 2);
    });
  });
});

describe('archived content', () => {
  const sim = useSimulator(todaySite('PRE_ROLES'));

  it('is viewed by whoever passes its ancestors’ restrictions, and edited by nobody', async () => {
    // 1004 is archived below 1003 (read: ann, ed); ann may otherwise add and edit pages.
    expect(await operations(sim(), as(PEOPLE.ann), `${V2}/pages/1004`)).toEqual(['read']);
    expect(await canEdit(sim(), as(PEOPLE.ann), `${V2}/pages/1003`)).toBe(true);
    expect((await call(sim(), as(PEOPLE.tess), `${V2}/pages/1004`)).status).toBe(404);
    const path = `${V2}/pages/1004`;
    const reply = await call(sim(), as(PEOPLE.ann), path);
    expect(reply.body.status).toBe('archived');
    expectValid('GET', path, reply);
  });

  it('permission check: update is refused, saying why; read follows the inherited restriction', async () => {
    const update = await permissionCheck(sim(), as(PEOPLE.admin), '1004', PEOPLE.ann, 'update');
    expect(update.body).toMatchObject({
      hasPermission: false,
      errors: [{ translation: 'Archived content cannot be edited' }],
    });
    const read = await permissionCheck(sim(), as(PEOPLE.admin), '1004', PEOPLE.tess, 'read');
    expect(read.body.hasPermission).toBe(false);
    expect(
      (await permissionCheck(sim(), as(PEOPLE.ann), '1004', PEOPLE.ann, 'read')).body,
    ).toMatchObject({ hasPermission: true });
    expectValid('POST', `${V1}/content/1004/permission/check`, update);
  });
});

describe('permission check for others: Confluence admins only', () => {
  const sim = useSimulator(todaySite('ROLES'));

  it.each<[string, Who, string]>([
    ['a user checking someone else', as(PEOPLE.ann), PEOPLE.ed],
    ['the app checking a user', 'app', PEOPLE.ann],
    ['an org admin (not a Confluence admin) checking a user', as(PEOPLE.org), PEOPLE.ann],
    ['a user without product access checking someone else', as(PEOPLE.jira), PEOPLE.ann],
  ])('refuses %s with 403 in the v1 shape', async (_name, who, subject) => {
    const r = await permissionCheck(sim(), who, '1000', subject, 'read');
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ statusCode: 403 });
    expectValid('POST', `${V1}/content/1000/permission/check`, r);
  });

  it('refuses a non-admin checking a group', async () => {
    expect((await permissionCheck(sim(), 'app', '1000', 'g-staff', 'read', 'group')).status).toBe(
      403,
    );
  });

  it('lets anyone check themselves, the app included', async () => {
    expect(
      (await permissionCheck(sim(), as(PEOPLE.ed), '1000', PEOPLE.ed, 'update')).body,
    ).toMatchObject({ hasPermission: true });
    expect((await permissionCheck(sim(), 'app', '1020', 'app-lens', 'read')).body).toMatchObject({
      hasPermission: true,
    });
    expect(
      (await permissionCheck(sim(), as(PEOPLE.jira), '2000', PEOPLE.jira, 'update')).body,
    ).toMatchObject({ hasPermission: false });
  });

  it('lets a Confluence admin check anyone: teams, no product access, classes', async () => {
    const answer = async (id: string, subject: string, op: 'read' | 'update') =>
      (await permissionCheck(sim(), as(PEOPLE.admin), id, subject, op)).body.hasPermission;
    expect(await answer('1010', PEOPLE.tess, 'update')).toBe(true);
    expect(await answer('1010', PEOPLE.ed, 'update')).toBe(false);
    expect(await answer('3000', PEOPLE.cust, 'read')).toBe(true);
    expect(await answer('4000', PEOPLE.cust, 'read')).toBe(false);
    expect(await answer('1000', PEOPLE.au, 'update')).toBe(false);
  });
});

describe('whiteboards, databases and Smart Links', () => {
  const sim = useSimulator(todaySite('ROLES'));

  it('are ancestors with their types, and their read restrictions reach the pages below', async () => {
    const path = `${V2}/pages/1023/ancestors`;
    const reply = await call(sim(), as(PEOPLE.ann), path);
    expect(reply.body.results).toEqual([
      { id: '1020', type: 'whiteboard' },
      { id: '1021', type: 'database' },
      { id: '1022', type: 'embed' },
    ]);
    expectValid('GET', path, reply);
    expect((await call(sim(), as(PEOPLE.ed), `${V2}/pages/1023`)).status).toBe(404);
  });

  it.each([
    ['whiteboards', '1020', 'whiteboard', []],
    ['databases', '1021', 'database', ['1020']],
    ['embeds', '1022', 'embed', ['1020', '1021']],
  ])('GET /%s/{id} and its ancestors', async (route, id, type, above) => {
    const path = `${V2}/${route}/${id}`;
    const reply = await call(sim(), as(PEOPLE.ann), path);
    expect(reply.body).toMatchObject({ id, type, title: expect.any(String), spaceId: '101' });
    expectValid('GET', path, reply);
    const up = await call(sim(), as(PEOPLE.ann), `${path}/ancestors`);
    expect(ids(up)).toEqual(above);
    expectValid('GET', `${path}/ancestors`, up);
    expect((await call(sim(), as(PEOPLE.ed), path)).status).toBe(404);
    expect((await call(sim(), as(PEOPLE.ann), `${V2}/${route}/1000`)).status).toBe(404);
  });

  it('answer v1 restrictions, and CQL finds them by type', async () => {
    const path = `${V1}/content/1020/restriction/byOperation`;
    const reply = await call(sim(), 'app', path);
    const users = (
      reply.body.read as { restrictions: { user: { results: { accountId: string }[] } } }
    ).restrictions.user.results;
    expect(users.map((u) => u.accountId)).toEqual([PEOPLE.ann, 'app-lens']);
    expectValid('GET', path, reply);
    const cql = `${V1}/content/search?cql=${encodeURIComponent('type IN (whiteboard, database, embed)')}`;
    expect(ids(await call(sim(), as(PEOPLE.ann), cql))).toEqual(['1020', '1021', '1022']);
  });
});

describe('the admin key', () => {
  const standard = useSimulator(todaySite('ROLES', 'standard'), {
    now: () => Date.UTC(2026, 0, 1),
  });
  const premium = useSimulator(todaySite('ROLES', 'premium'), { now: () => Date.UTC(2026, 0, 1) });
  const withKey = (accountId: string) => ({
    'X-Sim-Identity': `user:${accountId}`,
    'Atl-Confluence-With-Admin-Key': 'true',
  });
  const status = async (sim: Sim, accountId: string, path: string) => {
    const res = await fetch(`${sim.baseUrl}${path}`, { headers: withKey(accountId) });
    await res.text();
    return res.status;
  };

  it('GET /admin-key: 200 for an org admin on Premium, 404 for anyone else or on Standard', async () => {
    const path = `${V2}/admin-key`;
    const ok = await call(premium(), as(PEOPLE.org), path);
    expect(ok.body).toEqual({ accountId: PEOPLE.org, expirationTime: '2026-01-01T00:10:00.000Z' });
    expectValid('GET', path, ok);
    for (const [sim, who] of [
      [premium(), PEOPLE.admin],
      [standard(), PEOPLE.org],
    ] as const) {
      const r = await call(sim, as(who), path);
      expect(r.status).toBe(404);
      expectValid('GET', path, r);
    }
  });

  it('with the header, an org admin on Premium opens restricted content and edits it, not archived', async () => {
    expect(await status(premium(), PEOPLE.org, `${V2}/pages/1003`)).toBe(200);
    expect(await status(premium(), PEOPLE.org, `${V2}/whiteboards/1020`)).toBe(200);
    expect(await status(premium(), PEOPLE.org, `${V2}/pages/1004`)).toBe(200);
    const ops = await fetch(`${premium().baseUrl}${V2}/pages/1004?include-operations=true`, {
      headers: withKey(PEOPLE.org),
    });
    const body = (await ops.json()) as { operations: { results: { operation: string }[] } };
    expect(body.operations.results.map((o) => o.operation)).toEqual(['read', 'delete']);
  });

  it('without the header, on Standard, or for anyone else, the key does nothing', async () => {
    expect((await call(premium(), as(PEOPLE.org), `${V2}/pages/1003`)).status).toBe(404);
    expect(await status(standard(), PEOPLE.org, `${V2}/pages/1003`)).toBe(404);
    expect(await status(premium(), PEOPLE.admin, `${V2}/pages/1003`)).toBe(404);
  });
});

describe('the app user and the new rules', () => {
  const sim = useSimulator(todaySite('ROLES'));
  it('is in no team and no licensed class, but reads anonymous spaces', async () => {
    expect(ids(await call(sim(), 'app', `${V2}/spaces`))).toEqual(['101', '102', '103', '104']);
    expect((await call(sim(), 'app', `${V2}/pages/1010`)).status).toBe(404);
    expect((await call(sim(), 'app', `${V2}/pages/1023`)).status).toBe(200);
  });
});
