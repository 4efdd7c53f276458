import { ConfluenceClient } from '../../src/confluence/client';
import { ConfluenceError } from '../../src/confluence/errors';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import { TransportFailure } from '../../src/confluence/transport';
import { byPath, fakeClock, space, startFakeConfluence } from './fake-confluence';
import type { FakeConfluence } from './fake-confluence';

const EMAIL = 'ada@example.com';
const SECRET = 'ATATT3xFfGF0-very-secret-token-value';
const BASIC = `Basic ${Buffer.from(`${EMAIL}:${SECRET}`).toString('base64')}`;

/**
 * Next links that pass a plain `..` check but reach outside the site's REST APIs once a URL
 * parser (which strips tab and newline and reads `%2e` as a dot), a proxy or the server decodes
 * them. Each case would take the request, credential attached, to `/admin` or `/wiki/admin`.
 */
const DOT_DOT_BYPASSES: [string, string][] = [
  ['encoded dots', '/wiki/%2e%2e/admin?cursor=x'],
  ['upper-case encoded dots', '/wiki/%2E%2E/admin?cursor=x'],
  ['a dot and an encoded dot', '/wiki/.%2e/admin?cursor=x'],
  ['an encoded dot and a dot', '/wiki/%2e./admin?cursor=x'],
  ['double-encoded dots', '/wiki/%252e%252e/admin?cursor=x'],
  ['encoded dots deeper in the API', '/wiki/api/v2/spaces/%2e%2e/%2e%2e/%2e%2e/admin?cursor=x'],
  ['encoded slashes and dots', '/wiki/api/v2/spaces%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fadmin'],
  ['dots split by a tab', '/wiki/.\t./admin?cursor=x'],
  ['dots split by a newline', '/wiki/.\n./admin?cursor=x'],
  ['dots split by a carriage return', '/wiki/.\r./admin?cursor=x'],
  ['encoded dots with a path parameter', '/wiki/%2e%2e;/admin?cursor=x'],
  [
    'full-width dots',
    '/wiki/api/v2/%EF%BC%8E%EF%BC%8E/%EF%BC%8E%EF%BC%8E/%EF%BC%8E%EF%BC%8E/admin',
  ],
  ['malformed encoding', '/wiki/api/v2/spaces/%E0%A4%A?cursor=x'],
  ['a /wiki path outside the REST APIs', '/wiki/admin?cursor=x'],
];

