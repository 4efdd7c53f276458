/**
 * The fleet scenario of `npm run bench -- macro`: one simulated hour of one busy site, 2,000
 * macro views over 500 pages in 50 spaces (40 grants each), page popularity Zipf-like, about 5
 * viewers per page, and a few restriction changes during the hour, each delivered to the app as
 * Confluence's product event. Every view runs the real resolver on the local Forge platform
 * against the simulator; the hour runs on a virtual clock (`Date.now`), so the cache's TTLs
 * expire as they would. Prints one line:
 *
 *   {"scenario":"fleet","views":…,"points":…,"pointsPerView":…,"cold":…,"spaceWarm":…,"warm":…,
 *    "byRoute":{"<endpoint>":{"requests":…,"points":…}},"byKind":{"cold":{"<endpoint>":points}}}
 *
 * `cold`: the view read its space's grants; `spaceWarm`: it read the page's own part (its
 * restrictions) with the space's parts cached; `warm`: it read nothing but the page itself (and,
 * at most, whether the viewer may browse people). The site's pool is the default tier's
 * 65,000 points an hour for every install together: the target is at most 15,000 for this site.
 *
 * `byRoute` and `byKind` break the points down by the client's endpoint names, as the app's own
 * client counted them (`routePoints` is their sum, to compare with `points`, which the
 * simulator charged independently).
 */
import { installLocalPlatform } from '../forge-platform/platform';
import type { LocalPlatform } from '../forge-platform/platform';
import type { SiteFixtureInput } from '../simulator/fixture';
import { startSimulator } from '../simulator/server';
import type { RunningSimulator } from '../simulator/server';
import { accessEvents, handler } from '../../src/index';
import { UsageMeter } from '../../src/confluence/usage';
import type { EndpointName } from '../../src/confluence/endpoints';

const SPACES = 50;
const PAGES_PER_SPACE = 10;
const GRANTS = 40;
const USERS = 400;
const VIEWS = 2_000;
const VIEWERS_PER_PAGE = 5;
const HOUR_MS = 3_600_000;
/** Restriction changes during the hour: at these views, on these page ranks. */
const CHANGES: readonly { readonly atView: number; readonly rank: number }[] = [
  { atView: 300, rank: 3 },
  { atView: 800, rank: 10 },
  { atView: 1_300, rank: 1 },
  { atView: 1_700, rank: 40 },
];

const READ = { key: 'read', targetType: 'space' };
const CREATE = { key: 'create', targetType: 'page' };

/** A small deterministic generator (mulberry32), so every run measures the same hour. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface FleetPage {
  readonly id: string;
  readonly spaceIndex: number;
  readonly viewers: readonly string[];
}

interface Fleet {
  readonly fixture: SiteFixtureInput;
  readonly pages: readonly FleetPage[];
}

const userId = (i: number) => `u-${i}`;
const spaceId = (s: number) => String(100 + s);
const pageId = (s: number, p: number) => String(10_000 + s * 100 + p);

/**
 * 50 spaces: each grants a staff group read and create, and 38 people read (40 grants); 10
 * pages each, a home with 3 sections of 2 pages, one section restricted to the staff group.
 */
function fleet(restrictedPages: ReadonlySet<string> = new Set()): Fleet {
  const next = random(14);
  const users = Array.from({ length: USERS }, (_, i) => ({
    accountId: userId(i),
    displayName: `Person ${i}`,
    email: `person${i}@fleet.test`,
  }));
  const pages: FleetPage[] = [];
  const spaces: NonNullable<SiteFixtureInput['spaces']> = [];
  const content: NonNullable<SiteFixtureInput['content']> = [];
  for (let s = 0; s < SPACES; s += 1) {
    const members = Array.from({ length: GRANTS - 2 }, (_, i) => userId((s * 7 + i * 11) % USERS));
    spaces.push({
      id: spaceId(s),
      key: `S${s}`,
      name: `Space ${s}`,
      permissions: [
        { principal: { type: 'group', id: 'g-staff' }, operation: READ },
        { principal: { type: 'group', id: 'g-staff' }, operation: CREATE },
        ...members.map((id) => ({ principal: { type: 'user' as const, id }, operation: READ })),
      ],
    });
    for (let p = 0; p < PAGES_PER_SPACE; p += 1) {
      // 0 home; 1, 2, 3 sections; 4..9 two pages per section.
      const parent = p === 0 ? null : p <= 3 ? pageId(s, 0) : pageId(s, 1 + ((p - 4) % 3));
      const id = pageId(s, p);
      const restrictedSection = p === 3 || (p >= 4 && (p - 4) % 3 === 2);
      const restricted = (p === 3 && restrictedSection) || restrictedPages.has(id);
      content.push({
        id,
        type: 'page',
        spaceId: spaceId(s),
        parentId: parent,
        title: `Page ${s}.${p}`,
        restrictions: restricted
          ? {
              read: { users: [members[0]!, 'app-lens'], groups: ['g-staff'] },
              update: { users: [members[0]!], groups: [] },
            }
          : undefined,
      });
      const viewers = Array.from(
        { length: VIEWERS_PER_PAGE },
        () => members[Math.floor(next() * members.length)]!,
      );
      pages.push({ id, spaceIndex: s, viewers });
    }
  }
  return {
    fixture: {
      site: { anonymousAccess: false },
      app: { accountId: 'app-lens', displayName: 'Access Lens' },
      users,
      groups: [{ id: 'g-staff', name: 'staff', members: users.map((u) => u.accountId) }],
      spaces,
      content,
    },
    pages,
  };
}

