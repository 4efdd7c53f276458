/**
 * Offline Forge lint: Atlassian's own manifest validation (`@forge/manifest`) and client-side
 * linters (`@forge/lint`) run against the project's copies of the Confluence OpenAPI documents,
 * plus a least-privilege check that every declared scope is needed by some call site.
 *
 * `forge lint` itself needs a login; everything used here runs with no network.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { AST_NODE_TYPES, parse, simpleTraverse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { LinterInterface, LintInput, LintResult } from '@forge/lint';
import type {
  ApiCall,
  ProductApiCall,
} from '@forge/lint/out/lint/linters/permission-linter/api-call-interface';
import type { ManifestSchema } from '@forge/manifest';
import YAML from 'yaml';

type LintModule = typeof import('@forge/lint');
type ManifestModule = typeof import('@forge/manifest');
type VisitorModule =
  typeof import('@forge/lint/out/lint/linters/permission-linter/visitors/product-node-visitor');

/**
 * Which copies of Atlassian's packages do the work. `app`: the project's own devDependencies
 * (the newest). `cli`: the versions the installed Forge CLI pins for `forge lint` and
 * `forge deploy`, resolved from @forge/cli's directory (they may be nested copies). Both are
 * typed with the project's declarations; their exported API is the same.
 */
export type ToolchainName = 'app' | 'cli';

export interface ToolchainInfo {
  readonly name: ToolchainName;
  /** Versions of the packages that ran. */
  readonly lint: string;
  readonly manifest: string;
  /** The resolved @forge/lint entry file: equal paths mean the same package instance. */
  readonly lintEntry: string;
  readonly manifestEntry: string;
  /** The @forge/cli version, for `cli`. */
  readonly cli?: string;
}

interface Toolchain {
  readonly info: ToolchainInfo;
  readonly lint: LintModule;
  readonly manifest: ManifestModule;
  readonly visitor: VisitorModule;
}

const toolchains = new Map<ToolchainName, Toolchain>();

/** Where a toolchain's packages are resolved from, as `require.resolve` paths. */
function resolutionBase(name: ToolchainName): string {
  return name === 'cli' ? path.dirname(require.resolve('@forge/cli/package.json')) : REPO_ROOT;
}

export function describeToolchain(name: ToolchainName): ToolchainInfo {
  return loadToolchain(name).info;
}

function loadToolchain(name: ToolchainName): Toolchain {
  const cached = toolchains.get(name);
  if (cached) return cached;
  const base = resolutionBase(name);
  const lintEntry = require.resolve('@forge/lint', { paths: [base] });
  const manifestEntry = require.resolve('@forge/manifest', { paths: [base] });
  const load = createRequire(__filename);
  const version = (entry: string, pkg: string): string =>
    (load(packageJsonOf(entry, pkg)) as { version: string }).version;
  const toolchain: Toolchain = {
    info: {
      name,
      lint: version(lintEntry, '@forge/lint'),
      manifest: version(manifestEntry, '@forge/manifest'),
      lintEntry,
      manifestEntry,
      ...(name === 'cli'
        ? { cli: (load('@forge/cli/package.json') as { version: string }).version }
        : {}),
    },
    lint: load(lintEntry) as LintModule,
    manifest: load(manifestEntry) as ManifestModule,
    visitor: load(
      path.join(
        path.dirname(lintEntry),
        'lint/linters/permission-linter/visitors/product-node-visitor.js',
      ),
    ) as VisitorModule,
  };
  toolchains.set(name, toolchain);
  return toolchain;
}

/** `…/node_modules/@forge/lint/out/index.js` → `…/node_modules/@forge/lint/package.json`. */
function packageJsonOf(entry: string, pkg: string): string {
  const marker = `${path.sep}node_modules${path.sep}${pkg.split('/').join(path.sep)}${path.sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`forge-lint: cannot locate ${pkg}'s package.json from ${entry}`);
  return path.join(entry.slice(0, at + marker.length), 'package.json');
}

export type ProblemKind =
  | 'manifest' // @forge/manifest validation
  | 'lint' // a @forge/lint client-side linter
  | 'parse' // a source file that does not parse
  | 'coverage' // a source file Atlassian's `forge lint` would silently skip
  | 'route' // a product call whose route matches no documented operation
  | 'internal'; // a linter that crashed (it would otherwise be silently skipped)

