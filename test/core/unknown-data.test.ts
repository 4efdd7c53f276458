import { evaluateAccess } from './rendered';
import {
  ENG,
  alice,
  ancestor,
  anonymous,
  everyone,
  grant,
  group,
  member,
  page,
  shapes,
  site,
  ANON,
} from './fixtures';

describe('data that could not be read is never reported as open', () => {
  it('an ancestor the app cannot inspect blocks everyone, saying so', () => {
    const input = site(member(group(ENG)), {
      ancestors: [ancestor('10', 'Secret', { unknown: 'hidden-from-app' })],
    });
    for (const subject of everyone) expect(evaluateAccess(input, subject).view.allowed).toBe(false);
    const { view } = evaluateAccess(input, alice);
    expect(view.reasons[2]).toEqual({
      rule: 'inherited-restriction',
      passes: false,
      checked: false,
      uncheckedBecause: 'unreadable',
      through: [],
      unreadable: 'hidden-from-app',
      ancestor: { id: '10', type: 'page', title: 'Secret' },
      message:
        'Access Lens cannot inspect the view restriction of the page "Secret": the app is not allowed to read it, so whether it allows Alice could not be checked.',
    });
  });

  it('an unreadable own restriction', () => {
    const input = site(member(group(ENG)), { page: page({ read: { unknown: 'read-failed' } }) });
    const { view } = evaluateAccess(input, alice);
    expect(view.allowed).toBe(false);
    expect(view.reasons.at(-1)).toEqual({
      rule: 'own-restriction',
      passes: false,
      checked: false,
      uncheckedBecause: 'unreadable',
      through: [],
      unreadable: 'read-failed',
      message:
        'The view restriction of this page could not be read, so whether it allows Alice could not be checked.',
    });
  });

  it('an unreadable edit restriction blocks edit but not view', () => {
    const input = site(member(group(ENG)), {
      page: page({ update: { unknown: 'hidden-from-viewer' } }),
    });
    const { view, edit } = evaluateAccess(input, alice);
    expect(view.allowed).toBe(true);
    expect(edit.allowed).toBe(false);
    expect(edit.reasons.at(-1)).toEqual({
      rule: 'update-restriction',
      passes: false,
      checked: false,
      uncheckedBecause: 'unreadable',
      through: [],
      unreadable: 'hidden-from-viewer',
      message:
        'The edit restriction of this page could not be read: it does not exist or you cannot see it, so whether it allows Alice could not be checked.',
    });
  });

  it('unreadable space permissions leave both space layers unchecked', () => {
    const input = site({ unknown: 'read-failed' });
    const { edit } = evaluateAccess(input, alice);
    expect(edit.allowed).toBe(false);
    expect(
      shapes(edit)
        .filter((l) => !l.checked)
        .map((l) => l.rule),
    ).toEqual(['space-permission', 'space-edit-permission']);
    expect(edit.reasons[1]?.message).toBe(
      'The permissions of the space Engineering could not be read, so whether Alice can view the space Engineering could not be checked.',
    );
  });

  it('anonymous in an open space is still blocked by an unreadable restriction', () => {
    const input = site([grant(ANON)], {
      anonymousAccess: 'on',
      ancestors: [ancestor('10', 'Drafts', { unknown: 'hidden-from-app' }, 'folder')],
    });
    const { view } = evaluateAccess(input, anonymous);
    expect(view.allowed).toBe(false);
    expect(shapes(view)[2]).toMatchObject({
      rule: 'inherited-restriction',
      passes: false,
      checked: false,
    });
  });
});
