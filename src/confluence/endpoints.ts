/**
 * The Confluence REST operations Access Lens calls, as path templates.
 *
 * This catalogue is the single list both transports agree on: the fetch transport (CLI) fills the
 * templates in; the Forge transport has one literal `route` call site per entry so that Atlassian's
 * linter can see every route and check the manifest's scopes. A wiring test keeps the two in step.
 *
 * `api` says which error and pagination conventions the response follows (pagination.ts): v2
 * pages with an opaque cursor in `_links.next` / `Link`, v1 with start/limit (or a cursor for
 * search) and `_links.next` relative to the `/wiki` context.
 */
export const ENDPOINTS = {
  getPage: { method: 'GET', api: 'v2', path: '/wiki/api/v2/pages/{id}' },
  getPages: { method: 'GET', api: 'v2', path: '/wiki/api/v2/pages' },
  getBlogPost: { method: 'GET', api: 'v2', path: '/wiki/api/v2/blogposts/{id}' },
  getPageAncestors: { method: 'GET', api: 'v2', path: '/wiki/api/v2/pages/{id}/ancestors' },
  getFolder: { method: 'GET', api: 'v2', path: '/wiki/api/v2/folders/{id}' },
  getFolderAncestors: { method: 'GET', api: 'v2', path: '/wiki/api/v2/folders/{id}/ancestors' },
  getSpaces: { method: 'GET', api: 'v2', path: '/wiki/api/v2/spaces' },
  getSpace: { method: 'GET', api: 'v2', path: '/wiki/api/v2/spaces/{id}' },
  getSpacePermissions: { method: 'GET', api: 'v2', path: '/wiki/api/v2/spaces/{id}/permissions' },
  getSpaceRoleMode: { method: 'GET', api: 'v2', path: '/wiki/api/v2/space-role-mode' },
  getSpaceRoles: { method: 'GET', api: 'v2', path: '/wiki/api/v2/space-roles' },
  getSpacePermissionCatalogue: { method: 'GET', api: 'v2', path: '/wiki/api/v2/space-permissions' },
  getSpaceRoleAssignments: {
    method: 'GET',
    api: 'v2',
    path: '/wiki/api/v2/spaces/{id}/role-assignments',
  },
  getRestrictionsByOperation: {
    method: 'GET',
    api: 'v1',
    path: '/wiki/rest/api/content/{id}/restriction/byOperation',
  },
  getRestrictionsForOperation: {
    method: 'GET',
    api: 'v1',
    path: '/wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}',
  },
  checkContentPermission: {
    method: 'POST',
    api: 'v1',
    path: '/wiki/rest/api/content/{id}/permission/check',
  },
  getCurrentUser: { method: 'GET', api: 'v1', path: '/wiki/rest/api/user/current' },
  getAnonymousUser: { method: 'GET', api: 'v1', path: '/wiki/rest/api/user/anonymous' },
  getUser: { method: 'GET', api: 'v1', path: '/wiki/rest/api/user' },
  /** v1 users by id, with their operations: who may use Confluence, several accounts a call. */
  getUsersV1Bulk: { method: 'GET', api: 'v1', path: '/wiki/rest/api/user/bulk' },
  getUserGroups: { method: 'GET', api: 'v1', path: '/wiki/rest/api/user/memberof' },
  /** v2 users by id: the only call that tells deactivated accounts and customers apart. */
  getUsersBulk: { method: 'POST', api: 'v2', path: '/wiki/api/v2/users-bulk' },
  getGroup: { method: 'GET', api: 'v1', path: '/wiki/rest/api/group/by-id' },
  /** Groups whose name contains a term: the policy form's group picker and its name check. */
  searchGroups: { method: 'GET', api: 'v1', path: '/wiki/rest/api/group/picker' },
  getGroupMembers: {
    method: 'GET',
    api: 'v1',
    path: '/wiki/rest/api/group/{groupId}/membersByGroupId',
  },
  searchContent: { method: 'GET', api: 'v1', path: '/wiki/rest/api/content/search' },
  /** People by name (CQL `user.fullname`): finds a group's members without listing the group. */
  searchUsers: { method: 'GET', api: 'v1', path: '/wiki/rest/api/search/user' },
} as const satisfies Record<string, EndpointSpec>;

export interface EndpointSpec {
  readonly method: 'GET' | 'POST';
  readonly api: 'v1' | 'v2';
  readonly path: string;
}

export type EndpointName = keyof typeof ENDPOINTS;

/** Path parameters are named after the `{placeholders}` of the template. */
export type PathParams = Readonly<Record<string, string>>;

export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

export function toSearchParams(query: QueryParams | undefined): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      params.append(name, String(value));
    } else {
      for (const item of value) params.append(name, item);
    }
  }
  return params;
}

/** Fills `{name}` placeholders, encoding each value so an id can never change the path. */
export function fillPath(template: string, params: PathParams): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter '${name}' for ${template}`);
    return encodeURIComponent(value);
  });
}

/** The request path (query included) both transports must produce for a catalogued call. */
export function requestPath(
  endpoint: EndpointName,
  params: PathParams | undefined,
  query: QueryParams | undefined,
): string {
  const path = fillPath(ENDPOINTS[endpoint].path, params ?? {});
  const search = toSearchParams(query).toString();
  return search === '' ? path : `${path}?${search}`;
}
