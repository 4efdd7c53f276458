/**
 * The local preview: `npm start`. Starts the simulated Confluence site with the demo data, the
 * local Forge platform around the app's real resolver handler, and a web page on 127.0.0.1 that
 * looks like a Confluence page view with the app's UI Kit modules rendered by Atlaskit.
 *
 *   GET  /                    the shell page (page tree, page + macro, config panel, settings)
 *   GET  /frame/<moduleKey>   one UI Kit module (?root=main|config&as=<accountId|anonymous>&page=&config=)
 *   GET  /build/<file>        the esbuild bundles
 *   GET  /api/site            the demo site's tree and identities, for the shell
 *   POST /api/invoke          { moduleKey, functionKey, payload, as, contentId, config } → { result }
 *   GET  /api/users?query=    people for UserPicker (or ?accountId= for User)
 *   POST /api/log             an error from the page, printed in this terminal
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { handler } from '../../src/index';
import { installLocalPlatform } from '../forge-platform/platform';
import type { Invoker, LocalPlatform } from '../forge-platform/platform';
import { loadFixture } from '../simulator/fixture';
import type { SiteFixture } from '../simulator/fixture';
import { startSimulator } from '../simulator/server';
import type { RunningSimulator } from '../simulator/server';
import type { InvokeRequest, SiteIdentity, SiteInfo } from './api';
import { buildPreview, REPO_ROOT } from './build';
import type { PreviewBuild, UiModule } from './build';

export const DEMO_FIXTURE = path.join(REPO_ROOT, 'dev', 'fixtures', 'demo-site.json');

export interface PreviewServerOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly fixturePath?: string;
  /** Where terminal lines go. Default: stderr. */
  readonly log?: (line: string) => void;
  /** Reuse a build (tests build once). */
  readonly build?: PreviewBuild;
}

