// Request and points accounting, so tests and benchmarks assert call counts and points spent.
export interface SimulatorStats {
  /** Requests served (the /__sim admin endpoints are not counted). */
  totalRequests: number;
  /** Route template (`GET /wiki/api/v2/pages/{id}`) → identity label → count. */
  requests: Record<string, Record<string, number>>;
  /** Identity label (`user:<accountId>`, `app`, `anonymous`, `unauthenticated`) → count. */
  requestsByIdentity: Record<string, number>;
  /** Points by identity label, for all traffic (API-token traffic included). */
  pointsByIdentity: Record<string, number>;
  /** Points charged to the app's hourly pool (X-Sim-Identity traffic) since the last reset. */
  appPoolPoints: number;
  /** Points of all traffic. */
  totalPoints: number;
  /** 429 responses served: rate limiting and injected faults. */
  rateLimited: { total: number; hourly: number; burst: number; injected: number };
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** Injected faults (any kind) served. */
  faultsInjected: number;
}

export function emptyStats(): SimulatorStats {
  return {
    totalRequests: 0,
    requests: {},
    requestsByIdentity: {},
    pointsByIdentity: {},
    appPoolPoints: 0,
    totalPoints: 0,
    rateLimited: { total: 0, hourly: 0, burst: 0, injected: 0 },
    statuses: {},
    faultsInjected: 0,
  };
}

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

export class StatsRecorder {
  private stats = emptyStats();

  request(route: string, identity: string): void {
    this.stats.totalRequests++;
    const byIdentity = (this.stats.requests[route] ??= {});
    bump(byIdentity, identity);
    bump(this.stats.requestsByIdentity, identity);
  }

  status(status: number): void {
    bump(this.stats.statuses, String(status));
  }

  points(identity: string, points: number, appPool: boolean): void {
    bump(this.stats.pointsByIdentity, identity, points);
    this.stats.totalPoints += points;
    if (appPool) this.stats.appPoolPoints += points;
  }

  rateLimited(reason: 'hourly' | 'burst' | 'injected'): void {
    this.stats.rateLimited.total++;
    this.stats.rateLimited[reason]++;
  }

  fault(): void {
    this.stats.faultsInjected++;
  }

  snapshot(): SimulatorStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = emptyStats();
  }
}
