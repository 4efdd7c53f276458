/**
 * Validates HTTP responses against the official Confluence OpenAPI documents (the stripped
 * copies in dev/openapi/), so simulator and client shapes are checked by Ajv against
 * Atlassian's schemas rather than by our own reading of them.
 *
 *   validateResponse({ method, path, status, body }) → { ok, errors, operation, ... }
 *   requiredScopesFor(method, path) → the operation's current OAuth scopes
 *   matchOperation(method, path) → which spec operation a concrete request path hits
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type ApiVersion = 'v1' | 'v2';
type JsonObject = Record<string, unknown>;

const SPEC_FILES: Record<ApiVersion, string> = {
  v1: 'confluence-v1.json',
  v2: 'confluence-v2.json',
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface OperationMatch {
  api: ApiVersion;
  /** Full request-path template, server prefix included, e.g. `/wiki/api/v2/pages/{id}`. */
  template: string;
  /** The template as written in the document's `paths` (v2 paths omit `/wiki/api/v2`). */
  specPath: string;
  method: string;
  operationId: string | undefined;
  pathParams: Record<string, string>;
}

export interface ValidateResponseInput {
  method: string;
  /** Concrete request path, query allowed: `/wiki/api/v2/pages/123?body-format=storage`. */
  path: string;
  status: number;
  body: unknown;
}

/**
 * - `spec`: the operation's documented schema for this status (or `NXX`, `default`, or the
 *   nearest documented status of the same class that has one).
 * - `error-envelope`: the operation documents no schema for this error status (Confluence's
 *   documents never do), so the body is checked against Confluence's error shapes:
 *   v2 `{errors:[{status,code,title,detail}]}`, v1 `{statusCode,message}`.
 * - `none`: the status is documented without a body schema (e.g. 204); nothing to check.
 */
export type SchemaSource = 'spec' | 'error-envelope' | 'none';

export interface ValidateResponseResult {
  ok: boolean;
  errors: string[];
  /** operationId, or `METHOD template` when the document gives none. */
  operation?: string;
  /** `METHOD /full/template`. */
  route?: string;
  schemaSource?: SchemaSource;
  /** The response key whose schema was used (`200`, `4XX`, `default`, …). */
  responseKey?: string;
}

interface Route {
  api: ApiVersion;
  specPath: string;
  template: string;
  segments: (string | { param: string })[];
  literalCount: number;
  operations: Partial<Record<string, JsonObject>>;
}

interface LoadedSpecs {
  routes: Route[];
  ajv: Ajv;
}

/**
 * Values the simulator renders although the official documents do not list them: readings of
 * shapes Atlassian has not documented (dev/simulator/README.md, "Unverified readings"). Each is
 * added to one enum of one named schema, nothing else; every other schema stays as published,
 * and a document that no longer has the enum fails loudly here.
 */
export const UNVERIFIED_ENUM_VALUES: readonly {
  readonly api: ApiVersion;
  readonly schema: string;
  /** Property path inside the schema to the node carrying the enum (empty: the schema itself). */
  readonly path: readonly string[];
  readonly values: readonly string[];
  readonly why: string;
}[] = [
  {
    api: 'v2',
    schema: 'PrincipalType',
    path: [],
    values: ['TEAM', 'UNKNOWN_PRINCIPAL'],
    why: 'teams hold space roles; only the bulk-transition schema names TEAM (simulator option teamPrincipals)',
  },
  {
    api: 'v2',
    schema: 'SpacePermissionAssignment',
    path: ['principal', 'type'],
    values: ['team', 'unknown_principal'],
    why: 'team rows of the legacy permission list (simulator option teamPrincipals)',
  },
  {
    api: 'v1',
    schema: 'User',
    path: ['accountType'],
    values: ['customer'],
    why: 'service-desk customers: the v2 AccountType lists customer, the v1 enum predates it',
  },
];

function allowUnverified(api: ApiVersion, definitions: JsonObject): void {
  for (const entry of UNVERIFIED_ENUM_VALUES.filter((e) => e.api === api)) {
    let node: unknown = definitions[entry.schema];
    for (const name of entry.path) {
      const properties = isObject(node) ? node['properties'] : undefined;
      node = isObject(properties) ? properties[name] : undefined;
    }
    const values = isObject(node) ? node['enum'] : undefined;
    if (!isObject(node) || !Array.isArray(values)) {
      throw new Error(`${api} ${entry.schema}.${entry.path.join('.')}: no enum to extend`);
    }
    node['enum'] = [...(values as unknown[]), ...entry.values];
  }
}