export interface Problem {
  readonly kind: ProblemKind;
  readonly level: 'error' | 'warning';
  /** Relative to the app directory. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly reference?: string;
  /** The Forge linter that reported it, when it came from one. */
  readonly linter?: string;
  /** A scope the linter says is missing (`metadata.missingPermission`). */
  readonly missingScope?: string;
}

/** A `request{Confluence,Jira,Bitbucket}` call with a route the Forge linter can read. */
export interface CallSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly product: string;
  readonly method: string;
  /** As the linter sees it: `${…}` become `\S*`, the query is dropped. */
  readonly route: string;
  /** The OpenAPI path it matched, if any. */
  readonly operation?: string;
  /** `x-atlassian-oauth2-scopes` state Current (or `security`), then Beta alternatives. */
  readonly currentScopes: readonly string[];
  readonly betaScopes: readonly string[];
}

/** A product call whose route the Forge linter cannot read, so it checks no scope for it. */
export interface UncheckedCall {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly callee: string;
}

export interface ScopeUse {
  readonly file: string;
  readonly line: number;
  readonly why: string;
}

export interface ScopeReport {
  readonly declared: readonly string[];
  readonly required: readonly string[];
  readonly unused: readonly string[];
  /** For each required scope, the call sites (or imports) that need it. */
  readonly usage: Readonly<Record<string, readonly ScopeUse[]>>;
}

export interface ForgeLintReport {
  readonly appDir: string;
  readonly toolchain: ToolchainInfo;
  readonly errors: number;
  readonly warnings: number;
  readonly problems: readonly Problem[];
  readonly scopes: ScopeReport;
  readonly calls: readonly CallSite[];
  readonly unchecked: readonly UncheckedCall[];
  /** What the CLI prints, in order. */
  readonly messages: readonly string[];
  /** True when there is no error, no warning and no unused scope. */
  readonly ok: boolean;
}

