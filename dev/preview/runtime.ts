/**
 * The preview's local Forge runtime, for every demo site at once: per site a simulator with
 * that site's fixture, a local platform (its own KVS, queues and job runner, as each Confluence
 * site is its own installation) and the app's real resolver handler.
 *
 * The platform's seam is process-global (`__forge_fetch__`, `__forge_runtime__`), so the sites
 * share it through a router: each site's platform is installed once and its hooks kept, and the
 * global hooks send every call to the platform of the site whose scope the call runs in
 * (`AsyncLocalStorage`, which follows the call through every await). A resolver call for one
 * site and an audit running on the other never see each other's storage, queues or pages.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { handler } from '../../src/index';
import { installPlatformClock, systemClock } from '../../src/jobs/clock';
import { KvsStore } from '../forge-platform/kvs-store';
import { ConsentRegistry } from '../forge-platform/consent';
import { installLocalPlatform } from '../forge-platform/platform';
import type { Invoker, LocalPlatform } from '../forge-platform/platform';
import { LocalQueues } from '../forge-platform/queue';
import { loadFixture } from '../simulator/fixture';
import type { SiteFixture } from '../simulator/fixture';
import { startSimulator } from '../simulator/server';
import type { RunningSimulator, SimulatorOptions } from '../simulator/server';
import { REPO_ROOT } from './build';
import { JobRunner, PreviewClock } from './jobs';
import { DEMO_SITES, SITE_ID } from './sites';
import type { DemoSite } from './sites';

export interface PreviewRuntimeOptions {
  /** The sites offered; the first is the default. Default: the two demo sites. */
  readonly sites?: readonly DemoSite[];
  /**
   * Keep each site's app storage (`<site>.kvs.json`) and waiting job events
   * (`<site>.queue.json`) in this directory across restarts. Default: in memory only.
   */
  readonly dataDir?: string;
  /** Least time between two job deliveries (default 400 ms). */
  readonly jobIntervalMs?: number;
  readonly log: (line: string) => void;
  /** The app's module `file` (relative to `src/`); tests may wrap exports. Default: require. */
  readonly load?: (file: string) => Record<string, unknown>;
  /** Extra simulator options for every site (latency, points…). */
  readonly simulator?: Partial<Omit<SimulatorOptions, 'fixture'>>;
  /**
   * `ask` (default): like Forge, each person allows the app to act as them once per site, and
   * the page shows the consent step until they do. `assumed`: everyone already has.
   */
  readonly consent?: 'ask' | 'assumed';
}

export interface SiteRuntime {
  readonly site: DemoSite;
  readonly fixture: SiteFixture;
  readonly simulator: RunningSimulator;
  readonly platform: LocalPlatform;
  readonly kvs: KvsStore;
  readonly jobs: JobRunner;
  /** Who has allowed the app to act as them on this site. */
  readonly consent: ConsentRegistry;
  /** Runs `fn` with this site's platform answering the app's Forge calls. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** One resolver call through the app's real handler, as the platform makes it. */
  invoke(as: string, functionKey: string, payload: unknown, context: object): Promise<unknown>;
}

type ForgeFetch = (descriptor: unknown, path: string, init?: RequestInit) => Promise<Response>;

interface ForgeGlobals {
  __forge_fetch__?: ForgeFetch;
  __forge_runtime__?: object;
}

interface Hooks {
  readonly fetch: ForgeFetch;
  readonly runtime: object;
}

export function invokerFor(as: string): Invoker {
  return as === 'anonymous' || as === '' ? { anonymous: true } : { accountId: as };
}

const defaultLoad = (file: string): Record<string, unknown> =>
  // The manifest names handler modules at run time; `require` loads the same instances the
  // preview imported, so the job sees the clock set below.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(REPO_ROOT, 'src', file)) as Record<string, unknown>;

