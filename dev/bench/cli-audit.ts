/**
 * `npm run bench -- cli-audit [--spaces 1000,20000] [--concurrency 16]`
 *
 * `access-lens audit --json` as a script would run it, in-process, with a Confluence admin's API
 * token, against the audit bench's generated sites (N spaces × 30 grants, labelled pages in trees
 * of depth 5). The CLI keeps the whole report in memory and prints it once, so the line says what
 * that costs: points and requests as the simulator counted them, the report's size, the process's
 * peak memory (simulator included) and wall time. Exits non-zero if an audit did not finish.
 */
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { run } from '../../src/cli/run';
import { startSimulator } from '../simulator/server';
import { benchSite } from './audit';

const ADMIN = 'gen-user-0001';

interface CliAuditLine {
  readonly bench: 'cli-audit';
  readonly spaces: number;
  readonly exitCode: number;
  readonly findings: number;
  readonly points: number;
  readonly requests: number;
  readonly pointsPerSpace: number;
  readonly reportBytes: number;
  readonly peakRssMb: number;
  readonly wallMs: number;
}

async function benchCliAudit(spaces: number, concurrency: number): Promise<CliAuditLine> {
  const site = benchSite(spaces);
  const admin = site.users.find((u) => u.accountId === ADMIN);
  if (admin?.email === undefined || admin.apiToken === undefined) {
    throw new Error(`${ADMIN} has no API token in the generated site`);
  }
  const sim = await startSimulator({
    fixture: site,
    pointsPerHour: 1e12,
    burstPerSecond: 1e9,
  });
  let stdout = '';
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);
  try {
    sim.resetStats();
    const t0 = performance.now();
    const exitCode = await run(
      [
        'audit',
        '--json',
        '--site',
        sim.baseUrl,
        '--max-requests-per-second',
        '0',
        '--concurrency',
        String(concurrency),
      ],
      {
        stdout: { write: (text) => (stdout += text) },
        stderr: { write: () => undefined },
        env: { ATLASSIAN_EMAIL: admin.email, ATLASSIAN_API_TOKEN: admin.apiToken },
        stderrIsTTY: false,
      },
    );
    const wallMs = performance.now() - t0;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const stats = sim.stats();
    const identity = `user:${ADMIN}`;
    const points = stats.pointsByIdentity[identity] ?? 0;
    const report = exitCode === 0 || exitCode === 2 ? (JSON.parse(stdout) as unknown) : undefined;
    const findings =
      typeof report === 'object' && report !== null && 'findings' in report
        ? (report.findings as unknown[]).length
        : 0;
    return {
      bench: 'cli-audit',
      spaces,
      exitCode,
      findings,
      points,
      requests: stats.requestsByIdentity[identity] ?? 0,
      pointsPerSpace: Math.round((points / spaces) * 100) / 100,
      reportBytes: Buffer.byteLength(stdout),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      wallMs: Math.round(wallMs),
    };
  } finally {
    clearInterval(sampler);
    await sim.close();
  }
}

const list = (value: string): number[] => value.split(',').map(Number);

export async function runCliAuditBench(argv: readonly string[]): Promise<void> {
  const opts = new Command('cli-audit')
    .option('--spaces <list>', 'site sizes, comma-separated', list, [1000, 20_000])
    .option('--concurrency <n>', 'requests in flight', Number, 16)
    .parse([...argv], { from: 'user' })
    .opts<{ spaces: number[]; concurrency: number }>();
  for (const spaces of opts.spaces) {
    const line = await benchCliAudit(spaces, opts.concurrency);
    process.stdout.write(`${JSON.stringify(line)}\n`);
    if (line.exitCode !== 0 && line.exitCode !== 2) process.exitCode = 1;
  }
}
