import type { z } from 'zod';
import { ENDPOINTS } from './endpoints';
import type { EndpointName, QueryParams } from './endpoints';
import { ConfluenceError } from './errors';
import { positive } from './limits';
import { nextFromLinkHeader, normaliseNextLink, queryParamOf } from './pagination';
import type { Page } from './pagination';
import { pointsFor } from './points';
import type { ObjectCounts } from './points';
import { parseRateLimit, quotaWaitSeconds, rateLimitedBy } from './rate-limit';
import type { RateLimitInfo } from './rate-limit';
import { errorForResponse, parseBody } from './responses';
import {
  DEFAULT_DEADLINE_MS,
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  isRetryableStatus,
} from './retry';
import type { RetryPolicy } from './retry';
import { TransportFailure } from './transport';
import type { ConfluenceRequest, ConfluenceTransport, TransportResponse } from './transport';
import { UsageMeter } from './usage';
import type { ConfluenceUsage } from './usage';

export interface ConfluenceClientOptions {
  /** Attempts and backoff for idempotent calls; POST is never retried. */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Overall budget for every call of this client, from its construction: retries never wait
   * past it, and a `Retry-After` beyond it fails fast. Default 20 s (resolvers die at 25 s);
   * long-running callers (queue consumers, the CLI) pass their own.
   */
  readonly deadlineMs?: number;
  /**
   * The same budget as an instant (epoch ms), for clients created one after another inside
   * one invocation: they share the invocation's deadline instead of each starting a new one.
   */
  readonly deadlineAt?: number;
  /** Injected so tests control time: never wait for real in a test. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Called for every HTTP response (errors included), e.g. to pace an audit. */
  readonly onResponse?: (event: ResponseEvent) => void;
}

export interface ResponseEvent {
  readonly endpoint: EndpointName;
  readonly status: number;
  /** 1 for the first attempt of a call. */
  readonly attempt: number;
  /** Points this response cost under the documented model. */
  readonly points: number;
  /** The points pool (shared by every install) and burst limits, as this response reports them. */
  readonly rateLimit: RateLimitInfo;
}

/** A catalogued call's path parameters, query and (POST only) JSON body. */
export interface CallRequest {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: QueryParams;
  readonly body?: unknown;
}

/** The body of a list endpoint, in either pagination style (pagination.ts). */
export interface ListBody<T> {
  readonly results: T[];
  readonly start?: number;
  readonly _links?: { readonly next?: string; readonly base?: string; readonly context?: string };
}

/**
 * The HTTP machinery under the typed calls: the shared deadline, retries with backoff, rate-limit
 * headers, response validation, status mapping and points accounting. Every call of one client
 * goes through one of these, so resolvers, jobs and the CLI all see the same typed errors and the
 * same costs.
 */
export class ConfluenceHttp {
  private readonly policy: RetryPolicy;
  private readonly deadlineAt: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly onResponse: ((event: ResponseEvent) => void) | undefined;
  private readonly meter = new UsageMeter();

  constructor(
    private readonly transport: ConfluenceTransport,
    options: ConfluenceClientOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.onResponse = options.onResponse;
    this.deadlineAt =
      options.deadlineAt ?? this.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  }

  get identity(): ConfluenceTransport['identity'] {
    return this.transport.identity;
  }

  usage(): ConfluenceUsage {
    return this.meter.snapshot();
  }

  /**
   * One catalogued call's validated body; `count` says what it returned, for its points. A POST
   * carries `body` and is never retried (retry.ts).
   */
  async call<S extends z.ZodType>(
    endpoint: EndpointName,
    request: CallRequest,
    schema: S,
    count: (data: z.infer<S>) => ObjectCounts,
  ): Promise<z.infer<S>> {
    const { data } = await this.exchange({ endpoint, ...request }, endpoint, schema, count);
    return data;
  }

  /** The first page of a catalogued list; its `fetchNext` walks the rest through this client. */
  list<T>(
    endpoint: EndpointName,
    request: CallRequest,
    schema: z.ZodType<ListBody<T>>,
    count: (items: readonly T[]) => ObjectCounts,
  ): Promise<Page<T>> {
    return this.listPage(endpoint, { endpoint, ...request }, schema, count);
  }

  private async listPage<T>(
    endpoint: EndpointName,
    request: ConfluenceRequest,
    schema: z.ZodType<ListBody<T>>,
    count: (items: readonly T[]) => ObjectCounts,
  ): Promise<Page<T>> {
    const { data, response } = await this.exchange(request, endpoint, schema, (body) =>
      count(body.results),
    );
    const raw = data._links?.next ?? nextFromLinkHeader(response.header('link'));
    let nextLink =
      raw === undefined || raw === '' ? undefined : normaliseNextLink(raw, data._links);
    // A server that points a page at itself would otherwise be followed forever.
    if (nextLink !== undefined && 'nextLink' in request && request.nextLink === nextLink) {
      nextLink = undefined;
    }
    if (nextLink === undefined) return { results: data.results };
    const link = nextLink;
    const cursor = queryParamOf(link, 'cursor');
    const start = positive(Number(queryParamOf(link, 'start')));
    return {
      results: data.results,
      nextLink: link,
      ...(cursor === undefined ? {} : { nextCursor: cursor }),
      ...(start === undefined ? {} : { nextStart: start }),
      fetchNext: () => this.listPage(endpoint, { nextLink: link }, schema, count),
    };
  }

