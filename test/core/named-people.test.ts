/** The people the layers name, and their markers on the layer-by-layer audience. */
import { describeAudience, markNamedPeople, peopleNamedIn } from '../../src/core';
import type { AudienceMember } from '../../src/core';
import { ENG, ancestor, grant, group, member, only, page, site, user } from './fixtures';

const input = site(
  [...member(group(ENG)), ...member(user('u-dan')), grant(user('u-erin')), grant(user('u-dan'))],
  {
    page: page({
      read: only({ users: ['u-priya'] }),
      update: only({ users: ['u-priya', 'u-ann'] }),
    }),
    ancestors: [
      ancestor('10', 'Security', only({ users: ['u-root'] })),
      ancestor('11', 'Runbooks', only({ users: ['u-near', 'u-priya'] })),
      ancestor('12', 'Unreadable', { unknown: 'hidden-from-viewer' }),
    ],
  },
);

describe('peopleNamedIn', () => {
  it('lists each account once: the page, its ancestors nearest first, then the grants', () => {
    expect(peopleNamedIn(input, 100)).toEqual([
      'u-priya',
      'u-ann',
      'u-near',
      'u-root',
      'u-dan',
      'u-erin',
    ]);
  });

  it('stops at the limit, keeping the restrictions first', () => {
    expect(peopleNamedIn(input, 3)).toEqual(['u-priya', 'u-ann', 'u-near']);
    expect(peopleNamedIn(input, 0)).toEqual([]);
  });

  it('names nobody from grants it could not read', () => {
    expect(peopleNamedIn({ ...input, grants: { unknown: 'read-failed' } }, 100)).toEqual([
      'u-priya',
      'u-ann',
      'u-near',
      'u-root',
    ]);
  });
});

describe('markNamedPeople', () => {
  const audience = describeAudience({
    ...input,
    page: page({
      read: { users: [{ accountId: 'u-priya', displayName: 'Priya' }], groups: [] },
      update: only({ users: ['u-priya', 'u-ann'] }),
    }),
  });
  const people = (terms: typeof audience.view.terms): AudienceMember[] =>
    terms.flatMap((term) => ('unknown' in term.members ? [] : term.members));
  const named = {
    'u-dan': { markers: ['guest'] as const, displayName: 'Dan Contractor' },
    'u-priya': { markers: [], displayName: 'Priya Security' },
  };

  it('sets each checked person’s markers on every entry of theirs, and nothing else', () => {
    const marked = markNamedPeople(audience, named);
    for (const formula of [marked.view, marked.edit]) {
      for (const entry of people(formula.terms)) {
        const { principal } = entry;
        if (principal.kind !== 'user') expect(entry.markers).toBeUndefined();
        else if (principal.accountId === 'u-dan') expect(entry.markers).toEqual(['guest']);
        else if (principal.accountId === 'u-priya') expect(entry.markers).toEqual([]);
        else expect(entry.markers).toBeUndefined();
      }
    }
    expect(people(marked.view.terms).some((e) => e.markers?.includes('guest'))).toBe(true);
  });

  it('names a person the layer gave by id only, and keeps the name a layer gave', () => {
    const entries = people(markNamedPeople(audience, named).view.terms);
    const names = (id: string) =>
      new Set(
        entries.flatMap((e) =>
          e.principal.kind === 'user' && e.principal.accountId === id
            ? [e.principal.displayName]
            : [],
        ),
      );
    expect(names('u-dan')).toEqual(new Set(['Dan Contractor']));
    // The page's own list names Priya "Priya", and that stands; Runbooks lists her by id only.
    expect(names('u-priya')).toEqual(new Set(['Priya', 'Priya Security']));
    expect(names('u-erin')).toEqual(new Set([undefined]));
  });

  it('changes nothing but the checked people’s entries', () => {
    const marked = markNamedPeople(audience, {});
    expect(marked).toEqual(audience);
    const once = markNamedPeople(audience, named);
    expect({ ...once, view: undefined, edit: undefined }).toEqual({
      ...audience,
      view: undefined,
      edit: undefined,
    });
    expect(once.view.terms.map((t) => t.rule)).toEqual(audience.view.terms.map((t) => t.rule));
  });
});
