/**
 * Reads what the engine needs about one page, through whichever client it is given: as the
 * viewer in the macro (Forge, asUser) or as the token's owner in the CLI. The first call is the
 * page itself, so a caller who cannot read it learns nothing else.
 *
 * Call plan (points are the scarce resource: every install shares the app's hourly pool,
 * docs/ARCHITECTURE.md "On the real Forge platform"):
 *   round 0  the page (with labels)                              — the gate
 *            ∥ the space and its grants, when the caller names the space (the macro's context
 *            does) and no fresh cache entry exists; used only if the page is in that space
 *   round 1  ancestors ∥ space ∥ space grants ∥ own restrictions ∥ site anonymous evidence;
 *            space grants = the space role mode ∥ the legacy permission list ∥ the role
 *            assignments ∥ the role catalogue, all at once so no round waits for the mode
 *            (space-grants.ts; the mode then says which source counts)
 *   round 2  each ancestor's view restriction (edit restrictions do not inherit, so an
 *            ancestor's are never read) ∥ the ancestors' titles (one call for the pages)
 *            ∥ names of granted groups (grants carry ids only), in parallel (and further
 *            permission pages)
 *
 * With a cache entry for the page (served only after the gate read succeeded, see cache.ts) a
 * warm view is the gate read alone.
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
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type { BlogPostResponse, PageResponse } from '../confluence/schemas';
import { loadSpaceGrants, readRoleMode } from './space-grants';
import { CACHE_TTL_MS } from './cache';
import type {
  CachedEffectiveAudience,
  CachedPageAccess,
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

export interface LoadedPageAccess {
  readonly page: LoadedPage;
  readonly input: AccessInput;
  /** When the restrictions and grants were read (ms since the epoch). */
  readonly readAt: number;
  readonly fromCache: boolean;
  /**
   * The effective audience kept in the cache entry, present only when the entry was served and
   * this viewer may look groups up (cache.ts).
   */
  readonly cachedEffective?: CachedEffectiveAudience;
}

export interface LoadOptions {
  readonly cache?: PageAccessCache;
  readonly roleModeCache?: RoleModeCache;
  /** Skip the cache and read everything again (the entry is then replaced). */
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
  readonly now?: () => number;
}

/** Principals per restriction and grants per space beyond which we stop paging (and say so). */
export const MAX_PRINCIPALS = 5_000;

export async function loadPageAccess(
  client: ConfluenceClient,
  pageId: string,
  options: LoadOptions = {},
): Promise<LoadedPageAccess> {
  const now = options.now ?? Date.now;
  // Looked at before the gate only to decide whether to read the space early; nothing of it is
  // served before the viewer's own read of the page succeeds.
  const cached = options.refresh ? undefined : await options.cache?.get(pageId);
  const fresh = cached !== undefined && now() - cached.readAt < CACHE_TTL_MS;
  const early =
    fresh || options.claimedSpaceId === undefined
      ? undefined
      : readSpace(client, options.claimedSpaceId, options.roleModeCache);
  // The gate: Confluence answers this viewer for this page, or we stop here.
  const page = await readContent(client, pageId, options.contentType);
  const { parentId, labels } = page;
  const status = contentStatusOf(page.status);

  if (cached && fresh && cached.spaceId === page.spaceId && cached.parentId === parentId) {
    const names = await groupNamesFor(client, pageId, cached, options);
    const effective =
      cached.effective !== undefined && ((await options.viewer?.canLookUpGroups()) ?? false)
        ? cached.effective
        : undefined;
    return {
      page: { id: page.id, type: page.type, title: page.title, space: cached.space },
      input: {
        ...cached.input,
        grants: withGroupNames(cached.input.grants, names),
        page: { ...cached.input.page, title: page.title, ...status },
        labels,
      },
      readAt: cached.readAt,
      fromCache: true,
      ...(effective === undefined ? {} : { cachedEffective: effective }),
    };
  }
  const readAt = now();
  // The claimed space counts only if it is the page's own; a wrong claim costs a second read.
  const spaceReads =
    early !== undefined && options.claimedSpaceId === page.spaceId
      ? early
      : readSpace(client, page.spaceId, options.roleModeCache);

  const [chain, space, { grants, roleMode }, own, anonymous] = await Promise.all([
    // A blog post's only parent is its space.
    page.type === 'blogpost' ? { ancestors: [], complete: true } : client.getAncestors(pageId),
    spaceReads.space,
    spaceReads.grants,
    client.getRestrictions(pageId, { maxItems: MAX_PRINCIPALS }),
    client.getAnonymousUser({ withOperations: true }).catch((error: unknown) => {
      // Evidence only: without it anonymous access is "unknown". Platform errors still propagate.
      if (!isConfluenceError(error)) throw error;
      return undefined;
    }),
  ]);

  const [ancestors, { grants: namedGrants, lookedUp, refused }] = await Promise.all([
    readAncestors(client, chain.ancestors),
    nameGroups(client, grants, own),
  ]);
  if (Object.keys(lookedUp).length > 0) await options.viewer?.learnt(true);
  else if (refused.length > 0) await options.viewer?.learnt(false);

  const spaceRef = { id: space.id, key: space.key, name: space.name };
  const input: Omit<AccessInput, 'labels'> = {
    site: { anonymousAccess: siteAnonymousAccess(anonymous) },
    space: spaceRef,
    grants,
    page: {
      id: page.id,
      type: page.type,
      title: page.title,
      read: restrictionOf(own.read),
      update: restrictionOf(own.update),
      ...status,
    },
    ancestors,
    ...(roleMode === undefined ? {} : { roleMode }),
  };
  // The entry keeps group names from restrictions (every reader of the page reads those) in the
  // grants, and names from group lookups apart (cache.ts).
  const shared = { ...input, grants: withGroupNames(grants, namesFrom(own)) };
  await options.cache?.put(pageId, {
    readAt,
    spaceId: page.spaceId,
    parentId,
    space: spaceRef,
    input: shared,
    ...(Object.keys(lookedUp).length === 0 ? {} : { lookedUpGroupNames: lookedUp }),
    ...(refused.length === 0 ? {} : { unnamedGroupIds: refused }),
  });
  return {
    page: { id: page.id, type: page.type, title: page.title, space: spaceRef },
    input: { ...input, grants: namedGrants, labels },
    readAt,
    fromCache: false,
  };
}

