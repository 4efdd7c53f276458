/**
 * The local preview: `npm start`. Starts the simulated Confluence sites with the demo data (the
 * legacy-permissions site and its space-roles twin), the local Forge runtime around the app's
 * real resolver handler and job functions (`./runtime`, `./jobs`), and a web page on 127.0.0.1
 * that looks like a Confluence page view with the app's UI Kit modules rendered by Atlaskit.
 *
 *   GET  /                    the shell page (page tree, page + macro, config panel, settings, jobs)
 *   GET  /frame/<moduleKey>   one UI Kit module (?site=&root=main|config&as=<accountId|anonymous>&page=&config=&locale=)
 *   GET  /frame/__LOCALES__/<file>  the view's translations, where `@forge/bridge` fetches them
 *                             (`./__LOCALES__/` beside the frame): what the Forge CLI bundles
 *   GET  /build/<file>        the esbuild bundles
 *   GET  /api/site?site=      a demo site's tree and identities, and the sites offered, for the shell
 *   POST /api/invoke          { site, moduleKey, functionKey, payload, as, contentId, config } → { result }
 *                             (401 { platformError: NEEDS_AUTHENTICATION_ERR } before the person's consent)
 *   POST /api/consent         { site, as } the person allows the app to act as them (the consent step)
 *   GET  /api/users?site=&query=  people for UserPicker (or &accountId= for User)
 *   GET  /api/jobs?site=      the site's queues, recent deliveries, job errors, scheduled triggers
 *   POST /api/jobs/trigger    { site, key } runs a scheduled trigger now → { result }
 *   POST /api/jobs/skip       jumps the preview clock to the next waiting job event
 *   POST /api/log             an error from the page, printed in this terminal
 *
 * `npm start -- --help` lists the options (port, persistent storage, starting site, language, job
 * pacing).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { LOCALES_DIR, ROOT } from '../i18n/catalogue';
import { forgeLocaleFiles } from '../i18n/forge-locales';
import type { SiteFixture } from '../simulator/fixture';
import type { InvokeRequest, JobsStatus, SiteIdentity, SiteInfo } from './api';
import { buildPreview } from './build';
import type { PreviewBuild, UiModule } from './build';
import { errorText } from './jobs';
import { PreviewRuntime, UnknownSiteError, invokerFor } from './runtime';
import type { PreviewRuntimeOptions, SiteRuntime } from './runtime';
import { DEMO_SITES } from './sites';
import type { DemoSite } from './sites';

/** Where `--persist` keeps storage by default (gitignored). */
export const DEFAULT_DATA_DIR = path.join(__dirname, '.data');

export interface PreviewServerOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  readonly host?: string;
  /** One fixture instead of the demo sites (a site with id `custom`). */
  readonly fixturePath?: string;
  /** The sites offered; the first is the default. Default: the two demo sites. */
  readonly sites?: readonly DemoSite[];
  /** Keep app storage and waiting job events here across restarts. Default: in memory. */
  readonly dataDir?: string;
  /** Least time between two job deliveries (default 400 ms). */
  readonly jobIntervalMs?: number;
  /** The app's modules by file, for the job runtime (tests may wrap a consumer). */
  readonly load?: PreviewRuntimeOptions['load'];
  readonly simulator?: PreviewRuntimeOptions['simulator'];
  /** Where terminal lines go. Default: stderr. */
  readonly log?: (line: string) => void;
  /** Reuse a build (tests build once). */
  readonly build?: PreviewBuild;
  /** Whether people must first allow the app to act as them (default `ask`, as on Forge). */
  readonly consent?: PreviewRuntimeOptions['consent'];
  /** The viewer's language the page opens in (the context's `locale`). Default `en-US`. */
  readonly locale?: string;
}

/** The language a view gets when nobody chose one: the manifest's fallback. */
export const DEFAULT_LOCALE = 'en-US';

