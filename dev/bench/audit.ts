/**
 * `npm run bench -- audit [--spaces 100,1000] [--latency-ms 50] [--share 1,0.25]`
 *
 * Runs the real admin audit (resolver → queue → consumer, as the app) against generated sites —
 * N spaces × 30 grants, 200 labelled pages site-wide in trees of depth 5 — on the local platform,
 * and prints one JSON line per run: points used, points per space, the minimum points the rules
 * need on that site (computed from the fixture, independently of the app), requests, consumer
 * invocations, the longest invocation, the most points spent in any hour window of the audit,
 * and wall time at the simulated latency. Pacing delays pass on a virtual clock.
 *
 * Every line also says what the audit asked of Forge's limits, measured on the local platform,
 * which refuses what Forge refuses: the largest value, transaction and batch it stored, the
 * longest key, the longest queue chain, the requests refused, and the process's peak memory.
 * `--large [N]` runs one audit of N spaces (default 20,000) at no latency and exits non-zero
 * unless it completed with every one of those inside Forge's limits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { manifestConsumers } from '../forge-platform/manifest-consumers';
import { FORGE_KVS_LIMITS } from '../forge-platform/kvs-store';
import { installLocalPlatform } from '../forge-platform/platform';
import { CHAIN_PUSH_LIMIT, LocalQueues } from '../forge-platform/queue';
import type { ConsumerHandler } from '../forge-platform/queue';
import type { FixtureContent, FixtureSpacePermission, SiteFixture } from '../simulator/fixture';
import { generateSite } from '../simulator/generate';
import { startSimulator } from '../simulator/server';

const appRoot = join(__dirname, '..', '..');
const GRANTS_PER_SPACE = 30;
const LABELLED_PAGES = 200;
const LABEL = 'confidential';
const ADMIN = 'gen-user-0001';

export interface AuditBenchOptions {
  readonly spaces: number;
  /** Progress on stderr every this many deliveries (for long runs). */
  readonly progressEvery?: number;
  readonly latencyMs: number;
  readonly share: number;
  readonly seed?: number;
}

/** The generated site of the issue: N spaces × 30 grants, 200 labelled pages, depth 5. */
export function benchSite(spaces: number, seed = 1): SiteFixture {
  const site = generateSite({
    seed,
    spaces,
    pages: 10,
    depth: 5,
    users: 200,
    teamGroups: 20,
    labelRate: 0,
    folderRate: 0.1,
    restrictionRate: 0.1,
  });
  const teams = site.groups.filter((g) => g.id.startsWith('g-team-'));
  const ops: FixtureSpacePermission['operation'][] = [
    { key: 'read', targetType: 'space' },
    { key: 'create', targetType: 'page' },
    { key: 'create', targetType: 'blogpost' },
    { key: 'create', targetType: 'comment' },
    { key: 'create', targetType: 'attachment' },
    { key: 'delete', targetType: 'page' },
  ];
  site.spaces.forEach((space, s) => {
    // Pad to exactly 30 grants with team-group grants (distinct principal × operation).
    let i = 0;
    while (space.permissions.length < GRANTS_PER_SPACE) {
      const team = teams[(s + Math.floor(i / ops.length)) % teams.length];
      const op = ops[i % ops.length];
      i += 1;
      if (team === undefined || op === undefined) break;
      const exists = space.permissions.some(
        (p) =>
          p.principal.type === 'group' &&
          p.principal.id === team.id &&
          p.operation.key === op.key &&
          p.operation.targetType === op.targetType,
      );
      if (!exists)
        space.permissions.push({ principal: { type: 'group', id: team.id }, operation: op });
    }
    space.permissions.length = Math.min(space.permissions.length, GRANTS_PER_SPACE);
  });
  // 200 labelled pages spread over the site, skipping roots so most have ancestors.
  const candidates = site.content.filter((c) => c.type === 'page' && c.parentId !== null);
  const step = Math.max(1, Math.floor(candidates.length / LABELLED_PAGES));
  for (let i = 0; i < LABELLED_PAGES && i * step < candidates.length; i += 1) {
    const page = candidates[i * step];
    if (page) page.labels = [LABEL];
  }
  return site;
}

