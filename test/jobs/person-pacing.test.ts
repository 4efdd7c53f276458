/**
 * The person check against the app's shared points pool, on the demo site through the local
 * queues: a pool running low ends a step before the pool is empty and waits for its reset; a
 * quota 429 (the pool is empty) waits for the reset Confluence names and is no failed attempt,
 * however often it comes. Time is the queues' virtual clock: the assertions are about requests,
 * the check's record and what it queued, never about waiting.
 */
import { answerPersonReach } from '../../src/app/person-reach';
import { ConfluenceClient } from '../../src/confluence/client';
import { forgeTransport } from '../../src/confluence/forge-transport';
import type { PersonCheckView, PersonExport } from '../../src/contract/person';
import { POOL_FLOOR_SHARE } from '../../src/jobs/pool';
import type { DeliveredEvent } from '../../dev/forge-platform/queue';
import { forgePersonPorts } from '../../src/jobs/person-forge';
import {
  MAX_CHECK_MS,
  MAX_STEP_ATTEMPTS,
  PERSON_POOL_SHARE,
  PERSON_QUEUE,
  createPersonJob,
} from '../../src/jobs/person-job';
import { personJson } from '../../src/messages/person-reach';
import { useApp } from '../resolvers/app-harness';
import type { AppUnderTest } from '../resolvers/app-harness';
import { appRequests, call, pendingEvents, runUntil } from './audit-helpers';

const HOUR = 3_600_000;
const POOL = 1_000;

async function exportedJson(app: AppUnderTest, accountId: string): Promise<string> {
  const file = await call<PersonExport>(app, 'exportPersonReach', { accountId, format: 'json' });
  if (!file.ready) throw new Error(`no finished check of ${accountId}`);
  return file.text;
}

