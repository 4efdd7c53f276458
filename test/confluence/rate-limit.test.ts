// The rate-limit header parser: Atlassian's documented examples
// (https://developer.atlassian.com/cloud/confluence/rate-limiting/), both prefixes, values the
// field has shown, and malformed input, which is skipped and never thrown.
import { parseRateLimit, quotaWaitSeconds, rateLimitedBy } from '../../src/confluence/rate-limit';

const NOW = Date.parse('2026-10-08T14:29:13Z');

function parse(headers: Record<string, string>) {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return parseRateLimit((name) => lower.get(name.toLowerCase()) ?? null, NOW);
}

describe('parseRateLimit', () => {
  it('reads nothing from a response without rate-limit headers', () => {
    expect(parse({})).toEqual({ policies: [], burst: { nearLimit: false } });
  });

  describe('points quota (RateLimit-Policy, RateLimit)', () => {
    it('beta headers well within the quota: the policy and the reset, no remaining', () => {
      const info = parse({
        'Beta-RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
        'Beta-RateLimit': '"global-app-quota";t=3200',
      });
      expect(info.quota).toEqual({
        policy: 'global-app-quota',
        limit: 65000,
        windowSeconds: 3600,
        resetSeconds: 3200,
        enforced: false,
      });
    });

    it('enforced headers near the limit carry the remaining points', () => {
      const info = parse({
        'RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
        RateLimit: '"global-app-quota";r=11000;t=600',
      });
      expect(info.quota).toEqual({
        policy: 'global-app-quota',
        limit: 65000,
        windowSeconds: 3600,
        remaining: 11000,
        resetSeconds: 600,
        enforced: true,
      });
    });

    it('matches header names in any case, as logged in the field', () => {
      const info = parse({
        'Beta-Ratelimit-Policy': '"tenant-app-quota";q=100100;w=3600',
        'Beta-Ratelimit': '"tenant-app-quota";r=17842;t=2107',
      });
      expect(info.quota).toMatchObject({
        policy: 'tenant-app-quota',
        limit: 100100,
        remaining: 17842,
      });
    });

    it('keeps every policy of a multi-entry header; the pool is the one that is not a burst', () => {
      const info = parse({
        'Beta-RateLimit-Policy': '"jira-burst-based";q=100;w=1,"global-app-quota";q=65000;w=3600',
        'Beta-RateLimit': '"global-app-quota";t=200, "jira-burst-based";r=90;t=1',
      });
      expect(info.policies.map((p) => p.policy)).toEqual(['jira-burst-based', 'global-app-quota']);
      expect(info.quota).toMatchObject({
        policy: 'global-app-quota',
        limit: 65000,
        resetSeconds: 200,
      });
      expect(info.policies[0]).toMatchObject({ limit: 100, windowSeconds: 1, remaining: 90 });
    });

    it('prefers the enforced pool where both prefixes are present', () => {
      const info = parse({
        'Beta-RateLimit-Policy': '"burst";q=100;w=1,"global-app-quota";q=1;w=1',
        'RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
        RateLimit: '"global-app-quota";t=200',
      });
      expect(info.quota).toMatchObject({ enforced: true, limit: 65000, resetSeconds: 200 });
      expect(info.policies.filter((p) => p.policy === 'global-app-quota')).toHaveLength(2);
    });

    it('ignores parameters it does not know, of any type', () => {
      const info = parse({
        'RateLimit-Policy': '"global-app-quota";q=65000;qu="points";w=3600;pk=:cHsdsRa894=:;flag',
        RateLimit: '"global-app-quota";r=5;t=10;comment="a;b,c"',
      });
      expect(info.quota).toEqual({
        policy: 'global-app-quota',
        limit: 65000,
        windowSeconds: 3600,
        remaining: 5,
        resetSeconds: 10,
        enforced: true,
      });
    });

    it('reads a policy with a remaining count but no policy header', () => {
      expect(parse({ 'Beta-RateLimit': '"global-app-quota";r=0;t=50' }).quota).toEqual({
        policy: 'global-app-quota',
        remaining: 0,
        resetSeconds: 50,
        enforced: false,
      });
    });

    it.each([
      ['a missing name', ';q=65000;w=3600'],
      ['an unterminated quoted name', '"global-app-quota;q=65000'],
      ['an empty name', '"";q=65000'],
      ['garbage after the name', '"global-app-quota" q=65000'],
      ['an invalid key', '"global-app-quota";Q!=65000'],
    ])('skips an entry with %s', (_, value) => {
      const info = parse({ 'RateLimit-Policy': value });
      expect(info.policies).toEqual([]);
      expect(info.quota).toBeUndefined();
    });

    it('keeps the good entries of a header with a bad one', () => {
      const info = parse({ 'RateLimit-Policy': '42;q=1, "global-app-quota";q=65000;w=3600' });
      expect(info.quota).toMatchObject({ limit: 65000, windowSeconds: 3600 });
    });

    it.each(['-5', 'lots', '1e3', '', '"65000"', '99999999999999999'])(
      'drops a numeric parameter written %p, keeping the entry',
      (value) => {
        const info = parse({ 'RateLimit-Policy': `"global-app-quota";q=${value};w=3600` });
        expect(info.quota).toEqual({
          policy: 'global-app-quota',
          windowSeconds: 3600,
          enforced: true,
        });
      },
    );

    it('accepts a token for the policy name', () => {
      expect(parse({ RateLimit: 'global-app-quota;r=7;t=9' }).quota).toMatchObject({
        policy: 'global-app-quota',
        remaining: 7,
      });
    });
  });

  describe('burst limits (X-RateLimit-*) and Retry-After', () => {
    it('reads the documented example of a quota 429', () => {
      const info = parse({
        'Retry-After': '1847',
        'X-RateLimit-Limit': '40000',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '2025-10-08T15:00:00Z',
        'RateLimit-Reason': 'confluence-quota-global-based',
      });
      expect(info).toEqual({
        policies: [],
        burst: {
          limit: 40000,
          remaining: 0,
          reset: '2025-10-08T15:00:00Z',
          resetAtMs: Date.parse('2025-10-08T15:00:00Z'),
          nearLimit: false,
        },
        reason: 'confluence-quota-global-based',
        reasonKind: 'quota',
        retryAfterSeconds: 1847,
      });
      expect(rateLimitedBy(info)).toBe('quota');
      expect(quotaWaitSeconds(info)).toBe(1847);
    });

    it('reads a reset without seconds, and the near-limit flag in any case', () => {
      const info = parse({
        'X-RateLimit-Reset': '2026-03-26T16:00Z',
        'X-RateLimit-NearLimit': 'TRUE',
      });
      expect(info.burst).toMatchObject({
        resetAtMs: Date.parse('2026-03-26T16:00:00Z'),
        nearLimit: true,
      });
    });

    it('ignores malformed values', () => {
      const info = parse({
        'X-RateLimit-Limit': 'many',
        'X-RateLimit-Remaining': '-1',
        'X-RateLimit-Reset': 'soon',
        'X-RateLimit-NearLimit': 'yes',
        'Retry-After': 'later',
        'RateLimit-Reason': '   ',
      });
      expect(info).toEqual({ policies: [], burst: { reset: 'soon', nearLimit: false } });
    });

    it('reads Retry-After as an HTTP date', () => {
      const at = new Date(NOW + 60_000).toUTCString();
      expect(parse({ 'Retry-After': at }).retryAfterSeconds).toBe(60);
    });
  });

  describe('which limit a 429 hit', () => {
    it.each([
      ['confluence-quota-global-based', 'quota'],
      ['confluence-quota-tenant-based', 'quota'],
      // A value seen live, differing from the documented ones.
      ['conf-global-based', 'quota'],
      ['jira-quota-global-based', 'quota'],
      ['confluence-burst-based', 'burst'],
      ['jira-burst-based', 'burst'],
      ['jira-per-issue-on-write', 'burst'],
    ] as const)('RateLimit-Reason %s is the %s', (reason, kind) => {
      const info = parse({ 'RateLimit-Reason': reason });
      expect(info.reasonKind).toBe(kind);
      expect(rateLimitedBy(info)).toBe(kind);
    });

    it('an unknown reason is kept as sent and read as a burst', () => {
      const info = parse({ 'RateLimit-Reason': 'jira-cost-based' });
      expect(info.reason).toBe('jira-cost-based');
      expect(info.reasonKind).toBeUndefined();
      expect(rateLimitedBy(info)).toBe('burst');
    });

    it('without a reason, an empty pool means the quota, whatever its prefix', () => {
      expect(rateLimitedBy(parse({ 'Beta-RateLimit': '"global-app-quota";r=0;t=50' }))).toBe(
        'quota',
      );
      expect(rateLimitedBy(parse({ RateLimit: '"global-app-quota";r=3;t=50' }))).toBe('burst');
      // An empty burst policy is a burst.
      expect(rateLimitedBy(parse({ RateLimit: '"jira-burst-based";r=0;t=1' }))).toBe('burst');
      expect(rateLimitedBy(parse({ 'Retry-After': '1' }))).toBe('burst');
    });

    it('a quota wait falls back to the pool reset, then to nothing', () => {
      expect(quotaWaitSeconds(parse({ RateLimit: '"global-app-quota";r=0;t=50' }))).toBe(50);
      expect(quotaWaitSeconds(parse({}))).toBeUndefined();
    });
  });
});