/**
 * The fewest points the rules can be answered with on `site`, given the API: the space list;
 * every space's grants; one lookup per user holding a grant and per group holding space admin;
 * one search (charged per item and per expanded ancestor, and 2 per principal of an item's own
 * read restriction); and, for each labelled item the app can read that is not restricted itself,
 * the view restriction of its ancestors nearest first until one restricts (one principal each).
 */
export function minimumPoints(site: SiteFixture): number {
  const byId = new Map(site.content.map((c) => [c.id, c]));
  const app = site.app.accountId;
  const users = new Set(site.users.map((u) => u.accountId).concat(app));
  const passes = (c: FixtureContent) =>
    (c.restrictions.read.users.length === 0 && c.restrictions.read.groups.length === 0) ||
    c.restrictions.read.users.includes(app);
  const ancestors = (c: FixtureContent): FixtureContent[] => {
    const parent = c.parentId === null ? undefined : byId.get(c.parentId);
    return parent ? [...ancestors(parent), parent] : [];
  };
  let points = Math.ceil(site.spaces.length / 250) + site.spaces.length;
  const grantUsers = new Set<string>();
  const adminGroups = new Set<string>();
  for (const space of site.spaces) {
    points += Math.ceil(Math.max(1, space.permissions.length) / 250) + 2 * space.permissions.length;
    for (const p of space.permissions) {
      if (p.principal.type === 'user') grantUsers.add(p.principal.id);
      if (p.principal.type === 'group' && p.operation.key === 'administer')
        adminGroups.add(p.principal.id);
    }
  }
  points += 3 * (grantUsers.size + adminGroups.size);
  points += 1; // the search request
  const read = new Set<string>();
  for (const c of site.content) {
    if (!c.labels.includes(LABEL) || c.status !== 'current') continue;
    const chain = ancestors(c);
    if (!passes(c) || !chain.every(passes)) continue; // invisible to the app
    const own = c.restrictions.read;
    points +=
      1 + chain.length + 2 * (own.users.filter((u) => users.has(u)).length + own.groups.length);
    if (own.users.length > 0 || own.groups.length > 0) continue;
    for (const a of [...chain].reverse()) {
      const r = a.restrictions.read;
      if (!read.has(a.id)) {
        read.add(a.id);
        points +=
          1 +
          2 *
            (Math.min(1, r.users.filter((u) => users.has(u)).length) +
              Math.min(1, r.groups.length));
      }
      if (r.users.length > 0 || r.groups.length > 0) break;
    }
  }
  return points;
}

interface StoredRecord {
  readonly state: string;
  readonly spacesDone: number;
  readonly spacesTotal: number;
  readonly pointsUsed: number;
  readonly requests: number;
  readonly pointsPerHour: number;
  readonly windowPoints: readonly number[];
  readonly summary?: { readonly total: number; readonly spacesWithFindings?: number };
}

