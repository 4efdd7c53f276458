// Space roles in the simulator: the fixture format, the four v2 endpoints with their
// pagination, filters and points, and access enforced by the mode's source of truth, with the
// access classes as documented in dev/simulator/README.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemoSiteRoles } from '../../dev/fixtures/build-demo-site';
import { FixtureError, loadFixture } from '../../dev/simulator/fixture';
import type { RoleMode, SiteFixtureInput } from '../../dev/simulator/fixture';
import { validateResponse } from '../support/openapi-validator';
import { call, READ, results, useSimulator, type Reply, type Who } from './helpers';

const V2 = '/wiki/api/v2';

type Assignee =
  | { principalType: 'USER' | 'GROUP'; principalId: string }
  | {
      principalType: 'ACCESS_CLASS';
      principalId:
        | 'anonymous-users'
        | 'authenticated-users'
        | 'all-licensed-users'
        | 'all-product-admins'
        | 'jsm-project-admins';
    };
const cls = (principalId: Extract<Assignee, { principalType: 'ACCESS_CLASS' }>['principalId']) =>
  ({ principalType: 'ACCESS_CLASS', principalId }) as const;

/** One space per access class, plus ENG where the legacy list and the roles differ. */
function rolesSite(roleMode: RoleMode, anonymousAccess = true): SiteFixtureInput {
  const space = (
    id: string,
    key: string,
    roleAssignments: { principal: Assignee; roleId: string }[],
  ) => ({
    id,
    key,
    name: key,
    roleAssignments,
  });
  return {
    site: { anonymousAccess, roleMode },
    app: { accountId: 'app-lens', displayName: 'Access Lens' },
    users: [
      { accountId: 'u-admin', displayName: 'Admin', email: 'admin@x.test', confluenceAdmin: true },
      { accountId: 'u-alice', displayName: 'Alice', email: 'alice@x.test' },
      { accountId: 'u-bob', displayName: 'Bob', email: 'bob@x.test' },
      { accountId: 'u-guest', displayName: 'Guest', email: 'guest@x.test', isGuest: true },
      { accountId: 'u-dave', displayName: 'Dave', email: 'dave@x.test', active: false },
    ],
    groups: [
      // The guest is in g-eng, but guests never hold what a group is given.
      { id: 'g-eng', name: 'eng', members: ['u-alice', 'u-guest'] },
      { id: 'g-all', name: 'all', members: ['u-admin', 'u-alice', 'u-bob', 'u-dave'] },
    ],
    roles: [
      { id: 'r-view', type: 'SYSTEM', name: 'Viewer', spacePermissions: ['read/space'] },
      {
        id: 'r-edit',
        type: 'SYSTEM',
        name: 'Collaborator',
        spacePermissions: ['read/space', 'create/page'],
      },
      {
        id: 'r-admin',
        type: 'CUSTOM',
        name: 'Space boss',
        description: 'Everything',
        spacePermissions: ['read/space', 'create/page', 'administer/space', 'export/space'],
      },
    ],
    spaces: [
      {
        ...space('101', 'ENG', [
          { principal: { principalType: 'GROUP', principalId: 'g-eng' }, roleId: 'r-edit' },
          { principal: { principalType: 'USER', principalId: 'u-guest' }, roleId: 'r-view' },
        ]),
        // Bob's access exists only in the legacy list.
        permissions: [{ principal: { type: 'user', id: 'u-bob' }, operation: READ }],
      },
      space('102', 'ANON', [{ principal: cls('anonymous-users'), roleId: 'r-view' }]),
      space('103', 'AUTH', [{ principal: cls('authenticated-users'), roleId: 'r-view' }]),
      space('104', 'LIC', [{ principal: cls('all-licensed-users'), roleId: 'r-admin' }]),
      space('105', 'ADM', [{ principal: cls('all-product-admins'), roleId: 'r-admin' }]),
      space('106', 'JSM', [{ principal: cls('jsm-project-admins'), roleId: 'r-view' }]),
    ],
    content: ['101', '102', '103', '104', '105', '106'].map((spaceId) => ({
      id: `${spaceId}0`,
      type: 'page' as const,
      spaceId,
      title: `Home of ${spaceId}`,
    })),
  };
}

