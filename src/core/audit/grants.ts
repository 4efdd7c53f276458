/**
 * Grants as the audit reports them: grouped by principal (the legacy list and role assignments
 * may name the same one), and what each principal holds.
 */
import type { Principal, SpaceGrant, TeamRef } from '../model';
import { isAnonymousPrincipal } from '../principals';
import { compareText } from './findings';
import type { Holding } from './findings';

/** Identifies a principal by id only, for fingerprints; every anonymous form is one principal. */
export function principalKey(principal: Principal): string {
  if (isAnonymousPrincipal(principal)) return 'anonymous';
  switch (principal.kind) {
    case 'user':
      return `user:${principal.accountId}`;
    case 'group':
      return `group:${principal.groupId}`;
    case 'access-class':
      return `access-class:${principal.accessClass}`;
    case 'team':
      return `team:${principal.teamId}`;
    case 'other':
      return `other:${principal.type}:${principal.id}`;
    case 'anonymous':
      return 'anonymous';
  }
}

/** The principal as a finding records it: every form that reaches anonymous visitors is one. */
export function reportedPrincipal(principal: Principal): Principal {
  return isAnonymousPrincipal(principal) ? { kind: 'anonymous' } : principal;
}

/**
 * Groups grants by principal (first-seen order); the legacy list and role assignments may name the
 * same principal, with or without its display name, so the first name found is kept.
 */
export function byPrincipal(
  grants: readonly SpaceGrant[],
): { principal: Principal; grants: SpaceGrant[] }[] {
  const groups = new Map<string, { principal: Principal; grants: SpaceGrant[] }>();
  for (const grant of grants) {
    const key = principalKey(grant.principal);
    const entry = groups.get(key);
    if (entry === undefined) {
      groups.set(key, { principal: grant.principal, grants: [grant] });
      continue;
    }
    entry.grants.push(grant);
    entry.principal = withName(entry.principal, grant.principal);
  }
  return [...groups.values()];
}

/** The first name found wins, or the lowest if the sources disagree, so input order never matters. */
function withName(kept: Principal, other: Principal): Principal {
  const better = (a: string | undefined, b: string | undefined): boolean =>
    b !== undefined && (a === undefined || compareText(b, a) < 0);
  if (kept.kind === 'group' && other.kind === 'group' && better(kept.name, other.name)) {
    return { ...kept, ...(other.name === undefined ? {} : { name: other.name }) };
  }
  if (
    kept.kind === 'user' &&
    other.kind === 'user' &&
    better(kept.displayName, other.displayName)
  ) {
    return {
      ...kept,
      ...(other.displayName === undefined ? {} : { displayName: other.displayName }),
    };
  }
  if (kept.kind === 'team' && other.kind === 'team') return mergeTeams(kept, other);
  return kept;
}

/** A team named by one source and marked verified by another is both. */
function mergeTeams(
  kept: TeamRef & { readonly kind: 'team' },
  other: TeamRef & { readonly kind: 'team' },
): Principal {
  const better =
    other.name !== undefined && (kept.name === undefined || compareText(other.name, kept.name) < 0);
  const name = better ? other.name : kept.name;
  const verified =
    kept.verified === true || other.verified === true ? true : (kept.verified ?? other.verified);
  return {
    kind: 'team',
    teamId: kept.teamId,
    ...(name === undefined ? {} : { name }),
    ...(verified === undefined ? {} : { verified }),
  };
}

/** Roles by name (de-duplicated, in text order) and the legacy permissions, de-duplicated. */
export function holdingOf(grants: readonly SpaceGrant[]): Holding {
  const roles = [
    ...new Set(grants.flatMap((grant) => (grant.via === undefined ? [] : [grant.via.role]))),
  ].sort(compareText);
  const seen = new Set<string>();
  const operations = grants.flatMap((grant) => {
    if (grant.via !== undefined) return [];
    const id = `${grant.operation.key}/${grant.operation.targetType}`;
    if (seen.has(id)) return [];
    seen.add(id);
    return [{ key: grant.operation.key, targetType: grant.operation.targetType }];
  });
  return { roles, operations, grants: grants.length };
}
