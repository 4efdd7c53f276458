/**
 * Recognising who a principal stands for, and which principals a subject is covered by. Kept apart
 * from the layer logic so the space-permission rules and the audience description agree on it.
 */
import { accessClassRule } from './access-classes';
import type { SubjectRef } from './decision';
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
      return accessClassRule(principal.accessClass).reach === 'anonymous';
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
 * Whether a logged-in subject belongs to an access class, by the access-class table
 * (access-classes.ts). Guests are left out of every class: they get their own grants and
 * anonymous-enabled spaces only. The anonymous class reaches people as an anonymous grant (see
 * `isAnonymousPrincipal`), never as a class; classes we do not know never match (we cannot tell
 * who they include).
 */
export function inAccessClass(subject: Subject, accessClass: string): boolean {
  if (subject.kind === 'anonymous' || isGuest(subject)) return false;
  switch (accessClassRule(accessClass).reach) {
    case 'logged-in':
      return true;
    case 'licensed':
      return !lacksProductAccess(subject);
    case 'product-admins':
      return (
        subject.kind === 'user' && subject.isProductAdmin === true && !lacksProductAccess(subject)
      );
    case 'anonymous':
    case 'unknown':
      return false;
  }
}

/** Who a decision is about, as the data its reasons name (no groups: they are not named). */
export function subjectRef(subject: Subject): SubjectRef {
  switch (subject.kind) {
    case 'user':
      return {
        kind: 'user',
        accountId: subject.accountId,
        ...(subject.displayName === undefined ? {} : { displayName: subject.displayName }),
        ...(isGuest(subject) ? { isGuest: true as const } : {}),
        ...(lacksProductAccess(subject) ? { withoutProductAccess: true as const } : {}),
      };
    case 'group':
      return {
        kind: 'group',
        groupId: subject.groupId,
        ...(subject.name === undefined ? {} : { name: subject.name }),
      };
    case 'anonymous':
      return { kind: 'anonymous' };
  }
}
