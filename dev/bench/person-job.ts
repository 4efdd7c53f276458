/**
 * The admin page's person check as the job runs it (`npm run bench -- person`, after the CLI's
 * lines): the real resolvers start it on the local Forge platform, the manifest's consumers run
 * it on the queues' virtual clock, the simulator answers as the app. One JSON line per site and
 * person: steps, the app's requests and points, KVS requests and the largest value written.
 * Counts, not time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerManifestConsumers } from '../forge-platform/manifest-consumers';
import { installLocalPlatform } from '../forge-platform/platform';
import { LocalQueues } from '../forge-platform/queue';
import { startSimulator } from '../simulator/server';

const appRoot = join(__dirname, '..', '..');
const ADMIN = 'u-alice';

interface CheckView {
  readonly check: {
    readonly state: string;
    readonly steps: number;
    readonly requests: number;
    readonly points: number;
    readonly spacesDone: number;
  } | null;
}

export async function benchPersonJob(
  file: string,
  people: readonly string[],
): Promise<Record<string, unknown>[]> {
  const fixture: unknown = JSON.parse(readFileSync(join(appRoot, 'dev', 'fixtures', file), 'utf8'));
  const queues = new LocalQueues();
  const sim = await startSimulator({
    fixture: fixture as never,
    now: () => queues.now(),
    burstPerSecond: 1e9,
  });
  const platform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl, queues });
  const { installPlatformClock, systemClock } = await import('../../src/jobs/clock');
  const restore = installPlatformClock({ now: () => queues.now(), sleep: systemClock.sleep });
  try {
    const { handler } = await import('../../src/index');
    registerManifestConsumers(
      queues,
      readFileSync(join(appRoot, 'manifest.yml'), 'utf8'),
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (name) => require(join(appRoot, 'src', name)) as Record<string, unknown>,
    );
    const call = (functionKey: string, payload: unknown) =>
      platform.runAs({ accountId: ADMIN }, () =>
        handler(
          { call: { functionKey, payload }, context: { moduleKey: 'access-lens-settings' } },
          { principal: { accountId: ADMIN } },
        ),
      ) as Promise<{ ok: boolean; data?: CheckView }>;
    const lines: Record<string, unknown>[] = [];
    for (const person of people) {
      sim.resetStats();
      platform.kvs.clearRequests();
      const started = await call('startPersonCheck', { accountId: person, refresh: true });
      if (!started.ok) throw new Error(`startPersonCheck ${person}: ${JSON.stringify(started)}`);
      await queues.drain({ advanceTime: true });
      const done = await call('getPersonCheck', { accountId: person });
      const check = done.data?.check;
      if (check?.state !== 'completed') throw new Error(`${person}: ${JSON.stringify(done)}`);
      const stats = sim.stats();
      const writes = platform.kvs.requests;
      lines.push({
        bench: 'person-job',
        site: file,
        person,
        spaces: check.spacesDone,
        steps: check.steps,
        requests: stats.requestsByIdentity.app ?? 0,
        points: stats.pointsByIdentity.app ?? 0,
        // The job's own accounting, which the page shows: it must equal the site's.
        pointsCounted: check.points,
        kvsRequests: writes.length,
        largestKvsRequestBytes: Math.max(0, ...writes.map((w) => w.requestBytes)),
      });
    }
    return lines;
  } finally {
    restore();
    platform.uninstall();
    await sim.close();
  }
}
