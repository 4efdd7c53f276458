/**
 * A space's grants in the engine's vocabulary, from whichever source the site's space role mode
 * says is the truth:
 *
 *   PRE_ROLES         the legacy permission list (`/spaces/{id}/permissions`)
 *   ROLES_TRANSITION  the role assignments united with the legacy list
 *   ROLES             the role assignments only; the legacy list is ignored whatever it holds
 *                     (Atlassian does not document it there: rows derived from roles, or none)
 *
 * Role assignments are expanded into one grant per permission of the role, with `via` naming
 * the role, so the engine evaluates both models alike and reasons can name the role.
 *
 * The mode and the role catalogue are site-wide: each is read once per client (one client
 * serves one request), however many spaces the request looks at.
 */
import { isUnknown } from '../core';
import type { Operation, Principal, SpaceGrant, Unknown, UnknownCause } from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import { SPACE_ROLE_MODES } from '../confluence/schemas';
import type {
  SpaceRoleAssignmentResponse,
  SpaceRoleMode,
  SpaceRoleResponse,
} from '../confluence/schemas';
import { grantsOf } from './to-model';

export type { SpaceRoleMode } from '../confluence/schemas';

/** The mode, or why it could not be read. */
export type RoleModeAnswer = SpaceRoleMode | Unknown;

/** Rows per source (legacy list, role assignments, role catalogue) beyond which we give up. */
export const MAX_GRANT_ROWS = 5_000;

export interface LoadSpaceGrantsOptions {
  /**
   * The site's mode if the caller already has it (then only the sources it needs are read), or
   * a pending read of it (then every source is read in the same round as the mode, so no round
   * trip waits for it). Default: `readRoleMode(client)`, pending.
   */
  readonly roleMode?: RoleModeAnswer | Promise<RoleModeAnswer>;
}

type RoleCatalogue = ReadonlyMap<string, SpaceRoleResponse>;

const modeMemo = new WeakMap<ConfluenceClient, Promise<RoleModeAnswer>>();
const catalogueMemo = new WeakMap<ConfluenceClient, Promise<RoleCatalogue | Unknown>>();

/**
 * The site's space role mode, read once per client. A mode this code does not know, or a mode
 * the caller may not read, is `Unknown`: the grants are then read from both sources.
 */
export function readRoleMode(client: ConfluenceClient): Promise<RoleModeAnswer> {
  let pending = modeMemo.get(client);
  if (!pending) {
    pending = client.getSpaceRoleMode().then(
      ({ mode }): RoleModeAnswer =>
        (SPACE_ROLE_MODES as readonly string[]).includes(mode)
          ? (mode as SpaceRoleMode)
          : { unknown: 'read-failed' },
      (error: unknown): RoleModeAnswer => ({ unknown: causeOf(error) }),
    );
    modeMemo.set(client, pending);
  }
  return pending;
}

/** The site's role catalogue by id, read once per client. */
function readRoleCatalogue(client: ConfluenceClient): Promise<RoleCatalogue | Unknown> {
  let pending = catalogueMemo.get(client);
  if (!pending) {
    pending = collectAll(client.listSpaceRoles({}, { limit: 250 }), {
      maxItems: MAX_GRANT_ROWS,
    }).then(
      (all): RoleCatalogue | Unknown =>
        all.truncated
          ? { unknown: 'read-failed' }
          : new Map(all.items.map((role) => [role.id, role])),
      (error: unknown): Unknown => ({ unknown: causeOf(error) }),
    );
    catalogueMemo.set(client, pending);
  }
  return pending;
}

/**
 * The grants of one space, or why they cannot be known. Errors other than "not allowed / not
 * visible" (rate limits, outages) are thrown, as for every other read, but only for a source the
 * mode needs: a speculative read of a source the site does not use never fails the answer.
 */
export async function loadSpaceGrants(
  client: ConfluenceClient,
  spaceId: string,
  options: LoadSpaceGrantsOptions = {},
): Promise<readonly SpaceGrant[] | Unknown> {
  const given = options.roleMode;
  const known = typeof given === 'string' ? given : undefined;
  // Every read starts before the first await, so they share one round with the caller's others.
  const legacy = known === 'ROLES' ? undefined : settle(legacyGrants(client, spaceId));
  const roles = known === 'PRE_ROLES' ? undefined : settle(roleGrants(client, spaceId));
  const mode: RoleModeAnswer = await (given ?? readRoleMode(client));
  // Wait for the speculative reads too: nothing keeps running (and spending points) after the
  // answer, and every request is accounted for in this call.
  const [legacyRead, rolesRead] = await Promise.all([legacy, roles]);

  if (mode === 'PRE_ROLES') return unwrap(legacyRead);
  if (mode === 'ROLES') return unwrap(rolesRead);
  // ROLES_TRANSITION unites both. So does a mode we cannot read: on a transition site that is
  // the answer; on a ROLES site the legacy list is derived from the roles or empty; on a
  // PRE_ROLES site there are no role assignments. Either source failing leaves it unknown.
  const [fromLegacy, fromRoles] = [unwrap(legacyRead), unwrap(rolesRead)];
  if (isUnknown(fromLegacy)) return fromLegacy;
  if (isUnknown(fromRoles)) return fromRoles;
  return [...fromLegacy, ...fromRoles];
}

