/**
 * The rules of today's Confluence Cloud: edit rights by role mode, accounts without Confluence,
 * teams, archived content, and who else could get in.
 */
import { describeAudience, evaluateAccess, principalName } from './rendered';
import type { AccessInput, Operation, SpaceRoleMode, Subject } from '../../src/core';
import {
  ANON,
  CREATE_BLOGPOST,
  CREATE_PAGE,
  ENG,
  HR,
  OPS,
  PLATFORM,
  READ_SPACE,
  UPDATE_BLOGPOST,
  UPDATE_PAGE,
  accessClass,
  alice,
  ancestor,
  anonymous,
  carol,
  dave,
  gina,
  grant,
  group,
  only,
  page,
  shape,
  shapes,
  site,
  team,
  user,
} from './fixtures';

const EDITOR = { role: 'Editor', roleId: 'r-editor' };
const VIEWER = { role: 'Viewer', roleId: 'r-viewer' };
const engMember: Subject = { kind: 'group', ...ENG };
type UserSubject = Extract<Subject, { kind: 'user' }>;

const editLayer = (input: AccessInput, subject: Subject = alice) =>
  evaluateAccess(input, subject).edit.reasons.find((l) => l.rule === 'space-edit-permission');

describe('editing by role mode', () => {
  const grantsWith = (...operations: Operation[]) => [
    grant(group(ENG), READ_SPACE),
    ...operations.map((operation) => grant(group(ENG), operation)),
  ];
  const cases: [SpaceRoleMode | undefined, string, Operation[], boolean][] = [
    [undefined, 'create only', [CREATE_PAGE], true],
    [undefined, 'update only', [UPDATE_PAGE], true],
    [undefined, 'both', [CREATE_PAGE, UPDATE_PAGE], true],
    ['PRE_ROLES', 'create only', [CREATE_PAGE], true],
    ['PRE_ROLES', 'update only', [UPDATE_PAGE], true],
    ['PRE_ROLES', 'both', [CREATE_PAGE, UPDATE_PAGE], true],
    ['ROLES_TRANSITION', 'create only', [CREATE_PAGE], true],
    ['ROLES_TRANSITION', 'update only', [UPDATE_PAGE], true],
    ['ROLES_TRANSITION', 'both', [CREATE_PAGE, UPDATE_PAGE], true],
    ['ROLES', 'create only', [CREATE_PAGE], false],
    ['ROLES', 'update only', [UPDATE_PAGE], true],
    ['ROLES', 'both', [CREATE_PAGE, UPDATE_PAGE], true],
  ];

  it.each(cases)('role mode %s, grants with %s: can edit = %s', (roleMode, _name, ops, can) => {
    const input = site(grantsWith(...ops), roleMode === undefined ? {} : { roleMode });
    const { view, edit } = evaluateAccess(input, alice);
    expect(view.allowed).toBe(true);
    expect(edit.allowed).toBe(can);
    expect(edit.verdict).toBe(can ? 'allowed' : 'denied');
    const expected =
      roleMode === 'ROLES'
        ? [UPDATE_PAGE]
        : roleMode === 'ROLES_TRANSITION'
          ? [CREATE_PAGE, UPDATE_PAGE]
          : [CREATE_PAGE];
    expect(editLayer(input)?.operations).toEqual(expected);
    expect(describeAudience(input).edit.terms.at(-1)?.operations).toEqual(expected);
  });

  it('says "add pages" on legacy sites, as the legacy permission is called', () => {
    expect(editLayer(site(grantsWith(CREATE_PAGE)))?.message).toBe(
      'Alice can add pages in the space Engineering through the group engineering.',
    );
  });

  it('says "edit pages" on role-based sites and names the role', () => {
    const input = site([grant(group(ENG), READ_SPACE), grant(group(ENG), UPDATE_PAGE, EDITOR)], {
      roleMode: 'ROLES',
    });
    expect(editLayer(input)?.message).toBe(
      'Alice can edit pages in the space Engineering through the role Editor given to the group engineering.',
    );
    expect(evaluateAccess(input, alice).edit.reasons.at(-1)?.message).toBe(
      'This page has no edit restriction, so everyone who can view it and edit pages in the space can edit it.',
    );
  });

  it('tells someone who may add but not edit on a role-based site why', () => {
    const input = site(grantsWith(CREATE_PAGE), { roleMode: 'ROLES' });
    expect(shape(editLayer(input) ?? fail())).toEqual({
      rule: 'space-edit-permission',
      passes: false,
      checked: true,
      through: [],
      canAdd: true,
      operations: [UPDATE_PAGE],
    });
    expect(editLayer(input)?.message).toBe(
      'Alice has no permission to edit pages in the space Engineering: it is not granted to them, to their groups or to everyone. They can add pages, but on this site editing pages is a separate permission.',
    );
  });

  it("does not let a role's Create content edit, even during the transition", () => {
    const input = site(
      [grant(group(ENG), READ_SPACE), grant(group(ENG), CREATE_PAGE, { role: 'Author' })],
      { roleMode: 'ROLES_TRANSITION' },
    );
    expect(evaluateAccess(input, alice).edit.allowed).toBe(false);
    expect(editLayer(input)?.message).toContain('editing pages is a separate permission');
  });

  it('lists the routes of both models during the transition', () => {
    const input = site(
      [
        grant(group(ENG), READ_SPACE),
        grant(group(ENG), CREATE_PAGE),
        grant(user('u-alice'), UPDATE_PAGE, EDITOR),
      ],
      { roleMode: 'ROLES_TRANSITION' },
    );
    expect(editLayer(input)?.through).toEqual([
      { kind: 'group', group: ENG },
      { kind: 'direct', via: EDITOR },
    ]);
    expect(editLayer(input)?.message).toBe(
      'Alice can edit pages in the space Engineering through the group engineering and the role Editor given to them personally.',
    );
  });

  it('says "add or edit" to someone who holds neither during the transition', () => {
    const input = site([grant(group(ENG), READ_SPACE)], { roleMode: 'ROLES_TRANSITION' });
    expect(editLayer(input)?.message).toBe(
      'Alice has no permission to add or edit pages in the space Engineering: it is not granted to them, to their groups or to everyone.',
    );
  });

  it('asks blog posts for the blog post permission of the mode', () => {
    const blog = page({ type: 'blogpost' });
    const base = [grant(group(ENG), READ_SPACE)];
    const roles = (ops: Operation[]) =>
      site([...base, ...ops.map((op) => grant(group(ENG), op))], { roleMode: 'ROLES', page: blog });
    expect(evaluateAccess(roles([UPDATE_BLOGPOST]), alice).edit.allowed).toBe(true);
    expect(evaluateAccess(roles([UPDATE_PAGE]), alice).edit.allowed).toBe(false);
    expect(evaluateAccess(roles([CREATE_BLOGPOST]), alice).edit.allowed).toBe(false);
    expect(editLayer(roles([UPDATE_BLOGPOST]))?.message).toBe(
      'Alice can edit blog posts in the space Engineering through the group engineering.',
    );
    const legacy = site([...base, grant(group(ENG), CREATE_PAGE)], { page: blog });
    expect(evaluateAccess(legacy, alice).edit.reasons.at(-1)?.message).toBe(
      'This page has no edit restriction, so everyone who can view it and add blog posts in the space can edit it.',
    );
  });

  it('describes the edit audience in the words of the mode', () => {
    const grants = [grant(group(ENG), CREATE_PAGE), grant(user('u-bob'), UPDATE_PAGE, EDITOR)];
    const term = (roleMode: SpaceRoleMode) =>
      describeAudience(site(grants, { roleMode })).edit.terms.at(-1);
    // Edit content edits wherever it comes from, so Bob is in the audience on every site.
    expect(term('PRE_ROLES')).toMatchObject({
      label: 'people who can add pages in the space Engineering',
      members: [
        { principal: group(ENG), via: [] },
        { principal: user('u-bob'), via: [EDITOR] },
      ],
    });
    expect(term('ROLES')).toMatchObject({
      label: 'people who can edit pages in the space Engineering',
      members: [{ principal: user('u-bob'), via: [EDITOR] }],
    });
    expect(term('ROLES_TRANSITION')).toMatchObject({
      label: 'people who can add or edit pages in the space Engineering',
      members: [
        { principal: group(ENG), via: [] },
        { principal: user('u-bob'), via: [EDITOR] },
      ],
    });
    expect(describeAudience(site(grants, { roleMode: 'ROLES' })).summary).toContain(
      'Everyone who can view it and edit pages in the space can edit it.',
    );
  });
});

