/**
 * Space permissions: a union of grants with no deny (DESIGN.md §3). A subject holds an operation if
 * any grant for it reaches them; we collect every route so reasons can list them all.
 */
import type { Through } from './decision';
import { sameOperation } from './model';
import type { Operation, SpaceGrant, Subject } from './model';
import { inAccessClass, isAnonymousPrincipal, isGuest, subjectGroups } from './principals';

/** Guests can be granted anything except these (Atlassian, "What can guests see and do"). */
const GUEST_FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  'administer',
  'export',
  'restrict_content',
]);

/**
 * The routes by which `subject` holds `operation` in the space; empty when they do not hold it.
 *
 * An anonymous grant reaches everyone, logged in or not, guests included: that is what §3 states for
 * `read/space`, and we apply it to every operation because a logged-in user is never given less
 * than a visitor who is not logged in.
 */
export function spacePermissionRoutes(
  grants: readonly SpaceGrant[],
  subject: Subject,
  operation: Operation,
): readonly Through[] {
  if (isGuest(subject) && GUEST_FORBIDDEN_KEYS.has(operation.key)) return [];
  const routes = grants
    .filter((grant) => sameOperation(grant.operation, operation))
    .map((grant) => routeOf(grant, subject))
    .filter((route): route is Through => route !== undefined);
  return dedupe(routes);
}

function routeOf(grant: SpaceGrant, subject: Subject): Through | undefined {
  const via = grant.via === undefined ? {} : { via: grant.via };
  const principal = grant.principal;
  if (isAnonymousPrincipal(principal)) return { kind: 'anonymous', ...via };
  switch (principal.kind) {
    case 'user':
      if (subject.kind !== 'user' || subject.accountId !== principal.accountId) return undefined;
      return { kind: isGuest(subject) ? 'guest-assignment' : 'direct', ...via };
    case 'group': {
      // Guests hold only their own assignment and what anonymous visitors get (DESIGN.md §3).
      if (isGuest(subject)) return undefined;
      const member = subjectGroups(subject).find((g) => g.groupId === principal.groupId);
      if (member === undefined) return undefined;
      const name = principal.name ?? member.name;
      const group = { groupId: principal.groupId, ...(name === undefined ? {} : { name }) };
      return { kind: 'group', group, ...via };
    }
    case 'access-class':
      return inAccessClass(subject, principal.accessClass)
        ? { kind: 'access-class', accessClass: principal.accessClass, ...via }
        : undefined;
    case 'anonymous':
    case 'other':
      return undefined;
  }
}

/** The same route can appear twice (e.g. a role's permission also in the legacy list). */
function dedupe(routes: readonly Through[]): readonly Through[] {
  const seen = new Set<string>();
  return routes.filter((route) => {
    const key = JSON.stringify(route);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
