import type { EndpointName } from './endpoints';

export interface EndpointUsage {
  requests: number;
  points: number;
  retries: number;
}

export interface ConfluenceUsage {
  /** HTTP attempts, retries included. */
  readonly requests: number;
  readonly points: number;
  readonly retries: number;
  /** Sequential rounds: a round starts whenever a request is sent while none is in flight. */
  readonly rounds: number;
  readonly byEndpoint: Readonly<Partial<Record<EndpointName, Readonly<EndpointUsage>>>>;
}

/**
 * What one client has spent: requests, points and retries, in total and per endpoint, and how
 * many sequential rounds its requests took. Accounting happens per attempt, so the totals are
 * what Confluence actually charged, retries included.
 */
export class UsageMeter {
  private readonly counters = { requests: 0, points: 0, retries: 0, rounds: 0 };
  private readonly perEndpoint: Partial<Record<EndpointName, EndpointUsage>> = {};
  private inFlight = 0;

  /**
   * A request goes out. Called before the first await, so calls started together share one
   * round.
   */
  sent(endpoint: EndpointName): void {
    this.counters.requests += 1;
    this.of(endpoint).requests += 1;
    if (this.inFlight === 0) this.counters.rounds += 1;
    this.inFlight += 1;
  }

  /** A request sent with `sent` has its answer, or has failed. */
  settled(): void {
    this.inFlight -= 1;
  }

  charged(endpoint: EndpointName, points: number): void {
    this.counters.points += points;
    this.of(endpoint).points += points;
  }

  retried(endpoint: EndpointName): void {
    this.counters.retries += 1;
    this.of(endpoint).retries += 1;
  }

  /** A copy: later calls do not change it. */
  snapshot(): ConfluenceUsage {
    const byEndpoint: Partial<Record<EndpointName, EndpointUsage>> = {};
    for (const [name, usage] of Object.entries(this.perEndpoint) as [
      EndpointName,
      EndpointUsage,
    ][]) {
      byEndpoint[name] = { ...usage };
    }
    return { ...this.counters, byEndpoint };
  }

  private of(endpoint: EndpointName): EndpointUsage {
    const existing = this.perEndpoint[endpoint];
    if (existing) return existing;
    const created = { requests: 0, points: 0, retries: 0 };
    this.perEndpoint[endpoint] = created;
    return created;
  }
}