/** What a locale code looks like (`de-DE`, `pt-BR`, `fr`); anything else is not one. */
const LOCALE_CODE = /^[a-z]{2,3}(?:-[A-Z]{2})?$/u;

function isLocaleCode(value: string): boolean {
  return LOCALE_CODE.test(value);
}

export interface PreviewServer {
  readonly url: string;
  readonly build: PreviewBuild;
  readonly runtime: PreviewRuntime;
  /** Lines printed for page errors (POST /api/log), oldest first. */
  readonly pageErrors: readonly string[];
  /** Returns the page errors so far and forgets them (a test that provokes errors on purpose). */
  takePageErrors(): string[];
  /** Job errors of every started site (consumer or trigger threw, event dropped), newest first. */
  jobErrors(): Promise<readonly string[]>;
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The demo fixture's 1,492 generated staff accounts would bury the switcher; the named ones stay. */
const GENERATED_ACCOUNT = /^u-staff-\d+$/;

/** A request the shell or a frame got wrong: answered with its status, not logged as a crash. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startPreviewServer(
  options: PreviewServerOptions = {},
): Promise<PreviewServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const build = options.build ?? (await buildPreview());
  const sites: readonly DemoSite[] =
    options.sites ??
    (options.fixturePath === undefined
      ? DEMO_SITES
      : [{ id: 'custom', label: 'Custom fixture', fixturePath: options.fixturePath }]);
  const runtime = new PreviewRuntime({
    sites,
    log,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.jobIntervalMs === undefined ? {} : { jobIntervalMs: options.jobIntervalMs }),
    ...(options.load === undefined ? {} : { load: options.load }),
    ...(options.simulator === undefined ? {} : { simulator: options.simulator }),
    ...(options.consent === undefined ? {} : { consent: options.consent }),
  });
  // The default site is ready before the URL is printed; the others start when first asked for.
  await runtime.site();
  const modules = new Map(build.modules.map((m) => [m.key, m]));
  const pageErrors: string[] = [];
  const defaultLocale = options.locale ?? DEFAULT_LOCALE;
  if (!isLocaleCode(defaultLocale)) throw new Error(`Not a locale code: ${defaultLocale}`);
  const translations = localeFolder();
  // The languages offered are the ones the manifest has translations for.
  const offeredLocales = localesOf(await translations());

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof RequestError || error instanceof UnknownSiteError) {
        if (!res.headersSent) {
          sendJson(res, error instanceof RequestError ? error.status : 404, {
            error: error.message,
          });
        } else res.end();
        return;
      }
      log(`[preview] ${req.method ?? ''} ${req.url ?? ''} failed: ${errorText(error, true)}`);
      if (!res.headersSent) sendJson(res, 500, { error: errorText(error) });
      else res.end();
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://preview.local');
    const key = `${req.method ?? 'GET'} ${url.pathname}`;
    const siteParam = url.searchParams.get('site') ?? undefined;
    switch (key) {
      case 'GET /':
        sendHtml(res, page('Access Lens preview', 'shell', build, ''));
        return;
      case 'GET /favicon.ico':
        res.writeHead(204).end();
        return;
      case 'GET /api/site': {
        const site = await runtime.site(siteParam);
        sendJson(res, 200, {
          ...siteInfo(site, runtime.sites, build.modules),
          locales: offeredLocales.includes(defaultLocale)
            ? offeredLocales
            : [...offeredLocales, defaultLocale],
          defaultLocale,
        } satisfies SiteInfo);
        return;
      }
      case 'GET /api/users': {
        const site = await runtime.site(siteParam);
        sendJson(res, 200, { users: users(site.fixture, url.searchParams) });
        return;
      }
      case 'GET /api/jobs': {
        const site = await runtime.site(siteParam);
        const status: JobsStatus = {
          site: site.site.id,
          ...site.jobs.status(),
          skippedSeconds: Math.round(runtime.clock.skippedMs / 1000),
        };
        sendJson(res, 200, status);
        return;
      }
      case 'POST /api/jobs/trigger': {
        const body = (await readJson(req)) as { site?: unknown; key?: unknown };
        const site = await runtime.site(optionalString(body.site));
        const triggerKey = optionalString(body.key);
        if (!site.jobs.triggers.some((t) => t.key === triggerKey)) {
          throw new RequestError(404, `No scheduled trigger "${String(triggerKey)}"`);
        }
        try {
          const result = await site.jobs.runTrigger(triggerKey ?? '');
          sendJson(res, 200, { result: result ?? null });
        } catch (error) {
          // Already printed with its stack by the job runtime; the shell shows the message.
          sendJson(res, 500, { error: errorText(error) });
        }
        return;
      }
      case 'POST /api/jobs/skip': {
        const skipped = await runtime.skipToNextDue();
        log(`[preview] skipped ${String(Math.round(skipped / 1000))} s to the next job event`);
        sendJson(res, 200, { skippedSeconds: Math.round(skipped / 1000) });
        return;
      }
      case 'POST /api/log': {
        const body = (await readJson(req)) as Record<string, unknown>;
        const where = [body.site, body.moduleKey, body.root, body.as]
          .filter((v) => typeof v === 'string')
          .join(' ');
        const warning = body.level === 'warning';
        const line = `[preview] page ${warning ? 'warning' : 'error'} (${where}): ${String(body.message)}`;
        if (!warning) pageErrors.push(line);
        log(typeof body.detail === 'string' ? `${line}\n${body.detail}` : line);
        sendJson(res, 200, { logged: true });
        return;
      }
      case 'POST /api/consent': {
        const body = (await readJson(req)) as { site?: unknown; as?: unknown };
        const site = await runtime.site(optionalString(body.site));
        const as = optionalString(body.as);
        if (as === undefined || as === '' || as === 'anonymous') {
          throw new RequestError(400, 'Only a signed-in person can allow access');
        }
        site.consent.grant(as);
        log(`[preview] ${site.site.id} ${as} allowed Access Lens to act as them`);
        sendJson(res, 200, { granted: true });
        return;
      }
      case 'POST /api/invoke': {
        const request = (await readJson(req)) as InvokeRequest;
        const module = modules.get(request.moduleKey);
        if (!module) throw new RequestError(400, `Unknown module ${request.moduleKey}`);
        const site = await runtime.site(request.site);
        const context = productContext(module, {
          as: request.as,
          fixture: site.fixture,
          siteUrl: '',
          contentId: request.contentId,
          config: request.config,
          locale: localeOr(request.locale, defaultLocale),
        });
        try {
          const result = await site.invoke(
            request.as,
            request.functionKey,
            request.payload,
            context,
          );
          sendJson(res, 200, { result: result ?? null });
        } catch (error) {
          if (isConsentError(error)) {
            // What Forge does before a person's first use: the product shows its consent prompt.
            log(
              `[preview] ${site.site.id} ${request.as} has not allowed Access Lens to act as them yet: the page shows the consent step`,
            );
            sendJson(res, 401, { platformError: CONSENT_ERROR });
            return;
          }
          // A resolver that throws is an app bug: say so here, where the developer is looking.
          log(
            `[preview] ${site.site.id} ${request.as} invoke ${request.functionKey} threw: ${errorText(error, true)}`,
          );
          sendJson(res, 500, { error: errorText(error) });
        }
        return;
      }
    }
    if (req.method === 'GET' && url.pathname.startsWith(LOCALES_PATH)) {
      const body = (await translations()).get(url.pathname.slice(LOCALES_PATH.length));
      if (body === undefined) throw new RequestError(404, 'Not found');
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-cache',
      });
      res.end(body);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/frame/')) {
      const module = modules.get(decodeURIComponent(url.pathname.slice('/frame/'.length)));
      if (!module) throw new RequestError(404, 'No such module');
      const site = await runtime.site(siteParam);
      sendHtml(res, framePage(module, url.searchParams, site, build, defaultLocale));
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/build/')) {
      const name = path.basename(url.pathname);
      const type = CONTENT_TYPES[path.extname(name)];
      if (!type) throw new RequestError(404, 'Not found');
      let bytes: Buffer;
      try {
        bytes = readFileSync(path.join(build.outdir, name));
      } catch {
        throw new RequestError(404, 'Not found');
      }
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
      res.end(bytes);
      return;
    }
    throw new RequestError(404, 'Not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    build,
    runtime,
    pageErrors,
    takePageErrors: () => pageErrors.splice(0),
    async jobErrors() {
      const started = await runtime.running();
      return started.flatMap((site) =>
        site.jobs.errorList.map(
          (e) => `[jobs ${site.site.id}] ${e.name}: ${e.outcome} ${e.message ?? ''}`,
        ),
      );
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await runtime.close();
    },
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function localeOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && isLocaleCode(value) ? value : fallback;
}

/** Where `@forge/bridge` in a frame at `/frame/<moduleKey>` fetches `./__LOCALES__/<file>`. */
const LOCALES_PATH = '/frame/__LOCALES__/';

/**
 * The `__LOCALES__` folder, made by the Forge CLI's bundling service (dev/i18n/forge-locales.ts);
 * made again when the manifest or a locale file changed (`npm run i18n` while the preview runs).
 */
function localeFolder(): () => Promise<ReadonlyMap<string, string>> {
  let made: { stamp: string; files: Promise<ReadonlyMap<string, string>> } | undefined;
  return () => {
    const stamp = localeSources()
      .map((file) => {
        try {
          return `${file}@${String(statSync(file).mtimeMs)}`;
        } catch {
          return `${file}@missing`;
        }
      })
      .join('|');
    if (made?.stamp !== stamp) made = { stamp, files: forgeLocaleFiles() };
    return made.files;
  };
}

function localeSources(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(LOCALES_DIR).filter((name) => name.endsWith('.json'));
  } catch {
    // No locale files: the bundling service reports what the manifest names and lacks.
  }
  return [path.join(ROOT, 'manifest.yml'), ...names.map((name) => path.join(LOCALES_DIR, name))];
}

