/**
 * Offline `forge deploy` packaging: the Forge CLI's own packaging classes, exactly as its deploy
 * command wires them (AppPackager → RuntimeBundler + @forge/bundler's node bundler, then
 * NativeUIBundler for the UI Kit resources, then ResourcePackagingService for every resource),
 * run on an app's manifest with no login and no upload.
 *
 * That is webpack + ts-loader with the app's tsconfig.json: the UI Kit bundles type-check every
 * file tsconfig.json includes, the function bundle every file it imports. Nothing here mocks the
 * bundler. The one thing the CLI downloads, the Forge runtime wrapper it adds to the function
 * archive, is replaced by a local placeholder through the CLI's own `FORGE_RUNTIME_PATH` hook.
 *
 * Everything is written under one temporary directory (the packaging classes put their output in
 * os.tmpdir(); it is pointed there for the run), removed afterwards unless `keep` is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type {
  Archiver,
  ConfigFile,
  Logger,
  ResourceDetails,
  StatsigService,
} from '@forge/cli-shared';
import type { AnalyticsClientReporter } from '@forge/cli/out/analytics-client/analytics-client';

type CliShared = typeof import('@forge/cli-shared');
type ForgeBundler = typeof import('@forge/bundler');
type PackagerModule = typeof import('@forge/cli/out/deploy/packager/packager');
type RuntimeBundlerModule = typeof import('@forge/cli/out/deploy/packager/runtime-bundler');
type ResourcePackagingModule = typeof import('@forge/cli/out/service/resource-packaging-service');

export interface BundledFile {
  /** Relative to the output directory of its bundle. */
  readonly file: string;
  readonly bytes: number;
}

export interface BundledOutput {
  /** `runtime` for the functions, else the resource key. */
  readonly name: string;
  /** `runtime`, or the CLI's resource type: `nativeUI`, `customUI`, `default`. */
  readonly type: string;
  /** What went in: the manifest's handler modules or the resource path. */
  readonly source: string;
  /** The files of the archive the CLI would upload (source maps included). */
  readonly files: readonly BundledFile[];
  readonly zipBytes: number;
}

export interface ForgeBundleReport {
  readonly appDir: string;
  /** The packages that did the work, resolved as the installed Forge CLI resolves them. */
  readonly toolchain: Readonly<Record<string, string>>;
  /** Bundler failures: a thrown bundler error (TypeScript errors included), one per entry. */
  readonly errors: readonly string[];
  /** Bundler warnings (webpack's, logged by the CLI without failing the deploy). */
  readonly warnings: readonly string[];
  readonly outputs: readonly BundledOutput[];
  /** Where the outputs are when `keep` was set; removed otherwise. */
  readonly outDir?: string;
  readonly durationMs: number;
  /** What the CLI prints, in order. */
  readonly messages: readonly string[];
  /** No error and no warning. */
  readonly ok: boolean;
}

export interface BundleForgeAppOptions {
  /** The Forge app: the directory holding manifest.yml. */
  readonly appDir: string;
  /** Keep the temporary output directory and report where it is. */
  readonly keep?: boolean;
}

/** The Forge CLI's own hook for a local runtime wrapper (see @forge/bundler's wrapper-provider). */
const RUNTIME_PATH_ENV = 'FORGE_RUNTIME_PATH';
/** Not runnable on purpose: the real wrapper comes from Atlassian's CDN at deploy time. */
const PLACEHOLDER_SCRIPT =
  "'use strict';\n// Placeholder for the Forge runtime wrapper, which forge deploy downloads.\n" +
  "throw new Error('forge-bundle placeholder: not a deployable runtime wrapper');\n";

/**
 * The CLI injects Forge's iframe-resizer script into each resource's index.html and refuses one
 * without an `<html>` element. webpack 5.110 and later minify html-webpack-plugin's output in
 * production mode and drop that optional tag, so every UI Kit resource fails to package.
 */
const HTML_ROOT_HINT =
  'webpack 5.110+ minifies index.html and drops its optional <html> tag, which the Forge ' +
  'CLI requires; pin webpack below 5.110 (package.json "overrides")';

