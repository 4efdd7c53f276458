/**
 * Space roles in the client and in `loadSpaceGrants`, against a programmable fake
 * Confluence: the response shapes we accept, points, and which source decides in each mode.
 */
import { ConfluenceClient } from '../../src/confluence/client';
import { ConfluenceError } from '../../src/confluence/errors';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import { collectAll } from '../../src/confluence/pagination';
import { loadSpaceGrants, readRoleMode } from '../../src/access/space-grants';
import { byPath, fakeClock, grant, startFakeConfluence } from './fake-confluence';
import type { FakeConfluence, FakeHandler, FakeReply } from './fake-confluence';

const V2 = '/wiki/api/v2';

const ok = (body: unknown): FakeReply => ({ status: 200, body });
const list = (results: unknown[], next?: string): FakeReply =>
  ok({ results, _links: next === undefined ? {} : { next } });
const v2Error = (status: number): FakeReply => ({
  status,
  body: { errors: [{ status, code: 'ERR', title: 'Error', detail: 'no' }] },
});

const ROLES = [
  { id: '1', type: 'SYSTEM', name: 'Viewer', spacePermissions: ['read/space'] },
  // Some captures name it `displayName`.
  {
    id: '2',
    type: 'SYSTEM',
    displayName: 'Collaborator',
    description: null,
    spacePermissions: ['read/space', 'create/page'],
  },
];
const ASSIGNMENTS = [
  { principal: { principalType: 'USER', principalId: 'u-1' }, roleId: '2' },
  { principal: { principalType: 'GROUP', principalId: 'g-1' }, roleId: '1' },
  { principal: { principalType: 'ACCESS_CLASS', principalId: 'anonymous-users' }, roleId: '1' },
  { principal: { principalType: 'TEAM', principalId: 't-1' }, roleId: '1' },
];
const LEGACY = [grant('9001', { type: 'user', id: 'u-legacy' })];

/** A site in `mode`, with its legacy list and role data; any route can be overridden. */
function site(mode: string, overrides: Record<string, FakeHandler> = {}): FakeHandler {
  return byPath({
    [`${V2}/space-role-mode`]: () => ok({ mode }),
    [`${V2}/space-roles`]: () => list(ROLES),
    [`${V2}/spaces/100/role-assignments`]: () => list(ASSIGNMENTS),
    [`${V2}/spaces/100/permissions`]: () => list(LEGACY),
    [`${V2}/spaces/200/role-assignments`]: () => list([]),
    [`${V2}/spaces/200/permissions`]: () => list([]),
    ...overrides,
  });
}

const ROLE_GRANTS = [
  {
    principal: { kind: 'user', accountId: 'u-1' },
    operation: { key: 'read', targetType: 'space' },
    via: { role: 'Collaborator', roleId: '2' },
  },
  {
    principal: { kind: 'user', accountId: 'u-1' },
    operation: { key: 'create', targetType: 'page' },
    via: { role: 'Collaborator', roleId: '2' },
  },
  {
    principal: { kind: 'group', groupId: 'g-1' },
    operation: { key: 'read', targetType: 'space' },
    via: { role: 'Viewer', roleId: '1' },
  },
  {
    principal: { kind: 'access-class', accessClass: 'anonymous-users' },
    operation: { key: 'read', targetType: 'space' },
    via: { role: 'Viewer', roleId: '1' },
  },
  {
    principal: { kind: 'team', teamId: 't-1' },
    operation: { key: 'read', targetType: 'space' },
    via: { role: 'Viewer', roleId: '1' },
  },
];
const LEGACY_GRANTS = [
  {
    principal: { kind: 'user', accountId: 'u-legacy' },
    operation: { key: 'read', targetType: 'space' },
  },
];

