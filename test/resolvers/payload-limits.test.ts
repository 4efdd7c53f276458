import { fitsPayloadLimits } from '../../src/resolvers/payload-size';
import { useApp } from './app-harness';

/** `{ a: { a: … } }` or `[[…]]`, `depth` containers deep: built iteratively, like a parser would. */
function nested(depth: number, kind: 'object' | 'array' = 'object'): unknown {
  let value: unknown = 'x';
  for (let level = 0; level < depth; level += 1) value = kind === 'object' ? { a: value } : [value];
  return value;
}

describe('payload limits through the real handler', () => {
  const app = useApp();

  it.each([
    ['getPageAccess', '5,000 objects deep', 'u-bob', { refresh: nested(5_000) }],
    ['checkAccess', '5,000 arrays deep', 'u-bob', { accountId: nested(5_000, 'array') }],
    ['saveSettings', '5,000 objects deep (256 KiB cap)', 'u-alice', { policy: nested(5_000) }],
    ['getPageAccess', '100,000 objects deep', 'u-bob', nested(100_000)],
    ['getPageAccess', '40 objects deep, small', 'u-bob', { refresh: nested(40) }],
  ])(
    '%s refuses a payload %s as BAD_REQUEST without asking Confluence',
    async (functionKey, _depth, accountId, payload) => {
      const result = await app().call({ accountId }, functionKey, payload, {
        moduleKey: 'access-lens-macro',
        contentId: '1013',
      });
      expect(result).toEqual({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/too large|too deep/) },
      });
      expect(app().platform.requests).toEqual([]);
      expect(app().platform.kvs.requests).toEqual([]);
    },
  );

  it('still refuses a wide payload over the cap, and accepts an ordinary one', async () => {
    const wide = (await app().call({ accountId: 'u-bob' }, 'getPageAccess', {
      refresh: 'x'.repeat(9_000),
    })) as { error: { code: string } };
    expect(wide.error.code).toBe('BAD_REQUEST');
    expect(app().platform.requests).toEqual([]);
    const ordinary = (await app().call(
      { accountId: 'u-bob' },
      'getPageAccess',
      { refresh: true },
      { moduleKey: 'access-lens-macro', contentId: '1013' },
    )) as { ok: boolean };
    expect(ordinary.ok).toBe(true);
  });
});

describe('fitsPayloadLimits', () => {
  const limits = { maxBytes: 100, maxDepth: 4 };

  it('measures exactly what JSON.stringify would write', () => {
    const values: unknown[] = [
      {},
      [],
      { a: 1, b: 'two', c: [true, null, -1.5e-7], d: { e: 'quote " and \\ and \n' } },
      { skipped: undefined, kept: 1 },
      [undefined, 1],
      'é',
      { 'key "quoted"': NaN },
    ];
    for (const value of values) {
      const size = JSON.stringify(value).length;
      expect([value, fitsPayloadLimits(value, { maxBytes: size, maxDepth: 4 })]).toEqual([
        value,
        true,
      ]);
      expect([value, fitsPayloadLimits(value, { maxBytes: size - 1, maxDepth: 4 })]).toEqual([
        value,
        false,
      ]);
    }
  });

  it('caps the depth of containers', () => {
    expect(fitsPayloadLimits(nested(4), limits)).toBe(true);
    expect(fitsPayloadLimits(nested(5), limits)).toBe(false);
    expect(fitsPayloadLimits(nested(5, 'array'), limits)).toBe(false);
  });

  it('stops at the cap without walking the rest', () => {
    let reads = 0;
    const many = new Proxy(
      {},
      {
        ownKeys: () => Array.from({ length: 10_000 }, (_, i) => `k${i}`),
        getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
        get: () => {
          reads += 1;
          return 'v';
        },
      },
    );
    expect(fitsPayloadLimits(many, limits)).toBe(false);
    expect(reads).toBeLessThan(20);
  });
});