/** Modules resolved from the installed Forge CLI, as its deploy command loads them. */
function loadForgeCli(): {
  shared: CliShared;
  bundler: ForgeBundler;
  packager: PackagerModule;
  runtimeBundler: RuntimeBundlerModule;
  resourcePackaging: ResourcePackagingModule;
  toolchain: Record<string, string>;
} {
  const cliPackageJson = require.resolve('@forge/cli/package.json');
  const fromCli = createRequire(cliPackageJson);
  const bundlerEntry = fromCli.resolve('@forge/bundler');
  const fromBundler = createRequire(bundlerEntry);
  const version = (req: NodeJS.Require, name: string): string => {
    const pkg = req(`${name}/package.json`) as { version: string };
    return pkg.version;
  };
  return {
    shared: fromCli('@forge/cli-shared') as CliShared,
    bundler: fromCli(bundlerEntry) as ForgeBundler,
    packager: fromCli('./out/deploy/packager/packager') as PackagerModule,
    runtimeBundler: fromCli('./out/deploy/packager/runtime-bundler') as RuntimeBundlerModule,
    resourcePackaging: fromCli(
      './out/service/resource-packaging-service',
    ) as ResourcePackagingModule,
    toolchain: {
      '@forge/cli': version(fromCli, '@forge/cli'),
      '@forge/bundler': version(fromCli, '@forge/bundler'),
      webpack: version(fromBundler, 'webpack'),
      'ts-loader': version(fromBundler, 'ts-loader'),
      // ts-loader compiles with the `typescript` that resolves from its own directory.
      typescript: version(createRequire(fromBundler.resolve('ts-loader')), 'typescript'),
    },
  };
}

/** The CLI's UI logger, reduced to collecting what it would print. */
class CollectingLogger implements Logger {
  readonly traceEnabled = false;
  readonly debugEnabled = false;
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  trace(): void {
    // The CLI shows these only with --verbose.
  }
  debug(): void {
    // As above.
  }
  info(): void {
    // Progress lines ("Packaging app files"), replaced by this tool's own report.
  }
  warn(message: string): void {
    this.warnings.push(message);
  }
  error(error: Error): void {
    this.errors.push(error.message);
  }
}

/** Feature flags come from a network service: every gate answers "undefined", i.e. off. */
function silentStatsig(): StatsigService {
  const answer = (): Promise<undefined> => Promise.resolve(undefined);
  // Not a StatsigService: the packaging code only awaits its getters.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  return new Proxy({}, { get: () => answer }) as StatsigService;
}

/** Analytics are sent, not needed: every report resolves and does nothing. */
function silentAnalytics(): AnalyticsClientReporter {
  const answer = (): Promise<void> => Promise.resolve();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  return new Proxy({}, { get: () => answer }) as AnalyticsClientReporter;
}

function listFiles(dir: string): BundledFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => path.join(dir, entry))
    .filter((file) => fs.statSync(file).isFile())
    .map((file) => ({
      file: path.relative(dir, file).split(path.sep).join('/'),
      bytes: fs.statSync(file).size,
    }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

// The packaging classes read manifest.yml from process.cwd() and write to os.tmpdir(), both
// process-wide: runs must not interleave.
let queue: Promise<unknown> = Promise.resolve();

export function bundleForgeApp(options: BundleForgeAppOptions): Promise<ForgeBundleReport> {
  const run = queue.then(() => bundleExclusively(options));
  queue = run.catch(() => undefined);
  return run;
}

async function bundleExclusively(options: BundleForgeAppOptions): Promise<ForgeBundleReport> {
  const appDir = path.resolve(options.appDir);
  if (!fs.existsSync(path.join(appDir, 'manifest.yml'))) {
    throw new Error(`forge-bundle: no manifest.yml in ${appDir}`);
  }
  const cli = loadForgeCli();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bundle-'));
  const runtimeDir = path.join(outDir, 'runtime-wrapper');
  fs.mkdirSync(path.join(runtimeDir, 'dist'), { recursive: true });
  for (const script of ['wrapper.js', 'loader.js']) {
    fs.writeFileSync(path.join(runtimeDir, 'dist', script), PLACEHOLDER_SCRIPT);
  }
  const tmpDir = path.join(outDir, 'tmp');
  fs.mkdirSync(tmpDir);

  const saved = {
    cwd: process.cwd(),
    TMPDIR: process.env['TMPDIR'],
    runtime: process.env[RUNTIME_PATH_ENV],
  };
  const started = Date.now();
  process.chdir(appDir);
  process.env['TMPDIR'] = tmpDir;
  process.env[RUNTIME_PATH_ENV] = runtimeDir;
  const logger = new CollectingLogger();
  let outputs: BundledOutput[] = [];
  const errors: string[] = [];
  try {
    outputs = await packageApp(cli, logger, outDir);
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e));
  } finally {
    process.chdir(saved.cwd);
    restoreEnv('TMPDIR', saved.TMPDIR);
    restoreEnv(RUNTIME_PATH_ENV, saved.runtime);
    if (!options.keep) fs.rmSync(outDir, { recursive: true, force: true });
  }
  errors.push(...logger.errors);
  const report = {
    appDir,
    toolchain: cli.toolchain,
    errors,
    warnings: logger.warnings,
    outputs,
    ...(options.keep ? { outDir } : {}),
    durationMs: Date.now() - started,
    ok: errors.length === 0 && logger.warnings.length === 0,
  };
  return { ...report, messages: formatReport(report) };
}