describe('space roles', () => {
  let server: FakeConfluence;
  let clock: ReturnType<typeof fakeClock>;

  beforeAll(async () => {
    server = await startFakeConfluence();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    clock = fakeClock();
  });

  const client = () =>
    new ConfluenceClient(fetchTransport({ baseUrl: server.baseUrl }), {
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
    });
  const paths = () => server.requests.map((r) => r.pathname).sort();

  describe('the client', () => {
    it('reads the mode for 1 point', async () => {
      server.handle(site('ROLES_TRANSITION'));
      const c = client();
      expect(await c.getSpaceRoleMode()).toEqual({ mode: 'ROLES_TRANSITION' });
      expect(c.usage().points).toBe(1);
    });

    it('accepts `name` or `displayName` for a role, and pages with the cursor', async () => {
      server.handle(
        byPath({
          [`${V2}/space-roles`]: (r) =>
            r.query.get('cursor') === 'c2'
              ? list([ROLES[1]])
              : list([ROLES[0]], `${V2}/space-roles?cursor=c2&limit=1`),
        }),
      );
      const c = client();
      const all = await collectAll(c.listSpaceRoles({}, { limit: 1 }));
      expect(all.items.map((r) => [r.id, r.name])).toEqual([
        ['1', 'Viewer'],
        ['2', 'Collaborator'],
      ]);
      expect(server.requests.map((r) => r.url)).toEqual([
        `${V2}/space-roles?limit=1`,
        `${V2}/space-roles?cursor=c2&limit=1`,
      ]);
      // 1 + 2 per role on each page.
      expect(c.usage().points).toBe(3 + 3);
    });

    it('keeps role assignments of unknown principal types, and sends the filters', async () => {
      server.handle(site('ROLES'));
      const c = client();
      const page = await c.listSpaceRoleAssignments('100', {
        roleType: 'SYSTEM',
        principal: { type: 'ACCESS_CLASS', id: 'all-licensed-users' },
      });
      expect(page.results.map((a) => a.principal.principalType)).toEqual([
        'USER',
        'GROUP',
        'ACCESS_CLASS',
        'TEAM',
      ]);
      expect(server.requests[0]?.url).toBe(
        `${V2}/spaces/100/role-assignments?role-type=SYSTEM&principal-type=ACCESS_CLASS&principal-id=all-licensed-users&limit=250`,
      );
      expect(c.usage().points).toBe(1 + 2 * ASSIGNMENTS.length);
    });

    it('reads the permission catalogue', async () => {
      server.handle(
        byPath({
          [`${V2}/space-permissions`]: () =>
            list([
              { id: 'read/space', displayName: 'View', requiredPermissionIds: [] },
              {
                id: 'create/page',
                displayName: 'Add pages',
                requiredPermissionIds: ['read/space'],
              },
            ]),
        }),
      );
      const c = client();
      const page = await c.listSpacePermissionCatalogue();
      expect(page.results.map((p) => p.id)).toEqual(['read/space', 'create/page']);
      expect(c.usage().points).toBe(5);
    });

    it('refuses a role without its permissions rather than guess it grants nothing', async () => {
      server.handle(byPath({ [`${V2}/space-roles`]: () => list([{ id: '1', name: 'Viewer' }]) }));
      await expect(client().listSpaceRoles()).rejects.toMatchObject({ kind: 'malformed-response' });
    });
  });

  describe('loadSpaceGrants', () => {
    it('ROLES: the role assignments, expanded per permission, naming the role', async () => {
      server.handle(site('ROLES'));
      expect(await loadSpaceGrants(client(), '100')).toEqual(ROLE_GRANTS);
    });

    it('ROLES: the legacy list is ignored whatever it holds (derived rows, stale rows, none)', async () => {
      const derived = [
        grant('1', { type: 'user', id: 'u-1' }),
        grant('2', { type: 'user', id: 'u-1' }, 'create', 'page'),
        grant('3', { type: 'group', id: 'g-1' }),
        grant('4', { type: 'role', id: 'ANONYMOUS' }),
      ];
      const answers = [];
      for (const legacy of [derived, LEGACY, []]) {
        server.handle(site('ROLES', { [`${V2}/spaces/100/permissions`]: () => list(legacy) }));
        answers.push(await loadSpaceGrants(client(), '100'));
      }
      expect(answers).toEqual([ROLE_GRANTS, ROLE_GRANTS, ROLE_GRANTS]);
    });

    it('ROLES_TRANSITION: both sources count', async () => {
      server.handle(site('ROLES_TRANSITION'));
      expect(await loadSpaceGrants(client(), '100')).toEqual([...LEGACY_GRANTS, ...ROLE_GRANTS]);
    });

    it('PRE_ROLES: the legacy list only, even if the role endpoints fail', async () => {
      server.handle(
        site('PRE_ROLES', {
          [`${V2}/space-roles`]: () => v2Error(503),
          [`${V2}/spaces/100/role-assignments`]: () => v2Error(404),
        }),
      );
      expect(await loadSpaceGrants(client(), '100')).toEqual(LEGACY_GRANTS);
    });

    it('reads the mode and every source in one round', async () => {
      server.handle(site('ROLES'));
      const c = client();
      await loadSpaceGrants(c, '100');
      expect(c.usage().rounds).toBe(1);
      expect(paths()).toEqual([
        `${V2}/space-role-mode`,
        `${V2}/space-roles`,
        `${V2}/spaces/100/permissions`,
        `${V2}/spaces/100/role-assignments`,
      ]);
    });

    it('with the mode known, reads only the sources it needs', async () => {
      server.handle(site('ROLES'));
      await loadSpaceGrants(client(), '100', { roleMode: 'ROLES' });
      expect(paths()).toEqual([`${V2}/space-roles`, `${V2}/spaces/100/role-assignments`]);
      server.requests.length = 0;
      await loadSpaceGrants(client(), '100', { roleMode: 'PRE_ROLES' });
      expect(paths()).toEqual([`${V2}/spaces/100/permissions`]);
    });

    it('reads the mode and the role catalogue once per client, however many spaces', async () => {
      server.handle(site('ROLES'));
      const c = client();
      await Promise.all([loadSpaceGrants(c, '100'), loadSpaceGrants(c, '200')]);
      await loadSpaceGrants(c, '200');
      expect(await readRoleMode(c)).toBe('ROLES');
      expect(c.usage().byEndpoint.getSpaceRoleMode?.requests).toBe(1);
      expect(c.usage().byEndpoint.getSpaceRoles?.requests).toBe(1);
      // A new client (a new request) reads again.
      await readRoleMode(client());
      expect(server.requests.filter((r) => r.pathname.endsWith('space-role-mode'))).toHaveLength(2);
    });

    it('an unreadable or unknown mode unites both sources', async () => {
      for (const mode of [() => v2Error(404), () => ok({ mode: 'ROLES_V2' })]) {
        server.handle(site('ROLES', { [`${V2}/space-role-mode`]: mode }));
        expect(await loadSpaceGrants(client(), '100')).toEqual([...LEGACY_GRANTS, ...ROLE_GRANTS]);
      }
    });

    it('a role missing from the catalogue makes the grants unknown, not shorter', async () => {
      server.handle(site('ROLES', { [`${V2}/space-roles`]: () => list([ROLES[1]]) }));
      expect(await loadSpaceGrants(client(), '100')).toEqual({ unknown: 'read-failed' });
    });

    it('assignments the viewer may not read: hidden from the viewer', async () => {
      server.handle(site('ROLES', { [`${V2}/spaces/100/role-assignments`]: () => v2Error(404) }));
      expect(await loadSpaceGrants(client(), '100')).toEqual({ unknown: 'hidden-from-viewer' });
    });

    it('a source the mode needs that fails otherwise fails the read', async () => {
      server.handle(site('ROLES', { [`${V2}/spaces/100/role-assignments`]: () => v2Error(503) }));
      const failure = await loadSpaceGrants(client(), '100').catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ConfluenceError);
      expect(failure).toMatchObject({ kind: 'upstream' });
    });

    it('more assignments than it will read: unknown', async () => {
      const many = Array.from({ length: 250 }, (_, i) => ({
        principal: { principalType: 'USER', principalId: `u-${String(i)}` },
        roleId: '1',
      }));
      let served = 0;
      server.handle(
        site('ROLES', {
          [`${V2}/spaces/100/role-assignments`]: () => {
            served += 1;
            return list(many, `${V2}/spaces/100/role-assignments?cursor=${String(served)}`);
          },
        }),
      );
      expect(await loadSpaceGrants(client(), '100')).toEqual({ unknown: 'read-failed' });
      expect(served).toBe(20);
    });
  });
});
