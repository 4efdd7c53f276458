/**
 * `npm run bench -- macro`: what one macro view costs in Confluence rate-limit points and
 * sequential round trips, cold (nothing cached) and warm (the page-access cache filled), on
 * generated pages: ancestor depth 1, 5, 20; 0, 2, 5 restricted ancestors; spaces with 40 and 400
 * grants; and the effective audience's cases (AUDIENCE_CASES below). Prints one JSON line per case
 * and view.
 *
 * minimumPoints is the least the engine's inputs can cost under the documented model
 * (1 per request, +1 per content/space object, +2 per user/group/permission object):
 *   page 1+1, ancestors 1+d, space 1+1, permissions ⌈G/250⌉+2G,
 *   restrictions of the page and each ancestor 1 + 2·(principals listed),
 *   the ancestors' titles for the reasons (one bulk pages read) 1+d,
 *   and the name of each group the grants name by id only (group/by-id, 1+2: here one group).
 * Beyond it: the site's anonymous-access evidence (user/anonymous, 3 points) and the space role
 * mode (space-role-mode, 1 point plus the role catalogue when the site uses roles).
 */
import { installLocalPlatform } from '../forge-platform/platform';
import type { LocalPlatform } from '../forge-platform/platform';
import {
  AUDIENCE_PAGE_ID,
  AUDIENCE_VIEWER,
  fewPeopleInOpenSpace,
  groupsInGrantedSpace,
} from '../simulator/audience-sites';
import type { SiteFixtureInput } from '../simulator/fixture';
import { startSimulator } from '../simulator/server';
import type { RunningSimulator } from '../simulator/server';
import { loadPageAccess } from '../../src/access/load-page-access';
import { ConfluenceClient } from '../../src/confluence/client';
import { forgeTransport } from '../../src/confluence/forge-transport';
import { handler } from '../../src/index';
import { runFleet } from './fleet';

interface Case {
  readonly depth: number;
  readonly restricted: number;
  readonly grants: number;
}

const READ = { key: 'read', targetType: 'space' };
const CREATE = { key: 'create', targetType: 'page' };

/** A page beside the measured one (same parent): its cold view finds the space's parts cached. */
export const siblingOf = (depth: number): string => String(9000 + depth);

export function fixtureFor({ depth, restricted, grants }: Case): SiteFixtureInput {
  const grantUsers = Array.from({ length: grants - 2 }, (_, i) => `u-g${i}`);
  const restrictedAt = new Set(
    Array.from({ length: restricted }, (_, i) => Math.floor(((i + 1) * depth) / (restricted + 1))),
  );
  const chain = Array.from({ length: depth + 1 }, (_, i) => String(1000 + i));
  return {
    site: { anonymousAccess: false },
    app: { accountId: 'app-lens', displayName: 'Access Lens' },
    users: [
      { accountId: 'u-viewer', displayName: 'Viewer', email: 'viewer@bench.test' },
      ...grantUsers.map((id) => ({ accountId: id, displayName: id, email: `${id}@bench.test` })),
    ],
    groups: [{ id: 'g-team', name: 'team', members: ['u-viewer'] }],
    spaces: [
      {
        id: '100',
        key: 'BENCH',
        name: 'Bench',
        permissions: [
          { principal: { type: 'group', id: 'g-team' }, operation: READ },
          { principal: { type: 'group', id: 'g-team' }, operation: CREATE },
          ...grantUsers.map((id) => ({
            principal: { type: 'user' as const, id },
            operation: READ,
          })),
        ],
      },
    ],
    content: [
      ...chain.map((id, i) => ({
        id,
        type: 'page' as const,
        spaceId: '100',
        parentId: i === 0 ? null : chain[i - 1]!,
        title: `Level ${i}`,
        restrictions: restrictedAt.has(i)
          ? {
              read: { users: ['u-viewer', 'app-lens'], groups: ['g-team'] },
              update: { users: [], groups: [] },
            }
          : undefined,
      })),
      {
        id: siblingOf(depth),
        type: 'page' as const,
        spaceId: '100',
        parentId: chain[depth - 1] ?? null,
        title: 'Sibling',
        restrictions: undefined,
      },
    ],
  };
}