function restoreEnv(key: string, value: string | undefined): void {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

/** `forge deploy`'s packaging (PackageUploadDeployCommand.packageUpload) without the upload. */
async function packageApp(
  cli: ReturnType<typeof loadForgeCli>,
  logger: CollectingLogger,
  outDir: string,
): Promise<BundledOutput[]> {
  const { shared, bundler } = cli;
  const fileReader = new shared.FileSystemReader();
  const configFile: ConfigFile = new shared.ConfigFile(fileReader, new shared.FileSystemWriter());
  const statsig = silentStatsig();
  const manifest = await configFile.readConfig();
  const handlers = await configFile.getAppHandlers();
  const resources = await configFile.getResources();
  const i18nResourceBundle = await new shared.I18nResourceBundlingService().bundle(
    manifest.modules,
    manifest.translations,
  );
  const toBundle = resources.filter(shared.shouldBundleResource);
  const preBundled = resources.filter((resource) => !shared.shouldBundleResource(resource));

  // The runtime archive is also written out as a directory, so its files can be listed.
  const runtimeFiles = path.join(outDir, 'runtime');
  const runtimeArchiver = async (): Promise<Archiver> => {
    const zip = await shared.ZipArchiver.create(logger);
    return new shared.MultiArchiver([zip, new shared.DirectoryArchiver(runtimeFiles)]);
  };
  const nodeBundler = bundler.getNodeBundler(
    logger,
    bundler.getWrapperProvider({ fileSystemReader: fileReader, statsigService: statsig }),
    configFile,
    statsig,
  );
  const packager = new cli.packager.AppPackager(
    new cli.runtimeBundler.RuntimeBundler(
      runtimeArchiver,
      logger,
      nodeBundler,
      fileReader,
      configFile,
    ),
    new bundler.NativeUIBundler(logger),
    logger,
    silentAnalytics(),
  );
  const packaged = await packager.package({
    handlers,
    resources: toBundle,
    allResources: resources,
    packageConfig: manifest.app.package,
    i18nResourceBundle,
    ...(manifest.translations ? { i18nConfig: manifest.translations } : {}),
  });

  const archives = await new cli.resourcePackaging.ResourcePackagingService(
    () => shared.ZipArchiver.create(logger),
    fileReader,
    process.cwd(),
    new shared.BridgeScriptService(),
    new shared.IframeResizerScriptService(),
  ).zipResources([...preBundled, ...packaged.nativeUiBundlesDetails], i18nResourceBundle);

  const zipBytes = (file: string | undefined): number =>
    file !== undefined && fs.existsSync(file) ? fs.statSync(file).size : 0;
  const runtime: BundledOutput = {
    name: 'runtime',
    type: 'runtime',
    source: [...new Set(handlers.map((h) => `src/${h.module}`))].join(', '),
    files: listFiles(runtimeFiles),
    zipBytes: zipBytes(packaged.runtimeArchivePath),
  };
  const bundledPaths = new Map(packaged.nativeUiBundlesDetails.map((r) => [r.key, r.path]));
  const perResource = resources.map((resource: ResourceDetails): BundledOutput => {
    const built = bundledPaths.get(resource.key) ?? path.resolve(resource.path);
    return {
      name: resource.key,
      type: resource.resourceType,
      source: resource.path,
      files: listFiles(built),
      zipBytes: zipBytes(archives[resource.key]?.zipPath),
    };
  });
  return [runtime, ...perResource];
}

// ---------------------------------------------------------------------------------------------
// Output

function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${(bytes / 1024).toFixed(1)} KB`;
}

export function formatReport(report: Omit<ForgeBundleReport, 'messages'>): string[] {
  const tools = Object.entries(report.toolchain)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const lines = [`forge-bundle: ${report.appDir} with ${tools}`];
  for (const output of report.outputs) {
    const code = output.files.filter((f) => !f.file.endsWith('.map'));
    const listed = code.map((f) => `${f.file} ${size(f.bytes)}`).join(', ');
    lines.push(
      `  ${output.name} (${output.type}) ${output.source}: ${listed}; archive ${size(output.zipBytes)}`,
    );
  }
  for (const warning of report.warnings) lines.push(`warning ${warning.trim()}`);
  for (const error of report.errors) {
    lines.push(`error ${error.trim()}`);
    if (error.includes('<html> root element')) lines.push(`  hint: ${HTML_ROOT_HINT}`);
  }
  if (report.outDir !== undefined) lines.push(`forge-bundle: outputs kept in ${report.outDir}`);
  lines.push(
    `forge-bundle: ${report.errors.length} errors, ${report.warnings.length} warnings ` +
      `(${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  return lines;
}
