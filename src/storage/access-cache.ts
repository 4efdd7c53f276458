import { kvs } from '@forge/kvs';
import type {
  CachedAncestorPart,
  CachedPagePart,
  CachedSitePart,
  CachedSpacePart,
  PageAccessCache,
  PeopleBrowsingCache,
  RoleModeCache,
  CachedStanding,
  StandingCache,
} from '../access/cache';
import {
  CACHE_TTL_MS,
  CLAIM_TTL_MS,
  PEOPLE_BROWSING_TTL_MS,
  ROLE_MODE_TTL_MS,
  STANDING_TTL_MS,
} from '../access/cache';
import type { SpaceRoleMode } from '../confluence/schemas';
import { KVS_BATCH_ITEMS, groupsOf, isKeyConflict } from './kvs-util';

/** Forge KVS values are capped at 240 KiB; leave room and skip caching anything larger. */
const MAX_ENTRY_BYTES = 200 * 1024;

/**
 * How long storage keeps a part: past its TTL a part is not served (cache.ts), except when the
 * app's points pool is nearly empty, when an old answer with its age beats none.
 */
const KEEP_SECONDS = Math.ceil((2 * CACHE_TTL_MS) / 1000);

/** KVS keys allow letters, digits and `:._-#`; content and space ids are digits. */
export const pageKey = (pageId: string) => `access:page:${pageId}`;
export const spaceKey = (spaceId: string) => `access:space:${spaceId}`;
export const ancestorKey = (contentId: string) => `access:ancestor:${contentId}`;
const SITE_KEY = 'access:site';
const claimKey = (pageId: string) => `access:claim:${pageId}`;

function warn(what: string, error: unknown): void {
  console.warn(`Access Lens: cache ${what} failed`, error);
}

async function safeSet(key: string, value: unknown): Promise<void> {
  if (JSON.stringify(value).length > MAX_ENTRY_BYTES) return;
  try {
    await kvs.set(key, value, { ttl: { value: KEEP_SECONDS, unit: 'SECONDS' } });
  } catch (error) {
    warn('write', error);
  }
}

/**
 * The page-access parts in the app's Forge storage (cache.ts). Failures to read or write are not
 * fatal: the macro then reads from Confluence as if the cache were empty.
 */
export const kvsPageAccessCache: PageAccessCache = {
  async get(keys) {
    const wanted = [
      pageKey(keys.pageId),
      SITE_KEY,
      ...(keys.spaceId === undefined ? [] : [spaceKey(keys.spaceId)]),
      ...(keys.ancestorIds ?? []).map(ancestorKey),
    ];
    const found = await batchGet(wanted);
    const ancestors = new Map<string, CachedAncestorPart>();
    for (const id of keys.ancestorIds ?? []) {
      const part = found.get(ancestorKey(id)) as CachedAncestorPart | undefined;
      if (part !== undefined) ancestors.set(id, part);
    }
    const page = found.get(pageKey(keys.pageId)) as CachedPagePart | undefined;
    const site = found.get(SITE_KEY) as CachedSitePart | undefined;
    const space =
      keys.spaceId === undefined
        ? undefined
        : (found.get(spaceKey(keys.spaceId)) as CachedSpacePart | undefined);
    return {
      ancestors,
      ...(page === undefined ? {} : { page }),
      ...(site === undefined ? {} : { site }),
      ...(space === undefined ? {} : { space }),
    };
  },
  async getAncestors(ids) {
    const found = await batchGet(ids.map(ancestorKey));
    const ancestors = new Map<string, CachedAncestorPart>();
    for (const id of ids) {
      const part = found.get(ancestorKey(id)) as CachedAncestorPart | undefined;
      if (part !== undefined) ancestors.set(id, part);
    }
    return ancestors;
  },
  putPage: (pageId, entry) => safeSet(pageKey(pageId), entry),
  putSpace: (spaceId, entry) => safeSet(spaceKey(spaceId), entry),
  async putAncestors(entries) {
    await Promise.all([...entries].map(([id, entry]) => safeSet(ancestorKey(id), entry)));
  },
  putSite: (entry) => safeSet(SITE_KEY, entry),
  async claim(pageId) {
    try {
      await kvs.set(
        claimKey(pageId),
        { at: Date.now() },
        {
          keyPolicy: 'FAIL_IF_EXISTS',
          ttl: { value: Math.ceil(CLAIM_TTL_MS / 1000), unit: 'SECONDS' },
        },
      );
      return true;
    } catch (error) {
      if (isKeyConflict(error)) return false;
      // Storage trouble: read as if no one else were (the cost of a duplicate read, no wait).
      warn('claim', error);
      return true;
    }
  },
  async release(pageId) {
    try {
      await kvs.delete(claimKey(pageId));
    } catch (error) {
      warn('release', error);
    }
  },
};

