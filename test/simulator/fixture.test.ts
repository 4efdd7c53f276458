// loadFixture rejects broken sites with a message that names the offending entry.
import { FixtureError, loadFixture, type SiteFixtureInput } from '../../dev/simulator/fixture';
import { READ } from './helpers';

function valid(): SiteFixtureInput {
  return {
    site: { anonymousAccess: false },
    app: { accountId: 'app-lens', displayName: 'Access Lens' },
    users: [
      { accountId: 'u-a', displayName: 'A', email: 'a@x.test' },
      { accountId: 'u-b', displayName: 'B', email: 'b@x.test' },
    ],
    groups: [{ id: 'g-1', name: 'one', members: ['u-a'] }],
    spaces: [
      {
        id: '101',
        key: 'ONE',
        name: 'One',
        permissions: [{ principal: { type: 'group', id: 'g-1' }, operation: READ }],
      },
    ],
    content: [
      { id: '1000', type: 'page', spaceId: '101', title: 'Home' },
      { id: '1001', type: 'folder', spaceId: '101', parentId: '1000', title: 'Folder' },
      {
        id: '1002',
        type: 'page',
        spaceId: '101',
        parentId: '1001',
        title: 'Leaf',
        restrictions: { read: { users: ['app-lens'], groups: [] } },
      },
    ],
  };
}

describe('loadFixture', () => {
  it('accepts a valid site and applies defaults', () => {
    const f = loadFixture(valid());
    expect(f.users[0]).toMatchObject({ isGuest: false, confluenceAdmin: false, active: true });
    expect(f.content[0]).toMatchObject({
      parentId: null,
      labels: [],
      restrictions: { read: { users: [], groups: [] } },
    });
  });

  const broken: [string, (f: SiteFixtureInput) => void, RegExp][] = [
    [
      'unknown group member',
      (f) => f.groups[0]!.members!.push('u-ghost'),
      /group "g-1": unknown member "u-ghost"/,
    ],
    [
      'unknown group in a grant',
      (f) =>
        f.spaces[0]!.permissions!.push({
          principal: { type: 'group', id: 'g-ghost' },
          operation: READ,
        }),
      /space "ONE" grant read\/space: unknown group "g-ghost"/,
    ],
    [
      'unknown space of content',
      (f) => (f.content[0]!.spaceId = '999'),
      /content "1000" \(Home\): unknown space "999"/,
    ],
    [
      'unknown parent',
      (f) => (f.content[0]!.parentId = '4242'),
      /content "1000" \(Home\): unknown parent "4242"/,
    ],
    ['parent cycle', (f) => (f.content[0]!.parentId = '1002'), /content "\d+": cycle in parents/],
    [
      'unknown user in a restriction',
      (f) => (f.content[1]!.restrictions = { update: { users: ['u-ghost'], groups: [] } }),
      /content "1001" \(Folder\): update restriction lists unknown user "u-ghost"/,
    ],
    [
      'duplicate space key',
      (f) => f.spaces.push({ id: '102', key: 'ONE', name: 'Again' }),
      /duplicate space key "ONE"/,
    ],
    [
      'duplicate content id',
      (f) => f.content.push({ id: '1000', type: 'page', spaceId: '101', title: 'Twin' }),
      /duplicate content id "1000"/,
    ],
    ['duplicate email', (f) => (f.users[1]!.email = 'A@x.test'), /duplicate user email "a@x.test"/],
    [
      'duplicate accountId',
      (f) => (f.users[1]!.accountId = 'u-a'),
      /duplicate user accountId "u-a"/,
    ],
    [
      'app accountId reused by a user',
      (f) => (f.users[1]!.accountId = 'app-lens'),
      /"app-lens" \(it is the app's\)/,
    ],
    [
      'operation outside the vocabulary',
      (f) =>
        f.spaces[0]!.permissions!.push({
          principal: { type: 'group', id: 'g-1' },
          operation: { key: 'view', targetType: 'space' },
        }),
      /fixture\.spaces\[0\]\.permissions\[1\]\.operation\.key: operation key must be one of/,
    ],
    [
      'misspelt field',
      (f) => Object.assign(f.content[0]!, { restriction: {} }),
      /fixture\.content\[0\].*restriction/,
    ],
    [
      'blogpost with a parent',
      (f) =>
        f.content.push({
          id: '1003',
          type: 'blogpost',
          spaceId: '101',
          parentId: '1000',
          title: 'News',
        }),
      /content "1003" \(News\): a blogpost cannot have a parent/,
    ],
    ['unknown app space', (f) => (f.app.spaces = ['NOPE']), /app\.spaces: unknown space "NOPE"/],
  ];

  it.each(broken)('rejects %s', (_name, breakIt, message) => {
    const f = valid();
    breakIt(f);
    expect(() => loadFixture(f)).toThrow(FixtureError);
    expect(() => loadFixture(f)).toThrow(message);
  });
});