export interface PreviewServer {
  readonly url: string;
  readonly build: PreviewBuild;
  readonly simulator: RunningSimulator;
  readonly platform: LocalPlatform;
  /** Lines printed for page errors (POST /api/log), oldest first. */
  readonly pageErrors: readonly string[];
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

export async function startPreviewServer(
  options: PreviewServerOptions = {},
): Promise<PreviewServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const build = options.build ?? (await buildPreview());
  const fixture = loadFixture(
    JSON.parse(readFileSync(options.fixturePath ?? DEMO_FIXTURE, 'utf8')),
  );
  const simulator = await startSimulator({ fixture });
  const platform = installLocalPlatform({ confluenceBaseUrl: simulator.baseUrl });
  const modules = new Map(build.modules.map((m) => [m.key, m]));
  const site = siteInfo(fixture, build.modules);
  const pageErrors: string[] = [];

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log(`[preview] ${req.method ?? ''} ${req.url ?? ''} failed: ${errorText(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: errorText(error) });
      else res.end();
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://preview.local');
    const key = `${req.method ?? 'GET'} ${url.pathname}`;
    if (key === 'GET /') {
      sendHtml(res, page('Access Lens preview', 'shell', build, ''));
      return;
    }
    if (key === 'GET /favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (key === 'GET /api/site') {
      sendJson(res, 200, site);
      return;
    }
    if (key === 'GET /api/users') {
      sendJson(res, 200, { users: users(fixture, url.searchParams) });
      return;
    }
    if (key === 'POST /api/log') {
      const body = (await readJson(req)) as Record<string, unknown>;
      const where = [body.moduleKey, body.root, body.as]
        .filter((v) => typeof v === 'string')
        .join(' ');
      const warning = body.level === 'warning';
      const line = `[preview] page ${warning ? 'warning' : 'error'} (${where}): ${String(body.message)}`;
      if (!warning) pageErrors.push(line);
      log(typeof body.detail === 'string' ? `${line}\n${body.detail}` : line);
      {
        sendJson(res, 200, { logged: true });
        return;
      }
    }
    if (key === 'POST /api/invoke') {
      const request = (await readJson(req)) as InvokeRequest;
      const module = modules.get(request.moduleKey);
      if (!module) {
        sendJson(res, 400, { error: `Unknown module ${request.moduleKey}` });
        return;
      }
      try {
        const result = await invoke(platform, module, request, fixture);
        {
          sendJson(res, 200, { result: result ?? null });
          return;
        }
      } catch (error) {
        // A resolver that throws is an app bug: say so here, where the developer is looking.
        log(
          `[preview] ${request.as} invoke ${request.functionKey} threw: ${errorText(error, true)}`,
        );
        {
          sendJson(res, 500, { error: errorText(error) });
          return;
        }
      }
    }
    if (req.method === 'GET' && url.pathname.startsWith('/frame/')) {
      const module = modules.get(decodeURIComponent(url.pathname.slice('/frame/'.length)));
      if (!module) {
        sendJson(res, 404, { error: 'No such module' });
        return;
      }
      {
        sendHtml(res, framePage(module, url.searchParams, fixture, simulator.baseUrl, build));
        return;
      }
    }
    if (req.method === 'GET' && url.pathname.startsWith('/build/')) {
      const name = path.basename(url.pathname);
      const type = CONTENT_TYPES[path.extname(name)];
      if (!type) {
        sendJson(res, 404, { error: 'Not found' });
        return;
      }
      try {
        const bytes = readFileSync(path.join(build.outdir, name));
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
        res.end(bytes);
      } catch {
        sendJson(res, 404, { error: 'Not found' });
      }
      return;
    }
    sendJson(res, 404, { error: 'Not found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    build,
    simulator,
    platform,
    pageErrors,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await simulator.close();
      platform.uninstall();
    },
  };
}

function invokerFor(as: string): Invoker {
  return as === 'anonymous' || as === '' ? { anonymous: true } : { accountId: as };
}

/** The product context a module sees (`view.getContext()`), and the resolver's `context`. */
function productContext(
  module: UiModule,
  as: string,
  fixture: SiteFixture,
  siteUrl: string,
  contentId?: string,
  config?: unknown,
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
    locale: 'en-US',
    timezone: 'UTC',
    siteUrl,
    theme: { colorMode: 'light' },
    extension,
  };
}

async function invoke(
  platform: LocalPlatform,
  module: UiModule,
  request: InvokeRequest,
  fixture: SiteFixture,
): Promise<unknown> {
  const invoker = invokerFor(request.as);
  const context = productContext(
    module,
    request.as,
    fixture,
    '',
    request.contentId,
    request.config,
  );
  // Exactly the platform's call: the principal beside the request, the claimed context inside it.
  return platform.runAs(invoker, () =>
    handler(
      { call: { functionKey: request.functionKey, payload: request.payload }, context },
      'accountId' in invoker ? { principal: { accountId: invoker.accountId } } : {},
    ),
  );
}

function siteInfo(fixture: SiteFixture, modules: readonly UiModule[]): SiteInfo {
  const identities: SiteIdentity[] = fixture.users
    .filter((user) => !GENERATED_ACCOUNT.test(user.accountId))
    .map((user) => {
      const notes = [
        user.isGuest ? 'guest' : '',
        user.confluenceAdmin ? 'Confluence admin' : '',
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
    name: fixture.site.name ?? 'Confluence',
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
  fixture: SiteFixture,
  siteUrl: string,
  build: PreviewBuild,
): string {
  const as = params.get('as') ?? 'anonymous';
  const contentId = params.get('page') ?? undefined;
  let config: unknown;
  try {
    config = JSON.parse(params.get('config') ?? '{}');
  } catch {
    config = {};
  }
  const boot = {
    moduleKey: module.key,
    root: params.get('root') === 'config' ? 'config' : 'main',
    as,
    contentId,
    context: productContext(module, as, fixture, siteUrl, contentId, config),
  };
  // `<` escaped so no value can end the script element.
  const json = JSON.stringify(boot).replace(/</g, '\\u003c');
  return page(
    module.title,
    module.key,
    build,
    `<script type="application/json" id="preview-boot">${json}</script><div id="preview-note"></div>`,
    'frame',
  );
}

function page(
  title: string,
  bundle: string,
  build: PreviewBuild,
  extra: string,
  kind = 'shell',
): string {
  const files = build.bundles[bundle];
  const css = files?.css ? `<link rel="stylesheet" href="/build/${files.css}">` : '';
  const frameStyle =
    kind === 'frame'
      ? '<style>html,body{margin:0;height:auto;background:transparent;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif}body{padding:2px;display:flow-root}</style>'
      : '';
  return `<!doctype html>
<html lang="en">
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

function errorText(error: unknown, withStack = false): string {
  if (error instanceof Error) return withStack && error.stack ? error.stack : error.message;
  return String(error);
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 4020);
  startPreviewServer({ port })
    .then((preview) => {
      const kb = (n: number) => `${Math.round(n / 1024)} KB`;
      process.stdout.write(
        `Access Lens preview (built in ${preview.build.millis} ms, ${kb(preview.build.bytes.js)} JS + ${kb(preview.build.bytes.css)} CSS)\n` +
          `  simulated Confluence: ${preview.simulator.baseUrl}\n` +
          `  open ${preview.url}/?as=u-bob&page=1013\n`,
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
