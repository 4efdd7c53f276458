/**
 * Reads what the audit rules need about one space (`SpaceAuditInput`), through whichever client it
 * is given. Free of Forge so the `access-lens audit` command and the admin audit job can share it;
 * the rules themselves live in `src/core/audit`.
 *
 * Per space: its grants (v2, all pages) with the names of their groups (one lookup per group),
 * who among the people holding grants is a guest (one user read each; both shared across spaces), a CQL search for content carrying a sensitive label, and the
 * view restriction of that content and of each of its ancestors, read by id (bulk restriction
 * expansions fail a whole batch on one unreadable ancestor, CONFCLOUD-77618), each read once per
 * audit.
 *
 * Anything that cannot be read becomes "unknown", which the rules report as not inspectable and
 * never as open.
 */
import type {
  AncestorNode,
  AuditPolicy,
  LabelledContent,
  Restriction,
  SpaceAuditInput,
  SpaceGrant,
  SpaceRef,
  Unknown,
  UnknownCause,
} from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type { SearchContentResponse, SpaceResponse } from '../confluence/schemas';
import { MAX_PRINCIPALS } from './load-page-access';
import { ancestorNode, contentTypeOf, grantsOf, restrictionOf } from './to-model';

/** Reads shared by every space of one audit: an ancestor or a person is read once. */
export interface AuditReadCache {
  readonly restrictions: Map<string, Promise<Restriction>>;
  readonly users: Map<string, Promise<UserFacts | undefined>>;
  /** Group names by id: space grants name groups by id only, policies by name or id. */
  readonly groups: Map<string, Promise<string | undefined>>;
}

interface UserFacts {
  readonly isGuest: boolean | undefined;
  readonly displayName: string | undefined;
}

export function createAuditReadCache(): AuditReadCache {
  return { restrictions: new Map(), users: new Map(), groups: new Map() };
}

export interface LoadSpaceAuditOptions {
  readonly cache?: AuditReadCache;
  /** Reads started at once per space (the transport may pace further). Default 8. */
  readonly concurrency?: number;
  /** Labelled content beyond which the search stops. Default 10,000. */
  readonly maxLabelledContent?: number;
}

