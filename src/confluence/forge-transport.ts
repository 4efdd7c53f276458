import api, { assumeTrustedRoute, route } from '@forge/api';
import type { ConfluenceRequest, ConfluenceTransport, TransportResponse } from './transport';
import { TransportFailure } from './transport';
import { toSearchParams } from './endpoints';

type ForgeRequester = ReturnType<typeof api.asApp>;
type ForgeResponse = Awaited<ReturnType<ForgeRequester['requestConfluence']>>;

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

/**
 * Carries requests through Forge's managed `requestConfluence`: the platform attaches the
 * credential, so the app never holds one. Each endpoint has its own literal `route` so that
 * `@forge/lint` can map every call site to the scopes it needs.
 */
export function forgeTransport(identity: 'user' | 'app'): ConfluenceTransport {
  // `asApp` is only reachable through an explicit 'app' argument; resolvers for non-admin
  // surfaces never construct one (see src/resolvers).
  const requester: ForgeRequester = identity === 'user' ? api.asUser() : api.asApp();
  return {
    identity,
    async send(request) {
      return toTransportResponse(await dispatch(requester, request));
    },
  };
}

function dispatch(requester: ForgeRequester, request: ConfluenceRequest): Promise<ForgeResponse> {
  if ('nextLink' in request) {
    // A `route` template would escape the `?` of the link; it is checked to stay on the site.
    return requester.requestConfluence(assumeTrustedRoute(assertSiteRelative(request.nextLink)), {
      headers: JSON_HEADERS,
    });
  }
  const params = request.params ?? {};
  const query = toSearchParams(request.query);
  // One literal `route` per endpoint, kept on the `case` line: the Forge linter reads these
  // call sites and test/wiring matches them against ENDPOINTS, so the formatter must not
  // wrap them.
  // prettier-ignore
  switch (request.endpoint) {
    case 'getPage':
      return requester.requestConfluence(route`/wiki/api/v2/pages/${param(params, 'id')}?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getPages':
      return requester.requestConfluence(route`/wiki/api/v2/pages?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getPageAncestors':
      return requester.requestConfluence(route`/wiki/api/v2/pages/${param(params, 'id')}/ancestors?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getFolder':
      return requester.requestConfluence(route`/wiki/api/v2/folders/${param(params, 'id')}?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getFolderAncestors':
      return requester.requestConfluence(route`/wiki/api/v2/folders/${param(params, 'id')}/ancestors?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getSpaces':
      return requester.requestConfluence(route`/wiki/api/v2/spaces?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getSpace':
      return requester.requestConfluence(route`/wiki/api/v2/spaces/${param(params, 'id')}?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getSpacePermissions':
      return requester.requestConfluence(route`/wiki/api/v2/spaces/${param(params, 'id')}/permissions?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getSpaceRoleMode':
      return requester.requestConfluence(route`/wiki/api/v2/space-role-mode?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getSpaceRoles':
      return requester.requestConfluence(route`/wiki/api/v2/space-roles?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getSpacePermissionCatalogue':
      return requester.requestConfluence(route`/wiki/api/v2/space-permissions?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getSpaceRoleAssignments':
      return requester.requestConfluence(route`/wiki/api/v2/spaces/${param(params, 'id')}/role-assignments?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getRestrictionsByOperation':
      return requester.requestConfluence(route`/wiki/rest/api/content/${param(params, 'id')}/restriction/byOperation?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getRestrictionsForOperation':
      return requester.requestConfluence(route`/wiki/rest/api/content/${param(params, 'id')}/restriction/byOperation/${param(params, 'operationKey')}?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'checkContentPermission':
      return requester.requestConfluence(route`/wiki/rest/api/content/${param(params, 'id')}/permission/check?${query}`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify(request.body ?? {}),
      });
    case 'getCurrentUser':
      return requester.requestConfluence(route`/wiki/rest/api/user/current?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getAnonymousUser':
      return requester.requestConfluence(route`/wiki/rest/api/user/anonymous?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getUser':
      return requester.requestConfluence(route`/wiki/rest/api/user?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getUserGroups':
      return requester.requestConfluence(route`/wiki/rest/api/user/memberof?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getGroup':
      return requester.requestConfluence(route`/wiki/rest/api/group/by-id?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getGroupMembers':
      return requester.requestConfluence(route`/wiki/rest/api/group/${param(params, 'groupId')}/membersByGroupId?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'searchContent':
      return requester.requestConfluence(route`/wiki/rest/api/content/search?${query}`, {
        headers: JSON_HEADERS,
      });
  }
}

/**
 * Encoded like `fillPath` does, so both transports send the same path for the same value; the
 * `route` tag then refuses anything that could still change the path.
 */
function param(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`Missing path parameter '${name}'`);
  return encodeURIComponent(value);
}

/**
 * `_links.next` comes from Confluence, but we still refuse anything that is not a path on the
 * same site: an absolute or protocol-relative URL would be a way out of the product API.
 */
export function assertSiteRelative(link: string): string {
  if (
    !link.startsWith('/wiki/') ||
    link.startsWith('//') ||
    link.includes('..') ||
    link.includes('\\')
  ) {
    throw new TransportFailure(
      'refused',
      'Refusing to follow a pagination link outside the site API',
    );
  }
  return link;
}

async function toTransportResponse(response: ForgeResponse): Promise<TransportResponse> {
  const bodyText = await response.text();
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    bodyText,
  };
}