/** Page ranks by Zipf-like popularity (weight 1/rank), shuffled over the pages. */
function popularity(pages: readonly FleetPage[], next: () => number): FleetPage[] {
  const order = [...pages];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function zipfPicker(count: number, next: () => number): () => number {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return () => {
    const r = next();
    const at = cumulative.findIndex((c) => r <= c);
    return at < 0 ? count - 1 : at;
  };
}

export interface FleetResult {
  readonly scenario: 'fleet';
  readonly views: number;
  readonly points: number;
  readonly pointsPerView: number;
  readonly cold: number;
  readonly spaceWarm: number;
  readonly warm: number;
  readonly restrictionChanges: number;
  /** Points spent by cold, space-warm and warm views. */
  readonly pointsBy: { readonly cold: number; readonly spaceWarm: number; readonly warm: number };
  readonly failed: number;
  readonly maxAgeSeconds: number;
  /** Requests and points by endpoint, as the app's client counted them. */
  readonly byRoute: Readonly<Record<string, RouteCount>>;
  /** Points by view kind, then by endpoint. */
  readonly byKind: {
    readonly cold: Readonly<Record<string, number>>;
    readonly spaceWarm: Readonly<Record<string, number>>;
    readonly warm: Readonly<Record<string, number>>;
  };
  /** The sum of `byRoute`'s points. */
  readonly routePoints: number;
}

interface RouteCount {
  requests: number;
  points: number;
}

/**
 * Watches what every client of this process is charged, by endpoint: the resolver makes its own
 * client per invocation, so the meter's prototype is where every charge passes.
 */
function watchCharges(): { take(): Map<EndpointName, RouteCount>; stop(): void } {
  const proto = UsageMeter.prototype;
  const charged = Object.getOwnPropertyDescriptor(proto, 'charged');
  const sent = Object.getOwnPropertyDescriptor(proto, 'sent');
  let current = new Map<EndpointName, RouteCount>();
  const of = (endpoint: EndpointName) => {
    let count = current.get(endpoint);
    if (count === undefined) {
      count = { requests: 0, points: 0 };
      current.set(endpoint, count);
    }
    return count;
  };
  type Charged = (this: UsageMeter, endpoint: EndpointName, points: number) => void;
  type Sent = (this: UsageMeter, endpoint: EndpointName) => void;
  const baseCharged = charged?.value as Charged;
  const baseSent = sent?.value as Sent;
  proto.charged = function (this: UsageMeter, endpoint: EndpointName, points: number) {
    of(endpoint).points += points;
    baseCharged.call(this, endpoint, points);
  };
  proto.sent = function (this: UsageMeter, endpoint: EndpointName) {
    of(endpoint).requests += 1;
    baseSent.call(this, endpoint);
  };
  return {
    take() {
      const taken = current;
      current = new Map();
      return taken;
    },
    stop() {
      if (charged) Object.defineProperty(proto, 'charged', charged);
      if (sent) Object.defineProperty(proto, 'sent', sent);
    },
  };
}

function diff(
  before: ReturnType<RunningSimulator['stats']>,
  after: ReturnType<RunningSimulator['stats']>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, by] of Object.entries(after.requests)) {
    const total = (counts: Record<string, number> | undefined) =>
      Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
    const d = total(by) - total(before.requests[route]);
    if (d > 0) out[route] = d;
  }
  return out;
}