export class PreviewRuntime {
  readonly sites: readonly DemoSite[];
  readonly clock = new PreviewClock();
  private readonly scope = new AsyncLocalStorage<string>();
  private readonly started = new Map<string, Promise<SiteRuntime>>();
  private readonly hooks = new Map<string, Hooks>();
  /** Install order, for uninstalling in reverse (each platform restores what it replaced). */
  private readonly installed: LocalPlatform[] = [];
  private readonly manifest: string;
  private restoreJobClock: (() => void) | undefined;
  private readonly previousGlobals: ForgeGlobals;
  private closed = false;

  constructor(private readonly options: PreviewRuntimeOptions) {
    this.sites = options.sites ?? DEMO_SITES;
    for (const site of this.sites) {
      if (!SITE_ID.test(site.id)) throw new Error(`Invalid site id "${site.id}"`);
    }
    if (this.sites.length === 0) throw new Error('The preview needs at least one site');
    this.manifest = readFileSync(path.join(REPO_ROOT, 'manifest.yml'), 'utf8');
    const globals = globalThis as ForgeGlobals;
    this.previousGlobals = {
      ...(globals.__forge_fetch__ ? { __forge_fetch__: globals.__forge_fetch__ } : {}),
      ...(globals.__forge_runtime__ ? { __forge_runtime__: globals.__forge_runtime__ } : {}),
    };
    // Pacing, ETAs and schedules run on the preview clock, so "Skip the wait" skips for them too.
    this.restoreJobClock = installPlatformClock({ now: this.clock.now, sleep: systemClock.sleep });
  }

  get defaultSite(): DemoSite {
    const first = this.sites[0];
    if (first === undefined) throw new Error('The preview needs at least one site');
    return first;
  }

  /** The site `id` (the default site when undefined), started on first use. */
  site(id?: string): Promise<SiteRuntime> {
    if (this.closed) return Promise.reject(new Error('The preview runtime has stopped'));
    const site = id === undefined ? this.defaultSite : this.sites.find((s) => s.id === id);
    if (site === undefined) return Promise.reject(new UnknownSiteError(id ?? ''));
    let running = this.started.get(site.id);
    if (running === undefined) {
      running = this.start(site);
      this.started.set(site.id, running);
    }
    return running;
  }

  /** Sites started so far. */
  async running(): Promise<SiteRuntime[]> {
    return Promise.all(this.started.values());
  }

  /** Jumps the preview clock to the earliest waiting job event of any started site. */
  async skipToNextDue(): Promise<number> {
    const waits = (await this.running()).map((s) => s.jobs.msToNextDue()).filter((ms) => ms > 0);
    const ms = waits.length === 0 ? 0 : Math.min(...waits);
    this.clock.skip(ms);
    for (const site of await this.running()) site.jobs.wake();
    return ms;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const sites = await Promise.allSettled(this.started.values());
    for (const result of sites) {
      if (result.status === 'fulfilled') await result.value.jobs.stop();
    }
    for (const platform of [...this.installed].reverse()) platform.uninstall();
    const globals = globalThis as ForgeGlobals;
    if (this.previousGlobals.__forge_fetch__) {
      globals.__forge_fetch__ = this.previousGlobals.__forge_fetch__;
    } else {
      delete globals.__forge_fetch__;
    }
    if (this.previousGlobals.__forge_runtime__) {
      globals.__forge_runtime__ = this.previousGlobals.__forge_runtime__;
    } else {
      delete globals.__forge_runtime__;
    }
    for (const result of sites) {
      if (result.status === 'fulfilled') await result.value.simulator.close();
    }
    this.restoreJobClock?.();
  }

