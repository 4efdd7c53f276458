/**
 * Reads what the engine needs about one page, through whichever client it is given: as the
 * viewer in the macro (Forge, asUser) or as the token's owner in the CLI. The first call is the
 * page itself, so a caller who cannot read it learns nothing else.
 *
 * Call plan (points are the scarce resource: every install shares the app's hourly pool,
 * docs/ARCHITECTURE.md "Call plans and points"). A view is made of parts (cache.ts): the page's
 * own (its chain and restrictions), its space's (the space, its grants, its groups' names), each
 * ancestor's (view restriction and title) and the site's (anonymous evidence). Only the parts
 * not cached, or too old, are read:
 *   round 0  the page (with labels)                              — the gate
 *            ∥ the space and its grants, when the caller names the space (the macro's context
 *            does) and its part is not cached; used only if the page is in that space
 *   round 1  ancestors ∥ own restrictions (the page's part) ∥ space ∥ space grants (the space's
 *            part) ∥ site anonymous evidence (the site's part); space grants = the space role
 *            mode ∥ the legacy permission list ∥ the role assignments ∥ the role catalogue, all
 *            at once so no round waits for the mode (space-grants.ts)
 *   round 2  each uncached ancestor's view restriction (edit restrictions do not inherit, so an
 *            ancestor's are never read) ∥ their titles (one call for the pages) ∥ names of
 *            granted groups (grants carry ids only)
 *
 * Cached parts are served only after the gate read succeeded. Simultaneous cold views of one
 * page share one read: within a process through the read in flight, across invocations through a
 * short claim in storage that others wait on briefly (cache.ts, CLAIM_*). When the app's points
 * pool is nearly empty, the view answers from whatever parts are cached, however old, and says
 * so, or reports Confluence busy rather than spend the last points.
 */