export async function runFleet(options: { latencyMs: number }): Promise<FleetResult> {
  const realNow = Date.now.bind(Date);
  const start = realNow();
  let virtual = start;
  Date.now = () => virtual;
  const next = random(2026);
  const base = fleet();
  const ranked = popularity(base.pages, next);
  const pick = zipfPicker(ranked.length, next);
  const restricted = new Set<string>();
  let sim: RunningSimulator = await startSimulator({
    fixture: base.fixture,
    latencyMs: options.latencyMs,
    pointsPerHour: 100_000_000,
    burstPerSecond: 1_000_000,
    now: () => virtual,
  });
  let platform: LocalPlatform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl });
  let points = 0;
  const counts = { cold: 0, spaceWarm: 0, warm: 0, failed: 0 };
  let maxAgeSeconds = 0;
  const spentBy = { cold: 0, spaceWarm: 0, warm: 0 };
  const byRoute: Record<string, RouteCount> = {};
  const byKind = {
    cold: {} as Record<string, number>,
    spaceWarm: {} as Record<string, number>,
    warm: {} as Record<string, number>,
  };
  const watch = watchCharges();
  try {
    for (let view = 0; view < VIEWS; view += 1) {
      virtual = start + Math.floor((view * HOUR_MS) / VIEWS);
      const change = CHANGES.find((c) => c.atView === view);
      if (change !== undefined) {
        // Someone restricts a popular page: the site changes, and Confluence tells the app.
        const changed = ranked[change.rank]!;
        restricted.add(changed.id);
        points += sim.stats().appPoolPoints;
        const kvs = platform.kvs;
        platform.uninstall();
        await sim.close();
        sim = await startSimulator({
          fixture: fleet(restricted).fixture,
          latencyMs: options.latencyMs,
          pointsPerHour: 100_000_000,
          burstPerSecond: 1_000_000,
          now: () => virtual,
        });
        platform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl, kvs });
        await platform.runAsApp(() =>
          accessEvents({
            eventType: 'avi:confluence:permissions_updated:page',
            atlassianId: changed.viewers[0],
            content: { id: changed.id, type: 'page', status: 'current', title: 'Changed' },
          }),
        );
      }
      const page = ranked[pick()]!;
      const viewer = page.viewers[Math.floor(next() * page.viewers.length)]!;
      watch.take();
      const before = structuredClone(sim.stats());
      const result = (await platform.runAs({ accountId: viewer }, () =>
        handler(
          {
            call: { functionKey: 'getPageAccess', payload: {} },
            context: {
              extension: {
                content: { id: page.id, type: 'page' },
                space: { id: spaceId(page.spaceIndex), key: `S${page.spaceIndex}` },
              },
            },
          },
          { principal: { accountId: viewer } },
        ),
      )) as { ok: boolean; data?: { ages?: Record<string, number> } };
      const after = sim.stats();
      if (!result.ok) counts.failed += 1;
      const ages = Object.values(result.data?.ages ?? {});
      maxAgeSeconds = Math.max(maxAgeSeconds, ...ages);
      const routes = (name: string) =>
        Object.values(after.requests[name] ?? {}).reduce((a, b) => a + b, 0) -
        Object.values(before.requests[name] ?? {}).reduce((a, b) => a + b, 0);
      const spent = after.appPoolPoints - before.appPoolPoints;
      const kind =
        routes('GET /wiki/api/v2/spaces/{id}/permissions') > 0
          ? 'cold'
          : routes('GET /wiki/rest/api/content/{id}/restriction/byOperation') > 0
            ? 'spaceWarm'
            : 'warm';
      counts[kind] += 1;
      spentBy[kind] += spent;
      for (const [endpoint, count] of watch.take()) {
        const total = (byRoute[endpoint] ??= { requests: 0, points: 0 });
        total.requests += count.requests;
        total.points += count.points;
        byKind[kind][endpoint] = (byKind[kind][endpoint] ?? 0) + count.points;
      }
      if (process.env['FLEET_DEBUG'] !== undefined && spent > 10 && kind !== 'cold') {
        process.stderr.write(
          `${kind} ${page.id} ${viewer} ${spent} ${JSON.stringify(diff(before, after))}\n`,
        );
      }
    }
    points += sim.stats().appPoolPoints;
  } finally {
    watch.stop();
    platform.uninstall();
    await sim.close();
    Date.now = realNow;
  }
  return {
    scenario: 'fleet',
    views: VIEWS,
    points,
    pointsPerView: Math.round((points / VIEWS) * 100) / 100,
    cold: counts.cold,
    spaceWarm: counts.spaceWarm,
    warm: counts.warm,
    restrictionChanges: CHANGES.length,
    pointsBy: spentBy,
    failed: counts.failed,
    maxAgeSeconds,
    byRoute: sorted(byRoute, (c) => c.points),
    byKind: {
      cold: sorted(byKind.cold, (n) => n),
      spaceWarm: sorted(byKind.spaceWarm, (n) => n),
      warm: sorted(byKind.warm, (n) => n),
    },
    routePoints: Object.values(byRoute).reduce((a, c) => a + c.points, 0),
  };
}

/** Costliest first, so the line reads from what matters. */
function sorted<T>(record: Record<string, T>, points: (value: T) => number): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([, a], [, b]) => points(b) - points(a)));
}
