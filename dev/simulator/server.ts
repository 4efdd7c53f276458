// The simulated Confluence Cloud site: node:http server wiring identity, rate limits, faults,
// routes and stats together. Each request goes: admin endpoints (loopback only) → route match →
// latency → identity and site access → rate limit → injected faults → handler → points.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Socket } from 'node:net';
import { faultConfigSchema, Faults, type FaultConfig } from './faults';
import { loadFixture, type SiteFixture, type SiteFixtureInput } from './fixture';
import { errorBody, HttpError, pointsFor, type ApiFlavor, type SimResponse } from './http';
import { isLoopback, resolveIdentity, siteAccessRefusal } from './identity';
import { SiteModel, type LegacyListOnRolesSites, type TeamPrincipals } from './model';
import { RateLimiter, type RateLimitHeaders } from './ratelimit';
import { matchRoute } from './router';
import { StatsRecorder, type SimulatorStats } from './stats';

export type { FaultConfig, FaultRule } from './faults';
export type { SimulatorStats } from './stats';
export type { SiteFixture } from './fixture';
export type { LegacyListOnRolesSites, TeamPrincipals } from './model';
export type { RateLimitHeaders } from './ratelimit';

export interface SimulatorOptions {
  /** Validated again with loadFixture, so an inline object with omitted defaults is fine. */
  fixture: SiteFixture | SiteFixtureInput;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  latencyMs?: number;
  latencyJitterMs?: number;
  /**
   * The app's hourly points pool (X-Sim-Identity traffic): one pool, as Tier 1 is one pool for
   * every install of the app. Default 65,000.
   */
  pointsPerHour?: number;
  /** Requests per second per caller (the app pool counts as one caller). Default 100. */
  burstPerSecond?: number;
  /**
   * Names of the quota headers: `Beta-RateLimit-Policy` / `Beta-RateLimit` (`beta`, as sent while
   * Atlassian does not enforce the quota) or `RateLimit-Policy` / `RateLimit` (`enforced`).
   * The pool refuses requests either way. Default 'beta'.
   */
  rateLimitHeaders?: RateLimitHeaders;
  /** Clock for the rate-limit windows and the admin key's expiry. Default Date.now. */
  now?: () => number;
  /** Initial faults; latencyMs/latencyJitterMs above are merged into them. */
  faults?: FaultConfig;
  /**
   * What `GET /spaces/{id}/permissions` lists on a ROLES site (undocumented by Atlassian):
   * rows derived from the role assignments, or nothing. Default 'derived'.
   */
  legacyListOnRolesSites?: LegacyListOnRolesSites;
  /**
   * How team principals are rendered (undocumented by Atlassian): `principalType: TEAM` /
   * `type: team` / `restrictions.team`, or with a type no client can know. Default 'team'.
   */
  teamPrincipals?: TeamPrincipals;
  /**
   * Longest request target (path and query, as sent) served; a longer one is refused with 431
   * before any route sees it, as Confluence's edge refuses an over-long URL. Default 8,192
   * bytes; Atlassian documents no number, so this is the common edge buffer size.
   */
  maxRequestTargetBytes?: number;
}

