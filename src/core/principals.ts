/**
 * Recognising who a principal stands for, and which principals a subject is covered by. Kept apart
 * from the layer logic so the space-permission rules and the audience description agree on it.
 */
import { ANONYMOUS_PRINCIPAL_ID } from './model';
import type { GroupRef, Principal, Subject } from './model';

/**
 * Anonymous shows up three ways: our normalised principal, the legacy principal id `ANONYMOUS`
 * (whatever its type: the legacy permission list names anonymous that way) and the role model's
 * `anonymous-users` access class.
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
    case 'team':
      return principal.teamId === ANONYMOUS_PRINCIPAL_ID;
    case 'other':
      return principal.id === ANONYMOUS_PRINCIPAL_ID;
  }
}

/**
 * Principals whose members Access Lens can never know: teams (no API the app may call lists team
 * members) and principal types it does not recognise. They are routes that *may* admit someone.
 */
export function hasUnlistedMembers(principal: Principal): boolean {
  if (isAnonymousPrincipal(principal)) return false;
  return principal.kind === 'team' || principal.kind === 'other';
}

/**
 * Guests only get grants to themselves and what anonymous visitors get ("What can guests see and
 * do", support.atlassian.com): never group grants or access classes.
 */
export function isGuest(subject: Subject): boolean {
  return subject.kind === 'user' && subject.isGuest === true;
}

/**
 * Logged in, but not allowed to use Confluence: a Jira-only user (no Confluence product access) or a
 * service-desk customer (v2 user `accountType: customer`). Deactivation is a different thing and is
 * only ever `active === false`.
 */
export function lacksProductAccess(subject: Subject): boolean {
  return (
    subject.kind === 'user' &&
    (subject.productAccess === false || subject.accountType === 'customer')
  );
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
 * Guests are left out of every class: they get their own grants and anonymous-enabled spaces only.
 * People without Confluence product access are logged in, so `authenticated-users` includes them,
 * but they are not licensed users nor product admins. Classes we do not know never match (we cannot
 * tell who they include).
 */
export function inAccessClass(subject: Subject, accessClass: string): boolean {
  if (subject.kind === 'anonymous' || isGuest(subject)) return false;
  switch (accessClass) {
    case 'authenticated-users':
      return true;
    case 'all-licensed-users':
      return !lacksProductAccess(subject);
    case 'all-product-admins':
      return (
        subject.kind === 'user' && subject.isProductAdmin === true && !lacksProductAccess(subject)
      );
    default:
      return false;
  }
}
