import type { EndpointName, PathParams, QueryParams } from './endpoints';

/**
 * The port between the typed Confluence client and whatever carries HTTP: Forge's managed
 * `requestConfluence` in the app, plain `fetch` with the user's own credential in the CLI.
 * A transport is bound to one identity when it is created, so code that holds an as-user
 * transport cannot quietly switch to the app's identity.
 */
export type ConfluenceRequest =
  | {
      readonly endpoint: EndpointName;
      readonly params?: PathParams;
      readonly query?: QueryParams;
      /** JSON body; only POST endpoints send one. */
      readonly body?: unknown;
    }
  /**
   * A `_links.next` value Confluence gave us, normalised by the client to a site path
   * (`/wiki/...`, already encoded). Transports still refuse anything that leaves the site.
   */
  | { readonly nextLink: string };

export interface SendOptions {
  /**
   * How long this attempt may take, from the client's overall deadline. Transports that can
   * abort a request (fetch) honour it; Forge's own invocation limit bounds the other.
   */
  readonly timeoutMs?: number;
}

export interface TransportResponse {
  readonly status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | null;
  readonly bodyText: string;
}

export interface ConfluenceTransport {
  /** Which identity this transport speaks as: shown in errors and counted in tests. */
  readonly identity: 'user' | 'app' | 'token';
  send(request: ConfluenceRequest, options?: SendOptions): Promise<TransportResponse>;
}

/**
 * A request that produced no HTTP response. `refused`: the transport would not send it (a
 * pagination link leaving the site) — never retried; `network` and `timeout` may be retried
 * for idempotent calls. Messages name no URL credentials or headers.
 */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  constructor(
    readonly reason: 'network' | 'timeout' | 'refused',
    message: string,
  ) {
    super(message);
  }
}
