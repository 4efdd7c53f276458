/**
 * Reads what the engine needs about one page, through whichever client it is given: as the
 * viewer in the macro (Forge, asUser) or as the token's owner in the CLI. The first call is the
 * page itself, so a caller who cannot read it learns nothing else.
 *
 * Call plan (the points budget is the scarce resource, DESIGN.md §4):
 *   round 0  the page (with labels)                              — the gate
 *   round 1  ancestors ∥ space ∥ space grants ∥ own restrictions ∥ site anonymous evidence;
 *            space grants = the space role mode ∥ the legacy permission list ∥ the role
 *            assignments ∥ the role catalogue, all at once so no round waits for the mode
 *            (space-grants.ts; the mode then says which source counts)
 *   round 2  each ancestor's restrictions ∥ the ancestors' titles (one call for the pages)
 *            ∥ names of granted groups (grants carry ids only), in parallel (and further
 *            permission pages)
 *
 * With a cache entry for the page (served only after the gate read succeeded, see cache.ts) a
 * warm view is the gate read alone.
 */
import type { AccessInput, AncestorNode, Restriction, SpaceGrant, Unknown } from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import { loadSpaceGrants, readRoleMode } from './space-grants';
import { CACHE_TTL_MS } from './cache';
import type { PageAccessCache, RoleModeCache } from './cache';
import {
  ancestorNode,
  contentTypeOf,
  labelsOf,
  restrictionOf,
  siteAnonymousAccess,
} from './to-model';

export interface LoadedPage {
  readonly id: string;
  readonly title: string;
  readonly space: { readonly id: string; readonly key: string; readonly name: string };
}

export interface LoadedPageAccess {
  readonly page: LoadedPage;
  readonly input: AccessInput;
  /** When the restrictions and grants were read (ms since the epoch). */
  readonly readAt: number;
  readonly fromCache: boolean;
}

export interface LoadOptions {
  readonly cache?: PageAccessCache;
  readonly roleModeCache?: RoleModeCache;
  /** Skip the cache and read everything again (the entry is then replaced). */
  readonly refresh?: boolean;
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
  // The gate: Confluence answers this viewer for this page, or we stop here.
  const page = await client.getPage(pageId, { includeLabels: true });
  const parentId = page.parentId ?? null;
  const labels = labelsOf(page);

  const cached = options.refresh ? undefined : await options.cache?.get(pageId);
  if (
    cached &&
    now() - cached.readAt < CACHE_TTL_MS &&
    cached.spaceId === page.spaceId &&
    cached.parentId === parentId
  ) {
    return {
      page: { id: page.id, title: page.title, space: cached.space },
      input: { ...cached.input, page: { ...cached.input.page, title: page.title }, labels },
      readAt: cached.readAt,
      fromCache: true,
    };
  }
  const readAt = now();

  const [chain, space, grants, own, anonymous] = await Promise.all([
    client.getAncestors(pageId),
    client.getSpace(page.spaceId),
    loadGrants(client, page.spaceId, options.roleModeCache),
    client.getRestrictions(pageId, { maxItems: MAX_PRINCIPALS }),
    client.getAnonymousUser({ withOperations: true }).catch((error: unknown) => {
      // Evidence only: without it anonymous access is "unknown". Platform errors still propagate.
      if (!isConfluenceError(error)) throw error;
      return undefined;
    }),
  ]);

  const [ancestors, namedGrants] = await Promise.all([
    readAncestors(client, chain.ancestors),
    nameGroups(client, grants, own),
  ]);

  const spaceRef = { id: space.id, key: space.key, name: space.name };
  const input: Omit<AccessInput, 'labels'> = {
    site: { anonymousAccess: siteAnonymousAccess(anonymous) },
    space: spaceRef,
    grants: namedGrants,
    page: {
      id: page.id,
      type: contentTypeOf('page'),
      title: page.title,
      read: own.read.truncated ? { unknown: 'read-failed' } : restrictionOf(own.read),
      update: own.update.truncated ? { unknown: 'read-failed' } : restrictionOf(own.update),
    },
    ancestors,
  };
  await options.cache?.put(pageId, {
    readAt,
    spaceId: page.spaceId,
    parentId,
    space: spaceRef,
    input,
  });
  return {
    page: { id: page.id, title: page.title, space: spaceRef },
    input: { ...input, labels },
    readAt,
    fromCache: false,
  };
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
): Promise<readonly SpaceGrant[] | Unknown> {
  const remembered = await modeCache?.get();
  if (remembered) return loadSpaceGrants(client, spaceId, { roleMode: remembered });
  const mode = readRoleMode(client);
  const grants = await loadSpaceGrants(client, spaceId, { roleMode: mode });
  const read = await mode;
  if (modeCache && typeof read === 'string') await modeCache.put(read);
  return grants;
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
 * leaves the id: a name is for people, the id is what access is decided on.
 */
async function nameGroups(
  client: ConfluenceClient,
  grants: Awaited<ReturnType<typeof loadGrants>>,
  own: Awaited<ReturnType<ConfluenceClient['getRestrictions']>>,
): Promise<Awaited<ReturnType<typeof loadGrants>>> {
  if ('unknown' in grants) return grants;
  const known = new Map<string, string>();
  for (const group of [...own.read.groups, ...own.update.groups]) known.set(group.id, group.name);
  const missing = [
    ...new Set(
      grants.flatMap((grant) =>
        grant.principal.kind === 'group' && !known.has(grant.principal.groupId)
          ? [grant.principal.groupId]
          : [],
      ),
    ),
  ].slice(0, MAX_GROUP_LOOKUPS);
  await Promise.all(
    missing.map(async (groupId) => {
      try {
        known.set(groupId, (await client.getGroup(groupId)).name);
      } catch (error) {
        if (!isConfluenceError(error)) throw error;
      }
    }),
  );
  return grants.map((grant) => {
    if (grant.principal.kind !== 'group') return grant;
    const name = known.get(grant.principal.groupId);
    return name ? { ...grant, principal: { ...grant.principal, name } } : grant;
  });
}

/**
 * An ancestor's view restriction. If it cannot be read the answer is "unknown", which the
 * engine never treats as open.
 */
async function readRestriction(client: ConfluenceClient, contentId: string): Promise<Restriction> {
  try {
    const restrictions = await client.getRestrictions(contentId, { maxItems: MAX_PRINCIPALS });
    return restrictions.read.truncated
      ? { unknown: 'read-failed' }
      : restrictionOf(restrictions.read);
  } catch (error) {
    if (isConfluenceError(error, 'not-visible') || isConfluenceError(error, 'forbidden')) {
      return { unknown: client.identity === 'app' ? 'hidden-from-app' : 'hidden-from-viewer' };
    }
    throw error;
  }
}
