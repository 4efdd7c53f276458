/**
 * `npm run bench -- <name> [options]`: the benchmarks, one JSON line per run on stdout.
 *
 *   macro   one macro view, cold and warm, on generated pages (dev/bench/macro.ts)
 *   audit   the admin audit job on generated sites (dev/bench/audit.ts)
 *   cli-audit  `access-lens audit --json` on the same sites, up to 20,000 spaces (dev/bench/cli-audit.ts)
 *   what-if  a restriction-change preview of a page with 200 pages below it (dev/bench/what-if.ts)
 *   person  `access-lens person --json` on both demo sites: requests and points (dev/bench/person.ts)
 *   simulator  load time and page-read latency of a 10,000-page synthetic site
 */
import { runAuditBench } from './audit';
import { runCliAuditBench } from './cli-audit';
import { runMacroBench } from './macro';
import { runPersonBench } from './person';
import { runSimulatorBench } from './simulator';
import { runWhatIfBench } from './what-if';

const BENCHES: Readonly<Record<string, (argv: readonly string[]) => Promise<void>>> = {
  macro: (argv) => runMacroBench({ latencyMs: latencyFrom(argv, 20) }),
  audit: runAuditBench,
  'cli-audit': runCliAuditBench,
  person: () => runPersonBench(),
  simulator: runSimulatorBench,
  'what-if': runWhatIfBench,
};

/** `--latency-ms N` (simulated latency per request), or the bench's default. */
function latencyFrom(argv: readonly string[], fallback: number): number {
  const at = argv.indexOf('--latency-ms');
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error('--latency-ms takes a number ≥ 0');
  return value;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const bench = name === undefined ? undefined : BENCHES[name];
  if (bench === undefined) {
    process.stderr.write(
      `bench: ${name === undefined ? 'no benchmark named' : `"${name}" is not a benchmark yet`}. ` +
        `Available: ${Object.keys(BENCHES).join(', ')}.\n`,
    );
    return 2;
  }
  await bench(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
