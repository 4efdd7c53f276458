/**
 * The admin page's person functions through the real `@forge/resolver` handler: admins only,
 * payloads refused before anything happens, a day-old answer served with its date, and never a
 * second check of one person while one runs.
 */
import type { PersonCheckView, PersonExport } from '../../src/contract/person';
import { InvocationTimeLimitError } from '../../dev/forge-platform/platform';
import type { DeliveredEvent } from '../../dev/forge-platform/queue';
import { personWorker } from '../../src/index';
import { PERSON_CACHE_TTL_MS, PERSON_QUEUE, STALE_AFTER_MS } from '../../src/jobs/person-job';
import { ADMIN, SETTINGS, appRequests, call } from '../jobs/audit-helpers';
import { useApp } from './app-harness';
import type { AppUnderTest } from './app-harness';

type Result = { ok: true; data: unknown } | { ok: false; error: { code: string } };

const FUNCTIONS: [string, unknown][] = [
  ['getPersonCheck', { accountId: 'u-dan' }],
  ['startPersonCheck', { accountId: 'u-dan' }],
  ['exportPersonReach', { accountId: 'u-dan', format: 'csv' }],
];

const pending = (app: AppUnderTest) => app.platform.queues.pending(PERSON_QUEUE);
const stored = (app: AppUnderTest) =>
  Object.keys(app.platform.kvs.snapshot().kvs)
    .filter((key) => key.startsWith('person:'))
    .sort();

describe('person functions', () => {
  const app = useApp({}, { jobs: true });

  it.each(FUNCTIONS)(
    '%s refuses a non-admin (FORBIDDEN) and changes nothing',
    async (key, payload) => {
      const before = stored(app());
      const result = (await app().call({ accountId: 'u-bob' }, key, payload, SETTINGS)) as Result;
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(pending(app())).toBe(0);
      expect(stored(app())).toEqual(before);
      expect(appRequests(app())).toEqual([]);
    },
  );

  it.each([
    ['startPersonCheck', { accountId: 'not an id' }],
    ['startPersonCheck', { accountId: 'u-dan', extra: true }],
    ['startPersonCheck', { accountId: 'u-dan', refresh: 'yes' }],
    ['getPersonCheck', {}],
    ['exportPersonReach', { accountId: 'u-dan', format: 'xlsx' }],
  ])('%s refuses %j (BAD_REQUEST) before any call', async (key, payload) => {
    const before = stored(app());
    const result = (await app().call(ADMIN, key, payload, SETTINGS)) as Result;
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(pending(app())).toBe(0);
    expect(stored(app())).toEqual(before);
    expect(app().platform.requests).toEqual([]);
  });

  it('answers "nothing yet" for a person never checked, and has nothing to export', async () => {
    const view = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-hank' });
    expect(view).toMatchObject({ accountId: 'u-hank', check: null, fresh: false });
    const file = await call<PersonExport>(app(), 'exportPersonReach', {
      accountId: 'u-hank',
      format: 'json',
    });
    expect(file).toEqual({ ready: false });
  });

  it('starts one check per person while one runs', async () => {
    const first = await call<PersonCheckView>(app(), 'startPersonCheck', { accountId: 'u-dan' });
    const second = await call<PersonCheckView>(app(), 'startPersonCheck', {
      accountId: 'u-dan',
      refresh: true,
    });
    expect(second.check?.jobId).toBe(first.check?.jobId);
    expect(pending(app())).toBe(1);
    await app().drain();
    const done = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    expect(done.check).toMatchObject({ jobId: first.check?.jobId, state: 'completed' });
    expect(done.answer?.subject).toMatchObject({ accountId: 'u-dan', isGuest: true });
  });

  it('serves a finished answer younger than a day with its date, without reading Confluence', async () => {
    const done = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    app().platform.clearRequests();
    const again = await call<PersonCheckView>(app(), 'startPersonCheck', { accountId: 'u-dan' });
    expect(again).toMatchObject({ fromCache: true, fresh: true });
    expect(again.check?.jobId).toBe(done.check?.jobId);
    expect(again.check?.finishedAt).toBe(done.check?.finishedAt);
    expect(again.answer).toEqual(done.answer);
    expect(pending(app())).toBe(0);
    expect(appRequests(app())).toEqual([]);
  });

  it('checks again when asked, and after a day on its own', async () => {
    const done = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    const refreshed = await call<PersonCheckView>(app(), 'startPersonCheck', {
      accountId: 'u-dan',
      refresh: true,
    });
    expect(refreshed.check?.jobId).not.toBe(done.check?.jobId);
    expect(refreshed.check?.state).toBe('queued');
    await app().drain();
    app().platform.queues.advance(PERSON_CACHE_TTL_MS);
    const stale = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-dan' });
    expect(stale).toMatchObject({ fresh: false });
    expect(stale.answer).toBeDefined();
    const restarted = await call<PersonCheckView>(app(), 'startPersonCheck', {
      accountId: 'u-dan',
    });
    expect(restarted.fromCache).toBeUndefined();
    expect(restarted.check?.jobId).not.toBe(refreshed.check?.jobId);
    await app().drain();
    // The answers replaced are deleted: one check's chunks remain.
    const jobs = new Set(
      stored(app())
        .filter((key) => key.startsWith('person:res:'))
        .map((key) => key.split(':')[2]),
    );
    expect([...jobs]).toEqual([restarted.check?.jobId]);
  });

  it('lets a new check take over from one that died, once it has shown no sign of life for an hour', async () => {
    const queues = app().platform.queues;
    const consumer = (event: DeliveredEvent) => personWorker(event);
    // Every delivery is stopped by the platform: the check's event runs out of retries.
    queues.registerConsumer(PERSON_QUEUE, () => {
      throw new InvocationTimeLimitError(900_000);
    });
    try {
      const dead = await call<PersonCheckView>(app(), 'startPersonCheck', {
        accountId: 'u-priya',
      });
      await app().drain();
      expect(pending(app())).toBe(0);
      const stuck = await call<PersonCheckView>(app(), 'startPersonCheck', {
        accountId: 'u-priya',
      });
      expect(stuck.check?.jobId).toBe(dead.check?.jobId);
      queues.advance(STALE_AFTER_MS);
      queues.registerConsumer(PERSON_QUEUE, consumer);
      const fresh = await call<PersonCheckView>(app(), 'startPersonCheck', {
        accountId: 'u-priya',
      });
      expect(fresh.check?.jobId).not.toBe(dead.check?.jobId);
      await app().drain();
      const done = await call<PersonCheckView>(app(), 'getPersonCheck', { accountId: 'u-priya' });
      expect(done.check).toMatchObject({ jobId: fresh.check?.jobId, state: 'completed' });
    } finally {
      queues.registerConsumer(PERSON_QUEUE, consumer);
    }
  });
});
