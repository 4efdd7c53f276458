// The fixture fields of today's Confluence: defaults, and broken entries rejected with a
// message naming them.
import { FixtureError, loadFixture, type SiteFixtureInput } from '../../dev/simulator/fixture';
import { PEOPLE, todaySite } from './today-site';

type Change = (f: SiteFixtureInput) => void;
const space0 = (f: SiteFixtureInput) => f.spaces[0]!;
const content = (f: SiteFixtureInput, id: string) => f.content.find((c) => c.id === id)!;

describe('today’s fixture fields', () => {
  it('default: Standard plan, Atlassian accounts with product access, no teams', () => {
    const f = loadFixture({
      site: {},
      app: { accountId: 'a', displayName: 'A' },
      users: [{ accountId: 'u', displayName: 'U', email: 'u@x.test' }],
      groups: [],
      spaces: [{ id: '1', key: 'K', name: 'K' }],
      content: [{ id: '10', type: 'page', spaceId: '1', title: 'P' }],
    });
    expect(f.site.plan).toBe('standard');
    expect(f.users[0]).toMatchObject({
      accountType: 'atlassian',
      productAccess: true,
      orgAdmin: false,
      active: true,
    });
    expect(f.teams).toEqual([]);
    expect(f.content[0]?.restrictions.read).toEqual({ users: [], groups: [], teams: [] });
  });

  it('accepts the today site: teams everywhere, whiteboard / database / Smart Link parents', () => {
    const f = loadFixture(todaySite('ROLES', 'premium'));
    expect(f.teams.map((t) => [t.id, t.verified])).toEqual([
      ['t-a', true],
      ['t-b', false],
    ]);
    expect(f.content.find((c) => c.id === '1023')?.parentId).toBe('1022');
  });

  const broken: [string, Change, RegExp][] = [
    [
      'an unknown team in a legacy grant',
      (f) =>
        space0(f).permissions!.push({
          principal: { type: 'team', id: 't-ghost' },
          operation: { key: 'read', targetType: 'space' },
        }),
      /space "ENG" grant read\/space: unknown team "t-ghost"/,
    ],
    [
      'an unknown team in a role assignment',
      (f) =>
        space0(f).roleAssignments!.push({
          principal: { principalType: 'TEAM', principalId: 't-ghost' },
          roleId: 'r-view',
        }),
      /space "ENG" role assignment TEAM:t-ghost: unknown team/,
    ],
    [
      'an unknown team on a read restriction',
      (f) => (content(f, '1000').restrictions = { read: { teams: ['t-ghost'] } }),
      /content "1000" \(ENG home\): read restriction lists unknown team "t-ghost"/,
    ],
    [
      'an unknown team on an update restriction',
      (f) => (content(f, '1000').restrictions = { update: { teams: ['t-ghost'] } }),
      /content "1000" \(ENG home\): update restriction lists unknown team "t-ghost"/,
    ],
    [
      'an unknown team member',
      (f) => f.teams![1]!.members!.push('u-ghost'),
      /team "t-b": unknown member "u-ghost"/,
    ],
    [
      'the app as a team member',
      (f) => f.teams![1]!.members!.push('app-lens'),
      /team "t-b": unknown member "app-lens"/,
    ],
    [
      'a duplicate team id',
      (f) => f.teams!.push({ id: 't-a', name: 'Again' }),
      /duplicate team id "t-a"/,
    ],
    [
      'a role assignment principal type outside the list',
      (f) => Object.assign(space0(f).roleAssignments![0]!.principal, { principalType: 'ROBOT' }),
      /fixture\.spaces\[0\]\.roleAssignments\[0\]\.principal\.principalType/,
    ],
    [
      'a legacy principal type outside the list',
      (f) => Object.assign(space0(f).permissions![0]!.principal, { type: 'robot' }),
      /fixture\.spaces\[0\]\.permissions\[0\]\.principal\.type/,
    ],
    ['an unknown plan', (f) => Object.assign(f.site, { plan: 'gold' }), /fixture\.site\.plan/],
    [
      'an unknown account type',
      (f) => Object.assign(f.users[1]!, { accountType: 'partner' }),
      /fixture\.users\[1\]\.accountType/,
    ],
    [
      'a content type outside the list',
      (f) => Object.assign(content(f, '1021'), { type: 'spreadsheet' }),
      /fixture\.content\[\d+\]\.type/,
    ],
    [
      'an archived blog post (the v2 BlogPostContentStatus has no archived)',
      (f) => (content(f, '1001').status = 'archived'),
      /content "1001" \(News\): a blogpost cannot be archived/,
    ],
    [
      'a Confluence admin without product access',
      (f) =>
        Object.assign(
          f.users.find((u) => u.accountId === PEOPLE.jira)!,
          { confluenceAdmin: true },
        ),
      /user "u-jira": a Confluence admin has Confluence product access/,
    ],
    [
      'a customer who is a Confluence admin',
      (f) =>
        Object.assign(
          f.users.find((u) => u.accountId === PEOPLE.cust)!,
          { confluenceAdmin: true },
        ),
      /user "u-cust": a Confluence admin has Confluence product access/,
    ],
    [
      'a customer who is a guest',
      (f) =>
        Object.assign(
          f.users.find((u) => u.accountId === PEOPLE.cust)!,
          { isGuest: true },
        ),
      /user "u-cust": a customer account is neither a guest nor an org admin/,
    ],
    [
      'a misspelt team field',
      (f) => Object.assign(f.teams![0]!, { verifed: true }),
      /fixture\.teams\[0\]/,
    ],
  ];

  it.each(broken)('rejects %s', (_name, breakIt, message) => {
    const f = todaySite('ROLES');
    breakIt(f);
    expect(() => loadFixture(f)).toThrow(FixtureError);
    expect(() => loadFixture(f)).toThrow(message);
  });
});
