/**
 * The Confluence REST operations Access Lens calls, as path templates.
 *
 * This catalogue is the single list both transports agree on: the fetch transport (CLI) fills the
 * templates in; the Forge transport has one literal `route` call site per entry so that Atlassian's
 * linter can see every route and check the manifest's scopes. A wiring test keeps the two in step.
 */
export const ENDPOINTS = {
  getPage: { method: 'GET', path: '/wiki/api/v2/pages/{id}' },
  getSpace: { method: 'GET', path: '/wiki/api/v2/spaces/{id}' },
  getCurrentUser: { method: 'GET', path: '/wiki/rest/api/user/current' },
} as const satisfies Record<string, EndpointSpec>;

export interface EndpointSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
}

export type EndpointName = keyof typeof ENDPOINTS;

/** Path parameters are named after the `{placeholders}` of the template. */
export type PathParams = Readonly<Record<string, string>>;

export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

export function toSearchParams(query: QueryParams | undefined): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      params.append(name, String(value));
    } else {
      for (const item of value) params.append(name, item);
    }
  }
  return params;
}

/** Fills `{name}` placeholders, encoding each value so an id can never change the path. */
export function fillPath(template: string, params: PathParams): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter '${name}' for ${template}`);
    return encodeURIComponent(value);
  });
}
