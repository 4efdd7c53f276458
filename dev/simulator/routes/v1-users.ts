// v1 users and groups: current user (+ operations), lookups, memberships, group members.
import { hasProductAccess } from '../accounts';
import { HttpError, type ObjectCounts, type SimResponse } from '../http';
import { paginateV1, parseV1Window, type V1LimitRule } from '../pagination';
import { accountOf, v1Group, v1User, type Account } from '../render';
import { expandSet, multiParam } from './common';
import type { Route, RouteContext } from './types';

const GROUP_LIMIT: V1LimitRule = { defaultLimit: 200, maxLimit: 200, overMax: 'cap' };
const MEMBERS_LIMIT: V1LimitRule = { defaultLimit: 200, maxLimit: 200, overMax: 'reject' };
const BULK_MAX = 100;

const ANONYMOUS_PICTURE = {
  path: '/wiki/s/default/anonymous.png',
  width: 48,
  height: 48,
  isDefault: true,
};

/**
 * Anonymous visitors may not browse people (no "view user profiles" for them here), nor may
 * logged-in accounts without Confluence product access: they "can't … see user profiles"
 * (https://support.atlassian.com/confluence-cloud/docs/give-access-to-unlicensed-users-from-jira-service-management/).
 */
export function refusePeopleBrowsing(ctx: RouteContext): void {
  const s = ctx.caller.subject;
  if (s.kind === 'anonymous') {
    throw new HttpError(403, 'Anonymous users do not have permission to view users or groups');
  }
  if (s.kind === 'user' && !hasProductAccess(s.user)) {
    throw new HttpError(403, 'Users without access to Confluence cannot view users or groups');
  }
}

function anonymousUser(ctx: RouteContext, withOperations: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: 'anonymous',
    profilePicture: ANONYMOUS_PICTURE,
    displayName: 'Anonymous',
  };
  if (withOperations) {
    body.operations = ctx.model.fixture.site.anonymousAccess
      ? [{ operation: 'use', targetType: 'application' }]
      : [];
  } else body._expandable = { operations: '' };
  body._links = {
    base: ctx.wikiBase,
    context: '/wiki',
    self: `${ctx.wikiBase}/rest/api/user/anonymous`,
  };
  return body;
}

function currentUser(ctx: RouteContext): SimResponse {
  const withOps = expandSet(ctx.query).has('operations');
  const s = ctx.caller.subject;
  if (s.kind === 'anonymous')
    return { status: 200, body: anonymousUser(ctx, withOps), objects: { user: 1 } };
  const account: Account = s.kind === 'app' ? { kind: 'app' } : { kind: 'user', user: s.user };
  const objects: ObjectCounts = {};
  return { status: 200, body: v1User(ctx.model, account, ctx.wikiBase, withOps, objects), objects };
}

function anonymous(ctx: RouteContext): SimResponse {
  return {
    status: 200,
    body: anonymousUser(ctx, expandSet(ctx.query).has('operations')),
    objects: { user: 1 },
  };
}

function requireAccount(ctx: RouteContext): Account {
  const accountId = ctx.query.get('accountId');
  if (accountId === null || accountId === '') throw new HttpError(400, 'accountId is required');
  const account = accountOf(ctx.model, accountId);
  if (!account) throw new HttpError(404, `No user found with accountId ${accountId}`);
  return account;
}

function getUser(ctx: RouteContext): SimResponse {
  refusePeopleBrowsing(ctx);
  const account = requireAccount(ctx);
  const objects: ObjectCounts = {};
  const body = v1User(
    ctx.model,
    account,
    ctx.wikiBase,
    expandSet(ctx.query).has('operations'),
    objects,
  );
  return { status: 200, body, objects };
}

function bulk(ctx: RouteContext): SimResponse {
  refusePeopleBrowsing(ctx);
  const ids = multiParam(ctx.query, 'accountId');
  if (ids.length === 0) throw new HttpError(400, 'accountId is required');
  if (ids.length > BULK_MAX) throw new HttpError(400, `At most ${BULK_MAX} accountIds per request`);
  const withOps = expandSet(ctx.query).has('operations');
  const objects: ObjectCounts = {};
  const results = ids
    .map((id) => accountOf(ctx.model, id))
    .filter((a): a is Account => a !== undefined)
    .map((a) => v1User(ctx.model, a, ctx.wikiBase, withOps, objects));
  return {
    status: 200,
    body: {
      results,
      start: 0,
      limit: BULK_MAX,
      size: results.length,
      _links: { base: ctx.wikiBase, context: '/wiki', self: `${ctx.wikiBase}/rest/api/user/bulk` },
    },
    objects,
  };
}