export interface LintForgeAppOptions {
  readonly appDir: string;
  /** Directory with confluence-v1.json, confluence-v2.json and empty.json. */
  readonly openapiDir?: string;
  /** Whose copies of @forge/lint and @forge/manifest run (default `app`). */
  readonly toolchain?: ToolchainName;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The project's own stripped copies: the linter must work from a clone without `../shared`. */
export const DEFAULT_OPENAPI_DIR = path.join(REPO_ROOT, 'dev', 'openapi');
export const OPENAPI_DIR_ENV = 'FORGE_LINT_OPENAPI_DIR';

const STORAGE_SCOPE = 'storage:app';
const KVS_PACKAGE = '@forge/kvs';
const ENVIRONMENT = 'development';
const SOURCE_EXTENSIONS = /\.(ts|tsx)$/;

export function resolveOpenApiDir(explicit?: string): string {
  return path.resolve(explicit ?? process.env[OPENAPI_DIR_ENV] ?? DEFAULT_OPENAPI_DIR);
}

function swaggerEnv(openapiDir: string): Record<string, string> {
  const file = (name: string): string => {
    const full = path.join(openapiDir, name);
    if (!fs.existsSync(full)) {
      throw new Error(`forge-lint: OpenAPI document not found: ${full}`);
    }
    return full;
  };
  const empty = file('empty.json');
  return {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_CONF_SWAGGER: file('confluence-v1.json'),
    LOCAL_CONF_V2_SWAGGER: file('confluence-v2.json'),
    LOCAL_JIRA_SWAGGER: empty,
    LOCAL_JSM_SWAGGER: empty,
    LOCAL_JSW_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  };
}

// The Forge linters read `manifest.yml` and `tsconfig.json` from process.cwd() and the
// swagger locations from process.env, both process-wide: runs must not interleave.
let queue: Promise<unknown> = Promise.resolve();

export function lintForgeApp(options: LintForgeAppOptions): Promise<ForgeLintReport> {
  const run = queue.then(() => lintExclusively(options));
  queue = run.catch(() => undefined);
  return run;
}

async function lintExclusively(options: LintForgeAppOptions): Promise<ForgeLintReport> {
  const appDir = path.resolve(options.appDir);
  const toolchain = loadToolchain(options.toolchain ?? 'app');
  const env = swaggerEnv(resolveOpenApiDir(options.openapiDir));
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const savedCwd = process.cwd();
  Object.assign(process.env, env);
  process.chdir(appDir);
  try {
    return await lintInCwd(toolchain, appDir, env);
  } finally {
    process.chdir(savedCwd);
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
}

interface Collected {
  problems: Problem[];
  seen: Set<string>;
}

function add(collected: Collected, problem: Problem): void {
  // The manifest is validated both directly and by FullManifestLinter: count each problem once.
  const key = [problem.file, problem.line, problem.column, problem.level, problem.message].join(
    '\u0000',
  );
  if (collected.seen.has(key)) return;
  collected.seen.add(key);
  collected.problems.push(problem);
}

async function lintInCwd(
  toolchain: Toolchain,
  appDir: string,
  env: Record<string, string>,
): Promise<ForgeLintReport> {
  const { getClientSideLintersOnly, LintClass } = toolchain.lint;
  shareSchemaCompilation(toolchain);
  const collected: Collected = { problems: [], seen: new Set() };

  const validation = await toolchain.manifest.validate(false, path.join(appDir, 'manifest.yml'));
  for (const error of validation.errors ?? []) {
    add(collected, {
      kind: 'manifest',
      level: error.level,
      file: 'manifest.yml',
      line: error.line ?? 0,
      column: error.column ?? 0,
      message: error.message,
      reference: error.reference,
    });
  }
  const manifest = manifestContent(validation.manifestObject?.yamlContent);
  if (manifest) addUnknownModuleProperties(toolchain, collected, appDir);

  const files = listSourceFiles(appDir);
  const inputs: LintInput[] = [];
  for (const file of files) {
    try {
      inputs.push(parseSource(file));
    } catch (e) {
      const where = parseErrorPosition(e);
      add(collected, {
        kind: 'parse',
        level: 'error',
        file,
        line: where.line,
        column: where.column,
        message: `cannot parse: ${errorMessage(e)}`,
      });
    }
  }
  await addCoverageProblems(toolchain, collected, files);

  let calls: CallSite[] = [];
  let unchecked: UncheckedCall[] = [];
  let scopes: ScopeReport = { declared: [], required: [], unused: [], usage: {} };
  if (manifest) {
    const logged: string[] = [];
    const logger = { info: (message: string) => logged.push(message) };
    const linters = await getClientSideLintersOnly(manifest, ENVIRONMENT, logger, silentStatsig());
    const results = await runLinters(linters, inputs);
    for (const [linter, result] of results) {
      for (const rule of [...result.errors, ...result.warnings, ...result.approvals]) {
        add(collected, {
          kind: 'lint',
          level: rule.class === LintClass.Warning ? 'warning' : 'error',
          file: path.relative(appDir, path.resolve(appDir, result.file)),
          line: rule.line,
          column: rule.column,
          message: rule.message,
          reference: rule.reference,
          linter,
          ...missingScopeOf(rule.metadata),
        });
      }
    }
    addLoggedFailures(collected, logged);

    ({ calls, unchecked } = findCallSites(toolchain, inputs, env));
    for (const call of calls) {
      if (call.operation === undefined) {
        add(collected, {
          kind: 'route',
          level: 'warning',
          file: call.file,
          line: call.line,
          column: call.column,
          message: `${call.product} ${call.method} ${call.route} matches no operation in the OpenAPI documents, so its scopes cannot be checked`,
        });
      }
    }
    scopes = await deriveScopes(toolchain, manifest, inputs, collected.problems, logger);
    addLoggedFailures(collected, logged);
  }

  const problems = collected.problems.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
  const errors = problems.filter((p) => p.level === 'error').length;
  const warnings = problems.length - errors;
  const ok = errors === 0 && warnings === 0 && scopes.unused.length === 0;
  const report = {
    appDir,
    toolchain: toolchain.info,
    errors,
    warnings,
    problems,
    scopes,
    calls,
    unchecked,
    ok,
  };
  return { ...report, messages: formatReport(report) };
}

interface JsonSchema {
  $ref?: string;
  properties?: Record<string, unknown>;
  patternProperties?: Record<string, unknown>;
  additionalProperties?: unknown;
  items?: unknown;
  anyOf?: unknown[];
  oneOf?: unknown[];
  allOf?: unknown[];
}

/** Follows local `$ref`s (`#/definitions/…`) to the schema they name. */
function deref(root: JsonSchema, node: unknown): JsonSchema | undefined {
  let schema = node;
  for (let hops = 0; hops < 20; hops++) {
    if (typeof schema !== 'object' || schema === null) return undefined;
    const ref = (schema as JsonSchema).$ref;
    if (ref === undefined) return schema;
    if (!ref.startsWith('#/')) return undefined;
    schema = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], root);
  }
  return undefined;
}