const WHO: Record<string, Who> = {
  admin: 'user:u-admin',
  alice: 'user:u-alice',
  bob: 'user:u-bob',
  guest: 'user:u-guest',
  anonymous: 'anonymous',
  app: 'app',
};

async function viewers(sim: ReturnType<ReturnType<typeof useSimulator>>, spaceId: string) {
  const who: string[] = [];
  for (const [name, identity] of Object.entries(WHO)) {
    if ((await call(sim, identity, `${V2}/spaces/${spaceId}`)).status === 200) who.push(name);
  }
  return who;
}

function expectValid(path: string, reply: Reply): void {
  const result = validateResponse({ method: 'GET', path, status: reply.status, body: reply.body });
  expect({ path, errors: result.errors }).toEqual({ path, errors: [] });
}

describe('role fixtures', () => {
  const base = () => rolesSite('ROLES');
  const withSpace0 = (change: (s: Record<string, unknown>) => void): SiteFixtureInput => {
    const site = base();
    change(site.spaces[0] as unknown as Record<string, unknown>);
    return site;
  };

  it('defaults to PRE_ROLES with no roles and no assignments', () => {
    const f = loadFixture({
      site: {},
      app: { accountId: 'a', displayName: 'A' },
      users: [],
      groups: [],
      spaces: [{ id: '1', key: 'K', name: 'K' }],
      content: [],
    });
    expect(f.site.roleMode).toBe('PRE_ROLES');
    expect(f.roles).toEqual([]);
    expect(f.spaces[0]?.roleAssignments).toEqual([]);
  });

  it.each([
    [
      'an unknown role',
      withSpace0((s) => {
        s.roleAssignments = [
          { principal: { principalType: 'USER', principalId: 'u-bob' }, roleId: 'r-nope' },
        ];
      }),
      /unknown role "r-nope"/,
    ],
    [
      'an unknown user',
      withSpace0((s) => {
        s.roleAssignments = [
          { principal: { principalType: 'USER', principalId: 'u-nobody' }, roleId: 'r-view' },
        ];
      }),
      /USER:u-nobody: unknown user/,
    ],
    [
      'an unknown group',
      withSpace0((s) => {
        s.roleAssignments = [
          { principal: { principalType: 'GROUP', principalId: 'g-nope' }, roleId: 'r-view' },
        ];
      }),
      /GROUP:g-nope: unknown group/,
    ],
    [
      'two roles for one principal',
      withSpace0((s) => {
        s.roleAssignments = [
          { principal: { principalType: 'USER', principalId: 'u-bob' }, roleId: 'r-view' },
          { principal: { principalType: 'USER', principalId: 'u-bob' }, roleId: 'r-edit' },
        ];
      }),
      /duplicate role assignment in space "ENG" for principal "USER:u-bob"/,
    ],
    [
      'an unknown access class',
      withSpace0((s) => {
        s.roleAssignments = [
          {
            principal: { principalType: 'ACCESS_CLASS', principalId: 'everyone' },
            roleId: 'r-view',
          },
        ];
      }),
      /principalId/,
    ],
    [
      'a principal type outside the spec',
      withSpace0((s) => {
        s.roleAssignments = [
          { principal: { principalType: 'ROBOT', principalId: 't-1' }, roleId: 'r-view' },
        ];
      }),
      /principalType/,
    ],
    [
      'a permission id outside the vocabulary',
      { ...base(), roles: [{ id: 'r-x', name: 'X', spacePermissions: ['read/spaces'] }] },
      /space permission ids are/,
    ],
    [
      'a duplicate role name',
      {
        ...base(),
        roles: [
          { id: 'r-1', name: 'Same', spacePermissions: ['read/space'] },
          { id: 'r-2', name: 'Same', spacePermissions: ['read/space'] },
        ],
      },
      /duplicate role name "Same"/,
    ],
    ['an unknown mode', { ...base(), site: { roleMode: 'ROLES_ONLY' } }, /roleMode/],
  ])('rejects %s', (_name, fixture, message) => {
    expect(() => loadFixture(fixture)).toThrow(FixtureError);
    expect(() => loadFixture(fixture)).toThrow(message);
  });

  it('demo-site-roles.json is what build-demo-site.ts writes, and loads as a ROLES site', () => {
    const json: unknown = JSON.parse(
      readFileSync(join(__dirname, '../../dev/fixtures/demo-site-roles.json'), 'utf8'),
    );
    expect(json).toEqual(JSON.parse(JSON.stringify(buildDemoSiteRoles())));
    const site = loadFixture(json);
    expect(site.site.roleMode).toBe('ROLES');
    expect(site.spaces.every((s) => s.permissions.length === 0)).toBe(true);
    expect(site.spaces.every((s) => s.roleAssignments.length > 0)).toBe(true);
  });
});

