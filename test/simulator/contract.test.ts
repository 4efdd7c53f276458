/**
 * Contract tests: every route the simulator serves, in success and error cases, answers with a
 * body that validates against the official Confluence OpenAPI documents (dev/openapi/). The
 * cases below must cover every entry of the simulator's ROUTES table with at least one 2xx and
 * one 4xx answer, so a new route cannot ship without a contract case.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemoSite, buildDemoSitePremium } from '../../dev/fixtures/build-demo-site';
import { loadFixture } from '../../dev/simulator/fixture';
import { ROUTES, matchRoute } from '../../dev/simulator/router';
import { startSimulator, type RunningSimulator } from '../../dev/simulator/server';
import { validateComponent, validateResponse } from '../support/openapi-validator';

const DEMO_PATH = join(__dirname, '../../dev/fixtures/demo-site.json');
const demoJson: unknown = JSON.parse(readFileSync(DEMO_PATH, 'utf8'));
const PREMIUM_PATH = join(__dirname, '../../dev/fixtures/demo-site-premium.json');
const premiumJson: unknown = JSON.parse(readFileSync(PREMIUM_PATH, 'utf8'));

type As =
  | { header: string }
  | { basic: [email: string, token: string] }
  | { none: true }
  | { rawAuthorization: string };

interface Case {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  as: As;
  body?: unknown;
  status: number;
}

const bob: As = { header: 'user:u-bob' };
const alice: As = { header: 'user:u-alice' };
const carol: As = { header: 'user:u-carol' };
const dan: As = { header: 'user:u-dan' };
const app: As = { header: 'app' };
const anon: As = { header: 'anonymous' };
const bobBasic: As = { basic: ['bob@example.com', 'demo-token-bob'] };
const ravi: As = { header: 'user:u-ravi' };

const get = (name: string, path: string, as: As, status: number): Case => ({
  name,
  method: 'GET',
  path,
  as,
  status,
});
const post = (name: string, path: string, as: As, body: unknown, status: number): Case => ({
  name,
  method: 'POST',
  path,
  as,
  body,
  status,
});
const check = (name: string, id: string, as: As, body: unknown, status: number): Case => ({
  name,
  method: 'POST',
  path: `/wiki/rest/api/content/${id}/permission/check`,
  as,
  body,
  status,
});

const V2 = '/wiki/api/v2';
const V1 = '/wiki/rest/api';

const CASES: Case[] = [
  // v2 pages, blog posts, folders
  get('page', `${V2}/pages/1000`, bob, 200),
  get('pages by id', `${V2}/pages?id=1000,1010,1013&limit=2`, bob, 200),
  get('pages by id, limit 251', `${V2}/pages?id=1000&limit=251`, bob, 400),
  get(
    'page with labels and operations',
    `${V2}/pages/1030?include-labels=true&include-operations=true`,
    bob,
    200,
  ),
  get('page below three restricted layers', `${V2}/pages/1013`, { header: 'user:u-priya' }, 200),
  get('page over basic auth', `${V2}/pages/1021`, bobBasic, 200),
  get('page in anonymous space, anonymous', `${V2}/pages/3001`, anon, 200),
  get('page the app may not read', `${V2}/pages/2010`, app, 404),
  get('page restricted away from the caller', `${V2}/pages/1013`, alice, 404),
  get('page that does not exist', `${V2}/pages/999999`, bob, 404),
  get('blog post id via pages', `${V2}/pages/1050`, bob, 404),
  get('page id not numeric', `${V2}/pages/abc`, bob, 400),
  get('page, bad include flag', `${V2}/pages/1000?include-labels=maybe`, bob, 400),
  get('blog post', `${V2}/blogposts/1050`, bob, 200),
  get('page id via blogposts', `${V2}/blogposts/1000`, bob, 404),
  get('folder', `${V2}/folders/1003`, bob, 200),
  get('restricted folder, member', `${V2}/folders/1011`, { header: 'user:u-ivan' }, 200),
  get('restricted folder, outsider', `${V2}/folders/1011`, carol, 404),
  get('page ancestors', `${V2}/pages/1013/ancestors`, bob, 200),
  get('page ancestors, limit 1', `${V2}/pages/1013/ancestors?limit=1`, bob, 200),
  get('root page ancestors', `${V2}/pages/1000/ancestors`, bob, 200),
  get('page ancestors, limit 0', `${V2}/pages/1013/ancestors?limit=0`, bob, 400),
  get('page ancestors, limit 251', `${V2}/pages/1013/ancestors?limit=251`, bob, 400),
  get('page ancestors, not visible', `${V2}/pages/2010/ancestors`, bob, 404),
  get('folder ancestors', `${V2}/folders/1003/ancestors`, bob, 200),
  get('folder ancestors, not visible', `${V2}/folders/1011/ancestors`, carol, 404),
  // whiteboards, databases and Smart Links: ancestors of pages, with restrictions of their own
  get('whiteboard', `${V2}/whiteboards/1060?include-operations=true`, bob, 200),
  get('whiteboard, restricted away', `${V2}/whiteboards/1060`, carol, 404),
  get('page id via whiteboards', `${V2}/whiteboards/1000`, bob, 404),
  get('whiteboard ancestors (root)', `${V2}/whiteboards/1060/ancestors`, bob, 200),
  get('whiteboard ancestors, restricted away', `${V2}/whiteboards/1060/ancestors`, carol, 404),
  get('database', `${V2}/databases/1062`, { header: 'user:u-ivan' }, 200),
  get('database, id not numeric', `${V2}/databases/db`, bob, 400),
  get('database ancestors', `${V2}/databases/1062/ancestors`, bob, 200),
  get('database ancestors, restricted away', `${V2}/databases/1062/ancestors`, carol, 404),
  get('Smart Link', `${V2}/embeds/1064`, bob, 200),
  get('Smart Link, unknown', `${V2}/embeds/999999`, bob, 404),
  get('Smart Link ancestors', `${V2}/embeds/1064/ancestors`, bob, 200),
  get('Smart Link ancestors, limit 0', `${V2}/embeds/1064/ancestors?limit=0`, bob, 400),
  get('page below a database below a whiteboard', `${V2}/pages/1063/ancestors`, bob, 200),
  get('archived page', `${V2}/pages/2013?include-operations=true`, carol, 200),
  get('blog post with operations', `${V2}/blogposts/1050?include-operations=true`, bob, 200),
  // v2 spaces
  get('spaces', `${V2}/spaces`, bob, 200),
  get('spaces, paged', `${V2}/spaces?limit=2`, bob, 200),
  get('spaces, by keys', `${V2}/spaces?keys=ENG,HR&description-format=plain`, alice, 200),
  get('spaces, by ids', `${V2}/spaces?ids=101&ids=103`, bob, 200),
  get('spaces, personal', `${V2}/spaces?type=personal`, alice, 200),
  get('spaces, archived', `${V2}/spaces?status=archived&sort=-name`, alice, 200),
  get('spaces, anonymous', `${V2}/spaces`, anon, 200),
  get('spaces, guest', `${V2}/spaces`, dan, 200),
  get('spaces, app', `${V2}/spaces?limit=250`, app, 200),
  get('spaces, limit 251', `${V2}/spaces?limit=251`, bob, 400),
  get('spaces, bad type', `${V2}/spaces?type=bogus`, bob, 400),
  get('spaces, bad cursor', `${V2}/spaces?cursor=nonsense`, bob, 400),
  get('space', `${V2}/spaces/101`, bob, 200),
  get('space with operations', `${V2}/spaces/101?include-operations=true`, bob, 200),
  get('space, description view', `${V2}/spaces/103?description-format=view`, anon, 200),
  get('space, guest outside assignment', `${V2}/spaces/102`, dan, 404),
  get('space, unknown', `${V2}/spaces/999`, bob, 404),
  get('space, id not numeric', `${V2}/spaces/ENG`, bob, 400),
  get('space permissions', `${V2}/spaces/101/permissions`, bob, 200),
  get('space permissions, paged', `${V2}/spaces/101/permissions?limit=3`, bob, 200),
  get('space permissions, anonymous grant', `${V2}/spaces/103/permissions`, app, 200),
  get('space permissions, a team grant', `${V2}/spaces/103/permissions?limit=250`, app, 200),
  get('space permissions, not visible', `${V2}/spaces/102/permissions`, dan, 404),
  get('space permissions, limit 251', `${V2}/spaces/101/permissions?limit=251`, bob, 400),
  // v2 space roles (a PRE_ROLES site: role bodies are checked on a roles site in roles*.test.ts)
  get('space role mode', `${V2}/space-role-mode`, bob, 200),
  get('space role mode, anonymous', `${V2}/space-role-mode`, anon, 200),
  get(
    'space role mode, bad token',
    `${V2}/space-role-mode`,
    { basic: ['bob@example.com', 'wrong'] },
    401,
  ),
  get('space roles', `${V2}/space-roles?limit=250`, bob, 200),
  get('space roles, limit 0', `${V2}/space-roles?limit=0`, bob, 400),
  get('space roles, space not visible', `${V2}/space-roles?space-id=102`, dan, 404),
  get('space permission catalogue', `${V2}/space-permissions`, bob, 200),
  get('space permission catalogue, limit 251', `${V2}/space-permissions?limit=251`, bob, 400),
  get('role assignments', `${V2}/spaces/101/role-assignments`, bob, 200),
  get('role assignments, not visible', `${V2}/spaces/102/role-assignments`, dan, 404),
  get(
    'role assignments, principal id without type',
    `${V2}/spaces/101/role-assignments?principal-id=u-bob`,
    bob,
    400,
  ),
  // v1 search
  get('search by type', `${V1}/content/search?cql=type%3Dpage`, bob, 200),
  get('search by label', `${V1}/content/search?cql=label%3Dconfidential&limit=2`, alice, 200),
  get(
    'search with expansions',
    `${V1}/content/search?cql=${encodeURIComponent('space = ENG AND type IN (page, folder)')}&expand=space,metadata.labels,ancestors,restrictions.read.restrictions.user,restrictions.read.restrictions.group,restrictions.update.restrictions.user`,
    bob,
    200,
  ),
  get('search by ancestor', `${V1}/content/search?cql=ancestor%3D1000`, app, 200),
  get(
    'search by ids',
    `${V1}/content/search?cql=${encodeURIComponent('id in (1000,1001,2010)')}`,
    bob,
    200,
  ),
  get('search, anonymous', `${V1}/content/search?cql=type%3Dpage`, anon, 200),
  get(
    'search, unsupported CQL',
    `${V1}/content/search?cql=${encodeURIComponent('title ~ "x"')}`,
    bob,
    400,
  ),
  get(
    'search, CQL syntax error',
    `${V1}/content/search?cql=${encodeURIComponent('type = (')}`,
    bob,
    400,
  ),
  get('search, no CQL', `${V1}/content/search`, bob, 400),
  get('search, bad limit', `${V1}/content/search?cql=type%3Dpage&limit=x`, bob, 400),
  // v1 restrictions
  get('restrictions', `${V1}/content/1010/restriction`, { header: 'user:u-priya' }, 200),
  get('restrictions, paged', `${V1}/content/1010/restriction?start=0&limit=1`, app, 200),
  get(
    'restrictions, open page',
    `${V1}/content/1000/restriction?expand=restrictions.user`,
    bob,
    200,
  ),
  get('restrictions, not visible', `${V1}/content/2010/restriction`, app, 404),
  get('restrictions, bad start', `${V1}/content/1000/restriction?start=-1`, bob, 400),
  get('restrictions by operation', `${V1}/content/1010/restriction/byOperation`, app, 200),
  get('restrictions by operation, open', `${V1}/content/1021/restriction/byOperation`, bob, 200),
  get(
    'restrictions by operation, not visible',
    `${V1}/content/2010/restriction/byOperation`,
    bob,
    404,
  ),
  get('read restrictions', `${V1}/content/1011/restriction/byOperation/read`, app, 200),
  get('restrictions with a team', `${V1}/content/1070/restriction/byOperation`, app, 200),
  get('restrictions of a whiteboard', `${V1}/content/1060/restriction/byOperation`, app, 200),
  get(
    'search with team restrictions',
    `${V1}/content/search?cql=id%3D1070&expand=restrictions.read.restrictions.user,restrictions.update.restrictions.group`,
    app,
    200,
  ),
  get('update restrictions', `${V1}/content/1020/restriction/byOperation/update?limit=1`, bob, 200),
  get('restrictions, bad operation', `${V1}/content/1020/restriction/byOperation/delete`, bob, 400),
  get(
    'read restrictions, not visible',
    `${V1}/content/2010/restriction/byOperation/read`,
    app,
    404,
  ),
  // v1 permission check
  check(
    'check self',
    '1013',
    { header: 'user:u-priya' },
    { subject: { type: 'user', identifier: 'u-priya' }, operation: 'read' },
    200,
  ),
  check(
    'admin checks another user (denied)',
    '1013',
    alice,
    { subject: { type: 'user', identifier: 'u-ivan' }, operation: 'read' },
    200,
  ),
  check(
    'admin checks a group',
    '1000',
    alice,
    { subject: { type: 'group', identifier: 'g-all-staff' }, operation: 'update' },
    200,
  ),
  check(
    'app checks a user',
    '1021',
    app,
    { subject: { type: 'user', identifier: 'u-dan' }, operation: 'update' },
    403,
  ),
  check(
    'app checks itself',
    '1010',
    app,
    { subject: { type: 'user', identifier: 'app-access-lens' }, operation: 'read' },
    200,
  ),
  check(
    'admin checks an archived page',
    '2013',
    alice,
    { subject: { type: 'user', identifier: 'u-carol' }, operation: 'update' },
    200,
  ),
  check(
    'non-admin checks another user',
    '1000',
    bob,
    { subject: { type: 'user', identifier: 'u-carol' }, operation: 'read' },
    403,
  ),
  check(
    'check self, not visible',
    '2010',
    bob,
    { subject: { type: 'user', identifier: 'u-bob' }, operation: 'read' },
    404,
  ),
  check('check, malformed body', '1000', alice, { subject: 'u-bob' }, 400),
  check(
    'check, unknown subject',
    '1000',
    alice,
    { subject: { type: 'user', identifier: 'u-nobody' }, operation: 'read' },
    400,
  ),
  // v1 users and groups
  get('current user', `${V1}/user/current`, bob, 200),
  get('current user with operations', `${V1}/user/current?expand=operations`, alice, 200),
  get('current user, guest', `${V1}/user/current?expand=operations`, dan, 200),
  get('current user, app', `${V1}/user/current?expand=operations`, app, 200),
  get('current user, anonymous', `${V1}/user/current`, anon, 200),
  get('anonymous user', `${V1}/user/anonymous?expand=operations`, bob, 200),
  get(
    'anonymous user, bad credentials',
    `${V1}/user/anonymous`,
    { basic: ['x@example.com', 'y'] },
    401,
  ),
  get('user', `${V1}/user?accountId=u-carol`, bob, 200),
  get('user, deactivated', `${V1}/user?accountId=u-erin&expand=operations`, alice, 200),
  get('user, app account', `${V1}/user?accountId=app-access-lens`, alice, 200),
  get('user, unknown', `${V1}/user?accountId=u-nobody`, bob, 404),
  get('user, no accountId', `${V1}/user`, bob, 400),
  get('user, anonymous caller', `${V1}/user?accountId=u-bob`, anon, 403),
  get('users in bulk', `${V1}/user/bulk?accountId=u-bob&accountId=u-carol,u-erin`, app, 200),
  get('users in bulk, none', `${V1}/user/bulk`, app, 400),
  get('users in bulk, anonymous caller', `${V1}/user/bulk?accountId=u-bob`, anon, 403),
  get('member of', `${V1}/user/memberof?accountId=u-bob`, bob, 200),
  get('member of, paged', `${V1}/user/memberof?accountId=u-priya&limit=1&start=1`, app, 200),
  get('member of, unknown user', `${V1}/user/memberof?accountId=u-nobody`, bob, 404),
  get('member of, no accountId', `${V1}/user/memberof`, bob, 400),
  get('groups', `${V1}/group`, bob, 200),
  get('groups, paged', `${V1}/group?start=2&limit=3`, app, 200),
  get('groups, bad limit', `${V1}/group?limit=x`, bob, 400),
  get('group members', `${V1}/group/g-all-staff/membersByGroupId?limit=200`, app, 200),
  get(
    'group members, last page',
    `${V1}/group/g-all-staff/membersByGroupId?start=1400&limit=200&shouldReturnTotalSize=true`,
    app,
    200,
  ),
  get(
    'group members with operations',
    `${V1}/group/g-hr/membersByGroupId?expand=operations`,
    alice,
    200,
  ),
  get('group members, limit 201', `${V1}/group/g-all-staff/membersByGroupId?limit=201`, app, 400),
  get('group members, unknown group', `${V1}/group/g-nope/membersByGroupId`, app, 404),
  get(
    'user search by name, guests included',
    `${V1}/search/user?cql=${encodeURIComponent('user.fullname~"Staff Member 1200"')}&sitePermissionTypeFilter=all&expand=operations`,
    bob,
    200,
  ),
  get(
    'user search, everyone, paged',
    `${V1}/search/user?cql=type%3Duser&start=3&limit=2`,
    bob,
    200,
  ),
  get('user search, unparsable cql', `${V1}/search/user?cql=space%3DENG`, bob, 400),
  get('user search, anonymous caller', `${V1}/search/user?cql=type%3Duser`, anon, 403),
  get('group picker', `${V1}/group/picker?query=staff&limit=2`, bob, 200),
  get('group picker, no term', `${V1}/group/picker`, bob, 400),
  get('group by id', `${V1}/group/by-id?id=g-hr`, app, 200),
  get('group by id, unknown group', `${V1}/group/by-id?id=g-nope`, app, 404),
  get('user, service-desk customer', `${V1}/user?accountId=u-cora&expand=operations`, bob, 200),
  get('current user, no product access', `${V1}/user/current?expand=operations`, ravi, 200),
  get('groups, caller without product access', `${V1}/group`, ravi, 403),
  // v2 users: accountStatus and accountType
  post(
    'users in bulk (v2)',
    `${V2}/users-bulk`,
    app,
    { accountIds: ['u-bob', 'u-erin', 'u-ravi', 'u-cora', 'app-access-lens', 'u-nobody'] },
    200,
  ),
  post('users in bulk (v2), no ids', `${V2}/users-bulk`, app, { accountIds: [] }, 400),
  post('users in bulk (v2), anonymous', `${V2}/users-bulk`, anon, { accountIds: ['u-bob'] }, 403),
  // the admin key: Premium and Enterprise only (PREMIUM_CASES has the 200)
  get('admin key on a Standard site', `${V2}/admin-key`, alice, 404),
  get('admin key, anonymous', `${V2}/admin-key`, anon, 401),
  // identity and site access, on one route of each API
  get('v2, bad credentials', `${V2}/pages/1000`, { basic: ['bob@example.com', 'wrong'] }, 401),
  get('v1, bad credentials', `${V1}/user/current`, { basic: ['bob@example.com', 'wrong'] }, 401),
  get('v2, unknown header account', `${V2}/spaces`, { header: 'user:u-nobody' }, 401),
  get('v1, malformed authorization', `${V1}/group`, { rawAuthorization: 'Bearer abc' }, 401),
  get(
    'v2, deactivated user',
    `${V2}/spaces`,
    { basic: ['erin@example.com', 'demo-token-erin'] },
    403,
  ),
  get('v1, deactivated user', `${V1}/user/current`, { header: 'user:u-erin' }, 403),
  get('v2, no such route', `${V2}/custom-content/1`, bob, 404),
  get(
    'v1, route the simulator does not serve',
    `${V1}/content/1000/restriction/byOperation/read/user?accountId=u-bob`,
    bob,
    404,
  ),
];

/** Cases on the Premium twin, where Alice is an org admin. */
const PREMIUM_CASES: Case[] = [
  get('admin key of an org admin', `${V2}/admin-key`, alice, 200),
  get('admin key of someone else', `${V2}/admin-key`, bob, 404),
];

