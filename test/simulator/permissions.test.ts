// One test (or more) per rule of docs/ARCHITECTURE.md "The permission model", against a small site
// built for the purpose.
import type { SiteFixtureInput } from '../../dev/simulator/fixture';
import { resolveIdentity } from '../../dev/simulator/identity';
import { SiteModel } from '../../dev/simulator/model';
import { loadFixture } from '../../dev/simulator/fixture';
import { call, CREATE_PAGE, ids, READ, results, useSimulator, type Who } from './helpers';

const restrict = (users: string[] = [], groups: string[] = []) => ({ users, groups });

function site(anonymousAccess: boolean): SiteFixtureInput {
  return {
    site: { anonymousAccess },
    app: { accountId: 'app-lens', displayName: 'Access Lens' },
    users: [
      {
        accountId: 'u-admin',
        displayName: 'Admin',
        email: 'admin@x.test',
        apiToken: 'tok-admin',
        confluenceAdmin: true,
      },
      { accountId: 'u-alice', displayName: 'Alice', email: 'alice@x.test', apiToken: 'tok-alice' },
      { accountId: 'u-bob', displayName: 'Bob', email: 'bob@x.test', apiToken: 'tok-bob' },
      { accountId: 'u-carol', displayName: 'Carol', email: 'carol@x.test' },
      { accountId: 'u-guest', displayName: 'Guest', email: 'guest@x.test', isGuest: true },
      {
        accountId: 'u-dave',
        displayName: 'Dave (left)',
        email: 'dave@x.test',
        apiToken: 'tok-dave',
        active: false,
      },
    ],
    groups: [
      {
        id: 'g-staff',
        name: 'staff',
        members: ['u-admin', 'u-alice', 'u-bob', 'u-carol', 'u-dave'],
      },
      { id: 'g-eng', name: 'eng', members: ['u-alice'] },
      { id: 'g-hr', name: 'hr', members: ['u-carol'] },
      { id: 'g-guests', name: 'guests', members: ['u-guest'] },
    ],
    spaces: [
      {
        id: '101',
        key: 'ENG',
        name: 'Engineering',
        permissions: [
          { principal: { type: 'group', id: 'g-staff' }, operation: READ },
          { principal: { type: 'group', id: 'g-staff' }, operation: CREATE_PAGE },
          // Guests hold only direct grants: this one must not reach u-guest.
          { principal: { type: 'group', id: 'g-guests' }, operation: READ },
        ],
      },
      {
        id: '102',
        key: 'PUB',
        name: 'Public',
        permissions: [{ principal: { type: 'anonymous' }, operation: READ }],
      },
      {
        id: '103',
        key: 'HR',
        name: 'HR',
        permissions: [
          { principal: { type: 'group', id: 'g-hr' }, operation: READ },
          { principal: { type: 'group', id: 'g-hr' }, operation: CREATE_PAGE },
        ],
      },
      {
        id: '104',
        key: 'GST',
        name: 'Guest space',
        permissions: [
          { principal: { type: 'user', id: 'u-guest' }, operation: READ },
          {
            principal: { type: 'user', id: 'u-guest' },
            operation: { key: 'administer', targetType: 'space' },
          },
          {
            principal: { type: 'user', id: 'u-guest' },
            operation: { key: 'restrict_content', targetType: 'space' },
          },
          { principal: { type: 'group', id: 'g-staff' }, operation: READ },
        ],
      },
    ],
    content: [
      { id: '1000', type: 'page', spaceId: '101', title: 'ENG home' },
      {
        id: '1001',
        type: 'page',
        spaceId: '101',
        parentId: '1000',
        title: 'Alice only',
        restrictions: { read: restrict(['u-alice']) },
      },
      // Chain A (users alice, bob, app) → B (group staff) → folder F (group eng) → P (open).
      {
        id: '2000',
        type: 'page',
        spaceId: '101',
        title: 'A',
        restrictions: { read: restrict(['u-alice', 'u-bob', 'app-lens']) },
      },
      {
        id: '2001',
        type: 'page',
        spaceId: '101',
        parentId: '2000',
        title: 'B',
        restrictions: { read: restrict([], ['g-staff']) },
      },
      {
        id: '2002',
        type: 'folder',
        spaceId: '101',
        parentId: '2001',
        title: 'F',
        restrictions: { read: restrict([], ['g-eng']) },
      },
      { id: '2003', type: 'page', spaceId: '101', parentId: '2002', title: 'P' },
      // Edit restriction on E does not reach its child.
      {
        id: '3000',
        type: 'page',
        spaceId: '101',
        title: 'E',
        restrictions: { update: restrict(['u-alice']) },
      },
      { id: '3001', type: 'page', spaceId: '101', parentId: '3000', title: 'E child' },
      { id: '4000', type: 'page', spaceId: '103', title: 'Salaries', labels: ['confidential'] },
      { id: '5000', type: 'page', spaceId: '102', title: 'Welcome' },
      {
        id: '5001',
        type: 'page',
        spaceId: '102',
        parentId: '5000',
        title: 'Staff only',
        restrictions: { read: restrict([], ['g-staff']) },
      },
      { id: '6000', type: 'page', spaceId: '104', title: 'Guest home' },
      { id: '7000', type: 'blogpost', spaceId: '101', title: 'News' },
    ],
  };
}

