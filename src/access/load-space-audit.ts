/**
 * What the audit rules (`auditSpace`, src/core/audit) need about a space, read through whichever
 * client it is given: as the app in the admin audit job (src/jobs/audit-job.ts, which adds its
 * checkpoints, pacing and KVS-backed caches around it) or as the token's owner in
 * `access-lens audit` (src/cli, which walks spaces with a bounded pool, `loadSpaceAudits`). One
 * loader for both, free of Forge, so the two cannot drift apart.
 *
 * Points are the scarce resource (every install shares the app's hourly pool, docs/ARCHITECTURE.md
 * "On the real Forge platform"), so every read is the cheapest that answers what
 * the rules ask:
 *
 * - labelled content of a whole batch of spaces in one search, with each item's own view
 *   restriction and its ancestor ids expanded (no per-item calls for either);
 * - ancestors' view restrictions by id (never `ancestors.restrictions` in search: one unreadable
 *   draft ancestor fails the whole search, CONFCLOUD-77618), nearest first, one principal per
 *   window, and only until one restricting ancestor is found — the rule asks "is anything above
 *   it restricted", not who is listed;
 * - grants from whichever model the site's space role mode says is the truth (space-grants.ts),
 *   the mode read once;
 * - each user holding a space permission looked up once per audit (guest or not), and each group
 *   holding space admin once (its name, for broad groups listed by name). No other group plays a
 *   part in any rule, so no other group is looked up.
 *
 * Anything that cannot be read becomes "unknown", which the rules report as not inspectable and
 * never as open.
 */
import type {
  DepartedStanding,
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
import { accountName } from '../confluence/users';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type {
  ContentRestrictionResponse,
  SearchContentResponse,
  SpaceResponse,
} from '../confluence/schemas';
import { isSafeSpaceKey, labelledContentQueries } from './audit-cql';
import { loadSpaceGrants, readRoleMode } from './space-grants';
import type { RoleModeAnswer } from './space-grants';
import { contentTypeOf } from './to-model';
import { mapLimit } from './map-limit';

/** Expansions of the labelled-content search: own read restriction and ancestor ids. */
export const SEARCH_EXPAND = [
  'ancestors',
  'metadata.labels',
  'restrictions.read.restrictions.user',
  'restrictions.read.restrictions.group',
  // The edit list's people only: the departed-account rule names them (1 point per person).
  'restrictions.update.restrictions.user',
] as const;

/**
 * What an incremental audit's first search expands: the labels alone, 1 point per item where the
 * full expansion costs one more per ancestor and two per restricting principal. It tells which
 * spaces' labelled content changed; only those spaces are searched again in full.
 */
export const LIGHT_SEARCH_EXPAND = ['metadata.labels'] as const;

const SEARCH_PAGE = 250;
/** Labelled items one search collects before it stops (and says so). */
export const MAX_LABELLED_PER_SEARCH = 100_000;
/**
 * Spaces one search covers when `loadSpaceAudits` walks a site (the job's batches are the same
 * size): one request instead of one per space, and a CQL string far inside URL limits.
 */
export const SPACES_PER_SEARCH = 50;

/** What an audit remembers about a person holding a grant (the job keeps it in KVS). */
export interface UserFacts {
  readonly guest: boolean;
  readonly displayName?: string;
  /** Present when the account cannot use Confluence (deactivated, or no product access). */
  readonly standing?: DepartedStanding;
}

/** What decides which groups the audit sizes: only groups the policy does not already name. */
export interface BroadGroupPolicy {
  readonly broadGroups: readonly string[];
  /** 0: broad groups by name only, so no group is sized. */
  readonly broadGroupShare: number;
}

/**
 * Everything one audit shares between its spaces: the client, the site's role mode, and what was
 * read once so it is not read again. The maps are the caller's, so it decides how long they live
 * (the job: users and groups for the whole audit, persisted between invocations; restrictions
 * per batch. The CLI: all three for the run).
 */
export interface SpaceAuditReads {
  readonly client: ConfluenceClient;
  /**
   * The site's space role mode. Awaited before a space's grants are read, so a site on
   * one model is not also asked for the other's grants.
   */
  readonly roleMode: () => Promise<RoleModeAnswer>;
  /** View restrictions by content id. */
  readonly restrictions: Map<string, Restriction>;
  /** Guest facts by account id. */
  readonly users: Map<string, UserFacts>;
  /** Group names by id (null: could not be read). */
  readonly groups: Map<string, string | null>;
  /** Reads of one space started at once (people, labelled items); the transport may pace more. */
  readonly concurrency: number;
  /** Reads in flight, by kind and id, so spaces read side by side never read a thing twice. */
  readonly pending: Map<string, Promise<void>>;
  /** Member counts by group id (null: could not be read), for broad groups by size. */
  readonly groupSizes: Map<string, number | null>;
  /** The site's licensed users, read at most once per reads (undefined: not told). */
  readonly licensedUsers: () => Promise<number | undefined>;
}

export interface SpaceAuditReadsOptions {
  /** Default: read once per client (`readRoleMode`). */
  readonly roleMode?: () => Promise<RoleModeAnswer>;
  readonly restrictions?: Map<string, Restriction>;
  readonly users?: Map<string, UserFacts>;
  readonly groups?: Map<string, string | null>;
  /** Default 1: one read at a time, in a fixed order. */
  readonly concurrency?: number;
}

export function createSpaceAuditReads(
  client: ConfluenceClient,
  options: SpaceAuditReadsOptions = {},
): SpaceAuditReads {
  return {
    client,
    roleMode: options.roleMode ?? (() => readRoleMode(client)),
    restrictions: options.restrictions ?? new Map<string, Restriction>(),
    users: options.users ?? new Map<string, UserFacts>(),
    groups: options.groups ?? new Map<string, string | null>(),
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 1)),
    pending: new Map(),
    groupSizes: new Map<string, number | null>(),
    licensedUsers: memo(async () => {
      try {
        return await client.countLicensedUsers();
      } catch (error) {
        // Without the count no group is broad by size; the named ones still are.
        if (!isHidden(error)) throw error;
        return undefined;
      }
    }),
  };
}

