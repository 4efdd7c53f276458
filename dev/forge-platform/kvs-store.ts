import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An in-memory Forge Key-Value Store serving the HTTP API the real `@forge/kvs` client posts to
 * (`/api/v1/get|set|delete|query`, `/api/v1/secret/*`, `/api/v1/entity/get|set|delete`,
 * `/api/v1/batch/get|set|delete`, `/api/v1/transaction`). Errors are `{ code, message }` bodies
 * with the platform's status codes, so the unchanged SDK throws its own `ForgeKvsAPIError`.
 *
 * Limits follow the Forge documentation: keys 1–500 characters matching the documented key
 * pattern, values ≤240 KiB of JSON and ≤32 levels deep, query pages ≤100, transactions ≤25
 * operations, and a transaction's or a batch set's payload ≤4 MB
 * (https://developer.atlassian.com/platform/forge/storage-reference/transactions/,
 * https://developer.atlassian.com/platform/forge/storage-reference/batchops/). Where the documentation names no error code, the codes used here are marked
 * "local" below; tests should assert on the SDK error class and status, not those strings.
 */

export interface KvsLimits {
  readonly maxKeyLength: number;
  /** Serialized (JSON, UTF-8) size of one value. */
  readonly maxValueBytes: number;
  readonly maxDepth: number;
  readonly maxQueryLimit: number;
  /** Page size when a query names no limit. */
  readonly defaultQueryLimit: number;
  readonly maxTransactionOps: number;
  readonly maxBatchItems: number;
  /** Request body (JSON, UTF-8) of one transaction or one batch set. */
  readonly maxPayloadBytes: number;
}

export const FORGE_KVS_LIMITS: KvsLimits = {
  maxKeyLength: 500,
  maxValueBytes: 240 * 1024,
  maxDepth: 32,
  maxQueryLimit: 100,
  defaultQueryLimit: 10,
  maxTransactionOps: 25,
  maxBatchItems: 25,
  // "4MB": read as decimal megabytes, the stricter of the two readings.
  maxPayloadBytes: 4_000_000,
};

export interface KvsStoreOptions {
  /** JSON file to load on construction and rewrite after every change (the local preview). */
  readonly file?: string;
  /** Clock for `createdAt`/`updatedAt` and TTL expiry; defaults to `Date.now`. */
  readonly now?: () => number;
  readonly limits?: Partial<KvsLimits>;
}

export interface KvsEntry {
  readonly value: unknown;
  /** Epoch seconds, as the service reports them. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** ISO-8601; absent when the key has no TTL. */
  readonly expireTime?: string;
}

/** Everything stored: plain keys, secrets and custom entities live in separate namespaces. */
export interface KvsSnapshot {
  readonly version: 1;
  readonly kvs: Record<string, KvsEntry>;
  readonly secrets: Record<string, KvsEntry>;
  readonly entities: Record<string, Record<string, KvsEntry>>;
}

export interface KvsRequestRecord {
  readonly path: string;
  readonly status: number;
  /** How the SDK reached the store: through the Forge proxy, or straight to the KVS host. */
  readonly route?: 'proxy' | 'direct';
  /** The error code when the request failed. */
  readonly code?: string;
  /** Bytes of the request body and of the response body: what reads and writes moved. */
  readonly requestBytes: number;
  readonly responseBytes: number;
  /** Keys the request named: 1, a batch's items, or a transaction's operations. */
  readonly keys: number;
}

/** The key pattern from the Forge KVS error documentation (`INVALID_KEY`). */
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const ENTITY_NAME_PATTERN = /^[a-z0-9:\-_.]{3,60}$/;

type Namespace = Map<string, KvsEntry>;

interface Filter {
  readonly property: string;
  readonly condition: string;
  readonly values: readonly unknown[];
}

type Conditions = { readonly and?: readonly Filter[]; readonly or?: readonly Filter[] } | undefined;

class KvsFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
};

export class KvsStore {
  readonly limits: KvsLimits;
  /** Every request served, in order: a count of KVS round trips for tests and benchmarks. */
  readonly requests: KvsRequestRecord[] = [];
  private readonly file: string | undefined;
  private readonly now: () => number;
  private kvs: Namespace = new Map();
  private secrets: Namespace = new Map();
  private entities = new Map<string, Namespace>();

