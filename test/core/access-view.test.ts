import { evaluateAccess } from './rendered';
import type { AccessInput, Subject } from '../../src/core';
import {
  ENG,
  HR,
  LEADS,
  OPEN,
  alice,
  ancestor,
  bob,
  carol,
  dave,
  grant,
  group,
  member,
  messages,
  only,
  page,
  shapes,
  site,
  user,
} from './fixtures';

const siteOk = {
  rule: 'site-access',
  passes: true,
  checked: true,
  through: [],
  account: 'active',
} as const;
const ownOpen = { rule: 'own-restriction', passes: true, checked: true, through: [] } as const;

describe('space permissions are a union of grants', () => {
  const input = site([...member(group(ENG)), ...member(user('u-carol')), ...member(group(HR))]);

  it('lets a user in through their group and says so', () => {
    const { view } = evaluateAccess(input, alice);
    expect(view.allowed).toBe(true);
    expect(shapes(view)).toEqual([
      siteOk,
      {
        rule: 'space-permission',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: ENG }],
      },
      ownOpen,
    ]);
    expect(messages(view)).toEqual([
      'Alice has an active account on this site.',
      'Alice can view the space Engineering through the group engineering.',
      'This page has no view restriction of its own.',
    ]);
  });

  it('lists every route, direct grants and groups alike', () => {
    const { view } = evaluateAccess(input, carol);
    expect(view.reasons[1]).toEqual({
      rule: 'space-permission',
      passes: true,
      checked: true,
      through: [{ kind: 'direct' }, { kind: 'group', group: HR }],
      message:
        'Carol can view the space Engineering through a grant to them personally and the group hr.',
    });
  });

  it('refuses a user no grant reaches', () => {
    const { view } = evaluateAccess(input, dave);
    expect(view.allowed).toBe(false);
    expect(shapes(view)).toEqual([
      siteOk,
      { rule: 'space-permission', passes: false, checked: true, through: [] },
      ownOpen,
    ]);
    expect(view.reasons[1]?.message).toBe(
      'Dave has no permission to view the space Engineering: it is not granted to them, to their groups or to everyone.',
    );
  });

  it('does not count other permissions as view', () => {
    const input2 = site([grant(group(ENG), { key: 'create', targetType: 'page' })]);
    expect(evaluateAccess(input2, alice).view.allowed).toBe(false);
  });
});

describe('view restrictions inherit as an intersection', () => {
  // Root page: engineering only. Folder: Bob and Carol by name. Plans: leads only.
  // "Notes" in between has no restriction and so constrains nothing.
  const input: AccessInput = site([...member(group(ENG)), ...member(group(HR))], {
    ancestors: [
      ancestor('10', 'Root', only({ groups: [ENG] })),
      ancestor('11', 'Notes', OPEN),
      ancestor('12', 'Drafts', only({ users: ['u-bob', 'u-carol'] }), 'folder'),
      ancestor('13', 'Plans', only({ groups: [LEADS] })),
    ],
  });
  const root = { id: '10', type: 'page', title: 'Root' } as const;
  const drafts = { id: '12', type: 'folder', title: 'Drafts' } as const;
  const plans = { id: '13', type: 'page', title: 'Plans' } as const;

  it('lets in only someone who passes every restricted ancestor, root first', () => {
    const { view } = evaluateAccess(input, bob);
    expect(view.allowed).toBe(true);
    expect(shapes(view)).toEqual([
      siteOk,
      {
        rule: 'space-permission',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: ENG }],
      },
      {
        rule: 'inherited-restriction',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: ENG }],
        listed: { users: 0, groups: 1, teams: 0 },
        ancestor: root,
      },
      {
        rule: 'inherited-restriction',
        passes: true,
        checked: true,
        through: [{ kind: 'direct' }],
        listed: { users: 2, groups: 0, teams: 0 },
        ancestor: drafts,
      },
      {
        rule: 'inherited-restriction',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: LEADS }],
        listed: { users: 0, groups: 1, teams: 0 },
        ancestor: plans,
      },
      ownOpen,
    ]);
    expect(messages(view)[3]).toBe(
      'The folder "Drafts" above this page limits viewing to 2 people; Bob is listed directly.',
    );
  });

  it('reports every failing ancestor, not only the first', () => {
    const { view } = evaluateAccess(input, alice);
    expect(view.allowed).toBe(false);
    expect(shapes(view).slice(2)).toEqual([
      {
        rule: 'inherited-restriction',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: ENG }],
        listed: { users: 0, groups: 1, teams: 0 },
        ancestor: root,
      },
      {
        rule: 'inherited-restriction',
        passes: false,
        checked: true,
        through: [],
        listed: { users: 2, groups: 0, teams: 0 },
        ancestor: drafts,
      },
      {
        rule: 'inherited-restriction',
        passes: false,
        checked: true,
        through: [],
        listed: { users: 0, groups: 1, teams: 0 },
        ancestor: plans,
      },
      ownOpen,
    ]);
    expect(messages(view)[4]).toBe(
      'The page "Plans" above this page limits viewing to 1 group; Alice is not among them.',
    );
  });

  it('refuses someone listed on a restriction but hidden by another ancestor', () => {
    const { view } = evaluateAccess(input, carol);
    expect(view.allowed).toBe(false);
    expect(view.reasons.filter((l) => !l.passes).map((l) => l.ancestor?.id)).toEqual(['10', '13']);
  });

  it("adds the page's own restriction last", () => {
    const withOwn = { ...input, page: page({ read: only({ users: ['u-alice'] }) }) };
    const { view } = evaluateAccess(withOwn, bob);
    expect(view.allowed).toBe(false);
    expect(view.reasons.at(-1)).toEqual({
      rule: 'own-restriction',
      passes: false,
      checked: true,
      through: [],
      listed: { users: 1, groups: 0, teams: 0 },
      message: 'This page limits viewing to 1 person; Bob is not among them.',
    });
  });
});

