/**
 * The page cache may only ever tell a viewer what their own cold view tells them. For every demo
 * page and every kind of viewer (anonymous, guest, licensed, Confluence admin, no product access,
 * customer), the answer served in every cache state — warmed on the page by another kind of
 * viewer, warmed through another page of the same space by each kind, after a restriction
 * event, after expiry — must equal the viewer's own answer with an empty cache, field for
 * field, apart from when its parts were read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Invoker } from '../../dev/forge-platform/platform';
import { CACHE_TTL_MS } from '../../src/access/cache';
import { accessEvents } from '../../src/index';
import { useApp } from './app-harness';

const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'dev', 'fixtures', 'demo-site.json'), 'utf8'),
) as { content: { id: string; type: string; spaceId: string; parentId?: string | null }[] };

const VIEWERS: Record<string, Invoker> = {
  anonymous: { anonymous: true },
  guest: { accountId: 'u-dan' },
  licensed: { accountId: 'u-bob' },
  admin: { accountId: 'u-alice' },
  'no product access': { accountId: 'u-ravi' },
  customer: { accountId: 'u-cora' },
};

type MacroContent = {
  readonly id: string;
  readonly type: 'page' | 'blogpost';
  readonly spaceId: string;
  readonly parentId: string | null;
};
const macroContent = fixture.content.flatMap((c): MacroContent[] =>
  c.type === 'page' || c.type === 'blogpost'
    ? [{ id: c.id, type: c.type, spaceId: c.spaceId, parentId: c.parentId ?? null }]
    : [],
);

/** Another page of the same space: warming it fills the space's, the site's and shared parts. */
function neighbourOf(content: MacroContent): MacroContent | undefined {
  return macroContent.find((c) => c.spaceId === content.spaceId && c.id !== content.id);
}

interface Answer {
  ok: boolean;
  data?: { asOf?: string; fromCache?: boolean; ages?: unknown };
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
    const { asOf: _asOf, ages: _ages, fromCache, ...rest } = answer.data ?? {};
    return { answer: { ...answer, data: answer.ok ? rest : undefined }, fromCache };
  }

  it('never names a group to an anonymous visitor because a licensed viewer looked it up', async () => {
    const page = macroContent.find((c) => c.id === '3005');
    if (page === undefined) throw new Error('no page 3005 in the demo site');
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
  /** Every stored part made `minutes` older, as time passing would. */
  function age(minutes: number): void {
    const snapshot = app().platform.kvs.snapshot();
    const kvs = Object.fromEntries(
      Object.entries(snapshot.kvs).map(([key, entry]) => {
        const value = entry.value as { readAt?: number } | null;
        return key.startsWith('access:') && typeof value?.readAt === 'number'
          ? [key, { ...entry, value: { ...value, readAt: value.readAt - minutes * 60_000 } }]
          : [key, entry];
      }),
    );
    app().platform.kvs.reset({ ...snapshot, kvs });
  }

  it.each(macroContent.map((c) => [c.id, c] as const))(
    'content %s: every viewer, after another page of its space, an event or expiry warmed it',
    async (_id, content) => {
      const cold = new Map<string, Answer>();
      for (const [kind, as] of Object.entries(VIEWERS)) {
        app().platform.kvs.reset();
        cold.set(kind, (await view(as, content)).answer);
      }
      const compare = async (state: string) => {
        for (const [kind, as] of Object.entries(VIEWERS)) {
          const warm = await view(as, content);
          expect({ state, kind, answer: warm.answer }).toEqual({
            state,
            kind,
            answer: cold.get(kind),
          });
        }
      };
      const neighbour = neighbourOf(content);
      for (const [warmer, warmerAs] of Object.entries(VIEWERS)) {
        // Warmed through another page of the same space: the space's, the site's and any
        // shared ancestors' parts are cached, the page's own is not.
        if (neighbour !== undefined) {
          app().platform.kvs.reset();
          await view(warmerAs, neighbour);
          await compare(`space warmed by ${warmer}`);
        }
      }
      // After an event about the page and one about its parent: their parts are read again.
      app().platform.kvs.reset();
      await view(VIEWERS.licensed!, content);
      await app().platform.runAsApp(async () => {
        for (const id of [content.id, content.parentId]) {
          if (id === null) continue;
          await accessEvents({
            eventType: 'avi:confluence:permissions_updated:page',
            content: { id, type: 'page' },
          });
        }
      });
      await compare('after an event');
      // After expiry: every part too old to serve, read again by whoever comes first.
      app().platform.kvs.reset();
      await view(VIEWERS.admin!, content);
      age(CACHE_TTL_MS / 60_000 + 1);
      await compare('after expiry');
    },
  );
});
