/**
 * `npm run bench -- macro`: what one macro view costs in Confluence rate-limit points and
 * sequential round trips, cold (nothing cached) and warm (the page-access cache filled), on
 * generated pages: ancestor depth 1, 5, 20; 0, 2, 5 restricted ancestors; spaces with 40 and 400
 * grants. Prints one JSON line per case and view.
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
import type { SiteFixtureInput } from '../simulator/fixture';
import { startSimulator } from '../simulator/server';
import { handler } from '../../src/index';

interface Case {
  readonly depth: number;
  readonly restricted: number;
  readonly grants: number;
}

const READ = { key: 'read', targetType: 'space' };
const CREATE = { key: 'create', targetType: 'page' };

function fixtureFor({ depth, restricted, grants }: Case): SiteFixtureInput {
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
    content: chain.map((id, i) => ({
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

export async function runMacroBench(options: { latencyMs: number }): Promise<void> {
  const cases: Case[] = [];
  for (const grants of [40, 400]) {
    for (const depth of [1, 5, 20]) {
      for (const restricted of [0, 2, 5])
        if (restricted <= depth) cases.push({ depth, restricted, grants });
    }
  }
  for (const c of cases) {
    const sim = await startSimulator({
      fixture: fixtureFor(c),
      latencyMs: options.latencyMs,
      pointsPerHour: 10_000_000,
    });
    const platform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl });
    const rounds = countRounds();
    const pageId = String(1000 + c.depth);
    for (const view of ['cold', 'warm'] as const) {
      sim.resetStats();
      rounds.reset();
      const started = performance.now();
      const result = (await platform.runAs({ accountId: 'u-viewer' }, () =>
        handler(
          {
            call: { functionKey: 'getPageAccess', payload: {} },
            context: { extension: { content: { id: pageId } } },
          },
          { principal: { accountId: 'u-viewer' } },
        ),
      )) as { ok: boolean };
      const wallMs = Math.round(performance.now() - started);
      if (!result.ok)
        throw new Error(`case ${JSON.stringify(c)} failed: ${JSON.stringify(result)}`);
      const stats = sim.stats();
      const line = {
        case: `depth=${c.depth} restricted=${c.restricted} grants=${c.grants} ${view}`,
        view,
        requests: stats.totalRequests,
        points: stats.appPoolPoints,
        minimumPoints: view === 'cold' ? minimumPoints(c) : 2,
        sequentialRounds: rounds.rounds(),
        roundsAfterPageRead: rounds.rounds() - 1,
        wallMs,
        latencyMs: options.latencyMs,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
    platform.uninstall();
    await sim.close();
  }
}
