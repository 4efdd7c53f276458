/**
 * When and how long to wait before trying a call again.
 *
 * Only idempotent calls (GET) are retried. `POST …/permission/check` is read-only too, but it is
 * still not retried: it is an optional confirmation next to the engine's own answer, so failing
 * it fast ("Confluence could not confirm") is better than spending the resolver's deadline on it,
 * and "no POST is ever retried" stays a rule a reviewer can check at a glance.
 */
export interface RetryPolicy {
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  /**
   * Attempts per call when Confluence answers a burst 429 (default `maxAttempts`). A caller that
   * hands failures back to a queue still waits out a burst in place: its `Retry-After` is a
   * second or so, and requeueing would redo the work before the call. A quota 429 (the points
   * pool is empty) is never retried by the client.
   */
  readonly burstAttempts?: number;
  /** First backoff step when Confluence gives no `Retry-After`. */
  readonly baseDelayMs: number;
  /** Cap of one backoff step (before jitter). */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
};

/**
 * Default overall deadline: Forge kills a UI resolver at 25 s; 20 s leaves room to answer with a
 * typed error instead of being cut off.
 */
export const DEFAULT_DEADLINE_MS = 20_000;

/** Statuses worth another attempt: rate limiting and transient server trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * `Retry-After` as seconds from now: either delta-seconds or an HTTP date. Unparseable values
 * are ignored (the caller backs off instead); dates in the past mean "now".
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d+\.\d+$/.test(text)) return Math.ceil(Number(text));
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/**
 * Exponential backoff with jitter for attempt `attempt` (1 = the wait after the first failure):
 * a random point in the upper half of the step, so concurrent callers spread out but never
 * retry immediately.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}
