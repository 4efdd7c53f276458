import { spacePermissionRoutes } from '../../src/core';
import { evaluateAccess } from './rendered';
import type { Operation, Principal, Subject } from '../../src/core';
import {
  ANON,
  CREATE_PAGE,
  ENG,
  HR,
  accessClass,
  alice,
  anonymous,
  dave,
  gina,
  grant,
  group,
  member,
  only,
  page,
  shapes,
  site,
  user,
} from './fixtures';

const ADMIN: Operation = { key: 'administer', targetType: 'space' };
const EXPORT: Operation = { key: 'export', targetType: 'space' };
const RESTRICT: Operation = { key: 'restrict_content', targetType: 'space' };

describe('guests', () => {
  it('can view and edit the space they are assigned to, through that assignment', () => {
    const { view, edit } = evaluateAccess(
      site([...member(group(ENG)), ...member(user('u-gina'))]),
      gina,
    );
    expect(view.allowed).toBe(true);
    expect(edit.allowed).toBe(true);
    expect(shapes(view)[1]).toEqual({
      rule: 'space-permission',
      passes: true,
      checked: true,
      through: [{ kind: 'guest-assignment' }],
    });
    expect(view.reasons[0]?.message).toBe(
      'Gina is a guest: they can use Confluence, but only in the space they are assigned to and in spaces open to anonymous visitors.',
    );
    expect(view.reasons[1]?.message).toBe(
      'Gina can view the space Engineering through their guest assignment to this space.',
    );
  });

  it('see nothing of another space', () => {
    const { view } = evaluateAccess(site(member(group(ENG))), gina);
    expect(view.allowed).toBe(false);
    expect(shapes(view)[1]).toEqual({
      rule: 'space-permission',
      passes: false,
      checked: true,
      through: [],
    });
    expect(view.reasons[1]?.message).toBe(
      'Gina is a guest with no permission to view the space Engineering: guests only get grants to themselves and what anonymous visitors get.',
    );
  });

  it('see an anonymous-enabled space even when the site keeps anonymous visitors out', () => {
    const input = site([...member(group(ENG)), grant(ANON)], { anonymousAccess: 'off' });
    const { view, edit } = evaluateAccess(input, gina);
    expect(view.allowed).toBe(true);
    expect(shapes(view)[1]?.through).toEqual([{ kind: 'anonymous' }]);
    expect(view.reasons[1]?.message).toBe(
      'Gina can view the space Engineering through its grant to anonymous visitors.',
    );
    expect(edit.allowed).toBe(false);
  });

  it('get nothing through their groups: only their own assignment counts', () => {
    const guestInGroup: Subject = { ...gina, groups: [HR] } as Subject;
    const { view } = evaluateAccess(site(member(group(HR))), guestInGroup);
    expect(view.allowed).toBe(false);
    expect(shapes(view)[1]).toMatchObject({ rule: 'space-permission', passes: false, through: [] });
  });

  it('are not part of broad access classes', () => {
    const input = site([
      grant(accessClass('authenticated-users')),
      grant(accessClass('all-licensed-users')),
    ]);
    expect(evaluateAccess(input, gina).view.allowed).toBe(false);
    expect(evaluateAccess(input, dave).view.allowed).toBe(true);
  });

  it('never hold space admin, export or restrict permissions, whatever is granted', () => {
    const everything = (p: Principal) => [grant(p, ADMIN), grant(p, EXPORT), grant(p, RESTRICT)];
    const grants = [
      ...everything(user('u-gina')),
      ...everything(ANON),
      ...everything(user('u-dave')),
    ];
    for (const operation of [ADMIN, EXPORT, RESTRICT]) {
      expect(spacePermissionRoutes(grants, gina, operation)).toEqual([]);
      expect(spacePermissionRoutes(grants, dave, operation)).toEqual([
        { kind: 'anonymous' },
        { kind: 'direct' },
      ]);
    }
  });
});