describe('a user passes a restriction directly or through any group', () => {
  const restricted = (subject: Subject) =>
    evaluateAccess(
      site(member(group(ENG)), {
        page: page({ read: only({ users: ['u-bob'], groups: [HR, LEADS] }) }),
      }),
      subject,
    ).view;

  it('collects the direct entry and every group entry', () => {
    const view = restricted(bob);
    expect(view.reasons.at(-1)).toEqual({
      rule: 'own-restriction',
      passes: true,
      checked: true,
      through: [{ kind: 'direct' }, { kind: 'group', group: LEADS }],
      listed: { users: 1, groups: 2, teams: 0 },
      message:
        'This page limits viewing to 1 person and 2 groups; Bob is listed directly and through the group leads.',
    });
  });

  it('matches groups by id, whatever name the restriction carries', () => {
    const renamed = site(member(group(ENG)), {
      page: page({ read: { users: [], groups: [{ groupId: 'g-eng' }] } }),
    });
    const { view } = evaluateAccess(renamed, alice);
    expect(view.allowed).toBe(true);
    expect(view.reasons.at(-1)?.through).toEqual([{ kind: 'group', group: ENG }]);
  });
});

describe('deactivated users', () => {
  it('fail site access while every other layer is still reported', () => {
    const input = site(member(group(ENG)), { page: page({ read: only({ groups: [ENG] }) }) });
    const gone: Subject = { ...alice, active: false } as Subject;
    const { view, edit } = evaluateAccess(input, gone);
    expect(view.allowed).toBe(false);
    expect(edit.allowed).toBe(false);
    expect(shapes(view)).toEqual([
      { rule: 'site-access', passes: false, checked: true, through: [], account: 'deactivated' },
      {
        rule: 'space-permission',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: ENG }],
      },
      {
        rule: 'own-restriction',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: ENG }],
        listed: { users: 0, groups: 1, teams: 0 },
      },
    ]);
    expect(view.reasons[0]?.message).toBe(
      "Alice's account is deactivated, so they cannot use Confluence.",
    );
  });
});

describe('a group subject is a member of that group with nothing else', () => {
  const engMember: Subject = { kind: 'group', ...ENG };

  it('passes grants and restrictions naming the group', () => {
    const input = site(member(group(ENG)), { page: page({ read: only({ groups: [ENG] }) }) });
    const { view } = evaluateAccess(input, engMember);
    expect(view.allowed).toBe(true);
    expect(shapes(view)).toEqual([
      { rule: 'site-access', passes: true, checked: true, through: [] },
      {
        rule: 'space-permission',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: ENG }],
      },
      {
        rule: 'own-restriction',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: ENG }],
        listed: { users: 0, groups: 1, teams: 0 },
      },
    ]);
    expect(messages(view)[1]).toBe(
      'A member of the group engineering can view the space Engineering through the group engineering.',
    );
  });

  it('does not pass a restriction that names only people, even members', () => {
    const input = site(member(group(ENG)), { page: page({ read: only({ users: ['u-alice'] }) }) });
    const { view } = evaluateAccess(input, engMember);
    expect(view.allowed).toBe(false);
    expect(view.reasons.at(-1)?.message).toBe(
      'This page limits viewing to 1 person; a member of the group engineering is not among them.',
    );
  });

  it('gets nothing from grants to other groups', () => {
    const { view } = evaluateAccess(site(member(group(HR))), engMember);
    expect(shapes(view)[1]).toEqual({
      rule: 'space-permission',
      passes: false,
      checked: true,
      through: [],
    });
    expect(view.reasons[1]?.message).toBe(
      'A member of the group engineering gets no permission to view the space Engineering: it is not granted to the group engineering or to everyone.',
    );
  });
});