function headersFor(as: As): Record<string, string> {
  if ('header' in as) return { 'X-Sim-Identity': as.header };
  if ('basic' in as) {
    return {
      Authorization: `Basic ${Buffer.from(`${as.basic[0]}:${as.basic[1]}`).toString('base64')}`,
    };
  }
  if ('rawAuthorization' in as) return { Authorization: as.rawAuthorization };
  return {};
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(
  sim: RunningSimulator,
  c: Pick<Case, 'method' | 'path' | 'as' | 'body'>,
): Promise<Answer> {
  const headers = headersFor(c.as);
  const init: RequestInit = { method: c.method, headers };
  if (c.body !== undefined) {
    init.body = JSON.stringify(c.body);
    init.headers = { ...headers, 'Content-Type': 'application/json' };
  }
  const res = await fetch(`${sim.baseUrl}${c.path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
    headers: res.headers,
  };
}

function expectValid(c: Pick<Case, 'method' | 'path'>, answer: Answer): void {
  const result = validateResponse({
    method: c.method,
    path: c.path,
    status: answer.status,
    body: answer.body,
  });
  if (!result.ok) {
    throw new Error(
      `${c.method} ${c.path} → ${String(answer.status)} does not match ${result.operation ?? '(no operation)'}:\n  ${result.errors.join('\n  ')}\nbody: ${JSON.stringify(answer.body).slice(0, 800)}`,
    );
  }
}

describe('demo site fixture', () => {
  it('is what build-demo-site.ts writes, and loads', () => {
    expect(demoJson).toEqual(JSON.parse(JSON.stringify(buildDemoSite())));
    const site = loadFixture(demoJson);
    expect(site.groups.find((g) => g.name === 'all-staff')?.members).toHaveLength(1500);
  });

  it('has a Premium twin: the same site, with the plan and one org admin', () => {
    expect(premiumJson).toEqual(JSON.parse(JSON.stringify(buildDemoSitePremium())));
    const premium = loadFixture(premiumJson);
    const legacy = loadFixture(demoJson);
    expect(premium.site.plan).toBe('premium');
    expect(premium.users.filter((u) => u.orgAdmin).map((u) => u.accountId)).toEqual(['u-alice']);
    expect({ ...premium, site: legacy.site, users: legacy.users }).toEqual(legacy);
  });
});

describe('simulator contract (demo site)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: loadFixture(demoJson), burstPerSecond: 100_000 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('has a success and an error case for every simulator route', () => {
    const seen = new Map<string, Set<'ok' | 'error'>>();
    for (const c of [...CASES, ...PREMIUM_CASES]) {
      const m = matchRoute(c.method, c.path.split('?')[0]!);
      if (typeof m !== 'object') continue;
      const key = `${m.route.method} ${m.route.template}`;
      const kinds = seen.get(key) ?? new Set();
      kinds.add(c.status < 400 ? 'ok' : 'error');
      seen.set(key, kinds);
    }
    const missing = ROUTES.map((r) => `${r.method} ${r.template}`).filter(
      (key) => seen.get(key)?.size !== 2,
    );
    expect(missing).toEqual([]);
  });

  it.each(CASES)('$name: $method $path → $status', async (c) => {
    const answer = await call(sim, c);
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: c.status });
    expectValid(c, answer);
  });

  it('follows v2 and v1 next links to pages that validate too', async () => {
    const first = await call(sim, { method: 'GET', path: `${V2}/spaces?limit=2`, as: bob });
    const next = (first.body as { _links: { next?: string } })._links.next;
    expect(next).toMatch(/^\/wiki\/api\/v2\/spaces\?/);
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await call(sim, { method: 'GET', path: next!, as: bob });
    expect(second.status).toBe(200);
    expectValid({ method: 'GET', path: next! }, second);

    const members = await call(sim, {
      method: 'GET',
      path: `${V1}/group/g-all-staff/membersByGroupId?limit=200`,
      as: app,
    });
    const v1Next = (members.body as { _links: { next?: string } })._links.next;
    expect(v1Next).toMatch(/^\/rest\/api\/group\/g-all-staff\/membersByGroupId\?/);
    const path = `/wiki${v1Next!}`;
    const page2 = await call(sim, { method: 'GET', path, as: app });
    expect(page2.status).toBe(200);
    expectValid({ method: 'GET', path }, page2);

    const search = await call(sim, {
      method: 'GET',
      path: `${V1}/content/search?cql=type%3Dpage&limit=2`,
      as: bob,
    });
    const searchNext = (search.body as { _links: { next?: string } })._links.next;
    expect(searchNext).toBeDefined();
    const searchPath = `/wiki${searchNext!}`;
    const searchPage2 = await call(sim, { method: 'GET', path: searchPath, as: bob });
    expect(searchPage2.status).toBe(200);
    expectValid({ method: 'GET', path: searchPath }, searchPage2);
  });

  // The v1 document declares byOperation as a map of anything; check each entry as the
  // ContentRestriction it is, as returned by /restriction and /byOperation/{op}.
  it.each([
    ['1010', app],
    ['1021', bob],
    ['1060', app],
    ['1070', app],
  ] as const)('byOperation entries of %s are ContentRestrictions', async (id, as) => {
    const path = `${V1}/content/${id}/restriction/byOperation`;
    const answer = await call(sim, { method: 'GET', path, as });
    expect(answer.status).toBe(200);
    const body = answer.body as Record<string, unknown>;
    for (const op of ['read', 'update']) {
      expect(
        validateComponent({ api: 'v1', schema: 'ContentRestriction', body: body[op] }),
      ).toEqual({
        ok: true,
        errors: [],
      });
    }
  });

  it('answers injected 500 and 503 faults with valid error bodies', async () => {
    sim.setFaults({
      rules: [
        { path: '^/wiki/api/v2/pages/1000', action: 500, times: 1 },
        { path: '^/wiki/rest/api/group', action: 503, times: 1 },
      ],
    });
    try {
      const v2 = await call(sim, { method: 'GET', path: `${V2}/pages/1000`, as: bob });
      expect(v2.status).toBe(500);
      expectValid({ method: 'GET', path: `${V2}/pages/1000` }, v2);
      const v1 = await call(sim, { method: 'GET', path: `${V1}/group`, as: bob });
      expect(v1.status).toBe(503);
      expectValid({ method: 'GET', path: `${V1}/group` }, v1);
    } finally {
      sim.setFaults({});
    }
  });
});

describe('simulator contract (Premium twin)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: loadFixture(premiumJson) });
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each(PREMIUM_CASES)('$name: $method $path → $status', async (c) => {
    const answer = await call(sim, c);
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: c.status });
    expectValid(c, answer);
  });
});

describe('simulator contract: 429 when the points budget is spent', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: loadFixture(demoJson), pointsPerHour: 1, now: () => 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  // One successful call per route spends the 1-point budget; the next call must be a 429.
  const firstPerRoute = ROUTES.flatMap((r) =>
    CASES.filter((x) => {
      const m = matchRoute(x.method, x.path.split('?')[0]!);
      return typeof m === 'object' && m.route === r && x.status < 400;
    }).slice(0, 1),
  );

  it.each(firstPerRoute)('$method $path → 429 after the budget is spent', async (c) => {
    sim.resetStats();
    const spend = await call(sim, { ...c, as: app });
    expect(spend.status).toBeLessThan(500);
    const limited = await call(sim, { ...c, as: app });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('1');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).not.toBeNull();
    expectValid(c, limited);
  });
});
