import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Filter, FilterConditions, ForgeKvsAPIError, kvs, WhereConditions } from '@forge/kvs';
import { KvsStore } from '../../dev/forge-platform/kvs-store';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';

/**
 * The real, unchanged `@forge/kvs` client against the local KVS: every assertion goes through
 * the SDK, so its request shapes and its error handling are what is tested.
 */
describe('local Forge KVS', () => {
  let platform: LocalPlatform;
  beforeEach(() => {
    platform = installLocalPlatform();
  });
  afterEach(() => {
    platform.uninstall();
  });

  /** The SDK's error for a promise that must fail. */
  async function kvsError(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
    const error: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof ForgeKvsAPIError)) {
      throw new Error(`expected a ForgeKvsAPIError, got ${String(error)}`);
    }
    return error;
  }

  it('sets, gets and deletes; a missing key reads as undefined', async () => {
    await kvs.set('policy:labels', { labels: ['confidential', 'secret'] });
    await expect(kvs.get('policy:labels')).resolves.toEqual({
      labels: ['confidential', 'secret'],
    });
    await kvs.delete('policy:labels');
    await expect(kvs.get('policy:labels')).resolves.toBeUndefined();
    await expect(kvs.delete('policy:labels')).resolves.toBeUndefined();
    expect(platform.kvs.requests.map((r) => [r.path, r.status])).toEqual([
      ['/api/v1/set', 204],
      ['/api/v1/get', 200],
      ['/api/v1/delete', 204],
      ['/api/v1/get', 404],
      ['/api/v1/delete', 404],
    ]);
  });

  it('stores a copy: later changes to the object do not leak into the store', async () => {
    const value = { n: 1 };
    await kvs.set('copy', value);
    value.n = 2;
    await expect(kvs.get('copy')).resolves.toEqual({ n: 1 });
  });

  it('pages a beginsWith query over more than 100 keys without missing or repeating one', async () => {
    const expected = Array.from({ length: 250 }, (_, i) => `audit:1:finding:${String(i)}`);
    for (const key of expected) await kvs.set(key, { key });
    await kvs.set('audit:2:finding:0', { other: true });
    await kvs.set('audit:1', { notInPrefix: true });

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith('audit:1:')).limit(100);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await query.getMany<{ key: string }>();
      pageSizes.push(page.results.length);
      for (const result of page.results) {
        expect(result.value.key).toBe(result.key);
        seen.push(result.key);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);

    expect(pageSizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it('refuses pages over 100 and cursors it did not issue', async () => {
    expect((await kvsError(kvs.query().limit(101).getMany())).responseDetails.status).toBe(400);
    expect((await kvsError(kvs.query().cursor('made-up').getMany())).code).toBe('INVALID_CURSOR');
  });

  it('refuses a value over 240 KiB with the SDK error, and accepts one at the limit', async () => {
    const limit = 240 * 1024;
    // JSON adds two quote characters around a string.
    await kvs.set('at-limit', 'x'.repeat(limit - 2));
    const error = await kvsError(kvs.set('too-big', 'x'.repeat(limit - 1)));
    expect(error.code).toBe('MAX_SIZE');
    expect(error.responseDetails.status).toBe(400);
    await expect(kvs.get('too-big')).resolves.toBeUndefined();
    await expect(kvs.get<string>('at-limit')).resolves.toHaveLength(limit - 2);
  });

  it('refuses keys over 500 characters and keys outside the documented pattern', async () => {
    await kvs.set('k'.repeat(500), 1);
    expect((await kvsError(kvs.set('k'.repeat(501), 1))).code).toBe('KEY_TOO_LONG');
    expect((await kvsError(kvs.set('audit/1', 1))).code).toBe('INVALID_KEY');
    expect((await kvsError(kvs.get(''))).code).toBe('KEY_TOO_SHORT');
  });

  it('refuses a transaction of more than 25 operations and writes none of it', async () => {
    const tx = kvs.transact();
    for (let i = 0; i < 26; i += 1) tx.set(`tx:${String(i)}`, i);
    expect((await kvsError(tx.execute())).responseDetails.status).toBe(400);
    await expect(kvs.get('tx:0')).resolves.toBeUndefined();

    const ok = kvs.transact();
    for (let i = 0; i < 24; i += 1) ok.set(`tx:${String(i)}`, i);
    ok.delete('tx:missing');
    await ok.execute();
    await expect(kvs.get('tx:23')).resolves.toBe(23);
  });

  it('set with FAIL_IF_EXISTS lets exactly one of several concurrent writers win', async () => {
    const attempts = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map((owner) =>
        kvs.set('lock:audit', { owner }, { keyPolicy: 'FAIL_IF_EXISTS' }),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const refused = attempts.flatMap((a): unknown[] => (a.status === 'rejected' ? [a.reason] : []));
    expect(refused).toHaveLength(4);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(ForgeKvsAPIError);
      expect((reason as ForgeKvsAPIError).responseDetails.status).toBe(409);
    }
    await expect(kvs.get('lock:audit')).resolves.toEqual({ owner: 'a' });
  });

  it('returns the previous value when asked', async () => {
    await kvs.set('counter', 1);
    const previous = await kvs.set<number>('counter', 2, {
      keyPolicy: 'OVERRIDE',
      returnValue: 'PREVIOUS',
    });
    expect(previous).toEqual({ key: 'counter', value: 1 });
    await expect(kvs.get('counter')).resolves.toBe(2);
  });

  it('a transaction whose condition fails writes nothing (optimistic versioning)', async () => {
    const settings = kvs.entity<{ version: number; labels: string[] }>('settings');
    await settings.set('policy', { version: 1, labels: ['secret'] });
    const save = (basedOn: number, labels: string[]) =>
      kvs
        .transact()
        .set(
          'policy',
          { version: basedOn + 1, labels },
          {
            entityName: 'settings',
            conditions: new Filter<{ version: number }>().and(
              'version',
              FilterConditions.equalTo(basedOn),
            ),
          },
        )
        .set('history:policy:2', { labels })
        .execute();

    await save(1, ['secret', 'hr-only']);
    const stale = await kvsError(save(1, ['public']));
    expect(stale.responseDetails.status).toBe(409);
    await expect(settings.get('policy')).resolves.toEqual({
      version: 2,
      labels: ['secret', 'hr-only'],
    });
    await expect(kvs.get('history:policy:2')).resolves.toEqual({ labels: ['secret', 'hr-only'] });
  });

  it('keeps secrets, entities and plain keys apart; queries see plain keys only', async () => {
    await kvs.set('token', 'plain');
    await kvs.setSecret('token', 'secret');
    await kvs.entity('things').set('token', { entity: true });
    await expect(kvs.get('token')).resolves.toBe('plain');
    await expect(kvs.getSecret('token')).resolves.toBe('secret');
    await expect(kvs.entity('things').get('token')).resolves.toEqual({ entity: true });
    const { results } = await kvs.query().limit(100).getMany();
    expect(results).toEqual([{ key: 'token', value: 'plain' }]);
  });

  it('batches succeed or fail per item', async () => {
    const set = await kvs.batchSet([
      { key: 'b:1', value: 1 },
      { key: 'b/2', value: 2 },
    ]);
    expect(set.successfulKeys).toEqual([{ key: 'b:1' }]);
    expect(set.failedKeys.map((f) => [f.key, f.error.code])).toEqual([['b/2', 'INVALID_KEY']]);
    const got = await kvs.batchGet([{ key: 'b:1' }, { key: 'b:3' }]);
    expect(got.successfulKeys).toEqual([{ key: 'b:1', value: 1 }]);
    expect(got.failedKeys.map((f) => f.error.code)).toEqual(['KEY_NOT_FOUND']);
  });

  it('expires keys with a TTL on the platform clock', async () => {
    await kvs.set('lease', 'held', { ttl: { value: 5, unit: 'MINUTES' } });
    platform.queues.advance(4 * 60_000);
    await expect(kvs.get('lease')).resolves.toBe('held');
    platform.queues.advance(60_000);
    await expect(kvs.get('lease')).resolves.toBeUndefined();
  });

  it('persists to a JSON file and reloads it; snapshot and reset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-kvs-'));
    try {
      const file = join(dir, 'kvs.json');
      platform.uninstall();
      platform = installLocalPlatform({ kvs: new KvsStore({ file }) });
      await kvs.set('kept', { across: 'restarts' });
      platform.uninstall();
      platform = installLocalPlatform({ kvs: new KvsStore({ file }) });
      await expect(kvs.get('kept')).resolves.toEqual({ across: 'restarts' });
      expect(Object.keys(platform.kvs.snapshot().kvs)).toEqual(['kept']);
      platform.kvs.reset();
      await expect(kvs.get('kept')).resolves.toBeUndefined();
      expect(new KvsStore({ file }).snapshot().kvs).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves an SDK imported after install, which calls the KVS host with the runtime token', async () => {
    await kvs.set('shared', 'via proxy');
    await jest.isolateModulesAsync(async () => {
      const late = await import('@forge/kvs');
      await expect(late.kvs.get('shared')).resolves.toBe('via proxy');
      await late.kvs.set('shared', 'direct');
    });
    await expect(kvs.get('shared')).resolves.toBe('direct');
    expect(platform.kvs.requests.map((r) => r.route)).toEqual([
      'proxy',
      'direct',
      'direct',
      'proxy',
    ]);
  });
});