describe('anonymous visitors', () => {
  const openSpace = [...member(group(ENG)), grant(ANON)];

  it('can view an anonymous-enabled space when the site lets them in', () => {
    const { view, edit } = evaluateAccess(site(openSpace, { anonymousAccess: 'on' }), anonymous);
    expect(view.allowed).toBe(true);
    expect(shapes(view)).toEqual([
      { rule: 'site-access', passes: true, checked: true, through: [] },
      { rule: 'space-permission', passes: true, checked: true, through: [{ kind: 'anonymous' }] },
      { rule: 'own-restriction', passes: true, checked: true, through: [] },
    ]);
    expect(view.reasons[0]?.message).toBe('This site lets visitors in without logging in.');
    expect(edit.allowed).toBe(false);
    expect(edit.reasons.at(-2)?.message).toBe(
      'Anonymous visitors have no permission to add pages in the space Engineering.',
    );
  });

  it('are kept out by the site setting, while the space layer still shows it is open', () => {
    const { view } = evaluateAccess(site(openSpace, { anonymousAccess: 'off' }), anonymous);
    expect(view.allowed).toBe(false);
    expect(shapes(view).slice(0, 2)).toEqual([
      { rule: 'site-access', passes: false, checked: true, through: [] },
      { rule: 'space-permission', passes: true, checked: true, through: [{ kind: 'anonymous' }] },
    ]);
    expect(view.reasons[0]?.message).toBe(
      'This site does not let anyone in without logging in, so anonymous visitors see nothing.',
    );
  });

  it('are not counted when the site setting is unknown', () => {
    const { view } = evaluateAccess(site(openSpace, { anonymousAccess: 'unknown' }), anonymous);
    expect(view.allowed).toBe(false);
    expect(shapes(view)[0]).toEqual({
      rule: 'site-access',
      passes: false,
      checked: false,
      uncheckedBecause: 'site-setting',
      through: [],
    });
    expect(view.reasons[0]?.message).toMatch(/cannot tell whether this site lets visitors in/);
  });

  it('cannot view a space with no anonymous grant', () => {
    const { view } = evaluateAccess(site(member(group(ENG)), { anonymousAccess: 'on' }), anonymous);
    expect(shapes(view)[1]).toEqual({
      rule: 'space-permission',
      passes: false,
      checked: true,
      through: [],
    });
    expect(view.reasons[1]?.message).toBe(
      'Anonymous visitors have no permission to view the space Engineering.',
    );
  });

  it('never pass a restriction', () => {
    const input = site(openSpace, {
      anonymousAccess: 'on',
      page: page({ read: only({ groups: [ENG] }) }),
    });
    const { view } = evaluateAccess(input, anonymous);
    expect(view.allowed).toBe(false);
    expect(view.reasons.at(-1)).toEqual({
      rule: 'own-restriction',
      passes: false,
      checked: true,
      through: [],
      listed: { users: 0, groups: 1, teams: 0 },
      message:
        'This page limits viewing to 1 group; anonymous visitors are never included in a restriction.',
    });
  });

  it.each<[string, Principal]>([
    ['the legacy role principal ANONYMOUS', { kind: 'other', type: 'role', id: 'ANONYMOUS' }],
    ['a group principal with id ANONYMOUS', { kind: 'group', groupId: 'ANONYMOUS' }],
    ['the anonymous-users access class', accessClass('anonymous-users')],
  ])('are recognised through %s', (_name, principal) => {
    const { view } = evaluateAccess(site([grant(principal)], { anonymousAccess: 'on' }), anonymous);
    expect(view.allowed).toBe(true);
    expect(shapes(view)[1]?.through).toEqual([{ kind: 'anonymous' }]);
  });

  it('open the space to every logged-in user, even when the site keeps visitors out', () => {
    const { view } = evaluateAccess(site([grant(ANON)], { anonymousAccess: 'off' }), dave);
    expect(view.allowed).toBe(true);
    expect(shapes(view)[1]?.through).toEqual([{ kind: 'anonymous' }]);
  });
  it('extend an anonymous add-page grant to logged-in users (never less than a visitor)', () => {
    const input = site([grant(ANON), grant(ANON, CREATE_PAGE)], { anonymousAccess: 'off' });
    expect(shapes(evaluateAccess(input, dave).edit).at(-2)).toEqual({
      rule: 'space-edit-permission',
      passes: true,
      checked: true,
      operations: [CREATE_PAGE],
      through: [{ kind: 'anonymous' }],
    });
  });
});

describe('access classes and roles (space roles)', () => {
  const viewer = { role: 'Viewer', roleId: 'r-viewer' };
  const collaborator = { role: 'Collaborator', roleId: 'r-collab' };

  it('name the role and how the subject holds it', () => {
    const input = site([
      ...member(group(ENG), collaborator),
      grant(accessClass('all-licensed-users'), undefined, viewer),
    ]);
    const { view, edit } = evaluateAccess(input, alice);
    expect(shapes(view)[1]?.through).toEqual([
      { kind: 'group', group: ENG, via: collaborator },
      { kind: 'access-class', accessClass: 'all-licensed-users', via: viewer },
    ]);
    expect(view.reasons[1]?.message).toBe(
      'Alice can view the space Engineering through the role Collaborator given to the group engineering and the role Viewer given to all licensed users.',
    );
    expect(edit.reasons.at(-2)?.through).toEqual([
      { kind: 'group', group: ENG, via: collaborator },
    ]);
  });

  it('reach everyone through anonymous-users, named as a role', () => {
    const input = site([grant(accessClass('anonymous-users'), undefined, viewer)], {
      anonymousAccess: 'on',
    });
    const { view } = evaluateAccess(input, anonymous);
    expect(shapes(view)[1]?.through).toEqual([{ kind: 'anonymous', via: viewer }]);
    expect(view.reasons[1]?.message).toBe(
      'Anonymous visitors can view the space Engineering through the role Viewer given to anonymous users.',
    );
  });

  it('let product admins in through all-product-admins only', () => {
    const input = site([grant(accessClass('all-product-admins'))]);
    const admin: Subject = { ...dave, isProductAdmin: true } as Subject;
    expect(evaluateAccess(input, admin).view.allowed).toBe(true);
    expect(evaluateAccess(input, dave).view.allowed).toBe(false);
  });

  it('never let anyone in through an access class we do not know', () => {
    const input = site([
      grant(accessClass('future-class')),
      grant({ kind: 'other', type: 'team', id: 't-1' }),
    ]);
    for (const subject of [alice, dave, gina, anonymous]) {
      expect(evaluateAccess(input, subject).view.allowed).toBe(false);
    }
  });

  it('give a group subject what every licensed user gets', () => {
    const input = site([grant(accessClass('all-licensed-users'), undefined, viewer)]);
    const { view } = evaluateAccess(input, { kind: 'group', ...ENG });
    expect(shapes(view)[1]?.through).toEqual([
      { kind: 'access-class', accessClass: 'all-licensed-users', via: viewer },
    ]);
  });

  it('count a permission held both ways once', () => {
    const input = site([grant(group(ENG)), grant(group(ENG))]);
    expect(shapes(evaluateAccess(input, alice).view)[1]?.through).toEqual([
      { kind: 'group', group: ENG },
    ]);
  });
});
