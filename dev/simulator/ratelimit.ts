// The points model's budget: a fixed hourly window for app traffic (the Forge pool shared by all
// installs) and a per-second burst limit per caller for all traffic. Points are charged after the
// response is computed, as the cost depends on what it returned; a request is refused only once the
// budget is already spent, so the last request of a window may overshoot, as in Cloud.
export const HOUR_MS = 3_600_000;
export const NEAR_LIMIT_FRACTION = 0.2;

export interface RateLimitOptions {
  pointsPerHour: number;
  burstPerSecond: number;
  now: () => number;
}

export type Admission =
  | { ok: true; headers: Record<string, string> }
  | {
      ok: false;
      reason: 'hourly' | 'burst';
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

  /** Headers describing the hourly pool; sent on every app-traffic response. */
  poolHeaders(): Record<string, string> {
    const limit = this.opts.pointsPerHour;
    const remaining = Math.max(0, limit - this.spent);
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': new Date(this.windowStart + HOUR_MS).toISOString(),
    };
    if (remaining < limit * NEAR_LIMIT_FRACTION) headers['X-RateLimit-NearLimit'] = 'true';
    return headers;
  }

  /**
   * @param burstKey whose per-second allowance the request uses.
   * @param hourly whether the request draws on the hourly pool (app traffic).
   */
  admit(burstKey: string, hourly: boolean): Admission {
    const now = this.opts.now();
    this.roll(now);
    const headers = hourly ? this.poolHeaders() : {};
    if (hourly && this.spent >= this.opts.pointsPerHour) {
      const retryAfterSeconds = Math.max(1, Math.ceil((this.windowStart + HOUR_MS - now) / 1000));
      return { ok: false, reason: 'hourly', retryAfterSeconds, headers };
    }
    const count = this.burstCounts.get(burstKey) ?? 0;
    if (count >= this.opts.burstPerSecond) {
      const retryAfterSeconds = Math.max(1, Math.ceil((this.burstSecond + 1) * 1000 - now) / 1000);
      return {
        ok: false,
        reason: 'burst',
        retryAfterSeconds: Math.ceil(retryAfterSeconds),
        headers,
      };
    }
    this.burstCounts.set(burstKey, count + 1);
    return { ok: true, headers };
  }

  charge(points: number): void {
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