function minimumPoints({ depth, restricted, grants }: Case): number {
  const page = 2;
  const ancestors = 1 + depth;
  const space = 2;
  const permissions = Math.ceil(grants / 250) + 2 * grants;
  // Each restricted ancestor lists two users and one group.
  const restrictions = (depth + 1) * 1 + restricted * 2 * 3;
  const groupNames = 3;
  const titles = 1 + depth;
  return page + ancestors + space + permissions + restrictions + groupNames + titles;
}

interface ForgeGlobals {
  __forge_fetch__: (
    descriptor: { remote?: string },
    path: string,
    init?: unknown,
  ) => Promise<Response>;
}

/** Counts sequential rounds: a round starts when a request is sent while none is in flight. */
function countRounds(): { rounds: () => number; reset: () => void } {
  const globals = globalThis as unknown as ForgeGlobals;
  const inner = globals.__forge_fetch__;
  let inFlight = 0;
  let rounds = 0;
  globals.__forge_fetch__ = async (descriptor, path, init) => {
    if (descriptor.remote !== 'confluence') return inner(descriptor, path, init);
    if (inFlight === 0) rounds += 1;
    inFlight += 1;
    try {
      return await inner(descriptor, path, init);
    } finally {
      inFlight -= 1;
    }
  };
  return { rounds: () => rounds, reset: () => (rounds = 0) };
}

interface Measured {
  readonly view: 'cold' | 'warm' | 'spaceWarm';
  readonly requests: number;
  readonly points: number;
  readonly sequentialRounds: number;
  readonly wallMs: number;
}

/**
 * One cold view (storage empty) and one warm view (the page-access cache the cold one filled)
 * of `pageId` as `viewer`, through the real resolver on the local Forge platform.
 */
async function coldAndWarm(
  sim: RunningSimulator,
  platform: LocalPlatform,
  rounds: ReturnType<typeof countRounds>,
  viewer: string,
  pageId: string,
  sibling?: string,
): Promise<Measured[]> {
  const measured: Measured[] = [];
  const views = [
    ['cold', pageId],
    ['warm', pageId],
    ...(sibling === undefined ? [] : [['spaceWarm', sibling] as const]),
  ] as const;
  for (const [view, id] of views) {
    sim.resetStats();
    rounds.reset();
    const started = performance.now();
    const result = (await platform.runAs({ accountId: viewer }, () =>
      handler(
        {
          call: { functionKey: 'getPageAccess', payload: {} },
          context: { extension: { content: { id } } },
        },
        { principal: { accountId: viewer } },
      ),
    )) as { ok: boolean };
    const wallMs = Math.round(performance.now() - started);
    if (!result.ok) throw new Error(`page ${pageId} failed: ${JSON.stringify(result)}`);
    const stats = sim.stats();
    measured.push({
      view,
      requests: stats.totalRequests,
      points: stats.appPoolPoints,
      sequentialRounds: rounds.rounds(),
      wallMs,
    });
  }
  return measured;
}

/**
 * The page's layers alone, as a cold view reads them before the effective audience (the same
 * loader, viewer and empty storage): what the audience's cost is counted against.
 */
async function layersAlone(
  sim: RunningSimulator,
  platform: LocalPlatform,
  rounds: ReturnType<typeof countRounds>,
  viewer: string,
  pageId: string,
): Promise<{ requests: number; points: number; sequentialRounds: number }> {
  sim.resetStats();
  rounds.reset();
  await platform.runAs({ accountId: viewer }, () =>
    loadPageAccess(new ConfluenceClient(forgeTransport('user')), pageId, { contentType: 'page' }),
  );
  const stats = sim.stats();
  return {
    requests: stats.totalRequests,
    points: stats.appPoolPoints,
    sequentialRounds: rounds.rounds(),
  };
}