export async function benchAudit(options: AuditBenchOptions): Promise<Record<string, unknown>> {
  const site = benchSite(options.spaces, options.seed);
  const minimum = minimumPoints(site);
  const queues = new LocalQueues();
  const sim = await startSimulator({
    fixture: site,
    latencyMs: options.latencyMs,
    now: () => queues.now(),
    burstPerSecond: 1e9,
  });
  const platform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl, queues });
  try {
    const { installPlatformClock, systemClock } = await import('../../src/jobs/clock');
    installPlatformClock({ now: () => queues.now(), sleep: systemClock.sleep });
    const { handler } = await import('../../src/index');
    const { kvs } = await import('@forge/kvs');
    const manifest = readFileSync(join(appRoot, 'manifest.yml'), 'utf8');
    const durations: number[] = [];
    for (const consumer of manifestConsumers(manifest)) {
      const mod = (await import(join(appRoot, 'src', consumer.file))) as Record<string, unknown>;
      const fn = mod[consumer.exportName] as ConsumerHandler;
      queues.registerConsumer(consumer.queue, async (event, context) => {
        const t0 = performance.now();
        try {
          const result: unknown = await fn(event, context);
          return result;
        } finally {
          durations.push(performance.now() - t0);
        }
      });
    }
    const call = (functionKey: string, payload: unknown) =>
      platform.runAs({ accountId: ADMIN }, () =>
        handler(
          { call: { functionKey, payload }, context: { moduleKey: 'access-lens-settings' } },
          { principal: { accountId: ADMIN } },
        ),
      ) as Promise<{ ok: boolean; data?: { auditId?: string; policy?: unknown } }>;
    const settings = await call('getSettings', {});
    const saved = await call('saveSettings', {
      policy: { ...(settings.data?.policy as object), pointsBudgetShare: options.share },
    });
    if (!saved.ok) throw new Error('Could not save the policy');
    sim.resetStats();
    const t0 = performance.now();
    const virtual0 = queues.now();
    const started = await call('startAudit', {});
    const auditId = started.data?.auditId;
    if (auditId === undefined) throw new Error(`startAudit failed: ${JSON.stringify(started)}`);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (options.progressEvery !== undefined) {
        process.stderr.write(`audit bench: ${String(queues.deliveries.length)} deliveries\n`);
      }
    }, 5_000);
    try {
      await queues.drain({ advanceTime: true, maxDeliveries: 1_000_000 });
    } finally {
      clearInterval(sampler);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const wallMs = performance.now() - t0;
    const record = await platform.runAsApp(() => kvs.get<StoredRecord>(`audit:rec:${auditId}`));
    if (record === undefined) throw new Error('The audit record is missing');
    const stats = sim.stats();
    const appPoints = stats.pointsByIdentity.app ?? 0;
    const appRequests = stats.requestsByIdentity.app ?? 0;
    return {
      bench: 'audit',
      spaces: options.spaces,
      grantsPerSpace: GRANTS_PER_SPACE,
      labelledPages: site.content.filter((c) => c.labels.includes(LABEL)).length,
      treeDepth: 5,
      share: options.share,
      state: record.state,
      spacesDone: record.spacesDone,
      findings: record.summary?.total ?? 0,
      spacesWithFindings: record.summary?.spacesWithFindings ?? 0,
      pointsUsed: appPoints,
      pointsCountedByJob: record.pointsUsed,
      pointsPerSpace: Math.round((appPoints / Math.max(1, record.spacesDone)) * 100) / 100,
      minimumPoints: minimum,
      overMinimumPercent: Math.round(((appPoints - minimum) / minimum) * 1000) / 10,
      requests: appRequests,
      pointsPerHourAllowed: record.pointsPerHour,
      maxPointsInAnyHourWindow: Math.max(0, ...record.windowPoints),
      virtualHours: Math.round(((queues.now() - virtual0) / 3_600_000) * 100) / 100,
      consumerInvocations: queues.deliveries.length,
      longestInvocationMs: Math.round(Math.max(0, ...durations)),
      latencyMs: options.latencyMs,
      wallMs: Math.round(wallMs),
      ...forgeLimits(platform, queues),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
    };
  } finally {
    platform.uninstall();
    await sim.close();
  }
}

/** Forge's documented limits, as the local platform enforces them. */
const FORGE = {
  valueBytes: FORGE_KVS_LIMITS.maxValueBytes,
  keyLength: FORGE_KVS_LIMITS.maxKeyLength,
  payloadBytes: FORGE_KVS_LIMITS.maxPayloadBytes,
  chainPushes: CHAIN_PUSH_LIMIT,
} as const;