let loaded: LoadedSpecs | undefined;
const validatorCache = new Map<string, ValidateFunction>();

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where the documents live; overridable for a checkout that keeps them elsewhere. */
export function openapiDir(): string {
  return process.env['ACCESS_LENS_OPENAPI_DIR'] ?? join(__dirname, '../../dev/openapi');
}

/** Path part of the document's first server URL: `/wiki/api/v2` for v2, `` for v1. */
function serverPrefix(doc: JsonObject): string {
  const servers = doc['servers'];
  const first: unknown = Array.isArray(servers) ? servers[0] : undefined;
  const url = isObject(first) && typeof first['url'] === 'string' ? first['url'] : '';
  const withoutHost = url.replace(/^[a-z]+:/i, '').replace(/^\/\/[^/]*/, '');
  return withoutHost.replace(/\/$/, '');
}

function schemaId(api: ApiVersion): string {
  return `https://access-lens.invalid/openapi/confluence-${api}.json`;
}

/**
 * OpenAPI 3.0 schema → JSON Schema draft-07 as Ajv reads it: `nullable` becomes a `null` type
 * (and a `null` enum member), `$ref` siblings are dropped as OpenAPI 3.0 requires, and
 * component refs point into the registered document.
 */
function toJsonSchema(api: ApiVersion, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(api, item));
  if (!isObject(node)) return node;
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    return { $ref: ref.replace(/^#\/components\/schemas\//, `${schemaId(api)}#/definitions/`) };
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    if (key === 'properties' && isObject(value)) {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) props[name] = toJsonSchema(api, sub);
      out[key] = props;
    } else if (key === 'enum' || key === 'default' || key === 'required' || key === 'const') {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(api, value);
    }
  }
  if (node['nullable'] === true) {
    const values: unknown = out['enum'];
    if (Array.isArray(values) && !values.includes(null))
      out['enum'] = [...(values as unknown[]), null];
    const type = out['type'];
    if (typeof type === 'string') out['type'] = [type, 'null'];
    else if (type === undefined) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function load(): LoadedSpecs {
  if (loaded) return loaded;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  // Formats the documents use that no JSON Schema vocabulary defines; they constrain nothing.
  ajv.addFormat('string', true);
  const routes: Route[] = [];
  for (const api of ['v1', 'v2'] as const) {
    const doc = JSON.parse(readFileSync(join(openapiDir(), SPEC_FILES[api]), 'utf8')) as unknown;
    if (!isObject(doc) || !isObject(doc['paths'])) {
      throw new Error(`${SPEC_FILES[api]}: not an OpenAPI document`);
    }
    const components = isObject(doc['components']) ? doc['components'] : {};
    const schemas = isObject(components['schemas']) ? components['schemas'] : {};
    const definitions: JsonObject = {};
    for (const [name, schema] of Object.entries(schemas)) {
      definitions[name] = toJsonSchema(api, schema);
    }
    allowUnverified(api, definitions);
    ajv.addSchema({ $id: schemaId(api), definitions });
    const prefix = serverPrefix(doc);
    for (const [specPath, item] of Object.entries(doc['paths'])) {
      if (!isObject(item)) continue;
      const template = prefix + specPath;
      const segments = template
        .split('/')
        .slice(1)
        .map((s) => {
          const m = /^\{([^}]+)\}$/.exec(s);
          return m ? { param: m[1]! } : s;
        });
      const operations: Partial<Record<string, JsonObject>> = {};
      for (const method of METHODS) {
        const op = item[method];
        if (isObject(op)) operations[method] = op;
      }
      routes.push({
        api,
        specPath,
        template,
        segments,
        literalCount: segments.filter((s) => typeof s === 'string').length,
        operations,
      });
    }
  }
  loaded = { routes, ajv };
  return loaded;
}