interface DeclaredProperties {
  readonly names: Set<string>;
  readonly patterns: RegExp[];
}

/**
 * The property names a module entry's schema declares, across its anyOf/oneOf/allOf variants;
 * undefined when some variant accepts any name (then nothing can be called unknown).
 */
function declaredProperties(root: JsonSchema, node: unknown): DeclaredProperties | undefined {
  const declared: DeclaredProperties = { names: new Set(), patterns: [] };
  const visit = (part: unknown, depth: number): boolean => {
    const schema = deref(root, part);
    if (!schema || depth > 20) return false;
    const variants = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
    if (schema.properties) {
      const open =
        schema.additionalProperties !== undefined && schema.additionalProperties !== false;
      if (open) return false;
      for (const name of Object.keys(schema.properties)) declared.names.add(name);
      for (const pattern of Object.keys(schema.patternProperties ?? {})) {
        declared.patterns.push(new RegExp(pattern, 'u'));
      }
    } else if (variants.length === 0) {
      return false;
    }
    return variants.every((variant) => visit(variant, depth + 1));
  };
  return visit(node, 0) ? declared : undefined;
}

/**
 * The manifest schema leaves most modules open (no `additionalProperties: false`), so a property
 * it does not declare (`icon` on a macro, a misspelt `resolvr`) validates and is then silently
 * ignored by Forge. Each one is reported, at its line, as a warning.
 */
function addUnknownModuleProperties(
  toolchain: Toolchain,
  collected: Collected,
  appDir: string,
): void {
  const schemaFile = path.join(
    path.dirname(toolchain.info.manifestEntry),
    'schema',
    'manifest-schema.json',
  );
  if (!fs.existsSync(schemaFile)) return;
  const root = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as JsonSchema;
  const moduleTypes = deref(root, root.properties?.['modules'])?.properties ?? {};
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(fs.readFileSync(path.join(appDir, 'manifest.yml'), 'utf8'), {
    lineCounter,
  });
  const modules = doc.get('modules', true);
  if (!YAML.isMap(modules)) return;
  for (const { key: typeNode, value: entries } of modules.items) {
    if (!YAML.isScalar(typeNode) || !YAML.isSeq(entries)) continue;
    const type = String(typeNode.value);
    const declared = declaredProperties(root, deref(root, moduleTypes[type])?.items);
    if (!declared) continue;
    entries.items.forEach((entry, index) => {
      if (!YAML.isMap(entry)) return;
      const key = entry.get('key');
      const where = `modules.${type}[${index}]${typeof key === 'string' ? ` (${key})` : ''}`;
      for (const { key: nameNode } of entry.items) {
        if (!YAML.isScalar(nameNode)) continue;
        const name = String(nameNode.value);
        if (declared.names.has(name) || declared.patterns.some((p) => p.test(name))) continue;
        const position = lineCounter.linePos(nameNode.range?.[0] ?? 0);
        add(collected, {
          kind: 'manifest',
          level: 'warning',
          file: 'manifest.yml',
          line: position.line,
          column: position.col,
          message: `${where}: "${name}" is not a ${type} property in the manifest schema; Forge ignores it`,
          reference: 'unknown-module-property',
        });
      }
    });
  }
}

function manifestContent(content: unknown): ManifestSchema | undefined {
  return typeof content === 'object' && content !== null ? (content as ManifestSchema) : undefined;
}

function missingScopeOf(metadata: Record<string, unknown> | undefined): {
  missingScope?: string;
} {
  const scope = metadata?.['missingPermission'];
  return typeof scope === 'string' ? { missingScope: scope } : {};
}

/** A crashed Forge linter only logs a line and returns nothing; that must not pass. */
function addLoggedFailures(collected: Collected, logged: string[]): void {
  for (const line of logged.splice(0)) {
    add(collected, {
      kind: 'internal',
      level: 'error',
      file: '(forge-lint)',
      line: 0,
      column: 0,
      message: stripAnsi(line).trim(),
    });
  }
}

async function runLinters(
  linters: readonly LinterInterface[],
  inputs: LintInput[],
): Promise<[string, LintResult][]> {
  await Promise.all(linters.map((linter) => linter.bootstrap()));
  const perLinter = await Promise.all(
    linters.map(async (linter) => {
      const results = await linter.batchExecute(inputs);
      return results.map((result): [string, LintResult] => [linter.constructor.name, result]);
    }),
  );
  return perLinter.flat();
}