function memo<T>(read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= read().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

// ── the labelled-content search ────────────────────────────────────────────────────────────

export interface LabelledSearch {
  /** Labelled content by space key. */
  readonly bySpace: ReadonlyMap<string, readonly SearchContentResponse[]>;
  /** True when Confluence had more than `maxItems` results: some content was not read. */
  readonly truncated: boolean;
}

/**
 * Labelled content of `spaces`, grouped by space key, in one search. Spaces whose key cannot go
 * into CQL are left out (`readSpace` reports them without reading).
 */
export async function searchLabelled(
  client: ConfluenceClient,
  spaces: readonly SpaceRef[],
  labels: readonly string[],
  options: { readonly maxItems?: number; readonly expand?: readonly string[] } = {},
): Promise<LabelledSearch> {
  const keys = spaces.map((space) => space.key).filter(isSafeSpaceKey);
  if (keys.length === 0 || labels.length === 0) return { bySpace: new Map(), truncated: false };
  const maxItems = options.maxItems ?? MAX_LABELLED_PER_SEARCH;
  const expand = options.expand ?? SEARCH_EXPAND;
  const all = await searchAll(client, keys, labels, maxItems, expand);
  const bySpace = new Map<string, SearchContentResponse[]>();
  const known = new Set(keys);
  const single = keys.length === 1 ? keys[0] : undefined;
  for (const item of all.items) {
    // With one space in the query the key is implied; otherwise the `webui` link carries it
    // (`/spaces/KEY/…`), which costs nothing, unlike expanding `space` (1 point per item).
    const key = single ?? spaceKeyOf(item);
    if (key === undefined || !known.has(key)) {
      // Never drop labelled content because its space could not be told: ask space by space.
      const perSpace = new Map<string, SearchContentResponse[]>();
      let truncated = false;
      for (const one of keys) {
        const found = await searchAll(client, [one], labels, maxItems, expand);
        perSpace.set(one, found.items);
        truncated ||= found.truncated;
      }
      return { bySpace: perSpace, truncated };
    }
    const list = bySpace.get(key) ?? [];
    list.push(item);
    bySpace.set(key, list);
  }
  return { bySpace, truncated: all.truncated };
}

async function searchAll(
  client: ConfluenceClient,
  keys: readonly string[],
  labels: readonly string[],
  maxItems: number,
  expand: readonly string[],
): Promise<{ items: SearchContentResponse[]; truncated: boolean }> {
  // Usually one query; more when the spaces' keys and the labels would not fit one URL.
  const byId = new Map<string, SearchContentResponse>();
  let truncated = false;
  const queries = labelledContentQueries(keys, labels);
  for (const [q, cql] of queries.entries()) {
    if (byId.size >= maxItems) {
      truncated ||= q < queries.length;
      break;
    }
    const found = await collectAll(client.searchContent(cql, { expand, limit: SEARCH_PAGE }), {
      maxItems: Math.max(1, maxItems - byId.size),
    });
    truncated ||= found.truncated;
    // An item carrying labels of two label groups comes back from both.
    for (const item of found.items) if (!byId.has(item.id)) byId.set(item.id, item);
  }
  return { items: [...byId.values()], truncated };
}

function spaceKeyOf(item: SearchContentResponse): string | undefined {
  if (item.space?.key !== undefined) return item.space.key;
  const links = (item as { _links?: { webui?: unknown } })._links;
  const webui = typeof links?.webui === 'string' ? links.webui : '';
  const match = /\/spaces\/([^/]+)\//u.exec(webui);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

// ── one space ──────────────────────────────────────────────────────────────────────────────

/** Reads one space and its labelled content (from `searchLabelled`) into the rules' input. */
export async function readSpace(
  reads: SpaceAuditReads,
  space: SpaceRef,
  labelled: readonly SearchContentResponse[],
  broad?: BroadGroupPolicy,
): Promise<SpaceAuditInput> {
  if (!isSafeSpaceKey(space.key)) {
    // A key outside Confluence's alphabet cannot go into CQL; such a space is reported, unread.
    return {
      space,
      grants: { unknown: 'read-failed' },
      labelledContent: [],
      notInspectable: [{ reason: 'read-failed' }],
    };
  }
  const loaded = await loadSpaceGrants(reads.client, space.id, {
    roleMode: await reads.roleMode(),
  });
  if (isUnknown(loaded)) {
    // Whoever reads is refused: as the app that is "hidden from the app", whatever the wording.
    const cause = loaded.unknown === 'hidden-from-viewer' ? hiddenCause(reads) : loaded.unknown;
    return {
      space,
      grants: { unknown: cause },
      labelledContent: [],
      notInspectable: [{ reason: cause }],
    };
  }
  const { grants, guests, departed } = await withUserFacts(reads, loaded);
  const named = await withAdminGroupNames(reads, grants);
  const sizes = await groupSizesFor(reads, space, named, broad);
  const notInspectable: NotInspectable[] = [];
  const labelledContent: LabelledContent[] = [];
  const items = await mapLimit(labelled, reads.concurrency, (item) =>
    readLabelledContent(reads, item),
  );
  for (const content of items) {
    if ('reason' in content) notInspectable.push(content);
    else labelledContent.push(content);
  }
  const onRestrictions = await withRestrictionUserFacts(reads, labelledContent, departed);
  return {
    space,
    grants: named,
    guests,
    labelledContent: onRestrictions,
    notInspectable,
    ...(space.type === undefined ? {} : { spaceType: space.type }),
    departed,
    ...sizes,
  };
}

/**
 * Sizes of the groups that could be broad by size: those holding space admin, and in a personal
 * space those that can view it, unless the policy already names them. Each group once per audit,
 * and the licensed-user count once, only when some group needs it.
 */
async function groupSizesFor(
  reads: SpaceAuditReads,
  space: SpaceRef,
  grants: readonly SpaceGrant[],
  broad: BroadGroupPolicy | undefined,
): Promise<Pick<SpaceAuditInput, 'groupSizes' | 'licensedUsers'>> {
  if (broad === undefined || broad.broadGroupShare <= 0) return {};
  const named = new Set(broad.broadGroups.map((group) => group.trim().toLowerCase()));
  const candidates = new Set(
    grants.flatMap((grant) => {
      if (grant.principal.kind !== 'group') return [];
      const { groupId, name } = grant.principal;
      if (named.has(groupId.toLowerCase()) || (name !== undefined && named.has(name.toLowerCase())))
        return [];
      const { key, targetType } = grant.operation;
      const admin = key === 'administer' && targetType === 'space';
      const view = key === 'read' && targetType === 'space' && space.type === 'personal';
      return admin || view ? [groupId] : [];
    }),
  );
  if (candidates.size === 0) return {};
  const licensed = await reads.licensedUsers();
  if (licensed === undefined) return {};
  await mapLimit([...candidates], reads.concurrency, (groupId) =>
    once(reads, reads.groupSizes, `size:${groupId}`, groupId, async () => {
      try {
        reads.groupSizes.set(groupId, (await reads.client.getGroupSize(groupId)) ?? null);
      } catch (error) {
        if (!isHidden(error)) throw error;
        reads.groupSizes.set(groupId, null);
      }
    }),
  );
  const groupSizes: Record<string, number> = {};
  for (const groupId of candidates) {
    const size = reads.groupSizes.get(groupId);
    if (typeof size === 'number') groupSizes[groupId] = size;
  }
  return { groupSizes, licensedUsers: licensed };
}

/** Names and guest status of the users holding grants; one lookup per user per audit. */
async function withUserFacts(
  reads: SpaceAuditReads,
  grants: readonly SpaceGrant[],
): Promise<{
  grants: SpaceGrant[];
  guests: readonly string[] | Unknown;
  departed: Record<string, DepartedStanding>;
}> {
  const accountIds = [
    ...new Set(grants.flatMap((g) => (g.principal.kind === 'user' ? [g.principal.accountId] : []))),
  ];
  await lookUpUsers(reads, accountIds);
  const named = grants.map((grant): SpaceGrant => {
    if (grant.principal.kind !== 'user') return grant;
    const name = reads.users.get(grant.principal.accountId)?.displayName;
    return name === undefined
      ? grant
      : { ...grant, principal: { ...grant.principal, displayName: name } };
  });
  const guests = accountIds.every((id) => reads.users.has(id))
    ? accountIds.filter((id) => reads.users.get(id)?.guest === true)
    : { unknown: 'read-failed' as const };
  const departed: Record<string, DepartedStanding> = {};
  for (const id of accountIds) {
    const standing = reads.users.get(id)?.standing;
    if (standing !== undefined) departed[id] = standing;
  }
  return { grants: named, guests, departed };
}

/**
 * The people named on the restriction lists read for the labelled content (its own view and edit
 * lists, its ancestors' view lists): looked up once per audit like grant holders, so the
 * departed-account rule can tell who left. Adds their standing to `departed` and their names to
 * the lists. A person who cannot be looked up is left as named, never reported as departed.
 */
async function withRestrictionUserFacts(
  reads: SpaceAuditReads,
  labelled: readonly LabelledContent[],
  departed: Record<string, DepartedStanding>,
): Promise<LabelledContent[]> {
  const listed = (restriction: Restriction | undefined): string[] =>
    restriction === undefined || isUnknown(restriction)
      ? []
      : restriction.users.map((user) => user.accountId);
  const accountIds = [
    ...new Set(
      labelled.flatMap((content) => [
        ...listed(content.read),
        ...listed(content.update),
        ...content.ancestors.flatMap((ancestor) => listed(ancestor.read)),
      ]),
    ),
  ];
  if (accountIds.length === 0) return [...labelled];
  await lookUpUsers(reads, accountIds);
  for (const id of accountIds) {
    const standing = reads.users.get(id)?.standing;
    if (standing !== undefined) departed[id] = standing;
  }
  const named = (restriction: Restriction): Restriction => {
    if (isUnknown(restriction)) return restriction;
    return {
      ...restriction,
      users: restriction.users.map((user) => {
        const displayName = reads.users.get(user.accountId)?.displayName;
        return displayName === undefined ? user : { ...user, displayName };
      }),
    };
  };
  return labelled.map((content) => ({
    ...content,
    read: named(content.read),
    ...(content.update === undefined ? {} : { update: named(content.update) }),
    ancestors: content.ancestors.map((ancestor) => ({ ...ancestor, read: named(ancestor.read) })),
  }));
}

/** Guest status, name and standing of each account, one lookup per account per audit. */
async function lookUpUsers(reads: SpaceAuditReads, accountIds: readonly string[]): Promise<void> {
  await mapLimit(accountIds, reads.concurrency, (accountId) =>
    once(reads, reads.users, `user:${accountId}`, accountId, async () => {
      try {
        const user = await reads.client.getUser(accountId, { withOperations: true });
        const displayName = accountName(user);
        const standing = await standingOf(reads, accountId, user);
        reads.users.set(accountId, {
          guest: user.isGuest === true,
          ...(displayName ? { displayName } : {}),
          ...(standing === undefined ? {} : { standing }),
        });
      } catch (error) {
        // Not remembered: the next space may ask again. This one cannot tell its guests.
        if (!isHidden(error)) throw error;
      }
    }),
  );
}

/**
 * Whether a person can still use Confluence (docs/ARCHITECTURE.md, "The permission model"):
 * `use` on `application` says yes; without it, v2 `users-bulk` tells a deactivated account from
 * one without Confluence access. Undefined when they can, or when it cannot be told.
 */
async function standingOf(
  reads: SpaceAuditReads,
  accountId: string,
  user: {
    readonly operations?: readonly { operation: string; targetType: string }[] | null;
  },
): Promise<DepartedStanding | undefined> {
  const ops = user.operations;
  if (ops === undefined || ops === null) return undefined;
  if (ops.some((op) => op.operation === 'use' && op.targetType === 'application')) return undefined;
  try {
    const [account] = await reads.client.getUsersBulk([accountId]);
    if (account === undefined) return undefined;
    return account.accountStatus === 'active' ? 'no-access' : 'deactivated';
  } catch (error) {
    if (!isHidden(error)) throw error;
    return undefined;
  }
}

/**
 * Names of the groups holding space admin: a policy may list a broad group by name, and grants
 * name groups by id only. Other groups play no part in any rule, so they are not looked up.
 */
async function withAdminGroupNames(
  reads: SpaceAuditReads,
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
  await mapLimit([...admins], reads.concurrency, (groupId) =>
    once(reads, reads.groups, `group:${groupId}`, groupId, async () => {
      try {
        reads.groups.set(groupId, (await reads.client.getGroup(groupId)).name);
      } catch (error) {
        // Without a name the grant is still judged by its id.
        if (!isHidden(error)) throw error;
        reads.groups.set(groupId, null);
      }
    }),
  );
  return grants.map((grant): SpaceGrant => {
    // Only this space's admin groups, even if others are known by now: the input must not depend
    // on which spaces happened to be read before it.
    if (grant.principal.kind !== 'group' || !admins.has(grant.principal.groupId)) return grant;
    const name = reads.groups.get(grant.principal.groupId);
    return name === null || name === undefined
      ? grant
      : { ...grant, principal: { ...grant.principal, name } };
  });
}

async function readLabelledContent(
  reads: SpaceAuditReads,
  item: SearchContentResponse,
): Promise<LabelledContent | NotInspectable> {
  const labels = (item.metadata?.labels?.results ?? []).map((label) => label.name);
  const base = { id: item.id, title: item.title, type: contentTypeOf(item.type), labels };
  let read: RestrictionList;
  const edit = item.restrictions?.update;
  const update = edit === undefined ? {} : { update: fromWindow(edit) };
  const expanded = item.restrictions?.read;
  if (expanded !== undefined) {
    read = fromWindow(expanded);
  } else {
    const own = await readRestriction(reads, item.id);
    if (isUnknown(own)) return { contentId: item.id, title: item.title, reason: own.unknown };
    read = own;
  }
  if (isRestricting(read)) {
    // Restricted itself: whatever is above it, the rule is satisfied; its ancestors are not read.
    return { ...base, read, ...update, ancestors: [] };
  }
  const chain = item.ancestors ?? [];
  const nearestFirst: AncestorNode[] = [];
  for (const ancestor of [...chain].reverse()) {
    const restriction = await readRestriction(reads, ancestor.id);
    nearestFirst.push({
      id: ancestor.id,
      type: contentTypeOf(ancestor.type),
      read: restriction,
      ...(ancestor.title === undefined ? {} : { title: ancestor.title }),
    });
    // One restricting ancestor settles it; those above it cannot make the page more open.
    if (!isUnknown(restriction) && isRestricting(restriction)) break;
  }
  return { ...base, read, ...update, ancestors: nearestFirst.reverse() };
}

/**
 * The view restriction of one node, by id: one principal per list is enough to tell restricted
 * from open. 404/403 mean the reader cannot see it: unknown, never open.
 */
async function readRestriction(reads: SpaceAuditReads, id: string): Promise<Restriction> {
  await once(reads, reads.restrictions, `restriction:${id}`, id, async () => {
    let restriction: Restriction;
    try {
      restriction = fromWindow(
        await reads.client.getRestrictionsForOperation(id, 'read', { limit: 1 }),
      );
    } catch (error) {
      if (!isHidden(error)) throw error;
      restriction = { unknown: hiddenCause(reads) };
    }
    reads.restrictions.set(id, restriction);
  });
  return reads.restrictions.get(id) ?? { unknown: 'read-failed' };
}

/**
 * The audit asks only whether a node is restricted. A team, or a principal of a kind we cannot
 * read, on the list restricts it as much as a person does, so both count (as teams: a name is
 * never shown for an entry that only makes the node restricted).
 */
function fromWindow(response: ContentRestrictionResponse): RestrictionList {
  const lists = response.restrictions ?? {};
  const teams = Object.entries(lists).flatMap(([key, list]) => {
    if (key === 'user' || key === 'group') return [];
    const results = (list as { results?: unknown } | null)?.results;
    if (!Array.isArray(results)) return [];
    return results.map((entry: unknown, index) => {
      const id = (entry as { id?: unknown } | null)?.id;
      return { teamId: typeof id === 'string' ? id : `${key}-${String(index)}` };
    });
  });
  return {
    users: (lists.user?.results ?? []).map((user) => ({ accountId: user.accountId })),
    groups: (lists.group?.results ?? []).map((group) => ({ groupId: group.id, name: group.name })),
    ...(teams.length === 0 ? {} : { teams }),
  };
}

/** 404 and 403: the reader may not see it. Anything else (429, outages) is not ours to swallow. */
function isHidden(error: unknown): boolean {
  return isConfluenceError(error, 'not-visible') || isConfluenceError(error, 'forbidden');
}

function hiddenCause(reads: SpaceAuditReads): UnknownCause {
  return reads.client.identity === 'app' ? 'hidden-from-app' : 'hidden-from-viewer';
}

/**
 * Runs `read` unless `cache` already holds `id`, or joins the same read already in flight. A read
 * that leaves nothing in the cache (a failure) is tried again by the next caller.
 */
async function once(
  reads: SpaceAuditReads,
  cache: ReadonlyMap<string, unknown>,
  key: string,
  id: string,
  read: () => Promise<void>,
): Promise<void> {
  if (cache.has(id)) return;
  const inFlight = reads.pending.get(key);
  if (inFlight !== undefined) {
    await inFlight;
    return;
  }
  const reading = read().finally(() => reads.pending.delete(key));
  reads.pending.set(key, reading);
  await reading;
}

// ── a whole site, for the CLI ──────────────────────────────────────────────────────────────

/**
 * The spaces to audit: those named by key, or every space the client can list. Keys that
 * Confluence does not return (no such space, or not visible) come back in `missing`.
 */
export async function loadAuditSpaces(
  client: ConfluenceClient,
  keys?: readonly string[],
): Promise<{ spaces: SpaceRef[]; missing: string[] }> {
  if (keys === undefined || keys.length === 0) {
    const all = await collectAll(client.listSpaces({}, { limit: 250 }), { maxItems: 1_000_000 });
    return { spaces: all.items.map(spaceRef), missing: [] };
  }
  const found: SpaceResponse[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    const batch = keys.slice(i, i + 100);
    const listed = await collectAll(client.listSpaces({ keys: batch }, { limit: 250 }));
    found.push(...listed.items);
  }
  const byKey = new Map(found.map((space) => [space.key, space]));
  return {
    spaces: keys.flatMap((key) => {
      const space = byKey.get(key);
      return space === undefined ? [] : [spaceRef(space)];
    }),
    missing: keys.filter((key) => !byKey.has(key)),
  };
}

/** The space as the audit keeps it: with its type, which the personal-space rule reads. */
export function spaceRef(space: SpaceResponse): SpaceRef {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    ...(space.type === undefined ? {} : { type: space.type }),
  };
}

export interface LoadSpaceAuditsOptions {
  /** Spaces read side by side (and reads per space, `reads.concurrency`). Default 1. */
  readonly spaceConcurrency?: number;
  /** Called as each space is read, in the order they finish. */
  readonly onSpace?: (space: SpaceRef, done: number, total: number) => void;
  /** Called for each search that had more labelled content than it reads. */
  readonly onTruncated?: (spaces: readonly SpaceRef[]) => void;
  /** Default MAX_LABELLED_PER_SEARCH. */
  readonly maxLabelledPerSearch?: number;
  /** Which groups to size for broad groups by size; absent: none. */
  readonly broad?: BroadGroupPolicy;
}

/**
 * Reads every space of `spaces` into the rules' input, in the input order: one labelled-content
 * search per SPACES_PER_SEARCH spaces (started when the first of them is reached), then the
 * spaces through a bounded pool. The job does the same per batch, with its own checkpoints.
 */
export async function loadSpaceAudits(
  reads: SpaceAuditReads,
  spaces: readonly SpaceRef[],
  labels: readonly string[],
  options: LoadSpaceAuditsOptions = {},
): Promise<SpaceAuditInput[]> {
  const searches = new Map<number, Promise<LabelledSearch>>();
  const searchFor = (index: number): Promise<LabelledSearch> => {
    const chunk = Math.floor(index / SPACES_PER_SEARCH);
    let search = searches.get(chunk);
    if (search === undefined) {
      const covered = spaces.slice(chunk * SPACES_PER_SEARCH, (chunk + 1) * SPACES_PER_SEARCH);
      const maxItems = options.maxLabelledPerSearch ?? MAX_LABELLED_PER_SEARCH;
      search = searchLabelled(reads.client, covered, labels, { maxItems }).then((found) => {
        if (found.truncated) options.onTruncated?.(covered);
        return found;
      });
      searches.set(chunk, search);
    }
    return search;
  };
  let done = 0;
  return mapLimit(
    spaces.map((space, index) => ({ space, index })),
    options.spaceConcurrency ?? 1,
    async ({ space, index }) => {
      const found = await searchFor(index);
      const input = await readSpace(
        reads,
        space,
        found.bySpace.get(space.key) ?? [],
        options.broad,
      );
      done += 1;
      options.onSpace?.(space, done, spaces.length);
      return input;
    },
  );
}
