/**
 * What one audit batch reads from Confluence, as the app, and turns into the rules' input.
 * The points budget is the scarce resource (DESIGN.md §4), so every read is the cheapest that
 * answers what the rules ask:
 *
 * - labelled content of the whole batch in one search, with each item's own view restriction and
 *   its ancestor ids expanded (no per-item calls for either);
 * - ancestors' view restrictions by id (never `ancestors.restrictions` in search: one unreadable
 *   draft ancestor fails the whole search, CONFCLOUD-77618), nearest first, one principal per
 *   window, and only until one restricting ancestor is found — the rule asks "is anything above
 *   it restricted", not who is listed;
 * - grants from whichever model the site's space role mode says is the truth (issue 8);
 * - each user holding a space permission looked up once per audit (guest or not), and each group
 *   holding space admin once (its name, for broad groups listed by name).
 */
import type {
  AncestorNode,
  LabelledContent,
  NotInspectable,
  Restriction,
  RestrictionList,
  SpaceAuditInput,
  SpaceGrant,
  SpaceRef,
  Unknown,
  UnknownCause,
} from '../core';
import { isRestricting, isUnknown } from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { ConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type { ContentRestrictionResponse, SearchContentResponse } from '../confluence/schemas';
import { loadSpaceGrants } from '../access/space-grants';
import type { RoleModeAnswer } from '../access/space-grants';
import { contentTypeOf, restrictionOf } from '../access/to-model';
import type { UserFacts } from '../storage/audits';
import { labelledContentCql } from './cql';

/** Expansions of the labelled-content search: own read restriction and ancestor ids. */
export const SEARCH_EXPAND = [
  'ancestors',
  'metadata.labels',
  'restrictions.read.restrictions.user',
  'restrictions.read.restrictions.group',
] as const;

const SEARCH_PAGE = 250;

/** Per-batch memory: a restriction read once is not read again for another page below it. */
export type RestrictionCache = Map<string, Restriction>;

/** Labelled content of `spaces`, grouped by space key. */
export async function searchLabelled(
  client: ConfluenceClient,
  spaces: readonly SpaceRef[],
  labels: readonly string[],
): Promise<Map<string, SearchContentResponse[]>> {
  const bySpace = new Map<string, SearchContentResponse[]>();
  if (spaces.length === 0 || labels.length === 0) return bySpace;
  const keys = spaces.map((space) => space.key);
  const items = await searchAll(client, keys, labels);
  const known = new Set(keys);
  const single = keys.length === 1 ? keys[0] : undefined;
  for (const item of items) {
    // With one space in the query the key is implied; otherwise the `webui` link carries it
    // (`/spaces/KEY/…`), which costs nothing, unlike expanding `space` (1 point per item).
    const key = single ?? spaceKeyOf(item);
    if (key === undefined || !known.has(key)) {
      // Never drop labelled content because its space could not be told: ask space by space.
      const perSpace = new Map<string, SearchContentResponse[]>();
      for (const space of spaces) {
        perSpace.set(space.key, await searchAll(client, [space.key], labels));
      }
      return perSpace;
    }
    const list = bySpace.get(key) ?? [];
    list.push(item);
    bySpace.set(key, list);
  }
  return bySpace;
}

async function searchAll(
  client: ConfluenceClient,
  keys: readonly string[],
  labels: readonly string[],
): Promise<SearchContentResponse[]> {
  const { items } = await collectAll(
    client.searchContent(labelledContentCql(keys, labels), {
      expand: SEARCH_EXPAND,
      limit: SEARCH_PAGE,
    }),
    { maxItems: 100_000 },
  );
  return items;
}

function spaceKeyOf(item: SearchContentResponse): string | undefined {
  if (item.space?.key !== undefined) return item.space.key;
  const links = (item as { _links?: { webui?: unknown } })._links;
  const webui = typeof links?.webui === 'string' ? links.webui : '';
  const match = /\/spaces\/([^/]+)\//u.exec(webui);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

export interface SpaceReadContext {
  readonly client: ConfluenceClient;
  readonly restrictions: RestrictionCache;
  /** Guest facts by account id, shared by the whole audit through the job's people cache. */
  readonly users: Map<string, UserFacts>;
  /** Group names by id (null: could not be read), shared the same way. */
  readonly groups: Map<string, string | null>;
  /**
   * The site's space role mode (issue 8), read on first use and once per client. Awaited before
   * the grants are read, so a site on one model is not also asked for the other's grants.
   */
  readonly roleMode: () => Promise<RoleModeAnswer>;
}

/** Reads one space and its labelled content into the rules' input. */
export async function readSpace(
  context: SpaceReadContext,
  space: SpaceRef,
  labelled: readonly SearchContentResponse[],
): Promise<SpaceAuditInput> {
  const { client } = context;
  const loaded = await loadSpaceGrants(client, space.id, { roleMode: await context.roleMode() });
  if (isUnknown(loaded)) {
    // The app reads as itself: what it is refused is hidden from the app, whatever the wording.
    const cause: UnknownCause =
      loaded.unknown === 'hidden-from-viewer' ? 'hidden-from-app' : loaded.unknown;
    return {
      space,
      grants: { unknown: cause },
      labelledContent: [],
      notInspectable: [{ reason: cause }],
    };
  }
  const { grants, guests } = await withUserFacts(context, loaded);
  const named = await withAdminGroupNames(context, grants);
  const notInspectable: NotInspectable[] = [];
  const labelledContent: LabelledContent[] = [];
  for (const item of labelled) {
    const content = await readLabelledContent(context, item);
    if ('reason' in content) notInspectable.push(content);
    else labelledContent.push(content);
  }
  return { space, grants: named, guests, labelledContent, notInspectable };
}

/** Names and guest status of the users holding grants; one lookup per user per audit. */
async function withUserFacts(
  context: SpaceReadContext,
  grants: readonly SpaceGrant[],
): Promise<{ grants: SpaceGrant[]; guests: readonly string[] | Unknown }> {
  const accountIds = [
    ...new Set(grants.flatMap((g) => (g.principal.kind === 'user' ? [g.principal.accountId] : []))),
  ];
  let failed: UnknownCause | undefined;
  for (const accountId of accountIds) {
    if (context.users.has(accountId)) continue;
    try {
      const user = await context.client.getUser(accountId);
      context.users.set(accountId, {
        guest: user.isGuest === true,
        ...(user.displayName ? { displayName: user.displayName } : {}),
      });
    } catch (error) {
      if (hiddenCause(error) === undefined) throw error;
      failed = 'read-failed';
    }
  }
  const named = grants.map((grant): SpaceGrant => {
    if (grant.principal.kind !== 'user') return grant;
    const name = context.users.get(grant.principal.accountId)?.displayName;
    return name === undefined
      ? grant
      : { ...grant, principal: { ...grant.principal, displayName: name } };
  });
  const guests =
    failed !== undefined
      ? { unknown: failed }
      : accountIds.filter((id) => context.users.get(id)?.guest === true);
  return { grants: named, guests };
}

/**
 * Names of the groups holding space admin: a policy may list a broad group by name, and grants
 * name groups by id only. Other groups play no part in any rule, so they are not looked up.
 */
async function withAdminGroupNames(
  context: SpaceReadContext,
  grants: readonly SpaceGrant[],
): Promise<SpaceGrant[]> {
  const admins = new Set(
    grants.flatMap((g) =>
      g.principal.kind === 'group' &&
      g.principal.name === undefined &&
      g.operation.key === 'administer' &&
      g.operation.targetType === 'space'
        ? [g.principal.groupId]
        : [],
    ),
  );
  for (const groupId of admins) {
    if (context.groups.has(groupId)) continue;
    try {
      context.groups.set(groupId, (await context.client.getGroup(groupId)).name);
    } catch (error) {
      // Without a name the grant is still judged by its id.
      if (hiddenCause(error) === undefined) throw error;
      context.groups.set(groupId, null);
    }
  }
  return grants.map((grant): SpaceGrant => {
    if (grant.principal.kind !== 'group' || grant.principal.name !== undefined) return grant;
    const name = context.groups.get(grant.principal.groupId);
    return name === null || name === undefined
      ? grant
      : { ...grant, principal: { ...grant.principal, name } };
  });
}

async function readLabelledContent(
  context: SpaceReadContext,
  item: SearchContentResponse,
): Promise<LabelledContent | NotInspectable> {
  const labels = (item.metadata?.labels?.results ?? []).map((label) => label.name);
  const base = { id: item.id, title: item.title, type: contentTypeOf(item.type), labels };
  let read: RestrictionList;
  const expanded = item.restrictions?.read;
  if (expanded !== undefined) {
    read = fromWindow(expanded);
  } else {
    const own = await readRestriction(context, item.id);
    if (isUnknown(own)) return { contentId: item.id, title: item.title, reason: own.unknown };
    read = own;
  }
  if (isRestricting(read)) {
    // Restricted itself: whatever is above it, the rule is satisfied; its ancestors are not read.
    return { ...base, read, ancestors: [] };
  }
  const chain = item.ancestors ?? [];
  const nearestFirst: AncestorNode[] = [];
  for (const ancestor of [...chain].reverse()) {
    const restriction = await readRestriction(context, ancestor.id);
    nearestFirst.push({
      id: ancestor.id,
      type: contentTypeOf(ancestor.type),
      read: restriction,
      ...(ancestor.title === undefined ? {} : { title: ancestor.title }),
    });
    // One restricting ancestor settles it; those above it cannot make the page more open.
    if (!isUnknown(restriction) && isRestricting(restriction)) break;
  }
  return { ...base, read, ancestors: nearestFirst.reverse() };
}

/**
 * The view restriction of one node, by id: one principal per list is enough to tell restricted
 * from open. 404/403 mean the app cannot see it: unknown, never open.
 */
async function readRestriction(context: SpaceReadContext, id: string): Promise<Restriction> {
  const cached = context.restrictions.get(id);
  if (cached !== undefined) return cached;
  let restriction: Restriction;
  try {
    restriction = fromWindow(
      await context.client.getRestrictionsForOperation(id, 'read', { limit: 1 }),
    );
  } catch (error) {
    const cause = hiddenCause(error);
    if (cause === undefined) throw error;
    restriction = { unknown: cause };
  }
  context.restrictions.set(id, restriction);
  return restriction;
}

function fromWindow(response: ContentRestrictionResponse): RestrictionList {
  return restrictionOf({
    operation: 'read',
    users: response.restrictions?.user?.results ?? [],
    groups: response.restrictions?.group?.results ?? [],
    truncated: false,
  });
}

/** What a refusal means for the audit: hidden from the app; anything else is not ours to swallow. */
function hiddenCause(error: unknown): UnknownCause | undefined {
  if (!(error instanceof ConfluenceError)) return undefined;
  return error.kind === 'not-visible' || error.kind === 'forbidden' ? 'hidden-from-app' : undefined;
}
