/**
 * Sites that put the effective audience's cost to the test (the macro bench and the points
 * test): a page whose smallest layer is tiny inside a space open to a huge group, and a page
 * restricted to large groups inside a space with many grants. Deterministic: the same options
 * always give the same fixture.
 */
import type { SiteFixtureInput } from './fixture';

type Input = SiteFixtureInput;
type Permission = NonNullable<Input['spaces'][number]['permissions']>[number];

export const AUDIENCE_SPACE_ID = '100';
export const AUDIENCE_PAGE_ID = '1001';
export const AUDIENCE_VIEWER = 'u-viewer';
export const AUDIENCE_APP = 'app-lens';

const READ = { key: 'read', targetType: 'space' };
const CREATE = { key: 'create', targetType: 'page' };

const user = (accountId: string, displayName = accountId): Input['users'][number] => ({
  accountId,
  displayName,
  email: `${accountId}@bench.test`,
});

const width = (n: number) => Math.max(4, String(n).length);
const memberIds = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(width(n), '0')}`);

function site(
  users: Input['users'],
  groups: Input['groups'],
  permissions: Permission[],
  read: { users: string[]; groups: string[] },
): Input {
  return {
    site: { anonymousAccess: false },
    app: { accountId: AUDIENCE_APP, displayName: 'Access Lens' },
    users,
    groups,
    spaces: [{ id: AUDIENCE_SPACE_ID, key: 'AUD', name: 'Audience', permissions }],
    content: [
      { id: '1000', type: 'page', spaceId: AUDIENCE_SPACE_ID, parentId: null, title: 'Home' },
      {
        id: AUDIENCE_PAGE_ID,
        type: 'page',
        spaceId: AUDIENCE_SPACE_ID,
        parentId: '1000',
        title: 'Restricted',
        restrictions: { read, update: { users: [], groups: [] } },
      },
    ],
  };
}

/**
 * A space whose only grants are view and add for one group of `groupSize` members (the viewer
 * among them), and under its home page a page restricted to `restrictedTo` of those members (the
 * viewer first). Nothing is restricted from editing, so the edit audience is the same people.
 */
export function fewPeopleInOpenSpace(options: { groupSize: number; restrictedTo: number }): Input {
  const { groupSize, restrictedTo } = options;
  if (restrictedTo < 1 || restrictedTo > groupSize)
    throw new RangeError('restrictedTo must be within 1..groupSize');
  const members = [AUDIENCE_VIEWER, ...memberIds('u-staff', groupSize - 1)];
  return site(
    members.map((id) => user(id)),
    [{ id: 'g-everyone', name: 'everyone', members }],
    [
      { principal: { type: 'group', id: 'g-everyone' }, operation: READ },
      { principal: { type: 'group', id: 'g-everyone' }, operation: CREATE },
    ],
    { users: members.slice(0, restrictedTo), groups: [] },
  );
}

/**
 * A space with `grants` permission rows: view and add for each of `groups` groups of
 * `groupSize` members (the viewer in the first), and view for personal grants to make up the
 * rest; a page restricted to those groups.
 */
export function groupsInGrantedSpace(options: {
  groups: number;
  groupSize: number;
  grants: number;
}): Input {
  const { groups: groupCount, groupSize, grants } = options;
  const personal = grants - 2 * groupCount;
  if (personal < 0) throw new RangeError('grants must hold view and add for every group');
  const groups = Array.from({ length: groupCount }, (_, g) => {
    const ids = memberIds(`u-g${g + 1}`, groupSize);
    return {
      id: `g-team${g + 1}`,
      name: `team-${g + 1}`,
      members: g === 0 ? [AUDIENCE_VIEWER, ...ids.slice(1)] : ids,
    };
  });
  const granted = memberIds('u-granted', personal);
  const everyone = [...new Set([...groups.flatMap((g) => g.members), ...granted])];
  return site(
    everyone.map((id) => user(id)),
    groups,
    [
      ...groups.flatMap((g): Permission[] => [
        { principal: { type: 'group', id: g.id }, operation: READ },
        { principal: { type: 'group', id: g.id }, operation: CREATE },
      ]),
      ...granted.map((id): Permission => ({ principal: { type: 'user', id }, operation: READ })),
    ],
    { users: [], groups: groups.map((g) => g.id) },
  );
}