describe('three kinds of people who cannot use Confluence', () => {
  const ravi: UserSubject = {
    kind: 'user',
    accountId: 'u-ravi',
    displayName: 'Ravi',
    groups: [ENG],
    productAccess: false,
  };
  const cleo: UserSubject = {
    kind: 'user',
    accountId: 'u-cleo',
    displayName: 'Cleo',
    groups: [ENG],
    accountType: 'customer',
  };
  const dee: UserSubject = {
    kind: 'user',
    accountId: 'u-dee',
    displayName: 'Dee',
    groups: [ENG],
    active: false,
  };
  const siteLayer = (subject: Subject) => evaluateAccess(site([]), subject).view.reasons[0];

  it('calls only an inactive account deactivated', () => {
    expect(siteLayer(dee)).toEqual({
      rule: 'site-access',
      passes: false,
      checked: true,
      through: [],
      account: 'deactivated',
      message: "Dee's account is deactivated, so they cannot use Confluence.",
    });
    // No groups, no product-access flag, no account type: still an active account.
    expect(siteLayer(dave)).toMatchObject({ passes: true, account: 'active' });
  });

  it('lets people without product access in at the site, saying what they see', () => {
    expect(siteLayer(ravi)).toEqual({
      rule: 'site-access',
      passes: true,
      checked: true,
      through: [],
      account: 'no-product-access',
      message:
        'Ravi has an Atlassian account but no access to Confluence, so they only see spaces open to everyone.',
    });
    expect(siteLayer(cleo)).toMatchObject({
      passes: true,
      account: 'customer',
      message:
        'Cleo is a service-desk customer: they have an Atlassian account but no access to Confluence, so they only see spaces open to everyone.',
    });
  });

  it.each([
    ['a grant to anonymous visitors', grant(ANON), { kind: 'anonymous' }],
    [
      'the anonymous-users class',
      grant(accessClass('anonymous-users')),
      { kind: 'anonymous' } as const,
    ],
    [
      'the authenticated-users class',
      grant(accessClass('authenticated-users')),
      { kind: 'access-class', accessClass: 'authenticated-users' },
    ],
  ])('reaches them through %s', (_name, held, through) => {
    for (const subject of [ravi, cleo]) {
      const { view } = evaluateAccess(site([held]), subject);
      expect(view.allowed).toBe(true);
      expect(view.reasons[1]?.through).toEqual([through]);
    }
  });

  it.each([
    ['a grant to them personally', grant(user('u-ravi'))],
    ['a group grant', grant(group(ENG))],
    ['all licensed users', grant(accessClass('all-licensed-users'))],
    ['all product admins', grant(accessClass('all-product-admins'))],
    ['a team', grant(team(PLATFORM))],
    ['an unrecognised principal', grant({ kind: 'other', type: 'TEAM', id: 't-9' })],
  ])('never reaches them through %s', (_name, held) => {
    const admin: UserSubject = { ...ravi, isProductAdmin: true };
    for (const subject of [ravi, admin, { ...cleo, accountId: 'u-ravi' }]) {
      const { view } = evaluateAccess(site([held]), subject);
      expect(view.allowed).toBe(false);
      expect(view.verdict).toBe('denied');
      expect(shape(view.reasons[1] ?? fail())).toEqual({
        rule: 'space-permission',
        passes: false,
        checked: true,
        through: [],
      });
    }
    expect(evaluateAccess(site([held]), ravi).view.reasons[1]?.message).toBe(
      'Ravi has no permission to view the space Engineering: without access to Confluence, only what is open to anonymous visitors or to all logged-in users reaches them.',
    );
  });

  it('still pass a restriction that lists them, personally or through a group', () => {
    const open = [grant(ANON)];
    const listed = site(open, { page: page({ read: only({ users: ['u-ravi'] }) }) });
    expect(evaluateAccess(listed, ravi).view.allowed).toBe(true);
    const byGroup = site(open, { page: page({ read: only({ groups: [ENG] }) }) });
    expect(evaluateAccess(byGroup, ravi).view.allowed).toBe(true);
    const notListed = site(open, { page: page({ read: only({ groups: [HR] }) }) });
    expect(evaluateAccess(notListed, ravi).view.verdict).toBe('denied');
  });

  it('differ from anonymous visitors, who need the site to let them in', () => {
    const input = site([grant(accessClass('authenticated-users'))], { anonymousAccess: 'on' });
    expect(evaluateAccess(input, ravi).view.allowed).toBe(true);
    expect(evaluateAccess(input, anonymous).view.allowed).toBe(false);
    const off = site([grant(ANON)], { anonymousAccess: 'off' });
    expect(evaluateAccess(off, ravi).view.allowed).toBe(true);
    expect(evaluateAccess(off, anonymous).view.allowed).toBe(false);
  });

  it('cannot edit through what a licensed user would get', () => {
    const input = site([grant(ANON), grant(group(ENG), CREATE_PAGE)]);
    expect(evaluateAccess(input, ravi).edit.allowed).toBe(false);
    expect(evaluateAccess(input, alice).edit.allowed).toBe(true);
  });
});