  /**
   * One call with retries. Accounting happens per attempt, so `usage()` shows what Confluence
   * actually charged, retries included.
   */
  private async exchange<S extends z.ZodType>(
    request: ConfluenceRequest,
    endpoint: EndpointName,
    schema: S,
    count: (data: z.infer<S>) => ObjectCounts,
  ): Promise<{ data: z.infer<S>; response: TransportResponse }> {
    const idempotent = ENDPOINTS[endpoint].method === 'GET';
    for (let attempt = 1; ; attempt += 1) {
      const remaining = this.deadlineAt - this.now();
      if (remaining <= 0) {
        throw new ConfluenceError('upstream', `Confluence did not answer in time (${endpoint})`, {
          endpoint,
          attempts: attempt - 1,
        });
      }
      const canRetry = idempotent && attempt < this.policy.maxAttempts;

      let response: TransportResponse;
      try {
        response = await this.send(endpoint, request, remaining);
      } catch (cause) {
        // Only failures the transport classified are Confluence's: anything else (the Forge
        // platform's consent, proxy or egress errors among them) belongs to the platform and
        // must reach it unchanged — never retried, never reported as Confluence being down.
        if (!(cause instanceof TransportFailure)) throw cause;
        if (cause.reason === 'refused') {
          throw new ConfluenceError('malformed-response', cause.message, {
            endpoint,
            attempts: attempt,
          });
        }
        const delay = backoffDelayMs(attempt, this.policy, this.random);
        if (canRetry && this.fits(delay)) {
          await this.retryAfterWait(endpoint, delay);
          continue;
        }
        throw new ConfluenceError(
          'upstream',
          `Confluence could not be reached (${endpoint}): ${cause.message}`,
          {
            endpoint,
            attempts: attempt,
          },
        );
      }

      const status = response.status;
      const rateLimit = parseRateLimit((name) => response.header(name), this.now());
      if (status >= 200 && status < 300) {
        const parsed = parseBody(response.bodyText, schema, endpoint);
        const points = parsed.ok ? pointsFor(count(parsed.data)) : 1;
        this.account(endpoint, response, attempt, points, rateLimit);
        if (!parsed.ok) throw parsed.error;
        return { data: parsed.data, response };
      }

      // A refused (429) request is not charged; any other answer costs its 1 point.
      this.account(endpoint, response, attempt, status === 429 ? 0 : 1, rateLimit);
      const limitedBy = status === 429 ? rateLimitedBy(rateLimit) : undefined;
      if (limitedBy === 'quota') {
        // The app's pool (shared by every install) is empty: every call fails until it resets,
        // so waiting here would only spend the deadline. The caller pauses until the reset.
        throw errorForResponse(endpoint, response, attempt, quotaWaitSeconds(rateLimit), 'quota');
      }
      const attempts =
        limitedBy === 'burst'
          ? (this.policy.burstAttempts ?? this.policy.maxAttempts)
          : this.policy.maxAttempts;
      if (idempotent && attempt < attempts && isRetryableStatus(status)) {
        const delay =
          rateLimit.retryAfterSeconds !== undefined
            ? rateLimit.retryAfterSeconds * 1000
            : backoffDelayMs(attempt, this.policy, this.random);
        if (this.fits(delay)) {
          await this.retryAfterWait(endpoint, delay);
          continue;
        }
      }
      throw errorForResponse(endpoint, response, attempt, rateLimit.retryAfterSeconds, limitedBy);
    }
  }

  private fits(delayMs: number): boolean {
    return this.now() + delayMs < this.deadlineAt;
  }

  private async retryAfterWait(endpoint: EndpointName, delayMs: number): Promise<void> {
    this.meter.retried(endpoint);
    await this.sleep(delayMs);
  }

  private async send(
    endpoint: EndpointName,
    request: ConfluenceRequest,
    remainingMs: number,
  ): Promise<TransportResponse> {
    this.meter.sent(endpoint);
    try {
      return await this.transport.send(request, { timeoutMs: remainingMs });
    } finally {
      this.meter.settled();
    }
  }

  private account(
    endpoint: EndpointName,
    response: TransportResponse,
    attempt: number,
    points: number,
    rateLimit: RateLimitInfo,
  ): void {
    this.meter.charged(endpoint, points);
    if (this.onResponse) {
      this.onResponse({ endpoint, status: response.status, attempt, points, rateLimit });
    }
  }
}
