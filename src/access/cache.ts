/**
 * A short-lived cache of what a page's access is made of (ancestor restrictions, space grants,
 * site evidence). It is a port: the Forge app stores entries with `@forge/kvs`, the CLI uses none.
 *
 * Safety rule (DESIGN.md §2): an entry is only ever served after the caller's own read of that
 * very page succeeded in the same request, so it can only tell someone what they could read
 * themselves. An entry is also dropped when the page moved (space or parent changed).
 */
import type { AccessInput } from '../core';
import type { SpaceRoleMode } from '../confluence/schemas';

export interface CachedPageAccess {
  /** When the parts were read, ms since the epoch. */
  readonly readAt: number;
  /** Where the page was when the entry was made: a move invalidates it. */
  readonly spaceId: string;
  readonly parentId: string | null;
  readonly space: { readonly id: string; readonly key: string; readonly name: string };
  /** Everything but the page's title and labels, which the gate read returns fresh. */
  readonly input: Omit<AccessInput, 'labels'>;
}

export interface PageAccessCache {
  get(pageId: string): Promise<CachedPageAccess | undefined>;
  put(pageId: string, entry: CachedPageAccess): Promise<void>;
}

/** How long an entry may be served; the UI shows its age and offers a refresh. */
export const CACHE_TTL_MS = 5 * 60 * 1000;

/**
 * The site's space role mode (legacy permissions, roles, or both), remembered for a while so a
 * cold view reads only the grant source the site uses. It is site configuration, the same for
 * every viewer, and it only decides which sources the viewer's own reads go to.
 */
export interface RoleModeCache {
  get(): Promise<SpaceRoleMode | undefined>;
  put(mode: SpaceRoleMode): Promise<void>;
}

export const ROLE_MODE_TTL_MS = 10 * 60 * 1000;