/** The locales `i18n-info.json` lists: the manifest's translation resources. */
function localesOf(files: ReadonlyMap<string, string>): string[] {
  const info = files.get('i18n-info.json');
  if (info === undefined) return [DEFAULT_LOCALE];
  const parsed = JSON.parse(info) as { config?: { locales?: unknown } };
  const locales = parsed.config?.locales;
  return Array.isArray(locales)
    ? locales.filter((l): l is string => typeof l === 'string')
    : [DEFAULT_LOCALE];
}

interface ContextInput {
  readonly as: string;
  readonly fixture: SiteFixture;
  readonly siteUrl: string;
  readonly locale: string;
  readonly contentId?: string | undefined;
  readonly config?: unknown;
}

/** The product context a module sees (`view.getContext()`), and the resolver's `context`. */
function productContext(
  module: UiModule,
  { as, fixture, siteUrl, locale, contentId, config }: ContextInput,
): Record<string, unknown> {
  const content = contentId ? fixture.content.find((c) => c.id === contentId) : undefined;
  const space = content ? fixture.spaces.find((s) => s.id === content.spaceId) : undefined;
  const invoker = invokerFor(as);
  const extension: Record<string, unknown> = { type: module.type };
  if (module.type === 'macro') {
    if (content) extension.content = { id: content.id, type: content.type };
    if (space) extension.space = { id: space.id, key: space.key };
    extension.config = config ?? {};
    extension.isEditing = false;
  }
  return {
    ...('accountId' in invoker ? { accountId: invoker.accountId } : {}),
    cloudId: 'local',
    localId: `preview-${module.key}`,
    moduleKey: module.key,
    environmentType: 'DEVELOPMENT',
    environmentId: 'local',
    locale,
    timezone: 'UTC',
    siteUrl,
    theme: { colorMode: 'light' },
    extension,
  };
}

