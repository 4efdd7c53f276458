// Confluence's two rate limits, with the headers Atlassian documents for them
// (https://developer.atlassian.com/cloud/confluence/rate-limiting/):
//
// - the points quota: one hourly pool for the app (`global-app-quota`, Tier 1), shared by every
//   install, so one pool for the whole simulator, charged by app traffic only. Fixed clock-hour
//   windows. Points are charged after the response is computed, as the cost depends on what it
//   returned; a request is refused only once the pool is already spent, so the last request of a
//   window may overshoot, as in Cloud. Reported on every app-traffic response by
//   `RateLimit-Policy: "global-app-quota";q=<pool>;w=3600` and `RateLimit: "global-app-quota";t=<s>`
//   (`Beta-` prefixed until Atlassian enforces them: the `headers` option), with `r=<left>` and
//   `X-RateLimit-NearLimit: true` once under 20% is left.
// - a burst limit of N requests per caller per clock second, for all traffic, reported by
//   `X-RateLimit-Limit` / `X-RateLimit-Remaining`.
//
// A 429 says which one refused in `RateLimit-Reason`, with `Retry-After`.
export const HOUR_MS = 3_600_000;
export const NEAR_LIMIT_FRACTION = 0.2;
export const QUOTA_POLICY = 'global-app-quota';
/** The documented reason for Tier 1 quota 429s. */
export const QUOTA_REASON = 'confluence-quota-global-based';
/**
 * Atlassian's Confluence page names only the quota reasons; Jira's burst reason is
 * `jira-burst-based`, so this is its Confluence counterpart.
 */
export const BURST_REASON = 'confluence-burst-based';

/**
 * `beta`: `Beta-RateLimit-Policy` / `Beta-RateLimit`, as Atlassian sends while a quota is
 * informational; `enforced`: `RateLimit-Policy` / `RateLimit`. Only the names differ: the
 * simulator refuses requests over the pool in both, or it would test nothing.
 */
export type RateLimitHeaders = 'beta' | 'enforced';

export interface RateLimitOptions {
  pointsPerHour: number;
  burstPerSecond: number;
  headers: RateLimitHeaders;
  now: () => number;
}

export type RefusalReason = 'hourly' | 'burst';

export type Admission =
  | { ok: true; headers: Record<string, string> }
  | {
      ok: false;
      reason: RefusalReason;
      retryAfterSeconds: number;
      headers: Record<string, string>;
    };

export class RateLimiter {
  private readonly opts: RateLimitOptions;
  private windowStart = Number.NEGATIVE_INFINITY;
  private spent = 0;
  private burstSecond = Number.NEGATIVE_INFINITY;
  private readonly burstCounts = new Map<string, number>();

  constructor(opts: RateLimitOptions) {
    this.opts = opts;
  }

  private roll(now: number): void {
    const windowStart = Math.floor(now / HOUR_MS) * HOUR_MS;
    if (windowStart !== this.windowStart) {
      this.windowStart = windowStart;
      this.spent = 0;
    }
    const second = Math.floor(now / 1000);
    if (second !== this.burstSecond) {
      this.burstSecond = second;
      this.burstCounts.clear();
    }
  }

  private get prefix(): string {
    return this.opts.headers === 'beta' ? 'Beta-' : '';
  }

  private secondsToReset(now: number): number {
    return Math.max(1, Math.ceil((this.windowStart + HOUR_MS - now) / 1000));
  }

  /** Headers describing the hourly pool; sent on every app-traffic response. */
  poolHeaders(): Record<string, string> {
    const now = this.opts.now();
    this.roll(now);
    const limit = this.opts.pointsPerHour;
    const remaining = Math.max(0, limit - this.spent);
    const near = remaining < limit * NEAR_LIMIT_FRACTION;
    // `r` only near the limit: "present only when usage exceeds ~80% of the quota".
    const state = [`"${QUOTA_POLICY}"`, ...(near ? [`r=${String(remaining)}`] : [])];
    state.push(`t=${String(this.secondsToReset(now))}`);
    return {
      [`${this.prefix}RateLimit-Policy`]: `"${QUOTA_POLICY}";q=${String(limit)};w=3600`,
      [`${this.prefix}RateLimit`]: state.join(';'),
      ...(near ? { 'X-RateLimit-NearLimit': 'true' } : {}),
    };
  }

  /**
   * What a 429 of `reason` carries, besides its body: `Retry-After`, `RateLimit-Reason` and the
   * limit's own headers. Also used for injected 429s that imitate either limit.
   */
  refusalHeaders(reason: RefusalReason, hourly: boolean): Record<string, string> {
    const now = this.opts.now();
    this.roll(now);
    if (reason === 'hourly') {
      const retryAfter = this.secondsToReset(now);
      return {
        ...this.poolHeaders(),
        [`${this.prefix}RateLimit`]: `"${QUOTA_POLICY}";r=0;t=${String(retryAfter)}`,
        'X-RateLimit-NearLimit': 'true',
        // Atlassian's example quota 429 describes the pool in these too.
        'X-RateLimit-Limit': String(this.opts.pointsPerHour),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': new Date(this.windowStart + HOUR_MS).toISOString(),
        'RateLimit-Reason': QUOTA_REASON,
        'Retry-After': String(retryAfter),
      };
    }
    const nextSecond = (this.burstSecond + 1) * 1000;
    return {
      ...(hourly ? this.poolHeaders() : {}),
      'X-RateLimit-Limit': String(this.opts.burstPerSecond),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': new Date(nextSecond).toISOString(),
      'RateLimit-Reason': BURST_REASON,
      'Retry-After': String(Math.max(1, Math.ceil((nextSecond - now) / 1000))),
    };
  }

  /**
   * @param burstKey whose per-second allowance the request uses.
   * @param hourly whether the request draws on the hourly pool (app traffic).
   */
  admit(burstKey: string, hourly: boolean): Admission {
    const now = this.opts.now();
    this.roll(now);
    if (hourly && this.spent >= this.opts.pointsPerHour) {
      return this.refuse('hourly', hourly);
    }
    const count = this.burstCounts.get(burstKey) ?? 0;
    if (count >= this.opts.burstPerSecond) return this.refuse('burst', hourly);
    this.burstCounts.set(burstKey, count + 1);
    return {
      ok: true,
      headers: {
        'X-RateLimit-Limit': String(this.opts.burstPerSecond),
        'X-RateLimit-Remaining': String(this.opts.burstPerSecond - count - 1),
      },
    };
  }

  private refuse(reason: RefusalReason, hourly: boolean): Admission {
    const headers = this.refusalHeaders(reason, hourly);
    return { ok: false, reason, retryAfterSeconds: Number(headers['Retry-After']), headers };
  }

  charge(points: number): void {
    this.roll(this.opts.now());
    this.spent += points;
  }

  spentThisWindow(): number {
    this.roll(this.opts.now());
    return this.spent;
  }

  reset(): void {
    this.windowStart = Number.NEGATIVE_INFINITY;
    this.spent = 0;
    this.burstSecond = Number.NEGATIVE_INFINITY;
    this.burstCounts.clear();
  }
}
