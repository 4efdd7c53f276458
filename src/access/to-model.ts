/**
 * Maps Confluence's REST shapes onto the engine's vocabulary. Pure: the loaders fetch, these
 * functions translate, the engine decides.
 */
import type {
  AncestorNode,
  AnonymousAccessSetting,
  ContentType,
  Principal,
  Restriction,
  SpaceGrant,
} from '../core';
import { ANONYMOUS_PRINCIPAL_ID, KNOWN_ACCESS_CLASSES } from '../core';
import type { OperationRestrictions } from '../confluence/client';
import type { AnonymousUserResponse, SpacePermissionResponse } from '../confluence/schemas';

export function principalOf(permission: SpacePermissionResponse): Principal {
  const { type, id } = permission.principal;
  // Anonymous grants carry the principal id `ANONYMOUS` (schemas.ts); the type Confluence
  // labels them with is not to be relied on, so the id decides.
  if (id === ANONYMOUS_PRINCIPAL_ID || type === 'anonymous') return { kind: 'anonymous' };
  if (type === 'user') return { kind: 'user', accountId: id };
  if (type === 'group') return { kind: 'group', groupId: id };
  // Undocumented: the most plausible reading of a team row. Any other type stays `other`.
  if (type === 'team') return { kind: 'team', teamId: id };
  // A legacy row derived from a role assignment to an access class (what a ROLES site may list)
  // names the class: read it as the class, so uniting both sources never invents a stranger.
  const accessClass = id.toLowerCase().replace(/_/g, '-');
  if ((KNOWN_ACCESS_CLASSES as readonly string[]).includes(accessClass)) {
    return { kind: 'access-class', accessClass };
  }
  return { kind: 'other', type, id };
}

export function grantsOf(permissions: readonly SpacePermissionResponse[]): SpaceGrant[] {
  return permissions.map((permission) => ({
    principal: principalOf(permission),
    operation: { key: permission.operation.key, targetType: permission.operation.targetType },
  }));
}

/**
 * A restriction as the engine reads it. One that also lists principals we cannot read is
 * unknown as a whole: reading only the lists we know would claim it admits fewer people.
 */
export function restrictionOf(restriction: OperationRestrictions): Restriction {
  if (restriction.truncated || restriction.unrecognised) return { unknown: 'read-failed' };
  return {
    users: restriction.users.map((user) => ({
      accountId: user.accountId,
      ...(user.displayName ? { displayName: user.displayName } : {}),
    })),
    groups: restriction.groups.map((group) => ({ groupId: group.id, name: group.name })),
    ...(restriction.teams.length === 0
      ? {}
      : {
          teams: restriction.teams.map((team) => ({
            teamId: team.id,
            ...(team.name === undefined ? {} : { name: team.name }),
            ...(team.verified === undefined ? {} : { verified: team.verified }),
          })),
        }),
  };
}

const CONTENT_TYPES: readonly ContentType[] = [
  'page',
  'blogpost',
  'folder',
  'whiteboard',
  'database',
  'embed',
];

/** Confluence's content types; anything new is still kept (as 'other'), never dropped. */
export function contentTypeOf(type: string | undefined): ContentType {
  return CONTENT_TYPES.find((known) => known === type) ?? 'other';
}

export function ancestorNode(
  id: string,
  type: string,
  read: AncestorNode['read'],
  title?: string,
): AncestorNode {
  return { id, type: contentTypeOf(type), read, ...(title === undefined ? {} : { title }) };
}

/**
 * Site-level anonymous access is not readable directly; `user/anonymous?expand=operations`
 * listing `use` on `application` is the evidence that it is on.
 */
export function siteAnonymousAccess(
  anonymous: AnonymousUserResponse | undefined,
): AnonymousAccessSetting {
  if (anonymous === undefined) return 'unknown';
  const operations = anonymous.operations;
  if (!operations) return 'unknown';
  return operations.some((op) => op.operation === 'use' && op.targetType === 'application')
    ? 'on'
    : 'off';
}

/** v2 `include-labels` answers `labels: { results: [{ name }] }`; anything else means none. */
export function labelsOf(page: Record<string, unknown>): string[] {
  const labels = page.labels;
  if (typeof labels !== 'object' || labels === null) return [];
  const results = (labels as { results?: unknown }).results;
  if (!Array.isArray(results)) return [];
  return results.flatMap((label: unknown) => {
    const name = (label as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? [name] : [];
  });
}
