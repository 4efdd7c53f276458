/**
 * The preview's job runtime for one site: the manifest's queue consumers registered on the
 * site's local queues, a background loop that delivers queued events as they fall due (retry
 * delays and `delayInSeconds` included, on the preview clock), and the manifest's scheduled
 * triggers, run on demand. Deliveries are spaced out (`intervalMs`) so the settings page shows an
 * audit moving rather than finished before the first poll.
 *
 * Every delivery, retry and error is recorded for the shell's jobs panel; errors and retries are
 * printed in the terminal too, with the stack.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parse } from 'yaml';
import { registerManifestConsumers } from '../forge-platform/manifest-consumers';
import type { ManifestConsumer } from '../forge-platform/manifest-consumers';
import type { LocalPlatform } from '../forge-platform/platform';
import type { ConsumerContext, DeliveredEvent, LocalQueues } from '../forge-platform/queue';
import type { JobActivity, JobsStatus } from './api';

/**
 * The preview's sense of time: the wall clock, plus whatever "Skip the wait" jumped over. The
 * app's job clock, the queues, the KVS and the simulator's rate-limit windows all read it, so a
 * skipped hour is an hour for all of them.
 */
export class PreviewClock {
  private skipped = 0;
  readonly now = (): number => Date.now() + this.skipped;
  skip(ms: number): void {
    if (ms > 0) this.skipped += ms;
  }
  get skippedMs(): number {
    return this.skipped;
  }
}

/** One `scheduledTrigger` module of a manifest, resolved to its function's handler. */
export interface ManifestTrigger {
  readonly key: string;
  readonly functionKey: string;
  readonly interval: string;
  readonly file: string;
  readonly exportName: string;
}

export function manifestTriggers(manifest: string): readonly ManifestTrigger[] {
  const parsed = parse(manifest) as {
    modules?: { scheduledTrigger?: unknown; function?: unknown };
  } | null;
  const functions = new Map<string, string>();
  for (const fn of asArray(parsed?.modules?.function)) {
    const { key, handler } = fn as { key?: unknown; handler?: unknown };
    if (typeof key === 'string' && typeof handler === 'string') functions.set(key, handler);
  }
  return asArray(parsed?.modules?.scheduledTrigger).map((entry) => {
    const { key, function: functionKey, interval } = entry as Record<string, unknown>;
    if (typeof key !== 'string' || typeof functionKey !== 'string') {
      throw new Error('A scheduledTrigger module needs a key and a function');
    }
    const handler = functions.get(functionKey);
    const dot = handler?.lastIndexOf('.') ?? -1;
    if (handler === undefined || dot <= 0) {
      throw new Error(
        `Scheduled trigger ${key}: no function module "${functionKey}" with file.export`,
      );
    }
    return {
      key,
      functionKey,
      interval: typeof interval === 'string' ? interval : 'hour',
      file: handler.slice(0, dot),
      exportName: handler.slice(dot + 1),
    };
  });
}

export interface JobRunnerOptions {
  readonly siteId: string;
  readonly queues: LocalQueues;
  readonly platform: LocalPlatform;
  readonly clock: PreviewClock;
  /** The manifest's text. */
  readonly manifest: string;
  /** The exports of the app's module `file` (relative to `src/`). */
  readonly load: (file: string) => Record<string, unknown>;
  /** Runs `fn` with this site's platform answering the app's Forge calls. */
  readonly scope: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly log: (line: string) => void;
  /** Least time between two deliveries. Default 400 ms. */
  readonly intervalMs?: number;
  /** How often the loop looks for due events. Default 100 ms. */
  readonly tickMs?: number;
  /** Keep pending events in this JSON file, and re-queue them from it on start. */
  readonly queueFile?: string;
}

const KEEP_ACTIVITY = 30;

interface PersistedEvent {
  readonly queueName: string;
  readonly body: Record<string, unknown>;
  readonly dueAt: number;
}

