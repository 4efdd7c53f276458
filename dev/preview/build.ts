/**
 * Bundles the local preview for the browser with esbuild: one bundle per UI Kit module in the
 * manifest (the host's frame bootstrap first, so the bridge exists before `@forge/bridge` loads,
 * then the module's resource) and one for the shell page. Atlaskit imports `*.compiled.css`,
 * which esbuild gathers into a sibling `.css` per bundle; the pages link it.
 *
 * `npx tsx dev/preview/build.ts` builds once and prints the sizes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import YAML from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_OUTDIR = path.join(__dirname, '.build');

/** A UI Kit module of the app, as the manifest declares it. */
export interface UiModule {
  readonly key: string;
  /** Manifest module type, e.g. `macro` or `confluence:globalSettings`. */
  readonly type: string;
  readonly title: string;
  /** The resource's entry file, relative to the repository. */
  readonly entry: string;
  /** Whether the module declares `config: true` (a macro with a config panel). */
  readonly hasConfig: boolean;
}

export interface PreviewBuild {
  readonly outdir: string;
  readonly modules: readonly UiModule[];
  /** Bundle name → the files the page loads (`<name>.js`, and `<name>.css` when emitted). */
  readonly bundles: Readonly<Record<string, { readonly js: string; readonly css?: string }>>;
  readonly bytes: { readonly js: number; readonly css: number };
  readonly millis: number;
}

interface ManifestShape {
  modules?: Record<string, unknown>;
  resources?: { key?: string; path?: string }[];
  translations?: { resources?: { key?: string; path?: string }[]; fallback?: { default?: string } };
}

/**
 * A manifest title: a plain string, or `{ i18n: key }` looked up in the fallback locale's
 * resource file, as the product shows it to someone whose language the app lacks.
 */
function manifestText(
  value: unknown,
  manifest: ManifestShape,
  manifestPath: string,
): string | undefined {
  if (typeof value === 'string') return value;
  const key = (value as { i18n?: unknown } | null)?.i18n;
  if (typeof key !== 'string') return undefined;
  const fallback = manifest.translations?.fallback?.default;
  const file = manifest.translations?.resources?.find((r) => r.key === fallback)?.path;
  if (file === undefined) return undefined;
  const messages = JSON.parse(
    readFileSync(path.resolve(path.dirname(manifestPath), file), 'utf8'),
  ) as Record<string, unknown>;
  const text = messages[key];
  return typeof text === 'string' ? text : undefined;
}

/** UI Kit modules (`render: native`) with a resource that is a file, from `manifest.yml`. */
export function uiModules(manifestPath = path.join(REPO_ROOT, 'manifest.yml')): UiModule[] {
  const manifest = YAML.parse(readFileSync(manifestPath, 'utf8')) as ManifestShape;
  const resources = new Map(
    (manifest.resources ?? []).flatMap((r) => (r.key && r.path ? [[r.key, r.path] as const] : [])),
  );
  const modules: UiModule[] = [];
  for (const [type, list] of Object.entries(manifest.modules ?? {})) {
    if (!Array.isArray(list)) continue;
    for (const item of list as Record<string, unknown>[]) {
      const resource = typeof item.resource === 'string' ? resources.get(item.resource) : undefined;
      if (item.render !== 'native' || !resource || !/\.[jt]sx?$/.test(resource)) continue;
      modules.push({
        key: String(item.key),
        type,
        title: manifestText(item.title, manifest, manifestPath) ?? String(item.key),
        entry: resource,
        hasConfig: item.config === true,
      });
    }
  }
  return modules;
}

const MODULE_NAMESPACE = 'preview-module';

/** Virtual entry points: the frame bootstrap, then the module, in that order. */
function moduleEntries(modules: readonly UiModule[]): Plugin {
  const byKey = new Map(modules.map((m) => [m.key, m]));
  const frame = path.join(__dirname, 'host', 'frame.ts');
  return {
    name: 'preview-module-entries',
    setup(b) {
      b.onResolve({ filter: /^preview-module:/ }, (args) => ({
        path: args.path.slice(`${MODULE_NAMESPACE}:`.length),
        namespace: MODULE_NAMESPACE,
      }));
      b.onLoad({ filter: /.*/, namespace: MODULE_NAMESPACE }, (args) => {
        const module = byKey.get(args.path);
        if (!module) return { errors: [{ text: `No UI Kit module ${args.path}` }] };
        const entry = path.join(REPO_ROOT, module.entry);
        return {
          contents: `import ${JSON.stringify(frame)};\nimport ${JSON.stringify(entry)};\n`,
          loader: 'ts',
          resolveDir: REPO_ROOT,
        };
      });
    },
  };
}

export async function buildPreview(outdir = DEFAULT_OUTDIR): Promise<PreviewBuild> {
  const started = performance.now();
  const modules = uiModules();
  const entryPoints: Record<string, string> = {
    shell: path.join(__dirname, 'shell', 'shell.tsx'),
  };
  for (const module of modules) entryPoints[module.key] = `${MODULE_NAMESPACE}:${module.key}`;

  const result = await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    jsx: 'automatic',
    loader: { '.js': 'jsx' },
    define: {
      // Production React keeps the bundles small and quick to load; the linked source maps
      // keep app stack traces readable.
      'process.env.NODE_ENV': '"production"',
      global: 'globalThis',
    },
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
    plugins: [moduleEntries(modules)],
  });

  const bundles: Record<string, { js: string; css?: string }> = {};
  let js = 0;
  let css = 0;
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const name = path.basename(file);
    const match = /^(.+)\.(js|css)$/.exec(name);
    if (!match?.[1]) continue;
    const entry = (bundles[match[1]] ??= { js: `${match[1]}.js` });
    if (match[2] === 'css') {
      entry.css = name;
      css += output.bytes;
    } else {
      js += output.bytes;
    }
  }
  return {
    outdir,
    modules,
    bundles,
    bytes: { js, css },
    millis: Math.round(performance.now() - started),
  };
}

if (require.main === module) {
  buildPreview()
    .then((done) => {
      const kb = (n: number) => `${Math.round(n / 1024)} KB`;
      process.stdout.write(
        `preview built in ${done.millis} ms into ${path.relative(REPO_ROOT, done.outdir)}: ` +
          `${Object.keys(done.bundles).join(', ')} (${kb(done.bytes.js)} JS, ${kb(done.bytes.css)} CSS)\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`preview build failed: ${String(error)}\n`);
      process.exitCode = 1;
    });
}