import type {
  AccessInput,
  AncestorNode,
  ContentStatus,
  Restriction,
  SpaceGrant,
  SpaceRoleMode,
  Unknown,
} from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { ConfluenceError, isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type { BlogPostResponse, PageResponse } from '../confluence/schemas';
import { loadSpaceGrants, readRoleMode } from './space-grants';
import {
  ANCESTOR_PART_TTL_MS,
  CLAIM_POLL_MS,
  CLAIM_WAIT_MS,
  PAGE_PART_TTL_MS,
  SITE_PART_TTL_MS,
  SPACE_PART_TTL_MS,
  AUDIENCE_TTL_MS,
  basisOf,
} from './cache';
import type {
  CachedAncestorPart,
  CachedEffectiveAudience,
  CachedPagePart,
  CachedParts,
  CachedSitePart,
  CachedSpacePart,
  PageAccessCache,
  RoleModeCache,
  ViewerAbilities,
} from './cache';
import { ancestorNode, labelsOf, restrictionOf, siteAnonymousAccess } from './to-model';

export interface LoadedPage {
  readonly id: string;
  /** The macro sits on pages and blog posts; both are read the same way. */
  readonly type: 'page' | 'blogpost';
  readonly title: string;
  readonly space: { readonly id: string; readonly key: string; readonly name: string };
}

/** When each part of the answer was read (ms since the epoch), and whether it came cached. */
export interface PartsReadAt {
  readonly page: number;
  readonly space: number;
  /** The oldest ancestor's part; absent when the page has no ancestor. */
  readonly ancestors?: number;
  readonly site: number;
}

export interface LoadedPageAccess {
  readonly page: LoadedPage;
  readonly input: AccessInput;
  /** When the oldest part of the answer was read (ms since the epoch). */
  readonly readAt: number;
  /** When each part was read. */
  readonly parts: PartsReadAt;
  /** Whether any part was served from the cache. */
  readonly fromCache: boolean;
  /**
   * The effective audience kept in the cache for exactly these parts, present only when this
   * viewer may look groups up (cache.ts).
   */
  readonly cachedEffective?: CachedEffectiveAudience;
  /** What an effective audience computed now is computed from (cache.ts, `basisOf`). */
  readonly basis: string;
  /**
   * Present when the page has no view or edit restriction and none above it: its audience is
   * then its space's alone, kept for every such page of the space under this basis (cache.ts).
   */
  readonly openBasis?: string;
}

export interface LoadOptions {
  readonly cache?: PageAccessCache;
  readonly roleModeCache?: RoleModeCache;
  /** Skip the cache and read every part again (the entries are then replaced). */
  readonly refresh?: boolean;
  /**
   * What the content is, when the caller knows (the macro's context says). Unknown (the CLI):
   * a page is tried first, then a blog post.
   */
  readonly contentType?: 'page' | 'blogpost';
  /**
   * Who is reading, asked only when a cache entry holds a field not every reader may see.
   * Without it such fields are never served from the cache.
   */
  readonly viewer?: ViewerAbilities;
  /**
   * The space the invocation context says the content is in (the Forge macro's
   * `extension.space.id`). A claim: the space and its grants are read alongside the page, and
   * used only when the page read shows the page is in that space; otherwise they are dropped.
   */
  readonly claimedSpaceId?: string;
  /**
   * Reads in flight, by page: a view that finds one waits for it rather than read the same
   * parts again. Default: one registry per client, so a read is shared only by views of the same
   * site as the same viewer; across viewers and invocations the cache's claim does the sharing
   * (docs/ARCHITECTURE.md, "Shared parts and who may see them").
   */
  readonly inFlight?: Map<string, Promise<ReadParts>>;
  /**
   * Below this share of the app's points pool left (as the gate read's quota headers report
   * it), a view reads nothing more: cached parts however old, or "busy". Default POOL_FLOOR_SHARE.
   */
  readonly poolFloorShare?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Principals per restriction and grants per space beyond which we stop paging (and say so). */
export const MAX_PRINCIPALS = 5_000;

/**
 * The share of the app's hourly pool (every install's) below which the macro spends nothing
 * beyond the gate read: the audit already waits below 10% (docs/ARCHITECTURE.md, "Call plans and
 * points"), so this keeps the last points for the views that have nothing cached.
 */
export const POOL_FLOOR_SHARE = 0.02;

/** Every part a view needs, whether read now or served from the cache. */
export interface ReadParts {
  readonly page: CachedPagePart;
  readonly space: CachedSpacePart | SpaceUnknown;
  readonly ancestors: ReadonlyMap<string, CachedAncestorPart>;
  readonly site: CachedSitePart;
  /** Which parts came from the cache. */
  readonly cached: { readonly page: boolean; readonly space: boolean; readonly site: boolean };
  /** Ancestors whose part came from the cache. */
  readonly cachedAncestors: ReadonlySet<string>;
}

/** A space part this reader could read only partly: never cached, served to its reader alone. */
export interface SpaceUnknown {
  readonly readAt: number;
  readonly space: { readonly id: string; readonly key: string; readonly name: string };
  readonly grants: Unknown;
  readonly roleMode?: SpaceRoleMode;
  readonly lookedUpGroupNames?: undefined;
  readonly unnamedGroupIds?: undefined;
  readonly openAudience?: undefined;
}

// By client: one process may serve several sites and viewers, and what one viewer read (the
// group names it may look up, its site's grants) must never answer another.
const inFlightByClient = new WeakMap<ConfluenceClient, Map<string, Promise<ReadParts>>>();

function clientInFlight(client: ConfluenceClient): Map<string, Promise<ReadParts>> {
  let registry = inFlightByClient.get(client);
  if (registry === undefined) {
    registry = new Map();
    inFlightByClient.set(client, registry);
  }
  return registry;
}

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

export async function loadPageAccess(
  client: ConfluenceClient,
  pageId: string,
  options: LoadOptions = {},
): Promise<LoadedPageAccess> {
  const now = options.now ?? Date.now;
  const cache = options.refresh === true ? undefined : options.cache;
  // Looked at before the gate only to decide what to read early; nothing of it is served before
  // the viewer's own read of the page succeeds.
  const before = await cache?.get({
    pageId,
    ...(options.claimedSpaceId === undefined ? {} : { spaceId: options.claimedSpaceId }),
  });
  const early =
    options.claimedSpaceId === undefined || fresh(before?.space, SPACE_PART_TTL_MS, now)
      ? undefined
      : readSpace(client, options.claimedSpaceId, options.roleModeCache);
  // The gate: Confluence answers this viewer for this page, or we stop here.
  const page = await readContent(client, pageId, options.contentType);
  const status = contentStatusOf(page.status);

  const poolLow = isPoolLow(client, options.poolFloorShare ?? POOL_FLOOR_SHARE);
  const parts = await partsFor(client, page, before, early, { ...options, poolLow }, now);
  return assemble(client, page, status, parts, options);
}

/**
 * The parts of `page`: the fresh cached ones, the rest read (or, when another view is reading
 * them, waited for).
 */
async function partsFor(
  client: ConfluenceClient,
  page: ReadContent,
  before: CachedParts | undefined,
  early: ReturnType<typeof readSpace> | undefined,
  options: LoadOptions & { readonly poolLow: boolean },
  now: () => number,
): Promise<ReadParts> {
  const cache = options.refresh === true ? undefined : options.cache;
  const known = await usableParts(cache, page, before, now, options.poolLow);
  if (complete(known)) return asServed(known);
  if (options.poolLow) {
    // Nearly nothing is left of the pool every install shares: answer from what is cached, or
    // say Confluence is busy, rather than spend the last points (docs/ARCHITECTURE.md,
    // "Call plans and points").
    throw new ConfluenceError('rate-limited', "The app's points pool is nearly empty", {
      rateLimit: 'quota',
      ...retryAfter(client),
    });
  }
  const inFlight = options.inFlight ?? clientInFlight(client);
  const shared = options.refresh === true ? undefined : inFlight.get(page.id);
  if (shared !== undefined) {
    try {
      // The same viewer's read (the registry is per client): its parts answer as if read now.
      return await shared;
    } catch (error) {
      // The other view's read failed (its deadline, its own refusal): this view reads itself.
      if (!isConfluenceError(error)) throw error;
    }
  }
  const reading = (async () => {
    const claimed = options.cache === undefined ? true : await options.cache.claim(page.id);
    try {
      if (!claimed && cache !== undefined) {
        const waited = await waitForParts(cache, page, now, options.sleep ?? defaultSleep);
        if (waited !== undefined) return waited;
      }
      return await readMissing(client, page, known, early, options, now);
    } finally {
      if (claimed) await options.cache?.release(page.id);
    }
  })();
  inFlight.set(page.id, reading);
  try {
    return await reading;
  } finally {
    if (inFlight.get(page.id) === reading) inFlight.delete(page.id);
  }
}

interface KnownParts {
  readonly page?: CachedPagePart;
  /** The entries found too old to serve: what they kept of the audience may still hold. */
  readonly previous?: { readonly page?: CachedPagePart; readonly space?: CachedSpacePart };
  /** The page's chain as its cached parent's part gives it, when the page's own is not cached. */
  readonly chain?: readonly { readonly id: string; readonly type: string }[];
  readonly space?: CachedSpacePart;
  readonly ancestors: ReadonlyMap<string, CachedAncestorPart>;
  readonly site?: CachedSitePart;
}

/** The cached parts that may serve this page now: fresh (or any age when the pool is low). */
async function usableParts(
  cache: PageAccessCache | undefined,
  page: ReadContent,
  before: CachedParts | undefined,
  now: () => number,
  anyAge: boolean,
): Promise<KnownParts> {
  if (cache === undefined) return { ancestors: new Map() };
  const ok = <T extends { readonly readAt: number }>(part: T | undefined, ttl: number) =>
    part !== undefined && (anyAge || fresh(part, ttl, now)) ? part : undefined;
  const pagePart = ok(before?.page, PAGE_PART_TTL_MS);
  const own =
    pagePart !== undefined &&
    pagePart.spaceId === page.spaceId &&
    pagePart.parentId === page.parentId
      ? pagePart
      : undefined;
  const [space, ancestors] = await Promise.all([
    before?.space !== undefined && before.space.space.id === page.spaceId
      ? before.space
      : cache.get({ pageId: page.id, spaceId: page.spaceId }).then((parts) => parts.space),
    own !== undefined
      ? own.chain.length === 0
        ? new Map<string, CachedAncestorPart>()
        : cache.getAncestors(own.chain.map((a) => a.id))
      : page.parentId === null
        ? new Map<string, CachedAncestorPart>()
        : cache.getAncestors([page.parentId]),
  ]);
  const usableAncestors = new Map<string, CachedAncestorPart>();
  for (const [id, part] of ancestors) {
    if (ok(part, ANCESTOR_PART_TTL_MS)) usableAncestors.set(id, part);
  }
  // Without the page's own part, a cached parent that knows its own ancestors gives the chain.
  const parent = page.parentId === null ? undefined : usableAncestors.get(page.parentId);
  const chain =
    own === undefined && parent?.chain !== undefined && page.parentId !== null
      ? [...parent.chain, { id: page.parentId, type: parent.type }]
      : undefined;
  if (chain !== undefined && chain.length > 1) {
    const above = await cache.getAncestors(chain.slice(0, -1).map((a) => a.id));
    for (const [id, part] of above) {
      if (ok(part, ANCESTOR_PART_TTL_MS)) usableAncestors.set(id, part);
    }
  }
  const spacePart = ok(space, SPACE_PART_TTL_MS);
  const site = ok(before?.site, SITE_PART_TTL_MS);
  return {
    ancestors: usableAncestors,
    previous: {
      ...(before?.page === undefined ? {} : { page: before.page }),
      ...(space === undefined ? {} : { space }),
    },
    ...(chain === undefined ? {} : { chain }),
    ...(own === undefined ? {} : { page: own }),
    ...(spacePart === undefined ? {} : { space: spacePart }),
    ...(site === undefined ? {} : { site }),
  };
}

function complete(known: KnownParts): known is ReadParts & KnownParts {
  if (known.page === undefined || known.space === undefined || known.site === undefined) {
    return false;
  }
  return known.page.chain.every((a) => known.ancestors.has(a.id));
}

function asServed(known: KnownParts & ReadParts): ReadParts {
  return {
    page: known.page,
    space: known.space,
    ancestors: known.ancestors,
    site: known.site,
    cached: { page: true, space: true, site: true },
    cachedAncestors: new Set(known.ancestors.keys()),
  };
}

/**
 * Another invocation claimed this page's read: wait briefly for its entries to appear, polling
 * storage. Undefined when they do not appear in time (the caller then reads itself).
 */
async function waitForParts(
  cache: PageAccessCache,
  page: ReadContent,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): Promise<ReadParts | undefined> {
  for (let waited = 0; waited < CLAIM_WAIT_MS; waited += CLAIM_POLL_MS) {
    await sleep(CLAIM_POLL_MS);
    const before = await cache.get({ pageId: page.id, spaceId: page.spaceId });
    const known = await usableParts(cache, page, before, now, false);
    if (complete(known)) return asServed(known);
  }
  return undefined;
}

/** Reads every part `known` lacks, and stores what every reader of the page may be served. */
async function readMissing(
  client: ConfluenceClient,
  page: ReadContent,
  known: KnownParts,
  early: ReturnType<typeof readSpace> | undefined,
  options: LoadOptions,
  now: () => number,
): Promise<ReadParts> {
  const cache = options.cache;
  const readAt = now();
  // The claimed space counts only if it is the page's own; a wrong claim costs a second read.
  const spaceReads =
    known.space !== undefined
      ? undefined
      : early !== undefined && options.claimedSpaceId === page.spaceId
        ? early
        : readSpace(client, page.spaceId, options.roleModeCache);

  // An audience kept with an entry read again stays usable if the layers it was computed from
  // did not change (its basis, cache.ts).
  const kept = known.previous?.page?.effective;
  const [ownPart, spaceRead, site] = await Promise.all([
    known.page ??
      readPagePart(client, page, readAt, known.chain).then((part) =>
        kept === undefined ? part : { ...part, effective: kept },
      ),
    spaceReads === undefined
      ? undefined
      : Promise.all([spaceReads.space, spaceReads.grants]).then(([space, grants]) => ({
          space,
          ...grants,
        })),
    known.site ?? readSitePart(client, readAt),
  ]);

  const missingAncestors = ownPart.chain.filter((a) => !known.ancestors.has(a.id));
  const [readAncestorsNow, spacePart] = await Promise.all([
    readAncestors(client, missingAncestors, ownPart.chain, readAt),
    known.space ??
      nameSpace(client, spaceRead, ownPart, readAt).then((part): CachedSpacePart | SpaceUnknown => {
        const openAudience = known.previous?.space?.openAudience;
        if (openAudience === undefined || 'unknown' in part.grants) return part;
        return { ...part, grants: part.grants, openAudience };
      }),
  ]);
  const ancestors = new Map(known.ancestors);
  for (const [id, part] of readAncestorsNow) ancestors.set(id, part);

  if (cache !== undefined) {
    // Only what any reader of the page could read is stored: a part this reader could not read
    // (an Unknown) is left for the next reader to read (cache.ts).
    const storable = new Map([...readAncestorsNow].filter(([, part]) => !('unknown' in part.read)));
    await Promise.all([
      known.page === undefined && !('unknown' in ownPart.read) && !('unknown' in ownPart.update)
        ? cache.putPage(page.id, ownPart)
        : undefined,
      known.space === undefined && !('unknown' in spacePart.grants)
        ? cache.putSpace(page.spaceId, spacePart as CachedSpacePart)
        : undefined,
      storable.size > 0 ? cache.putAncestors(storable) : undefined,
      known.site === undefined && site.anonymousAccess !== 'unknown'
        ? cache.putSite(site)
        : undefined,
    ]);
  }
  return {
    page: ownPart,
    space: spacePart,
    ancestors,
    site,
    cached: {
      page: known.page !== undefined,
      space: known.space !== undefined,
      site: known.site !== undefined,
    },
    cachedAncestors: new Set(known.ancestors.keys()),
  };
}

async function readPagePart(
  client: ConfluenceClient,
  page: ReadContent,
  readAt: number,
  known: KnownParts['chain'],
): Promise<CachedPagePart> {
  const [chain, own] = await Promise.all([
    known !== undefined
      ? known
      : // A blog post's only parent is its space.
        page.type === 'blogpost'
        ? []
        : client.getAncestors(page.id).then(({ ancestors }) => ancestors),
    client.getRestrictions(page.id, { maxItems: MAX_PRINCIPALS }),
  ]);
  return {
    readAt,
    spaceId: page.spaceId,
    parentId: page.parentId,
    chain: chain.map((a) => ({ id: a.id, type: a.type })),
    read: restrictionOf(own.read),
    update: restrictionOf(own.update),
  };
}

async function readSitePart(client: ConfluenceClient, readAt: number): Promise<CachedSitePart> {
  const anonymous = await client
    .getAnonymousUser({ withOperations: true })
    .catch((error: unknown) => {
      // Evidence only: without it anonymous access is "unknown". Platform errors still propagate.
      if (!isConfluenceError(error)) throw error;
      return undefined;
    });
  return { readAt, anonymousAccess: siteAnonymousAccess(anonymous) };
}

/** The space's part: its grants with the names of its groups looked up, as this reader may. */
async function nameSpace(
  client: ConfluenceClient,
  read:
    | ({
        space: Awaited<ReturnType<ConfluenceClient['getSpace']>>;
      } & Awaited<ReturnType<typeof loadGrants>>)
    | undefined,
  own: CachedPagePart,
  readAt: number,
): Promise<CachedSpacePart | SpaceUnknown> {
  if (read === undefined) throw new Error('The space part was neither cached nor read');
  const space = { id: read.space.id, key: read.space.key, name: read.space.name };
  const mode = read.roleMode === undefined ? {} : { roleMode: read.roleMode };
  if ('unknown' in read.grants) return { readAt, space, grants: read.grants, ...mode };
  const missing = groupsToName(read.grants, namesFrom(own));
  const { names, refused } = await lookUpGroups(client, missing);
  return {
    readAt,
    space,
    grants: read.grants,
    ...mode,
    ...(Object.keys(names).length === 0 ? {} : { lookedUpGroupNames: names }),
    ...(refused.length === 0 ? {} : { unnamedGroupIds: refused }),
  };
}

/**
 * The answer for this viewer from the parts: looked-up group names and the effective audience
 * only when the viewer may look groups up (cache.ts), exactly the groups their own cold view
 * would name.
 */
async function assemble(
  client: ConfluenceClient,
  page: ReadContent,
  status: { status?: ContentStatus },
  parts: ReadParts,
  options: LoadOptions,
): Promise<LoadedPageAccess> {
  const own = parts.page;
  const spacePart = parts.space;
  const ownNames = namesFrom(own);
  const ancestors: AncestorNode[] = own.chain.map((a) => {
    const part = parts.ancestors.get(a.id);
    return ancestorNode(a.id, a.type, part?.read ?? { unknown: 'read-failed' }, part?.title);
  });
  const grants = spacePart.grants;
  const names = await groupNamesFor(client, page.spaceId, spacePart, ownNames, parts, options);
  const spaceRef = spacePart.space;
  const input: AccessInput = {
    site: { anonymousAccess: parts.site.anonymousAccess },
    space: spaceRef,
    grants: withGroupNames(grants, { ...ownNames, ...names }),
    page: {
      id: page.id,
      type: page.type,
      title: page.title,
      read: own.read,
      update: own.update,
      ...status,
    },
    ancestors,
    labels: page.labels,
    ...(spacePart.roleMode === undefined ? {} : { roleMode: spacePart.roleMode }),
  };
  const ancestorTimes = own.chain.flatMap((a) => {
    const part = parts.ancestors.get(a.id);
    return part === undefined ? [] : [part.readAt];
  });
  const partTimes: PartsReadAt = {
    page: own.readAt,
    space: spacePart.readAt,
    site: parts.site.readAt,
    ...(ancestorTimes.length === 0 ? {} : { ancestors: Math.min(...ancestorTimes) }),
  };
  // An audience depends on the layers alone, so it is kept for the layers' content: a part read
  // again unchanged keeps it (within AUDIENCE_TTL_MS, which bounds its members' staleness).
  const basis = basisOf({ ...input, labels: [], page: { ...input.page, title: '' } });
  const open =
    isOpen(own.read) &&
    isOpen(own.update) &&
    ancestors.every((a) => isOpen(a.read)) &&
    status.status !== 'archived';
  const openBasis = basisOf(openInput(input, page.type));
  const now = options.now ?? Date.now;
  const current = (audience: CachedEffectiveAudience | undefined, wanted: string) =>
    audience?.basis === wanted &&
    audience.namedPeople !== undefined &&
    now() - (audience.computedAt ?? 0) < AUDIENCE_TTL_MS
      ? audience
      : undefined;
  const candidate =
    current(own.effective, basis) ??
    (open ? current(spacePart.openAudience?.[page.type], openBasis) : undefined);
  const effective =
    candidate !== undefined && ((await options.viewer?.canLookUpGroups()) ?? false)
      ? {
          view: candidate.view,
          edit: candidate.edit,
          ...(candidate.namedPeople === undefined ? {} : { namedPeople: candidate.namedPeople }),
          ...(candidate.computedAt === undefined ? {} : { computedAt: candidate.computedAt }),
        }
      : undefined;
  const fromCache =
    parts.cached.page ||
    parts.cached.space ||
    parts.cached.site ||
    own.chain.some((a) => parts.cachedAncestors.has(a.id));
  return {
    page: { id: page.id, type: page.type, title: page.title, space: spaceRef },
    input,
    readAt: Math.min(...Object.values(partTimes).filter((t): t is number => t !== undefined)),
    parts: partTimes,
    fromCache,
    basis,
    ...(open ? { openBasis } : {}),
    ...(effective === undefined ? {} : { cachedEffective: effective }),
  };
}

/**
 * Keeps the effective audience in the cache for viewers who may look groups up (cache.ts); the
 * caller decides who computed it. It is kept with the page's part, and with the space's when the
 * page is open (its audience is then the space's alone); only for the parts it was computed from.
 */
export async function rememberEffectiveAudience(
  cache: PageAccessCache,
  loaded: Pick<LoadedPageAccess, 'page' | 'basis' | 'openBasis' | 'parts'>,
  effective: Required<Pick<CachedEffectiveAudience, 'view' | 'edit' | 'namedPeople'>>,
  options: { readonly computedAt?: number; readonly now?: () => number } = {},
): Promise<void> {
  const { page, openBasis } = loaded;
  // Dated by the oldest knowledge it was computed from, so it is not served past that age.
  const computedAt = Math.min(options.computedAt ?? Infinity, (options.now ?? Date.now)());
  const parts = await cache.get({ pageId: page.id, spaceId: page.space.id });
  const writes: Promise<void>[] = [];
  if (parts.page?.readAt === loaded.parts.page) {
    writes.push(
      cache.putPage(page.id, {
        ...parts.page,
        effective: { ...effective, basis: loaded.basis, computedAt },
      }),
    );
  }
  if (openBasis !== undefined && parts.space?.readAt === loaded.parts.space) {
    writes.push(
      cache.putSpace(page.space.id, {
        ...parts.space,
        openAudience: {
          ...parts.space.openAudience,
          [page.type]: { ...effective, basis: openBasis, computedAt },
        },
      }),
    );
  }
  await Promise.all(writes);
}

/** What an open page's audience depends on: the space's layer and the site, not the page. */
function openInput(input: AccessInput, type: 'page' | 'blogpost'): unknown {
  return {
    type,
    site: input.site,
    space: input.space,
    grants: input.grants,
    roleMode: input.roleMode ?? null,
  };
}

function fresh(
  part: { readonly readAt: number } | undefined,
  ttl: number,
  now: () => number,
): boolean {
  return part !== undefined && now() - part.readAt < ttl;
}

function isOpen(restriction: Restriction): boolean {
  return (
    !('unknown' in restriction) &&
    restriction.users.length === 0 &&
    restriction.groups.length === 0 &&
    (restriction.teams?.length ?? 0) === 0
  );
}

/** Whether the gate read's quota headers say the app's pool is below `share` of its size. */
function isPoolLow(client: ConfluenceClient, share: number): boolean {
  const pool = client.pool();
  if (pool?.remaining === undefined || pool.limit === undefined) return false;
  return pool.remaining < share * pool.limit;
}

function retryAfter(client: ConfluenceClient): { retryAfterSeconds?: number } {
  const reset = client.pool()?.resetSeconds;
  return reset === undefined ? {} : { retryAfterSeconds: reset };
}

interface ReadContent {
  readonly id: string;
  readonly type: 'page' | 'blogpost';
  readonly title: string;
  readonly spaceId: string;
  readonly parentId: string | null;
  readonly status?: string;
  readonly labels: string[];
}

/** The page or blog post, as the reader sees it: the gate read of every view. */
async function readContent(
  client: ConfluenceClient,
  id: string,
  type: 'page' | 'blogpost' | undefined,
): Promise<ReadContent> {
  const read = (
    body: PageResponse | BlogPostResponse,
    as: ReadContent['type'],
    parentId: string | null,
  ): ReadContent => ({
    id: body.id,
    type: as,
    title: body.title,
    spaceId: body.spaceId,
    parentId,
    ...(body.status === undefined ? {} : { status: body.status }),
    labels: labelsOf(body),
  });
  const asBlogPost = async () =>
    read(await client.getBlogPost(id, { includeLabels: true }), 'blogpost', null);
  if (type === 'blogpost') return asBlogPost();
  try {
    const page = await client.getPage(id, { includeLabels: true });
    return read(page, 'page', page.parentId ?? null);
  } catch (error) {
    // Not a page (or not one this reader sees): with no word on the type, it may be a blog post.
    if (type === undefined && isConfluenceError(error, 'not-visible')) return asBlogPost();
    throw error;
  }
}

/** Only "archived" changes an answer; other statuses read as current. */
function contentStatusOf(status: string | undefined): { status?: ContentStatus } {
  return status === 'archived' ? { status: 'archived' } : {};
}

/**
 * The space and its grants, both started now. A failure is kept for whoever awaits them: reads
 * started before the gate may be dropped unawaited (the page was elsewhere, or not visible).
 */
function readSpace(
  client: ConfluenceClient,
  spaceId: string,
  modeCache: RoleModeCache | undefined,
): {
  space: ReturnType<ConfluenceClient['getSpace']>;
  grants: ReturnType<typeof loadGrants>;
} {
  const space = client.getSpace(spaceId);
  const grants = loadGrants(client, spaceId, modeCache);
  space.catch(() => undefined);
  grants.catch(() => undefined);
  return { space, grants };
}

/**
 * The space's grants by the site's source of truth (space-grants.ts). With a remembered mode
 * only the source the site uses is read; otherwise the mode is read alongside every source, and
 * remembered for next time.
 */
async function loadGrants(
  client: ConfluenceClient,
  spaceId: string,
  modeCache: RoleModeCache | undefined,
): Promise<{ grants: readonly SpaceGrant[] | Unknown; roleMode?: SpaceRoleMode }> {
  const remembered = await modeCache?.get();
  if (remembered) {
    return {
      grants: await loadSpaceGrants(client, spaceId, { roleMode: remembered }),
      roleMode: remembered,
    };
  }
  const mode = readRoleMode(client);
  const grants = await loadSpaceGrants(client, spaceId, { roleMode: mode });
  const read = await mode;
  if (typeof read !== 'string') return { grants };
  if (modeCache) await modeCache.put(read);
  return { grants, roleMode: read };
}

/** The parts of each ancestor given: its view restriction, read alongside the titles. */
async function readAncestors(
  client: ConfluenceClient,
  chain: readonly { readonly id: string; readonly type: string }[],
  full: readonly { readonly id: string; readonly type: string }[],
  readAt: number,
): Promise<Map<string, CachedAncestorPart>> {
  if (chain.length === 0) return new Map();
  const [titles, nodes] = await Promise.all([
    ancestorTitles(client, chain),
    Promise.all(
      chain.map(async (ancestor) => ({
        ancestor,
        read: await readRestriction(client, ancestor.id),
      })),
    ),
  ]);
  return new Map(
    nodes.map(({ ancestor, read }) => {
      const node = ancestorNode(ancestor.id, ancestor.type, read, titles.get(ancestor.id));
      const title = node.title;
      const part: CachedAncestorPart = {
        readAt,
        type: node.type,
        read,
        chain: full.slice(
          0,
          full.findIndex((a) => a.id === ancestor.id),
        ),
        ...(title === undefined ? {} : { title }),
      };
      return [ancestor.id, part] as const;
    }),
  );
}

/**
 * Titles of the ancestors, so a reason can say "inherited from Security" rather than an id: one
 * bulk read for the pages, one read per folder. Every ancestor of a page the viewer can read is
 * readable to them (view restrictions inherit). A title that cannot be read is left out.
 */
async function ancestorTitles(
  client: ConfluenceClient,
  ancestors: readonly { readonly id: string; readonly type: string }[],
): Promise<ReadonlyMap<string, string>> {
  const titles = new Map<string, string>();
  const pageIds = ancestors.filter((a) => a.type === 'page').map((a) => a.id);
  const folderIds = ancestors.filter((a) => a.type === 'folder').map((a) => a.id);
  const optional = async (read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      if (!isConfluenceError(error)) throw error;
    }
  };
  await Promise.all([
    pageIds.length === 0
      ? undefined
      : optional(async () => {
          const pages = await collectAll(client.listPages(pageIds, { limit: 250 }), {
            maxItems: pageIds.length,
          });
          for (const page of pages.items) titles.set(page.id, page.title);
        }),
    ...folderIds.map((id) =>
      optional(async () => {
        titles.set(id, (await client.getFolder(id)).title);
      }),
    ),
  ]);
  return titles;
}

/** Groups named in more grants than this are shown by id rather than spend more points. */
export const MAX_GROUP_LOOKUPS = 25;

/**
 * Space grants name groups by id only. A name already known from the page's restrictions is
 * reused; the rest are looked up (3 points each), up to MAX_GROUP_LOOKUPS. A lookup that fails
 * leaves the id: a name is for people, the id is what access is decided on.
 */
function groupsToName(
  grants: readonly SpaceGrant[],
  known: Readonly<Record<string, string>>,
): string[] {
  return [
    ...new Set(
      grants.flatMap((grant) =>
        grant.principal.kind === 'group' && known[grant.principal.groupId] === undefined
          ? [grant.principal.groupId]
          : [],
      ),
    ),
  ].slice(0, MAX_GROUP_LOOKUPS);
}

/** Group names by lookup; `refused` are those Confluence would not look up for this reader. */
async function lookUpGroups(
  client: ConfluenceClient,
  groupIds: readonly string[],
): Promise<{ names: Record<string, string>; refused: string[] }> {
  const names: Record<string, string> = {};
  const refused: string[] = [];
  await Promise.all(
    groupIds.map(async (groupId) => {
      try {
        names[groupId] = (await client.getGroup(groupId)).name;
      } catch (error) {
        if (!isConfluenceError(error)) throw error;
        if (isConfluenceError(error, 'forbidden') || isConfluenceError(error, 'unauthenticated'))
          refused.push(groupId);
      }
    }),
  );
  return { names, refused };
}

/**
 * The looked-up group names this viewer's answer names: none unless they may look groups up
 * themselves (a viewer who made the lookups just now may); then exactly the groups their own
 * cold view would look up, from the space's part, looking up now those it lacks (and keeping
 * them in the space's part for the next such viewer).
 */
async function groupNamesFor(
  client: ConfluenceClient,
  spaceId: string,
  spacePart: CachedSpacePart | SpaceUnknown,
  ownNames: Readonly<Record<string, string>>,
  parts: ReadParts,
  options: LoadOptions,
): Promise<Readonly<Record<string, string>>> {
  if ('unknown' in spacePart.grants) return {};
  const wanted = groupsToName(spacePart.grants, ownNames);
  if (wanted.length === 0) return {};
  const lookedUp = spacePart.lookedUpGroupNames ?? {};
  const madeNow = !parts.cached.space;
  if (madeNow) {
    // This viewer's own lookups: what they showed is what the viewer may see.
    if (Object.keys(lookedUp).length > 0) await options.viewer?.learnt(true);
    else if ((spacePart.unnamedGroupIds ?? []).length > 0) await options.viewer?.learnt(false);
    if (options.viewer === undefined || Object.keys(lookedUp).length > 0) return lookedUp;
    return {};
  }
  if (!((await options.viewer?.canLookUpGroups()) ?? false)) return {};
  const lacking = wanted.filter((id) => lookedUp[id] === undefined);
  if (lacking.length === 0) return pick(lookedUp, wanted);
  const { names } = await lookUpGroups(client, lacking);
  const merged = { ...lookedUp, ...names };
  if (options.cache !== undefined && Object.keys(names).length > 0) {
    const unnamed = (spacePart.unnamedGroupIds ?? []).filter((id) => names[id] === undefined);
    const { unnamedGroupIds: _unnamed, ...rest } = spacePart as CachedSpacePart;
    await options.cache.putSpace(spaceId, {
      ...rest,
      lookedUpGroupNames: merged,
      ...(unnamed.length === 0 ? {} : { unnamedGroupIds: unnamed }),
    });
  }
  return pick(merged, wanted);
}

function pick(
  names: Readonly<Record<string, string>>,
  ids: readonly string[],
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const id of ids) {
    const name = names[id];
    if (name !== undefined) picked[id] = name;
  }
  return picked;
}

