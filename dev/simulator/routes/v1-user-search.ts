// v1 user search (`GET /wiki/rest/api/search/user`): people by name, account id, or everyone.
import { HttpError, type ObjectCounts, type SimResponse } from '../http';
import type { FixtureUser } from '../fixture';
import { paginateV1, parseV1Window, type V1LimitRule } from '../pagination';
import { DEFAULT_CREATED_AT, v1User } from '../render';
import { expandSet } from './common';
import type { Route, RouteContext } from './types';
import { refusePeopleBrowsing } from './v1-users';

/** The documented default; the document names no maximum ("fixed system limits"), so 1,000. */
const SEARCH_LIMIT: V1LimitRule = { defaultLimit: 25, maxLimit: 1000, overMax: 'cap' };

type Match = (user: FixtureUser) => boolean;

/**
 * The user-specific CQL the endpoint documents: `type=user`, `user="id"`,
 * `user.accountid="id"`, `user IN ("a", "b")` and `user.fullname~jo` ("nickname/full name
 * starting with jo"). A name of several words matches a person when every word starts one of
 * the words of their name, in any order, ignoring case: "Staff Member 1200" finds Staff Member
 * 1200 and nobody else among Staff Member 1 to 1500.
 */
export function parseUserCql(cql: string): Match {
  const text = cql.trim();
  if (/^type\s*=\s*"?user"?$/i.test(text)) return () => true;
  const fullname = /^user\.fullname\s*~\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))$/i.exec(text);
  if (fullname) {
    const value = (fullname[1] ?? fullname[2] ?? '').replace(/\\(.)/g, '$1');
    const wanted = words(value);
    if (wanted.length === 0) throw new HttpError(400, 'Could not parse cql: empty name');
    return (user) => {
      const have = words(user.displayName);
      return wanted.every((w) => have.some((h) => h.startsWith(w)));
    };
  }
  const single = /^user(?:\.accountid)?\s*=\s*"([^"]*)"$/i.exec(text);
  if (single) return (user) => user.accountId === single[1];
  const several = /^user(?:\.accountid)?\s+in\s*\(([^)]*)\)$/i.exec(text);
  if (several) {
    const ids = new Set(
      (several[1] ?? '').split(',').map((id) => id.trim().replace(/^"(.*)"$/, '$1')),
    );
    return (user) => ids.has(user.accountId);
  }
  throw new HttpError(400, `Could not parse cql: ${cql}`);
}

const words = (value: string): string[] =>
  value
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');

/** `none` (the default): licensed users; `externalCollaborator`: guests; `all`: both. */
function permissionTypeFilter(ctx: RouteContext): Match {
  const filter = ctx.query.get('sitePermissionTypeFilter') ?? 'none';
  switch (filter) {
    case 'all':
      return () => true;
    case 'externalCollaborator':
      return (user) => user.isGuest;
    case 'none':
      return (user) => !user.isGuest;
    default:
      throw new HttpError(400, `Unknown sitePermissionTypeFilter ${filter}`);
  }
}

function searchUsers(ctx: RouteContext): SimResponse {
  refusePeopleBrowsing(ctx);
  const cql = ctx.query.get('cql');
  if (cql === null || cql.trim() === '') throw new HttpError(400, 'cql is required');
  const matches = parseUserCql(cql);
  const kind = permissionTypeFilter(ctx);
  const window = parseV1Window(ctx.query, SEARCH_LIMIT);
  // Deactivated accounts are no longer found by name; customers never have a Confluence profile.
  const found = ctx.model.fixture.users.filter(
    (u) => u.active && u.accountType !== 'customer' && kind(u) && matches(u),
  );
  const page = paginateV1(found, window, '/rest/api/search/user', ctx.query, ctx.wikiBase);
  const withOps = expandSet(ctx.query).has('operations');
  const objects: ObjectCounts = {};
  const results = page.results.map((user) => ({
    user: v1User(ctx.model, { kind: 'user', user }, ctx.wikiBase, withOps, objects),
    title: user.displayName,
    excerpt: '',
    url: `/people/${encodeURIComponent(user.accountId)}`,
    breadcrumbs: [],
    entityType: 'user',
    iconCssClass: 'aui-icon content-type-profile',
    lastModified: DEFAULT_CREATED_AT,
    score: 0,
  }));
  return {
    status: 200,
    body: {
      ...page,
      results,
      totalSize: found.length,
      cqlQuery: cql,
      searchDuration: 1,
    },
    objects,
  };
}

export const v1UserSearchRoutes: Route[] = [
  { method: 'GET', template: '/wiki/rest/api/search/user', flavor: 'v1', handle: searchUsers },
];