async function legacyGrants(
  client: ConfluenceClient,
  spaceId: string,
): Promise<readonly SpaceGrant[] | Unknown> {
  const all = await collectAll(client.listSpacePermissions(spaceId, { limit: 250 }), {
    maxItems: MAX_GRANT_ROWS,
  });
  return all.truncated ? { unknown: 'read-failed' } : grantsOf(all.items);
}

async function roleGrants(
  client: ConfluenceClient,
  spaceId: string,
): Promise<readonly SpaceGrant[] | Unknown> {
  // Both settle before either failure counts, so no read is left running behind the answer.
  const [assignmentsRead, catalogueRead] = await Promise.all([
    settle(
      collectAll(client.listSpaceRoleAssignments(spaceId, {}, { limit: 250 }), {
        maxItems: MAX_GRANT_ROWS,
      }),
    ),
    settle(readRoleCatalogue(client)),
  ]);
  if ('error' in assignmentsRead) throw assignmentsRead.error;
  if ('error' in catalogueRead) throw catalogueRead.error;
  const assignments = assignmentsRead.value;
  const catalogue = catalogueRead.value;
  if (assignments.truncated) return { unknown: 'read-failed' };
  if (isUnknown(catalogue)) return assignments.items.length === 0 ? [] : catalogue;
  return expandAssignments(assignments.items, catalogue);
}

/**
 * One grant per permission of each assigned role. A role missing from the catalogue cannot be
 * expanded: the whole answer is then unknown rather than silently short of that role's grants.
 */
export function expandAssignments(
  assignments: readonly SpaceRoleAssignmentResponse[],
  catalogue: RoleCatalogue,
): readonly SpaceGrant[] | Unknown {
  const grants: SpaceGrant[] = [];
  for (const assignment of assignments) {
    const role = catalogue.get(assignment.roleId);
    if (!role) return { unknown: 'read-failed' };
    const principal = assigneeOf(assignment.principal);
    const via = { role: role.name, roleId: role.id };
    for (const permission of role.spacePermissions) {
      grants.push({ principal, operation: operationOf(permission), via });
    }
  }
  return grants;
}

/** USER, GROUP and ACCESS_CLASS as the spec lists them; any other type is kept as `other`. */
export function assigneeOf(principal: SpaceRoleAssignmentResponse['principal']): Principal {
  const { principalType: type, principalId: id } = principal;
  switch (type) {
    case 'USER':
      return { kind: 'user', accountId: id };
    case 'GROUP':
      return { kind: 'group', groupId: id };
    case 'ACCESS_CLASS':
      return { kind: 'access-class', accessClass: id };
    // Listed only by the bulk-transition schema; undocumented here, read as its most plausible
    // meaning. Anything else stays `other`, named and never dropped.
    case 'TEAM':
      return { kind: 'team', teamId: id };
    default:
      return { kind: 'other', type, id };
  }
}

/** `read/space` → `{key: 'read', targetType: 'space'}`, the legacy list's vocabulary. */
export function operationOf(permissionId: string): Operation {
  const slash = permissionId.indexOf('/');
  return slash < 0
    ? { key: permissionId, targetType: '' }
    : { key: permissionId.slice(0, slash), targetType: permissionId.slice(slash + 1) };
}

// ── plumbing ───────────────────────────────────────────────────────────────────────────────

type Settled<T> = { readonly value: T } | { readonly error: unknown };

/** Holds a rejection until (and unless) the mode says the source matters. */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** "Not allowed" and "not visible" become an unknown answer; anything else is thrown. */
function unwrap(
  settled: Settled<readonly SpaceGrant[] | Unknown> | undefined,
): readonly SpaceGrant[] | Unknown {
  if (settled === undefined) return { unknown: 'read-failed' };
  if ('value' in settled) return settled.value;
  return { unknown: causeOf(settled.error) };
}

function causeOf(error: unknown): UnknownCause {
  if (isConfluenceError(error, 'forbidden') || isConfluenceError(error, 'not-visible')) {
    return 'hidden-from-viewer';
  }
  throw error;
}