/** What the run asked of Forge's storage and queue limits, from the platform's own logs. */
function forgeLimits(
  platform: ReturnType<typeof installLocalPlatform>,
  queues: LocalQueues,
): Record<string, number> {
  const requests = platform.kvs.requests;
  const most = (path: string) =>
    Math.max(0, ...requests.filter((r) => r.path === path).map((r) => r.requestBytes));
  const snapshot = platform.kvs.snapshot();
  let maxValueBytes = 0;
  let maxKeyLength = 0;
  for (const [key, entry] of Object.entries(snapshot.kvs)) {
    maxKeyLength = Math.max(maxKeyLength, key.length);
    maxValueBytes = Math.max(maxValueBytes, Buffer.byteLength(JSON.stringify(entry.value)));
  }
  const chains = queues.chainStats();
  return {
    kvsRequests: requests.length,
    // Refusals other than "not found" (a read of a key that is not there is how reads work).
    kvsRefused: requests.filter((r) => r.status >= 400 && r.status !== 404).length,
    maxStoredValueBytes: maxValueBytes,
    maxSetRequestBytes: most('/api/v1/set'),
    maxTransactionBytes: most('/api/v1/transaction'),
    maxBatchSetBytes: most('/api/v1/batch/set'),
    maxKeyLength,
    longestQueueChain: chains.longest,
    queuePushesRefused: chains.refused,
  };
}

/** The run's failures against Forge's limits; empty when it fits them all. */
export function outsideLimits(line: Record<string, unknown>): string[] {
  const n = (key: string): number => Number(line[key] ?? 0);
  const problems: string[] = [];
  if (line.state !== 'completed') problems.push(`state ${String(line.state)}`);
  if (n('kvsRefused') > 0) problems.push(`${String(n('kvsRefused'))} KVS requests refused`);
  if (n('maxStoredValueBytes') > FORGE.valueBytes) problems.push('a value over 240 KiB');
  if (n('maxSetRequestBytes') > FORGE.valueBytes + 1_024) problems.push('a set over 240 KiB');
  if (n('maxTransactionBytes') > FORGE.payloadBytes) problems.push('a transaction over 4 MB');
  if (n('maxBatchSetBytes') > FORGE.payloadBytes) problems.push('a batch over 4 MB');
  if (n('maxKeyLength') > FORGE.keyLength) problems.push('a key over 500 characters');
  if (n('longestQueueChain') > FORGE.chainPushes) problems.push('a queue chain over 1,000');
  if (n('queuePushesRefused') > 0) problems.push('queue pushes refused');
  return problems;
}

const list = (value: string): number[] => value.split(',').map(Number);