export class JobRunner {
  readonly consumers: readonly ManifestConsumer[];
  readonly triggers: readonly ManifestTrigger[];
  private readonly queues: LocalQueues;
  private readonly intervalMs: number;
  private readonly tickMs: number;
  private readonly activity: JobActivity[] = [];
  private readonly errors: JobActivity[] = [];
  private readonly reportedFailures = new Set<string>();
  private readonly reportedProblems = new Set<string>();
  private loop: Promise<void> | undefined;
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private lastDeliveryEnd = 0;
  private active = 0;
  private persisted = '';

  constructor(private readonly options: JobRunnerOptions) {
    this.queues = options.queues;
    this.intervalMs = options.intervalMs ?? 400;
    this.tickMs = options.tickMs ?? 100;
    this.consumers = registerManifestConsumers(options.queues, options.manifest, (file) =>
      this.wrapExports(options.load(file)),
    );
    this.triggers = manifestTriggers(options.manifest);
    this.restoreQueue();
  }

  /** Starts delivering in the background. */
  start(): void {
    if (this.loop !== undefined) return;
    this.stopped = false;
    this.loop = this.options.scope(() => this.run());
  }

  /** Looks for due events now rather than at the next tick (e.g. after a resolver queued some). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops the loop; an event due meanwhile stays queued (and is kept with `queueFile`). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
    this.persistQueue();
  }

  /** Errors so far (consumer or trigger threw, event ran out of retries), newest first. */
  get errorList(): readonly JobActivity[] {
    return this.errors;
  }

  status(): Omit<JobsStatus, 'site' | 'skippedSeconds'> {
    const now = this.options.clock.now();
    let pending = 0;
    let due = 0;
    let nextDue: number | undefined;
    for (const job of this.queues.listJobs()) {
      for (const event of job.events) {
        if (event.state !== 'pending' && event.state !== 'running') continue;
        pending += 1;
        if (event.state === 'running' || event.dueAt <= now) due += 1;
        else nextDue = Math.min(nextDue ?? Infinity, event.dueAt);
      }
    }
    return {
      pending,
      due,
      running: this.active > 0,
      ...(nextDue === undefined ? {} : { nextDueInSeconds: Math.ceil((nextDue - now) / 1000) }),
      delivered: this.queues.deliveries.length,
      consumers: this.consumers.map((c) => ({
        key: c.key,
        queue: c.queue,
        functionKey: c.functionKey,
      })),
      triggers: this.triggers.map((t) => ({
        key: t.key,
        functionKey: t.functionKey,
        interval: t.interval,
      })),
      recent: this.activity.slice(0, KEEP_ACTIVITY),
      errors: this.errors.slice(0, KEEP_ACTIVITY),
      persisted: this.options.queueFile !== undefined,
    };
  }

  /** How long until the earliest waiting event is due (0 when one is due now or none waits). */
  msToNextDue(): number {
    const now = this.options.clock.now();
    let next = Infinity;
    for (const job of this.queues.listJobs()) {
      for (const event of job.events) {
        if (event.state === 'pending') next = Math.min(next, event.dueAt);
      }
    }
    return Number.isFinite(next) ? Math.max(0, next - now) : 0;
  }

