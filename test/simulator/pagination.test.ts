// Walks big lists the way a client must (following `_links.next`) and checks nothing is missed
// or repeated, with default and maximum limits.
import type { SiteFixtureInput } from '../../dev/simulator/fixture';
import type { RunningSimulator } from '../../dev/simulator/server';
import { call, ids, READ, useSimulator } from './helpers';

const SPACES = 1000;
const MEMBERS = 1500;

function bigSite(): SiteFixtureInput {
  const users = Array.from({ length: MEMBERS }, (_, i) => ({
    accountId: `u-${i}`,
    displayName: `User ${i}`,
    email: `u${i}@x.test`,
  }));
  return {
    site: { anonymousAccess: false },
    app: { accountId: 'app-lens', displayName: 'Access Lens' },
    users,
    groups: [{ id: 'g-all', name: 'everyone', members: users.map((u) => u.accountId) }],
    spaces: Array.from({ length: SPACES }, (_, i) => ({
      id: String(1000 + i),
      key: `S${i}`,
      name: `Space ${i}`,
      // Every 10th space is closed to u-0, to prove lists are filtered before paging.
      permissions:
        i % 10 === 9
          ? []
          : [{ principal: { type: 'group' as const, id: 'g-all' }, operation: READ }],
    })),
    content: [],
  };
}

async function walkV2(
  sim: RunningSimulator,
  first: string,
): Promise<{ ids: string[]; pages: number }> {
  const seen: string[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next !== undefined) {
    const r = await call(sim, 'user:u-0', next);
    expect(r.status).toBe(200);
    pages++;
    seen.push(...ids(r));
    const links = r.body._links as { next?: string };
    next = links.next;
    if (next !== undefined) {
      expect(next.startsWith('/wiki/api/v2/spaces?')).toBe(true);
      expect(r.headers.get('link')).toContain(`<${next}>; rel="next"`);
    } else {
      expect(r.headers.get('link')).toBeNull();
    }
  }
  return { ids: seen, pages };
}

async function walkV1(
  sim: RunningSimulator,
  first: string,
): Promise<{ ids: string[]; pages: number }> {
  const seen: string[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next !== undefined) {
    const r = await call(sim, 'user:u-0', next);
    expect(r.status).toBe(200);
    pages++;
    seen.push(...(r.body.results as { accountId: string }[]).map((u) => u.accountId));
    expect(r.body.size).toBe((r.body.results as unknown[]).length);
    const links = r.body._links as { next?: string; context: string };
    // v1 `next` is relative to the /wiki context, as in Cloud.
    next = links.next === undefined ? undefined : `${links.context}${links.next}`;
  }
  return { ids: seen, pages };
}

const expectedSpaces = Array.from({ length: SPACES }, (_, i) => i)
  .filter((i) => i % 10 !== 9)
  .map((i) => String(1000 + i));
const expectedMembers = Array.from({ length: MEMBERS }, (_, i) => `u-${i}`);

describe('v2 cursor pagination over 1,000 spaces', () => {
  const sim = useSimulator(bigSite());

  it('walks with the default limit (25)', async () => {
    const walk = await walkV2(sim(), '/wiki/api/v2/spaces');
    expect(walk.ids).toEqual(expectedSpaces);
    expect(walk.pages).toBe(Math.ceil(900 / 25));
  });

  it('walks with the maximum limit (250)', async () => {
    const walk = await walkV2(sim(), '/wiki/api/v2/spaces?limit=250');
    expect(walk.ids).toEqual(expectedSpaces);
    expect(walk.pages).toBe(4);
  });

  it('keeps filters across pages', async () => {
    const wanted = ['1003', '1004', '1009', '1010'];
    const walk = await walkV2(sim(), `/wiki/api/v2/spaces?limit=1&ids=${wanted.join(',')}`);
    expect(walk.ids).toEqual(['1003', '1004', '1010']);
  });

  it.each(['251', '0', 'ten'])('rejects limit=%s with 400', async (limit) => {
    const r = await call(sim(), 'user:u-0', `/wiki/api/v2/spaces?limit=${limit}`);
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ status: 400 })]);
  });

  it('rejects a forged cursor with 400', async () => {
    expect((await call(sim(), 'user:u-0', '/wiki/api/v2/spaces?cursor=bm9wZQ')).status).toBe(400);
  });
});

describe('v1 start/limit pagination over a 1,500-member group', () => {
  const sim = useSimulator(bigSite());
  const path = '/wiki/rest/api/group/g-all/membersByGroupId';

  it('walks with the default limit (200)', async () => {
    const walk = await walkV1(sim(), path);
    expect(walk.ids).toEqual(expectedMembers);
    expect(walk.pages).toBe(8);
  });

  it('walks with an explicit maximum limit (200) and a small one (64)', async () => {
    expect((await walkV1(sim(), `${path}?limit=200`)).ids).toEqual(expectedMembers);
    const small = await walkV1(sim(), `${path}?limit=64`);
    expect(small.ids).toEqual(expectedMembers);
    expect(small.pages).toBe(Math.ceil(MEMBERS / 64));
  });

  it('rejects limit 201 with 400', async () => {
    const r = await call(sim(), 'user:u-0', `${path}?limit=201`);
    expect(r.status).toBe(400);
    expect(r.body.statusCode).toBe(400);
  });

  it('reports totalSize on request', async () => {
    const r = await call(sim(), 'user:u-0', `${path}?limit=1&shouldReturnTotalSize=true`);
    expect(r.body.totalSize).toBe(MEMBERS);
  });
});
