/**
 * Runs the app's real resolver handler against a simulated site: simulator + local Forge
 * platform + `invokeResolver`. Shared by the resolver suites.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { Invoker, LocalPlatform } from '../../dev/forge-platform/platform';
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator, SimulatorOptions } from '../../dev/simulator/server';
import { handler } from '../../src/index';
import { invokeResolver } from '../harness/resolvers';
import type { ClaimedExtension, ResolverHandler } from '../harness/resolvers';

export const demoSite = (): unknown =>
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'dev', 'fixtures', 'demo-site.json'), 'utf8'),
  );

export interface AppUnderTest {
  readonly sim: RunningSimulator;
  readonly platform: LocalPlatform;
  call(
    as: Invoker,
    functionKey: string,
    payload?: unknown,
    extension?: ClaimedExtension,
  ): Promise<unknown>;
}

/** Starts the simulator and the platform for a suite; stops them after it. */
export function useApp(options: Partial<SimulatorOptions> = {}): () => AppUnderTest {
  let app: AppUnderTest | undefined;
  beforeAll(async () => {
    const sim = await startSimulator({ fixture: demoSite() as never, ...options });
    const platform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl });
    app = {
      sim,
      platform,
      call: (as, functionKey, payload, extension) =>
        invokeResolver(platform, handler as ResolverHandler, {
          as,
          functionKey,
          payload,
          extension,
        }),
    };
  });
  beforeEach(() => {
    app?.platform.clearRequests();
    app?.sim.resetStats();
  });
  afterAll(async () => {
    app?.platform.uninstall();
    await app?.sim.close();
  });
  return () => {
    if (!app) throw new Error('The app harness has not started');
    return app;
  };
}
