import api, { route } from '@forge/api';
import {
  InvocationError,
  InvocationErrorCode,
  JobDoesNotExistError,
  PayloadTooBigError,
  Queue,
  TooManyEventsError,
} from '@forge/events';
import { kvs } from '@forge/kvs';
import { registerManifestConsumers } from '../../dev/forge-platform/manifest-consumers';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';
import { LocalQueues } from '../../dev/forge-platform/queue';
import type { DeliveredEvent } from '../../dev/forge-platform/queue';

/**
 * The real `@forge/events` `Queue` against the local queues: push, deliver to the consumer as
 * the runtime would, at-least-once, delays and retries on a virtual clock, job stats, cancel.
 */
describe('local Forge queues', () => {
  let platform: LocalPlatform;
  const queue = new Queue({ key: 'audit-batches' });
  beforeEach(() => {
    platform = installLocalPlatform();
  });
  afterEach(() => {
    platform.uninstall();
  });

  it('delivers a pushed event to the consumer with its body, ids and no user', async () => {
    const received: DeliveredEvent[] = [];
    let asUserError: unknown;
    platform.queues.registerConsumer('audit-batches', async (event) => {
      received.push(event);
      // Consumers run as the app: there is no user to speak as.
      asUserError = await api
        .asUser()
        .requestConfluence(route`/wiki/rest/api/user/current`)
        .catch((e: unknown) => e);
      await kvs.set(`batch:${String(event.body.batch)}`, 'done');
    });

    const { jobId } = await platform.runAs({ accountId: 'u-admin' }, () =>
      queue.push([{ body: { batch: 1, spaces: ['ENG'] } }, { body: { batch: 2, spaces: [] } }]),
    );
    await expect(queue.getJob(jobId).getStats()).resolves.toEqual({
      success: 0,
      inProgress: 2,
      failed: 0,
    });

    await expect(platform.queues.drain()).resolves.toEqual({
      delivered: 2,
      succeeded: 2,
      retried: 0,
      failed: 0,
      pending: 0,
    });
    expect(received.map((e) => [e.queueName, e.jobId, e.body, e.retryContext])).toEqual([
      ['audit-batches', jobId, { batch: 1, spaces: ['ENG'] }, undefined],
      ['audit-batches', jobId, { batch: 2, spaces: [] }, undefined],
    ]);
    expect(new Set(received.map((e) => e.eventId)).size).toBe(2);
    expect(String(asUserError)).toContain('no user');
    await expect(kvs.get('batch:2')).resolves.toBe('done');
    await expect(queue.getJob(jobId).getStats()).resolves.toEqual({
      success: 2,
      inProgress: 0,
      failed: 0,
    });
  });

  it('delivers an event twice on demand, and counts it once', async () => {
    const eventIds: string[] = [];
    platform.queues.registerConsumer('audit-batches', (event) => {
      eventIds.push(event.eventId);
    });
    platform.queues.duplicateNext(1);
    const { jobId } = await queue.push([{ body: { batch: 1 } }, { body: { batch: 2 } }]);
    const result = await platform.queues.drain();
    expect(result.delivered).toBe(3);
    expect(eventIds[0]).toBe(eventIds[1]);
    expect(eventIds[2]).not.toBe(eventIds[0]);
    await expect(queue.getStats(jobId)).resolves.toEqual({ success: 2, inProgress: 0, failed: 0 });
    expect(platform.queues.deliveries.map((d) => d.duplicate)).toEqual([false, true, false]);
  });

  it('retries a consumer that returns InvocationError after its retryAfter, with retryContext', async () => {
    const seen: DeliveredEvent[] = [];
    platform.queues.registerConsumer('audit-batches', (event) => {
      seen.push(event);
      if (seen.length === 1) {
        return new InvocationError({
          retryAfter: 30,
          retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
          retryData: { resumeFrom: 'space:ENG' },
        });
      }
      return undefined;
    });
    const { jobId } = await queue.push({ body: { batch: 7 } });

    expect((await platform.queues.drain()).retried).toBe(1);
    await expect(queue.getStats(jobId)).resolves.toEqual({ success: 0, inProgress: 1, failed: 0 });
    platform.queues.advance(29_999);
    expect((await platform.queues.drain()).delivered).toBe(0);
    platform.queues.advance(1);
    expect((await platform.queues.drain()).succeeded).toBe(1);

    expect(seen).toHaveLength(2);
    expect(seen[1]?.eventId).toBe(seen[0]?.eventId);
    expect(seen[1]?.retryContext).toEqual({
      retryCount: 1,
      retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
      retryData: { resumeFrom: 'space:ENG' },
    });
    await expect(queue.getStats(jobId)).resolves.toEqual({ success: 1, inProgress: 0, failed: 0 });
  });

  it('retries a consumer that throws, up to the retry limit, then counts the event failed', async () => {
    let calls = 0;
    platform.queues.registerConsumer('audit-batches', () => {
      calls += 1;
      throw new Error('crashed mid-batch');
    });
    const { jobId } = await queue.push({ body: { batch: 1 } });
    const result = await platform.queues.drain({ advanceTime: true });
    expect(calls).toBe(5);
    expect(result).toEqual({ delivered: 5, succeeded: 0, retried: 4, failed: 1, pending: 0 });
    await expect(queue.getStats(jobId)).resolves.toEqual({ success: 0, inProgress: 0, failed: 1 });
  });

  it('honours delayInSeconds on the virtual clock', async () => {
    const bodies: unknown[] = [];
    platform.queues.registerConsumer('audit-batches', (event) => {
      bodies.push(event.body);
    });
    await queue.push([{ body: { at: 'later' }, delayInSeconds: 60 }, { body: { at: 'now' } }]);
    await platform.queues.drain();
    expect(bodies).toEqual([{ at: 'now' }]);
    platform.queues.advance(60_000);
    await platform.queues.drain();
    expect(bodies).toEqual([{ at: 'now' }, { at: 'later' }]);
  });

  it('delivers events that consumers push while draining (fan-out)', async () => {
    const done: number[] = [];
    platform.queues.registerConsumer('audit-batches', async (event) => {
      const n = event.body.n as number;
      done.push(n);
      if (n < 3) await queue.push({ body: { n: n + 1 } });
    });
    await queue.push({ body: { n: 1 } });
    expect((await platform.queues.drain()).delivered).toBe(3);
    expect(done).toEqual([1, 2, 3]);
    expect(platform.queues.listJobs()).toHaveLength(3);
  });

  it('refuses a push of 51 events or over 200 KB, and records no job', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ body: { i } }));
    await expect(queue.push(many)).rejects.toBeInstanceOf(TooManyEventsError);
    await expect(queue.push({ body: { blob: 'x'.repeat(201 * 1024) } })).rejects.toBeInstanceOf(
      PayloadTooBigError,
    );
    expect(platform.queues.listJobs()).toEqual([]);
    await queue.push(many.slice(0, 50));
    expect(platform.queues.pending()).toBe(50);
  });

  it('cancels a job: its waiting events are never delivered', async () => {
    let calls = 0;
    platform.queues.registerConsumer('audit-batches', () => {
      calls += 1;
    });
    const { jobId } = await queue.push([
      { body: { i: 1 }, delayInSeconds: 10 },
      { body: { i: 2 }, delayInSeconds: 10 },
    ]);
    await queue.cancel(jobId);
    await platform.queues.drain({ advanceTime: true });
    expect(calls).toBe(0);
    await expect(queue.getStats(jobId)).resolves.toEqual({ success: 0, inProgress: 0, failed: 0 });
    await expect(queue.getStats('no-such-job')).rejects.toBeInstanceOf(JobDoesNotExistError);
  });

  it('can deliver due events in a seeded shuffled order (the platform promises no order)', async () => {
    const order = async (queues: LocalQueues) => {
      platform.uninstall();
      platform = installLocalPlatform({ queues });
      const seen: number[] = [];
      queues.registerConsumer('audit-batches', (event) => {
        seen.push(event.body.i as number);
      });
      await queue.push(Array.from({ length: 10 }, (_, i) => ({ body: { i } })));
      await queues.drain();
      return seen;
    };
    const fifo = await order(new LocalQueues());
    const shuffled = await order(new LocalQueues({ order: { shuffleSeed: 7 } }));
    expect(fifo).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(shuffled).not.toEqual(fifo);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(fifo);
    await expect(order(new LocalQueues({ order: { shuffleSeed: 7 } }))).resolves.toEqual(shuffled);
  });

  it('refuses to drain a queue that has no consumer', async () => {
    await queue.push({ body: {} });
    await expect(platform.queues.drain()).rejects.toThrow('No consumer is registered');
  });

  it("registers the manifest's consumers by their function handlers", async () => {
    const queues = new LocalQueues();
    platform.uninstall();
    platform = installLocalPlatform({ queues });
    const calls: unknown[] = [];
    const manifest = `
modules:
  consumer:
    - key: audit-consumer
      queue: audit-batches
      function: audit-worker
  function:
    - key: audit-worker
      handler: audit.consume
      timeoutSeconds: 900
`;
    const registered = registerManifestConsumers(queues, manifest, (file) => ({
      consume: (event: DeliveredEvent) => calls.push([file, event.body]),
    }));
    expect(registered.map((c) => [c.key, c.queue, c.file, c.exportName])).toEqual([
      ['audit-consumer', 'audit-batches', 'audit', 'consume'],
    ]);
    await queue.push({ body: { from: 'manifest' } });
    await queues.drain();
    expect(calls).toEqual([['audit', { from: 'manifest' }]]);
  });
});
