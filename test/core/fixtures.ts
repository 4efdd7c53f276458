/**
 * A small site for engine tests: one space, a few people and groups, and builders that keep each
 * test's page tree readable.
 */
import {
  CREATE_BLOGPOST,
  CREATE_PAGE,
  READ_SPACE,
  UPDATE_BLOGPOST,
  UPDATE_PAGE,
} from '../../src/core';
import type {
  AccessInput,
  AncestorNode,
  AnonymousAccessSetting,
  GroupRef,
  Layer,
  Operation,
  PageNode,
  Principal,
  RestrictionList,
  RoleVia,
  SpaceGrant,
  SitePlan,
  Subject,
  TeamRef,
} from '../../src/core';
import type { RenderedDecision, RenderedLayer } from './rendered';

export const ENG: GroupRef = { groupId: 'g-eng', name: 'engineering' };
export const LEADS: GroupRef = { groupId: 'g-leads', name: 'leads' };
export const HR: GroupRef = { groupId: 'g-hr', name: 'hr' };

export const alice: Subject = {
  kind: 'user',
  accountId: 'u-alice',
  displayName: 'Alice',
  groups: [ENG],
};
export const bob: Subject = {
  kind: 'user',
  accountId: 'u-bob',
  displayName: 'Bob',
  groups: [ENG, LEADS],
};
export const carol: Subject = {
  kind: 'user',
  accountId: 'u-carol',
  displayName: 'Carol',
  groups: [HR],
};
export const dave: Subject = { kind: 'user', accountId: 'u-dave', displayName: 'Dave', groups: [] };
export const gina: Subject = {
  kind: 'user',
  accountId: 'u-gina',
  displayName: 'Gina',
  groups: [],
  isGuest: true,
};
export const anonymous: Subject = { kind: 'anonymous' };
export const everyone: readonly Subject[] = [alice, bob, carol, dave, gina];

export const OPEN: RestrictionList = { users: [], groups: [] };

export const PLATFORM: TeamRef = { teamId: 't-platform', name: 'Platform' };
export const OPS: TeamRef = { teamId: 't-ops', name: 'Ops', verified: true };

export function only(entries: {
  users?: readonly string[];
  groups?: readonly GroupRef[];
  teams?: readonly TeamRef[];
}): RestrictionList {
  return {
    users: (entries.users ?? []).map((accountId) => ({ accountId })),
    groups: entries.groups ?? [],
    ...(entries.teams === undefined ? {} : { teams: entries.teams }),
  };
}

export const user = (accountId: string): Principal => ({ kind: 'user', accountId });
export const group = (ref: GroupRef): Principal => ({ kind: 'group', ...ref });
export const team = (ref: TeamRef): Principal => ({ kind: 'team', ...ref });
export const ANON: Principal = { kind: 'anonymous' };
export const accessClass = (name: string): Principal => ({
  kind: 'access-class',
  accessClass: name,
});

export function grant(
  principal: Principal,
  operation: Operation = READ_SPACE,
  via?: RoleVia,
): SpaceGrant {
  return via === undefined ? { principal, operation } : { principal, operation, via };
}

/** View and add pages, the usual pair. */
/** Views and contributes; a role that contributes holds both Create and Edit content. */
export function member(principal: Principal, via?: RoleVia): SpaceGrant[] {
  const grants = [grant(principal, READ_SPACE, via), grant(principal, CREATE_PAGE, via)];
  return via === undefined ? grants : [...grants, grant(principal, UPDATE_PAGE, via)];
}

export { CREATE_BLOGPOST, CREATE_PAGE, READ_SPACE, UPDATE_BLOGPOST, UPDATE_PAGE };

export function page(overrides: Partial<PageNode> = {}): PageNode {
  return { id: '100', type: 'page', title: 'Roadmap', read: OPEN, update: OPEN, ...overrides };
}

export function ancestor(
  id: string,
  title: string,
  read: AncestorNode['read'],
  type: AncestorNode['type'] = 'page',
): AncestorNode {
  return { id, type, title, read };
}

export function site(
  grants: AccessInput['grants'],
  rest: Partial<Omit<AccessInput, 'grants' | 'site'>> & {
    anonymousAccess?: AnonymousAccessSetting;
    plan?: SitePlan;
  } = {},
): AccessInput {
  const { anonymousAccess = 'off', plan, ...others } = rest;
  return {
    site: plan === undefined ? { anonymousAccess } : { anonymousAccess, plan },
    space: { id: '1', key: 'ENG', name: 'Engineering' },
    grants,
    page: page(),
    ancestors: [],
    ...others,
  };
}

/** The part of a layer the structure tests compare; messages are checked separately. */
export function shape(layer: RenderedLayer): Layer {
  const { message: _message, ...rest } = layer;
  return rest;
}

export function shapes(decision: RenderedDecision): Layer[] {
  return decision.reasons.map(shape);
}

export function messages(decision: RenderedDecision): string[] {
  return decision.reasons.map((layer) => layer.message);
}
