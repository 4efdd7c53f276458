/**
 * The effective audience's headline in words (src/messages/effective.ts): counts, "at least",
 * groups told by size, everyone of a kind, anonymous visitors, and German verb agreement.
 */
import type { EffectiveAudience } from '../../src/core/effective-audience';
import { effectiveHeadline, personLine } from '../../src/messages/effective';
import { messagesFor } from '../../src/messages/locale-file';
import { shownPeople } from '../../src/frontend/macro/state/peoplePages';

const person = (n: number) => ({
  accountId: `u-${n}`,
  displayName: `Person ${n}`,
  markers: [],
  routes: [],
});
const audience = (over: Partial<EffectiveAudience> = {}): EffectiveAudience => ({
  count: 0,
  complete: true,
  people: [],
  groups: [],
  everyone: [],
  anonymous: false,
  ...over,
});

describe('effective audience headline', () => {
  const en = messagesFor('en-US');
  const de = messagesFor('de-DE');

  it('counts people, plural-aware, and says "at least" when incomplete', () => {
    const view = audience({ people: [person(1), person(2), person(3)] });
    const edit = audience({ people: [person(1)] });
    expect(effectiveHeadline(en, { view, edit })).toBe('3 people can view this page; 1 can edit.');
    expect(effectiveHeadline(de, { view, edit })).toBe(
      '3 Personen können diese Seite ansehen; 1 kann sie bearbeiten.',
    );
    const partial = audience({ people: [person(1)], complete: false });
    expect(effectiveHeadline(en, { view: partial, edit: audience() })).toBe(
      'At least 1 person can view this page; nobody can edit.',
    );
  });

  it('tells groups by size, everyone of a kind and anonymous visitors', () => {
    const view = audience({
      people: [person(1), person(2)],
      groups: [{ groupId: 'g-all', name: 'all-staff', size: 1500 }],
      anonymous: true,
    });
    expect(effectiveHeadline(en, { view, edit: audience({ people: [person(1)] }) })).toBe(
      '2 people, the 1,500 members of all-staff and anonymous visitors can view this page; 1 can edit.',
    );
    const everyone = audience({ everyone: ['licensed'] });
    expect(effectiveHeadline(en, { view: everyone, edit: everyone })).toBe(
      'Everyone with access to Confluence can view this page; everyone with access to Confluence can edit.',
    );
    expect(effectiveHeadline(de, { view: everyone, edit: audience() })).toBe(
      'Alle mit Zugriff auf Confluence können diese Seite ansehen; niemand kann sie bearbeiten.',
    );
  });

  it('names markers in the catalogue words', () => {
    const dan = { ...person(9), displayName: 'Dan', markers: ['guest' as const] };
    expect(personLine(en, dan, false)).toBe('Dan (guest)');
    expect(personLine(de, dan, true)).toBe('Dan (Gast, kann bearbeiten)');
  });

  it('pages the list ten at a time', () => {
    expect(shownPeople(25, 1)).toEqual({ shown: 10, more: true });
    expect(shownPeople(25, 3)).toEqual({ shown: 25, more: false });
    expect(shownPeople(4, 1)).toEqual({ shown: 4, more: false });
  });
});
