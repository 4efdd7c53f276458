/**
 * `npm run bundle:forge` packages the app with the Forge CLI's own bundler, as `forge deploy`
 * does: it must pass a copy of the app, fail the same copy with one type error in a UI Kit file
 * (which `tsc` over the app would also catch, but only the bundler's ts-loader run is what
 * deploy enforces), and fail an app whose only problem is a webpack warning.
 *
 * Each case is a separate `tsx dev/forge-bundle/cli.ts` process (webpack and ts-loader run
 * there, not in jest's module registry); the three run at once. The clean and broken cases
 * type-check the whole app twice each, so they take tens of seconds.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dev', 'forge-bundle', 'cli.ts');
const TSX = require.resolve('tsx/cli');
const BUNDLE_TIMEOUT_MS = 300_000;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function bundle(appDir: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, CLI, '--app-dir', appDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUNDLE_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** What `forge deploy` reads of the app, with the project's node_modules linked in. */
function copyApp(into: string): string {
  fs.mkdirSync(into);
  for (const entry of ['manifest.yml', 'package.json', 'package-lock.json', 'tsconfig.json']) {
    fs.copyFileSync(path.join(ROOT, entry), path.join(into, entry));
  }
  // The manifest's translations name the locale files.
  for (const dir of ['src', 'locales']) {
    fs.cpSync(path.join(ROOT, dir), path.join(into, dir), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(into, 'node_modules'), 'dir');
  return into;
}

/** A one-function app whose only fault is a dynamic `require`, which webpack warns about. */
function warningApp(into: string): string {
  fs.mkdirSync(path.join(into, 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(into, 'src', 'index.ts'),
    'export function run(name: string): unknown {\n  return require(name);\n}\n',
  );
  fs.writeFileSync(
    path.join(into, 'manifest.yml'),
    [
      'modules:',
      '  scheduledTrigger:',
      '    - key: tick',
      '      function: main',
      '      interval: hour',
      '  function:',
      '    - key: main',
      '      handler: index.run',
      'app:',
      '  runtime:',
      '    name: nodejs22.x',
      '  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000',
      '',
    ].join('\n'),
  );
  return into;
}

const BROKEN_FILE = path.join('src', 'frontend', 'macro', 'MacroConfig.tsx');

describe('npm run bundle:forge', () => {
  let dir: string;
  let runs: { clean: Run; broken: Run; warning: Run };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bundle-test-'));
    const clean = copyApp(path.join(dir, 'clean'));
    const broken = copyApp(path.join(dir, 'broken'));
    fs.appendFileSync(
      path.join(broken, BROKEN_FILE),
      "\nexport const deliberatelyBroken: number = 'not a number';\n",
    );
    const warning = warningApp(path.join(dir, 'warning'));
    const [cleanRun, brokenRun, warningRun] = await Promise.all([
      bundle(clean),
      bundle(broken),
      bundle(warning),
    ]);
    runs = { clean: cleanRun, broken: brokenRun, warning: warningRun };
  }, BUNDLE_TIMEOUT_MS + 10_000);

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the app bundles: functions and both UI Kit resources, no error, no warning', () => {
    const { status, stdout, stderr } = runs.clean;
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    const lines = stdout.split('\n');
    expect(
      lines.find((line) => line.startsWith('forge-bundle: 0 errors, 0 warnings')),
    ).toBeDefined();
    expect(stdout).toMatch(/^ {2}runtime \(runtime\) src\/index: .*index\.cjs /m);
    // The translations travel with the app, as the platform serves them to the views.
    expect(stdout).toMatch(
      /^ {2}runtime .*(?=.*__LOCALES__\/de-DE\.json )(?=.*__LOCALES__\/en-US\.json )(?=.*__LOCALES__\/i18n-info\.json )/m,
    );
    expect(stdout).toMatch(
      /^ {2}macro-ui \(nativeUI\) src\/frontend\/macro\/index\.tsx: (?=.*index\.html )(?=.*macro-ui\.js )/m,
    );
    expect(stdout).toMatch(
      /^ {2}admin-ui \(nativeUI\) src\/frontend\/admin\/index\.tsx: (?=.*index\.html )(?=.*admin-ui\.js )/m,
    );
  });

  test('a type error in a UI Kit file fails it with the TypeScript error at that file', () => {
    const { status, stdout } = runs.broken;
    expect(status).toBe(1);
    expect(stdout).toContain('TypeScript errors in the app caused the bundling to fail');
    expect(stdout).toMatch(/MacroConfig\.tsx\(\d+,\d+\)/);
    expect(stdout).toContain("TS2322: Type 'string' is not assignable to type 'number'.");
    expect(stdout).toMatch(/^forge-bundle: 1 errors, 0 warnings/m);
    expect(stdout).toContain('forge-bundle: FAILED');
  });

  test('a webpack warning alone fails it', () => {
    const { status, stdout } = runs.warning;
    expect(status).toBe(1);
    expect(stdout).toContain(
      'warning Critical dependency: the request of a dependency is an expression',
    );
    expect(stdout).toMatch(/^forge-bundle: 0 errors, 1 warnings/m);
    expect(stdout).toContain('forge-bundle: FAILED');
  });
});