  /**
   * Fires a scheduled trigger now, as the platform would: as the app, with no user, with the
   * trigger's request object. Resolves with what the function returned.
   */
  async runTrigger(key: string): Promise<unknown> {
    const trigger = this.triggers.find((t) => t.key === key);
    if (trigger === undefined) throw new Error(`No scheduledTrigger module "${key}"`);
    const fn = this.options.load(trigger.file)[trigger.exportName];
    if (typeof fn !== 'function') {
      throw new Error(
        `Scheduled trigger ${key}: ${trigger.file}.${trigger.exportName} is not a function`,
      );
    }
    const handler = fn as (request: unknown, context: unknown) => unknown;
    const request = {
      context: { cloudId: 'local', moduleKey: key },
      contextToken: 'local-preview',
    };
    const context = { installContext: `ari:cloud:confluence::site/${this.options.siteId}` };
    const name = `${key} → ${trigger.functionKey}`;
    try {
      const result = await this.options.scope(() =>
        this.options.platform.runAsApp(() => Promise.resolve(handler(request, context))),
      );
      this.record({ kind: 'trigger', name, outcome: 'ok', message: summary(result) });
      this.log(`scheduled trigger ${key} ran: ${summary(result)}`);
      return result;
    } catch (error) {
      this.record({ kind: 'trigger', name, outcome: 'error', message: errorText(error) });
      this.log(`scheduled trigger ${key} threw: ${errorText(error, true)}`);
      throw error;
    } finally {
      this.wake();
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.syncClock();
      try {
        await this.queues.drain();
      } catch (error) {
        // e.g. an event for a queue no consumer listens to: say so once, not every tick.
        this.problem(errorText(error));
      }
      this.reportFailures();
      this.persistQueue();
      await this.idle(this.tickMs);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Moves the queues' virtual clock up to the preview clock, so due times are real time. */
  private syncClock(): void {
    const lag = this.options.clock.now() - this.queues.now();
    if (lag > 0) this.queues.advance(lag);
  }

  private wrapExports(exports: Record<string, unknown>): Record<string, unknown> {
    const wrapped: Record<string, unknown> = { ...exports };
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== 'function') continue;
      const handler = value as (event: DeliveredEvent, context: ConsumerContext) => unknown;
      wrapped[name] = (event: DeliveredEvent, context: ConsumerContext) =>
        this.deliver(name, handler, event, context);
    }
    return wrapped;
  }

