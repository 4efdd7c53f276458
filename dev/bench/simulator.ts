/**
 * Simulator benchmark (not a test): generates a synthetic site (10 spaces × 1,000 pages by
 * default), measures how long the simulator takes to load it and how fast it answers page reads
 * over HTTP, and prints one JSON line.
 *
 *   npm run bench -- simulator [--spaces 10] [--pages 1000] [--reads 500] [--seed 1]
 */
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { loadFixture } from '../simulator/fixture';
import { generateSite } from '../simulator/generate';
import { startSimulator } from '../simulator/server';

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

async function timedReads(
  baseUrl: string,
  paths: readonly string[],
): Promise<{ times: number[]; statuses: Record<string, number> }> {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  for (const path of paths) {
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}${path}`, { headers: { 'X-Sim-Identity': 'app' } });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
  return { times: times.sort((a, b) => a - b), statuses };
}

export async function runSimulatorBench(argv: readonly string[]): Promise<void> {
  const opts = new Command('simulator')
    .option('--spaces <n>', 'spaces', Number, 10)
    .option('--pages <n>', 'pages per space', Number, 1000)
    .option('--reads <n>', 'timed page reads', Number, 500)
    .option('--seed <n>', 'seed', Number, 1)
    .parse([...argv], { from: 'user' })
    .opts<{ spaces: number; pages: number; reads: number; seed: number }>();

  let t = performance.now();
  const site = generateSite({
    seed: opts.seed,
    spaces: opts.spaces,
    pages: opts.pages,
    depth: 12,
    users: 2000,
    bigGroupSize: 1500,
  });
  const generateMs = performance.now() - t;
  const text = JSON.stringify(site);

  // Load = what `npm run sim -- --fixture` does: parse the file, validate, build, listen.
  t = performance.now();
  const parsed: unknown = JSON.parse(text);
  const parseMs = performance.now() - t;
  t = performance.now();
  const fixture = loadFixture(parsed);
  const validateMs = performance.now() - t;
  t = performance.now();
  const sim = await startSimulator({
    fixture,
    pointsPerHour: 1e12,
    burstPerSecond: 1e9,
  });
  const startMs = performance.now() - t;

  try {
    // Deterministic sample of page ids, spread over the whole site.
    const pages = site.content.filter((c) => c.type === 'page');
    const pick = (i: number): string => pages[(i * 7919) % pages.length]!.id;
    const warmup = Array.from({ length: 50 }, (_, i) => `/wiki/api/v2/pages/${pick(i + 10_000)}`);
    await timedReads(sim.baseUrl, warmup);
    const pageReads = await timedReads(
      sim.baseUrl,
      Array.from({ length: opts.reads }, (_, i) => `/wiki/api/v2/pages/${pick(i)}`),
    );
    const ancestorReads = await timedReads(
      sim.baseUrl,
      Array.from({ length: opts.reads }, (_, i) => `/wiki/api/v2/pages/${pick(i)}/ancestors`),
    );
    const byId = new Map(site.content.map((c) => [c.id, c]));
    let deepest = 0;
    for (const c of site.content) {
      let d = 0;
      for (let cur: typeof c | undefined = c; cur; d++) {
        cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
      }
      deepest = Math.max(deepest, d);
    }
    process.stdout.write(
      JSON.stringify({
        bench: 'simulator',
        node: process.version,
        spaces: site.spaces.length,
        content: site.content.length,
        users: site.users.length,
        groups: site.groups.length,
        depth: deepest,
        fixtureBytes: Buffer.byteLength(text),
        generateMs: round(generateMs),
        loadMs: round(parseMs + validateMs + startMs),
        parseMs: round(parseMs),
        validateMs: round(validateMs),
        startMs: round(startMs),
        reads: pageReads.times.length,
        pageReadMedianMs: round(percentile(pageReads.times, 50)),
        pageReadP95Ms: round(percentile(pageReads.times, 95)),
        pageReadMaxMs: round(percentile(pageReads.times, 100)),
        pageReadStatuses: pageReads.statuses,
        ancestorsMedianMs: round(percentile(ancestorReads.times, 50)),
        ancestorsP95Ms: round(percentile(ancestorReads.times, 95)),
      }) + '\n',
    );
  } finally {
    await sim.close();
  }
}