export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:41234`; routes live under `/wiki/...`. */
  baseUrl: string;
  stats(): SimulatorStats;
  /** Clears the stats and the rate-limit windows. */
  resetStats(): void;
  /**
   * Charges the app's hourly pool as other installs' traffic would (the pool is shared by every
   * install); not counted in the stats, which are this site's.
   */
  spendAppPool(points: number): void;
  /** Replaces the fault configuration (latency included). */
  setFaults(faults: FaultConfig): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
const UNMATCHED = '(unmatched)';

function flavorOf(pathname: string): ApiFlavor {
  return pathname.startsWith('/wiki/api/v2/') ? 'v2' : 'v1';
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  truncate = false,
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  const bytes = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': String(bytes.length),
    ...headers,
  });
  if (truncate) {
    // Half the promised bytes, then a dropped connection: the client sees a body that ends early.
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    res.socket?.destroy();
    return;
  }
  res.end(bytes);
}

export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const model = new SiteModel(loadFixture(opts.fixture), {
    ...(opts.legacyListOnRolesSites ? { legacyListOnRolesSites: opts.legacyListOnRolesSites } : {}),
    ...(opts.teamPrincipals ? { teamPrincipals: opts.teamPrincipals } : {}),
  });
  const now = opts.now ?? Date.now;
  const stats = new StatsRecorder();
  const limiter = new RateLimiter({
    pointsPerHour: opts.pointsPerHour ?? 65_000,
    burstPerSecond: opts.burstPerSecond ?? 100,
    headers: opts.rateLimitHeaders ?? 'beta',
    now,
  });
  const faults = new Faults({
    ...opts.faults,
    ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
    ...(opts.latencyJitterMs !== undefined ? { latencyJitterMs: opts.latencyJitterMs } : {}),
  });
  const sockets = new Set<Socket>();
  let origin = '';

  async function handleAdmin(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> {
    if (!isLoopback(req.socket.remoteAddress)) {
      send(res, 403, { statusCode: 403, message: 'Simulator admin endpoints are loopback-only' });
      return;
    }
    const key = `${req.method ?? ''} ${pathname}`;
    if (key === 'GET /__sim/stats') {
      send(res, 200, stats.snapshot());
    } else if (key === 'POST /__sim/reset') {
      stats.reset();
      limiter.reset();
      send(res, 200, { reset: true });
    } else if (key === 'GET /__sim/faults') {
      send(res, 200, faults.get());
    } else if (key === 'POST /__sim/faults') {
      let parsed: unknown;
      try {
        parsed = JSON.parse((await readBody(req)) || '{}');
      } catch {
        send(res, 400, { statusCode: 400, message: 'Body must be JSON' });
        return;
      }
      const config = faultConfigSchema.safeParse(parsed);
      if (!config.success) {
        send(res, 400, { statusCode: 400, message: config.error.message });
        return;
      }
      try {
        faults.set(config.data);
      } catch (e) {
        send(res, 400, { statusCode: 400, message: e instanceof Error ? e.message : String(e) });
        return;
      }
      send(res, 200, faults.get());
    } else {
      send(res, 404, { statusCode: 404, message: `No simulator admin endpoint ${key}` });
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const pathname = url.pathname;
    if (pathname.startsWith('/__sim/')) {
      await handleAdmin(req, res, pathname);
      return;
    }
    const method = req.method ?? 'GET';
    const flavor = flavorOf(pathname);
    const match = matchRoute(method, pathname);
    const routeKey = typeof match === 'object' ? `${method} ${match.route.template}` : UNMATCHED;

    const rawBody = await readBody(req);
    await sleep(faults.latencyMs());

    const identity = resolveIdentity(model, req.headers, req.socket.remoteAddress);
    const reply = (
      status: number,
      body: unknown,
      headers?: Record<string, string>,
      truncate = false,
    ): void => {
      stats.status(status);
      send(res, status, body, headers, truncate);
    };
    if (!identity.ok) {
      stats.request(routeKey, identity.label);
      reply(identity.status, errorBody(flavor, identity.status, identity.message));
      return;
    }
    const caller = identity.caller;
    stats.request(routeKey, caller.label);
    const refusal = siteAccessRefusal(model, caller);
    if (refusal) {
      reply(refusal.status, errorBody(flavor, refusal.status, refusal.message));
      return;
    }

    const appPool = caller.via === 'header';
    const admission = limiter.admit(appPool ? 'app' : caller.label, appPool);
    if (!admission.ok) {
      stats.rateLimited(admission.reason);
      reply(429, errorBody(flavor, 429, 'Rate limit exceeded'), admission.headers);
      return;
    }

    const fault = faults.decide(method, `${pathname}${url.search}`);
    if (fault.kind === 'hang') {
      // Never answered; close() destroys the socket.
      stats.fault();
      return;
    }
    if (fault.kind === 'status') {
      stats.fault();
      const headers: Record<string, string> =
        fault.status !== 429
          ? {}
          : fault.rateLimit === 'quota'
            ? limiter.refusalHeaders('hourly', appPool)
            : fault.rateLimit === 'burst'
              ? limiter.refusalHeaders('burst', appPool)
              : {
                  ...admission.headers,
                  ...(appPool ? limiter.poolHeaders() : {}),
                  'Retry-After': '1',
                };
      if (fault.status === 429) stats.rateLimited('injected');
      reply(
        fault.status,
        errorBody(flavor, fault.status, `Injected fault: ${fault.status}`),
        headers,
      );
      return;
    }

    let response: SimResponse;
    if (match === undefined) {
      response = {
        status: 404,
        body: errorBody(flavor, 404, `No route for ${method} ${pathname}`),
      };
    } else if (match === 'method') {
      response = { status: 405, body: errorBody(flavor, 405, `Method ${method} not allowed`) };
    } else {
      try {
        let body: unknown;
        if (rawBody !== '') {
          try {
            body = JSON.parse(rawBody);
          } catch {
            throw new HttpError(400, 'Request body is not valid JSON');
          }
        }
        response = match.route.handle({
          model,
          caller,
          params: match.params,
          query: url.searchParams,
          body,
          wikiBase: `${origin}/wiki`,
          now,
        });
      } catch (e) {
        if (e instanceof HttpError) {
          response = {
            status: e.status,
            body: errorBody(match.route.flavor, e.status, e.message),
            headers: e.headers,
          };
        } else {
          const message = e instanceof Error ? e.message : String(e);
          response = {
            status: 500,
            body: errorBody(match.route.flavor, 500, `Simulator error: ${message}`),
          };
        }
      }
    }

    const points = pointsFor(response.status < 400 ? response.objects : undefined);
    if (appPool) limiter.charge(points);
    stats.points(caller.label, points, appPool);
    const headers = {
      ...(response.headers ?? {}),
      ...admission.headers,
      ...(appPool ? limiter.poolHeaders() : {}),
    };
    if (fault.kind === 'truncate') stats.fault();
    reply(response.status, response.body, headers, fault.kind === 'truncate');
  }

  const maxTarget = opts.maxRequestTargetBytes ?? 8_192;
  const server = http.createServer((req, res) => {
    if (Buffer.byteLength(req.url ?? '', 'utf8') > maxTarget) {
      // Refused at the edge: no identity, no points, no route; the request is still counted.
      stats.status(431);
      send(res, 431, { statusCode: 431, message: 'Request Header Fields Too Large' });
      return;
    }
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = e instanceof HttpError ? e.status : 500;
      send(res, status, {
        statusCode: status,
        message: e instanceof Error ? e.message : String(e),
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    baseUrl: origin,
    stats: () => stats.snapshot(),
    resetStats: () => {
      stats.reset();
      limiter.reset();
    },
    spendAppPool: (points) => {
      limiter.charge(points);
    },
    setFaults: (config) => {
      faults.set(config);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
        // Hung requests and keep-alive connections would otherwise hold close() open forever.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
