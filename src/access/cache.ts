/**
 * Short-lived caches of what a page's access is made of, kept by what shares it
 * (docs/ARCHITECTURE.md, "Call plans and points"): the page's own part (its ancestor chain and
 * its own restrictions), each space's part (the space, its grants, its groups' names), each
 * ancestor's part (its view restriction and title) and the site's part (the anonymous-access
 * evidence). A cold view of a page in a space viewed a moment ago then reads only the page's own
 * part. It is a port: the Forge app stores entries with `@forge/kvs`, the CLI uses none.
 *
 * Safety rules (docs/ARCHITECTURE.md, "Security rules"): an entry is only ever served after the
 * caller's own read of that very page succeeded in the same request, and only with the fields
 * every reader of the page could read themselves:
 * - a page's reader can view its space (so its grants, which anyone who views the space may
 *   list) and every ancestor (view restrictions inherit, so its view restriction and title);
 * - the anonymous-access evidence is the same answer for every caller;
 * - a field some readers may not read (a group name from a group lookup, the effective audience)
 *   is kept apart and served only to viewers who may;
 * - a part a reader could not read (an `Unknown`) is never stored, so the next reader reads it.
 * An entry is also dropped when the page moved (space or parent changed), and product events
 * drop the entries of content whose restrictions changed (src/resolvers/events.ts).
 */
import type {
  AnonymousAccessSetting,
  NamedPeople,
  NodeRef,
  Restriction,
  SpaceGrant,
} from '../core';
import type { EffectiveAudience, PersonFacts } from '../core/effective-audience';
import type { SpaceRoleMode } from '../confluence/schemas';

/** The page's own part: where it sits and its own restrictions. */
export interface CachedPagePart {
  /** When the part was read, ms since the epoch. */
  readonly readAt: number;
  /** Where the page was when the entry was made: a move invalidates it. */
  readonly spaceId: string;
  readonly parentId: string | null;
  /** The ancestor chain, root first, as ids and types (titles and restrictions are their own). */
  readonly chain: readonly { readonly id: string; readonly type: string }[];
  readonly read: Restriction;
  readonly update: Restriction;
  /**
   * Who can view and who can edit, as a viewer who may browse people computed it from the parts
   * read at `basis`: it lists people and group sizes, which anonymous visitors and accounts
   * without product access may not read, so it is served only to a viewer who may look groups
   * up, and only while every part it was computed from is the one served.
   */
  readonly effective?: CachedEffectiveAudience;
}

/** A space's part: shared by every page of the space. */
export interface CachedSpacePart {
  readonly readAt: number;
  readonly space: { readonly id: string; readonly key: string; readonly name: string };
  /** The grants as Confluence lists them: groups by id only. */
  readonly grants: readonly SpaceGrant[];
  readonly roleMode?: SpaceRoleMode;
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
   * The effective audience of a page of this space with no view or edit restriction of its own
   * and none above it, by content type: it is the space's audience alone, the same for every
   * such page. Served like `CachedPagePart.effective`.
   */
  readonly openAudience?: Partial<Record<'page' | 'blogpost', CachedEffectiveAudience>>;
}

/** An ancestor's part: shared by every page below it. */
export interface CachedAncestorPart {
  readonly readAt: number;
  readonly type: NodeRef['type'];
  readonly read: Restriction;
  readonly title?: string;
  /**
   * Its own ancestors, root first, as the chain of a page below it listed them: a page whose
   * parent's part is cached knows its chain without asking (every reader of the page may read
   * its ancestors). A move drops the part (src/resolvers/events.ts).
   */
  readonly chain?: readonly { readonly id: string; readonly type: string }[];
}

/** The site's part: the same for every page and every caller. */
export interface CachedSitePart {
  readonly readAt: number;
  readonly anonymousAccess: AnonymousAccessSetting;
}

export interface CachedEffectiveAudience {
  readonly view: EffectiveAudience;
  readonly edit: EffectiveAudience;
  /**
   * The people the layers name, checked (markers, names), read with the audience and served
   * with it (an entry without them, from before they were kept, is computed again).
   */
  readonly namedPeople?: NamedPeople;
  /**
   * What it was computed from (`basisOf` the access layers): served only while the layers
   * served are the same.
   */
  readonly basis?: string;
  /** When it was computed (ms since the epoch): its members and their standing age too. */
  readonly computedAt?: number;
}

