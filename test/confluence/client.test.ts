import { pacedTransport } from '../../src/cli/paced-transport';
import { ConfluenceClient, isConfluenceAdmin } from '../../src/confluence/client';
import type { ConfluenceClientOptions, ResponseEvent } from '../../src/confluence/client';
import { ConfluenceError } from '../../src/confluence/errors';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import { collectAll, itemsFrom } from '../../src/confluence/pagination';
import {
  byPath,
  fakeClock,
  restrictionsBody,
  grant,
  space,
  startFakeConfluence,
  v1Group,
  v1User,
} from './fake-confluence';
import type { FakeConfluence, FakeReply } from './fake-confluence';

/**
 * The typed client over the real fetch transport against a local server: pagination, error
 * mapping, retries and points. Time is injected: `sleep` advances a fake clock and records the
 * delay, so nothing waits for real and tests assert delays and counts, not wall time.
 */
describe('ConfluenceClient', () => {
  let server: FakeConfluence;
  let clock: ReturnType<typeof fakeClock>;

  beforeAll(async () => {
    server = await startFakeConfluence();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    clock = fakeClock();
  });

  function client(options: ConfluenceClientOptions = {}): ConfluenceClient {
    return new ConfluenceClient(fetchTransport({ baseUrl: server.baseUrl }), {
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      ...options,
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

  describe('v2 cursor pagination', () => {
    const spaces = Array.from({ length: 5 }, (_, i) => space(String(i + 1), `S${i + 1}`));

    /** Pages of `size` spaces with `_links.next` (or only a Link header when `header`). */
    function pagedSpaces(size: number, options: { header?: boolean } = {}) {
      return byPath({
        '/wiki/api/v2/spaces': (request): FakeReply => {
          const offset = Number(request.query.get('cursor') ?? '0');
          const limit = Number(request.query.get('limit') ?? size);
          const results = spaces.slice(offset, offset + limit);
          const end = offset + results.length;
          const next =
            end < spaces.length ? `/wiki/api/v2/spaces?cursor=${end}&limit=${limit}` : undefined;
          return {
            body: { results, _links: options.header || !next ? {} : { next } },
            headers: next
              ? { Link: `<${next}>; rel="next", <${server.baseUrl}/wiki>; rel="base"` }
              : {},
          };
        },
      });
    }

    it('an empty list is one request and no items', async () => {
      server.handle(
        byPath({ '/wiki/api/v2/spaces': () => ({ body: { results: [], _links: {} } }) }),
      );
      const c = client();
      const collected = await collectAll(c.listSpaces());
      expect(collected).toEqual({ items: [], truncated: false, pages: 1 });
      expect(server.requests).toHaveLength(1);
      expect(c.usage().points).toBe(1);
    });

    it('exactly one page: no next link, no second request', async () => {
      server.handle(pagedSpaces(5));
      const c = client();
      const first = await c.listSpaces({}, { limit: 5 });
      expect(first.nextLink).toBeUndefined();
      expect(first.fetchNext).toBeUndefined();
      const collected = await collectAll(first);
      expect(collected.items.map((s) => s.key)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
      expect(server.requests.map((r) => r.url)).toEqual(['/wiki/api/v2/spaces?limit=5']);
    });

    it('follows _links.next until the last page, which has none', async () => {
      server.handle(pagedSpaces(2));
      const c = client();
      const first = await c.listSpaces({ keys: ['S1', 'S2'] }, { limit: 2 });
      expect(first.nextCursor).toBe('2');
      const collected = await collectAll(first);
      expect(collected).toMatchObject({ truncated: false, pages: 3 });
      expect(collected.items).toHaveLength(5);
      expect(server.requests.map((r) => r.url)).toEqual([
        '/wiki/api/v2/spaces?keys=S1&keys=S2&limit=2',
        '/wiki/api/v2/spaces?cursor=2&limit=2',
        '/wiki/api/v2/spaces?cursor=4&limit=2',
      ]);
      // 3 requests + 5 spaces.
      expect(c.usage()).toMatchObject({ requests: 3, points: 8, rounds: 3 });
    });

    it('falls back to the Link header when the body has no next link', async () => {
      server.handle(pagedSpaces(3, { header: true }));
      const items: string[] = [];
      for await (const s of itemsFrom(client().listSpaces({}, { limit: 3 }))) items.push(s.key);
      expect(items).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
      expect(server.requests).toHaveLength(2);
    });

    it('the max-items guard stops fetching and says the list was truncated', async () => {
      server.handle(pagedSpaces(2));
      const inPage = await collectAll(client().listSpaces({}, { limit: 2 }), { maxItems: 3 });
      expect(inPage).toMatchObject({ truncated: true, pages: 2 });
      expect(inPage.items.map((s) => s.key)).toEqual(['S1', 'S2', 'S3']);
      expect(server.requests).toHaveLength(2);

      server.requests.length = 0;
      const atBoundary = await collectAll(client().listSpaces({}, { limit: 2 }), { maxItems: 4 });
      expect(atBoundary).toMatchObject({ truncated: true, pages: 2 });
      expect(server.requests).toHaveLength(2);

      server.requests.length = 0;
      const exact = await collectAll(client().listSpaces({}, { limit: 5 }), { maxItems: 5 });
      expect(exact).toMatchObject({ truncated: false, pages: 1 });
    });

    it('clamps limits to what the API accepts', async () => {
      server.handle(byPath({ '/wiki/api/v2/spaces': () => ({ body: { results: [] } }) }));
      await client().listSpaces({}, { limit: 10_000 });
      await client().listSpaces();
      expect(server.requests.map((r) => r.query.get('limit'))).toEqual(['250', '250']);
    });
  });

  describe('v1 start/limit and cursor pagination', () => {
    it('follows context-relative next links of group members and exposes nextStart', async () => {
      const members = Array.from({ length: 5 }, (_, i) => v1User(`u-${i}`));
      server.handle(
        byPath({
          '/wiki/rest/api/group/g-1/membersByGroupId': (request) => {
            const start = Number(request.query.get('start') ?? '0');
            const limit = Number(request.query.get('limit'));
            const results = members.slice(start, start + limit);
            const more = start + results.length < members.length;
            return {
              body: {
                results,
                start,
                limit,
                size: results.length,
                _links: {
                  base: `${server.baseUrl}/wiki`,
                  context: '/wiki',
                  ...(more
                    ? {
                        next: `/rest/api/group/g-1/membersByGroupId?start=${start + limit}&limit=${limit}`,
                      }
                    : {}),
                },
              },
            };
          },
        }),
      );
      const c = client();
      const first = await c.listGroupMembers('g-1', { limit: 2 });
      expect(first).toMatchObject({
        nextLink: '/wiki/rest/api/group/g-1/membersByGroupId?start=2&limit=2',
        nextStart: 2,
      });
      const all = await collectAll(first);
      expect(all.items.map((u) => u.accountId)).toEqual(['u-0', 'u-1', 'u-2', 'u-3', 'u-4']);
      expect(server.requests.map((r) => r.query.get('start'))).toEqual([null, '2', '4']);
      // 3 requests + 2 points per user.
      expect(c.usage().byEndpoint.getGroupMembers).toEqual({ requests: 3, points: 13, retries: 0 });
    });

    it('never asks for more than 200 members per page', async () => {
      server.handle(() => ({ body: { results: [], start: 0, limit: 200, size: 0, _links: {} } }));
      await client().listGroupMembers('g-1', { limit: 1000 });
      expect(server.requests[0]?.query.get('limit')).toBe('200');
    });

    it('pages CQL search by cursor and exposes nextCursor', async () => {
      server.handle(
        byPath({
          '/wiki/rest/api/content/search': (request) =>
            request.query.get('cursor') === null
              ? {
                  body: {
                    results: [{ id: '1', type: 'page', status: 'current', title: 'One' }],
                    start: 0,
                    limit: 1,
                    size: 1,
                    _links: {
                      context: '/wiki',
                      next: '/rest/api/content/search?cql=type%3Dpage&cursor=abc&limit=1',
                    },
                  },
                }
              : {
                  body: {
                    results: [{ id: '2', type: 'page', status: 'current', title: 'Two' }],
                    start: 1,
                    limit: 1,
                    size: 1,
                    _links: { context: '/wiki' },
                  },
                },
        }),
      );
      const first = await client().searchContent('type=page', {
        limit: 1,
        expand: ['space', 'ancestors'],
      });
      expect(first.nextCursor).toBe('abc');
      expect(server.requests[0]?.query.get('expand')).toBe('space,ancestors');
      const all = await collectAll(first);
      expect(all.items.map((c) => c.title)).toEqual(['One', 'Two']);
      expect(server.requests[1]?.url).toBe(
        '/wiki/rest/api/content/search?cql=type%3Dpage&cursor=abc&limit=1',
      );
    });
  });

  describe('errors', () => {
    it('404 is not-visible and 403 is forbidden, with Confluence’s own words', async () => {
      server.handle(
        byPath({
          '/wiki/api/v2/pages/1': () => ({
            status: 404,
            body: {
              errors: [
                { status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: 'No content found' },
              ],
            },
          }),
          '/wiki/rest/api/content/1/restriction/byOperation': () => ({
            status: 403,
            body: { statusCode: 403, message: 'Not permitted\nto view', data: {} },
          }),
          '/wiki/rest/api/user/current': () => ({
            status: 401,
            body: { statusCode: 401, message: 'Unauthorized' },
          }),
          '/wiki/rest/api/content/search': () => ({
            status: 400,
            body: { statusCode: 400, message: 'Could not parse cql' },
          }),
        }),
      );
      const c = client();
      const notVisible = await failure(c.getPage('1'));
      expect(notVisible).toMatchObject({
        kind: 'not-visible',
        details: { status: 404, endpoint: 'getPage', attempts: 1 },
      });
      expect(notVisible.message).toBe('Confluence answered 404 (getPage): No content found');
      const forbidden = await failure(c.getRestrictions('1'));
      expect(forbidden.kind).toBe('forbidden');
      expect(forbidden.message).toBe(
        'Confluence answered 403 (getRestrictionsByOperation): Not permitted to view',
      );
      expect((await failure(c.getCurrentUser({ withOperations: true }))).kind).toBe(
        'unauthenticated',
      );
      expect((await failure(c.searchContent('type = ('))).kind).toBe('bad-request');
      // Client errors are never retried, and each still cost its 1 point.
      expect(c.usage()).toMatchObject({ requests: 4, retries: 0, points: 4 });
    });

    it('a body that is not JSON, or not the documented shape, is malformed-response (not retried)', async () => {
      server.handle(
        byPath({
          '/wiki/api/v2/pages/1': () => ({ body: '<html>gateway</html>' }),
          '/wiki/api/v2/pages/2': () => ({ body: { id: 2, title: 'numeric id' } }),
          '/wiki/api/v2/spaces': () => ({ body: { results: 'nope' } }),
        }),
      );
      const c = client();
      const notJson = await failure(c.getPage('1'));
      expect(notJson.kind).toBe('malformed-response');
      const wrongShape = await failure(c.getPage('2'));
      expect(wrongShape.kind).toBe('malformed-response');
      expect(wrongShape.message).toContain('at id');
      expect((await failure(c.listSpaces())).kind).toBe('malformed-response');
      expect(server.requests).toHaveLength(3);
      expect(c.usage().retries).toBe(0);
    });
  });

  describe('retries', () => {
    it('429 with Retry-After seconds, then success: waits exactly that long once', async () => {
      let calls = 0;
      server.handle(() =>
        ++calls === 1
          ? { status: 429, body: { errors: [] }, headers: { 'Retry-After': '3' } }
          : { body: { id: '7', title: 'Seven', spaceId: '1' } },
      );
      const c = client();
      await expect(c.getPage('7')).resolves.toMatchObject({ title: 'Seven' });
      expect(server.requests).toHaveLength(2);
      expect(clock.sleeps).toEqual([3000]);
      // The refused request is not charged; the page costs 2.
      expect(c.usage()).toMatchObject({ requests: 2, retries: 1, points: 2 });
    });

    it('honours Retry-After given as an HTTP date', async () => {
      let calls = 0;
      server.handle(() =>
        ++calls === 1
          ? { status: 429, headers: { 'Retry-After': new Date(clock.now() + 5000).toUTCString() } }
          : { body: { id: '7', title: 'Seven', spaceId: '1' } },
      );
      await client().getPage('7');
      expect(clock.sleeps).toEqual([5000]);
    });

    it('a Retry-After beyond the deadline fails fast as rate-limited with retryAfterSeconds', async () => {
      server.handle(() => ({
        status: 429,
        body: { errors: [] },
        headers: { 'Retry-After': '30' },
      }));
      const error = await failure(client().getPage('7'));
      expect(error).toMatchObject({
        kind: 'rate-limited',
        details: { status: 429, retryAfterSeconds: 30, attempts: 1 },
      });
      expect(clock.sleeps).toEqual([]);
      expect(server.requests).toHaveLength(1);
    });

    it('a longer deadline lets the same Retry-After be waited out', async () => {
      let calls = 0;
      server.handle(() =>
        ++calls === 1
          ? { status: 429, headers: { 'Retry-After': '30' } }
          : { body: { id: '7', title: 'Seven', spaceId: '1' } },
      );
      await client({ deadlineMs: 120_000 }).getPage('7');
      expect(clock.sleeps).toEqual([30_000]);
    });

    it('429 without Retry-After backs off exponentially with jitter, then gives up as rate-limited', async () => {
      server.handle(() => ({ status: 429, body: { errors: [] } }));
      const c = client({
        random: () => 0,
        retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 5000 },
      });
      const error = await failure(c.getPage('7'));
      expect(error).toMatchObject({ kind: 'rate-limited', details: { attempts: 4 } });
      expect(error.details.retryAfterSeconds).toBeUndefined();
      // Jitter 0 → the lower half of each step: 500/2, 1000/2, 2000/2.
      expect(clock.sleeps).toEqual([250, 500, 1000]);
      expect(c.usage()).toMatchObject({ requests: 4, retries: 3, points: 0 });
    });

    it('a quota 429 fails fast: no retry, typed as the quota, waiting for Retry-After', async () => {
      const events: ResponseEvent[] = [];
      server.handle(() => ({
        status: 429,
        body: { errors: [] },
        headers: {
          'Retry-After': '1847',
          'RateLimit-Reason': 'confluence-quota-global-based',
          'RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
          RateLimit: '"global-app-quota";r=0;t=1847',
        },
      }));
      // Even with a deadline long enough to wait it out: the pool serves nobody until the reset.
      const c = client({ deadlineMs: 10 * 3_600_000, onResponse: (e) => events.push(e) });
      const error = await failure(c.getPage('7'));
      expect(error).toMatchObject({
        kind: 'rate-limited',
        details: { status: 429, attempts: 1, retryAfterSeconds: 1847, rateLimit: 'quota' },
      });
      expect(error.message).toMatch(/points pool/u);
      expect(server.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
      expect(c.usage()).toMatchObject({ requests: 1, retries: 0, points: 0 });
      expect(events.map((e) => e.rateLimit.reasonKind)).toEqual(['quota']);
    });

    it('a quota 429 without Retry-After waits for the reset the pool reports', async () => {
      server.handle(() => ({
        status: 429,
        headers: { 'Beta-RateLimit': '"global-app-quota";r=0;t=50' },
      }));
      const error = await failure(client().getPage('7'));
      // No reason header: an empty pool says it was the quota.
      expect(error.details).toMatchObject({ rateLimit: 'quota', retryAfterSeconds: 50 });
      expect(server.requests).toHaveLength(1);
    });

    it('a burst 429 is retried after Retry-After, like any 429 before the quota', async () => {
      let calls = 0;
      server.handle(() =>
        ++calls <= 2
          ? {
              status: 429,
              headers: {
                'Retry-After': '1',
                'RateLimit-Reason': 'confluence-burst-based',
                'X-RateLimit-Limit': '100',
                'X-RateLimit-Remaining': '0',
              },
            }
          : { body: { id: '7', title: 'Seven', spaceId: '1' } },
      );
      const c = client();
      await expect(c.getPage('7')).resolves.toMatchObject({ title: 'Seven' });
      expect(server.requests).toHaveLength(3);
      expect(clock.sleeps).toEqual([1000, 1000]);
      expect(c.usage()).toMatchObject({ requests: 3, retries: 2, points: 2 });
    });

    it('burstAttempts retries burst 429s where maxAttempts allows no other retry', async () => {
      let calls = 0;
      server.handle(() =>
        ++calls <= 2
          ? { status: 429, headers: { 'Retry-After': '1' } }
          : calls === 3
            ? { status: 503 }
            : { body: { id: '7', title: 'Seven', spaceId: '1' } },
      );
      const c = client({ retry: { maxAttempts: 1, burstAttempts: 4 } });
      const error = await failure(c.getPage('7'));
      // Two bursts waited out in place; the 503 is not retried (maxAttempts 1).
      expect(error).toMatchObject({ kind: 'upstream', details: { status: 503, attempts: 3 } });
      expect(clock.sleeps).toEqual([1000, 1000]);

      server.requests.length = 0;
      calls = 0;
      server.handle(() => ({ status: 429, headers: { 'Retry-After': '1' } }));
      const spent = await failure(c.getPage('7'));
      expect(spent).toMatchObject({
        kind: 'rate-limited',
        details: { attempts: 4, rateLimit: 'burst', retryAfterSeconds: 1 },
      });
      expect(server.requests).toHaveLength(4);
    });

    it('500 is retried up to maxAttempts, then reported as upstream', async () => {
      server.handle(() => ({
        status: 500,
        body: { errors: [{ status: 500, title: 'Internal Server Error' }] },
      }));
      const c = client({ random: () => 1 });
      const error = await failure(c.getSpace('1'));
      expect(error).toMatchObject({ kind: 'upstream', details: { status: 500, attempts: 4 } });
      expect(clock.sleeps).toEqual([500, 1000, 2000]);
      expect(server.requests).toHaveLength(4);
      expect(c.usage().byEndpoint.getSpace).toEqual({ requests: 4, points: 4, retries: 3 });
    });

    it('a 503 that recovers is invisible to the caller', async () => {
      let calls = 0;
      server.handle(() => (++calls < 3 ? { status: 503 } : { body: space('1', 'ONE') }));
      await expect(client().getSpace('1')).resolves.toMatchObject({ key: 'ONE' });
      expect(server.requests).toHaveLength(3);
    });

    it('POST permission check is never retried: not on 503, not on 429', async () => {
      server.handle(() => ({ status: 503 }));
      const c = client();
      const subject = { type: 'user', identifier: 'u-1' } as const;
      expect((await failure(c.checkPermission('1', subject, 'read'))).kind).toBe('upstream');
      expect(server.requests).toHaveLength(1);

      server.requests.length = 0;
      server.handle(() => ({ status: 429, headers: { 'Retry-After': '2' } }));
      const limited = await failure(c.checkPermission('1', subject, 'read'));
      expect(limited).toMatchObject({
        kind: 'rate-limited',
        details: { retryAfterSeconds: 2, attempts: 1 },
      });
      expect(server.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    it('backoff never waits past the deadline', async () => {
      server.handle(() => ({ status: 502 }));
      const c = client({ deadlineMs: 1200, random: () => 1, retry: { maxAttempts: 10 } });
      const error = await failure(c.getPage('1'));
      // 500 fits (t=500), 1000 would end at 1500 > 1200: stop after 2 attempts.
      expect(error).toMatchObject({ kind: 'upstream', details: { attempts: 2 } });
      expect(clock.sleeps).toEqual([500]);
    });

    it('a deadline already spent makes no request at all', async () => {
      const c = client({ deadlineMs: 1000 });
      clock.advance(1000);
      expect((await failure(c.getPage('1'))).kind).toBe('upstream');
      expect(server.requests).toHaveLength(0);
    });

    it('network failures of GETs are retried', async () => {
      let calls = 0;
      const flaky: typeof fetch = (input, init) =>
        ++calls === 1 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init);
      server.handle(() => ({ body: { id: '1', title: 'T', spaceId: '9' } }));
      const c = new ConfluenceClient(fetchTransport({ baseUrl: server.baseUrl, fetch: flaky }), {
        now: clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
      });
      await expect(c.getPage('1')).resolves.toMatchObject({ id: '1' });
      expect(c.usage()).toMatchObject({ requests: 2, retries: 1 });
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('points accounting (1 per request, +1 per content/space, +2 per user/group/permission)', () => {
    beforeEach(() => {
      server.handle(
        byPath({
          '/wiki/api/v2/pages/10': () => ({
            body: { id: '10', title: 'Ten', spaceId: '1', parentId: '5', parentType: 'folder' },
          }),
          '/wiki/api/v2/pages/10/ancestors': () => ({
            body: {
              results: [
                { id: '3', type: 'page' },
                { id: '4', type: 'page' },
                { id: '5', type: 'folder' },
              ],
              _links: {},
            },
          }),
          '/wiki/api/v2/folders/5': () => ({
            body: { id: '5', type: 'folder', title: 'Five', spaceId: '1', status: 'current' },
          }),
          '/wiki/api/v2/spaces': () => ({
            body: { results: [space('1', 'A'), space('2', 'B'), space('3', 'C')], _links: {} },
          }),
          '/wiki/api/v2/spaces/1/permissions': () => ({
            body: {
              results: [
                grant('p1', { type: 'user', id: 'u-1' }),
                grant('p2', { type: 'group', id: 'g-1' }),
                grant('p3', { type: 'role', id: 'ANONYMOUS' }),
                grant('p4', { type: 'group', id: 'g-1' }, 'create', 'page'),
                grant('p5', { type: 'user', id: 'u-1' }, 'administer'),
              ],
              _links: {},
            },
          }),
          '/wiki/rest/api/content/10/restriction/byOperation': () => ({ body: restrictionsBody() }),
          '/wiki/rest/api/content/10/permission/check': () => ({
            body: {
              hasPermission: false,
              errors: [{ translation: 'User does not have permission to the content', args: [] }],
            },
          }),
          '/wiki/rest/api/user/current': () => ({
            body: {
              ...v1User('u-me'),
              operations: [{ operation: 'administer', targetType: 'application' }],
            },
          }),
          '/wiki/rest/api/user/anonymous': () => ({
            body: {
              type: 'anonymous',
              displayName: 'Anonymous',
              profilePicture: { path: '/a.png', width: 48, height: 48, isDefault: true },
              operations: [],
              _links: {},
            },
          }),
          '/wiki/rest/api/user': () => ({ body: v1User('u-2') }),
          '/wiki/rest/api/user/memberof': () => ({
            body: {
              results: [v1Group('g-1'), v1Group('g-2')],
              start: 0,
              limit: 200,
              size: 2,
              _links: {},
            },
          }),
          '/wiki/rest/api/group/g-1/membersByGroupId': () => ({
            body: {
              results: [v1User('u-1'), v1User('u-2'), v1User('u-3')],
              start: 0,
              limit: 200,
              size: 3,
              _links: {},
            },
          }),
          '/wiki/rest/api/content/search': () => ({
            body: {
              results: [
                {
                  id: '10',
                  type: 'page',
                  status: 'current',
                  title: 'Ten',
                  space: { id: 1, key: 'A', name: 'A' },
                  ancestors: [{ id: '3', type: 'page', status: 'current', title: 'Three' }],
                  restrictions: {
                    read: {
                      operation: 'read',
                      restrictions: {
                        user: { results: [v1User('u-1')], start: 0, limit: 200, size: 1 },
                      },
                      _expandable: {},
                      _links: {},
                    },
                  },
                },
                {
                  id: '11',
                  type: 'page',
                  status: 'current',
                  title: 'Eleven',
                  space: { id: 1, key: 'A', name: 'A' },
                  ancestors: [{ id: '3', type: 'page', status: 'current', title: 'Three' }],
                },
              ],
              start: 0,
              limit: 50,
              size: 2,
              _links: {},
            },
          }),
        }),
      );
    });

    it('charges each call by what it returned', async () => {
      const c = client();
      await c.getPage('10'); // 1 + 1 content = 2
      await c.getAncestors('10'); // 1 + 3 content = 4
      await c.getFolder('5'); // 2
      await collectAll(c.listSpaces()); // 1 + 3 spaces = 4
      await collectAll(c.listSpacePermissions('1')); // 1 + 5×2 = 11
      await c.getRestrictions('10'); // 1 + (2 users + 1 group + 1 user) × 2 = 9
      await c.checkPermission('10', { type: 'user', identifier: 'u-2' }, 'read'); // 1 + 2 = 3
      await c.getCurrentUser({ withOperations: true }); // 3
      await c.getAnonymousUser({ withOperations: true }); // 3
      await c.getUser('u-2'); // 3
      await c.listUserGroups('u-2'); // 1 + 2×2 = 5
      await c.listGroupMembers('g-1'); // 1 + 3×2 = 7
      await c.searchContent('type=page', {
        expand: ['space', 'ancestors', 'restrictions.read.restrictions.user'],
      });
      // search: 1 + 2 content + 2 ancestors + 2 spaces + 1 user×2 = 9
      const usage = c.usage();
      expect(usage.requests).toBe(13);
      expect(usage.points).toBe(2 + 4 + 2 + 4 + 11 + 9 + 3 + 3 + 3 + 3 + 5 + 7 + 9);
      expect(usage.byEndpoint).toMatchObject({
        getPage: { requests: 1, points: 2 },
        getPageAncestors: { requests: 1, points: 4 },
        getSpacePermissions: { requests: 1, points: 11 },
        getRestrictionsByOperation: { requests: 1, points: 9 },
        checkContentPermission: { requests: 1, points: 3 },
        searchContent: { requests: 1, points: 9 },
      });
      expect(usage.rounds).toBe(13);
    });

    it('calls started together share one sequential round', async () => {
      const c = client();
      await Promise.all([c.getPage('10'), c.getRestrictions('10'), c.listSpacePermissions('1')]);
      await c.getCurrentUser({ withOperations: false });
      expect(c.usage()).toMatchObject({ requests: 4, rounds: 2 });
    });

    it('parses what the engine reads', async () => {
      const c = client();
      expect(await c.getAncestors('10')).toEqual({
        ancestors: [
          { id: '3', type: 'page' },
          { id: '4', type: 'page' },
          { id: '5', type: 'folder' },
        ],
        complete: true,
      });
      const restrictions = await c.getRestrictions('10');
      expect(restrictions.read.users.map((u) => u.accountId)).toEqual(['u-1', 'u-2']);
      expect(restrictions.read.groups.map((g) => g.id)).toEqual(['g-1']);
      expect(restrictions.update).toMatchObject({
        operation: 'update',
        groups: [],
        truncated: false,
      });
      const check = await c.checkPermission('10', { type: 'user', identifier: 'u-2' }, 'read');
      expect(check.hasPermission).toBe(false);
      expect(JSON.parse(server.requests.at(-1)?.body ?? '')).toEqual({
        subject: { type: 'user', identifier: 'u-2' },
        operation: 'read',
      });
      expect(isConfluenceAdmin(await c.getCurrentUser({ withOperations: true }))).toBe(true);
      expect(server.requests.at(-1)?.query.get('expand')).toBe('operations');
    });

    it('reports rate-limit headers to onResponse', async () => {
      const events: ResponseEvent[] = [];
      server.handle(() => ({
        body: { id: '10', title: 'Ten', spaceId: '1' },
        headers: {
          'X-RateLimit-Limit': '65000',
          'X-RateLimit-Remaining': '9000',
          'X-RateLimit-NearLimit': 'true',
          'X-RateLimit-Reset': '2026-01-01T00:00:00.000Z',
        },
      }));
      await client({ onResponse: (event) => events.push(event) }).getPage('10');
      expect(events).toEqual([
        {
          endpoint: 'getPage',
          status: 200,
          attempt: 1,
          points: 2,
          rateLimit: {
            policies: [],
            burst: {
              limit: 65000,
              remaining: 9000,
              nearLimit: true,
              reset: '2026-01-01T00:00:00.000Z',
              resetAtMs: Date.parse('2026-01-01T00:00:00.000Z'),
            },
          },
        },
      ]);
    });

    it('reports the points pool of the quota headers to onResponse', async () => {
      const events: ResponseEvent[] = [];
      server.handle(() => ({
        body: { id: '10', title: 'Ten', spaceId: '1' },
        headers: {
          'Beta-RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
          'Beta-RateLimit': '"global-app-quota";r=11000;t=600',
        },
      }));
      await client({ onResponse: (event) => events.push(event) }).getPage('10');
      expect(events[0]?.rateLimit.quota).toEqual({
        policy: 'global-app-quota',
        limit: 65000,
        windowSeconds: 3600,
        remaining: 11000,
        resetSeconds: 600,
        enforced: false,
      });
    });
  });

  describe("over the CLI's paced transport", () => {
    const paced = () =>
      pacedTransport(fetchTransport({ baseUrl: server.baseUrl }), {
        concurrency: 4,
        now: clock.now,
        sleep: clock.sleep,
      });

    it('after a quota 429, later calls fail at once without being sent, until the reset', async () => {
      server.handle(() => ({
        status: 429,
        headers: {
          'Retry-After': '600',
          'RateLimit-Reason': 'confluence-quota-global-based',
          RateLimit: '"global-app-quota";r=0;t=600',
        },
      }));
      const c = new ConfluenceClient(paced(), {
        now: clock.now,
        sleep: clock.sleep,
        deadlineMs: 3_600_000,
      });
      expect((await failure(c.getPage('1'))).details).toMatchObject({ rateLimit: 'quota' });
      const unsent = await failure(c.getSpace('1'));
      expect(unsent).toMatchObject({
        kind: 'rate-limited',
        details: { rateLimit: 'quota', retryAfterSeconds: 600 },
      });
      expect(server.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);

      clock.advance(600_000);
      server.handle(() => ({ body: space('1', 'ONE') }));
      await expect(c.getSpace('1')).resolves.toMatchObject({ key: 'ONE' });
      expect(server.requests).toHaveLength(2);
    });

    it("a burst 429's Retry-After holds back every caller's next request, not only the retry", async () => {
      const transport = paced();
      server.handle(() => ({
        status: 429,
        headers: { 'Retry-After': '2', 'RateLimit-Reason': 'confluence-burst-based' },
      }));
      expect((await transport.send({ endpoint: 'getPage', params: { id: '1' } })).status).toBe(429);
      server.handle(() => ({ body: space('1', 'ONE') }));
      // Another loader's request, sent while the first one's caller waits.
      const other = await transport.send({ endpoint: 'getSpace', params: { id: '1' } });
      expect(other.status).toBe(200);
      expect(clock.sleeps).toEqual([2000]);
    });
  });

  describe('restrictions beyond the first window', () => {
    it('pages only the operation whose window was full, users and groups alike', async () => {
      const users = Array.from({ length: 5 }, (_, i) => v1User(`u-${i}`));
      const groups = Array.from({ length: 3 }, (_, i) => v1Group(`g-${i}`));
      const window = (start: number, limit: number) => ({
        operation: 'read',
        restrictions: {
          user: {
            results: users.slice(start, start + limit),
            start,
            limit,
            size: Math.min(limit, Math.max(0, users.length - start)),
            totalSize: users.length,
            _links: {},
          },
          group: {
            results: groups.slice(start, start + limit),
            start,
            limit,
            size: Math.min(limit, Math.max(0, groups.length - start)),
          },
        },
        _expandable: {},
        _links: {},
      });
      server.handle(
        byPath({
          '/wiki/rest/api/content/10/restriction/byOperation': () => ({
            body: {
              read: window(0, 2),
              update: {
                operation: 'update',
                restrictions: {
                  user: { results: [], start: 0, limit: 2, size: 0 },
                  group: { results: [], start: 0, limit: 2, size: 0 },
                },
                _expandable: {},
                _links: {},
              },
              _links: {},
            },
          }),
          '/wiki/rest/api/content/10/restriction/byOperation/read': (request) => ({
            body: window(Number(request.query.get('start')), Number(request.query.get('limit'))),
          }),
        }),
      );
      const c = client();
      const result = await c.getRestrictions('10');
      expect(result.read.users.map((u) => u.accountId)).toEqual([
        'u-0',
        'u-1',
        'u-2',
        'u-3',
        'u-4',
      ]);
      expect(result.read.groups.map((g) => g.id)).toEqual(['g-0', 'g-1', 'g-2']);
      expect(result.read.truncated).toBe(false);
      expect(server.requests.map((r) => r.url)).toEqual([
        '/wiki/rest/api/content/10/restriction/byOperation',
        '/wiki/rest/api/content/10/restriction/byOperation/read?start=2&limit=2',
        '/wiki/rest/api/content/10/restriction/byOperation/read?start=4&limit=2',
      ]);
      // (1 + 4×2) + (1 + 3×2) + (1 + 1×2): every principal is charged once.
      expect(c.usage().points).toBe(9 + 7 + 3);

      server.requests.length = 0;
      const capped = await client().getRestrictions('10', { maxItems: 2 });
      expect(capped.read).toMatchObject({ truncated: true });
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('ancestors deeper than one answer', () => {
    it('asks again from the highest ancestor when the answer was full', async () => {
      server.handle(
        byPath({
          '/wiki/api/v2/pages/9/ancestors': () => ({
            body: {
              results: [
                { id: '7', type: 'folder' },
                { id: '8', type: 'page' },
              ],
            },
          }),
          '/wiki/api/v2/folders/7/ancestors': () => ({
            body: {
              results: [
                { id: '5', type: 'page' },
                { id: '6', type: 'page' },
              ],
            },
          }),
          '/wiki/api/v2/pages/5/ancestors': () => ({
            body: { results: [{ id: '4', type: 'page' }] },
          }),
        }),
      );
      const chain = await client().getAncestors('9', { limit: 2 });
      expect(chain.ancestors.map((a) => a.id)).toEqual(['4', '5', '6', '7', '8']);
      expect(chain.complete).toBe(true);
      expect(server.requests).toHaveLength(3);
    });
  });
});
