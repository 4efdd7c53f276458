// A small site for the rules of today's Confluence (dev/simulator/README.md): edit on role-based
// sites, accounts without product access, teams, archived content, whiteboard / database /
// Smart Link ancestors and the admin key. Shared by today*.test.ts.
import type { Plan, RoleMode, SiteFixtureInput } from '../../dev/simulator/fixture';
import { READ } from './helpers';

type Space = SiteFixtureInput['spaces'][number];
type Assignment = NonNullable<Space['roleAssignments']>[number];

const CREATE_PAGE = { key: 'create', targetType: 'page' } as const;
const UPDATE_PAGE = { key: 'update', targetType: 'page' } as const;

const role = (principal: Assignment['principal'], roleId: string): Assignment => ({
  principal,
  roleId,
});

export const PEOPLE = {
  admin: 'u-admin',
  /** Legacy "Add page" only; a Viewer in the roles. */
  ann: 'u-ann',
  /** Role Editor (edit, not create) only. */
  ed: 'u-ed',
  /** Role Author (create, not edit) only. */
  au: 'u-au',
  /** Reaches ENG only through team t-a. */
  tess: 'u-tess',
  /** No Confluence product access (Jira only); in g-staff and in team t-a all the same. */
  jira: 'u-jira',
  /** A service-desk customer. */
  cust: 'u-cust',
  /** A guest in team t-a. */
  guest: 'u-guest',
  /** Deactivated. */
  gone: 'u-gone',
  /** An org admin (not a Confluence admin). */
  org: 'u-org',
} as const;

export function todaySite(roleMode: RoleMode, plan: Plan = 'standard'): SiteFixtureInput {
  const u = (accountId: string, extra: Record<string, unknown> = {}) => ({
    accountId,
    displayName: accountId.slice(2),
    email: `${accountId.slice(2)}@x.test`,
    ...extra,
  });
  return {
    site: { anonymousAccess: false, roleMode, plan },
    app: { accountId: 'app-lens', displayName: 'Access Lens' },
    users: [
      u(PEOPLE.admin, { confluenceAdmin: true }),
      u(PEOPLE.ann),
      u(PEOPLE.ed),
      u(PEOPLE.au),
      u(PEOPLE.tess),
      u(PEOPLE.jira, { productAccess: false }),
      u(PEOPLE.cust, { accountType: 'customer' }),
      u(PEOPLE.guest, { isGuest: true }),
      u(PEOPLE.gone, { active: false }),
      u(PEOPLE.org, { orgAdmin: true }),
    ],
    groups: [
      {
        id: 'g-staff',
        name: 'staff',
        members: [PEOPLE.admin, PEOPLE.ann, PEOPLE.ed, PEOPLE.au, PEOPLE.jira, PEOPLE.org],
      },
    ],
    teams: [
      {
        id: 't-a',
        name: 'Team A',
        members: [PEOPLE.tess, PEOPLE.jira, PEOPLE.guest],
        verified: true,
      },
      { id: 't-b', name: 'Team B', members: [PEOPLE.ed] },
    ],
    roles: [
      { id: 'r-view', name: 'Viewer', spacePermissions: ['read/space'] },
      {
        id: 'r-editor',
        name: 'Editor',
        spacePermissions: ['read/space', 'update/page', 'update/blogpost'],
      },
      {
        id: 'r-author',
        name: 'Author',
        spacePermissions: ['read/space', 'create/page', 'create/blogpost'],
      },
      {
        id: 'r-collab',
        name: 'Collaborator',
        spacePermissions: ['read/space', 'create/page', 'update/page'],
      },
    ],
    spaces: [
      {
        id: '101',
        key: 'ENG',
        name: 'Engineering',
        permissions: [
          { principal: { type: 'group', id: 'g-staff' }, operation: READ },
          { principal: { type: 'user', id: PEOPLE.ann }, operation: CREATE_PAGE },
          { principal: { type: 'team', id: 't-a' }, operation: READ },
          { principal: { type: 'team', id: 't-a' }, operation: CREATE_PAGE },
        ],
        roleAssignments: [
          role({ principalType: 'GROUP', principalId: 'g-staff' }, 'r-view'),
          role({ principalType: 'USER', principalId: PEOPLE.ed }, 'r-editor'),
          role({ principalType: 'USER', principalId: PEOPLE.au }, 'r-author'),
          role({ principalType: 'TEAM', principalId: 't-a' }, 'r-collab'),
        ],
      },
      {
        id: '102',
        key: 'ANON',
        name: 'Open to visitors',
        permissions: [
          { principal: { type: 'anonymous' }, operation: READ },
          { principal: { type: 'anonymous' }, operation: CREATE_PAGE },
          { principal: { type: 'anonymous' }, operation: UPDATE_PAGE },
        ],
        roleAssignments: [
          role({ principalType: 'ACCESS_CLASS', principalId: 'anonymous-users' }, 'r-collab'),
        ],
      },
      {
        id: '103',
        key: 'AUTH',
        name: 'Everyone logged in',
        roleAssignments: [
          role({ principalType: 'ACCESS_CLASS', principalId: 'authenticated-users' }, 'r-view'),
        ],
      },
      {
        id: '104',
        key: 'LIC',
        name: 'Licensed users',
        permissions: [{ principal: { type: 'group', id: 'g-staff' }, operation: READ }],
        roleAssignments: [
          role({ principalType: 'ACCESS_CLASS', principalId: 'all-licensed-users' }, 'r-view'),
        ],
      },
    ],
    content: [
      { id: '1000', type: 'page', spaceId: '101', title: 'ENG home' },
      { id: '1001', type: 'blogpost', spaceId: '101', title: 'News' },
      {
        id: '1003',
        type: 'page',
        spaceId: '101',
        title: 'Restricted parent',
        restrictions: { read: { users: [PEOPLE.ann, PEOPLE.ed] } },
      },
      {
        id: '1004',
        type: 'page',
        spaceId: '101',
        parentId: '1003',
        title: 'Archived child',
        status: 'archived',
      },
      {
        id: '1010',
        type: 'page',
        spaceId: '101',
        title: 'Teams only',
        restrictions: { read: { teams: ['t-a', 't-b'] }, update: { teams: ['t-a'] } },
      },
      {
        id: '1020',
        type: 'whiteboard',
        spaceId: '101',
        title: 'Board',
        restrictions: { read: { users: [PEOPLE.ann, 'app-lens'] } },
      },
      { id: '1021', type: 'database', spaceId: '101', parentId: '1020', title: 'Table' },
      { id: '1022', type: 'embed', spaceId: '101', parentId: '1021', title: 'Link' },
      { id: '1023', type: 'page', spaceId: '101', parentId: '1022', title: 'Deep page' },
      { id: '2000', type: 'page', spaceId: '102', title: 'Open page' },
      { id: '3000', type: 'page', spaceId: '103', title: 'For everyone logged in' },
      { id: '4000', type: 'page', spaceId: '104', title: 'For licensed users' },
    ],
  };
}
