/**
 * `npm run lint:forge`: offline Forge lint of the app (see lint.ts).
 *
 *   tsx dev/forge-lint/cli.ts [--app-dir <dir>] [--openapi-dir <dir>]
 *
 * The OpenAPI directory defaults to dev/openapi (or $FORGE_LINT_OPENAPI_DIR). Exits 1 on any
 * error or warning, or when a declared scope is not needed by any call site.
 */
import path from 'node:path';
import { Command } from 'commander';
import { lintForgeApp, OPENAPI_DIR_ENV } from './lint';

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
  const report = await lintForgeApp({
    appDir: path.resolve(options.appDir),
    ...(options.openapiDir !== undefined ? { openapiDir: options.openapiDir } : {}),
  });
  for (const line of report.messages) write(line);
  return report.ok ? 0 : 1;
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
