/**
 * The offline Forge lint (`npm run lint:forge`) must fail each broken fixture app for the right
 * reason, pass a correct one, and pass the real app at the repo root.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../dev/forge-lint/cli';
import {
  DEFAULT_OPENAPI_DIR,
  describeToolchain,
  lintForgeApp,
  OPENAPI_DIR_ENV,
  resolveOpenApiDir,
  type ForgeLintReport,
} from '../../dev/forge-lint/lint';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'forge-lint');

function lintFixture(name: string): Promise<ForgeLintReport> {
  return lintForgeApp({ appDir: path.join(FIXTURES, name) });
}

function summary(report: ForgeLintReport): string {
  return report.messages.find((line) => line.startsWith('forge-lint: ')) ?? '';
}

describe('fixture apps', () => {
  test('a correct app passes; storage:app is required because @forge/kvs is imported', async () => {
    const report = await lintFixture('passing');

    expect(report.problems).toEqual([]);
    expect(report.scopes).toMatchObject({
      declared: ['read:page:confluence', 'storage:app'],
      required: ['read:page:confluence', 'storage:app'],
      unused: [],
    });
    expect(report.scopes.usage['storage:app']).toEqual([
      { file: 'src/index.ts', line: 3, why: 'imports @forge/kvs' },
    ]);
    expect(report.calls).toEqual([
      expect.objectContaining({
        file: 'src/index.ts',
        method: 'GET',
        operation: '/pages/{id}',
        currentScopes: ['read:page:confluence'],
      }),
    ]);
    expect(report.ok).toBe(true);
    expect(report.messages).toContain('forge-lint: 0 errors, 0 warnings');
    expect(report.messages).toContain(
      'scopes: declared=[read:page:confluence,storage:app] required=[read:page:confluence,storage:app] unused=[]',
    );
  });

  test('a page read without read:page:confluence fails with a missing-scope error at the call', async () => {
    const report = await lintFixture('missing-scope');

    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'lint',
        linter: 'PermissionLinter',
        level: 'error',
        file: 'src/index.ts',
        line: 8,
        reference: 'permission-scope-required',
        missingScope: 'read:page:confluence',
      }),
    ]);
    expect(report.problems[0]?.message).toContain('GET /pages/{id}');
    expect(report.scopes).toMatchObject({
      declared: ['read:space:confluence'],
      required: ['read:space:confluence', 'read:page:confluence'],
      unused: [],
    });
    expect(summary(report)).toBe('forge-lint: 1 errors, 0 warnings');
    expect(report.ok).toBe(false);
  });

  test('a declared scope no call needs is reported unused', async () => {
    const report = await lintFixture('unused-scope');

    expect(report.problems).toEqual([]);
    expect(report.scopes).toMatchObject({
      declared: ['read:page:confluence', 'write:page:confluence'],
      required: ['read:page:confluence'],
      unused: ['write:page:confluence'],
    });
    expect(report.messages).toContain(
      'scopes: declared=[read:page:confluence,write:page:confluence] required=[read:page:confluence] unused=[write:page:confluence]',
    );
    expect(report.ok).toBe(false);
  });

  test('a manifest handler that src/index.ts does not export is reported', async () => {
    const report = await lintFixture('missing-handler');

    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'lint',
        linter: 'HandlerLinter',
        level: 'warning',
        file: 'src/index.ts',
        reference: 'valid-module-required',
      }),
    ]);
    expect(report.problems[0]?.message).toContain('"nope"');
    expect(report.scopes.unused).toEqual([]);
    expect(summary(report)).toBe('forge-lint: 0 errors, 1 warnings');
    expect(report.ok).toBe(false);
  });

  test('a tsconfig.json include that would make `forge lint` skip the sources is reported', async () => {
    const report = await lintFixture('tsconfig-include-dir');

    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'coverage', level: 'warning', file: 'tsconfig.json' }),
    ]);
    expect(report.problems[0]?.message).toContain('skip 2 of 2 source files');
    // The files are still linted here: the scopes come out as for the passing fixture.
    expect(report.scopes.unused).toEqual([]);
    expect(report.scopes.required).toEqual(['read:page:confluence', 'storage:app']);
  });

  test('the CLI exits 1 for a failing app and 0 for a passing one', async () => {
    const lines: string[] = [];
    const write = (line: string): void => {
      lines.push(line);
    };

    expect(await runCli(['--app-dir', path.join(FIXTURES, 'unused-scope')], write)).toBe(1);
    expect(lines).toContain('forge-lint: 0 errors, 0 warnings');
    lines.length = 0;
    expect(await runCli(['--app-dir', path.join(FIXTURES, 'passing')], write)).toBe(0);
    expect(lines).toContain('forge-lint: 0 errors, 0 warnings');
  });
});

describe('the two toolchains', () => {
  const cliPackage = JSON.parse(
    fs.readFileSync(require.resolve('@forge/cli/package.json'), 'utf8'),
  ) as { version: string; dependencies: Record<string, string> };

  test('`cli` runs the @forge/lint and @forge/manifest versions the installed Forge CLI pins', async () => {
    const report = await lintForgeApp({ appDir: path.join(FIXTURES, 'passing'), toolchain: 'cli' });

    expect(report.toolchain).toMatchObject({
      name: 'cli',
      cli: cliPackage.version,
      lint: cliPackage.dependencies['@forge/lint'],
      manifest: cliPackage.dependencies['@forge/manifest'],
    });
    const cliDir = path.dirname(require.resolve('@forge/cli/package.json'));
    expect(report.toolchain.lintEntry).toBe(require.resolve('@forge/lint', { paths: [cliDir] }));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test("`app` (the default) runs the project's own devDependencies", async () => {
    const report = await lintForgeApp({ appDir: path.join(FIXTURES, 'passing') });

    expect(report.toolchain).toEqual(describeToolchain('app'));
    expect(report.toolchain.lintEntry).toBe(require.resolve('@forge/lint'));
    expect(report.toolchain.manifestEntry).toBe(require.resolve('@forge/manifest'));
  });

  test.each(['app', 'cli'] as const)(
    'a module property the manifest schema does not declare is a warning (%s)',
    async (toolchain) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-lint-test-'));
      try {
        fs.cpSync(path.join(FIXTURES, 'passing'), dir, { recursive: true });
        const manifestFile = path.join(dir, 'manifest.yml');
        const manifest = fs.readFileSync(manifestFile, 'utf8');
        fs.writeFileSync(
          manifestFile,
          manifest.replace(
            '      title: Fixture\n',
            '      title: Fixture\n      icon: resource:main;icon.svg\n',
          ),
        );
        const line = manifest.split('\n').indexOf('      title: Fixture') + 2;

        const report = await lintForgeApp({ appDir: dir, toolchain });

        expect(report.problems).toEqual([
          expect.objectContaining({
            kind: 'manifest',
            level: 'warning',
            file: 'manifest.yml',
            line,
            reference: 'unknown-module-property',
          }),
        ]);
        expect(report.problems[0]?.message).toContain(
          'modules.macro[0] (fixture-macro): "icon" is not a macro property',
        );
        expect(report.ok).toBe(false);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('scope derivation', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-lint-test-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A one-function app whose src/index.ts is `code` and whose manifest declares `scopes`. */
  function writeApp(scopes: readonly string[], code: string): string {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), code);
    fs.writeFileSync(
      path.join(dir, 'manifest.yml'),
      [
        'modules:',
        '  scheduledTrigger:',
        '    - key: tick',
        '      function: main',
        '      interval: hour',
        '  function:',
        '    - key: main',
        '      handler: index.run',
        'permissions:',
        '  scopes:',
        ...scopes.map((scope) => `    - ${scope}`),
        'app:',
        '  runtime:',
        '    name: nodejs22.x',
        '  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000',
        '',
      ].join('\n'),
    );
    return dir;
  }

  const CURRENT_USER = [
    "import api, { route } from '@forge/api';",
    'export async function run(query: string) {',
    '  return api.asUser().requestConfluence(route`/wiki/rest/api/user/current?${query}`);',
    '}',
    '',
  ].join('\n');

  test('a Beta alternative alone satisfies the call and is required', async () => {
    const report = await lintForgeApp({
      appDir: writeApp(['read:content-details:confluence'], CURRENT_USER),
    });

    expect(report.problems).toEqual([]);
    expect(report.scopes.required).toEqual(['read:content-details:confluence']);
    expect(report.scopes.unused).toEqual([]);
  });

  test('with both alternatives declared, removing either breaks nothing: both are unused', async () => {
    const report = await lintForgeApp({
      appDir: writeApp(['read:confluence-user', 'read:content-details:confluence'], CURRENT_USER),
    });

    expect(report.problems).toEqual([]);
    expect(report.scopes.unused).toEqual([
      'read:confluence-user',
      'read:content-details:confluence',
    ]);
  });

  test('a route that matches no documented operation is a warning; a computed route is listed unchecked', async () => {
    const code = [
      "import api, { assumeTrustedRoute, route } from '@forge/api';",
      'export async function run(id: string, next: string) {',
      '  await api.asUser().requestConfluence(route`/wiki/api/v2/pagez/${id}`);',
      '  return api.asUser().requestConfluence(assumeTrustedRoute(next));',
      '}',
      '',
    ].join('\n');
    const report = await lintForgeApp({ appDir: writeApp(['read:page:confluence'], code) });

    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'route', level: 'warning', file: 'src/index.ts', line: 3 }),
    ]);
    expect(report.unchecked).toEqual([
      expect.objectContaining({ file: 'src/index.ts', line: 4, callee: 'requestConfluence' }),
    ]);
    expect(report.scopes.unused).toEqual(['read:page:confluence']);
  });

  test('a scope a product-trigger event needs is required even with no call site', async () => {
    const appDir = writeApp(
      ['read:confluence-content.summary'],
      'export async function run() {}\n',
    );
    const manifestFile = path.join(appDir, 'manifest.yml');
    fs.writeFileSync(
      manifestFile,
      fs
        .readFileSync(manifestFile, 'utf8')
        .replace(
          'modules:\n',
          'modules:\n  trigger:\n    - key: on-page\n      function: main\n      events:\n        - avi:confluence:created:page\n',
        ),
    );
    const report = await lintForgeApp({ appDir });

    expect(report.problems).toEqual([]);
    expect(report.scopes.required).toEqual(['read:confluence-content.summary']);
    expect(report.scopes.usage['read:confluence-content.summary']).toEqual([
      expect.objectContaining({ file: 'manifest.yml' }),
    ]);
  });

  test('the OpenAPI directory defaults to the project copy and can be overridden', async () => {
    expect(resolveOpenApiDir()).toBe(process.env[OPENAPI_DIR_ENV] ?? DEFAULT_OPENAPI_DIR);
    expect(DEFAULT_OPENAPI_DIR).toBe(path.join(ROOT, 'dev', 'openapi'));
    await expect(
      lintForgeApp({ appDir: path.join(FIXTURES, 'passing'), openapiDir: dir }),
    ).rejects.toThrow(/OpenAPI document not found/);
  });
});

