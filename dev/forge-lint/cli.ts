/**
 * `npm run lint:forge`: offline Forge lint of the app (see lint.ts), run twice: with the
 * project's own @forge/lint and @forge/manifest, and with the versions the installed Forge CLI
 * pins (what `forge lint` and `forge deploy` run). When both resolve to the same package
 * instances it runs once and says so.
 *
 *   tsx dev/forge-lint/cli.ts [--app-dir <dir>] [--openapi-dir <dir>]
 *
 * The OpenAPI directory defaults to dev/openapi (or $FORGE_LINT_OPENAPI_DIR). Exits 1 on any
 * error or warning from either run, or when a declared scope is not needed by any call site.
 */
import path from 'node:path';
import { Command } from 'commander';
import {
  describeToolchain,
  lintForgeApp,
  OPENAPI_DIR_ENV,
  type ForgeLintReport,
  type ToolchainInfo,
} from './lint';

function toolchainLine(info: ToolchainInfo): string {
  const who =
    info.name === 'cli'
      ? `pinned by @forge/cli ${info.cli ?? '?'} (what forge lint and forge deploy run)`
      : "the project's devDependencies";
  return `forge-lint: @forge/lint ${info.lint} + @forge/manifest ${info.manifest}, ${who}`;
}

/** The lines of the second run: what the first did not already print in full. */
function secondRunLines(report: ForgeLintReport, first: ForgeLintReport): string[] {
  const lines = report.messages.filter(
    (line) => !line.startsWith('  ') || !first.messages.includes(line),
  );
  const same = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && a.every((scope, i) => scope === b[i]);
  if (
    !same(report.scopes.required, first.scopes.required) ||
    !same(report.scopes.unused, first.scopes.unused)
  ) {
    lines.push('forge-lint: the two versions disagree on the scopes the app needs');
  }
  return lines;
}

export async function runCli(
  argv: readonly string[],
  write: (line: string) => void = (line) => {
    process.stdout.write(`${line}\n`);
  },
): Promise<number> {
  const program = new Command()
    .name('lint:forge')
    .description("Validate manifest.yml and run Atlassian's Forge linters offline")
    .option('--app-dir <dir>', 'the Forge app (directory holding manifest.yml)', '.')
    .option(
      '--openapi-dir <dir>',
      `Confluence OpenAPI documents (default: $${OPENAPI_DIR_ENV} or dev/openapi)`,
    )
    .exitOverride()
    .parse([...argv], { from: 'user' });
  const options = program.opts<{ appDir: string; openapiDir?: string }>();
  const base = {
    appDir: path.resolve(options.appDir),
    ...(options.openapiDir !== undefined ? { openapiDir: options.openapiDir } : {}),
  };
  const app = describeToolchain('app');
  const cli = describeToolchain('cli');
  const first = await lintForgeApp({ ...base, toolchain: 'app' });
  write(toolchainLine(app));
  for (const line of first.messages) write(line);
  if (app.lintEntry === cli.lintEntry && app.manifestEntry === cli.manifestEntry) {
    write(
      `forge-lint: @forge/cli ${cli.cli ?? '?'} resolves the same @forge/lint and @forge/manifest ` +
        'package instances: one run covers both',
    );
    return first.ok ? 0 : 1;
  }
  const second = await lintForgeApp({ ...base, toolchain: 'cli' });
  write(toolchainLine(cli));
  for (const line of secondRunLines(second, first)) write(line);
  return first.ok && second.ok ? 0 : 1;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `forge-lint: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 2;
    },
  );
}