describe('access by the source of truth', () => {
  describe('ROLES: role assignments only', () => {
    const sim = useSimulator(rolesSite('ROLES'));

    it('ignores the legacy list: Bob, granted only there, cannot view ENG', async () => {
      expect(await viewers(sim(), '101')).toEqual(['alice', 'guest', 'app']);
    });

    it('anonymous-users reaches visitors, every logged-in user, guests included, and the app', async () => {
      expect(await viewers(sim(), '102')).toEqual([
        'admin',
        'alice',
        'bob',
        'guest',
        'anonymous',
        'app',
      ]);
    });

    it.each(['103', '104'])(
      'authenticated-users and all-licensed-users (%s): every non-guest user, not visitors',
      async (spaceId) => {
        expect(await viewers(sim(), spaceId)).toEqual(['admin', 'alice', 'bob', 'app']);
      },
    );

    it('all-product-admins: Confluence admins only; jsm-project-admins: nobody here', async () => {
      expect(await viewers(sim(), '105')).toEqual(['admin', 'app']);
      expect(await viewers(sim(), '106')).toEqual(['app']);
    });

    it('a deactivated user gets nothing from a class', async () => {
      expect((await call(sim(), 'user:u-dave', `${V2}/spaces/103`)).status).toBe(403);
    });

    it('a role gives exactly its permissions', async () => {
      const ops = async (who: Who, spaceId: string) =>
        (
          (await call(sim(), who, `${V2}/spaces/${spaceId}?include-operations=true`)).body
            .operations as { results: { operation: string; targetType: string }[] }
        ).results
          .map((o) => `${o.operation}/${o.targetType}`)
          .sort();
      expect(await ops('user:u-alice', '104')).toEqual([
        'administer/space',
        'create/page',
        'export/space',
        'read/space',
      ]);
      expect(await ops('user:u-alice', '101')).toEqual(['create/page', 'read/space']);
      expect(await ops('user:u-guest', '101')).toEqual(['read/space']);
    });

    it('permission check: a group subject is a typical licensed member', async () => {
      const check = async (identifier: string, pageId: string) =>
        (
          await call(sim(), 'user:u-admin', `/wiki/rest/api/content/${pageId}/permission/check`, {
            method: 'POST',
            body: { subject: { type: 'group', identifier }, operation: 'read' },
          })
        ).body.hasPermission;
      expect(await check('g-all', '1030')).toBe(true);
      expect(await check('g-all', '1050')).toBe(false);
      expect(await check('g-eng', '1010')).toBe(true);
    });
  });

  describe('ROLES_TRANSITION: role assignments united with the legacy list', () => {
    const sim = useSimulator(rolesSite('ROLES_TRANSITION'));
    it('Bob (legacy only), Alice and the guest (roles only) all view ENG', async () => {
      expect(await viewers(sim(), '101')).toEqual(['alice', 'bob', 'guest', 'app']);
      expect(await viewers(sim(), '103')).toEqual(['admin', 'alice', 'bob', 'app']);
    });
  });

  describe('PRE_ROLES: the legacy list only', () => {
    const sim = useSimulator(rolesSite('PRE_ROLES'));
    it('role assignments give nothing', async () => {
      expect(await viewers(sim(), '101')).toEqual(['bob', 'app']);
      expect(await viewers(sim(), '102')).toEqual(['app']);
      expect(await viewers(sim(), '103')).toEqual(['app']);
    });
  });

  describe('site anonymous access off', () => {
    const sim = useSimulator(rolesSite('ROLES', false));
    it('anonymous-users still reaches every logged-in user, guests included', async () => {
      expect(await viewers(sim(), '102')).toEqual(['admin', 'alice', 'bob', 'guest', 'app']);
    });
  });
});

