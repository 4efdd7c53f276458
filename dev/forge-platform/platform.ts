import { AsyncLocalStorage } from 'node:async_hooks';
import { ConsentRegistry, CONSENT_REQUIRED_HEADERS } from './consent';
import { KvsStore } from './kvs-store';
import { LocalQueues } from './queue';

/**
 * A local stand-in for the Forge platform, at the one seam the real SDKs use:
 * `global.__forge_fetch__(descriptor, path, init)` and `global.__forge_runtime__`.
 * With it installed, the unchanged `@forge/api` code runs in tests, `npm run invoke` and the
 * local preview, and its `requestConfluence` calls reach a Confluence base URL (the simulator)
 * over HTTP, carrying which identity is calling in the simulator's loopback-only header.
 * `@forge/kvs` calls are served by a local `KvsStore`, and `@forge/events` `Queue` calls by
 * `LocalQueues`, which delivers events to registered consumers when drained.
 */

/** Who an invocation runs for: an Atlassian account, or an anonymous visitor. */
export type Invoker = { readonly accountId: string } | { readonly anonymous: true };

/** An invocation with no user at all: queue consumers, scheduled triggers. */
export interface AppInvoker {
  readonly app: true;
}

export type Invocation = Invoker | AppInvoker;

export interface ProductRequestRecord {
  readonly provider: 'user' | 'app';
  /** `user:<accountId>`, `app` or `anonymous`: the identity Confluence was asked as. */
  readonly identity: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export interface LocalPlatformOptions {
  /**
   * Base URL of the Confluence site, e.g. the simulator's `http://127.0.0.1:PORT`. Without it,
   * Confluence calls are refused (for suites that only use storage and queues).
   */
  readonly confluenceBaseUrl?: string;
  readonly appId?: string;
  readonly environmentType?: string;
  /** The KVS to serve; a fresh in-memory one (on the queues' clock) by default. */
  readonly kvs?: KvsStore;
  /** The queues to serve; fresh ones by default. Consumers run as the app through it. */
  readonly queues?: LocalQueues;
  /**
   * Who has allowed the app to act as them. On Forge a user must consent before the first
   * `asUser()` call; until then the call fails with the platform's consent error. Suites that
   * are not about consent leave this out and everyone counts as having consented.
   */
  readonly consent?: ConsentRegistry;
  /**
   * How long one invocation may run before the platform stops it: 25 s for a UI resolver
   * (an invocation by a user or an anonymous visitor), 900 s for consumers and triggers.
   */
  readonly invocationLimitMs?: { readonly ui?: number; readonly app?: number };
}

/** Forge's limits: https://developer.atlassian.com/platform/forge/platform-quotas-and-limits/ */
export const UI_INVOCATION_LIMIT_MS = 25_000;
export const APP_INVOCATION_LIMIT_MS = 900_000;

/** What the platform throws when it stops an invocation that ran past its limit. */
export class InvocationTimeLimitError extends Error {
  override readonly name = 'INVOCATION_TIME_LIMIT';
  constructor(limitMs: number) {
    super(`The platform stopped the function after ${String(limitMs)} ms (its time limit)`);
  }
}

interface RunningInvocation {
  readonly invoker: Invocation;
  readonly deadlineAt: number;
}

export interface LocalPlatform {
  /**
   * Runs `fn` as one invocation by `invoker`; `asUser()` calls inside it speak as them.
   * `{ app: true }` is an invocation with no user, where `asUser()` is refused.
   */
  runAs<T>(invoker: Invocation, fn: () => Promise<T>): Promise<T>;
  /** `runAs({ app: true }, fn)`: how consumers and scheduled triggers run. */
  runAsApp<T>(fn: () => Promise<T>): Promise<T>;
  readonly kvs: KvsStore;
  readonly queues: LocalQueues;
  /** Every product request made since install or the last `clearRequests()`. */
  readonly requests: readonly ProductRequestRecord[];
  clearRequests(): void;
  readonly consent: ConsentRegistry;
  uninstall(): void;
}

interface ForgeFetchDescriptor {
  readonly type?: string;
  readonly provider?: string;
  readonly remote?: string;
  readonly accountId?: string;
}

type ForgeFetch = (
  descriptor: ForgeFetchDescriptor,
  path: string,
  init?: RequestInit,
) => Promise<Response>;

interface ForgeGlobals {
  __forge_fetch__?: ForgeFetch;
  __forge_runtime__?: unknown;
}

/** Header the simulator accepts from loopback only, naming who a request is made as. */
export const SIM_IDENTITY_HEADER = 'X-Sim-Identity';

/** What `@forge/kvs` sends as its bearer token when the runtime advertises a KVS host. */
const LOCAL_PROXY_TOKEN = 'local-forge-proxy-token';
const LOCAL_KVS_HOST = 'kvs.local-forge.invalid';

export function installLocalPlatform(options: LocalPlatformOptions = {}): LocalPlatform {
  const invocation = new AsyncLocalStorage<RunningInvocation>();
  const requests: ProductRequestRecord[] = [];
  const globals = globalThis as unknown as ForgeGlobals;
  const previous = { fetch: globals.__forge_fetch__, runtime: globals.__forge_runtime__ };
  const baseUrl = options.confluenceBaseUrl?.replace(/\/+$/, '');
  const queues = options.queues ?? new LocalQueues();
  const kvs = options.kvs ?? new KvsStore({ now: () => queues.now() });
  const consent = options.consent ?? new ConsentRegistry({ required: false });
  const limits = {
    ui: options.invocationLimitMs?.ui ?? UI_INVOCATION_LIMIT_MS,
    app: options.invocationLimitMs?.app ?? APP_INVOCATION_LIMIT_MS,
  };
  const runAs = <T>(invoker: Invocation, fn: () => Promise<T>): Promise<T> => {
    const limitMs = 'app' in invoker ? limits.app : limits.ui;
    const running = { invoker, deadlineAt: Date.now() + limitMs };
    return invocation.run(running, () => withinLimit(fn, limitMs));
  };
  queues.setInvocationScope((fn) => runAs({ app: true }, fn));

  globals.__forge_runtime__ = runtimeFor(options, invocation);
  globals.__forge_fetch__ = async (descriptor, path, init) => {
    if (descriptor.type === 'kvs') {
      // `@forge/kvs` takes one of two routes, fixed when it is first imported: through the
      // proxy as the app, or straight to the advertised KVS host with the runtime's token.
      const viaProxy = descriptor.provider === 'app' && descriptor.remote === 'kvs';
      const token = new Headers(init?.headers).get('authorization');
      if (!viaProxy && token !== `Bearer ${LOCAL_PROXY_TOKEN}`) {
        return errorResponse(401, 'UNAUTHORIZED', 'KVS calls need the runtime proxy token');
      }
      return kvs.handle(path, init, viaProxy ? 'proxy' : 'direct');
    }
    if (
      descriptor.type === 'fpp' &&
      descriptor.remote === 'stargate' &&
      path.startsWith('/webhook/queue/')
    ) {
      if (descriptor.provider !== 'app') {
        return errorResponse(403, 'FORBIDDEN', 'Queue calls are made as the app');
      }
      return queues.handle(path, init);
    }
    if (descriptor.type === 'fpp' && descriptor.remote === 'confluence') {
      const identity = identityFor(descriptor, invocation.getStore()?.invoker);
      const accountId = identity.startsWith('user:') ? identity.slice('user:'.length) : undefined;
      if (accountId !== undefined && !consent.hasConsented(accountId)) {
        // What Forge's proxy answers before consent; `@forge/api` turns the header into its
        // NeedsAuthenticationError, which the product shows as the "Allow access" prompt.
        requests.push({
          provider: 'user',
          identity,
          method: init?.method ?? 'GET',
          path,
          status: 401,
        });
        return new Response(null, { status: 401, headers: CONSENT_REQUIRED_HEADERS });
      }
      if (baseUrl === undefined) return notImplemented(descriptor, path);
      const headers = new Headers(init?.headers);
      headers.set(SIM_IDENTITY_HEADER, identity);
      const response = await fetch(`${baseUrl}${path}`, { ...init, headers });
      requests.push({
        provider: descriptor.provider === 'app' ? 'app' : 'user',
        identity,
        method: (init?.method ?? 'GET').toUpperCase(),
        path,
        status: response.status,
      });
      return response;
    }
    return notImplemented(descriptor, path);
  };

  return {
    runAs,
    runAsApp: (fn) => runAs({ app: true }, fn),
    kvs,
    queues,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    consent,
    uninstall: () => {
      globals.__forge_fetch__ = previous.fetch;
      globals.__forge_runtime__ = previous.runtime;
      queues.setInvocationScope((fn) => fn());
    },
  };
}

/**
 * Mirrors how the platform authenticates product calls: `asApp()` is the app; `asUser()` is the
 * invoking user — or an explicit account id — and an anonymous invoker stays anonymous.
 * Calls without asUser/asApp (provider 'none') are refused: the app must always say which.
 */
function identityFor(descriptor: ForgeFetchDescriptor, invoker: Invocation | undefined): string {
  if (descriptor.provider === 'app') return 'app';
  if (descriptor.provider !== 'user') {
    throw new Error('Product calls must be made with asUser() or asApp().');
  }
  if (descriptor.accountId) return `user:${descriptor.accountId}`;
  if (!invoker) throw new Error('asUser() was called outside of an invocation.');
  if ('app' in invoker) {
    throw new Error(
      'asUser() was called in an invocation with no user (a queue consumer or trigger); use asApp().',
    );
  }
  return 'anonymous' in invoker ? 'anonymous' : `user:${invoker.accountId}`;
}

function notImplemented(descriptor: ForgeFetchDescriptor, path: string): Promise<Response> {
  const message = `The local Forge platform does not serve ${descriptor.type ?? '?'} ${path}`;
  return errorResponse(501, 'NOT_IMPLEMENTED', message);
}

function errorResponse(status: number, code: string, message: string): Promise<Response> {
  return Promise.resolve(
    new Response(JSON.stringify({ code, message }), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  );
}

/**
 * Like the platform, stops waiting for a function that runs past its limit (it cannot stop the
 * code itself; the caller gets the platform's failure, as a user would).
 */
async function withinLimit<T>(fn: () => Promise<T>, limitMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new InvocationTimeLimitError(limitMs));
    }, limitMs);
  });
  try {
    return await Promise.race([fn(), limit]);
  } finally {
    clearTimeout(timer);
  }
}

function runtimeFor(
  options: LocalPlatformOptions,
  invocation: AsyncLocalStorage<RunningInvocation>,
) {
  const noop = () => undefined;
  return {
    appContext: {
      appId: options.appId ?? 'access-lens-local',
      appVersion: 'local',
      environmentId: 'local',
      environmentType: options.environmentType ?? 'DEVELOPMENT',
      invocationId: 'local',
      installationId: 'local',
      get moduleKey() {
        return invocation.getStore() ? 'local' : undefined;
      },
    },
    metrics: {
      counter: () => ({ incr: noop, decr: noop }),
      timing: () => ({ measure: () => ({ stop: noop }) }),
    },
    lambdaContext: {
      getRemainingTimeInMillis: () => {
        const running = invocation.getStore();
        return running === undefined ? 0 : Math.max(0, running.deadlineAt - Date.now());
      },
    },
    tracing: { traceId: 'local', spanId: 'local' },
    // Advertising a KVS host makes a later-imported `@forge/kvs` call it directly.
    kvs: { url: `https://${LOCAL_KVS_HOST}`, host: LOCAL_KVS_HOST },
    proxy: { token: LOCAL_PROXY_TOKEN, url: 'https://proxy.local-forge.invalid' },
  };
}