describe('teams', () => {
  it('make a verdict "could not be checked" when only a team could let someone in', () => {
    const { view } = evaluateAccess(site([grant(team(PLATFORM))]), alice);
    expect(view.allowed).toBe(false);
    expect(view.verdict).toBe('unchecked');
    expect(view.reasons[1]).toEqual({
      rule: 'space-permission',
      passes: false,
      checked: false,
      uncheckedBecause: 'unlisted-members',
      through: [],
      unconfirmed: [{ kind: 'team', team: PLATFORM }],
      message:
        'Members of the team Platform may view the space Engineering: Access Lens cannot list team members, so whether Alice is one could not be checked.',
    });
  });

  it('are not needed when another route lets someone in', () => {
    const { view } = evaluateAccess(site([grant(team(PLATFORM)), grant(group(ENG))]), alice);
    expect(view.allowed).toBe(true);
    expect(view.verdict).toBe('allowed');
    expect(shape(view.reasons[1] ?? fail())).toEqual({
      rule: 'space-permission',
      passes: true,
      checked: true,
      through: [{ kind: 'group', group: ENG }],
      unconfirmed: [{ kind: 'team', team: PLATFORM }],
    });
  });

  it('leave group subjects and guests unchecked too, but never anonymous visitors', () => {
    const input = site([grant(team(PLATFORM), READ_SPACE, VIEWER)], { anonymousAccess: 'on' });
    expect(evaluateAccess(input, engMember).view.verdict).toBe('unchecked');
    expect(evaluateAccess(input, engMember).view.reasons[1]?.message).toBe(
      'Members of the team Platform (as Viewer) may view the space Engineering: Access Lens cannot list team members, so whether a member of the group engineering is one could not be checked.',
    );
    expect(evaluateAccess(input, gina).view.verdict).toBe('unchecked');
    const forAnonymous = evaluateAccess(input, anonymous).view;
    expect(forAnonymous.verdict).toBe('denied');
    expect(shape(forAnonymous.reasons[1] ?? fail())).toEqual({
      rule: 'space-permission',
      passes: false,
      checked: true,
      through: [],
    });
  });

  it('do not make a clean denial unchecked', () => {
    const input = site([grant(team(PLATFORM))], {
      page: page({ read: only({ users: ['u-carol'] }) }),
    });
    const { view } = evaluateAccess(input, alice);
    expect(view.reasons.map((l) => [l.passes, l.checked])).toEqual([
      [true, true],
      [false, false],
      [false, true],
    ]);
    expect(view.verdict).toBe('denied');
  });

  it('on a restriction, let listed people through and leave the rest unchecked', () => {
    const input = site([grant(group(ENG)), grant(ANON)], {
      anonymousAccess: 'on',
      page: page({ read: only({ users: ['u-bob'], teams: [PLATFORM] }) }),
    });
    const bob = evaluateAccess(input, {
      kind: 'user',
      accountId: 'u-bob',
      displayName: 'Bob',
      groups: [],
    });
    expect(bob.view.allowed).toBe(true);
    expect(shape(bob.view.reasons.at(-1) ?? fail())).toEqual({
      rule: 'own-restriction',
      passes: true,
      checked: true,
      through: [{ kind: 'direct' }],
      listed: { users: 1, groups: 0, teams: 1 },
      unconfirmed: [{ kind: 'team', team: PLATFORM }],
    });
    const { view } = evaluateAccess(input, alice);
    expect(view.verdict).toBe('unchecked');
    expect(view.reasons.at(-1)).toEqual({
      rule: 'own-restriction',
      passes: false,
      checked: false,
      uncheckedBecause: 'unlisted-members',
      through: [],
      listed: { users: 1, groups: 0, teams: 1 },
      unconfirmed: [{ kind: 'team', team: PLATFORM }],
      message:
        'This page limits viewing to 1 person and 1 team. Members of the team Platform may view this page: Access Lens cannot list team members, so whether Alice is one could not be checked.',
    });
    expect(evaluateAccess(input, anonymous).view.reasons.at(-1)).toEqual({
      rule: 'own-restriction',
      passes: false,
      checked: true,
      through: [],
      listed: { users: 1, groups: 0, teams: 1 },
      message:
        'This page limits viewing to 1 person and 1 team; anonymous visitors are never included in a restriction.',
    });
  });

  it('on an edit restriction, leave editing unchecked', () => {
    const input = site([grant(group(ENG)), grant(group(ENG), CREATE_PAGE)], {
      page: page({ update: only({ teams: [OPS] }) }),
    });
    const { view, edit } = evaluateAccess(input, alice);
    expect(view.verdict).toBe('allowed');
    expect(edit.verdict).toBe('unchecked');
    expect(edit.reasons.at(-1)?.message).toBe(
      'This page limits editing to 1 team. Members of the team Ops may edit this page: Access Lens cannot list team members, so whether Alice is one could not be checked.',
    );
  });

  it('treat an unrecognised principal the same way, named as it came', () => {
    const other = { kind: 'other', type: 'TEAM', id: 't-9' } as const;
    const { view } = evaluateAccess(site([grant(other)]), alice);
    expect(view.verdict).toBe('unchecked');
    expect(view.reasons[1]).toMatchObject({
      uncheckedBecause: 'unlisted-members',
      unconfirmed: [{ kind: 'unrecognised', type: 'TEAM', id: 't-9' }],
      message:
        'Members of an unrecognised TEAM "t-9" may view the space Engineering: Access Lens cannot tell who it includes, so whether Alice is among them could not be checked.',
    });
    expect(evaluateAccess(site([grant(other)]), anonymous).view.reasons[1]?.checked).toBe(true);
  });

  it('appear in the audience by name, marked as uncertain', () => {
    const input = site([grant(group(ENG)), grant(team(PLATFORM), READ_SPACE, VIEWER)], {
      page: page({ read: only({ groups: [ENG], teams: [{ teamId: 't-x' }] }) }),
    });
    const audience = describeAudience(input);
    expect(audience.view.terms[0]).toEqual({
      rule: 'space-permission',
      label: 'people who can view the space Engineering',
      members: [
        { principal: group(ENG), via: [] },
        { principal: team(PLATFORM), via: [VIEWER] },
      ],
      uncertain: ['unlisted-members'],
    });
    expect(audience.view.terms[1]).toEqual({
      rule: 'own-restriction',
      label: "this page's view restriction",
      members: [
        { principal: group(ENG), via: [] },
        { principal: { kind: 'team', teamId: 't-x' }, via: [] },
      ],
      uncertain: ['unlisted-members'],
    });
    expect(principalName(team(PLATFORM))).toBe('the team Platform');
    expect(principalName({ kind: 'team', teamId: 't-x' })).toBe('the team t-x');
  });

  it('make the exposures that depend on them honest', () => {
    // Only a team holds the space: guests might be in it, "everyone" certainly is not.
    expect(describeAudience(site([grant(team(PLATFORM))]))).toMatchObject({
      everyoneLoggedIn: 'no',
      guests: 'unknown',
      anonymous: 'no',
    });
    // An unrecognised principal might be everyone logged in.
    expect(
      describeAudience(site([grant(group(ENG)), grant({ kind: 'other', type: 'x', id: 'y' })])),
    ).toMatchObject({ everyoneLoggedIn: 'unknown', guests: 'unknown', anonymous: 'no' });
    // Exact sets stay exact.
    expect(describeAudience(site([grant(group(ENG))])).view.terms[0]?.uncertain).toBeUndefined();
  });
});

