/**
 * The page cache may only ever tell a viewer what their own cold view tells them. For every demo
 * page and every kind of viewer (anonymous, guest, licensed, Confluence admin, no product access,
 * customer), the answer served after another kind of viewer warmed the cache must equal the
 * viewer's own answer with an empty cache — field for field, apart from when it was read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Invoker } from '../../dev/forge-platform/platform';
import { useApp } from './app-harness';

const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'dev', 'fixtures', 'demo-site.json'), 'utf8'),
) as { content: { id: string; type: string }[] };

const VIEWERS: Record<string, Invoker> = {
  anonymous: { anonymous: true },
  guest: { accountId: 'u-dan' },
  licensed: { accountId: 'u-bob' },
  admin: { accountId: 'u-alice' },
  'no product access': { accountId: 'u-ravi' },
  customer: { accountId: 'u-cora' },
};

type MacroContent = { readonly id: string; readonly type: 'page' | 'blogpost' };
const macroContent = fixture.content.flatMap((c): MacroContent[] =>
  c.type === 'page' || c.type === 'blogpost' ? [{ id: c.id, type: c.type }] : [],
);

interface Answer {
  ok: boolean;
  data?: { asOf?: string; fromCache?: boolean };
  error?: { code: string };
}

describe('the page cache serves each viewer no more than their own cold view', () => {
  // Hundreds of views in one suite: the simulated site's pool and burst limits are not under test.
  const app = useApp({ pointsPerHour: 100_000_000, burstPerSecond: 1_000_000 });

  async function view(as: Invoker, content: MacroContent) {
    const answer = (await app().call(
      as,
      'getPageAccess',
      {},
      {
        moduleKey: 'access-lens-macro',
        contentId: content.id,
        contentType: content.type,
      },
    )) as Answer;
    // When it was read and whether the cache served it are the only fields allowed to differ.
    const { asOf: _asOf, fromCache, ...rest } = answer.data ?? {};
    return { answer: { ...answer, data: answer.ok ? rest : undefined }, fromCache };
  }

  it('never names a group to an anonymous visitor because a licensed viewer looked it up', async () => {
    const page = { id: '3005', type: 'page' as const };
    app().platform.kvs.reset();
    const cold = await view(VIEWERS.anonymous!, page);
    app().platform.kvs.reset();
    await view(VIEWERS.licensed!, page);
    const again = await view(VIEWERS.anonymous!, page);
    expect(cold.answer.ok).toBe(true);
    expect(again.fromCache).toBe(true);
    expect(again.answer).toEqual(cold.answer);
    expect(JSON.stringify(again.answer)).not.toMatch(/"name":"(all-staff|docs-writers)"/);
  });

  it.each(macroContent.map((c) => [c.id, c] as const))(
    'content %s: every viewer, warmed by every other kind of viewer',
    async (_id, content) => {
      const cold = new Map<string, Answer>();
      for (const [kind, as] of Object.entries(VIEWERS)) {
        app().platform.kvs.reset();
        cold.set(kind, (await view(as, content)).answer);
      }
      let served = 0;
      for (const [warmer, warmerAs] of Object.entries(VIEWERS)) {
        app().platform.kvs.reset();
        await view(warmerAs, content);
        for (const [kind, as] of Object.entries(VIEWERS)) {
          if (kind === warmer) continue;
          const warm = await view(as, content);
          if (warm.fromCache === true) served += 1;
          expect({ warmer, kind, answer: warm.answer }).toEqual({
            warmer,
            kind,
            answer: cold.get(kind),
          });
        }
      }
      // The comparison means something only if the cache was actually served on readable pages.
      const readers = [...cold.values()].filter((a) => a.ok).length;
      if (readers > 1) expect(served).toBeGreaterThan(0);
    },
  );
});