export async function runAuditBench(argv: readonly string[]): Promise<void> {
  const opts = new Command('audit')
    .option('--spaces <list>', 'site sizes, comma-separated', list, [100, 1000])
    .option('--latency-ms <n>', 'simulated latency per request', Number, 50)
    .option('--share <list>', 'points budget shares, comma-separated', list, [1, 0.25])
    .option('--seed <n>', 'generator seed', Number, 1)
    .option('--large [n]', 'one audit of n spaces (20,000) checked against Forge limits', Number)
    .option('--reaudit', 'only the re-audit of 1,000 spaces after changes in 20')
    .parse([...argv], { from: 'user' })
    .opts<{
      spaces: number[];
      latencyMs: number;
      share: number[];
      seed: number;
      large?: number | true;
      reaudit?: boolean;
    }>();
  if (opts.large !== undefined) {
    const spaces = opts.large === true ? 20_000 : opts.large;
    const line = await benchAudit({
      spaces,
      latencyMs: 0,
      share: 1,
      seed: opts.seed,
      progressEvery: 1,
    });
    const problems = outsideLimits(line);
    process.stdout.write(
      `${JSON.stringify({ ...line, scenario: 'large', withinForgeLimits: problems.length === 0, problems })}\n`,
    );
    if (problems.length > 0) process.exitCode = 1;
    return;
  }
  if (opts.reaudit === true) {
    process.stdout.write(`${JSON.stringify(await benchReaudit(1000, 20))}\n`);
    return;
  }
  for (const spaces of opts.spaces) {
    for (const share of opts.share) {
      const line = await benchAudit({ spaces, latencyMs: opts.latencyMs, share, seed: opts.seed });
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify(await benchReaudit(1000, 20))}\n`);
}

/**
 * The re-audit scenario: a full audit of the generated site, then changes in `changed` spaces
 * (half a user grant with its product event, half a newly labelled open page, which the search
 * itself shows), then the incremental re-audit an hour later. Points are the simulator's count.
 */
export async function benchReaudit(
  spaces: number,
  changed: number,
): Promise<Record<string, unknown>> {
  const site = benchSite(spaces);
  const queues = new LocalQueues();
  const start = (port?: number) =>
    startSimulator({
      fixture: site,
      now: () => queues.now(),
      burstPerSecond: 1e9,
      ...(port === undefined ? {} : { port }),
    });
  let sim = await start();
  const port = Number(new URL(sim.baseUrl).port);
  const platform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl, queues });
  try {
    const { installPlatformClock, systemClock } = await import('../../src/jobs/clock');
    installPlatformClock({ now: () => queues.now(), sleep: systemClock.sleep });
    const { handler } = await import('../../src/index');
    const { recordChangeEvent } = await import('../../src/jobs/change-signals');
    const manifest = readFileSync(join(appRoot, 'manifest.yml'), 'utf8');
    for (const consumer of manifestConsumers(manifest)) {
      const mod = (await import(join(appRoot, 'src', consumer.file))) as Record<string, unknown>;
      queues.registerConsumer(consumer.queue, mod[consumer.exportName] as ConsumerHandler);
    }
    const call = (functionKey: string, payload: unknown) =>
      platform.runAs({ accountId: ADMIN }, () =>
        handler(
          { call: { functionKey, payload }, context: { moduleKey: 'access-lens-settings' } },
          { principal: { accountId: ADMIN } },
        ),
      ) as Promise<{ ok: boolean; data?: { auditId?: string; state?: string } }>;
    const audit = async (): Promise<{ points: number; state: string }> => {
      sim.resetStats();
      const started = await call('startAudit', {});
      if (started.data?.auditId === undefined) throw new Error('startAudit failed');
      await queues.drain({ advanceTime: true, maxDeliveries: 1_000_000 });
      const status = (await call('getAuditStatus', { auditId: started.data.auditId })) as {
        data?: { audit?: { state?: string } };
      };
      return {
        points: sim.stats().pointsByIdentity.app ?? 0,
        state: status.data?.audit?.state ?? '?',
      };
    };
    const full = await audit();
    const global = site.spaces.filter((s) => s.type === 'global');
    const step = Math.max(1, Math.floor(global.length / changed));
    const touched: string[] = [];
    for (let i = 0; i < changed && i * step < global.length; i += 1) {
      const space = global[i * step];
      if (space === undefined) continue;
      touched.push(space.key);
      if (i % 2 === 0) {
        const held = new Set(
          space.permissions.map((p) => ('id' in p.principal ? p.principal.id : '')),
        );
        const user = site.users.find((u) => !held.has(u.accountId) && !u.isGuest && u.active);
        if (user !== undefined) {
          space.permissions.push({
            principal: { type: 'user', id: user.accountId },
            operation: { key: 'read', targetType: 'space' },
          });
        }
        await platform.runAsApp(() =>
          recordChangeEvent({
            eventType: 'avi:confluence:permissions_updated:page',
            content: { space: { key: space.key } },
          }),
        );
      } else {
        const page = site.content.find(
          (c) =>
            c.spaceId === space.id &&
            c.type === 'page' &&
            c.labels.length === 0 &&
            c.status === 'current',
        );
        if (page !== undefined) page.labels = [LABEL];
      }
    }
    await sim.close();
    sim = await start(port);
    queues.advance(3_600_000);
    const re = await audit();
    if (full.state !== 'completed' || re.state !== 'completed') {
      throw new Error(`The audits ended ${full.state} and ${re.state}`);
    }
    return {
      scenario: 'reaudit',
      spaces,
      changed: touched.length,
      fullPoints: full.points,
      points: re.points,
    };
  } finally {
    platform.uninstall();
    await sim.close();
  }
}
