import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';
import { ConfluenceClient } from '../../src/confluence/client';
import { ENDPOINTS, requestPath } from '../../src/confluence/endpoints';
import type { EndpointName } from '../../src/confluence/endpoints';
import { ConfluenceError } from '../../src/confluence/errors';
import { forgeTransport } from '../../src/confluence/forge-transport';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import { collectAll } from '../../src/confluence/pagination';
import { byPath, space, startFakeConfluence } from './fake-confluence';
import type { FakeConfluence } from './fake-confluence';

/**
 * The unchanged `@forge/api` runs against the local server through the platform hook, proving
 * each endpoint's literal Forge `route` produces the same request as the catalogue's template
 * (which the fetch transport uses).
 */
/** The kind of the ConfluenceError a call fails with, or 'resolved'. */
async function kindOf(call: Promise<unknown> | undefined): Promise<string> {
  try {
    await call;
    return 'resolved';
  } catch (error) {
    if (error instanceof ConfluenceError) return error.kind;
    throw error;
  }
}

describe('Forge transport through the local platform', () => {
  let server: FakeConfluence;
  let platform: LocalPlatform;

  beforeAll(async () => {
    server = await startFakeConfluence();
    platform = installLocalPlatform({ confluenceBaseUrl: server.baseUrl });
  });
  afterAll(async () => {
    platform.uninstall();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    platform.clearRequests();
  });

  // Values that need encoding, so both transports must agree on how path values are escaped.
  const PARAMS: Record<string, string> = { id: '4242', operationKey: 'read', groupId: 'grp 1+é' };
  const QUERY = { limit: 5, expand: 'operations', keys: ['A', 'B'] };

  function paramsFor(name: EndpointName): Record<string, string> {
    const names = [...ENDPOINTS[name].path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
    return Object.fromEntries(names.map((n) => [n, PARAMS[n] ?? `missing-${n}`]));
  }

  it.each(Object.keys(ENDPOINTS) as EndpointName[])(
    '%s: the Forge route and fillPath produce the same request',
    async (name) => {
      server.handle(() => ({ body: {} }));
      const params = paramsFor(name);
      const body = ENDPOINTS[name].method === 'POST' ? { probe: true } : undefined;
      await platform.runAs({ accountId: 'u-1' }, () =>
        forgeTransport('user').send({ endpoint: name, params, query: QUERY, body }),
      );
      await fetchTransport({ baseUrl: server.baseUrl }).send({
        endpoint: name,
        params,
        query: QUERY,
        body,
      });
      const [viaForge, viaFetch] = server.requests;
      expect(viaForge?.url).toBe(requestPath(name, params, QUERY));
      expect(viaFetch?.url).toBe(viaForge?.url);
      expect(viaForge?.method).toBe(ENDPOINTS[name].method);
      expect(viaForge?.headers['x-sim-identity']).toBe('user:u-1');
      if (body) expect(JSON.parse(viaForge?.body ?? '')).toEqual(body);
    },
  );

  it('an empty query leaves the same path apart from a bare `?`', async () => {
    server.handle(() => ({ body: {} }));
    await platform.runAs({ accountId: 'u-1' }, () =>
      forgeTransport('user').send({ endpoint: 'getPage', params: { id: '1' } }),
    );
    expect(server.requests[0]?.url.replace(/\?$/, '')).toBe(
      requestPath('getPage', { id: '1' }, {}),
    );
  });

  it('the client pages through Forge with assumeTrustedRoute, as the invoking user', async () => {
    server.handle(
      byPath({
        '/wiki/api/v2/spaces': (request) =>
          request.query.get('cursor') === null
            ? {
                body: {
                  results: [space('1', 'A')],
                  _links: { next: '/wiki/api/v2/spaces?cursor=c2&limit=1' },
                },
              }
            : { body: { results: [space('2', 'B')], _links: {} } },
      }),
    );
    const collected = await platform.runAs({ accountId: 'u-7' }, async () =>
      collectAll(new ConfluenceClient(forgeTransport('user')).listSpaces({}, { limit: 1 })),
    );
    expect(collected.items.map((s) => s.key)).toEqual(['A', 'B']);
    expect(platform.requests.map((r) => [r.identity, r.path.replace(/\?$/, '')])).toEqual([
      ['user:u-7', '/wiki/api/v2/spaces?limit=1'],
      ['user:u-7', '/wiki/api/v2/spaces?cursor=c2&limit=1'],
    ]);
  });

  it('refuses a next link that leaves the site, without a request', async () => {
    server.handle(() => ({
      body: {
        results: [space('1', 'A')],
        _links: { next: 'https://evil.example/wiki/api/v2/spaces?cursor=x' },
      },
    }));
    await platform.runAs({ accountId: 'u-7' }, async () => {
      const first = await new ConfluenceClient(forgeTransport('user')).listSpaces();
      expect(await kindOf(first.fetchNext?.())).toBe('malformed-response');
    });
    expect(server.requests).toHaveLength(1);
  });

  // Links that pass a plain `..` check but leave the site's REST APIs once decoded or parsed.
  it.each([
    ['encoded dots', '/wiki/%2e%2e/admin?cursor=x'],
    ['upper-case encoded dots', '/wiki/%2E%2E/admin?cursor=x'],
    ['a dot and an encoded dot', '/wiki/.%2e/admin?cursor=x'],
    ['double-encoded dots', '/wiki/%252e%252e/admin?cursor=x'],
    ['encoded slashes and dots', '/wiki/api/v2/spaces%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fadmin'],
    ['dots split by a tab', '/wiki/.\t./admin?cursor=x'],
    ['dots split by a newline', '/wiki/.\n./admin?cursor=x'],
    ['malformed encoding', '/wiki/api/v2/spaces/%E0%A4%A?cursor=x'],
    ['a /wiki path outside the REST APIs', '/wiki/admin?cursor=x'],
  ])('refuses a next link with %s, in the body or a Link header', async (_name, next) => {
    for (const reply of [
      { body: { results: [space('1', 'A')], _links: { next } } },
      {
        body: { results: [space('1', 'A')], _links: {} },
        headers: { link: `<${next.replace(/[\n\r]/g, encodeURIComponent)}>; rel="next"` },
      },
    ]) {
      server.requests.length = 0;
      server.handle(() => reply);
      await platform.runAs({ accountId: 'u-7' }, async () => {
        const first = await new ConfluenceClient(forgeTransport('user')).listSpaces();
        expect(await kindOf(first.fetchNext?.())).toBe('malformed-response');
      });
      expect(server.requests).toHaveLength(1);
    }
  });

  it('follows v2 links with an encoded cursor and v1 start/limit links unchanged', async () => {
    server.handle(
      byPath({
        '/wiki/api/v2/spaces': (request) =>
          request.query.get('cursor') === null
            ? {
                body: {
                  results: [space('1', 'A')],
                  _links: { next: '/wiki/api/v2/spaces?cursor=abc%3D%3D&limit=1' },
                },
              }
            : { body: { results: [space('2', 'B')], _links: {} } },
        '/wiki/rest/api/group/g-1/membersByGroupId': (request) => ({
          body: {
            results: [],
            start: 0,
            limit: 25,
            size: 0,
            _links:
              request.query.get('start') === null
                ? {
                    context: '/wiki',
                    next: '/rest/api/group/g-1/membersByGroupId?start=25&limit=25',
                  }
                : { context: '/wiki' },
          },
        }),
      }),
    );
    await platform.runAs({ accountId: 'u-7' }, async () => {
      const client = new ConfluenceClient(forgeTransport('user'));
      await collectAll(client.listSpaces({}, { limit: 1 }));
      await collectAll(client.listGroupMembers('g-1', { limit: 25 }));
    });
    expect(server.requests.map((r) => r.url)).toEqual([
      expect.stringMatching(/^\/wiki\/api\/v2\/spaces\?limit=1$/),
      '/wiki/api/v2/spaces?cursor=abc%3D%3D&limit=1',
      expect.stringMatching(/^\/wiki\/rest\/api\/group\/g-1\/membersByGroupId\?/),
      '/wiki/rest/api/group/g-1/membersByGroupId?start=25&limit=25',
    ]);
  });

  it('maps a 404 through Forge to not-visible', async () => {
    server.handle(() => ({
      status: 404,
      body: {
        errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: 'No content' }],
      },
    }));
    await platform.runAs({ anonymous: true }, async () => {
      expect(await kindOf(new ConfluenceClient(forgeTransport('user')).getPage('9'))).toBe(
        'not-visible',
      );
    });
    expect(server.requests[0]?.headers['x-sim-identity']).toBe('anonymous');
  });
});
