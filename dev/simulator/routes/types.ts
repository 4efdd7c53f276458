// What every route handler receives and returns.
import type { ApiFlavor, SimResponse } from '../http';
import type { Caller } from '../identity';
import type { SiteModel } from '../model';

export interface RouteContext {
  model: SiteModel;
  caller: Caller;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  /** e.g. `http://127.0.0.1:1234/wiki`: `_links.base` of every response. */
  wikiBase: string;
  /** The simulator's clock (start option `now`). */
  now: () => number;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Path template, e.g. `/wiki/api/v2/pages/{id}`; also the stats key. */
  template: string;
  flavor: ApiFlavor;
  handle: (ctx: RouteContext) => SimResponse;
}
