/**
 * The effective audience's reads over the Confluence client, as the reader it speaks for: a
 * viewer who may not browse people (anonymous, no Confluence access) is refused group listings
 * and standing, and the audience then says it is incomplete rather than guess.
 */
import type { GroupRef } from '../core';
import type { PersonFacts } from '../core/effective-audience';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type { StandingCache } from './cache';
import { STANDING_TTL_MS } from './cache';
import type { AudienceSource } from './load-effective-audience';
import { standingFromListing } from './people-standing';

/** Groups per person beyond which we stop paging (as `loadSubject` does). */
const MAX_GROUPS = 1_000;

const refused = (error: unknown): boolean =>
  isConfluenceError(error, 'forbidden') ||
  isConfluenceError(error, 'unauthenticated') ||
  isConfluenceError(error, 'not-visible');

/**
 * What Confluence answers a reader who may not browse people (anonymous visitors, accounts
 * without Confluence access), given without asking: their reads would be refused, and each
 * refusal still costs a request from the shared points pool.
 */
export const refusedAudienceSource: AudienceSource = {
  groupSize: () => Promise.resolve(undefined),
  groupMembers: () => Promise.resolve('hidden'),
  standing: () => Promise.resolve([]),
  groupsOf: () => Promise.resolve(undefined),
};

export function clientAudienceSource(client: ConfluenceClient): AudienceSource {
  return {
    async groupSize(groupId) {
      try {
        return await client.getGroupSize(groupId);
      } catch (error) {
        if (!isConfluenceError(error)) throw error;
        return undefined;
      }
    },
    async groupMembers(groupId, max) {
      try {
        const listed = await collectAll(client.listGroupMembers(groupId, { limit: max }), {
          maxItems: max,
        });
        return {
          members: listed.items.map((user) => ({
            accountId: user.accountId,
            ...(user.isGuest === undefined ? {} : { isGuest: user.isGuest }),
          })),
          truncated: listed.truncated,
        };
      } catch (error) {
        if (!isConfluenceError(error) || !refused(error)) throw error;
        return 'hidden';
      }
    },
    async standing(accountIds) {
      try {
        return await standingOf(client, accountIds);
      } catch (error) {
        if (!isConfluenceError(error) || !refused(error)) throw error;
        return [];
      }
    },
    async groupsOf(accountId) {
      try {
        const groups = await collectAll(client.listUserGroups(accountId), {
          maxItems: MAX_GROUPS,
        });
        return groups.items.map((g): GroupRef => ({ groupId: g.id, name: g.name }));
      } catch (error) {
        if (!isConfluenceError(error) || !refused(error)) throw error;
        return undefined;
      }
    },
  };
}

/**
 * Standing in two bulk reads at most: v1 `user/bulk` with operations, then (people-standing.ts)
 * v2 `users-bulk` for those without Confluence access.
 */
async function standingOf(
  client: ConfluenceClient,
  accountIds: readonly string[],
): Promise<PersonFacts[]> {
  return standingFromListing(client, await client.getUsersWithOperations(accountIds));
}

/** A source whose standing reads go through the site-wide standing cache (cache.ts). */
export interface KeptStandingSource extends AudienceSource {
  /** When the oldest standing it served from the cache was read; undefined if none was. */
  oldestKept(): number | undefined;
}

/**
 * `source` with people's standing served from `cache` while fresh and kept after each read. For
 * a viewer who may browse people only: their reads are the ones every such viewer would get.
 */
export function withKeptStanding(
  source: AudienceSource,
  cache: StandingCache,
  now: () => number = Date.now,
): KeptStandingSource {
  let oldest: number | undefined;
  return {
    ...source,
    oldestKept: () => oldest,
    async standing(accountIds) {
      const at = now();
      const kept = await cache.get(accountIds);
      const fresh = [...kept.values()].filter((entry) => at - entry.readAt < STANDING_TTL_MS);
      const freshIds = new Set(fresh.map((entry) => entry.facts.accountId));
      const missing = accountIds.filter((id) => !freshIds.has(id));
      const read = missing.length === 0 ? [] : await source.standing(missing);
      if (read.length > 0) await cache.put(read.map((facts) => ({ facts, readAt: at })));
      for (const entry of fresh) oldest = Math.min(oldest ?? entry.readAt, entry.readAt);
      return [...fresh.map((entry) => entry.facts), ...read];
    },
  };
}

/** A source that remembers every account's standing it was told, and asks each account once. */
export interface RecordingStandingSource extends AudienceSource {
  /** The standing told so far, by account (accounts Confluence did not describe are absent). */
  told(): ReadonlyMap<string, PersonFacts>;
  /** Which of `accountIds` no read has asked about yet. */
  notAsked(accountIds: readonly string[]): string[];
}

/**
 * `source` whose first standing read also asks about `alongside` (as far as that bulk read has
 * room), so the markers of the people a page's layers name usually cost only their points: the
 * effective audience reads standing anyway (docs/ARCHITECTURE.md, "The effective audience").
 * Those it had no room for are the caller's to ask (`notAsked`). The audience is answered only
 * what it asked, as from `source` itself.
 */
export function withStandingAlongside(
  source: AudienceSource,
  alongside: readonly string[],
  bulkSize: number,
): RecordingStandingSource {
  const told = new Map<string, PersonFacts>();
  const asked = new Set<string>();
  const reads: Promise<void>[] = [];
  let first = true;
  return {
    ...source,
    told: () => told,
    notAsked: (accountIds) => accountIds.filter((id) => !asked.has(id)),
    async standing(accountIds) {
      const unasked = [...new Set(accountIds)].filter((id) => !asked.has(id));
      const room = first ? Math.max(0, bulkSize - unasked.length) : 0;
      const extra =
        unasked.length === 0
          ? []
          : alongside.filter((id) => !asked.has(id) && !unasked.includes(id)).slice(0, room);
      if (unasked.length > 0) first = false;
      const ids = [...unasked, ...extra];
      for (const id of ids) asked.add(id);
      if (ids.length > 0) {
        const read = source.standing(ids).then((facts) => {
          for (const one of facts) told.set(one.accountId, one);
        });
        reads.push(read);
      }
      // Another call may be reading some of these accounts: its answer counts too.
      await Promise.all(reads);
      return accountIds.flatMap((id) => {
        const facts = told.get(id);
        return facts === undefined ? [] : [facts];
      });
    },
  };
}