function siteInfo(
  runtime: SiteRuntime,
  sites: readonly DemoSite[],
  modules: readonly UiModule[],
): Omit<SiteInfo, 'locales' | 'defaultLocale'> {
  const { fixture } = runtime;
  const identities: SiteIdentity[] = fixture.users
    .filter((user) => !GENERATED_ACCOUNT.test(user.accountId))
    .map((user) => {
      const notes = [
        user.isGuest ? 'guest' : '',
        user.confluenceAdmin ? 'Confluence admin' : '',
        user.orgAdmin ? 'org admin' : '',
        user.accountType === 'customer' ? 'service-desk customer' : '',
        user.accountType !== 'customer' && !user.productAccess
          ? 'Jira only, no Confluence access'
          : '',
        user.active ? '' : 'deactivated',
      ].filter((note) => note !== '');
      return {
        as: user.accountId,
        label: user.displayName,
        ...(notes.length > 0 ? { note: notes.join(', ') } : {}),
      };
    });
  identities.push({ as: 'anonymous', label: 'Anonymous visitor', note: 'not logged in' });
  return {
    site: runtime.site.id,
    sites: sites.map((s) => ({ id: s.id, label: s.label })),
    name: fixture.site.name ?? 'Confluence',
    roleMode: fixture.site.roleMode,
    identities,
    spaces: fixture.spaces.map((s) => ({ id: s.id, key: s.key, name: s.name })),
    content: fixture.content.map((c) => ({
      id: c.id,
      type: c.type,
      spaceId: c.spaceId,
      parentId: c.parentId ?? null,
      title: c.title,
    })),
    modules,
  };
}