async function onSite<T>(
  fixture: SiteFixtureInput,
  latencyMs: number,
  run: (
    sim: RunningSimulator,
    platform: LocalPlatform,
    rounds: ReturnType<typeof countRounds>,
  ) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator({ fixture, latencyMs, pointsPerHour: 10_000_000 });
  const platform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl });
  try {
    return await run(sim, platform, countRounds());
  } finally {
    platform.uninstall();
    await sim.close();
  }
}

/**
 * The effective audience's cost (docs/ARCHITECTURE.md, "The effective audience"): a page
 * restricted to 3 people in a space open to a 10,000-member group, and a page restricted to two
 * 500-member groups in a 40-grant space. Each line adds what the layers alone cost
 * (`layersPoints`, `layersRounds`) and, cold, what the audience added to them.
 */
const AUDIENCE_CASES: readonly {
  readonly name: string;
  readonly fixture: () => SiteFixtureInput;
}[] = [
  {
    name: 'audience: restricted to 3 people, space open to a 10000-member group',
    fixture: () => fewPeopleInOpenSpace({ groupSize: 10_000, restrictedTo: 3 }),
  },
  {
    name: 'audience: restricted to two 500-member groups, 40-grant space',
    fixture: () => groupsInGrantedSpace({ groups: 2, groupSize: 500, grants: 40 }),
  },
];

export async function runMacroBench(options: { latencyMs: number }): Promise<void> {
  const { latencyMs } = options;
  const cases: Case[] = [];
  for (const grants of [40, 400]) {
    for (const depth of [1, 5, 20]) {
      for (const restricted of [0, 2, 5])
        if (restricted <= depth) cases.push({ depth, restricted, grants });
    }
  }
  for (const c of cases) {
    const measured = await onSite(fixtureFor(c), latencyMs, (sim, platform, rounds) =>
      coldAndWarm(sim, platform, rounds, 'u-viewer', String(1000 + c.depth), siblingOf(c.depth)),
    );
    for (const m of measured) {
      const line = {
        case: `depth=${c.depth} restricted=${c.restricted} grants=${c.grants} ${m.view}`,
        view: m.view,
        requests: m.requests,
        points: m.points,
        ...(m.view === 'spaceWarm'
          ? {}
          : { minimumPoints: m.view === 'cold' ? minimumPoints(c) : 2 }),
        sequentialRounds: m.sequentialRounds,
        roundsAfterPageRead: m.sequentialRounds - 1,
        wallMs: m.wallMs,
        latencyMs,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }
  for (const c of AUDIENCE_CASES) {
    const { layers, measured } = await onSite(
      c.fixture(),
      latencyMs,
      async (sim, platform, rounds) => {
        const layers = await layersAlone(sim, platform, rounds, AUDIENCE_VIEWER, AUDIENCE_PAGE_ID);
        // The layers' reads above remembered the site's role mode: start the views from nothing.
        platform.kvs.reset();
        return {
          layers,
          measured: await coldAndWarm(sim, platform, rounds, AUDIENCE_VIEWER, AUDIENCE_PAGE_ID),
        };
      },
    );
    for (const m of measured) {
      const line = {
        case: `${c.name} ${m.view}`,
        view: m.view,
        requests: m.requests,
        points: m.points,
        sequentialRounds: m.sequentialRounds,
        roundsAfterPageRead: m.sequentialRounds - 1,
        layersRequests: layers.requests,
        layersPoints: layers.points,
        layersRounds: layers.sequentialRounds,
        ...(m.view === 'cold'
          ? {
              audienceRequests: m.requests - layers.requests,
              audiencePoints: m.points - layers.points,
              audienceRounds: m.sequentialRounds - layers.sequentialRounds,
            }
          : {}),
        wallMs: m.wallMs,
        latencyMs,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify(await runFleet({ latencyMs: 0 }))}\n`);
}