describe('archived content', () => {
  const grants = [grant(group(ENG)), grant(group(ENG), CREATE_PAGE), grant(user('u-carol'))];
  const archived = page({ status: 'archived' });

  it('cannot be edited by anyone, which the edit decision says', () => {
    const { view, edit } = evaluateAccess(site(grants, { page: archived }), alice);
    expect(view.allowed).toBe(true);
    expect(edit.allowed).toBe(false);
    expect(edit.verdict).toBe('denied');
    expect(edit.reasons.map((l) => l.rule)).toEqual([
      'site-access',
      'space-permission',
      'own-restriction',
      'content-status',
      'space-edit-permission',
      'update-restriction',
    ]);
    expect(edit.reasons[3]).toEqual({
      rule: 'content-status',
      passes: false,
      checked: true,
      through: [],
      message:
        'This page is archived: archived content cannot be edited by anyone until it is restored.',
    });
  });

  it('current pages have no status layer', () => {
    for (const status of [undefined, 'current'] as const) {
      const input = site(grants, { page: page(status === undefined ? {} : { status }) });
      const { edit } = evaluateAccess(input, alice);
      expect(edit.allowed).toBe(true);
      expect(edit.reasons.some((l) => l.rule === 'content-status')).toBe(false);
    }
  });

  describe('under a restricted parent', () => {
    const parent = ancestor('10', 'HR', only({ users: ['u-carol'] }));
    const under = (status: 'archived' | 'current') =>
      site([...grants, grant(ANON)], {
        anonymousAccess: 'on',
        ancestors: [parent],
        page: page({ status }),
      });

    it('is "could not be checked", never "cannot view", for people the parent kept out', () => {
      const { view } = evaluateAccess(under('archived'), alice);
      expect(view.allowed).toBe(false);
      expect(view.verdict).toBe('unchecked');
      expect(view.reasons[2]).toEqual({
        rule: 'inherited-restriction',
        passes: false,
        checked: false,
        uncheckedBecause: 'archived',
        through: [],
        listed: { users: 1, groups: 0, teams: 0 },
        ancestor: { id: '10', type: 'page', title: 'HR' },
        message:
          'The page "HR" above this page limits viewing to 1 person; Alice is not among them. But this page is archived, so whether that still keeps Alice out could not be checked: Confluence may show archived pages to people a restriction above them kept out (CONFCLOUD-83913).',
      });
      expect(evaluateAccess(under('archived'), anonymous).view.verdict).toBe('unchecked');
    });

    it('still lets listed people in, and is a clean "cannot view" for current pages', () => {
      expect(evaluateAccess(under('archived'), carol).view.allowed).toBe(true);
      expect(evaluateAccess(under('current'), alice).view.verdict).toBe('denied');
      expect(shapes(evaluateAccess(under('current'), alice).view)[2]).toMatchObject({
        passes: false,
        checked: true,
      });
    });

    it("keeps the page's own restriction certain", () => {
      const input = site(grants, {
        ancestors: [parent],
        page: page({ status: 'archived', read: only({ users: ['u-carol'] }) }),
      });
      const { view } = evaluateAccess(input, alice);
      expect(view.verdict).toBe('denied');
      expect(view.reasons.at(-1)?.checked).toBe(true);
    });

    it('marks the inherited terms of the audience uncertain and says nobody can edit', () => {
      const audience = describeAudience(under('archived'));
      expect(audience.status).toBe('archived');
      expect(audience.view.terms[1]).toMatchObject({
        rule: 'inherited-restriction',
        uncertain: ['archived'],
      });
      expect(audience.edit.terms.map((t) => t.rule)).toEqual([
        'space-permission',
        'inherited-restriction',
        'content-status',
        'space-edit-permission',
      ]);
      expect(audience.edit.terms[2]).toEqual({
        rule: 'content-status',
        members: [],
        label: 'nobody while this page is archived',
      });
      expect(audience).toMatchObject({
        viewRestriction: 'unknown',
        anonymous: 'unknown',
        everyoneLoggedIn: 'unknown',
        guests: 'unknown',
        restrictingAncestors: [{ id: '10', type: 'page', title: 'HR' }],
      });
      expect(audience.summary).toMatch(
        /^This page is archived, and Confluence may no longer apply the restrictions above it to archived pages \(CONFCLOUD-83913\), so Access Lens cannot say who can view it\. It is archived, so nobody can edit it until it is restored\./u,
      );
      const current = describeAudience(under('current'));
      expect(current.view.terms[1]?.uncertain).toBeUndefined();
      expect(current).toMatchObject({ status: 'current', viewRestriction: 'restricted' });
    });
  });
});