describe('fetch transport (CLI)', () => {
  let server: FakeConfluence;

  beforeAll(async () => {
    server = await startFakeConfluence();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  function client(baseUrl = server.baseUrl, authHeader: string | (() => string) = BASIC) {
    const clock = fakeClock();
    return new ConfluenceClient(fetchTransport({ baseUrl, authHeader }), {
      now: clock.now,
      sleep: clock.sleep,
    });
  }

  async function failure(promise: Promise<unknown>): Promise<ConfluenceError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ConfluenceError) return error;
      throw error;
    }
    throw new Error('expected the call to fail');
  }

  function mentionsSecret(error: Error): boolean {
    const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
    const encoded = BASIC.slice('Basic '.length);
    return text.includes(SECRET) || text.includes(encoded);
  }

  it('sends the caller’s auth header and a JSON body for POST', async () => {
    server.handle(() => ({ body: { hasPermission: true } }));
    await client().checkPermission('42', { type: 'group', identifier: 'g-1' }, 'update');
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/wiki/rest/api/content/42/permission/check');
    expect(request?.headers.authorization).toBe(BASIC);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      subject: { type: 'group', identifier: 'g-1' },
      operation: 'update',
    });
  });

  it('asks the auth function for the header on each request', async () => {
    let calls = 0;
    server.handle(() => ({ body: space('1', 'A') }));
    const c = client(server.baseUrl, () => `Basic token-${++calls}`);
    await c.getSpace('1');
    await c.getSpace('1');
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Basic token-1',
      'Basic token-2',
    ]);
  });

  it('never puts the token in an error, even when the server echoes it back', async () => {
    server.handle((request) => ({
      status: 401,
      body: {
        statusCode: 401,
        message: `Bad credentials: ${String(request.headers.authorization)} (${SECRET})`,
      },
    }));
    const error = await failure(client().getCurrentUser({ withOperations: false }));
    expect(error.kind).toBe('unauthenticated');
    expect(error.message).toContain('[redacted]');
    expect(mentionsSecret(error)).toBe(false);
  });

  it('network failures name neither the token nor the URL', async () => {
    const closed = await startFakeConfluence();
    const deadUrl = closed.baseUrl;
    await closed.close();
    const error = await failure(client(deadUrl).getPage('1'));
    expect(error.kind).toBe('upstream');
    expect(error.details.attempts).toBe(4);
    expect(mentionsSecret(error)).toBe(false);
    expect(error.message).not.toContain(deadUrl);
  });

  it('refuses a site URL that carries credentials', () => {
    expect(() =>
      fetchTransport({ baseUrl: `https://ada:${SECRET}@example.atlassian.net` }),
    ).toThrow('must not contain credentials');
    expect(() => fetchTransport({ baseUrl: 'example.atlassian.net' })).toThrow(
      'absolute http(s) URL',
    );
    expect(() => fetchTransport({ baseUrl: 'ftp://example.atlassian.net' })).toThrow(
      'absolute http(s) URL',
    );
  });

  it('appends paths to an API-gateway base (…/ex/confluence/<cloudId>) and to a /wiki site URL', async () => {
    server.handle(() => ({ body: space('1', 'A') }));
    await client(`${server.baseUrl}/ex/confluence/cloud-123`).getSpace('1');
    await client(`${server.baseUrl}/wiki/`).getSpace('1');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/ex/confluence/cloud-123/wiki/api/v2/spaces/1',
      '/wiki/api/v2/spaces/1',
    ]);
  });

  it('times out a request that never answers', async () => {
    server.handle(() => ({ hang: true }));
    const transport = fetchTransport({ baseUrl: server.baseUrl, timeoutMs: 50 });
    await expect(transport.send({ endpoint: 'getPage', params: { id: '1' } })).rejects.toEqual(
      new TransportFailure('timeout', 'No answer from Confluence within 50 ms'),
    );
  });

  describe('next links', () => {
    function pageWithNext(next: string, base = `${server.baseUrl}/wiki`) {
      return byPath({
        '/wiki/api/v2/spaces': (request) =>
          request.query.get('cursor') === null
            ? { body: { results: [space('1', 'A')], _links: { next, base } } }
            : { body: { results: [space('2', 'B')], _links: {} } },
        '/ex/confluence/cloud-123/wiki/api/v2/spaces': (request) =>
          request.query.get('cursor') === null
            ? { body: { results: [space('1', 'A')], _links: { next, base } } }
            : { body: { results: [space('2', 'B')], _links: {} } },
      });
    }

    it.each([
      ['another origin', 'https://evil.example/wiki/api/v2/spaces?cursor=x'],
      ['a protocol-relative URL', '//evil.example/wiki/api/v2/spaces?cursor=x'],
      ['a path outside /wiki', '/admin/secrets?cursor=x'],
      ['a dot-dot path', '/wiki/../admin?cursor=x'],
      ...DOT_DOT_BYPASSES,
    ])('refuses %s without sending anything', async (_name, next) => {
      server.handle(pageWithNext(next));
      const first = await client().listSpaces();
      expect(server.requests).toHaveLength(1);
      const error = await failure(first.fetchNext?.() ?? Promise.resolve());
      expect(error.kind).toBe('malformed-response');
      expect(server.requests).toHaveLength(1);
    });

    it.each(DOT_DOT_BYPASSES)('refuses %s in a Link header', async (_name, next) => {
      server.handle(
        byPath({
          '/wiki/api/v2/spaces': () => ({
            body: { results: [space('1', 'A')], _links: {} },
            headers: { link: `<${next.replace(/[\n\r]/g, encodeURIComponent)}>; rel="next"` },
          }),
        }),
      );
      const first = await client().listSpaces();
      const error = await failure(first.fetchNext?.() ?? Promise.resolve());
      expect(error.kind).toBe('malformed-response');
      expect(server.requests).toHaveLength(1);
    });

    it.each([
      ['percent-encoded dots', '%2e%2e/admin'],
      ['a double-encoded slash and dots', 'api/v2/spaces%252f%252e%252e%252f%252e%252e%252fadmin'],
    ])('refuses an absolute link on the base with %s', async (_name, rest) => {
      // With a foreign `_links.base` the link stays absolute, so the transport itself sees it.
      server.handle(pageWithNext(`${server.baseUrl}/wiki/${rest}`, 'https://other.example/wiki'));
      const first = await client().listSpaces();
      const error = await failure(first.fetchNext?.() ?? Promise.resolve());
      expect(error.kind).toBe('malformed-response');
      expect(server.requests).toHaveLength(1);
    });

    it('follows a v2 cursor link whose cursor is percent-encoded, unchanged', async () => {
      server.handle(pageWithNext('/wiki/api/v2/spaces?cursor=abc%3D%3D&limit=1'));
      const first = await client().listSpaces();
      await first.fetchNext?.();
      expect(server.requests.map((r) => r.url)).toEqual([
        '/wiki/api/v2/spaces?limit=250',
        '/wiki/api/v2/spaces?cursor=abc%3D%3D&limit=1',
      ]);
      expect(server.requests[1]?.query.get('cursor')).toBe('abc==');
    });

    it('follows a v1 start/limit link relative to the /wiki context', async () => {
      server.handle(
        byPath({
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
      const first = await client().listGroupMembers('g-1', { limit: 25 });
      await first.fetchNext?.();
      expect(server.requests[1]?.url).toBe(
        '/wiki/rest/api/group/g-1/membersByGroupId?start=25&limit=25',
      );
    });

    it('follows an absolute link on the same base', async () => {
      server.handle(pageWithNext(`${server.baseUrl}/wiki/api/v2/spaces?cursor=2`));
      const first = await client().listSpaces();
      await first.fetchNext?.();
      expect(server.requests.map((r) => r.url)).toEqual([
        '/wiki/api/v2/spaces?limit=250',
        '/wiki/api/v2/spaces?cursor=2',
      ]);
    });

    it('through the gateway, a link on the site’s own base stays on the gateway', async () => {
      // Via api.atlassian.com, `_links.base` names the site; the link is rebased onto our base.
      server.handle(
        pageWithNext(
          'https://site.atlassian.net/wiki/api/v2/spaces?cursor=2',
          'https://site.atlassian.net/wiki',
        ),
      );
      const first = await client(`${server.baseUrl}/ex/confluence/cloud-123`).listSpaces();
      expect(first.nextLink).toBe('/wiki/api/v2/spaces?cursor=2');
      await first.fetchNext?.();
      expect(server.requests.map((r) => r.url)).toEqual([
        '/ex/confluence/cloud-123/wiki/api/v2/spaces?limit=250',
        '/ex/confluence/cloud-123/wiki/api/v2/spaces?cursor=2',
      ]);
    });
  });
});