export interface LoadedSpaceAudit {
  readonly input: SpaceAuditInput;
  /** True when the labelled-content search had more results than `maxLabelledContent`. */
  readonly labelledContentTruncated: boolean;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_MAX_LABELLED = 10_000;
const SEARCH_PAGE_SIZE = 100;

/** Global keys are letters and digits, personal ones `~name` (as in the policy's validation). */
const SPACE_KEY = /^(?:[A-Za-z0-9]+|~[A-Za-z0-9:_-]+)$/u;
/** What Confluence accepts in a label, minus quotes and backslashes (see policy.ts). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
const LABEL = /^[^\s:;,.?&[\]()#^*@!<>"\\\u0000-\u001f\u007f]{1,255}$/u;

export async function loadSpaceAudit(
  client: ConfluenceClient,
  space: SpaceRef,
  policy: Pick<AuditPolicy, 'sensitiveLabels'>,
  options: LoadSpaceAuditOptions = {},
): Promise<LoadedSpaceAudit> {
  const cache = options.cache ?? createAuditReadCache();
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const hidden = hiddenCause(client);

  const [grants, search] = await Promise.all([
    readGrants(client, space.id, hidden),
    searchLabelled(client, space, policy.sensitiveLabels, options.maxLabelledContent),
  ]);

  const known = 'unknown' in grants ? undefined : grants;
  const accountIds = [
    ...new Set(
      (known ?? []).flatMap((grant) =>
        grant.principal.kind === 'user' ? [grant.principal.accountId] : [],
      ),
    ),
  ];
  const people = await mapLimit(accountIds, concurrency, async (accountId) => ({
    accountId,
    facts: await userFacts(client, cache, accountId),
  }));
  const facts = new Map(people.map((person) => [person.accountId, person.facts]));
  const groupIds = [
    ...new Set(
      (known ?? []).flatMap((grant) =>
        grant.principal.kind === 'group' && grant.principal.name === undefined
          ? [grant.principal.groupId]
          : [],
      ),
    ),
  ];
  const groups = await mapLimit(groupIds, concurrency, async (groupId) => ({
    groupId,
    name: await groupName(client, cache, groupId),
  }));
  const names = new Map(groups.map((group) => [group.groupId, group.name]));

  const labelledContent = await mapLimit(search.items, concurrency, (item) =>
    labelledItem(client, cache, item, hidden),
  );

  return {
    input: {
      space,
      grants: known === undefined ? grants : named(known, facts, names),
      ...(known === undefined ? {} : { guests: guestsOf(accountIds, facts) }),
      labelledContent,
    },
    labelledContentTruncated: search.truncated,
  };
}

/**
 * The spaces to audit: those named by key, or every space the client can list. Keys that
 * Confluence does not return (no such space, or not visible) come back in `missing`.
 */
export async function loadAuditSpaces(
  client: ConfluenceClient,
  keys?: readonly string[],
): Promise<{ spaces: SpaceRef[]; missing: string[] }> {
  if (keys === undefined || keys.length === 0) {
    const all = await collectAll(client.listSpaces({}, { limit: 250 }), { maxItems: 100_000 });
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

/** A CQL string literal. Values are validated first; escaping is the second line of defence. */
export function cqlString(value: string): string {
  return `"${value.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"')}"`;
}

/** The labelled-content query for one space, or undefined when there is nothing to look for. */
export function labelledContentCql(
  space: SpaceRef,
  sensitiveLabels: readonly string[],
): string | undefined {
  const labels = [...new Set(sensitiveLabels.map((label) => label.trim().toLowerCase()))];
  if (labels.length === 0) return undefined;
  for (const label of labels) {
    if (!LABEL.test(label))
      throw new TypeError(`Not a valid label for a search: ${cqlString(label)}`);
  }
  let where: string;
  if (SPACE_KEY.test(space.key)) where = `space = ${cqlString(space.key)}`;
  else if (/^\d{1,20}$/u.test(space.id)) where = `space.id = ${space.id}`;
  else throw new TypeError('Neither the space key nor the space id can be used in a search');
  return `${where} AND type IN ("page", "blogpost") AND label IN (${labels.map(cqlString).join(', ')})`;
}

function spaceRef(space: SpaceResponse): SpaceRef {
  return { id: space.id, key: space.key, name: space.name };
}

function hiddenCause(client: ConfluenceClient): UnknownCause {
  return client.identity === 'app' ? 'hidden-from-app' : 'hidden-from-viewer';
}

function isHidden(error: unknown): boolean {
  return isConfluenceError(error, 'not-visible') || isConfluenceError(error, 'forbidden');
}

async function readGrants(
  client: ConfluenceClient,
  spaceId: string,
  hidden: UnknownCause,
): Promise<SpaceGrant[] | Unknown> {
  try {
    const all = await collectAll(client.listSpacePermissions(spaceId), {
      maxItems: MAX_PRINCIPALS,
    });
    return all.truncated ? { unknown: 'read-failed' } : grantsOf(all.items);
  } catch (error) {
    if (isHidden(error)) return { unknown: hidden };
    throw error;
  }
}

async function searchLabelled(
  client: ConfluenceClient,
  space: SpaceRef,
  sensitiveLabels: readonly string[],
  maxItems = DEFAULT_MAX_LABELLED,
): Promise<{ items: SearchContentResponse[]; truncated: boolean }> {
  const cql = labelledContentCql(space, sensitiveLabels);
  if (cql === undefined) return { items: [], truncated: false };
  const found = await collectAll(
    client.searchContent(cql, {
      expand: ['metadata.labels', 'ancestors'],
      limit: SEARCH_PAGE_SIZE,
    }),
    { maxItems },
  );
  return { items: found.items, truncated: found.truncated };
}

async function labelledItem(
  client: ConfluenceClient,
  cache: AuditReadCache,
  item: SearchContentResponse,
  hidden: UnknownCause,
): Promise<LabelledContent> {
  const ancestors = item.ancestors ?? [];
  const [read, ancestorReads] = await Promise.all([
    readRestriction(client, cache, item.id, hidden),
    Promise.all(ancestors.map((ancestor) => readRestriction(client, cache, ancestor.id, hidden))),
  ]);
  const nodes: AncestorNode[] = ancestors.map((ancestor, index) =>
    ancestorNode(
      ancestor.id,
      ancestor.type,
      ancestorReads[index] ?? { unknown: 'read-failed' },
      ancestor.title,
    ),
  );
  return {
    id: item.id,
    title: item.title,
    type: contentTypeOf(item.type),
    labels: (item.metadata?.labels?.results ?? []).map((label) => label.name),
    read,
    ancestors: nodes,
  };
}

function readRestriction(
  client: ConfluenceClient,
  cache: AuditReadCache,
  contentId: string,
  hidden: UnknownCause,
): Promise<Restriction> {
  const cached = cache.restrictions.get(contentId);
  if (cached) return cached;
  const reading = (async (): Promise<Restriction> => {
    try {
      const restrictions = await client.getRestrictions(contentId, { maxItems: MAX_PRINCIPALS });
      return restrictions.read.truncated
        ? { unknown: 'read-failed' }
        : restrictionOf(restrictions.read);
    } catch (error) {
      if (isHidden(error)) return { unknown: hidden };
      throw error;
    }
  })();
  cache.restrictions.set(contentId, reading);
  // A failed read is not remembered: the next space may ask again.
  void reading.catch(() => cache.restrictions.delete(contentId));
  return reading;
}

function userFacts(
  client: ConfluenceClient,
  cache: AuditReadCache,
  accountId: string,
): Promise<UserFacts | undefined> {
  const cached = cache.users.get(accountId);
  if (cached) return cached;
  const reading = (async (): Promise<UserFacts | undefined> => {
    try {
      const user = await client.getUser(accountId);
      return {
        isGuest: user.isGuest,
        displayName: user.displayName ?? user.publicName ?? undefined,
      };
    } catch (error) {
      if (isHidden(error)) return undefined;
      throw error;
    }
  })();
  cache.users.set(accountId, reading);
  void reading.catch(() => cache.users.delete(accountId));
  return reading;
}

/**
 * Grants with people's and groups' names, so findings say "Bob (u-bob)" and a broad group listed
 * by name in the policy matches a grant that names it by id.
 */
function named(
  grants: readonly SpaceGrant[],
  facts: ReadonlyMap<string, UserFacts | undefined>,
  groupNames: ReadonlyMap<string, string | undefined>,
): SpaceGrant[] {
  return grants.map((grant) => {
    const principal = grant.principal;
    if (principal.kind === 'user') {
      const displayName = facts.get(principal.accountId)?.displayName;
      return displayName === undefined
        ? grant
        : { ...grant, principal: { ...principal, displayName } };
    }
    if (principal.kind === 'group' && principal.name === undefined) {
      const name = groupNames.get(principal.groupId);
      return name === undefined ? grant : { ...grant, principal: { ...principal, name } };
    }
    return grant;
  });
}

function groupName(
  client: ConfluenceClient,
  cache: AuditReadCache,
  groupId: string,
): Promise<string | undefined> {
  const cached = cache.groups.get(groupId);
  if (cached) return cached;
  const reading = (async (): Promise<string | undefined> => {
    try {
      return (await client.getGroup(groupId)).name;
    } catch (error) {
      // Without a name the grant is still judged by its id.
      if (isHidden(error)) return undefined;
      throw error;
    }
  })();
  cache.groups.set(groupId, reading);
  void reading.catch(() => cache.groups.delete(groupId));
  return reading;
}

/** Guests among the grant holders; unknown as soon as one person could not be looked up. */
function guestsOf(
  accountIds: readonly string[],
  facts: ReadonlyMap<string, UserFacts | undefined>,
): string[] | Unknown {
  const guests: string[] = [];
  for (const accountId of accountIds) {
    const person = facts.get(accountId);
    if (person?.isGuest === undefined) return { unknown: 'read-failed' };
    if (person.isGuest) guests.push(accountId);
  }
  return guests;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