  private async deliver(
    name: string,
    handler: (event: DeliveredEvent, context: ConsumerContext) => unknown,
    event: DeliveredEvent,
    context: ConsumerContext,
  ): Promise<unknown> {
    const wait = this.lastDeliveryEnd + this.intervalMs - Date.now();
    if (wait > 0 && !this.stopped) await this.sleep(wait);
    if (this.stopped) {
      // The preview is closing: the event goes back to the queue rather than running half-way.
      return { _retry: true, retryOptions: { retryAfter: 1, retryReason: 'PREVIEW_STOPPING' } };
    }
    this.syncClock();
    const label = `${event.queueName} → ${name}${describeBody(event.body)}`;
    const attempt = event.retryContext ? ` (retry ${String(event.retryContext.retryCount)})` : '';
    this.active += 1;
    try {
      const result = await handler(event, context);
      const retry = retryOf(result);
      if (retry === undefined) {
        this.record({ kind: 'delivery', name: label + attempt, outcome: 'ok' });
      } else {
        const message = `asked to be retried in ${String(retry.after)} s (${retry.reason})`;
        this.record({ kind: 'delivery', name: label + attempt, outcome: 'retry', message });
        this.log(`${label}${attempt} ${message}`);
      }
      return result;
    } catch (error) {
      this.record({
        kind: 'delivery',
        name: label + attempt,
        outcome: 'error',
        message: errorText(error),
      });
      this.log(`${label}${attempt} threw: ${errorText(error, true)}`);
      throw error;
    } finally {
      this.active -= 1;
      this.lastDeliveryEnd = Date.now();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Events that ran out of retries: the platform drops them; the developer must hear of it. */
  private reportFailures(): void {
    for (const job of this.queues.listJobs()) {
      for (const event of job.events) {
        if (event.state !== 'failed' || this.reportedFailures.has(event.eventId)) continue;
        this.reportedFailures.add(event.eventId);
        const why =
          event.lastError === undefined ? 'it kept asking for retries' : errorText(event.lastError);
        const message = `gave up after ${String(event.deliveries)} deliveries: ${why}`;
        const name = `${event.queueName}${describeBody(event.body)}`;
        this.record({ kind: 'delivery', name, outcome: 'failed', message });
        this.log(`${name} ${message}`);
      }
    }
  }

  private problem(message: string): void {
    if (this.reportedProblems.has(message)) return;
    this.reportedProblems.add(message);
    this.record({ kind: 'delivery', name: 'queue', outcome: 'error', message });
    this.log(`queue problem: ${message}`);
  }

  private record(entry: Omit<JobActivity, 'at'>): void {
    const item: JobActivity = { at: new Date(this.options.clock.now()).toISOString(), ...entry };
    this.activity.unshift(item);
    this.activity.length = Math.min(this.activity.length, KEEP_ACTIVITY);
    if (item.outcome === 'error' || item.outcome === 'failed') {
      this.errors.unshift(item);
      this.errors.length = Math.min(this.errors.length, KEEP_ACTIVITY);
    }
  }

  private log(line: string): void {
    this.options.log(`[jobs ${this.options.siteId}] ${line}`);
  }

  // ── optional persistence of waiting events (`npm start -- --persist`) ───────────────────

  private pendingEvents(): PersistedEvent[] {
    const events: PersistedEvent[] = [];
    for (const job of this.queues.listJobs()) {
      for (const event of job.events) {
        // A running event counts: delivery is at-least-once, and the app's job is idempotent.
        if (event.state !== 'pending' && event.state !== 'running') continue;
        events.push({ queueName: event.queueName, body: event.body, dueAt: event.dueAt });
      }
    }
    return events;
  }

  private persistQueue(): void {
    const file = this.options.queueFile;
    if (file === undefined) return;
    const text = JSON.stringify({ version: 1, events: this.pendingEvents() });
    if (text === this.persisted) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    this.persisted = text;
  }

  private restoreQueue(): void {
    const file = this.options.queueFile;
    if (file === undefined || !existsSync(file)) return;
    let events: PersistedEvent[] = [];
    try {
      events =
        (JSON.parse(readFileSync(file, 'utf8')) as { events?: PersistedEvent[] }).events ?? [];
    } catch (error) {
      this.log(`could not read ${file}: ${errorText(error)}; starting with empty queues`);
      return;
    }
    for (const event of events) {
      const delay = Math.min(900, Math.max(0, Math.ceil((event.dueAt - this.queues.now()) / 1000)));
      void this.queues.handle('/webhook/queue/publish/local', {
        method: 'POST',
        body: JSON.stringify({
          queueName: event.queueName,
          jobId: randomUUID(),
          payload: [{ body: event.body, ...(delay > 0 ? { delayInSeconds: delay } : {}) }],
        }),
      });
    }
    if (events.length > 0)
      this.log(`re-queued ${String(events.length)} waiting event(s) from ${file}`);
  }
}

function retryOf(result: unknown): { after: number; reason: string } | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { _retry, retryOptions } = result as { _retry?: unknown; retryOptions?: unknown };
  if (_retry !== true) return undefined;
  const options = (retryOptions ?? {}) as { retryAfter?: unknown; retryReason?: unknown };
  return {
    after: typeof options.retryAfter === 'number' ? options.retryAfter : 1,
    reason: typeof options.retryReason === 'string' ? options.retryReason : 'retry requested',
  };
}

/** A short hint of what an event is about, e.g. ` (batch 0)`, from common body fields. */
function describeBody(body: Record<string, unknown>): string {
  const step = typeof body.step === 'string' ? body.step : undefined;
  if (step === undefined) return '';
  return typeof body.batch === 'number' ? ` (${step} ${String(body.batch)})` : ` (${step})`;
}

function summary(value: unknown): string {
  if (value === undefined) return 'returned nothing';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function errorText(error: unknown, withStack = false): string {
  if (error instanceof Error) return withStack && error.stack ? error.stack : error.message;
  return String(error);
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