// ---------------------------------------------------------------------------------------------
// Sources

function listSourceFiles(appDir: string): string[] {
  const srcDir = path.join(appDir, 'src');
  if (!fs.existsSync(srcDir)) return [];
  return fs
    .readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .map((entry) => path.join('src', entry).split(path.sep).join('/'))
    .filter((file) => SOURCE_EXTENSIONS.test(file) && !file.endsWith('.d.ts'))
    .sort();
}

/**
 * Parses once without type information (none of the Forge visitors uses it), which is what
 * keeps a run at a few seconds; the trees are reused for every scope-removal run.
 */
function parseSource(file: string): LintInput {
  const ast = parse(fs.readFileSync(file, 'utf8'), {
    loc: true,
    range: true,
    jsx: file.endsWith('.tsx'),
    filePath: file,
    loggerFn: false,
  });
  return {
    filepath: file,
    ast: {
      parsed: ast,
      traverse: (options) => {
        simpleTraverse(ast, options);
      },
    },
  };
}

function parseErrorPosition(e: unknown): { line: number; column: number } {
  if (typeof e === 'object' && e !== null && 'lineNumber' in e && 'column' in e) {
    const { lineNumber, column } = e;
    if (typeof lineNumber === 'number' && typeof column === 'number') {
      return { line: lineNumber, column };
    }
  }
  return { line: 0, column: 0 };
}

interface TsConfigFileLister {
  listTSConfigIncludeExclude(reader: unknown): Promise<{ include: string[]; exclude: string[] }>;
  FileSystemReader: new () => unknown;
}

/**
 * `@forge/lint`'s `lint()` keeps a .ts file only if tsconfig.json's include globs, expanded by
 * its own reader, list that file. `"include": ["src"]` expands to the directory alone, so
 * `forge lint` and `forge deploy` would check no TypeScript at all and report nothing. This
 * linter parses every file regardless, and says so when Atlassian's would not.
 */
async function addCoverageProblems(
  toolchain: Toolchain,
  collected: Collected,
  files: readonly string[],
): Promise<void> {
  if (!fs.existsSync('tsconfig.json')) return;
  const lintRequire = createRequire(toolchain.info.lintEntry);
  const shared = lintRequire('@forge/cli-shared') as TsConfigFileLister;
  // The same reader and call as lint(), so the answer is the one `forge lint` would get.
  const { include, exclude } = await shared.listTSConfigIncludeExclude(
    new shared.FileSystemReader(),
  );
  if (include.length === 0 && exclude.length === 0) return;
  const included = new Set(include);
  const excluded = new Set(exclude);
  const skipped = files.filter((file) => {
    const absolute = path.resolve(file);
    return !included.has(absolute) || excluded.has(absolute);
  });
  if (skipped.length === 0) return;
  add(collected, {
    kind: 'coverage',
    level: 'warning',
    file: 'tsconfig.json',
    line: 0,
    column: 0,
    message:
      `Atlassian's forge lint (and the lint in forge deploy) would skip ${skipped.length} of ` +
      `${files.length} source files (e.g. ${skipped[0] ?? ''}): it keeps only files that ` +
      `tsconfig.json "include" globs list one by one; use a file glob such as "src/**/*"`,
  });
}

// ---------------------------------------------------------------------------------------------
// Call sites

type PathMethods = Record<
  string,
  | {
      security?: Record<string, string[]>[];
      'x-atlassian-oauth2-scopes'?: { state: string; scopes: string[] }[];
    }
  | undefined
>;

interface SpecIndex {
  readonly paths: [RegExp, string, PathMethods][];
}

function readSpec(toolchain: Toolchain, ...files: string[]): SpecIndex {
  const merged: Record<string, PathMethods> = {};
  for (const file of files) {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      paths?: Record<string, PathMethods>;
    };
    Object.assign(merged, doc.paths ?? {});
  }
  // Same key construction and order as PermissionLinter.processPaths: first match wins.
  return {
    paths: Object.entries(merged).map(([p, methods]): [RegExp, string, PathMethods] => [
      new RegExp(p.replace(/{(?<={)(.*?)(?=})}/g, toolchain.lint.NON_FWD_SLASH_REGEX) + '\\/?$'),
      p,
      methods,
    ]),
  };
}