describe('the real app', () => {
  const READ_SCOPES = ['read:page:confluence', 'read:space:confluence', 'read:confluence-user'];

  test('has no lint problems and every declared scope is required', async () => {
    const report = await lintForgeApp({ appDir: ROOT });

    expect(report.problems).toEqual([]);
    expect(report.scopes.unused).toEqual([]);
    expect(report.scopes.required).toEqual(expect.arrayContaining(READ_SCOPES));
    expect([...report.scopes.required].sort()).toEqual([...report.scopes.declared].sort());
  });

  test('`npx tsx dev/forge-lint/cli.ts` runs both toolchains, prints the summary lines and exits 0', () => {
    const result = spawnSync('npx', ['tsx', 'dev/forge-lint/cli.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const lines = result.stdout.split('\n');

    const app = describeToolchain('app');
    const cli = describeToolchain('cli');
    expect(lines).toContain(
      `forge-lint: @forge/lint ${app.lint} + @forge/manifest ${app.manifest}, the project's devDependencies`,
    );
    if (app.lintEntry !== cli.lintEntry || app.manifestEntry !== cli.manifestEntry) {
      expect(lines).toContain(
        `forge-lint: @forge/lint ${cli.lint} + @forge/manifest ${cli.manifest}, pinned by @forge/cli ${cli.cli ?? ''} (what forge lint and forge deploy run)`,
      );
      expect(lines.filter((line) => line === 'forge-lint: 0 errors, 0 warnings')).toHaveLength(2);
    } else {
      expect(
        lines.find((line) => line.includes('same @forge/lint and @forge/manifest')),
      ).toBeDefined();
    }
    expect(lines).toContain('forge-lint: 0 errors, 0 warnings');
    const scopes = lines.find((line) => line.startsWith('scopes: '));
    expect(scopes).toMatch(/^scopes: declared=\[[^\]]*\] required=\[[^\]]*\] unused=\[\]$/);
    for (const scope of READ_SCOPES) expect(scopes).toContain(scope);
    expect(result.status).toBe(0);
  }, 120_000);
});