function users(fixture: SiteFixture, params: URLSearchParams) {
  const toUser = (u: SiteFixture['users'][number]) => ({
    accountId: u.accountId,
    displayName: u.displayName,
    email: u.email,
  });
  const accountId = params.get('accountId');
  if (accountId !== null) {
    const found = fixture.users.find((u) => u.accountId === accountId);
    if (found) return [toUser(found)];
    if (accountId === fixture.app.accountId) {
      return [{ accountId, displayName: fixture.app.displayName }];
    }
    return [];
  }
  const query = (params.get('query') ?? '').trim().toLowerCase();
  return fixture.users
    .filter(
      (u) =>
        query === '' ||
        u.displayName.toLowerCase().includes(query) ||
        u.email.toLowerCase().includes(query),
    )
    .slice(0, 20)
    .map(toUser);
}

function framePage(
  module: UiModule,
  params: URLSearchParams,
  site: SiteRuntime,
  build: PreviewBuild,
  defaultLocale: string,
): string {
  const as = params.get('as') ?? 'anonymous';
  const locale = localeOr(params.get('locale'), defaultLocale);
  const contentId = params.get('page') ?? undefined;
  let config: unknown;
  try {
    config = JSON.parse(params.get('config') ?? '{}');
  } catch {
    config = {};
  }
  const boot = {
    site: site.site.id,
    moduleKey: module.key,
    root: params.get('root') === 'config' ? 'config' : 'main',
    as,
    contentId,
    context: productContext(module, {
      as,
      fixture: site.fixture,
      siteUrl: site.simulator.baseUrl,
      locale,
      contentId,
      config,
    }),
  };
  // `<` escaped so no value can end the script element.
  const json = JSON.stringify(boot).replace(/</g, '\\u003c');
  return page(
    module.title,
    module.key,
    build,
    `<script type="application/json" id="preview-boot">${json}</script><div id="preview-note"></div>`,
    'frame',
    locale,
  );
}