function pathOnly(path: string): string {
  const noOrigin = /^[a-z]+:\/\//i.test(path) ? new URL(path).pathname : path;
  const q = noOrigin.search(/[?#]/);
  return q === -1 ? noOrigin : noOrigin.slice(0, q);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Most specific template wins: literal segments beat parameters, leftmost first. */
function compareSpecificity(a: Route, b: Route): number {
  for (let i = 0; i < a.segments.length; i++) {
    const la = typeof a.segments[i] === 'string';
    const lb = typeof b.segments[i] === 'string';
    if (la !== lb) return la ? -1 : 1;
  }
  return 0;
}

export function matchOperation(method: string, path: string): OperationMatch | undefined {
  const { routes } = load();
  const m = method.toLowerCase();
  const parts = pathOnly(path).replace(/\/$/, '').split('/').slice(1);
  let best: { route: Route; params: Record<string, string> } | undefined;
  for (const route of routes) {
    if (route.segments.length !== parts.length || !route.operations[m]) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < parts.length && matched; i++) {
      const seg = route.segments[i]!;
      const part = parts[i]!;
      if (typeof seg === 'string') matched = seg === part || seg === safeDecode(part);
      else if (part === '') matched = false;
      else params[seg.param] = safeDecode(part);
    }
    if (!matched) continue;
    if (!best || compareSpecificity(route, best.route) < 0) best = { route, params };
  }
  if (!best) return undefined;
  const op = best.route.operations[m]!;
  return {
    api: best.route.api,
    template: best.route.template,
    specPath: best.route.specPath,
    method: m,
    operationId: typeof op['operationId'] === 'string' ? op['operationId'] : undefined,
    pathParams: best.params,
  };
}

function operationObject(match: OperationMatch): JsonObject {
  const route = load().routes.find((r) => r.api === match.api && r.specPath === match.specPath);
  return route!.operations[match.method]!;
}

/**
 * Scopes the operation requires, as @forge/lint reads them: `x-atlassian-oauth2-scopes` entries
 * in state `Current`, else the OAuth entries of `security`. Undefined when no operation matches.
 */
/** Every scope the document says the operation accepts: its Current and its Beta scopes. */
export function acceptedScopesFor(method: string, path: string): string[] | undefined {
  const match = matchOperation(method, path);
  if (!match) return undefined;
  const ext = operationObject(match)['x-atlassian-oauth2-scopes'];
  if (!Array.isArray(ext)) return requiredScopesFor(method, path);
  const scopes = new Set<string>();
  for (const entry of ext) {
    if (!isObject(entry) || !Array.isArray(entry['scopes'])) continue;
    for (const s of entry['scopes']) if (typeof s === 'string') scopes.add(s);
  }
  return [...scopes];
}

export function requiredScopesFor(method: string, path: string): string[] | undefined {
  const match = matchOperation(method, path);
  if (!match) return undefined;
  const op = operationObject(match);
  const scopes = new Set<string>();
  const ext = op['x-atlassian-oauth2-scopes'];
  if (Array.isArray(ext)) {
    for (const entry of ext) {
      if (!isObject(entry) || entry['state'] !== 'Current' || !Array.isArray(entry['scopes']))
        continue;
      for (const s of entry['scopes']) if (typeof s === 'string') scopes.add(s);
    }
    return [...scopes];
  }
  const security = op['security'];
  if (Array.isArray(security)) {
    for (const req of security) {
      if (!isObject(req)) continue;
      for (const scheme of ['OAuth2', 'oAuthDefinitions']) {
        const list = req[scheme];
        if (Array.isArray(list)) for (const s of list) if (typeof s === 'string') scopes.add(s);
      }
    }
  }
  return [...scopes];
}

function jsonSchemaOf(response: unknown): unknown {
  if (!isObject(response) || !isObject(response['content'])) return undefined;
  const content = response['content'];
  const mediaTypes = Object.keys(content);
  const preferred =
    mediaTypes.find((t) => t === 'application/json') ??
    mediaTypes.find((t) => t.startsWith('application/json')) ??
    mediaTypes.find((t) => t === '*/*');
  const media = preferred === undefined ? undefined : content[preferred];
  return isObject(media) ? media['schema'] : undefined;
}

interface ChosenSchema {
  source: SchemaSource;
  key?: string;
  schema?: unknown;
}

function chooseSchema(responses: JsonObject, status: number): ChosenSchema | undefined {
  const exact = String(status);
  const range = `${exact[0]!}XX`;
  const isError = status >= 400;
  let documented = false;
  for (const key of [exact, range, range.toLowerCase(), 'default']) {
    if (!(key in responses)) continue;
    documented = true;
    const schema = jsonSchemaOf(responses[key]);
    if (schema !== undefined) return { source: 'spec', key, schema };
  }
  if (isError) {
    // The nearest documented status of the same class that carries a schema.
    const sameClass = Object.keys(responses)
      .filter(
        (k) => /^\d{3}$/.test(k) && k[0] === exact[0] && jsonSchemaOf(responses[k]) !== undefined,
      )
      .sort((a, b) => Math.abs(Number(a) - status) - Math.abs(Number(b) - status));
    const nearest = sameClass[0];
    if (nearest !== undefined) {
      return { source: 'spec', key: nearest, schema: jsonSchemaOf(responses[nearest]) };
    }
    return { source: 'error-envelope' };
  }
  return documented ? { source: 'none', key: exact } : undefined;
}

function errorEnvelope(api: ApiVersion, status: number): JsonObject {
  if (api === 'v2') {
    return {
      type: 'object',
      required: ['errors'],
      properties: {
        errors: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['status', 'code', 'title'],
            properties: {
              status: { const: status },
              code: { type: 'string', minLength: 1 },
              title: { type: 'string', minLength: 1 },
              detail: { type: ['string', 'null'] },
            },
          },
        },
      },
    };
  }
  return {
    type: 'object',
    required: ['statusCode', 'message'],
    properties: {
      statusCode: { const: status },
      message: { type: 'string' },
      data: { type: 'object' },
    },
  };
}