const REQUEST_PRODUCT = /request(Jira|Confluence|Bitbucket)/;

function findCallSites(
  toolchain: Toolchain,
  inputs: readonly LintInput[],
  env: Record<string, string>,
): { calls: CallSite[]; unchecked: UncheckedCall[] } {
  const specs: Record<string, SpecIndex> = {
    confluence: readSpec(toolchain, env['LOCAL_CONF_SWAGGER']!, env['LOCAL_CONF_V2_SWAGGER']!),
    jira: readSpec(
      toolchain,
      env['LOCAL_JIRA_SWAGGER']!,
      env['LOCAL_JSM_SWAGGER']!,
      env['LOCAL_JSW_SWAGGER']!,
    ),
    bitbucket: readSpec(toolchain, env['LOCAL_BB_SWAGGER']!),
  };
  const visitor = new toolchain.visitor.ProductNodeVisitor();
  const calls: CallSite[] = [];
  const unchecked: UncheckedCall[] = [];
  for (const { ast, filepath } of inputs) {
    ast?.traverse({
      enter: (node, parent) => {
        const callee = productCallee(node);
        if (!callee) return;
        const seen: ApiCall[] = [];
        // Ask Atlassian's visitor exactly as the linter does (member callee, or identifier call).
        if (
          node.type === AST_NODE_TYPES.CallExpression &&
          node.callee.type === AST_NODE_TYPES.MemberExpression
        ) {
          visitor.visit(node.callee, node, (call) => seen.push(call));
        } else {
          visitor.visit(node, parent, (call) => seen.push(call));
        }
        const call = seen.find((c): c is ProductApiCall => 'product' in c);
        if (!call) {
          unchecked.push({ file: filepath, ...position(node), callee });
          return;
        }
        calls.push(describeCall(filepath, call, specs[call.product]));
      },
    });
  }
  return { calls, unchecked };
}

function productCallee(node: TSESTree.Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const { callee } = node;
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression &&
          callee.property.type === AST_NODE_TYPES.Identifier
        ? callee.property.name
        : undefined;
  return name !== undefined && REQUEST_PRODUCT.test(name) ? name : undefined;
}

function position(node: TSESTree.Node): { line: number; column: number } {
  return { line: node.loc.start.line, column: node.loc.start.column };
}

function describeCall(file: string, call: ProductApiCall, spec: SpecIndex | undefined): CallSite {
  const route = call.path.replace(/\?.+$/, '');
  const method = call.method.toLowerCase();
  const base = {
    file,
    line: call.line,
    column: call.column,
    product: call.product,
    method: method.toUpperCase(),
    route,
  };
  const match = spec?.paths.find(([regex]) => regex.test(route));
  const operation = match?.[2][method];
  if (!match || !operation) return { ...base, currentScopes: [], betaScopes: [] };
  const states = operation['x-atlassian-oauth2-scopes'];
  const byState = (state: string): string[] =>
    (states ?? []).filter((s) => s.state === state).flatMap((s) => s.scopes);
  const current = states
    ? byState('Current')
    : (operation.security ?? []).flatMap((entry) => [
        ...(entry['OAuth2'] ?? []),
        ...(entry['oAuthDefinitions'] ?? []),
      ]);
  return { ...base, operation: match[1], currentScopes: current, betaScopes: byState('Beta') };
}

// ---------------------------------------------------------------------------------------------
// Scopes

function declaredScopes(manifest: ManifestSchema): string[] {
  const scopes: unknown = manifest.permissions?.scopes;
  if (Array.isArray(scopes)) return scopes.filter((s): s is string => typeof s === 'string');
  if (typeof scopes === 'object' && scopes !== null) return Object.keys(scopes);
  return [];
}

function withoutScope(manifest: ManifestSchema, scope: string): ManifestSchema {
  const copy = structuredClone(manifest);
  const permissions = copy.permissions;
  const scopes: unknown = permissions?.scopes;
  if (permissions && Array.isArray(scopes)) {
    permissions.scopes = scopes.filter((s) => s !== scope) as typeof permissions.scopes;
  } else if (typeof scopes === 'object' && scopes !== null) {
    Reflect.deleteProperty(scopes, scope);
  }
  return copy;
}

function problemKey(p: { file: string; line: number; column: number; message: string }): string {
  return [p.file, p.line, p.column, p.message].join('\u0000');
}