/** Several keys in as few storage requests as KVS allows; a failed batch counts as empty. */
async function batchGet(keys: readonly string[]): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  await Promise.all(
    groupsOf([...new Set(keys)], KVS_BATCH_ITEMS).map(async (batch) => {
      try {
        const { successfulKeys } = await kvs.batchGet<unknown>(batch.map((key) => ({ key })));
        for (const item of successfulKeys) found.set(item.key, item.value);
      } catch (error) {
        warn('read', error);
      }
    }),
  );
  return found;
}

/**
 * Drops what a product event says changed (src/resolvers/events.ts): the content's own part and
 * its part as an ancestor of other pages, so the next view reads them again.
 */
export async function forgetContent(contentId: string): Promise<void> {
  try {
    await Promise.all([kvs.delete(pageKey(contentId)), kvs.delete(ancestorKey(contentId))]);
  } catch (error) {
    warn('delete', error);
  }
}

const ROLE_MODE_KEY = 'site:role-mode';

/** The site's space role mode in Forge storage (see RoleModeCache). */
export const kvsRoleModeCache: RoleModeCache = {
  async get() {
    try {
      return await kvs.get<SpaceRoleMode>(ROLE_MODE_KEY);
    } catch (error) {
      console.warn('Access Lens: cache read failed', error);
      return undefined;
    }
  },
  async put(mode) {
    try {
      await kvs.set(ROLE_MODE_KEY, mode, {
        ttl: { value: Math.ceil(ROLE_MODE_TTL_MS / 1000), unit: 'SECONDS' },
      });
    } catch (error) {
      console.warn('Access Lens: cache write failed', error);
    }
  },
};

/** Account ids are letters, digits, `:` and `-`, all allowed in KVS keys. */
const browsingKey = (accountId: string) => `viewer:browse:${accountId}`;

/** Whether an account may look up groups (see PeopleBrowsingCache), in Forge storage. */
export const kvsPeopleBrowsingCache: PeopleBrowsingCache = {
  async get(accountId) {
    try {
      return await kvs.get<boolean>(browsingKey(accountId));
    } catch (error) {
      console.warn('Access Lens: cache read failed', error);
      return undefined;
    }
  },
  async put(accountId, canBrowse) {
    try {
      await kvs.set(browsingKey(accountId), canBrowse, {
        ttl: { value: Math.ceil(PEOPLE_BROWSING_TTL_MS / 1000), unit: 'SECONDS' },
      });
    } catch (error) {
      console.warn('Access Lens: cache write failed', error);
    }
  },
};

const standingKey = (accountId: string) => `access:person:${accountId}`;

/** People's standing (see StandingCache), one key per person, read in batches. */
export const kvsStandingCache: StandingCache = {
  async get(accountIds) {
    const found = await batchGet(accountIds.map(standingKey));
    const kept = new Map<string, CachedStanding>();
    for (const id of accountIds) {
      const entry = found.get(standingKey(id)) as CachedStanding | undefined;
      if (entry !== undefined) kept.set(id, entry);
    }
    return kept;
  },
  async put(entries) {
    await Promise.all(
      entries.map(async (entry) => {
        try {
          await kvs.set(standingKey(entry.facts.accountId), entry, {
            ttl: { value: Math.ceil(STANDING_TTL_MS / 1000), unit: 'SECONDS' },
          });
        } catch (error) {
          warn('write', error);
        }
      }),
    );
  },
};