function page(
  title: string,
  bundle: string,
  build: PreviewBuild,
  extra: string,
  kind = 'shell',
  lang = 'en',
): string {
  const files = build.bundles[bundle];
  const css = files?.css ? `<link rel="stylesheet" href="/build/${files.css}">` : '';
  const frameStyle =
    kind === 'frame'
      ? '<style>html,body{margin:0;height:auto;background:transparent;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif}body{padding:2px;display:flow-root}</style>'
      : '';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${css}${frameStyle}</head>
<body>${extra}<div id="root"></div><script src="/build/${files?.js ?? `${bundle}.js`}"></script></body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendHtml(res: http.ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(html);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on('error', reject);
  });
}

interface StartOptions {
  port: number;
  consent: 'ask' | 'assumed';
  persist?: string | true;
  site?: string;
  locale: string;
  jobIntervalMs?: number;
}

/** `@forge/api`'s name for "this person has not allowed the app to act as them yet". */
const CONSENT_ERROR = 'NEEDS_AUTHENTICATION_ERR';

function isConsentError(error: unknown): boolean {
  return error instanceof Error && error.name === CONSENT_ERROR;
}

function parseLocale(value: string): string {
  if (!isLocaleCode(value)) throw new InvalidArgumentError('must be a locale code, e.g. de-DE');
  return value;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

if (require.main === module) {
  const program = new Command('npm start --')
    .description('Run Access Lens locally: simulated Confluence sites, the app, and a web page.')
    .option('--port <n>', 'port of the web page', parseCount, Number(process.env.PORT ?? 4020))
    .option(
      '--persist [dir]',
      `keep app storage and waiting job events across restarts (default dir ${path.relative(process.cwd(), DEFAULT_DATA_DIR)})`,
    )
    .option(
      '--site <id>',
      `the site the page opens on: ${DEMO_SITES.map((s) => s.id).join(' or ')}`,
      DEMO_SITES[0]?.id,
    )
    .option(
      '--locale <code>',
      "the viewer's language the views open in (the shell's language switch changes it)",
      parseLocale,
      DEFAULT_LOCALE,
    )
    .option('--job-interval-ms <n>', 'least time between two job deliveries', parseCount)
    .addOption(
      new Option(
        '--consent <mode>',
        'ask: each person allows the app to act as them first, as on Forge; assumed: skip that step',
      )
        .choices(['ask', 'assumed'])
        .default('ask'),
    )
    .showHelpAfterError();
  program.parse();
  const opts = program.opts<StartOptions>();
  const dataDir =
    opts.persist === undefined
      ? undefined
      : opts.persist === true
        ? DEFAULT_DATA_DIR
        : path.resolve(opts.persist);
  if (opts.site !== undefined && !DEMO_SITES.some((s) => s.id === opts.site)) {
    program.error(`--site must be one of: ${DEMO_SITES.map((s) => s.id).join(', ')}`);
  }
  // The chosen site first: it is the default and starts before the URL is printed.
  const sites = [...DEMO_SITES].sort(
    (a, b) => Number(b.id === opts.site) - Number(a.id === opts.site),
  );
  startPreviewServer({
    port: opts.port,
    sites,
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(opts.jobIntervalMs === undefined ? {} : { jobIntervalMs: opts.jobIntervalMs }),
    consent: opts.consent,
    locale: opts.locale,
  })
    .then(async (preview) => {
      const kb = (n: number) => `${Math.round(n / 1024)} KB`;
      const site = await preview.runtime.site();
      process.stdout.write(
        `Access Lens preview (built in ${preview.build.millis} ms, ${kb(preview.build.bytes.js)} JS + ${kb(preview.build.bytes.css)} CSS)\n` +
          `  simulated Confluence (${site.site.label}): ${site.simulator.baseUrl}\n` +
          `  storage: ${dataDir === undefined ? 'in memory (clean each start; --persist keeps it)' : dataDir}\n` +
          `  open ${preview.url}/?site=${site.site.id}&as=u-bob&page=1013${opts.locale === DEFAULT_LOCALE ? '' : `&locale=${opts.locale}`}\n`,
      );
      const stop = () => {
        void preview.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      process.stderr.write(`preview failed to start: ${errorText(error, true)}\n`);
      process.exitCode = 1;
    });
}
