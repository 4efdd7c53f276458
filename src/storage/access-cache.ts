import { kvs } from '@forge/kvs';
import type {
  CachedPageAccess,
  PageAccessCache,
  PeopleBrowsingCache,
  RoleModeCache,
} from '../access/cache';
import { CACHE_TTL_MS, PEOPLE_BROWSING_TTL_MS, ROLE_MODE_TTL_MS } from '../access/cache';
import type { SpaceRoleMode } from '../confluence/schemas';

/** Forge KVS values are capped at 240 KiB; leave room and skip caching anything larger. */
const MAX_ENTRY_BYTES = 200 * 1024;

/** KVS keys allow letters, digits and `:._-#`; content ids are digits. */
const keyFor = (pageId: string) => `access:page:${pageId}`;

/**
 * The page-access cache in the app's Forge storage. Failures to read or write are not fatal:
 * the macro then reads from Confluence as if the cache were empty.
 */
export const kvsPageAccessCache: PageAccessCache = {
  async get(pageId) {
    try {
      return await kvs.get<CachedPageAccess>(keyFor(pageId));
    } catch (error) {
      console.warn('Access Lens: cache read failed', error);
      return undefined;
    }
  },
  async put(pageId, entry) {
    if (JSON.stringify(entry).length > MAX_ENTRY_BYTES) return;
    try {
      await kvs.set(keyFor(pageId), entry, {
        ttl: { value: Math.ceil(CACHE_TTL_MS / 1000), unit: 'SECONDS' },
      });
    } catch (error) {
      console.warn('Access Lens: cache write failed', error);
    }
  },
};

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
