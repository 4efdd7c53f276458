import { FixtureError, loadFixture, type SiteFixture } from '../../dev/simulator/fixture';
import { generateSite, mulberry32 } from '../../dev/simulator/generate';

function depthOf(site: SiteFixture, id: string): number {
  const byId = new Map(site.content.map((c) => [c.id, c]));
  let depth = 0;
  for (
    let cur = byId.get(id);
    cur;
    cur = cur.parentId === null ? undefined : byId.get(cur.parentId)
  ) {
    depth++;
  }
  return depth;
}

describe('mulberry32', () => {
  it('is a deterministic stream in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
});

describe('generateSite', () => {
  const opts = { seed: 7, spaces: 4, pages: 60, depth: 9, users: 40, bigGroupSize: 300 };

  it('is deterministic for a seed and differs across seeds', () => {
    const a = JSON.stringify(generateSite(opts));
    expect(JSON.stringify(generateSite(opts))).toBe(a);
    expect(JSON.stringify(generateSite({ ...opts, seed: 8 }))).not.toBe(a);
  });

  it('produces a fixture that loadFixture accepts unchanged', () => {
    const site = generateSite(opts);
    const loaded = loadFixture(JSON.parse(JSON.stringify(site)));
    expect(loaded).toEqual(JSON.parse(JSON.stringify(site)));
  });

  it('honours the requested counts and depth', () => {
    const site = generateSite(opts);
    expect(site.spaces).toHaveLength(4);
    for (const space of site.spaces) {
      const nodes = site.content.filter((c) => c.spaceId === space.id);
      expect(nodes).toHaveLength(60);
      expect(Math.max(...nodes.map((c) => depthOf(site, c.id)))).toBe(9);
      expect(space.homepageId).toBe(nodes[0]!.id);
    }
    expect(site.users).toHaveLength(300);
    const big = site.groups.find((g) => g.id === 'g-big');
    expect(big?.members).toHaveLength(300);
    expect(site.groups.filter((g) => g.id.startsWith('g-team-'))).toHaveLength(5);
  });

  it('includes labels, read and update restrictions, folders, guests and leavers at scale', () => {
    const site = generateSite({ seed: 3, spaces: 5, pages: 400, users: 500, folderRate: 0.1 });
    expect(site.content.filter((c) => c.labels.length > 0).length).toBeGreaterThan(50);
    expect(site.content.filter((c) => c.restrictions.read.users.length > 0).length).toBeGreaterThan(
      20,
    );
    expect(site.content.some((c) => c.restrictions.update.users.length > 0)).toBe(true);
    expect(site.content.some((c) => c.type === 'folder')).toBe(true);
    const guests = site.users.filter((u) => u.isGuest);
    expect(guests.length).toBeGreaterThan(0);
    for (const g of guests) {
      const assigned = site.spaces.filter((s) =>
        s.permissions.some((p) => p.principal.type === 'user' && p.principal.id === g.accountId),
      );
      expect(assigned).toHaveLength(1);
    }
    expect(site.users.some((u) => !u.active)).toBe(true);
  });

  it('keeps a flat site flat at depth 1 and handles empty spaces', () => {
    const flat = generateSite({ spaces: 1, pages: 20, depth: 1 });
    expect(flat.content.every((c) => c.parentId === null)).toBe(true);
    const empty = generateSite({ spaces: 2, pages: 0 });
    expect(empty.content).toHaveLength(0);
    expect(() => loadFixture(JSON.parse(JSON.stringify(empty)))).not.toThrow();
  });

  it('rejects nonsense options', () => {
    expect(() => generateSite({ spaces: -1 })).toThrow(RangeError);
    expect(() => generateSite({ depth: 0 })).toThrow(RangeError);
    expect(() => generateSite({ labelRate: 2 })).toThrow(RangeError);
    // Sanity: the fixture loader really does reject a broken generated site.
    const broken = generateSite({ spaces: 1, pages: 3 });
    broken.content[2]!.parentId = '999';
    expect(() => loadFixture(JSON.parse(JSON.stringify(broken)))).toThrow(FixtureError);
  });
});