  constructor(options: KvsStoreOptions = {}) {
    this.limits = { ...FORGE_KVS_LIMITS, ...options.limits };
    this.file = options.file;
    this.now = options.now ?? Date.now;
    if (this.file !== undefined && existsSync(this.file)) {
      this.load(JSON.parse(readFileSync(this.file, 'utf8')) as KvsSnapshot);
    }
  }

  /** Serves one request of the KVS HTTP API, as `__forge_fetch__` hands it over. */
  handle(path: string, init?: RequestInit, route?: 'proxy' | 'direct'): Promise<Response> {
    const via = route === undefined ? {} : { route };
    const requestBytes = typeof init?.body === 'string' ? Buffer.byteLength(init.body, 'utf8') : 0;
    let result: { status: number; body?: unknown };
    let keys = 0;
    try {
      if ((init?.method ?? 'GET').toUpperCase() !== 'POST') {
        throw new KvsFailure(400, 'BAD_REQUEST', 'The KVS API only accepts POST');
      }
      if (
        (path === '/api/v1/transaction' || path === '/api/v1/batch/set') &&
        requestBytes > this.limits.maxPayloadBytes
      ) {
        // Local code: the limit is documented, its error code is not.
        throw new KvsFailure(
          400,
          'PAYLOAD_TOO_LARGE',
          `The request is ${String(requestBytes)} bytes; the maximum is ${String(this.limits.maxPayloadBytes)}`,
        );
      }
      const body = parseBody(init?.body);
      keys = keysNamed(body);
      result = this.route(path, body);
    } catch (error) {
      if (!(error instanceof KvsFailure)) throw error;
      const body = { code: error.code, message: error.message };
      this.requests.push({
        path,
        status: error.status,
        code: error.code,
        requestBytes,
        responseBytes: Buffer.byteLength(JSON.stringify(body), 'utf8'),
        keys,
        ...via,
      });
      return Promise.resolve(respond(error.status, body));
    }
    const responseBytes =
      result.body === undefined ? 0 : Buffer.byteLength(JSON.stringify(result.body), 'utf8');
    this.requests.push({ path, status: result.status, requestBytes, responseBytes, keys, ...via });
    return Promise.resolve(respond(result.status, result.body));
  }

  /** A deep copy of everything stored (expired keys included until next touched). */
  snapshot(): KvsSnapshot {
    const plain = (ns: Namespace) => Object.fromEntries(structuredClone([...ns]));
    return {
      version: 1,
      kvs: plain(this.kvs),
      secrets: plain(this.secrets),
      entities: Object.fromEntries([...this.entities].map(([name, ns]) => [name, plain(ns)])),
    };
  }

