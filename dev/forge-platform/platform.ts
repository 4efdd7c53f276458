import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A local stand-in for the Forge platform, at the one seam the real SDKs use:
 * `global.__forge_fetch__(descriptor, path, init)` and `global.__forge_runtime__`.
 * With it installed, the unchanged `@forge/api` code runs in tests, `npm run invoke` and the
 * local preview, and its `requestConfluence` calls reach a Confluence base URL (the simulator)
 * over HTTP, carrying which identity is calling in the simulator's loopback-only header.
 */

/** Who an invocation runs for: an Atlassian account, or an anonymous visitor. */
export type Invoker = { readonly accountId: string } | { readonly anonymous: true };

export interface ProductRequestRecord {
  readonly provider: 'user' | 'app';
  /** `user:<accountId>`, `app` or `anonymous`: the identity Confluence was asked as. */
  readonly identity: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export interface LocalPlatformOptions {
  /** Base URL of the Confluence site, e.g. the simulator's `http://127.0.0.1:PORT`. */
  readonly confluenceBaseUrl: string;
  readonly appId?: string;
  readonly environmentType?: string;
}

export interface LocalPlatform {
  /** Runs `fn` as one invocation by `invoker`; `asUser()` calls inside it speak as them. */
  runAs<T>(invoker: Invoker, fn: () => Promise<T>): Promise<T>;
  /** Every product request made since install or the last `clearRequests()`. */
  readonly requests: readonly ProductRequestRecord[];
  clearRequests(): void;
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

export function installLocalPlatform(options: LocalPlatformOptions): LocalPlatform {
  const invocation = new AsyncLocalStorage<Invoker>();
  const requests: ProductRequestRecord[] = [];
  const globals = globalThis as unknown as ForgeGlobals;
  const previous = { fetch: globals.__forge_fetch__, runtime: globals.__forge_runtime__ };
  const baseUrl = options.confluenceBaseUrl.replace(/\/+$/, '');

  globals.__forge_runtime__ = runtimeFor(options, invocation);
  globals.__forge_fetch__ = async (descriptor, path, init) => {
    if (descriptor.type === 'fpp' && descriptor.remote === 'confluence') {
      const identity = identityFor(descriptor, invocation.getStore());
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
    runAs: (invoker, fn) => invocation.run(invoker, fn),
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    uninstall: () => {
      globals.__forge_fetch__ = previous.fetch;
      globals.__forge_runtime__ = previous.runtime;
    },
  };
}

/**
 * Mirrors how the platform authenticates product calls: `asApp()` is the app; `asUser()` is the
 * invoking user — or an explicit account id — and an anonymous invoker stays anonymous.
 * Calls without asUser/asApp (provider 'none') are refused: the app must always say which.
 */
function identityFor(descriptor: ForgeFetchDescriptor, invoker: Invoker | undefined): string {
  if (descriptor.provider === 'app') return 'app';
  if (descriptor.provider !== 'user') {
    throw new Error('Product calls must be made with asUser() or asApp().');
  }
  if (descriptor.accountId) return `user:${descriptor.accountId}`;
  if (!invoker) throw new Error('asUser() was called outside of an invocation.');
  return 'anonymous' in invoker ? 'anonymous' : `user:${invoker.accountId}`;
}

function notImplemented(descriptor: ForgeFetchDescriptor, path: string): Promise<Response> {
  const message = `The local Forge platform does not serve ${descriptor.type ?? '?'} ${path}`;
  return Promise.resolve(
    new Response(JSON.stringify({ code: 'NOT_IMPLEMENTED', message }), {
      status: 501,
      headers: { 'content-type': 'application/json' },
    }),
  );
}

function runtimeFor(options: LocalPlatformOptions, invocation: AsyncLocalStorage<Invoker>) {
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
    lambdaContext: { getRemainingTimeInMillis: () => 25_000 },
    tracing: { traceId: 'local', spanId: 'local' },
  };
}
