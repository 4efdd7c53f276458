// `npm run sim -- --fixture <file> [--port N] [--latency-ms N] [--points-per-hour N]
//   [--burst-per-second N] [--rate-limit-headers beta|enforced]
//   [--legacy-list-on-roles-sites derived|empty] [--team-principals team|unrecognised]`
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { FixtureError, loadFixture } from './fixture';
import { startSimulator } from './server';

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

interface CliOptions {
  fixture: string;
  port: number;
  latencyMs?: number;
  latencyJitterMs?: number;
  pointsPerHour?: number;
  burstPerSecond?: number;
  legacyListOnRolesSites?: 'derived' | 'empty';
  rateLimitHeaders?: 'beta' | 'enforced';
  teamPrincipals?: 'team' | 'unrecognised';
}

function teamPrincipalsOption(value: string): 'team' | 'unrecognised' {
  if (value !== 'team' && value !== 'unrecognised')
    throw new InvalidArgumentError('team or unrecognised');
  return value;
}

function rateLimitHeadersOption(value: string): 'beta' | 'enforced' {
  if (value !== 'beta' && value !== 'enforced') throw new InvalidArgumentError('beta or enforced');
  return value;
}

function legacyListOption(value: string): 'derived' | 'empty' {
  if (value !== 'derived' && value !== 'empty') throw new InvalidArgumentError('derived or empty');
  return value;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('sim')
    .description('Serve a simulated Confluence Cloud site described by a fixture, on 127.0.0.1')
    .requiredOption('--fixture <file>', 'site fixture JSON')
    .option('--port <n>', 'port (0: a free one)', nonNegativeInt, 0)
    .option('--latency-ms <n>', 'added latency per request', nonNegativeInt)
    .option('--latency-jitter-ms <n>', 'random extra latency, 0..n ms', nonNegativeInt)
    .option('--points-per-hour <n>', 'app points pool per hour (default 65000)', nonNegativeInt)
    .option(
      '--burst-per-second <n>',
      'requests per second per caller (default 100)',
      nonNegativeInt,
    )
    .option(
      '--rate-limit-headers <beta|enforced>',
      'quota headers Beta-RateLimit(-Policy) or RateLimit(-Policy) (default beta)',
      rateLimitHeadersOption,
    )
    .option(
      '--legacy-list-on-roles-sites <derived|empty>',
      'what spaces/{id}/permissions lists on a ROLES site (default derived)',
      legacyListOption,
    )
    .option(
      '--team-principals <team|unrecognised>',
      'how team principals are rendered: TEAM/team, or a type clients cannot know (default team)',
      teamPrincipalsOption,
    )
    .parse();
  const opts = program.opts<CliOptions>();

  let fixture;
  try {
    fixture = loadFixture(JSON.parse(readFileSync(opts.fixture, 'utf8')) as unknown);
  } catch (e) {
    const why = e instanceof FixtureError || e instanceof SyntaxError ? e.message : String(e);
    process.stderr.write(`sim: cannot load ${opts.fixture}: ${why}\n`);
    process.exitCode = 1;
    return;
  }
  const sim = await startSimulator({
    fixture,
    port: opts.port,
    ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
    ...(opts.latencyJitterMs !== undefined ? { latencyJitterMs: opts.latencyJitterMs } : {}),
    ...(opts.pointsPerHour !== undefined ? { pointsPerHour: opts.pointsPerHour } : {}),
    ...(opts.burstPerSecond !== undefined ? { burstPerSecond: opts.burstPerSecond } : {}),
    ...(opts.rateLimitHeaders ? { rateLimitHeaders: opts.rateLimitHeaders } : {}),
    ...(opts.legacyListOnRolesSites ? { legacyListOnRolesSites: opts.legacyListOnRolesSites } : {}),
    ...(opts.teamPrincipals ? { teamPrincipals: opts.teamPrincipals } : {}),
  });
  process.stdout.write(`${sim.baseUrl}\n`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