/**
 * How long an effective audience may be served while its layers stay the same: group members
 * and people's standing change without any event.
 */
export const AUDIENCE_TTL_MS = 30 * 60 * 1000;

/**
 * A short fingerprint of a value's JSON (two 32-bit FNV-1a hashes of its UTF-16 code units with
 * different offsets, as hex): two layers with the same fingerprint are taken as the same layers.
 */
export function basisOf(value: unknown): string {
  const text = JSON.stringify(value);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 13);
  }
  return `${(a >>> 0).toString(16)}${(b >>> 0).toString(16)}`;
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

/** Which parts one view may use: fetched together, in one storage round where possible. */
export interface PartKeys {
  readonly pageId: string;
  readonly spaceId?: string;
  readonly ancestorIds?: readonly string[];
}

export interface CachedParts {
  readonly page?: CachedPagePart;
  readonly space?: CachedSpacePart;
  readonly ancestors: ReadonlyMap<string, CachedAncestorPart>;
  readonly site?: CachedSitePart;
}

export interface PageAccessCache {
  /** The page's, the space's (when named) and the site's part, and the ancestors named. */
  get(keys: PartKeys): Promise<CachedParts>;
  /** The ancestors' parts alone (once the page's chain is known). */
  getAncestors(ids: readonly string[]): Promise<ReadonlyMap<string, CachedAncestorPart>>;
  putPage(pageId: string, entry: CachedPagePart): Promise<void>;
  putSpace(spaceId: string, entry: CachedSpacePart): Promise<void>;
  putAncestors(entries: ReadonlyMap<string, CachedAncestorPart>): Promise<void>;
  putSite(entry: CachedSitePart): Promise<void>;
  /**
   * A short claim that this invocation is reading the page's parts, so simultaneous cold views
   * elsewhere wait for its entry rather than read everything again. False when another
   * invocation holds a fresh claim.
   */
  claim(pageId: string): Promise<boolean>;
  release(pageId: string): Promise<void>;
}

/**
 * How long each part may be served; the UI shows the oldest part's age and offers a refresh.
 * The page's and the ancestors' parts are also dropped early by Confluence's restriction events
 * (src/resolvers/events.ts); events are hints, so these bound staleness when none arrives.
 */
export const PAGE_PART_TTL_MS = 60 * 60 * 1000;
export const ANCESTOR_PART_TTL_MS = 60 * 60 * 1000;
/**
 * Confluence sends no space-permission event to a read-only app, so the TTL alone bounds it. An
 * hour, as the page's own part: every page of the space shares it, and the fleet benchmark's hour
 * then reads each space about once (docs/ARCHITECTURE.md, "Call plans and points").
 */
export const SPACE_PART_TTL_MS = 60 * 60 * 1000;
export const SITE_PART_TTL_MS = 60 * 60 * 1000;
/** The longest any part may be served. */
export const CACHE_TTL_MS = Math.max(
  PAGE_PART_TTL_MS,
  ANCESTOR_PART_TTL_MS,
  SPACE_PART_TTL_MS,
  SITE_PART_TTL_MS,
);

/** How long a claim on a page's cold read lasts, and how long another view waits on it. */
export const CLAIM_TTL_MS = 10 * 1000;
export const CLAIM_WAIT_MS = 3 * 1000;
export const CLAIM_POLL_MS = 250;

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

export const PEOPLE_BROWSING_TTL_MS = 30 * 60 * 1000;

/**
 * A person's standing (guest, active, Confluence access, account type) as Confluence told a
 * viewer who may browse people. It is the same for every such viewer and for every page, so it
 * is kept per person for the whole site, written only from such a viewer's reads and served only
 * to such viewers, as the effective audience is (docs/ARCHITECTURE.md, "Shared parts and who may
 * see them"). An answer built on it says how old it is.
 */
export interface StandingCache {
  get(accountIds: readonly string[]): Promise<ReadonlyMap<string, CachedStanding>>;
  put(entries: readonly CachedStanding[]): Promise<void>;
}

export interface CachedStanding {
  readonly facts: PersonFacts;
  readonly readAt: number;
}

export const STANDING_TTL_MS = 30 * 60 * 1000;
