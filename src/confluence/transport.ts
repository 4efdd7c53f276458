import type { EndpointName, PathParams, QueryParams } from './endpoints';

/**
 * The port between the typed Confluence client and whatever carries HTTP: Forge's managed
 * `requestConfluence` in the app, plain `fetch` with the user's own token in the CLI.
 * A transport is bound to one identity when it is created, so code that holds an as-user
 * transport cannot quietly switch to the app's identity.
 */
export type ConfluenceRequest =
  | {
      readonly endpoint: EndpointName;
      readonly params?: PathParams;
      readonly query?: QueryParams;
      readonly body?: unknown;
    }
  /** A `_links.next` value Confluence gave us: relative to the site, already encoded. */
  | { readonly nextLink: string };

export interface TransportResponse {
  readonly status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | null;
  readonly bodyText: string;
}

export interface ConfluenceTransport {
  /** Which identity this transport speaks as: shown in errors and counted in tests. */
  readonly identity: 'user' | 'app' | 'token';
  send(request: ConfluenceRequest): Promise<TransportResponse>;
}
