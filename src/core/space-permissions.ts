/**
 * Space permissions: a union of grants with no deny. A subject holds an operation if any grant for
 * it reaches them; we collect every route so reasons can list them all.
 */
import type { Through } from './decision';
import { READ_SPACE, sameOperation } from './model';
import type { Operation, SpaceGrant, Subject } from './model';
import {
  hasUnlistedMembers,
  inAccessClass,
  isAnonymousPrincipal,
  isGuest,
  lacksProductAccess,
  subjectGroups,
} from './principals';

/** Guests can be granted anything except these (Atlassian, "What can guests see and do"). */
const GUEST_FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  'administer',
  'export',
  'restrict_content',
]);

export interface SpaceAccessRoutes {
  /** Routes known to reach the subject. */
  readonly through: readonly Through[];
  /** Routes that may reach them: grants to teams or unrecognised principals. */
  readonly unconfirmed: readonly Through[];
}

/**
 * The routes by which `subject` holds `operation` in the space; empty when they do not hold it.
 * Only confirmed routes: see `spaceAccessRoutes` for the ones that may also reach them.
 */
export function spacePermissionRoutes(
  grants: readonly SpaceGrant[],
  subject: Subject,
  operation: Operation,
): readonly Through[] {
  return spaceAccessRoutes(grants, subject, [operation]).through;
}

/**
 * The routes by which `subject` holds any of `operations`.
 *
 * An anonymous grant reaches everyone, logged in or not, guests included: Atlassian documents it
 * for viewing the space, and we apply it to every operation because a logged-in user is never given
 * less than a visitor who is not logged in.
 *
 * People who are logged in without Confluence product access get only what anonymous visitors get
 * and what the `authenticated-users` class gets: no personal grant, no group grant, no team.
 */
export function spaceAccessRoutes(
  grants: readonly SpaceGrant[],
  subject: Subject,
  operations: readonly Operation[],
): SpaceAccessRoutes {
  const held = grants.filter(
    (grant) =>
      operations.some((operation) => sameOperation(grant.operation, operation)) &&
      // Without product access an account only ever views what is open to everyone: it
      // cannot create or edit, whatever anonymous visitors were given
      // (https://support.atlassian.com/confluence-cloud/docs/give-access-to-unlicensed-users-from-jira-service-management/).
      (!lacksProductAccess(subject) || sameOperation(grant.operation, READ_SPACE)),
  );
  if (isGuest(subject)) {
    const allowed = held.filter((grant) => !GUEST_FORBIDDEN_KEYS.has(grant.operation.key));
    return routesOf(allowed, subject);
  }
  return routesOf(held, subject);
}

function routesOf(grants: readonly SpaceGrant[], subject: Subject): SpaceAccessRoutes {
  const through: Through[] = [];
  const unconfirmed: Through[] = [];
  for (const grant of grants) {
    const route = routeOf(grant, subject);
    if (route !== undefined) through.push(route);
    const maybe = unconfirmedRouteOf(grant, subject);
    if (maybe !== undefined) unconfirmed.push(maybe);
  }
  return { through: dedupe(through), unconfirmed: dedupe(unconfirmed) };
}

function routeOf(grant: SpaceGrant, subject: Subject): Through | undefined {
  const via = grant.via === undefined ? {} : { via: grant.via };
  const principal = grant.principal;
  if (isAnonymousPrincipal(principal)) return { kind: 'anonymous', ...via };
  switch (principal.kind) {
    case 'user':
      if (subject.kind !== 'user' || subject.accountId !== principal.accountId) return undefined;
      if (lacksProductAccess(subject)) return undefined;
      return { kind: isGuest(subject) ? 'guest-assignment' : 'direct', ...via };
    case 'group': {
      // Guests hold only their own assignment and what anonymous visitors get; people without
      // product access get nothing through their groups.
      if (isGuest(subject) || lacksProductAccess(subject)) return undefined;
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
    case 'team':
    case 'other':
      return undefined;
  }
}

/**
 * A team or an unrecognised principal may include any logged-in person who may use Confluence
 * (guests included: whether guests can be team members is not documented). It never includes an
 * anonymous visitor, and cannot give anything to someone without product access.
 */
function unconfirmedRouteOf(grant: SpaceGrant, subject: Subject): Through | undefined {
  const principal = grant.principal;
  if (!hasUnlistedMembers(principal)) return undefined;
  if (subject.kind === 'anonymous' || lacksProductAccess(subject)) return undefined;
  return unlistedRoute(principal, grant.via);
}

/** The `Through` for a principal whose members are unknown; undefined for any other principal. */
export function unlistedRoute(
  principal: SpaceGrant['principal'],
  roleVia?: SpaceGrant['via'],
): Through | undefined {
  const via = roleVia === undefined ? {} : { via: roleVia };
  switch (principal.kind) {
    case 'team': {
      const { kind: _kind, ...team } = principal;
      return { kind: 'team', team, ...via };
    }
    case 'other':
      return { kind: 'unrecognised', type: principal.type, id: principal.id, ...via };
    case 'user':
    case 'group':
    case 'anonymous':
    case 'access-class':
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
