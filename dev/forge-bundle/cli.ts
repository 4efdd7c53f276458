/**
 * `npm run bundle:forge`: the Forge CLI's own deploy packaging of the app, offline (see
 * bundle.ts).
 *
 *   tsx dev/forge-bundle/cli.ts [--app-dir <dir>] [--keep]
 *
 * Exits 1 on any bundler error (TypeScript errors included) or warning, 2 when it cannot run.
 */
import path from 'node:path';
import { Command } from 'commander';
import { bundleForgeApp } from './bundle';

export async function runCli(
  argv: readonly string[],
  write: (line: string) => void = (line) => {
    process.stdout.write(`${line}\n`);
  },
): Promise<number> {
  const program = new Command()
    .name('bundle:forge')
    .description("Bundle the app with the Forge CLI's own bundler, offline, as forge deploy would")
    .option('--app-dir <dir>', 'the Forge app (directory holding manifest.yml)', '.')
    .option('--keep', 'keep the temporary output directory and print where it is', false)
    .exitOverride()
    .parse([...argv], { from: 'user' });
  const options = program.opts<{ appDir: string; keep: boolean }>();
  const report = await bundleForgeApp({ appDir: path.resolve(options.appDir), keep: options.keep });
  for (const line of report.messages) write(line);
  if (!report.ok) {
    write(
      'forge-bundle: FAILED: forge deploy would ' +
        (report.errors.length ? 'stop with the errors above' : 'print the warnings above'),
    );
  }
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `forge-bundle: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 2;
    },
  );
}
