// Prints how long a 10,000-page synthetic site takes to load and to answer page reads.
// A script that reports numbers, not a timed test: `npx tsx dev/simulator/bench.ts [--pages N]`.
import { performance } from 'node:perf_hooks';
import { loadFixture } from './fixture';
import { generateSite } from './generate';
import { startSimulator } from './server';

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--pages');
  const total = arg >= 0 ? Number(process.argv[arg + 1]) : 10_000;
  const spaces = 20;
  const fixture = generateSite({
    seed: 7,
    spaces,
    pages: Math.ceil(total / spaces),
    depth: 12,
    bigGroupSize: 1500,
  });

  const t0 = performance.now();
  const json = JSON.parse(JSON.stringify(fixture)) as unknown;
  const sim = await startSimulator({
    fixture: loadFixture(json),
    pointsPerHour: Number.MAX_SAFE_INTEGER,
    burstPerSecond: 1e9,
  });
  const loadMs = performance.now() - t0;

  const pageIds = fixture.content.filter((c) => c.type === 'page').map((c) => c.id);
  const reads = 2000;
  const headers = { 'X-Sim-Identity': 'app' };
  // Warm up the connection pool and JIT before measuring.
  for (let i = 0; i < 50; i++)
    await (
      await fetch(`${sim.baseUrl}/wiki/api/v2/pages/${pageIds[i % pageIds.length] ?? ''}`, {
        headers,
      })
    ).text();
  const latencies: number[] = [];
  for (let i = 0; i < reads; i++) {
    const id = pageIds[(i * 7919) % pageIds.length] ?? '';
    const start = performance.now();
    await (await fetch(`${sim.baseUrl}/wiki/api/v2/pages/${id}`, { headers })).text();
    latencies.push(performance.now() - start);
  }
  await sim.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number): string =>
    (latencies[Math.floor((latencies.length - 1) * p)] ?? 0).toFixed(2);
  process.stdout.write(
    [
      `content nodes: ${fixture.content.length} in ${spaces} spaces, ${fixture.users.length} users`,
      `load (parse + validate + index + listen): ${loadMs.toFixed(0)} ms`,
      `page read over HTTP, ${reads} reads: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, p99 ${pct(0.99)} ms`,
      '',
    ].join('\n'),
  );
}

void main();
