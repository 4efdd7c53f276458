import { evaluateAccess } from './rendered';
import type { AccessInput } from '../../src/core';
import {
  CREATE_BLOGPOST,
  CREATE_PAGE,
  ENG,
  LEADS,
  READ_SPACE,
  alice,
  ancestor,
  bob,
  carol,
  dave,
  everyone,
  grant,
  group,
  member,
  only,
  page,
  shapes,
  site,
  user,
} from './fixtures';

describe('editing needs view, the space create permission and the own edit restriction', () => {
  it('appends the two edit layers to the view layers', () => {
    const input = site(member(group(ENG)), {
      page: page({ update: only({ users: ['u-alice'] }) }),
    });
    const { view, edit } = evaluateAccess(input, alice);
    expect(edit.allowed).toBe(true);
    expect(edit.reasons.slice(0, view.reasons.length)).toEqual(view.reasons);
    expect(edit.reasons.slice(view.reasons.length)).toEqual([
      {
        rule: 'space-edit-permission',
        passes: true,
        checked: true,
        through: [{ kind: 'group', group: ENG }],
        operations: [CREATE_PAGE],
        message: 'Alice can add pages in the space Engineering through the group engineering.',
      },
      {
        rule: 'update-restriction',
        passes: true,
        checked: true,
        through: [{ kind: 'direct' }],
        listed: { users: 1, groups: 0, teams: 0 },
        message: 'This page limits editing to 1 person; Alice is listed directly.',
      },
    ]);
  });

  it('refuses someone who can view but may not add pages', () => {
    const input = site([grant(group(ENG), READ_SPACE)]);
    const { view, edit } = evaluateAccess(input, alice);
    expect(view.allowed).toBe(true);
    expect(edit.allowed).toBe(false);
    expect(shapes(edit).slice(-2)).toEqual([
      {
        rule: 'space-edit-permission',
        passes: false,
        checked: true,
        through: [],
        operations: [CREATE_PAGE],
      },
      { rule: 'update-restriction', passes: true, checked: true, through: [] },
    ]);
    expect(edit.reasons.at(-2)?.message).toBe(
      'Alice has no permission to add pages in the space Engineering: it is not granted to them, to their groups or to everyone.',
    );
    expect(edit.reasons.at(-1)?.message).toBe(
      'This page has no edit restriction, so everyone who can view it and add pages in the space can edit it.',
    );
  });

  it('refuses someone allowed to edit who cannot view', () => {
    const input = site([grant(group(ENG), { key: 'create', targetType: 'page' })]);
    const { edit } = evaluateAccess(input, alice);
    expect(edit.allowed).toBe(false);
    expect(shapes(edit).map((l) => [l.rule, l.passes])).toEqual([
      ['site-access', true],
      ['space-permission', false],
      ['own-restriction', true],
      ['space-edit-permission', true],
      ['update-restriction', true],
    ]);
  });

  it('refuses someone the edit restriction does not list', () => {
    const input = site(member(group(ENG)), { page: page({ update: only({ groups: [LEADS] }) }) });
    expect(evaluateAccess(input, bob).edit.allowed).toBe(true);
    const { edit } = evaluateAccess(input, alice);
    expect(edit.allowed).toBe(false);
    expect(edit.reasons.at(-1)).toEqual({
      rule: 'update-restriction',
      passes: false,
      checked: true,
      through: [],
      listed: { users: 0, groups: 1, teams: 0 },
      message: 'This page limits editing to 1 group; Alice is not among them.',
    });
  });

  it('asks blog posts for the add-blog-post permission instead', () => {
    const input = site(member(group(ENG)), { page: page({ type: 'blogpost' }) });
    const { edit } = evaluateAccess(input, alice);
    expect(edit.allowed).toBe(false);
    expect(edit.reasons.at(-2)?.message).toBe(
      'Alice has no permission to add blog posts in the space Engineering: it is not granted to them, to their groups or to everyone.',
    );
    const withBlog = {
      ...input,
      grants: [...member(group(ENG)), grant(group(ENG), CREATE_BLOGPOST)],
    };
    expect(evaluateAccess(withBlog, alice).edit.allowed).toBe(true);
  });
});

describe('an edit restriction whose editor the parent hides', () => {
  // Alice is the only listed editor, but the parent page is visible to leads only: nobody can edit.
  const input: AccessInput = site(member(group(ENG)), {
    ancestors: [ancestor('10', 'Leadership', only({ groups: [LEADS] }))],
    page: page({ update: only({ users: ['u-alice'] }) }),
  });

  it('the listed editor passes the edit restriction but cannot view, so cannot edit', () => {
    const { view, edit } = evaluateAccess(input, alice);
    expect(view.allowed).toBe(false);
    expect(edit.allowed).toBe(false);
    expect(shapes(edit).map((l) => [l.rule, l.passes, l.ancestor?.id])).toEqual([
      ['site-access', true, undefined],
      ['space-permission', true, undefined],
      ['inherited-restriction', false, '10'],
      ['own-restriction', true, undefined],
      ['space-edit-permission', true, undefined],
      ['update-restriction', true, undefined],
    ]);
  });

  it('those who can view are not listed as editors', () => {
    expect(evaluateAccess(input, bob).view.allowed).toBe(true);
    expect(evaluateAccess(input, bob).edit.reasons.at(-1)?.passes).toBe(false);
  });

  it('nobody in the site can edit', () => {
    const subjects = [
      ...everyone,
      { kind: 'group', ...LEADS } as const,
      { kind: 'group', ...ENG } as const,
    ];
    expect(subjects.filter((s) => evaluateAccess(input, s).edit.allowed)).toEqual([]);
  });
});

describe('edit restrictions do not inherit', () => {
  it("ignores an ancestor's edit restriction", () => {
    // The ancestor data carries an edit restriction for Carol only; it must not narrow the child.
    const parent = { ...page({ id: '10', title: 'Parent', update: only({ users: ['u-carol'] }) }) };
    const input = site(member(group(ENG)), { ancestors: [parent] });
    const { edit } = evaluateAccess(input, alice);
    expect(edit.allowed).toBe(true);
    expect(edit.reasons.some((l) => l.ancestor !== undefined)).toBe(false);
    expect(edit.reasons.map((l) => l.rule)).toEqual([
      'site-access',
      'space-permission',
      'own-restriction',
      'space-edit-permission',
      'update-restriction',
    ]);
  });

  it('reports an ancestor by its identity only, whatever else the caller passed', () => {
    const parent = page({ id: '10', title: 'Parent', read: only({ users: ['u-alice'] }) });
    const { edit } = evaluateAccess(site(member(group(ENG)), { ancestors: [parent] }), alice);
    expect(edit.reasons[2]?.ancestor).toEqual({ id: '10', type: 'page', title: 'Parent' });
  });

  it("still applies the ancestor's view restriction to editing", () => {
    const parent = ancestor('10', 'Parent', only({ users: ['u-carol'] }));
    const input = site([...member(group(ENG)), ...member(user('u-carol'))], {
      ancestors: [parent],
    });
    expect(evaluateAccess(input, alice).edit.allowed).toBe(false);
    expect(evaluateAccess(input, carol).edit.allowed).toBe(true);
    expect(evaluateAccess(input, dave).edit.allowed).toBe(false);
  });
});
