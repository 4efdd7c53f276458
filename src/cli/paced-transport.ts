/**
 * Bounds what the CLI sends: at most `concurrency` requests in flight and at most
 * `maxRequestsPerSecond` started per second, whatever the loaders ask for at once. API-token
 * traffic is not charged to an app's points pool, but Confluence still rate-limits bursts per
 * user; pacing up front costs less than answering 429s (which the client still honours).
 *
 * A 429 is shared by every request in flight, as Atlassian advises
 * (https://developer.atlassian.com/cloud/confluence/rate-limiting/): a burst's `Retry-After`
 * holds back every start, not only the refused call's retry. A quota 429 (OAuth traffic draws on
 * an hourly points pool) fails every later request at once, unsent: nothing succeeds until the
 * pool resets, and a command-line run should not wait an hour.
 */
import { ConfluenceError } from '../confluence/errors';
import { parseRateLimit, quotaWaitSeconds, rateLimitedBy } from '../confluence/rate-limit';
import type { ConfluenceTransport, TransportResponse } from '../confluence/transport';

export interface PacingOptions {
  /** Requests in flight at once; at least 1. */
  readonly concurrency: number;
  /** Requests started per second; `undefined` or 0 means unpaced. */
  readonly maxRequestsPerSecond?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function pacedTransport(
  inner: ConfluenceTransport,
  options: PacingOptions,
): ConfluenceTransport {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const limit = Math.max(1, Math.floor(options.concurrency));
  const rate = options.maxRequestsPerSecond ?? 0;
  const spacingMs = rate > 0 ? 1000 / rate : 0;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  let nextStartAt = 0;
  /** Set by a burst 429: no request starts before. */
  let holdUntil = 0;
  /** Set by a quota 429: the pool is empty until then (undefined: not known to be empty). */
  let emptyUntil: number | undefined;

  async function acquire(): Promise<void> {
    if (inFlight < limit) {
      inFlight += 1;
      return;
    }
    // The releasing request hands its slot over directly, so inFlight never exceeds the limit.
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  }

  /** Reserves the next start time before waiting, so concurrent callers queue up in order. */
  async function pace(): Promise<void> {
    const at = Math.max(now(), nextStartAt, holdUntil);
    if (spacingMs > 0) nextStartAt = at + spacingMs;
    const wait = at - now();
    if (wait > 0) await sleep(wait);
  }

  function observe(response: TransportResponse): void {
    if (response.status !== 429) return;
    const info = parseRateLimit((name) => response.header(name), now());
    if (rateLimitedBy(info) === 'quota') {
      // Without a reset, the pool's window (an hour) is the longest it can stay empty.
      emptyUntil = now() + (quotaWaitSeconds(info) ?? 3_600) * 1000;
    } else if (info.retryAfterSeconds !== undefined) {
      holdUntil = Math.max(holdUntil, now() + info.retryAfterSeconds * 1000);
    }
  }

  function refuseWhileEmpty(): void {
    if (emptyUntil === undefined) return;
    if (now() >= emptyUntil) {
      emptyUntil = undefined;
      return;
    }
    throw new ConfluenceError(
      'rate-limited',
      'Confluence refused: the hourly points pool is used up until it resets (not sent)',
      {
        status: 429,
        rateLimit: 'quota',
        retryAfterSeconds: Math.ceil((emptyUntil - now()) / 1000),
      },
    );
  }

  return {
    identity: inner.identity,
    async send(request, sendOptions) {
      refuseWhileEmpty();
      await acquire();
      try {
        await pace();
        refuseWhileEmpty();
        const response = await inner.send(request, sendOptions);
        observe(response);
        return response;
      } finally {
        release();
      }
    },
  };
}