describe('the legacy list on a ROLES site', () => {
  const rows = async (sim: ReturnType<ReturnType<typeof useSimulator>>, spaceId: string) =>
    results(await call(sim, 'app', `${V2}/spaces/${spaceId}/permissions`)).map(
      (r) => r as { principal: { type: string; id: string }; operation: { key: string } },
    );

  describe('derived (the default)', () => {
    const sim = useSimulator(rolesSite('ROLES'));
    it('lists one row per permission of each assigned role, not the legacy grants', async () => {
      const eng = await rows(sim(), '101');
      expect(eng.map((r) => `${r.principal.type}:${r.principal.id} ${r.operation.key}`)).toEqual([
        'group:g-eng read',
        'group:g-eng create',
        'user:u-guest read',
      ]);
      expect((await rows(sim(), '102'))[0]?.principal).toEqual({ type: 'role', id: 'ANONYMOUS' });
      expect((await rows(sim(), '104'))[0]?.principal).toEqual({
        type: 'role',
        id: 'all-licensed-users',
      });
    });
    it('validates against the spec', async () => {
      const path = `${V2}/spaces/104/permissions`;
      expectValid(path, await call(sim(), 'app', path));
    });
  });

  describe('empty', () => {
    const sim = useSimulator(rolesSite('ROLES'), { legacyListOnRolesSites: 'empty' });
    it('lists nothing, for 1 point', async () => {
      sim().resetStats();
      expect(await rows(sim(), '101')).toEqual([]);
      expect(sim().stats().appPoolPoints).toBe(1);
    });
  });

  describe('on a transition site', () => {
    const sim = useSimulator(rolesSite('ROLES_TRANSITION'), { legacyListOnRolesSites: 'empty' });
    it('lists the legacy grants whatever the option', async () => {
      expect((await rows(sim(), '101')).map((r) => r.principal.id)).toEqual(['u-bob']);
    });
  });
});