const page = (id: string) => `/wiki/api/v2/pages/${id}`;

async function canEdit(
  sim: ReturnType<ReturnType<typeof useSimulator>>,
  who: Who,
  id: string,
): Promise<boolean> {
  const r = await call(sim, who, `${page(id)}?include-operations=true`);
  expect(r.status).toBe(200);
  const ops = (r.body.operations as { results: { operation: string }[] }).results.map(
    (o) => o.operation,
  );
  return ops.includes('update');
}

describe('site access and identity', () => {
  const sim = useSimulator(site(false));

  it('refuses anonymous visitors when the site forbids anonymous access', async () => {
    const r = await call(sim(), null, page('5000'));
    expect(r.status).toBe(401);
    expect((await call(sim(), 'anonymous', page('5000'))).status).toBe(401);
  });

  it('refuses deactivated users with the v1 message, by header and by API token', async () => {
    const v1 = await call(sim(), 'user:u-dave', '/wiki/rest/api/user/current');
    expect(v1.status).toBe(403);
    expect(v1.body).toMatchObject({
      statusCode: 403,
      message: 'Current user not permitted to use Confluence',
    });
    const v2 = await call(sim(), { basic: ['dave@x.test', 'tok-dave'] }, page('1000'));
    expect(v2.status).toBe(403);
    expect(v2.body.errors).toEqual([expect.objectContaining({ status: 403 })]);
  });

  it('answers 401 to unknown credentials', async () => {
    expect((await call(sim(), { basic: ['alice@x.test', 'wrong'] }, page('1000'))).status).toBe(
      401,
    );
    expect((await call(sim(), { basic: ['nobody@x.test', 'tok'] }, page('1000'))).status).toBe(401);
    expect((await call(sim(), 'user:u-nobody', page('1000'))).status).toBe(401);
  });

  it('accepts HTTP Basic email:apiToken', async () => {
    const r = await call(
      sim(),
      { basic: ['alice@x.test', 'tok-alice'] },
      '/wiki/rest/api/user/current',
    );
    expect(r.body.accountId).toBe('u-alice');
  });

  it('accepts X-Sim-Identity only from loopback sockets', () => {
    const model = new SiteModel(loadFixture(site(false)));
    const headers = { 'x-sim-identity': 'user:u-alice' };
    expect(resolveIdentity(model, headers, '127.0.0.1')).toMatchObject({ ok: true });
    expect(resolveIdentity(model, headers, '::1')).toMatchObject({ ok: true });
    expect(resolveIdentity(model, headers, '10.1.2.3')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('space permissions', () => {
  const sim = useSimulator(site(false));

  it('is a union of grants via groups, and hides spaces without read/space (404, filtered lists)', async () => {
    expect((await call(sim(), 'user:u-carol', page('4000'))).status).toBe(200);
    expect((await call(sim(), 'user:u-bob', page('4000'))).status).toBe(404);
    expect((await call(sim(), 'user:u-bob', '/wiki/api/v2/spaces/103')).status).toBe(404);
    expect(ids(await call(sim(), 'user:u-bob', '/wiki/api/v2/spaces'))).toEqual([
      '101',
      '102',
      '104',
    ]);
    expect(ids(await call(sim(), 'user:u-carol', '/wiki/api/v2/spaces'))).toEqual([
      '101',
      '102',
      '103',
      '104',
    ]);
  });

  it('lists only the pages the caller can view when asked for pages by id', async () => {
    expect(ids(await call(sim(), 'user:u-bob', '/wiki/api/v2/pages?id=4000,5000'))).toEqual([
      '5000',
    ]);
    expect(ids(await call(sim(), 'user:u-carol', '/wiki/api/v2/pages?id=4000,5000'))).toEqual([
      '4000',
      '5000',
    ]);
  });

  it('does not let Confluence admins bypass space permissions', async () => {
    expect((await call(sim(), 'user:u-admin', page('4000'))).status).toBe(404);
  });

  it('exposes an anonymous-enabled space to every logged-in user even with site anonymous access off', async () => {
    expect((await call(sim(), 'user:u-bob', page('5000'))).status).toBe(200);
    expect((await call(sim(), 'user:u-guest', page('5000'))).status).toBe(200);
  });

  it('reports the anonymous grant as principal role ANONYMOUS', async () => {
    const r = await call(sim(), 'user:u-bob', '/wiki/api/v2/spaces/102/permissions');
    expect(results(r)).toEqual([
      expect.objectContaining({ principal: { type: 'role', id: 'ANONYMOUS' }, operation: READ }),
    ]);
    expect((await call(sim(), 'user:u-bob', '/wiki/api/v2/spaces/103/permissions')).status).toBe(
      404,
    );
  });
});

describe('guests', () => {
  const sim = useSimulator(site(false));

  it('see their directly granted space and anonymous-enabled spaces, nothing via groups', async () => {
    expect(ids(await call(sim(), 'user:u-guest', '/wiki/api/v2/spaces'))).toEqual(['102', '104']);
    expect((await call(sim(), 'user:u-guest', page('6000'))).status).toBe(200);
    expect((await call(sim(), 'user:u-guest', page('1000'))).status).toBe(404);
  });

  it('cannot hold administer or restrict permissions even when granted', async () => {
    const r = await call(sim(), 'user:u-guest', '/wiki/api/v2/spaces/104?include-operations=true');
    const ops = (r.body.operations as { results: { operation: string; targetType: string }[] })
      .results;
    expect(ops).toEqual([{ operation: 'read', targetType: 'space' }]);
  });
});

describe('anonymous visitors on a site that allows them', () => {
  const sim = useSimulator(site(true));

  it('see anonymous-enabled spaces only, and never pass a non-empty restriction', async () => {
    expect((await call(sim(), null, page('5000'))).status).toBe(200);
    expect((await call(sim(), null, page('5001'))).status).toBe(404);
    expect((await call(sim(), null, page('1000'))).status).toBe(404);
    expect(ids(await call(sim(), 'anonymous', '/wiki/api/v2/spaces'))).toEqual(['102']);
    expect((await call(sim(), 'user:u-bob', page('5001'))).status).toBe(200);
  });
});

describe('view restrictions inherit as an intersection', () => {
  const sim = useSimulator(site(false));
  const cases: [who: string, visible: string[]][] = [
    ['user:u-alice', ['2000', '2001', '2002', '2003']],
    // Passes A and B; the restricted folder stops bob.
    ['user:u-bob', ['2000', '2001']],
    // Staff member, so passes B, but is not listed on A.
    ['user:u-carol', []],
    // Admins do not bypass restrictions.
    ['user:u-admin', []],
  ];

  it.each(cases)('%s sees exactly %j of the chain A → B → folder F → P', async (who, visible) => {
    const seen: string[] = [];
    for (const id of ['2000', '2001', '2002', '2003']) {
      const path = id === '2002' ? `/wiki/api/v2/folders/${id}` : page(id);
      const r = await call(sim(), who as Who, path);
      expect([200, 404]).toContain(r.status);
      if (r.status === 200) seen.push(id);
    }
    expect(seen).toEqual(visible);
  });

  it('filters search results the same way', async () => {
    const r = await call(
      sim(),
      'user:u-bob',
      `/wiki/rest/api/content/search?cql=${encodeURIComponent('ancestor = 2000')}`,
    );
    expect(ids(r)).toEqual(['2001']);
  });

  it('returns ancestors root first, with types', async () => {
    const r = await call(sim(), 'user:u-alice', '/wiki/api/v2/pages/2003/ancestors');
    expect(r.body.results).toEqual([
      { id: '2000', type: 'page' },
      { id: '2001', type: 'page' },
      { id: '2002', type: 'folder' },
    ]);
    const nearest = await call(sim(), 'user:u-alice', '/wiki/api/v2/pages/2003/ancestors?limit=2');
    expect(ids(nearest)).toEqual(['2001', '2002']);
  });

  it('hides restrictions of content the caller cannot view', async () => {
    expect(
      (await call(sim(), 'user:u-bob', '/wiki/rest/api/content/2003/restriction/byOperation'))
        .status,
    ).toBe(404);
    const r = await call(
      sim(),
      'user:u-bob',
      '/wiki/rest/api/content/2000/restriction/byOperation/read',
    );
    const users = (r.body.restrictions as { user: { results: { accountId: string }[] } }).user
      .results;
    expect(users.map((u) => u.accountId)).toEqual(['u-alice', 'u-bob', 'app-lens']);
  });
});

describe('edit', () => {
  const sim = useSimulator(site(false));

  it('needs the node’s own update restriction, which does not inherit', async () => {
    expect(await canEdit(sim(), 'user:u-alice', '3000')).toBe(true);
    expect(await canEdit(sim(), 'user:u-bob', '3000')).toBe(false);
    expect(await canEdit(sim(), 'user:u-bob', '3001')).toBe(true);
  });

  it('needs the space create/page permission', async () => {
    expect(await canEdit(sim(), 'user:u-carol', '4000')).toBe(true);
    expect(await canEdit(sim(), 'user:u-guest', '6000')).toBe(false);
  });
});

describe('the app user', () => {
  const sim = useSimulator(site(false));

  it('reads every space but is blocked by read restrictions that do not list it', async () => {
    expect((await call(sim(), 'app', page('4000'))).status).toBe(200);
    expect((await call(sim(), 'app', page('1001'))).status).toBe(404);
    expect((await call(sim(), 'app', page('2000'))).status).toBe(200);
    // Listed on A but not in g-staff, which restricts B.
    expect((await call(sim(), 'app', page('2001'))).status).toBe(404);
    expect(ids(await call(sim(), 'app', '/wiki/api/v2/spaces'))).toEqual([
      '101',
      '102',
      '103',
      '104',
    ]);
  });

  describe('with an app.spaces allow-list', () => {
    const fixture = site(false);
    fixture.app.spaces = ['ENG'];
    const limited = useSimulator(fixture);

    it('reads only the listed spaces', async () => {
      // PUB stays visible: an anonymous read grant opens a space to every logged-in account.
      expect(ids(await call(limited(), 'app', '/wiki/api/v2/spaces'))).toEqual(['101', '102']);
      expect((await call(limited(), 'app', page('4000'))).status).toBe(404);
    });
  });
});

describe('permission check', () => {
  const sim = useSimulator(site(false));
  const check = (
    who: Who,
    id: string,
    type: 'user' | 'group',
    identifier: string,
    operation = 'read',
  ) =>
    call(sim(), who, `/wiki/rest/api/content/${id}/permission/check`, {
      method: 'POST',
      body: { subject: { type, identifier }, operation },
    });

  it('answers 403 to a non-admin checking someone else', async () => {
    const r = await check('user:u-bob', '1000', 'user', 'u-alice');
    expect(r.status).toBe(403);
    expect(r.body.statusCode).toBe(403);
  });

  it('lets a user check themselves, and 404s content they cannot see', async () => {
    expect((await check('user:u-bob', '3000', 'user', 'u-bob', 'update')).body.hasPermission).toBe(
      false,
    );
    expect((await check('user:u-bob', '3001', 'user', 'u-bob', 'update')).body.hasPermission).toBe(
      true,
    );
    expect((await check('user:u-bob', '2003', 'user', 'u-bob')).status).toBe(404);
  });

  it('lets a Confluence admin check others, including on content the admin cannot see', async () => {
    expect((await check('user:u-admin', '2003', 'user', 'u-alice')).body.hasPermission).toBe(true);
    const bob = await check('user:u-admin', '2003', 'user', 'u-bob');
    expect(bob.body).toMatchObject({
      hasPermission: false,
      errors: [{ translation: 'User does not have permission to the content' }],
    });
    expect((await check('user:u-admin', '2002', 'group', 'g-eng')).body.hasPermission).toBe(false);
    expect((await check('user:u-admin', '4000', 'group', 'g-hr')).body.hasPermission).toBe(true);
    expect((await check('user:u-admin', '4000', 'user', 'anonymous')).body.hasPermission).toBe(
      false,
    );
  });

  it('rejects a malformed request with 400', async () => {
    const r = await call(sim(), 'user:u-admin', '/wiki/rest/api/content/1000/permission/check', {
      method: 'POST',
      body: { subject: { type: 'robot', identifier: 'x' }, operation: 'read' },
    });
    expect(r.status).toBe(400);
  });
});

describe('users and groups', () => {
  const sim = useSimulator(site(true));

  it('lists application operations: administer only for Confluence admins', async () => {
    const admin = await call(
      sim(),
      'user:u-admin',
      '/wiki/rest/api/user/current?expand=operations',
    );
    expect(admin.body.operations).toEqual([
      { operation: 'administer', targetType: 'application' },
      { operation: 'use', targetType: 'application' },
    ]);
    const bob = await call(sim(), 'user:u-bob', '/wiki/rest/api/user/current?expand=operations');
    expect(bob.body.operations).toEqual([{ operation: 'use', targetType: 'application' }]);
  });

  it('reports anonymous "use" only when the site allows anonymous access', async () => {
    const r = await call(sim(), 'user:u-bob', '/wiki/rest/api/user/anonymous?expand=operations');
    expect(r.body.operations).toEqual([{ operation: 'use', targetType: 'application' }]);
  });

  it('lists a user’s groups', async () => {
    const r = await call(sim(), 'user:u-bob', '/wiki/rest/api/user/memberof?accountId=u-alice');
    expect(ids(r)).toEqual(['g-staff', 'g-eng']);
  });

  it('looks users up in bulk, the app account included', async () => {
    const r = await call(
      sim(),
      'user:u-bob',
      '/wiki/rest/api/user/bulk?accountId=u-alice,app-lens&accountId=u-nobody',
    );
    expect(results(r).map((u) => [u.accountId, u.accountType])).toEqual([
      ['u-alice', 'atlassian'],
      ['app-lens', 'app'],
    ]);
  });
});

describe('site anonymous access off: user/anonymous', () => {
  const sim = useSimulator(site(false));
  it('reports no operations', async () => {
    const r = await call(sim(), 'user:u-bob', '/wiki/rest/api/user/anonymous?expand=operations');
    expect(r.body.operations).toEqual([]);
  });
});

describe('anonymous grants beyond viewing', () => {
  // A space whose only grants are anonymous: view and add pages.
  const fixture = (): SiteFixtureInput => {
    const base = site(false);
    return {
      ...base,
      spaces: [
        ...base.spaces,
        {
          id: '190',
          key: 'OPEN',
          name: 'Open',
          permissions: [
            { principal: { type: 'anonymous' }, operation: READ },
            { principal: { type: 'anonymous' }, operation: CREATE_PAGE },
          ],
        },
      ],
      content: [...base.content, { id: '9000', type: 'page', spaceId: '190', title: 'Wiki' }],
    };
  };
  const model = () => new SiteModel(loadFixture(fixture()));

  it('reach every logged-in user, guests included, not only for viewing', () => {
    const m = model();
    const space = m.fixture.spaces.find((s) => s.id === '190')!;
    for (const accountId of ['u-bob', 'u-guest']) {
      const user = m.fixture.users.find((u) => u.accountId === accountId)!;
      expect(m.spaceOperations({ kind: 'user', user }, space).has('create/page')).toBe(true);
    }
  });
});