  /** Empties the store, or replaces its contents with `snapshot`. Clears the request log. */
  reset(snapshot?: KvsSnapshot): void {
    this.requests.length = 0;
    this.load(snapshot ?? { version: 1, kvs: {}, secrets: {}, entities: {} });
    this.save();
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  private load(snapshot: KvsSnapshot): void {
    const ns = (record: Record<string, KvsEntry>): Namespace =>
      new Map(structuredClone(Object.entries(record)));
    this.kvs = ns(snapshot.kvs);
    this.secrets = ns(snapshot.secrets);
    this.entities = new Map(Object.entries(snapshot.entities).map(([name, r]) => [name, ns(r)]));
  }

  private save(): void {
    if (this.file === undefined) return;
    mkdirSync(dirname(this.file), { recursive: true });
    // Write then rename, so a preview killed mid-write never leaves half a file behind.
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.snapshot(), null, 2)}\n`);
    renameSync(temporary, this.file);
  }

  private route(path: string, body: unknown): { status: number; body?: unknown } {
    switch (path) {
      case '/api/v1/get':
        return this.get(this.kvs, body);
      case '/api/v1/set':
        return this.set(this.kvs, body);
      case '/api/v1/delete':
        return this.delete(this.kvs, body);
      case '/api/v1/query':
        return this.query(body);
      case '/api/v1/secret/get':
        return this.get(this.secrets, body);
      case '/api/v1/secret/set':
        return this.set(this.secrets, body);
      case '/api/v1/secret/delete':
        return this.delete(this.secrets, body);
      case '/api/v1/entity/get':
        return this.get(this.entityNamespace(field(body, 'entityName')), body);
      case '/api/v1/entity/set':
        return this.set(this.entityNamespace(field(body, 'entityName')), body);
      case '/api/v1/entity/delete':
        return this.delete(this.entityNamespace(field(body, 'entityName')), body);
      case '/api/v1/entity/query':
        // Entity queries need the manifest's index definitions; nothing here uses them yet.
        throw new KvsFailure(400, 'NOT_IMPLEMENTED', 'The local KVS does not serve entity queries');
      case '/api/v1/batch/get':
        return this.batchGet(body);
      case '/api/v1/batch/set':
        return this.batchSet(body);
      case '/api/v1/batch/delete':
        return this.batchDelete(body);
      case '/api/v1/transaction':
        return this.transact(body);
      default:
        throw new KvsFailure(404, 'NOT_FOUND', `The KVS API has no endpoint ${path}`);
    }
  }

  private get(ns: Namespace, body: unknown): { status: number; body?: unknown } {
    const key = validKey(field(body, 'key'), this.limits);
    const entry = this.live(ns, key);
    if (!entry) throw notFound();
    return { status: 200, body: { key, ...entry } };
  }

  private set(ns: Namespace, body: unknown): { status: number; body?: unknown } {
    const key = validKey(field(body, 'key'), this.limits);
    const value = this.validValue(requiredValue(body));
    const options = optionsOf(body);
    const previous = this.live(ns, key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && previous) {
      // HTTP 409 `KEY_CONFLICT`: what the service answers to a lost FAIL_IF_EXISTS race.
      throw new KvsFailure(409, 'KEY_CONFLICT', `The key ${key} already exists`);
    }
    const entry = this.write(ns, key, value, options.ttl, previous);
    this.save();
    if (options.returnValue === 'PREVIOUS') {
      return previous ? { status: 200, body: { key, ...previous } } : { status: 204 };
    }
    if (options.returnValue === 'LATEST') return { status: 200, body: { key, ...entry } };
    return { status: 204 };
  }

  private delete(ns: Namespace, body: unknown): { status: number; body?: unknown } {
    const key = validKey(field(body, 'key'), this.limits);
    if (!this.live(ns, key)) throw notFound();
    ns.delete(key);
    this.save();
    return { status: 204 };
  }

  private query(body: unknown): { status: number; body?: unknown } {
    const limitField = optionalField(body, 'limit');
    const limit = limitField === undefined ? this.limits.defaultQueryLimit : limitField;
    if (
      typeof limit !== 'number' ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > this.limits.maxQueryLimit
    ) {
      throw new KvsFailure(
        400,
        'BAD_REQUEST',
        `limit must be an integer from 1 to ${String(this.limits.maxQueryLimit)}`,
      );
    }
    const after = optionalField(body, 'after');
    const afterKey = after === undefined ? undefined : decodeCursor(after);
    const where = optionalField(body, 'where');
    const clauses = where === undefined ? [] : filtersOf(where);
    for (const clause of clauses) {
      if (clause.property !== 'key') {
        throw new KvsFailure(400, 'BAD_REQUEST', 'Queries can only filter on the key');
      }
    }
    const fields = metadataFieldsOf(optionalField(body, 'options'));
    const keys = [...this.kvs.keys()]
      .filter((key) => this.live(this.kvs, key) !== undefined)
      .filter((key) => afterKey === undefined || key > afterKey)
      .filter((key) => clauses.every((clause) => matches(clause, key)))
      .sort(compareKeys);
    const page = keys.slice(0, limit);
    const data = page.map((key) => {
      const entry = this.kvs.get(key) as KvsEntry;
      return {
        key,
        value: entry.value,
        ...(fields.has('CREATED_AT') ? { createdAt: entry.createdAt } : {}),
        ...(fields.has('UPDATED_AT') ? { updatedAt: entry.updatedAt } : {}),
        ...(fields.has('EXPIRE_TIME') && entry.expireTime !== undefined
          ? { expireTime: entry.expireTime }
          : {}),
      };
    });
    const last = page[page.length - 1];
    const more = keys.length > limit && last !== undefined;
    return { status: 200, body: { data, ...(more ? { cursor: encodeCursor(last) } : {}) } };
  }

  private batchItems(body: unknown): readonly Record<string, unknown>[] {
    if (!Array.isArray(body) || body.length === 0) {
      throw new KvsFailure(400, 'BAD_REQUEST', 'A batch request is a non-empty array of items');
    }
    if (body.length > this.limits.maxBatchItems) {
      throw new KvsFailure(
        400,
        'BAD_REQUEST',
        `A batch may contain at most ${String(this.limits.maxBatchItems)} items`,
      );
    }
    return body.map((item: unknown) => {
      if (typeof item !== 'object' || item === null) {
        throw new KvsFailure(400, 'BAD_REQUEST', 'Each batch item must be an object');
      }
      return item as Record<string, unknown>;
    });
  }

  private batchGet(body: unknown): { status: number; body?: unknown } {
    return this.batch(body, (ns, item, key) => {
      const entry = this.live(ns, key);
      if (!entry) throw notFound();
      const fields = metadataFieldsOf(item.options);
      return {
        value: entry.value,
        ...(fields.has('CREATED_AT') ? { createdAt: entry.createdAt } : {}),
        ...(fields.has('UPDATED_AT') ? { updatedAt: entry.updatedAt } : {}),
        ...(fields.has('EXPIRE_TIME') && entry.expireTime !== undefined
          ? { expireTime: entry.expireTime }
          : {}),
      };
    });
  }

  private batchSet(body: unknown): { status: number; body?: unknown } {
    const result = this.batch(body, (ns, item, key) => {
      const value = this.validValue(requiredValue(item));
      this.write(ns, key, value, optionsOf(item).ttl, this.live(ns, key));
      return {};
    });
    this.save();
    return result;
  }

  private batchDelete(body: unknown): { status: number; body?: unknown } {
    const result = this.batch(body, (ns, _item, key) => {
      if (!this.live(ns, key)) throw notFound();
      ns.delete(key);
      return {};
    });
    this.save();
    return result;
  }

  /** Items succeed or fail one by one; a malformed request as a whole is a 400. */
  private batch(
    body: unknown,
    apply: (ns: Namespace, item: Record<string, unknown>, key: string) => Record<string, unknown>,
  ): { status: number; body: unknown } {
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of this.batchItems(body)) {
      const id = {
        key: item.key,
        ...(item.entityName === undefined ? {} : { entityName: item.entityName }),
      };
      try {
        const ns = item.entityName === undefined ? this.kvs : this.entityNamespace(item.entityName);
        const key = validKey(item.key, this.limits);
        successfulKeys.push({ ...id, ...apply(ns, item, key) });
      } catch (error) {
        if (!(error instanceof KvsFailure)) throw error;
        failedKeys.push({ ...id, error: { code: error.code, message: error.message } });
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private transact(body: unknown): { status: number; body?: unknown } {
    const sets = opList(optionalField(body, 'set'));
    const deletes = opList(optionalField(body, 'delete'));
    const checks = opList(optionalField(body, 'check'));
    const count = sets.length + deletes.length + checks.length;
    if (count === 0) {
      throw new KvsFailure(400, 'BAD_REQUEST', 'A transaction needs at least one operation');
    }
    if (count > this.limits.maxTransactionOps) {
      // Local code: the limit is documented, its error code is not.
      throw new KvsFailure(
        400,
        'TOO_MANY_TRANSACTION_OPERATIONS',
        `A transaction may contain at most ${String(this.limits.maxTransactionOps)} operations (got ${String(count)})`,
      );
    }
    const touched = new Set<string>();
    const target = (op: Record<string, unknown>) => {
      const ns = op.entityName === undefined ? this.kvs : this.entityNamespace(op.entityName);
      const key = validKey(op.key, this.limits);
      const id = `${typeof op.entityName === 'string' ? op.entityName : ''}\u0000${key}`;
      if (touched.has(id)) {
        throw new KvsFailure(
          400,
          'BAD_REQUEST',
          `A transaction may touch the key ${key} only once`,
        );
      }
      touched.add(id);
      return { ns, key, conditions: op.conditions as Conditions };
    };
    // Validate and evaluate everything before the first write: all or nothing.
    const writes: (() => void)[] = [];
    for (const op of checks) {
      const { ns, key, conditions } = target(op);
      if (conditions === undefined) {
        throw new KvsFailure(400, 'BAD_REQUEST', 'A transaction check needs conditions');
      }
      this.requireConditions(ns, key, conditions);
    }
    for (const op of sets) {
      const { ns, key, conditions } = target(op);
      const value = this.validValue(requiredValue(op));
      this.requireConditions(ns, key, conditions);
      const ttl = optionsOf(op).ttl;
      writes.push(() => this.write(ns, key, value, ttl, this.live(ns, key)));
    }
    for (const op of deletes) {
      const { ns, key, conditions } = target(op);
      this.requireConditions(ns, key, conditions);
      writes.push(() => ns.delete(key));
    }
    for (const write of writes) write();
    this.save();
    return { status: 204 };
  }

  private requireConditions(ns: Namespace, key: string, conditions: Conditions): void {
    if (conditions === undefined) return;
    const current = this.live(ns, key)?.value;
    const holds = (filter: Filter) => matches(filter, propertyOf(current, filter.property));
    const ok =
      conditions.and !== undefined
        ? conditions.and.every(holds)
        : conditions.or !== undefined
          ? conditions.or.some(holds)
          : true;
    if (!ok) {
      // Local code: the transaction is refused as a whole and nothing is written.
      throw new KvsFailure(409, 'CONDITION_CHECK_FAILED', `Conditions on ${key} are not met`);
    }
  }

  private write(
    ns: Namespace,
    key: string,
    value: unknown,
    ttl: Ttl | undefined,
    previous: KvsEntry | undefined,
  ): KvsEntry {
    const nowMs = this.now();
    const seconds = Math.floor(nowMs / 1000);
    const entry: KvsEntry = {
      value: structuredClone(value),
      createdAt: previous?.createdAt ?? seconds,
      updatedAt: seconds,
      ...(ttl ? { expireTime: new Date(nowMs + ttlMs(ttl)).toISOString() } : {}),
    };
    ns.set(key, entry);
    return entry;
  }

  /** The entry if it exists and has not expired; an expired one is dropped on the way. */
  private live(ns: Namespace, key: string): KvsEntry | undefined {
    const entry = ns.get(key);
    if (entry?.expireTime !== undefined && Date.parse(entry.expireTime) <= this.now()) {
      ns.delete(key);
      return undefined;
    }
    return entry;
  }

  private entityNamespace(name: unknown): Namespace {
    if (typeof name !== 'string' || !ENTITY_NAME_PATTERN.test(name)) {
      throw new KvsFailure(
        400,
        'INVALID_ENTITY_NAME',
        'Entity names are 3–60 characters of a-z, 0-9, :, -, _ and .',
      );
    }
    let ns = this.entities.get(name);
    if (!ns) {
      ns = new Map();
      this.entities.set(name, ns);
    }
    return ns;
  }

  private validValue(value: unknown): unknown {
    const json = JSON.stringify(value);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > this.limits.maxValueBytes) {
      throw new KvsFailure(
        400,
        'MAX_SIZE',
        `The value is ${String(bytes)} bytes; the maximum is ${String(this.limits.maxValueBytes)}`,
      );
    }
    if (depthOf(value) > this.limits.maxDepth) {
      throw new KvsFailure(
        400,
        'MAX_DEPTH',
        `The value is nested deeper than ${String(this.limits.maxDepth)} levels`,
      );
    }
    // What is stored is what a JSON round trip yields, as over the wire.
    return JSON.parse(json) as unknown;
  }
}

interface Ttl {
  readonly value: number;
  readonly unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';
}

const TTL_UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

function ttlMs(ttl: Ttl): number {
  return ttl.value * TTL_UNIT_MS[ttl.unit];
}

function respond(status: number, body: unknown): Response {
  const init = { status, statusText: STATUS_TEXT[status] ?? '' };
  if (status === 204 || body === undefined) return new Response(null, init);
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json' },
  });
}

function notFound(): KvsFailure {
  return new KvsFailure(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
}

function keysNamed(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (typeof body !== 'object' || body === null) return 0;
  const record = body as Record<string, unknown>;
  if ('key' in record) return 1;
  const ops = ['set', 'delete', 'check'].map((name) => record[name]);
  return ops.reduce<number>((sum, op) => sum + (Array.isArray(op) ? op.length : 0), 0);
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') {
    throw new KvsFailure(400, 'BAD_REQUEST', 'Provided request body is invalid');
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new KvsFailure(400, 'BAD_REQUEST', 'Provided request body is invalid');
  }
}

function optionalField(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null) {
    throw new KvsFailure(400, 'BAD_REQUEST', 'Provided request body is invalid');
  }
  return (body as Record<string, unknown>)[name];
}

function field(body: unknown, name: string): unknown {
  const value = optionalField(body, name);
  if (value === undefined) throw new KvsFailure(400, 'BAD_REQUEST', `${name} is required`);
  return value;
}

function requiredValue(body: unknown): unknown {
  const value = optionalField(body, 'value');
  if (value === undefined) throw new KvsFailure(400, 'BAD_REQUEST', 'value is required');
  return value;
}

function validKey(key: unknown, limits: KvsLimits): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new KvsFailure(400, 'KEY_TOO_SHORT', 'The key must be at least one character');
  }
  if (key.length > limits.maxKeyLength) {
    throw new KvsFailure(
      400,
      'KEY_TOO_LONG',
      `The key is ${String(key.length)} characters; the maximum is ${String(limits.maxKeyLength)}`,
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw new KvsFailure(
      400,
      'INVALID_KEY',
      'Keys may contain only letters, digits, spaces and : . _ - #',
    );
  }
  return key;
}

function optionsOf(body: unknown): {
  keyPolicy?: string;
  returnValue?: string;
  ttl?: Ttl;
} {
  const options = optionalField(body, 'options');
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    throw new KvsFailure(400, 'BAD_REQUEST', 'options must be an object');
  }
  const { keyPolicy, returnValue, ttl } = options as Record<string, unknown>;
  if (ttl !== undefined) {
    const { value, unit } = (ttl ?? {}) as Record<string, unknown>;
    if (
      typeof value !== 'number' ||
      !(value > 0) ||
      typeof unit !== 'string' ||
      !(unit in TTL_UNIT_MS)
    ) {
      throw new KvsFailure(400, 'BAD_REQUEST', 'ttl needs a positive value and a unit');
    }
  }
  if (returnValue !== undefined && keyPolicy !== 'OVERRIDE') {
    throw new KvsFailure(400, 'BAD_REQUEST', 'returnValue needs keyPolicy OVERRIDE');
  }
  return {
    ...(typeof keyPolicy === 'string' ? { keyPolicy } : {}),
    ...(typeof returnValue === 'string' ? { returnValue } : {}),
    ...(ttl === undefined ? {} : { ttl: ttl as Ttl }),
  };
}

function metadataFieldsOf(options: unknown): ReadonlySet<string> {
  if (typeof options !== 'object' || options === null) return new Set();
  const fields = (options as { metadataFields?: unknown }).metadataFields;
  return new Set(Array.isArray(fields) ? fields.filter((f) => typeof f === 'string') : []);
}

function opList(value: unknown): readonly Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new KvsFailure(400, 'BAD_REQUEST', 'Transaction operations must be arrays');
  }
  return value.map((op: unknown) => {
    if (typeof op !== 'object' || op === null) {
      throw new KvsFailure(400, 'BAD_REQUEST', 'Each transaction operation must be an object');
    }
    return op as Record<string, unknown>;
  });
}

function filtersOf(value: unknown): readonly Filter[] {
  if (!Array.isArray(value)) throw new KvsFailure(400, 'BAD_REQUEST', 'where must be an array');
  return value.map((clause: unknown) => {
    const { property, condition, values } = (clause ?? {}) as Record<string, unknown>;
    if (typeof property !== 'string' || typeof condition !== 'string' || !Array.isArray(values)) {
      throw new KvsFailure(400, 'BAD_REQUEST', 'Invalid where clause');
    }
    return { property, condition, values };
  });
}

function propertyOf(value: unknown, property: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Record<string, unknown>)[property];
}

/** Key order is code-unit order, as cursors assume. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareKeys(a, b);
  return undefined;
}

function matches(filter: Filter, actual: unknown): boolean {
  const [first, second] = filter.values;
  const cmp = (x: unknown) => compare(actual, x);
  switch (filter.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual !== undefined && actual === first;
    case 'NOT_EQUAL_TO':
      return actual !== first;
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(first));
    case 'CONTAINS':
      return (
        (typeof actual === 'string' && actual.includes(String(first))) ||
        (Array.isArray(actual) && actual.includes(first))
      );
    case 'NOT_CONTAINS':
      return !(
        (typeof actual === 'string' && actual.includes(String(first))) ||
        (Array.isArray(actual) && actual.includes(first))
      );
    case 'BETWEEN': {
      const low = cmp(first);
      const high = cmp(second);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'GREATER_THAN':
      return (cmp(first) ?? 0) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return (cmp(first) ?? -1) >= 0;
    case 'LESS_THAN':
      return (cmp(first) ?? 0) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return (cmp(first) ?? 1) <= 0;
    default:
      throw new KvsFailure(400, 'BAD_REQUEST', `Unknown condition ${filter.condition}`);
  }
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  let deepest = 0;
  for (const child of children) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

function encodeCursor(lastKey: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: unknown): string {
  if (typeof cursor === 'string') {
    try {
      const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
      const after = propertyOf(parsed, 'after');
      if (typeof after === 'string') return after;
    } catch {
      // Falls through to the error below.
    }
  }
  throw new KvsFailure(400, 'INVALID_CURSOR', 'The cursor is not one this store issued');
}
