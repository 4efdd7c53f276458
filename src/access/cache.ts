/**
 * A short-lived cache of what a page's access is made of (ancestor restrictions, space grants,
 * site evidence). It is a port: the Forge app stores entries with `@forge/kvs`, the CLI uses none.
 *
 * Safety rules (docs/ARCHITECTURE.md, "Security rules"): an entry is only ever served after the
 * caller's own read of that very page succeeded in the same request, and only with the fields
 * every reader of the page could read themselves; a field some readers may not read (a group
 * name from a group lookup) is kept apart and served only to viewers who may. An entry is also
 * dropped when the page moved (space or parent changed).
 */
import type { AccessInput } from '../core';
import type { EffectiveAudience } from '../core/effective-audience';
import type { SpaceRoleMode } from '../confluence/schemas';

export interface CachedPageAccess {
  /** When the parts were read, ms since the epoch. */
  readonly readAt: number;
  /** Where the page was when the entry was made: a move invalidates it. */
  readonly spaceId: string;
  readonly parentId: string | null;
  readonly space: { readonly id: string; readonly key: string; readonly name: string };
  /**
   * Everything but the page's title and labels, which the gate read returns fresh. Group names
   * that only a group lookup gave are not in it: they are in `lookedUpGroupNames`.
   */
  readonly input: Omit<AccessInput, 'labels'>;
  /**
   * Names of granted groups learnt from Confluence's group lookup, which anonymous visitors and
   * accounts without product access may not make. Served only to a viewer who may make it.
   */
  readonly lookedUpGroupNames?: Readonly<Record<string, string>>;
  /**
   * Granted groups whose lookup Confluence refused to the viewer who made the entry: a later
   * viewer who may look groups up names them, as their own cold view would.
   */
  readonly unnamedGroupIds?: readonly string[];
  /**
   * Who can view and who can edit, as a viewer who may browse people computed it: it lists
   * people and group sizes, which anonymous visitors and accounts without product access may not
   * read, so like `lookedUpGroupNames` it is served only to a viewer who may look groups up.
   */
  readonly effective?: CachedEffectiveAudience;
}

export interface CachedEffectiveAudience {
  readonly view: EffectiveAudience;
  readonly edit: EffectiveAudience;
}

/**
 * What the cache needs to know about the viewer to decide which fields they may be served: only
 * asked when an entry holds such a field.
 */
export interface ViewerAbilities {
  /** Whether Confluence would answer this viewer's own group lookups (people browsing). */
  canLookUpGroups(): Promise<boolean>;
  /** What the viewer's own lookups just showed, so the question above costs nothing next time. */
  learnt(canLookUpGroups: boolean): Promise<void>;
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

/**
 * Whether an account may browse people and groups on the site, remembered per account for a
 * while: it changes only when the account's product access does.
 */
export interface PeopleBrowsingCache {
  get(accountId: string): Promise<boolean | undefined>;
  put(accountId: string, canBrowse: boolean): Promise<void>;
}

export const PEOPLE_BROWSING_TTL_MS = 10 * 60 * 1000;
