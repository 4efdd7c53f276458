import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * Local Forge async-events queues: serves the `/webhook/queue/{publish,stats,cancel}/…` calls the
 * real `@forge/events` `Queue` makes (through `__requestAtlassianAsApp`, descriptor
 * `{ type: 'fpp', provider: 'app', remote: 'stargate' }`) and delivers each event to the consumer
 * registered for its queue, the way the runtime calls a consumer function:
 * `handler(event, context)` with `event = { body, queueName, jobId, eventId, retryContext? }`.
 *
 * Delivery happens only when a test or tool asks (`drain()`), on a virtual clock (`advance()`),
 * so delays and retries are deterministic. Semantics kept from the platform: at-least-once
 * (duplicates on demand), no ordering promise, `delayInSeconds` ≤900, retries requested by
 * returning an `InvocationError` honour its `retryAfter`, at most `maxRetries` retries, and the
 * cyclic invocation limit: at most 1,000 push requests across every handler that descends from one
 * initial invocation (a resolver call, a scheduled trigger), retries included in the chain but
 * not counted as pushes; the platform refuses the next push with HTTP 405, which `@forge/events`
 * throws as `InvocationLimitReachedError`
 * (https://developer.atlassian.com/platform/forge/limits-async-events/).
 */

export interface RetryContext {
  readonly retryCount: number;
  readonly retryReason: string;
  readonly retryData: unknown;
}

/** What a consumer function receives: `AsyncEvent` of `@forge/events`. */
export interface DeliveredEvent {
  readonly body: Record<string, unknown>;
  readonly queueName: string;
  readonly jobId: string;
  readonly eventId: string;
  readonly delayInSeconds?: number;
  readonly concurrency?: { readonly key: string; readonly limit: number };
  readonly retryContext?: RetryContext;
}

export interface ConsumerContext {
  readonly installContext: string;
  readonly environmentId: string;
  readonly environmentType: string;
}

export type ConsumerHandler = (event: DeliveredEvent, context: ConsumerContext) => unknown;

export interface LocalQueuesOptions {
  /** Start of the virtual clock (epoch ms); defaults to the wall clock at construction. */
  readonly startTime?: number;
  /** Retries after the first delivery before an event counts as failed (default 4). */
  readonly maxRetries?: number;
  /**
   * Whether a consumer that throws is retried like one returning `InvocationError` (reason
   * `FUNCTION_PLATFORM_UNKNOWN_ERROR`, after 1 s). Default true: a crashed batch comes back.
   */
  readonly retryThrownErrors?: boolean;
  /** Deliver every event twice (at-least-once taken literally). */
  readonly deliverDuplicate?: boolean;
  /** Delivery order among due events: push order, or a seeded shuffle (no ordering promise). */
  readonly order?: 'fifo' | { readonly shuffleSeed: number };
  /**
   * Push requests one chain may make (default `CHAIN_PUSH_LIMIT`, Forge's documented 1,000); a
   * suite may lower it to reach the limit in a few deliveries.
   */
  readonly maxChainPushes?: number;
  readonly installContext?: string;
  readonly environmentId?: string;
  readonly environmentType?: string;
}

/** Forge's cyclic invocation limit: push requests per chain of handlers from one invocation. */
export const CHAIN_PUSH_LIMIT = 1000;

/** The push requests made so far by one chain: everything descending from one invocation. */
export interface InvocationChain {
  readonly chainId: string;
  pushes: number;
}

export interface JobStats {
  readonly success: number;
  readonly inProgress: number;
  readonly failed: number;
}

export type EventState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface QueuedEvent {
  readonly eventId: string;
  readonly jobId: string;
  readonly queueName: string;
  readonly body: Record<string, unknown>;
  readonly delayInSeconds?: number;
  readonly concurrency?: { readonly key: string; readonly limit: number };
  state: EventState;
  /** Virtual time (epoch ms) from which the event may be delivered. */
  dueAt: number;
  retryContext?: RetryContext;
  /** The chain the push that queued this event belongs to; its consumer continues it. */
  readonly chain: InvocationChain;
  /** Deliveries so far, duplicates included. */
  deliveries: number;
  lastError?: unknown;
}

export interface JobRecord {
  readonly jobId: string;
  readonly queueName: string;
  readonly events: readonly QueuedEvent[];
  cancelled: boolean;
}

export interface DeliveryRecord {
  readonly eventId: string;
  readonly jobId: string;
  readonly queueName: string;
  readonly retryCount: number;
  readonly duplicate: boolean;
  readonly outcome: 'success' | 'retry' | 'error';
  readonly at: number;
  readonly chainId: string;
}

export interface DrainResult {
  /** Consumer invocations made, duplicates included. */
  readonly delivered: number;
  readonly succeeded: number;
  /** Deliveries that asked for (or, when throwing, were given) a retry. */
  readonly retried: number;
  /** Events that ran out of retries (or failed without one) during this drain. */
  readonly failed: number;
  /** Events still waiting (delayed or retrying) after the drain. */
  readonly pending: number;
}

export interface DrainOptions {
  /** Also jump the clock to each next due event until nothing is pending (default false). */
  readonly advanceTime?: boolean;
  /** Safety stop for runaway producer loops (default 100 000 deliveries). */
  readonly maxDeliveries?: number;
}

/** The platform's limits on one push (also checked by the SDK, checked again here). */
export const QUEUE_LIMITS = { maxEvents: 50, maxPayloadKb: 200, maxDelaySeconds: 900 };

const QUEUE_NAME = /^[a-zA-Z0-9-_]+$/;
const PATH = /^\/webhook\/queue\/(publish|stats|cancel)\//;

export class LocalQueues {
  /** Every consumer invocation, in order. */
  readonly deliveries: DeliveryRecord[] = [];
  private readonly consumers = new Map<string, ConsumerHandler>();
  private readonly jobs = new Map<string, JobRecord>();
  private readonly events: QueuedEvent[] = [];
  private readonly maxRetries: number;
  private readonly retryThrownErrors: boolean;
  private readonly context: ConsumerContext;
  private readonly random: (() => number) | undefined;
  private deliverDuplicate: boolean;
  private maxChainPushes: number;
  /** The chain of the consumer invocation in progress, so its pushes continue that chain. */
  private readonly running = new AsyncLocalStorage<InvocationChain>();
  /** Every chain seen, and the pushes refused at the limit. */
  private readonly chains: InvocationChain[] = [];
  private refusedPushes = 0;
  private duplicates = 0;
  private clock: number;
  private scope: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn();

  constructor(options: LocalQueuesOptions = {}) {
    this.clock = options.startTime ?? Date.now();
    this.maxRetries = options.maxRetries ?? 4;
    this.retryThrownErrors = options.retryThrownErrors ?? true;
    this.deliverDuplicate = options.deliverDuplicate ?? false;
    this.maxChainPushes = options.maxChainPushes ?? CHAIN_PUSH_LIMIT;
    const order = options.order ?? 'fifo';
    this.random = order === 'fifo' ? undefined : seededRandom(order.shuffleSeed);
    this.context = {
      installContext: options.installContext ?? 'ari:cloud:confluence::site/local',
      environmentId: options.environmentId ?? 'local',
      environmentType: options.environmentType ?? 'DEVELOPMENT',
    };
  }

  /** The virtual clock, epoch ms. */
  now(): number {
    return this.clock;
  }

  /** Moves the virtual clock forward; delayed and retrying events become due. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('advance() takes a non-negative number of milliseconds');
    this.clock += ms;
  }

  /** The consumer for `queueKey` (the manifest's `consumer.queue`); replaces any earlier one. */
  registerConsumer(queueKey: string, handler: ConsumerHandler): void {
    this.consumers.set(queueKey, handler);
  }

  /** Deliver each of the next `n` deliveries twice. */
  duplicateNext(n = 1): void {
    this.duplicates += n;
  }

  setDeliverDuplicate(on: boolean): void {
    this.deliverDuplicate = on;
  }

  /** Changes the cyclic invocation limit for pushes from now on (see `maxChainPushes`). */
  setMaxChainPushes(limit: number): void {
    this.maxChainPushes = limit;
  }

  /** The most push requests any one chain has made, and how many pushes the limit refused. */
  chainStats(): { readonly longest: number; readonly chains: number; readonly refused: number } {
    return {
      longest: Math.max(0, ...this.chains.map((chain) => chain.pushes)),
      chains: this.chains.length,
      refused: this.refusedPushes,
    };
  }

  /**
   * Wraps every consumer invocation (the platform uses it to run consumers as the app, with no
   * user). Set by `installLocalPlatform`.
   */
  setInvocationScope(scope: <T>(fn: () => Promise<T>) => Promise<T>): void {
    this.scope = scope;
  }

  getJob(jobId: string): JobRecord | undefined {
    return this.jobs.get(jobId);
  }

  jobStats(jobId: string): JobStats | undefined {
    const job = this.jobs.get(jobId);
    return job && statsOf(job);
  }

  listJobs(): readonly JobRecord[] {
    return [...this.jobs.values()];
  }

  /** Events not yet finished (due now or later), optionally for one queue. */
  pending(queueName?: string): number {
    return this.events.filter(
      (e) => e.state === 'pending' && (queueName === undefined || e.queueName === queueName),
    ).length;
  }

  /** Forgets all jobs, events and deliveries; keeps consumers and the clock. */
  reset(): void {
    this.jobs.clear();
    this.events.length = 0;
    this.deliveries.length = 0;
    this.duplicates = 0;
    this.chains.length = 0;
    this.refusedPushes = 0;
  }

  /**
   * Delivers due events, one invocation at a time, until none is due; events pushed by
   * consumers meanwhile are delivered too. With `advanceTime`, the clock jumps to each next
   * delayed or retrying event until the queues are empty.
   */
  async drain(options: DrainOptions = {}): Promise<DrainResult> {
    const limit = options.maxDeliveries ?? 100_000;
    let delivered = 0;
    let succeeded = 0;
    let retried = 0;
    let failed = 0;
    for (;;) {
      let next = this.nextDue();
      if (!next && options.advanceTime) {
        const waiting = this.events.filter((e) => e.state === 'pending');
        if (waiting.length > 0) {
          this.clock = Math.max(this.clock, Math.min(...waiting.map((e) => e.dueAt)));
          next = this.nextDue();
        }
      }
      if (!next) break;
      if (delivered >= limit) {
        throw new Error(`drain() stopped after ${String(limit)} deliveries`);
      }
      const outcome = await this.deliver(next);
      delivered += outcome.deliveries;
      if (outcome.result === 'success') succeeded += 1;
      else if (outcome.result === 'retry') retried += 1;
      else failed += 1;
    }
    return { delivered, succeeded, retried, failed, pending: this.pending() };
  }

  /** Serves one `@forge/events` request, as `__forge_fetch__` hands it over. */
  handle(path: string, init?: RequestInit): Promise<Response> {
    const match = PATH.exec(path);
    if (!match || (init?.method ?? 'GET').toUpperCase() !== 'POST') {
      return Promise.resolve(json(404, { message: `No queue endpoint ${path}` }));
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(typeof init?.body === 'string' ? init.body : '') as Record<string, unknown>;
    } catch {
      return Promise.resolve(json(400, { message: 'The request body is not JSON' }));
    }
    const queueName = body.queueName;
    const jobId = body.jobId;
    if (typeof queueName !== 'string' || !QUEUE_NAME.test(queueName)) {
      return Promise.resolve(json(400, { message: 'Invalid queue name' }));
    }
    if (typeof jobId !== 'string' || jobId === '') {
      return Promise.resolve(json(400, { message: 'jobId cannot be empty' }));
    }
    switch (match[1]) {
      case 'publish':
        return Promise.resolve(this.publish(queueName, jobId, body.payload));
      case 'stats': {
        const job = this.jobs.get(jobId);
        if (!job || job.queueName !== queueName) return Promise.resolve(json(404, {}));
        return Promise.resolve(json(200, statsOf(job)));
      }
      default: {
        const job = this.jobs.get(jobId);
        if (!job || job.queueName !== queueName) return Promise.resolve(json(404, {}));
        this.cancel(job);
        return Promise.resolve(new Response(null, { status: 204, statusText: 'No Content' }));
      }
    }
  }

  private publish(queueName: string, jobId: string, payload: unknown): Response {
    if (!Array.isArray(payload) || payload.length === 0) {
      return json(400, { message: 'No events pushed.' });
    }
    if (payload.length > QUEUE_LIMITS.maxEvents) {
      return json(400, {
        message: `This push contains more than the ${String(QUEUE_LIMITS.maxEvents)} events allowed.`,
      });
    }
    if (Buffer.byteLength(JSON.stringify(payload)) / 1024 > QUEUE_LIMITS.maxPayloadKb) {
      return json(413, {
        errorMessage: `The maximum payload size is ${String(QUEUE_LIMITS.maxPayloadKb)}KB.`,
      });
    }
    // A push from inside a consumer continues that consumer's chain; any other starts one.
    let chain = this.running.getStore();
    if (chain === undefined) {
      chain = { chainId: randomUUID(), pushes: 0 };
      this.chains.push(chain);
    }
    if (chain.pushes >= this.maxChainPushes) {
      this.refusedPushes += 1;
      return json(405, { message: 'The limit on cyclic invocation has been reached.' });
    }
    const accepted: QueuedEvent[] = [];
    for (const item of payload as unknown[]) {
      const { body, delayInSeconds, concurrency } = (item ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return json(400, { message: 'Event body must be an object.' });
      }
      const delay = delayInSeconds === undefined ? 0 : delayInSeconds;
      if (typeof delay !== 'number' || delay < 0 || delay > QUEUE_LIMITS.maxDelaySeconds) {
        return json(400, { message: 'The delayInSeconds setting must be between 0 and 900.' });
      }
      accepted.push({
        eventId: randomUUID(),
        jobId,
        queueName,
        body: body as Record<string, unknown>,
        ...(delayInSeconds === undefined ? {} : { delayInSeconds: delay }),
        ...(concurrency === undefined
          ? {}
          : { concurrency: concurrency as { key: string; limit: number } }),
        state: 'pending',
        dueAt: this.clock + delay * 1000,
        chain,
        deliveries: 0,
      });
    }
    const existing = this.jobs.get(jobId);
    if (existing) {
      return json(400, { message: `The job ${jobId} already exists` });
    }
    chain.pushes += 1;
    this.jobs.set(jobId, { jobId, queueName, events: accepted, cancelled: false });
    this.events.push(...accepted);
    return json(201, { jobId });
  }

  private cancel(job: JobRecord): void {
    job.cancelled = true;
    for (const event of job.events) {
      if (event.state === 'pending') event.state = 'cancelled';
    }
  }

  private nextDue(): QueuedEvent | undefined {
    const due = this.events.filter((e) => e.state === 'pending' && e.dueAt <= this.clock);
    if (due.length === 0) return undefined;
    if (this.random) return due[Math.floor(this.random() * due.length)];
    // Push order among events due at the same moment; earlier due first.
    return due.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
  }

  private async deliver(
    event: QueuedEvent,
  ): Promise<{ deliveries: number; result: 'success' | 'retry' | 'failed' }> {
    const handler = this.consumers.get(event.queueName);
    if (!handler) {
      throw new Error(
        `No consumer is registered for queue "${event.queueName}" (registerConsumer)`,
      );
    }
    event.state = 'running';
    const twice = this.deliverDuplicate || this.duplicates > 0;
    if (!this.deliverDuplicate && this.duplicates > 0) this.duplicates -= 1;
    const outcome = await this.invoke(handler, event, false);
    let deliveries = 1;
    if (twice) {
      // The copy's outcome does not change the event's: the platform settles it on the first.
      await this.invoke(handler, event, true);
      deliveries = 2;
    }
    // A job cancelled while this event ran keeps the event's own outcome.
    if (outcome.kind === 'success') {
      event.state = 'succeeded';
      return { deliveries, result: 'success' };
    }
    const retryCount = (event.retryContext?.retryCount ?? 0) + 1;
    if (outcome.kind === 'error' && !this.retryThrownErrors) {
      event.state = 'failed';
      return { deliveries, result: 'failed' };
    }
    if (retryCount > this.maxRetries || this.jobs.get(event.jobId)?.cancelled) {
      event.state = 'failed';
      return { deliveries, result: 'failed' };
    }
    event.retryContext = {
      retryCount,
      retryReason: outcome.retryReason,
      retryData: outcome.retryData,
    };
    event.dueAt = this.clock + outcome.retryAfterSeconds * 1000;
    event.state = 'pending';
    return { deliveries, result: 'retry' };
  }

  private async invoke(
    handler: ConsumerHandler,
    event: QueuedEvent,
    duplicate: boolean,
  ): Promise<
    | { kind: 'success' }
    | {
        kind: 'retry' | 'error';
        retryAfterSeconds: number;
        retryReason: string;
        retryData: unknown;
      }
  > {
    event.deliveries += 1;
    // Each delivery gets its own copy, as if deserialized from the wire.
    const delivered = structuredClone({
      body: event.body,
      queueName: event.queueName,
      jobId: event.jobId,
      eventId: event.eventId,
      ...(event.delayInSeconds === undefined ? {} : { delayInSeconds: event.delayInSeconds }),
      ...(event.concurrency === undefined ? {} : { concurrency: event.concurrency }),
      ...(event.retryContext === undefined ? {} : { retryContext: event.retryContext }),
    }) as DeliveredEvent;
    const record = (outcome: DeliveryRecord['outcome']) =>
      this.deliveries.push({
        eventId: event.eventId,
        jobId: event.jobId,
        queueName: event.queueName,
        retryCount: event.retryContext?.retryCount ?? 0,
        duplicate,
        outcome,
        at: this.clock,
        chainId: event.chain.chainId,
      });
    try {
      const result = await this.running.run(event.chain, () =>
        this.scope(() => Promise.resolve(handler(delivered, { ...this.context }))),
      );
      const retry = retryRequest(result);
      if (retry) {
        record('retry');
        return { kind: 'retry', ...retry };
      }
      record('success');
      return { kind: 'success' };
    } catch (error) {
      event.lastError = error;
      record('error');
      return {
        kind: 'error',
        retryAfterSeconds: 1,
        retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
        retryData: undefined,
      };
    }
  }
}

/**
 * A consumer asks for a retry by returning `new InvocationError(options)`, whose constructor
 * returns its JSON form `{ _retry: true, retryOptions }`; this reads that form.
 */
function retryRequest(
  result: unknown,
): { retryAfterSeconds: number; retryReason: string; retryData: unknown } | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { _retry, retryOptions } = result as { _retry?: unknown; retryOptions?: unknown };
  if (_retry !== true) return undefined;
  const options = (retryOptions ?? {}) as {
    retryAfter?: unknown;
    retryReason?: unknown;
    retryData?: unknown;
  };
  const after = typeof options.retryAfter === 'number' ? options.retryAfter : 1;
  return {
    retryAfterSeconds: Math.min(Math.max(after, 1), QUEUE_LIMITS.maxDelaySeconds),
    retryReason:
      typeof options.retryReason === 'string' ? options.retryReason : 'FUNCTION_RETRY_REQUEST',
    retryData: options.retryData,
  };
}

function statsOf(job: JobRecord): JobStats {
  let success = 0;
  let inProgress = 0;
  let failed = 0;
  for (const event of job.events) {
    if (event.state === 'succeeded') success += 1;
    else if (event.state === 'failed') failed += 1;
    else if (event.state === 'pending' || event.state === 'running') inProgress += 1;
  }
  return { success, inProgress, failed };
}

function json(status: number, body: unknown): Response {
  const statusText =
    {
      200: 'OK',
      201: 'Created',
      400: 'Bad Request',
      404: 'Not Found',
      405: 'Method Not Allowed',
      413: 'Payload Too Large',
    }[status] ?? '';
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });
}

/** mulberry32: a tiny deterministic generator, so a shuffled order replays exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
