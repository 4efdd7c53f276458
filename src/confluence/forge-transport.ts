import api, { assumeTrustedRoute, route } from '@forge/api';
import type { ConfluenceRequest, ConfluenceTransport, TransportResponse } from './transport';
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
    return requester.requestConfluence(assumeTrustedRoute(assertSiteRelative(request.nextLink)), {
      headers: JSON_HEADERS,
    });
  }
  const params = request.params ?? {};
  const query = toSearchParams(request.query);
  switch (request.endpoint) {
    case 'getPage':
      return requester.requestConfluence(route`/wiki/api/v2/pages/${param(params, 'id')}?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getSpace':
      return requester.requestConfluence(route`/wiki/api/v2/spaces/${param(params, 'id')}?${query}`, {
        headers: JSON_HEADERS,
      });
    case 'getCurrentUser':
      return requester.requestConfluence(route`/wiki/rest/api/user/current?${query}`, {
        headers: JSON_HEADERS,
      });
  }
}

function param(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`Missing path parameter '${name}'`);
  return value;
}

/**
 * `_links.next` comes from Confluence, but we still refuse anything that is not a path on the
 * same site: an absolute or protocol-relative URL would be a way out of the product API.
 */
export function assertSiteRelative(link: string): string {
  if (!link.startsWith('/wiki/') || link.startsWith('//') || link.includes('..')) {
    throw new Error(`Refusing to follow a pagination link outside the site API: ${link}`);
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