function formatError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(body)' : e.instancePath;
  const detail =
    e.keyword === 'additionalProperties' || e.keyword === 'required' || e.keyword === 'enum'
      ? ` ${JSON.stringify(e.params)}`
      : '';
  return `${where} ${e.message ?? e.keyword}${detail}`;
}

export function validateResponse(input: ValidateResponseInput): ValidateResponseResult {
  const { ajv } = load();
  const match = matchOperation(input.method, input.path);
  if (!match) {
    return {
      ok: false,
      errors: [
        `no operation in the Confluence documents for ${input.method.toUpperCase()} ${pathOnly(input.path)}`,
      ],
    };
  }
  const route = `${match.method.toUpperCase()} ${match.template}`;
  const operation = match.operationId ?? route;
  const op = operationObject(match);
  const responses = isObject(op['responses']) ? op['responses'] : {};
  const chosen = chooseSchema(responses, input.status);
  if (!chosen) {
    return {
      ok: false,
      operation,
      route,
      errors: [
        `status ${String(input.status)} is not documented for ${operation} (documented: ${Object.keys(responses).join(', ')})`,
      ],
    };
  }
  if (chosen.source === 'none') {
    return {
      ok: true,
      errors: [],
      operation,
      route,
      schemaSource: 'none',
      responseKey: chosen.key,
    };
  }
  const cacheKey = `${match.api} ${route} ${chosen.source === 'spec' ? chosen.key! : `envelope ${String(input.status)}`}`;
  let validate = validatorCache.get(cacheKey);
  if (!validate) {
    const schema =
      chosen.source === 'spec'
        ? toJsonSchema(match.api, chosen.schema)
        : errorEnvelope(match.api, input.status);
    validate = ajv.compile(schema as JsonObject);
    validatorCache.set(cacheKey, validate);
  }
  const valid = validate(input.body);
  const errors = valid ? [] : (validate.errors ?? []).slice(0, 25).map(formatError);
  return {
    ok: valid,
    errors,
    operation,
    route,
    schemaSource: chosen.source,
    responseKey: chosen.key,
  };
}

/**
 * Validates a value against one named schema of `components.schemas`, for response parts the
 * operation's own schema leaves open (v1 `restriction/byOperation` declares a map of anything).
 */
export function validateComponent(input: { api: ApiVersion; schema: string; body: unknown }): {
  ok: boolean;
  errors: string[];
} {
  const { ajv } = load();
  const ref = `${schemaId(input.api)}#/definitions/${input.schema}`;
  const cacheKey = `component ${ref}`;
  let validate = validatorCache.get(cacheKey);
  if (!validate) {
    validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema ${input.schema} in the ${input.api} document`);
    validatorCache.set(cacheKey, validate);
  }
  const valid = validate(input.body);
  return { ok: valid, errors: valid ? [] : (validate.errors ?? []).slice(0, 25).map(formatError) };
}
