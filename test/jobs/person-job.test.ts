/**
 * The admin page's person check as a queue job, end to end: the real resolvers start it, the
 * manifest's `person-consumer` runs it through the local queues, the simulator answers as the
 * app. Its answer is `answerPersonReach` as the app, byte for byte through the CLI's formatters,
 * for every named user on both demo sites; it moves a few spaces per step; it resumes after the
 * platform stops a step, wherever it stops it.
 */
import { InvocationTimeLimitError } from '../../dev/forge-platform/platform';
import type { DeliveredEvent } from '../../dev/forge-platform/queue';
import { answerPersonReach } from '../../src/app/person-reach';
import { ConfluenceClient } from '../../src/confluence/client';
import { forgeTransport } from '../../src/confluence/forge-transport';
import type { PersonCheckView, PersonExport } from '../../src/contract/person';
import { forgePersonPorts } from '../../src/jobs/person-forge';
import { PERSON_QUEUE, RESUME_AFTER_MS, createPersonJob } from '../../src/jobs/person-job';
import { personCsv, personJson } from '../../src/messages/person-reach';
import { demoSite, demoSiteRoles, useApp } from '../resolvers/app-harness';
import type { AppUnderTest } from '../resolvers/app-harness';
import { appRequests, call, english } from './audit-helpers';

interface Site {
  users: { accountId: string }[];
  spaces: unknown[];
}

const namedUsers = (site: unknown) =>
  (site as Site).users.map((u) => u.accountId).filter((id) => !id.startsWith('u-staff'));

/** What `access-lens person` would print, read as the app (the job's reader). */
async function expected(app: AppUnderTest, accountId: string) {
  const { subject, reach } = await app.platform.runAsApp(() =>
    answerPersonReach(
      new ConfluenceClient(forgeTransport('app'), { deadlineMs: 60_000 }),
      accountId,
    ),
  );
  return {
    json: `${JSON.stringify(personJson(subject, reach), null, 2)}\n`,
    csv: personCsv(english, reach),
  };
}

async function exported(app: AppUnderTest, accountId: string, format: 'csv' | 'json') {
  const file = await call<PersonExport>(app, 'exportPersonReach', { accountId, format });
  if (!file.ready) throw new Error(`no finished check of ${accountId}`);
  return file.text;
}

const check = (app: AppUnderTest, accountId: string) =>
  call<PersonCheckView>(app, 'getPersonCheck', { accountId });

describe.each([
  ['legacy', demoSite()],
  ['roles', demoSiteRoles()],
])('the person job agrees with answerPersonReach on the %s demo site', (_name, fixture) => {
  const app = useApp({ fixture: fixture as never }, { jobs: true });
  const spaces = (fixture as Site).spaces.length;

  it.each(namedUsers(fixture))('for %s', async (accountId) => {
    const started = await call<PersonCheckView>(app(), 'startPersonCheck', {
      accountId,
      refresh: true,
    });
    expect(started.check?.state).toBe('queued');
    await app().drain();
    const done = await check(app(), accountId);
    expect(done.check).toMatchObject({
      state: 'completed',
      spacesDone: spaces,
      spacesTotal: spaces,
      // The plan, then three spaces per step.
      steps: 1 + Math.ceil(spaces / 3),
    });
    expect(done.fresh).toBe(true);
    // The job's own accounting agrees with what the site charged the app.
    expect(done.check?.points).toBe(app().sim.stats().pointsByIdentity.app);
    expect(done.check?.requests).toBe(appRequests(app()).length);
    const want = await expected(app(), accountId);
    expect(await exported(app(), accountId, 'json')).toBe(want.json);
    expect(await exported(app(), accountId, 'csv')).toBe(want.csv);
  });
});