/**
 * A declared scope is required iff taking it out of the manifest (in memory) makes Atlassian's
 * linters report a missing scope that was not reported before. This uses their route→scope
 * mapping, including the Current/Beta alternatives: when an alternative still covers a call,
 * removing the scope produces nothing new and the scope counts as unused. `storage:app` is
 * also required when `@forge/kvs` is imported (the linter only knows the old `storage` API).
 */
async function deriveScopes(
  toolchain: Toolchain,
  manifest: ManifestSchema,
  inputs: readonly LintInput[],
  baseline: readonly Problem[],
  logger: { info(message: string): void },
): Promise<ScopeReport> {
  const declared = declaredScopes(manifest);
  const usage: Record<string, ScopeUse[]> = {};
  const use = (scope: string, site: ScopeUse): void => {
    (usage[scope] ??= []).push(site);
  };

  for (const problem of baseline) {
    if (problem.missingScope !== undefined) {
      use(problem.missingScope, { file: problem.file, line: problem.line, why: problem.message });
    }
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-lint-'));
  try {
    // Compare like with like: the same checks on the unchanged manifest, written the same way.
    const reference = await scopeProblems(toolchain, manifest, inputs, logger, tmp);
    const baselineKeys = new Set(reference.map(problemKey));
    for (const scope of declared) {
      const reduced = withoutScope(manifest, scope);
      for (const problem of await scopeProblems(toolchain, reduced, inputs, logger, tmp)) {
        if (problem.missingScope === undefined || baselineKeys.has(problemKey(problem))) continue;
        use(scope, { file: problem.file, line: problem.line, why: problem.message });
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  for (const site of kvsImports(inputs)) use(STORAGE_SCOPE, site);

  const neededDeclared = declared.filter((scope) => usage[scope] !== undefined);
  const missing = Object.keys(usage).filter((scope) => !declared.includes(scope));
  return {
    declared,
    required: [...neededDeclared, ...missing],
    unused: declared.filter((scope) => usage[scope] === undefined),
    usage,
  };
}

/** The scope-sensitive checks, run against a manifest with one scope taken out. */
async function scopeProblems(
  toolchain: Toolchain,
  manifest: ManifestSchema,
  inputs: readonly LintInput[],
  logger: { info(message: string): void },
  tmp: string,
): Promise<Problem[]> {
  const { PermissionLinter, LintClass } = toolchain.lint;
  const { ProcessorBuilder, ValidationTypes } = toolchain.manifest;
  const problems: Problem[] = [];
  const permissionLinter = new PermissionLinter(ENVIRONMENT, manifest, logger);
  await permissionLinter.bootstrap();
  for (const result of await permissionLinter.batchExecute([...inputs])) {
    for (const rule of [...result.errors, ...result.warnings]) {
      problems.push({
        kind: 'lint',
        level: rule.class === LintClass.Warning ? 'warning' : 'error',
        file: result.file,
        line: rule.line,
        column: rule.column,
        message: rule.message,
        ...missingScopeOf(rule.metadata),
      });
    }
  }
  // Product-trigger events and agent contexts need scopes too; those checks read a manifest
  // file. A temporary copy is enough for them (they do not resolve app files).
  const manifestFile = path.join(tmp, 'manifest.yml');
  fs.writeFileSync(manifestFile, YAML.stringify(manifest));
  for (const type of [ValidationTypes.PRODUCT_TRIGGER, ValidationTypes.AGENT_PRODUCT_CONTEXT]) {
    const result = await ProcessorBuilder.instance()
      .withValidation(type)
      .withOptions({ deprecatedRuntimes: undefined })
      .build()
      .process(manifestFile);
    for (const error of result.errors ?? []) {
      problems.push({
        kind: 'manifest',
        level: error.level,
        file: 'manifest.yml',
        line: error.line ?? 0,
        column: error.column ?? 0,
        message: error.message,
        ...missingScopeOf(error.metadata),
      });
    }
  }
  return problems;
}

function kvsImports(inputs: readonly LintInput[]): ScopeUse[] {
  const sites: ScopeUse[] = [];
  const isKvs = (source: unknown): boolean =>
    typeof source === 'string' && (source === KVS_PACKAGE || source.startsWith(`${KVS_PACKAGE}/`));
  for (const { ast, filepath } of inputs) {
    ast?.traverse({
      enter: (node) => {
        const source =
          node.type === AST_NODE_TYPES.ImportDeclaration ||
          node.type === AST_NODE_TYPES.ExportNamedDeclaration ||
          node.type === AST_NODE_TYPES.ExportAllDeclaration
            ? node.source?.value
            : node.type === AST_NODE_TYPES.ImportExpression &&
                node.source.type === AST_NODE_TYPES.Literal
              ? node.source.value
              : node.type === AST_NODE_TYPES.CallExpression &&
                  node.callee.type === AST_NODE_TYPES.Identifier &&
                  node.callee.name === 'require' &&
                  node.arguments[0]?.type === AST_NODE_TYPES.Literal
                ? node.arguments[0].value
                : undefined;
        if (isKvs(source)) {
          sites.push({ file: filepath, line: node.loc.start.line, why: `imports ${KVS_PACKAGE}` });
        }
      },
    });
  }
  return sites;
}

// ---------------------------------------------------------------------------------------------
// Output

export function formatReport(report: Omit<ForgeLintReport, 'messages'>): string[] {
  const lines: string[] = [];
  for (const p of report.problems) {
    const source = p.linter ?? p.kind;
    const reference = p.reference ? ` [${p.reference}]` : '';
    lines.push(`${p.file}:${p.line}:${p.column} ${p.level} ${p.message}${reference} (${source})`);
  }
  lines.push(`forge-lint: ${report.errors} errors, ${report.warnings} warnings`);
  const list = (scopes: readonly string[]): string => `[${scopes.join(',')}]`;
  const { declared, required, unused, usage } = report.scopes;
  lines.push(
    `scopes: declared=${list(declared)} required=${list(required)} unused=${list(unused)}`,
  );
  for (const scope of required) {
    for (const site of usage[scope] ?? []) {
      lines.push(`  ${scope} <- ${site.file}:${site.line} ${site.why}`);
    }
  }
  for (const call of report.calls) {
    const scopes =
      call.operation === undefined
        ? 'no documented operation'
        : `scopes=${list(call.currentScopes)}` +
          (call.betaScopes.length ? ` or beta ${list(call.betaScopes)}` : '');
    lines.push(
      `  call ${call.file}:${call.line} ${call.product} ${call.method} ${call.operation ?? call.route} ${scopes}`,
    );
  }
  for (const call of report.unchecked) {
    lines.push(
      `  unchecked ${call.file}:${call.line} ${call.callee}(…): route is not a literal route\`…\`, the Forge linter checks no scope for it`,
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Plumbing

/** Statsig feature flags are a network service; every gate and config answers "undefined". */
function silentStatsig(): Parameters<LintModule['getClientSideLintersOnly']>[3] {
  const answer = (): Promise<undefined> => Promise.resolve(undefined);
  // Not a StatsigService: the linters only await its getters, and "undefined" means defaults.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  return new Proxy({}, { get: () => answer }) as Parameters<
    LintModule['getClientSideLintersOnly']
  >[3];
}

interface SchemaValidatorModule {
  SchemaValidator: new (schema: object) => object;
}
const schemaCompilationShared = new Set<string>();

/**
 * Five of the Forge manifest processors each compile the same ~1 MB manifest JSON schema with a
 * fresh Ajv (~1.7 s apiece). The compiled validator is stateless between its synchronous call
 * and reading `.errors`, so one instance per schema text serves them all. If the module ever
 * changes shape this does nothing and runs are merely slower.
 */
function shareSchemaCompilation(toolchain: Toolchain): void {
  const manifestEntry = createRequire(toolchain.info.lintEntry).resolve('@forge/manifest');
  if (schemaCompilationShared.has(manifestEntry)) return;
  schemaCompilationShared.add(manifestEntry);
  const file = path.join(path.dirname(manifestEntry), 'validators', 'schema-validator.js');
  if (!fs.existsSync(file)) return;
  const mod = createRequire(__filename)(file) as Partial<SchemaValidatorModule>;
  const Original = mod.SchemaValidator;
  if (typeof Original !== 'function') return;
  const instances = new Map<string, object>();
  function SharedSchemaValidator(schema: object): object {
    const key = JSON.stringify(schema);
    let instance = instances.get(key);
    if (!instance) {
      instance = new Original!(schema);
      instances.set(key, instance);
    }
    return instance;
  }
  mod.SchemaValidator =
    SharedSchemaValidator as unknown as SchemaValidatorModule['SchemaValidator'];
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
