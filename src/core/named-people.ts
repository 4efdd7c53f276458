/**
 * The people the access layers name by account (space grants, the page's view and edit lists,
 * its ancestors' view lists), and what checking them found set on the layer-by-layer audience,
 * so a guest or a deactivated account is marked there as in the effective audience
 * (docs/ARCHITECTURE.md, "The effective audience").
 */
import type { Audience, AudienceFormula, AudienceMember } from './audience';
import type { PersonMarker } from './effective-audience';
import { isUnknown } from './model';
import type { AccessInput, Restriction } from './model';

/** What the check of one named person found: their markers, and their name when told. */
export interface NamedPerson {
  readonly markers: readonly PersonMarker[];
  readonly displayName?: string;
}

/** Checked people by account id; a person absent from it was not checked (and shows none). */
export type NamedPeople = Readonly<Record<string, NamedPerson>>;

/**
 * Every account a layer names, once, restrictions first (they are the short lists that decide a
 * restricted page: the page's own, then its ancestors' from the nearest), then the space grants
 * in Confluence's order; at most `max`.
 */
export function peopleNamedIn(input: AccessInput, max: number): string[] {
  const ids = new Set<string>();
  const add = (accountId: string) => {
    if (ids.size < max) ids.add(accountId);
  };
  const fromList = (list: Restriction) => {
    if (isUnknown(list)) return;
    for (const user of list.users) add(user.accountId);
  };
  fromList(input.page.read);
  fromList(input.page.update);
  for (const ancestor of [...input.ancestors].reverse()) fromList(ancestor.read);
  if (!isUnknown(input.grants)) {
    for (const grant of input.grants) {
      if (grant.principal.kind === 'user') add(grant.principal.accountId);
    }
  }
  return [...ids];
}

/**
 * The audience with each checked person's markers on their entries (an empty list: none), and
 * their name where the layer gave only the account id (space grants do).
 */
export function markNamedPeople(audience: Audience, named: NamedPeople): Audience {
  const mark = (member: AudienceMember): AudienceMember => {
    const { principal } = member;
    if (principal.kind !== 'user') return member;
    const found = named[principal.accountId];
    if (found === undefined) return member;
    const displayName = principal.displayName ?? found.displayName;
    return {
      ...member,
      principal: displayName === undefined ? principal : { ...principal, displayName },
      markers: found.markers,
    };
  };
  const formula = (f: AudienceFormula): AudienceFormula => ({
    ...f,
    terms: f.terms.map((term) =>
      isUnknown(term.members) ? term : { ...term, members: term.members.map(mark) },
    ),
  });
  return { ...audience, view: formula(audience.view), edit: formula(audience.edit) };
}