describe('progress and resumption', () => {
  const app = useApp({}, { jobs: true });
  const queues = () => app().platform.queues;
  const realConsumer = (event: DeliveredEvent) => createPersonJob(forgePersonPorts()).worker(event);
  afterEach(() => {
    queues().registerConsumer(PERSON_QUEUE, realConsumer);
  });
  /** Delivers the next event only: `drain` stops, refusing to deliver a second. */
  const deliverOne = async () => {
    await expect(app().drain({ maxDeliveries: 1 })).rejects.toThrow(/stopped after 1 deliveries/u);
  };

  it('stores progress step by step: spaces done of the total', async () => {
    await call(app(), 'startPersonCheck', { accountId: 'u-dan', refresh: true });
    expect((await check(app(), 'u-dan')).check).toMatchObject({ state: 'queued', spacesDone: 0 });
    expect(queues().pending(PERSON_QUEUE)).toBe(1);
    await deliverOne();
    expect((await check(app(), 'u-dan')).check).toMatchObject({
      state: 'running',
      spacesDone: 0,
      spacesTotal: 6,
      steps: 1,
    });
    await deliverOne();
    const half = await check(app(), 'u-dan');
    expect(half.check).toMatchObject({ state: 'running', spacesDone: 3, spacesTotal: 6 });
    expect(half.answer).toBeUndefined();
    await app().drain();
    expect((await check(app(), 'u-dan')).check).toMatchObject({
      state: 'completed',
      spacesDone: 6,
    });
  });

  it('resumes after a kill after the commit and a kill before any work', async () => {
    const want = await expected(app(), 'u-carol');
    let delivery = 0;
    queues().registerConsumer(PERSON_QUEUE, async (event) => {
      delivery += 1;
      if (delivery === 3) throw new InvocationTimeLimitError(900_000);
      await realConsumer(event);
      // Stopped after its step had committed and queued the next one, before it could return.
      if (delivery === 2) throw new InvocationTimeLimitError(900_000);
    });
    await call(app(), 'startPersonCheck', { accountId: 'u-carol', refresh: true });
    app().platform.clearRequests();
    await app().drain();
    const done = await check(app(), 'u-carol');
    expect(done.check).toMatchObject({ state: 'completed', spacesDone: 6, steps: 3 });
    // Each space's grants read once: nothing was read twice, nothing was skipped.
    const paths = appRequests(app()).map((r) => r.path.replace(/\?.*$/u, ''));
    expect(paths.filter((p) => p.endsWith('/permissions'))).toHaveLength(6);
    expect(await exported(app(), 'u-carol', 'json')).toBe(want.json);
  });

  it('resumes after a kill between a step’s commit and the push of the next step', async () => {
    const want = await expected(app(), 'u-grace');
    const ports = forgePersonPorts();
    let killed = 0;
    queues().registerConsumer(PERSON_QUEUE, (event) =>
      createPersonJob({
        ...forgePersonPorts(),
        queue: {
          push: async (pushed) => {
            // The first step has committed; the platform stops it before the next is queued.
            if (pushed.body.done === 3 && killed === 0) {
              killed += 1;
              throw new InvocationTimeLimitError(900_000);
            }
            return ports.queue.push(pushed);
          },
        },
      }).worker(event),
    );
    await call(app(), 'startPersonCheck', { accountId: 'u-grace', refresh: true });
    app().platform.clearRequests();
    await app().drain();
    expect(killed).toBe(1);
    const done = await check(app(), 'u-grace');
    expect(done.check).toMatchObject({ state: 'completed', spacesDone: 6, steps: 3 });
    const paths = appRequests(app()).map((r) => r.path.replace(/\?.*$/u, ''));
    expect(paths.filter((p) => p.endsWith('/permissions'))).toHaveLength(6);
    expect(await exported(app(), 'u-grace', 'json')).toBe(want.json);
  });

  it('resumes after a kill between a step’s chunks and its record', async () => {
    const want = await expected(app(), 'u-ivan');
    const ports = forgePersonPorts();
    let chunksWritten = 0;
    let killed = 0;
    queues().registerConsumer(PERSON_QUEUE, (event) =>
      createPersonJob({
        ...forgePersonPorts(),
        store: {
          ...ports.store,
          writeReachChunks: async (...args) => {
            chunksWritten += 1;
            return ports.store.writeReachChunks(...args);
          },
          swapPersonRecord: async (record, accept) => {
            // The first step's chunks are stored; the platform stops it before its record is.
            if (chunksWritten === 1 && killed === 0) {
              killed += 1;
              throw new InvocationTimeLimitError(900_000);
            }
            return ports.store.swapPersonRecord(record, accept);
          },
        },
      }).worker(event),
    );
    await call(app(), 'startPersonCheck', { accountId: 'u-ivan', refresh: true });
    await app().drain();
    expect(killed).toBe(1);
    // The killed step was done again (its chunks written twice), and counted once.
    expect(chunksWritten).toBe(3);
    const done = await check(app(), 'u-ivan');
    expect(done.check).toMatchObject({ state: 'completed', spacesDone: 6 });
    expect(await exported(app(), 'u-ivan', 'json')).toBe(want.json);
    expect(await exported(app(), 'u-ivan', 'csv')).toBe(want.csv);
  });

  it('two deliveries of one step at once commit it once and queue one next step', async () => {
    const want = await expected(app(), 'u-priya');
    let doubled = 0;
    queues().registerConsumer(PERSON_QUEUE, async (event) => {
      // The platform hands the first reading step to two invocations at the same time.
      if ((event.body as { done?: number }).done === 0 && doubled === 0) {
        doubled += 1;
        await Promise.all([realConsumer(event), realConsumer(event)]);
        return;
      }
      await realConsumer(event);
    });
    await call(app(), 'startPersonCheck', { accountId: 'u-priya', refresh: true });
    const before = queues().deliveries.length;
    await app().drain();
    expect(doubled).toBe(1);
    // The plan, then two steps of three spaces: no second chain runs alongside.
    expect(queues().deliveries.length - before).toBe(3);
    expect((await check(app(), 'u-priya')).check).toMatchObject({
      state: 'completed',
      spacesDone: 6,
      steps: 3,
    });
    expect(await exported(app(), 'u-priya', 'json')).toBe(want.json);
  });

  it('queues a lost step again when the admin page looks, once it shows no sign of life', async () => {
    const want = await expected(app(), 'u-hank');
    let dropped = 0;
    queues().registerConsumer(PERSON_QUEUE, async (event) => {
      // The platform loses the first reading step's delivery: nothing runs, nothing is queued.
      if ((event.body as { done?: number }).done === 0 && dropped === 0) {
        dropped += 1;
        return;
      }
      await realConsumer(event);
    });
    await call(app(), 'startPersonCheck', { accountId: 'u-hank', refresh: true });
    await app().drain();
    expect(dropped).toBe(1);
    expect((await check(app(), 'u-hank')).check).toMatchObject({ state: 'running', spacesDone: 0 });
    expect(queues().pending(PERSON_QUEUE)).toBe(0);

    // Not before RESUME_AFTER_MS: a slow step or a wait for the pool is no lost step.
    queues().advance(RESUME_AFTER_MS - 60_000);
    await check(app(), 'u-hank');
    expect(queues().pending(PERSON_QUEUE)).toBe(0);
    queues().advance(60_000);
    await check(app(), 'u-hank');
    expect(queues().pending(PERSON_QUEUE)).toBe(1);
    // Looking again at once does not queue it twice.
    await check(app(), 'u-hank');
    expect(queues().pending(PERSON_QUEUE)).toBe(1);

    await app().drain();
    expect((await check(app(), 'u-hank')).check).toMatchObject({
      state: 'completed',
      spacesDone: 6,
    });
    expect(await exported(app(), 'u-hank', 'json')).toBe(want.json);
  });
});