  private async start(site: DemoSite): Promise<SiteRuntime> {
    const fixture = loadFixture(JSON.parse(readFileSync(site.fixturePath, 'utf8')));
    const clock = this.clock;
    const simulator = await startSimulator({
      fixture,
      // Rate-limit windows on the preview clock: a skipped hour refills the points pool.
      now: clock.now,
      ...this.options.simulator,
    });
    const queues = new LocalQueues({ startTime: clock.now() });
    const dataDir = this.options.dataDir;
    const kvs = new KvsStore({
      now: clock.now,
      ...(dataDir === undefined ? {} : { file: path.join(dataDir, `${site.id}.kvs.json`) }),
    });
    const consent = new ConsentRegistry({
      required: this.options.consent !== 'assumed',
      ...(dataDir === undefined ? {} : { file: path.join(dataDir, `${site.id}.consent.json`) }),
    });
    const platform = this.install(site.id, () =>
      installLocalPlatform({ confluenceBaseUrl: simulator.baseUrl, queues, kvs, consent }),
    );
    const run = <T>(fn: () => Promise<T>): Promise<T> => this.scope.run(site.id, fn);
    const jobs = new JobRunner({
      siteId: site.id,
      queues,
      platform,
      clock,
      manifest: this.manifest,
      load: this.options.load ?? defaultLoad,
      scope: run,
      log: this.options.log,
      ...(this.options.jobIntervalMs === undefined
        ? {}
        : { intervalMs: this.options.jobIntervalMs }),
      ...(dataDir === undefined ? {} : { queueFile: path.join(dataDir, `${site.id}.queue.json`) }),
    });
    jobs.start();
    return {
      site,
      fixture,
      simulator,
      platform,
      kvs,
      jobs,
      consent,
      run,
      invoke: async (as, functionKey, payload, context) => {
        const invoker = invokerFor(as);
        try {
          // Exactly the platform's call: the principal beside the request, the claimed context inside.
          return await run(() =>
            platform.runAs(invoker, () =>
              handler(
                { call: { functionKey, payload }, context },
                'accountId' in invoker ? { principal: { accountId: invoker.accountId } } : {},
              ),
            ),
          );
        } finally {
          // The call may have queued job events (startAudit): deliver them without a tick's delay.
          jobs.wake();
        }
      },
    };
  }

  /**
   * Installs a site's platform and keeps its hooks, then puts the router back in front. The
   * install is synchronous, so no call can reach the site's own hooks in between.
   */
  private install(siteId: string, installPlatform: () => LocalPlatform): LocalPlatform {
    const globals = globalThis as ForgeGlobals;
    const platform = installPlatform();
    const fetch = globals.__forge_fetch__;
    const runtime = globals.__forge_runtime__;
    if (fetch === undefined || runtime === undefined) {
      throw new Error('The local platform did not install its hooks');
    }
    this.hooks.set(siteId, { fetch, runtime });
    this.installed.push(platform);
    globals.__forge_fetch__ = this.routedFetch;
    globals.__forge_runtime__ = this.routedRuntime;
    return platform;
  }

  private hooksInScope(): Hooks | undefined {
    const id = this.scope.getStore();
    return id === undefined ? undefined : this.hooks.get(id);
  }

  private readonly routedFetch: ForgeFetch = (descriptor, target, init) => {
    const hooks = this.hooksInScope();
    if (hooks === undefined) {
      return Promise.resolve(
        new Response(
          JSON.stringify({
            code: 'NO_SITE',
            message: 'A Forge call was made outside any preview site (no site scope)',
          }),
          { status: 500, headers: { 'content-type': 'application/json' } },
        ),
      );
    }
    return hooks.fetch(descriptor, target, init);
  };

  /**
   * The runtime object of the site in scope. Outside any scope (e.g. an SDK reading it when it
   * is first imported) the first site's: every site's runtime advertises the same hosts.
   */
  private readonly routedRuntime: object = new Proxy(
    {},
    {
      get: (_target, key) => {
        const runtime = this.hooksInScope()?.runtime ?? this.hooks.values().next().value?.runtime;
        return runtime === undefined ? undefined : (Reflect.get(runtime, key) as unknown);
      },
    },
  );
}

export class UnknownSiteError extends Error {
  constructor(id: string) {
    super(`No demo site "${id}"`);
    this.name = 'UnknownSiteError';
  }
}