function memberOf(ctx: RouteContext): SimResponse {
  refusePeopleBrowsing(ctx);
  const account = requireAccount(ctx);
  const window = parseV1Window(ctx.query, GROUP_LIMIT);
  const groupIds =
    account.kind === 'app' ? new Set<string>() : ctx.model.groupIdsOf(account.user.accountId);
  const groups = ctx.model.fixture.groups.filter((g) => groupIds.has(g.id));
  const page = paginateV1(groups, window, '/rest/api/user/memberof', ctx.query, ctx.wikiBase);
  const objects: ObjectCounts = {};
  const results = page.results.map((g) => v1Group(g, ctx.wikiBase, objects));
  return { status: 200, body: { ...page, results }, objects };
}

function listGroups(ctx: RouteContext): SimResponse {
  refusePeopleBrowsing(ctx);
  const window = parseV1Window(ctx.query, GROUP_LIMIT);
  const page = paginateV1(
    ctx.model.fixture.groups,
    window,
    '/rest/api/group',
    ctx.query,
    ctx.wikiBase,
  );
  const objects: ObjectCounts = {};
  const results = page.results.map((g) => v1Group(g, ctx.wikiBase, objects));
  return { status: 200, body: { ...page, results }, objects };
}

/** The group picker: groups whose name contains the term, case-insensitively, paged. */
function groupPicker(ctx: RouteContext): SimResponse {
  refusePeopleBrowsing(ctx);
  const term = ctx.query.get('query');
  if (term === null) throw new HttpError(400, 'query is required');
  const window = parseV1Window(ctx.query, GROUP_LIMIT);
  const needle = term.toLowerCase();
  const found = ctx.model.fixture.groups.filter((g) => g.name.toLowerCase().includes(needle));
  const page = paginateV1(found, window, '/rest/api/group/picker', ctx.query, ctx.wikiBase);
  const objects: ObjectCounts = {};
  const results = page.results.map((g) => v1Group(g, ctx.wikiBase, objects));
  const body: Record<string, unknown> = { ...page, results };
  if (ctx.query.get('shouldReturnTotalSize') === 'true') body.totalSize = found.length;
  return { status: 200, body, objects };
}

function groupById(ctx: RouteContext): SimResponse {
  refusePeopleBrowsing(ctx);
  const id = ctx.query.get('id') ?? '';
  const group = ctx.model.groupsById.get(id);
  if (!group) throw new HttpError(404, `No group found with id ${id}`);
  const objects: ObjectCounts = {};
  return { status: 200, body: v1Group(group, ctx.wikiBase, objects), objects };
}

function members(ctx: RouteContext): SimResponse {
  refusePeopleBrowsing(ctx);
  const window = parseV1Window(ctx.query, MEMBERS_LIMIT);
  const groupId = ctx.params.groupId ?? '';
  const group = ctx.model.groupsById.get(groupId);
  if (!group) throw new HttpError(404, `No group found with id ${groupId}`);
  const apiPath = `/rest/api/group/${encodeURIComponent(group.id)}/membersByGroupId`;
  const page = paginateV1(group.members, window, apiPath, ctx.query, ctx.wikiBase);
  const withOps = expandSet(ctx.query).has('operations');
  const objects: ObjectCounts = {};
  const results = page.results.flatMap((id) => {
    const account = accountOf(ctx.model, id);
    return account ? [v1User(ctx.model, account, ctx.wikiBase, withOps, objects)] : [];
  });
  const body: Record<string, unknown> = { ...page, results };
  if (ctx.query.get('shouldReturnTotalSize') === 'true') body.totalSize = group.members.length;
  return { status: 200, body, objects };
}

export const v1UserRoutes: Route[] = [
  { method: 'GET', template: '/wiki/rest/api/user/current', flavor: 'v1', handle: currentUser },
  { method: 'GET', template: '/wiki/rest/api/user/anonymous', flavor: 'v1', handle: anonymous },
  { method: 'GET', template: '/wiki/rest/api/user/bulk', flavor: 'v1', handle: bulk },
  { method: 'GET', template: '/wiki/rest/api/user/memberof', flavor: 'v1', handle: memberOf },
  { method: 'GET', template: '/wiki/rest/api/user', flavor: 'v1', handle: getUser },
  { method: 'GET', template: '/wiki/rest/api/group', flavor: 'v1', handle: listGroups },
  { method: 'GET', template: '/wiki/rest/api/group/by-id', flavor: 'v1', handle: groupById },
  { method: 'GET', template: '/wiki/rest/api/group/picker', flavor: 'v1', handle: groupPicker },
  {
    method: 'GET',
    template: '/wiki/rest/api/group/{groupId}/membersByGroupId',
    flavor: 'v1',
    handle: members,
  },
];
