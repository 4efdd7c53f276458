/**
 * Recognising who a principal stands for, and which principals a subject is covered by. Kept apart
 * from the layer logic so the space-permission rules and the audience description agree on it.
 */
import { ANONYMOUS_PRINCIPAL_ID } from './model';
import type { GroupRef, Principal, Subject } from './model';

/**
 * Anonymous shows up three ways: our normalised principal, the legacy principal id `ANONYMOUS`
 * (whatever its type, DESIGN.md §4) and the role model's `anonymous-users` access class.
 */
export function isAnonymousPrincipal(principal: Principal): boolean {
  switch (principal.kind) {
    case 'anonymous':
      return true;
    case 'access-class':
      return principal.accessClass === 'anonymous-users';
    case 'user':
      return principal.accountId === ANONYMOUS_PRINCIPAL_ID;
    case 'group':
      return principal.groupId === ANONYMOUS_PRINCIPAL_ID;
    case 'other':
      return principal.id === ANONYMOUS_PRINCIPAL_ID;
  }
}

/** Guests only get grants to themselves, their groups and anonymous (DESIGN.md §3). */
export function isGuest(subject: Subject): boolean {
  return subject.kind === 'user' && subject.isGuest === true;
}

/** Group ids the subject belongs to; a group subject is, by definition, a member of its group. */
export function subjectGroups(subject: Subject): readonly GroupRef[] {
  switch (subject.kind) {
    case 'user':
      return subject.groups;
    case 'group':
      return [
        { groupId: subject.groupId, ...(subject.name === undefined ? {} : { name: subject.name }) },
      ];
    case 'anonymous':
      return [];
  }
}

/**
 * Whether a logged-in subject belongs to an access class other than `anonymous-users`.
 * Guests are left out of every class: DESIGN.md §3 gives them their own grants and anonymous-enabled
 * spaces only. Classes we do not know never match (we cannot tell who they include).
 */
export function inAccessClass(subject: Subject, accessClass: string): boolean {
  if (subject.kind === 'anonymous' || isGuest(subject)) return false;
  switch (accessClass) {
    case 'authenticated-users':
    case 'all-licensed-users':
      return true;
    case 'all-product-admins':
      return subject.kind === 'user' && subject.isProductAdmin === true;
    default:
      return false;
  }
}