/**
 * Keeps the effective audience in the page's cache entry, for viewers who may look groups up
 * (cache.ts); the caller decides who computed it. Only the entry read at `readAt` gets it, so an
 * audience never outlives the reads it was computed from.
 */
export async function rememberEffectiveAudience(
  cache: PageAccessCache,
  pageId: string,
  readAt: number,
  effective: CachedEffectiveAudience,
): Promise<void> {
  const entry = await cache.get(pageId);
  if (entry?.readAt !== readAt) return;
  await cache.put(pageId, { ...entry, effective });
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

/** Each ancestor's view restriction, read in parallel with the ancestors' titles. */
async function readAncestors(
  client: ConfluenceClient,
  chain: readonly { readonly id: string; readonly type: string }[],
): Promise<AncestorNode[]> {
  const [titles, nodes] = await Promise.all([
    ancestorTitles(client, chain),
    Promise.all(
      chain.map(async (ancestor) => ({
        ancestor,
        read: await readRestriction(client, ancestor.id),
      })),
    ),
  ]);
  return nodes.map(({ ancestor, read }) =>
    ancestorNode(ancestor.id, ancestor.type, read, titles.get(ancestor.id)),
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
 * leaves the id: a name is for people, the id is what access is decided on. `lookedUp` holds
 * the names only a lookup gave, which not every reader of the page may make.
 */
async function nameGroups(
  client: ConfluenceClient,
  grants: readonly SpaceGrant[] | Unknown,
  own: Awaited<ReturnType<ConfluenceClient['getRestrictions']>>,
): Promise<{
  grants: readonly SpaceGrant[] | Unknown;
  lookedUp: Record<string, string>;
  refused: string[];
}> {
  if ('unknown' in grants) return { grants, lookedUp: {}, refused: [] };
  const known = namesFrom(own);
  const missing = [
    ...new Set(
      grants.flatMap((grant) =>
        grant.principal.kind === 'group' && known[grant.principal.groupId] === undefined
          ? [grant.principal.groupId]
          : [],
      ),
    ),
  ].slice(0, MAX_GROUP_LOOKUPS);
  const { names: lookedUp, refused } = await lookUpGroups(client, missing);
  return { grants: withGroupNames(grants, { ...known, ...lookedUp }), lookedUp, refused };
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
 * The looked-up group names a cached entry may give this viewer: none unless they may look
 * groups up themselves; then also the names the entry's maker was refused, looked up now (and
 * kept in the entry for the next such viewer).
 */
async function groupNamesFor(
  client: ConfluenceClient,
  pageId: string,
  cached: CachedPageAccess,
  options: LoadOptions,
): Promise<Readonly<Record<string, string>>> {
  const lookedUp = cached.lookedUpGroupNames ?? {};
  const unnamed = cached.unnamedGroupIds ?? [];
  if (Object.keys(lookedUp).length === 0 && unnamed.length === 0) return {};
  if (!((await options.viewer?.canLookUpGroups()) ?? false)) return {};
  if (unnamed.length === 0) return lookedUp;
  const { names } = await lookUpGroups(client, unnamed);
  const merged = { ...lookedUp, ...names };
  const { unnamedGroupIds: _named, ...entry } = cached;
  await options.cache?.put(pageId, { ...entry, lookedUpGroupNames: merged });
  return merged;
}

/** Group names as the page's own restrictions list them. */
function namesFrom(
  own: Awaited<ReturnType<ConfluenceClient['getRestrictions']>>,
): Record<string, string> {
  const names: Record<string, string> = {};
  for (const group of [...own.read.groups, ...own.update.groups]) names[group.id] = group.name;
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