describe('who else could get in', () => {
  const open = site([grant(group(ENG))]);
  const restricted = site([grant(group(ENG))], {
    page: page({ read: only({ groups: [ENG] }) }),
  });

  it('is always there, as data and as its own sentence at the end of the summary', () => {
    const audience = describeAudience(restricted);
    expect(audience.othersWhoCanGetIn).toEqual([
      { kind: 'space-admins', can: 'change-space-permissions' },
      { kind: 'space-admins', can: 'remove-restrictions' },
      { kind: 'confluence-admins', can: 'recover-space-permissions' },
      { kind: 'admin-key', can: 'open-restricted-content', plan: 'unknown', applies: 'unknown' },
      { kind: 'public-links', can: 'view-without-restrictions' },
    ]);
    expect(audience.othersSummary).toBe(
      "Also: space admins can give anyone access to the space and remove these restrictions; Confluence admins can recover the space's permissions; on Premium and Enterprise, org and site admins can open it with the admin key (this site's plan is unknown); a public link, if enabled, shows it to anyone who has the link.",
    );
    expect(audience.summary.endsWith(` ${audience.othersSummary}`)).toBe(true);
  });

  it('mentions removing restrictions only when there are some', () => {
    const kinds = describeAudience(open).othersWhoCanGetIn.map((o) => `${o.kind}:${o.can}`);
    expect(kinds).not.toContain('space-admins:remove-restrictions');
    const unreadable = site([grant(group(ENG))], {
      page: page({ update: { unknown: 'read-failed' } }),
    });
    expect(describeAudience(unreadable).othersWhoCanGetIn[1]).toEqual({
      kind: 'space-admins',
      can: 'remove-restrictions',
    });
  });

  it.each([
    [
      'premium',
      'yes',
      'org and site admins can open it with the admin key (this site is on Premium)',
    ],
    [
      'enterprise',
      'yes',
      'org and site admins can open it with the admin key (this site is on Enterprise)',
    ],
    ['unknown', 'unknown', "this site's plan is unknown"],
  ] as const)('claims the admin key on plan %s', (plan, applies, words) => {
    const audience = describeAudience(site([grant(group(ENG))], { plan }));
    expect(audience.othersWhoCanGetIn).toContainEqual({
      kind: 'admin-key',
      can: 'open-restricted-content',
      plan,
      applies,
    });
    expect(audience.othersSummary).toContain(words);
  });

  it.each(['free', 'standard'] as const)(
    'leaves the admin key out of the sentence on %s',
    (plan) => {
      const audience = describeAudience(site([grant(group(ENG))], { plan }));
      expect(audience.othersWhoCanGetIn).toContainEqual({
        kind: 'admin-key',
        can: 'open-restricted-content',
        plan,
        applies: 'no',
      });
      expect(audience.othersSummary).not.toContain('admin key');
      expect(audience.othersSummary).toBe(
        "Also: space admins can give anyone access to the space; Confluence admins can recover the space's permissions; a public link, if enabled, shows it to anyone who has the link.",
      );
    },
  );
});

describe('new content types', () => {
  it('names whiteboards, databases and smart links above a page', () => {
    const input = site([grant(group(ENG))], {
      ancestors: [
        ancestor('1', 'Plan', only({ groups: [ENG] }), 'whiteboard'),
        ancestor('2', 'Tracker', only({ groups: [ENG] }), 'database'),
        ancestor('3', 'Figma', only({ users: ['u-dave'] }), 'embed'),
      ],
    });
    expect(
      evaluateAccess(input, alice)
        .view.reasons.map((l) => l.message)
        .slice(2, 5),
    ).toEqual([
      'The whiteboard "Plan" above this page limits viewing to 1 group; Alice is listed through the group engineering.',
      'The database "Tracker" above this page limits viewing to 1 group; Alice is listed through the group engineering.',
      'The smart link "Figma" above this page limits viewing to 1 person; Alice is not among them.',
    ]);
  });
});

function fail(): never {
  throw new Error('missing layer');
}
