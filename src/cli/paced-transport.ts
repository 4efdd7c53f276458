/**
 * Bounds what the CLI sends: at most `concurrency` requests in flight and at most
 * `maxRequestsPerSecond` started per second, whatever the loaders ask for at once. API-token
 * traffic is not charged to an app's points pool, but Confluence still rate-limits bursts per
 * user; pacing up front costs less than answering 429s (which the client still honours).
 */
import type { ConfluenceTransport } from '../confluence/transport';

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
    if (spacingMs === 0) return;
    const at = Math.max(now(), nextStartAt);
    nextStartAt = at + spacingMs;
    const wait = at - now();
    if (wait > 0) await sleep(wait);
  }

  return {
    identity: inner.identity,
    async send(request, sendOptions) {
      await acquire();
      try {
        await pace();
        return await inner.send(request, sendOptions);
      } finally {
        release();
      }
    },
  };
}
