/**
 * The local KVS enforces Forge's 4 MB payload of one transaction or batch set, as well as the
 * 240 KiB value and the 25 operations, through the real `@forge/kvs` client; and it logs the bytes
 * and keys each request moved, which tests and benchmarks count.
 */
import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';

describe('local Forge KVS payload limits', () => {
  let platform: LocalPlatform;
  beforeEach(() => {
    platform = installLocalPlatform();
  });
  afterEach(() => {
    platform.uninstall();
  });

  const value = (kib: number) => 'x'.repeat(kib * 1024);

  it('refuses a transaction over 4 MB and writes none of it; accepts one under', async () => {
    const big = kvs.transact();
    for (let i = 0; i < 20; i += 1) big.set(`k${String(i)}`, value(230));
    const error: unknown = await big.execute().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    expect((error as ForgeKvsAPIError).responseDetails.status).toBe(400);
    await expect(kvs.get('k0')).resolves.toBeUndefined();
    const small = kvs.transact();
    for (let i = 0; i < 16; i += 1) small.set(`k${String(i)}`, value(230));
    await small.execute();
    await expect(kvs.get('k15')).resolves.toHaveLength(230 * 1024);
  });

  it('refuses a batch set over 4 MB as a whole', async () => {
    const items = Array.from({ length: 20 }, (_, i) => ({
      key: `b${String(i)}`,
      value: value(230),
    }));
    const error: unknown = await kvs.batchSet(items).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    await expect(kvs.get('b0')).resolves.toBeUndefined();
  });

  it('logs the keys and bytes of each request', async () => {
    await kvs.set('a', { n: 1 });
    await kvs.batchGet([{ key: 'a' }, { key: 'missing' }]);
    const [set, batch] = platform.kvs.requests;
    expect(set).toMatchObject({ path: '/api/v1/set', keys: 1 });
    expect(set?.requestBytes).toBeGreaterThan(0);
    expect(batch).toMatchObject({ path: '/api/v1/batch/get', keys: 2 });
    expect(batch?.responseBytes).toBeGreaterThan(0);
  });
});