describe('role endpoints', () => {
  const sim = useSimulator(rolesSite('ROLES_TRANSITION'));
  beforeEach(() => {
    sim().resetStats();
  });

  it('GET /space-role-mode answers the mode for 1 point', async () => {
    const reply = await call(sim(), 'user:u-bob', `${V2}/space-role-mode`);
    expect(reply.body).toEqual({ mode: 'ROLES_TRANSITION' });
    expect(sim().stats().appPoolPoints).toBe(1);
    expectValid(`${V2}/space-role-mode`, reply);
  });

  it('GET /space-roles pages with a cursor and costs 1 + 2 per role', async () => {
    const first = await call(sim(), 'user:u-bob', `${V2}/space-roles?limit=2`);
    expect(results(first).map((r) => r.id)).toEqual(['r-view', 'r-edit']);
    const next = (first.body._links as { next?: string }).next;
    expect(next).toMatch(/^\/wiki\/api\/v2\/space-roles\?/);
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await call(sim(), 'user:u-bob', next!);
    expect(results(second)).toEqual([
      {
        id: 'r-admin',
        type: 'CUSTOM',
        name: 'Space boss',
        description: 'Everything',
        spacePermissions: ['read/space', 'create/page', 'administer/space', 'export/space'],
      },
    ]);
    expect((second.body._links as { next?: string }).next).toBeUndefined();
    expect(sim().stats().appPoolPoints).toBe(1 + 2 * 2 + (1 + 2 * 1));
    expectValid(next!, second);
  });

  it('GET /space-roles filters by type, by principal and by space', async () => {
    const ids = async (query: string, who: Who = 'app') =>
      results(await call(sim(), who, `${V2}/space-roles?${query}`)).map((r) => r.id);
    expect(await ids('role-type=SYSTEM')).toEqual(['r-view', 'r-edit']);
    expect(await ids('principal-type=GROUP&principal-id=g-eng')).toEqual(['r-edit']);
    expect(await ids('principal-type=ACCESS_CLASS&principal-id=all-licensed-users')).toEqual([
      'r-admin',
    ]);
    expect(
      await ids('space-id=101&principal-type=ACCESS_CLASS&principal-id=all-licensed-users'),
    ).toEqual([]);
    expect((await call(sim(), 'user:u-bob', `${V2}/space-roles?space-id=105`)).status).toBe(404);
    expect((await call(sim(), 'user:u-bob', `${V2}/space-roles?role-type=OTHER`)).status).toBe(400);
    expect((await call(sim(), 'user:u-bob', `${V2}/space-roles?principal-type=USER`)).status).toBe(
      400,
    );
  });

  it('GET /spaces/{id}/role-assignments pages, filters, and costs 1 + 2 per assignment', async () => {
    const path = `${V2}/spaces/101/role-assignments?limit=1`;
    const first = await call(sim(), 'user:u-alice', path);
    expect(results(first)).toEqual([
      { principal: { principalType: 'GROUP', principalId: 'g-eng' }, roleId: 'r-edit' },
    ]);
    const next = (first.body._links as { next?: string }).next!;
    expect(next).toMatch(/^\/wiki\/api\/v2\/spaces\/101\/role-assignments\?.*cursor=/);
    const second = await call(sim(), 'user:u-alice', next);
    expect(results(second).map((a) => a.roleId)).toEqual(['r-view']);
    expect(sim().stats().appPoolPoints).toBe(3 + 3);
    expectValid(path, first);

    const filtered = async (query: string) =>
      results(await call(sim(), 'user:u-alice', `${V2}/spaces/101/role-assignments?${query}`)).map(
        (a) => (a.principal as { principalId: string }).principalId,
      );
    expect(await filtered('role-id=r-view')).toEqual(['u-guest']);
    expect(await filtered('role-type=SYSTEM')).toEqual(['g-eng', 'u-guest']);
    expect(await filtered('principal-type=USER&principal-id=u-guest')).toEqual(['u-guest']);
    expect(await filtered('role-type=CUSTOM')).toEqual([]);
  });

  it('GET /spaces/{id}/role-assignments needs space view', async () => {
    expect((await call(sim(), 'user:u-bob', `${V2}/spaces/105/role-assignments`)).status).toBe(404);
    expect(
      (
        await call(
          sim(),
          'user:u-bob',
          `${V2}/spaces/101/role-assignments?principal-type=ROBOT&principal-id=t`,
        )
      ).status,
    ).toBe(400);
  });

  it('GET /space-permissions lists the catalogue, 2 points per entry', async () => {
    const reply = await call(sim(), 'user:u-bob', `${V2}/space-permissions?limit=250`);
    const catalogue = results(reply);
    expect(catalogue.map((p) => p.id)).toEqual(
      expect.arrayContaining(['read/space', 'create/page', 'administer/space', 'export/space']),
    );
    expect(catalogue.find((p) => p.id === 'create/page')?.requiredPermissionIds).toEqual([
      'read/space',
    ]);
    expect(sim().stats().appPoolPoints).toBe(1 + 2 * catalogue.length);
    expectValid(`${V2}/space-permissions`, reply);
  });

  it('role endpoints answer the demo roles site in the documented shapes', async () => {
    const demo = await import('../../dev/simulator/server').then((m) =>
      m.startSimulator({ fixture: buildDemoSiteRoles() }),
    );
    try {
      for (const path of [
        `${V2}/space-roles?limit=250`,
        `${V2}/spaces/103/role-assignments`,
        `${V2}/spaces/103/permissions`,
        `${V2}/space-role-mode`,
      ]) {
        const reply = await call(demo, 'user:u-bob', path);
        expect({ path, status: reply.status }).toEqual({ path, status: 200 });
        expectValid(path, reply);
      }
    } finally {
      await demo.close();
    }
  });
});
