// The CQL subset, and 400 for everything outside it.
import type { SiteFixtureInput } from '../../dev/simulator/fixture';
import { call, ids, READ, useSimulator } from './helpers';

const fixture: SiteFixtureInput = {
  site: { anonymousAccess: false },
  app: { accountId: 'app-lens', displayName: 'Access Lens' },
  users: [{ accountId: 'u-a', displayName: 'A', email: 'a@x.test' }],
  groups: [],
  spaces: ['101', '102'].map((id, i) => ({
    id,
    key: i === 0 ? 'ONE' : 'TWO',
    name: id,
    permissions: [{ principal: { type: 'user' as const, id: 'u-a' }, operation: READ }],
  })),
  content: [
    { id: '1000', type: 'page', spaceId: '101', title: 'Home', labels: ['confidential'] },
    { id: '1001', type: 'folder', spaceId: '101', parentId: '1000', title: 'F' },
    { id: '1002', type: 'page', spaceId: '101', parentId: '1001', title: 'Leaf', labels: ['hr'] },
    { id: '1003', type: 'blogpost', spaceId: '101', title: 'News', labels: ['confidential'] },
    { id: '2000', type: 'page', spaceId: '102', title: 'Two home' },
    { id: '2001', type: 'page', spaceId: '102', title: 'Archived', status: 'archived' },
  ],
};

describe('content search CQL', () => {
  const sim = useSimulator(fixture);
  const search = (cql: string, extra = '') =>
    call(sim(), 'user:u-a', `/wiki/rest/api/content/search?cql=${encodeURIComponent(cql)}${extra}`);

  const cases: [string, string[]][] = [
    ['type = page', ['1000', '1002', '2000']],
    ['type in (page, blogpost) AND space = ONE', ['1000', '1002', '1003']],
    ['space = "TWO" OR label = hr', ['1002', '2000']],
    ['label = confidential and type = page', ['1000']],
    ['id in (1000, 2000, 9999)', ['1000', '2000']],
    ['ancestor = 1000', ['1001', '1002']],
    ['(space = ONE OR space = TWO) AND type = blogpost', ['1003']],
    ['space.id = 102', ['2000']],
    ['type != page AND space in (ONE)', ['1001', '1003']],
  ];

  it.each(cases)('%s', async (cql, expected) => {
    const r = await search(cql);
    expect(r.status).toBe(200);
    expect(ids(r)).toEqual(expected);
  });

  it.each([
    'text ~ "salary"',
    'title = Home',
    'type = page ORDER BY created',
    'space = ',
    'type = page AND',
    'creator = u-a',
    'type = comment',
    'NOT label = x',
  ])('rejects %s with 400', async (cql) => {
    const r = await search(cql);
    expect(r.status).toBe(400);
    expect(r.body.statusCode).toBe(400);
  });

  it('pages with a cursor in _links.next relative to /wiki', async () => {
    const first = await search('type = page', '&limit=2');
    expect(ids(first)).toEqual(['1000', '1002']);
    const next = (first.body._links as { next: string }).next;
    expect(next.startsWith('/rest/api/content/search?')).toBe(true);
    const second = await call(sim(), 'user:u-a', `/wiki${next}`);
    expect(ids(second)).toEqual(['2000']);
    expect((second.body._links as { next?: string }).next).toBeUndefined();
  });

  it('expands labels and restrictions', async () => {
    const r = await search(
      'id = 1000',
      '&expand=metadata.labels,restrictions.read.restrictions.user,restrictions.read.restrictions.group',
    );
    interface Expanded {
      metadata: { labels: { results: { name: string }[] } };
      restrictions: {
        read: { restrictions: { user: { results: unknown[] }; group: { results: unknown[] } } };
      };
    }
    const [c] = r.body.results as Expanded[];
    expect(c?.metadata.labels.results.map((l) => l.name)).toEqual(['confidential']);
    expect(c?.restrictions.read.restrictions.user.results).toEqual([]);
    expect(c?.restrictions.read.restrictions.group.results).toEqual([]);
  });
});
