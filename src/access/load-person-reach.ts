/**
 * What "what can this person see?" needs (src/core/person-reach.ts), read with the fewest points:
 * the person's groups and standing once (`loadSubject`, as `check` reads them), the space list
 * once, each space's grants once (space-grants.ts, the role mode read once), and each space's
 * pages and blog posts in one paged CQL search with both restrictions and the ancestor ids
 * expanded — no per-item calls. Only an ancestor that is not itself in the search (a folder) and
 * a restriction list too long for the expansion are read by id, each once.
 *
 * Content the reader cannot read is absent from every search: the answer carries that as
 * coverage rather than guessing (docs/ARCHITECTURE.md, "The permission model").
 */
import type {
  AncestorNode,
  ReachContent,
  ReachSpace,
  Restriction,
  RestrictionList,
  SpaceRef,
} from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type { ContentRestrictionResponse, SearchContentResponse } from '../confluence/schemas';
import { isSafeSpaceKey } from './audit-cql';
import { loadAuditSpaces } from './load-space-audit';
import { loadSpaceGrants, readRoleMode } from './space-grants';
import type { RoleModeAnswer } from './space-grants';
import { contentTypeOf, restrictionOf } from './to-model';

export const PERSON_SEARCH_EXPAND = [
  'ancestors',
  'restrictions.read.restrictions.user',
  'restrictions.read.restrictions.group',
  'restrictions.update.restrictions.user',
  'restrictions.update.restrictions.group',
] as const;

const SEARCH_PAGE = 250;
/** Confluence expands at most this many principals per list; a full list may have more. */
const EXPANDED_LIST_LIMIT = 200;
const MAX_ITEMS_PER_SPACE = 100_000;

export interface LoadedReach {
  readonly spaces: ReachSpace[];
}

export async function loadPersonReach(client: ConfluenceClient): Promise<LoadedReach> {
  const { spaces, roleMode } = await loadReachSpaceList(client);
  const out: ReachSpace[] = [];
  for (const space of spaces) out.push(await loadReachSpace(client, space, roleMode));
  return { spaces: out };
}

/** The spaces to read and the site's role mode: what every space's read needs first. */
export async function loadReachSpaceList(
  client: ConfluenceClient,
): Promise<{ readonly spaces: SpaceRef[]; readonly roleMode: RoleModeAnswer }> {
  const { spaces } = await loadAuditSpaces(client);
  return { spaces, roleMode: await readRoleMode(client) };
}

/**
 * One space alone: its grants and its pages and blog posts. The person job reads a few spaces
 * per step with it; `loadPersonReach` reads them all, one after another, with the same calls.
 */
export async function loadReachSpace(
  client: ConfluenceClient,
  space: SpaceRef,
  roleMode: RoleModeAnswer,
): Promise<ReachSpace> {
  const mode = typeof roleMode === 'string' ? roleMode : undefined;
  // Ancestors are in the content's own space, so a cache per space reads each one once.
  const byId = new Map<string, Restriction>();
  const grants = await loadSpaceGrants(client, space.id, { roleMode });
  const base = { space, grants, ...(mode === undefined ? {} : { roleMode: mode }) };
  if (!isSafeSpaceKey(space.key)) return { ...base, content: [], contentGap: 'read-failed' };
  const cql = `space = "${space.key}" and type in (page, blogpost)`;
  const found = await collectAll(
    client.searchContent(cql, { expand: PERSON_SEARCH_EXPAND, limit: SEARCH_PAGE }),
    { maxItems: MAX_ITEMS_PER_SPACE },
  );
  const items = found.items;
  const read = new Map<string, Restriction>();
  for (const item of items) read.set(item.id, await restrictionFor(client, item, 'read'));
  const content: ReachContent[] = [];
  for (const item of items) {
    const ancestors: AncestorNode[] = [];
    for (const ancestor of item.ancestors ?? []) {
      const restriction =
        read.get(ancestor.id) ?? (await ancestorRestriction(client, byId, ancestor.id));
      ancestors.push({
        id: ancestor.id,
        type: contentTypeOf(ancestor.type),
        read: restriction,
        ...(ancestor.title === undefined ? {} : { title: ancestor.title }),
      });
    }
    content.push({
      page: {
        id: item.id,
        type: contentTypeOf(item.type),
        title: item.title,
        read: read.get(item.id) ?? { unknown: 'read-failed' },
        update: await restrictionFor(client, item, 'update'),
        ...(item.status === 'archived' ? { status: 'archived' as const } : {}),
      },
      ancestors,
    });
  }
  return {
    ...base,
    content,
    // Whatever the reader cannot read is missing from the search: never claimed as open.
    ...(found.truncated ? { contentGap: 'read-failed' as const } : {}),
  };
}

async function restrictionFor(
  client: ConfluenceClient,
  item: SearchContentResponse,
  operation: 'read' | 'update',
): Promise<Restriction> {
  const expanded = item.restrictions?.[operation];
  const listed = expanded === undefined ? undefined : fromExpansion(expanded);
  if (listed !== undefined) return listed;
  return readById(client, item.id, operation);
}

/** The expanded lists, or undefined when a list may have been cut at the expansion's limit. */
function fromExpansion(response: ContentRestrictionResponse): RestrictionList | undefined {
  const lists = response.restrictions ?? {};
  const users = lists.user?.results ?? [];
  const groups = lists.group?.results ?? [];
  if (users.length >= EXPANDED_LIST_LIMIT || groups.length >= EXPANDED_LIST_LIMIT) return undefined;
  const teams = Object.entries(lists).flatMap(([key, list]) => {
    if (key === 'user' || key === 'group') return [];
    const results = (list as { results?: unknown } | null)?.results;
    if (!Array.isArray(results)) return [];
    return results.map((entry: unknown, index) => {
      const { id, name } = (entry ?? {}) as { id?: unknown; name?: unknown };
      return {
        teamId: typeof id === 'string' ? id : `${key}-${String(index)}`,
        ...(typeof name === 'string' ? { name } : {}),
      };
    });
  });
  return {
    users: users.map((user) => ({ accountId: user.accountId })),
    groups: groups.map((group) => ({ groupId: group.id, name: group.name })),
    ...(teams.length === 0 ? {} : { teams }),
  };
}

async function ancestorRestriction(
  client: ConfluenceClient,
  cache: Map<string, Restriction>,
  id: string,
): Promise<Restriction> {
  const known = cache.get(id);
  if (known !== undefined) return known;
  const restriction = await readById(client, id, 'read');
  cache.set(id, restriction);
  return restriction;
}

async function readById(
  client: ConfluenceClient,
  id: string,
  operation: 'read' | 'update',
): Promise<Restriction> {
  try {
    return restrictionOf(await client.getRestriction(id, operation));
  } catch (error) {
    if (isConfluenceError(error, 'not-visible') || isConfluenceError(error, 'forbidden')) {
      return { unknown: client.identity === 'app' ? 'hidden-from-app' : 'hidden-from-viewer' };
    }
    throw error;
  }
}