describe('a person check under the shared points pool', () => {
  const app = useApp({ pointsPerHour: POOL }, { jobs: true });
  let want = '';
  beforeAll(async () => {
    const { subject, reach } = await app().platform.runAsApp(() =>
      answerPersonReach(
        new ConfluenceClient(forgeTransport('app'), { deadlineMs: 60_000 }),
        'u-dan',
      ),
    );
    want = `${JSON.stringify(personJson(subject, reach), null, 2)}\n`;
  });
  afterEach(() => {
    app().sim.setFaults({});
  });
  /** The start of the next clock hour, when the simulator's pool resets. */
  const nextHour = () => (Math.floor(app().platform.queues.now() / HOUR) + 1) * HOUR;

  it('a pool running low ends a step before the pool is empty, until the reset', async () => {
    await call(app(), 'startPersonCheck', { accountId: 'u-dan', refresh: true });
    // Other installs leave 25% of the pool: the check (about 240 points) would empty it.
    app().sim.spendAppPool(0.75 * POOL);
    const resetAt = nextHour();

    await app().drain({ advanceTime: false });
    expect(app().sim.stats().rateLimited.total).toBe(0);
    const left = POOL - 0.75 * POOL - app().sim.stats().appPoolPoints;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(POOL * POOL_FLOOR_SHARE * 2);
    const [next] = pendingEvents(app());
    expect(pendingEvents(app())).toHaveLength(1);
    expect(next?.body).toMatchObject({ kind: 'person-step', accountId: 'u-dan' });
    expect(Number(next?.body.resumeAt)).toBeGreaterThanOrEqual(resetAt);
    const paused = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    expect(paused.check?.state).toBe('running');
    expect(paused.check?.spacesDone).toBeLessThan(6);
    const requests = appRequests(app()).length;

    // Until the reset: deliveries (hops), no reads.
    await runUntil(app(), resetAt);
    expect(appRequests(app())).toHaveLength(requests);

    await app().drain();
    const done = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    expect(done.check).toMatchObject({ state: 'completed', spacesDone: 6 });
    expect(app().sim.stats().rateLimited.total).toBe(0);
    expect(await exportedJson(app(), 'u-dan')).toBe(want);
  });

  it('a plan that leaves the pool under the floor makes the first space wait for the reset', async () => {
    await call(app(), 'startPersonCheck', { accountId: 'u-dan', refresh: true });
    // A little above the floor is left: the plan's own reads (18 points) take the pool under it.
    app().sim.spendAppPool(POOL - POOL * POOL_FLOOR_SHARE - 10);
    const resetAt = nextHour();
    await app().drain({ advanceTime: false });
    expect(app().sim.stats().rateLimited.total).toBe(0);
    const [next] = pendingEvents(app());
    expect(next?.body).toMatchObject({ kind: 'person-step', done: 0 });
    expect(Number(next?.body.resumeAt)).toBeGreaterThanOrEqual(resetAt);
    // No space was read: only the plan's reads (the person, the site's evidence, the spaces).
    expect(appRequests(app()).some((r) => r.path.includes('/permissions'))).toBe(false);

    await app().drain();
    const done = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    expect(done.check).toMatchObject({ state: 'completed', spacesDone: 6 });
    expect(await exportedJson(app(), 'u-dan')).toBe(want);
  });

  it('quota 429s wait for the reset and are no failed attempts, however many', async () => {
    const times = MAX_STEP_ATTEMPTS + 1;
    app().sim.setFaults({
      rules: [
        { path: '^/wiki/api/v2/spaces/102/permissions', action: 429, rateLimit: 'quota', times },
      ],
    });
    await call(app(), 'startPersonCheck', { accountId: 'u-dan', refresh: true });
    await app().drain();
    const done = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    // More refusals than a step's attempts, and still completed: none counted as a failure.
    expect(done.check).toMatchObject({ state: 'completed', spacesDone: 6 });
    expect(appRequests(app()).filter((r) => r.status === 429)).toHaveLength(times);
    // ENG, read before HR's refusal in the same step, was kept: read once, never again.
    const eng = appRequests(app()).filter((r) =>
      r.path.startsWith('/wiki/api/v2/spaces/101/permissions'),
    );
    expect(eng).toHaveLength(1);
    expect(await exportedJson(app(), 'u-dan')).toBe(want);
  });

  it('spends at most its share of the pool in each hour of its own', async () => {
    const spentBy: { at: number; points: number }[] = [];
    const queues = app().platform.queues;
    const realConsumer = (event: DeliveredEvent) =>
      createPersonJob(forgePersonPorts()).worker(event);
    queues.registerConsumer(PERSON_QUEUE, async (event) => {
      const at = queues.now();
      const before = app().sim.stats().pointsByIdentity.app ?? 0;
      try {
        await realConsumer(event);
      } finally {
        spentBy.push({ at, points: (app().sim.stats().pointsByIdentity.app ?? 0) - before });
      }
    });
    try {
      await call(app(), 'startPersonCheck', { accountId: 'u-dan', refresh: true });
      await app().drain();
    } finally {
      queues.registerConsumer(PERSON_QUEUE, realConsumer);
    }
    const done = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    expect(done.check).toMatchObject({ state: 'completed', spacesDone: 6 });
    expect(app().sim.stats().rateLimited.total).toBe(0);
    // The check's own hours, as the job counts them: each from its first step.
    const budget = PERSON_POOL_SHARE * POOL;
    const hours: number[] = [];
    let hourStart = Number.NEGATIVE_INFINITY;
    for (const { at, points } of spentBy) {
      if (points === 0) continue;
      if (at - hourStart >= HOUR) {
        hourStart = at;
        hours.push(0);
      }
      hours[hours.length - 1] = (hours.at(-1) ?? 0) + points;
    }
    // The check (about 240 points) takes three hours of 100; an hour may go over by the one
    // space a step always reads.
    expect(hours.length).toBeGreaterThanOrEqual(3);
    for (const points of hours) expect(points).toBeLessThanOrEqual(budget + 100);
    expect(hours.reduce((a, b) => a + b, 0)).toBe(done.check?.points);
    expect(await exportedJson(app(), 'u-dan')).toBe(want);
  });

  it('a pool that never comes back ends the check as failed after a day, freeing the person', async () => {
    app().sim.setFaults({
      rules: [
        {
          path: '^/wiki/api/v2/spaces/102/permissions',
          action: 429,
          rateLimit: 'quota',
          times: 10_000,
        },
      ],
    });
    const started = await call<PersonCheckView>(app(), 'startPersonCheck', {
      accountId: 'u-dan',
      refresh: true,
    });
    const t0 = Date.parse(started.check?.startedAt ?? '');
    await app().drain();
    const ended = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    expect(ended.check?.state).toBe('failed');
    expect(Date.parse(ended.check?.finishedAt ?? '') - t0).toBeGreaterThan(MAX_CHECK_MS);
    expect(pendingEvents(app())).toHaveLength(0);
    // The person is free: a new check starts.
    app().sim.setFaults({});
    const again = await call<PersonCheckView>(app(), 'startPersonCheck', { accountId: 'u-dan' });
    expect(again.check?.state).toBe('queued');
    await app().drain();
  });
});
