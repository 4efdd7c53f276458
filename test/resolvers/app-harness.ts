/**
 * Runs the app's real resolver handler against a simulated site: simulator + local Forge
 * platform + `invokeResolver`. Shared by the resolver suites; the job suites also deliver the
 * manifest's queue consumers and run the job on the queues' virtual clock.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerManifestConsumers } from '../../dev/forge-platform/manifest-consumers';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type {
  Invoker,
  LocalPlatform,
  LocalPlatformOptions,
} from '../../dev/forge-platform/platform';
import { LocalQueues } from '../../dev/forge-platform/queue';
import type { DrainOptions, DrainResult } from '../../dev/forge-platform/queue';
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator, SimulatorOptions } from '../../dev/simulator/server';
import { handler } from '../../src/index';
import { installPlatformClock } from '../../src/jobs/clock';
import { invokeResolver } from '../harness/resolvers';
import type { ClaimedExtension, ResolverHandler } from '../harness/resolvers';

const root = join(__dirname, '..', '..');

export const demoSite = (): unknown =>
  JSON.parse(readFileSync(join(root, 'dev', 'fixtures', 'demo-site.json'), 'utf8'));

/**
 * The demo site on role-based space access (a ROLES site). Pass it as
 * `useApp({ fixture: demoSiteRoles() })`: a `fixture` option replaces the demo site.
 */
export const demoSiteRoles = (): unknown =>
  JSON.parse(readFileSync(join(root, 'dev', 'fixtures', 'demo-site-roles.json'), 'utf8'));

export interface AppUnderTest {
  readonly sim: RunningSimulator;
  readonly platform: LocalPlatform;
  call(
    as: Invoker,
    functionKey: string,
    payload?: unknown,
    extension?: ClaimedExtension,
  ): Promise<unknown>;
  /** Delivers queued events to the manifest's consumers, jumping the virtual clock over delays. */
  drain(options?: DrainOptions): Promise<DrainResult>;
  /**
   * Replaces the simulated site (e.g. a mutated fixture between two audits); storage, queues and
   * the clock carry over, as they would on a real site whose content changed.
   */
  replaceSite(fixture: unknown): Promise<void>;
}

export interface HarnessOptions {
  /**
   * Runs the simulator's rate-limit windows and the audit job on the queues' virtual clock and
   * registers the manifest's consumers, so paced audits finish without waiting for real.
   */
  readonly jobs?: boolean;
  /** Platform behaviour beyond the defaults: consent, invocation time limits. */
  readonly platform?: Pick<LocalPlatformOptions, 'consent' | 'invocationLimitMs'>;
}

/** Starts the simulator and the platform for a suite; stops them after it. */
export function useApp(
  options: Partial<SimulatorOptions> = {},
  harness: HarnessOptions = {},
): () => AppUnderTest {
  let app: AppUnderTest | undefined;
  let sim: RunningSimulator | undefined;
  let platform: LocalPlatform | undefined;
  let restoreClock: (() => void) | undefined;
  beforeAll(async () => {
    const queues = new LocalQueues();
    const start = (fixture: unknown) =>
      startSimulator({
        fixture: fixture as never,
        // Bursts are a per-second limit; on a virtual clock that stands still they would
        // refuse everything, so jobs suites leave only the hourly pool in force.
        ...(harness.jobs === true ? { now: () => queues.now(), burstPerSecond: 1e9 } : {}),
        ...options,
      });
    sim = await start(demoSite());
    platform = installLocalPlatform({
      confluenceBaseUrl: sim.baseUrl,
      queues,
      ...harness.platform,
    });
    if (harness.jobs === true) {
      // The platform's clock, which the entry points hand the job: the queues' virtual one.
      restoreClock = installPlatformClock({
        now: () => queues.now(),
        // Waits inside an invocation (a burst 429's Retry-After) move the virtual clock too.
        sleep: (ms) => {
          queues.advance(ms);
          return Promise.resolve();
        },
      });
      registerManifestConsumers(
        queues,
        readFileSync(join(root, 'manifest.yml'), 'utf8'),
        // The same module instances the suite imports, so the entry points see the clock above.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        (file) => require(join(root, 'src', file)) as Record<string, unknown>,
      );
    }
    app = {
      get sim() {
        if (!sim) throw new Error('The simulator has stopped');
        return sim;
      },
      get platform() {
        if (!platform) throw new Error('The platform is not installed');
        return platform;
      },
      call: (as, functionKey, payload, extension) =>
        invokeResolver(platform as LocalPlatform, handler as ResolverHandler, {
          as,
          functionKey,
          payload,
          extension,
        }),
      drain: (drainOptions) => queues.drain({ advanceTime: true, ...drainOptions }),
      replaceSite: async (fixture) => {
        const kvs = platform?.kvs;
        platform?.uninstall();
        await sim?.close();
        sim = await start(fixture);
        platform = installLocalPlatform({
          confluenceBaseUrl: sim.baseUrl,
          queues,
          kvs,
          ...harness.platform,
        });
      },
    };
  });
  beforeEach(() => {
    app?.platform.clearRequests();
    app?.platform.kvs.clearRequests();
    app?.sim.resetStats();
  });
  afterAll(async () => {
    restoreClock?.();
    platform?.uninstall();
    await sim?.close();
  });
  return () => {
    if (!app) throw new Error('The app harness has not started');
    return app;
  };
}
