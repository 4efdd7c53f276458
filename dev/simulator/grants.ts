// Space grants, whichever model holds them: the legacy permission list and the role assignments
// expanded through their roles. Each grant remembers its source, because the two models do not
// mean the same by `create/page`: in the legacy list it is "Add page", which has always included
// editing; in a role it is "Create content" only, and editing is the separate "Edit content"
// (`update/page`). https://support.atlassian.com/confluence-cloud/docs/what-are-confluences-roles/
import type { FixtureRole, FixtureRoleAssignment, FixtureSpace, RoleMode } from './fixture';

export type SpaceOperation = `${string}/${string}`;

/**
 * Who one effective grant is for. An access class is kept by name; `anonymous-users` is folded
 * into `anonymous`, which it means.
 */
export type GrantPrincipal =
  | { readonly kind: 'user'; readonly id: string }
  | { readonly kind: 'group'; readonly id: string }
  | { readonly kind: 'team'; readonly id: string }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'class'; readonly id: string };

export type GrantSource = 'legacy' | 'role';

export interface EffectiveGrant {
  readonly principal: GrantPrincipal;
  readonly op: SpaceOperation;
  readonly source: GrantSource;
}

/** A row of the legacy permission list, as `render.v2SpacePermission` shows it. */
export interface LegacyRow {
  readonly principal:
    | { readonly type: 'user' | 'group' | 'team'; readonly id: string }
    | { readonly type: 'anonymous' }
    /** An access class other than anonymous, in rows derived from roles. */
    | { readonly type: 'role'; readonly id: string };
  readonly operation: { readonly key: string; readonly targetType: string };
}

export function roleAssignee(principal: FixtureRoleAssignment['principal']): GrantPrincipal {
  switch (principal.principalType) {
    case 'USER':
      return { kind: 'user', id: principal.principalId };
    case 'GROUP':
      return { kind: 'group', id: principal.principalId };
    case 'TEAM':
      return { kind: 'team', id: principal.principalId };
    case 'ACCESS_CLASS':
      return principal.principalId === 'anonymous-users'
        ? { kind: 'anonymous' }
        : { kind: 'class', id: principal.principalId };
  }
}

/**
 * The grants that decide access in a space, by the site's source of truth: the legacy list
 * (PRE_ROLES), the role assignments expanded into their permissions (ROLES), or both
 * (ROLES_TRANSITION).
 */
export function effectiveGrants(
  space: FixtureSpace,
  roleMode: RoleMode,
  rolesById: ReadonlyMap<string, FixtureRole>,
): EffectiveGrant[] {
  const grants: EffectiveGrant[] = [];
  if (roleMode !== 'ROLES') {
    for (const g of space.permissions) {
      const p = g.principal;
      grants.push({
        principal: p.type === 'anonymous' ? { kind: 'anonymous' } : { kind: p.type, id: p.id },
        op: `${g.operation.key}/${g.operation.targetType}`,
        source: 'legacy',
      });
    }
  }
  if (roleMode !== 'PRE_ROLES') {
    for (const a of space.roleAssignments) {
      const principal = roleAssignee(a.principal);
      for (const op of rolesById.get(a.roleId)?.spacePermissions ?? []) {
        grants.push({ principal, op: op as SpaceOperation, source: 'role' });
      }
    }
  }
  return grants;
}

/** One legacy row per permission of each assigned role: a ROLES site's list when "derived". */
export function rowsDerivedFromRoles(
  space: FixtureSpace,
  rolesById: ReadonlyMap<string, FixtureRole>,
): LegacyRow[] {
  return space.roleAssignments.flatMap((a) => {
    const assignee = roleAssignee(a.principal);
    const principal: LegacyRow['principal'] =
      assignee.kind === 'anonymous'
        ? { type: 'anonymous' }
        : assignee.kind === 'class'
          ? { type: 'role', id: assignee.id }
          : { type: assignee.kind, id: assignee.id };
    return (rolesById.get(a.roleId)?.spacePermissions ?? []).map((id): LegacyRow => {
      const [key = '', targetType = ''] = id.split('/');
      return { principal, operation: { key, targetType } };
    });
  });
}