/** Group names as the page's own restrictions list them. */
function namesFrom(own: Pick<CachedPagePart, 'read' | 'update'>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const list of [own.read, own.update]) {
    if ('unknown' in list) continue;
    for (const group of list.groups)
      if (group.name !== undefined) names[group.groupId] = group.name;
  }
  return names;
}

function withGroupNames(
  grants: readonly SpaceGrant[] | Unknown,
  names: Readonly<Record<string, string>>,
): readonly SpaceGrant[] | Unknown {
  if ('unknown' in grants) return grants;
  return grants.map((grant) => {
    if (grant.principal.kind !== 'group') return grant;
    const name = names[grant.principal.groupId];
    return name ? { ...grant, principal: { ...grant.principal, name } } : grant;
  });
}

/**
 * An ancestor's view restriction. If it cannot be read the answer is "unknown", which the
 * engine never treats as open.
 */
async function readRestriction(client: ConfluenceClient, contentId: string): Promise<Restriction> {
  try {
    // The view restriction alone: edit restrictions do not inherit, so an ancestor's editors
    // play no part (docs/ARCHITECTURE.md, "The permission model").
    return restrictionOf(
      await client.getRestriction(contentId, 'read', { maxItems: MAX_PRINCIPALS }),
    );
  } catch (error) {
    if (isConfluenceError(error, 'not-visible') || isConfluenceError(error, 'forbidden')) {
      return { unknown: client.identity === 'app' ? 'hidden-from-app' : 'hidden-from-viewer' };
    }
    throw error;
  }
}
