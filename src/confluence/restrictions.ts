import { MAX_LIMIT, positive } from './limits';
import type { OperationRestrictions, RestrictionOperation } from './client-types';
import type { ContentRestrictionResponse } from './schemas';

/** One start/limit window of one operation's restrictions. */
export type RestrictionWindow = (window: {
  readonly start: number;
  readonly limit: number;
}) => Promise<ContentRestrictionResponse>;

/**
 * Every principal of one operation's restriction, from the first window `byOperation` gave: the
 * user, group and team lists page separately, so further windows are asked for only while a list
 * that was full still has room under `maxItems`.
 */
export async function completeRestriction(
  operation: RestrictionOperation,
  first: ContentRestrictionResponse | undefined,
  maxItems: number,
  nextWindow: RestrictionWindow,
): Promise<OperationRestrictions> {
  const userWindow = first?.restrictions?.user;
  const groupWindow = first?.restrictions?.group;
  const teamWindow = first?.restrictions?.team;
  const users = [...(userWindow?.results ?? [])];
  const groups = [...(groupWindow?.results ?? [])];
  const teams = [...(teamWindow?.results ?? [])];
  let moreUsers = windowHasMore(userWindow);
  let moreGroups = windowHasMore(groupWindow);
  let moreTeams = windowHasMore(teamWindow);
  const limit =
    positive(userWindow?.limit) ??
    positive(groupWindow?.limit) ??
    positive(teamWindow?.limit) ??
    MAX_LIMIT.restrictions;
  let start = (userWindow?.start ?? groupWindow?.start ?? teamWindow?.start ?? 0) + limit;
  const wanted = () =>
    (moreUsers && users.length < maxItems) ||
    (moreGroups && groups.length < maxItems) ||
    (moreTeams && teams.length < maxItems);
  let unrecognised = hasUnrecognisedList(first);
  while (wanted()) {
    const next = await nextWindow({ start, limit });
    const nextUsers = next.restrictions?.user;
    const nextGroups = next.restrictions?.group;
    const nextTeams = next.restrictions?.team;
    const before = users.length + groups.length + teams.length;
    if (moreUsers) users.push(...(nextUsers?.results ?? []));
    if (moreGroups) groups.push(...(nextGroups?.results ?? []));
    if (moreTeams) teams.push(...(nextTeams?.results ?? []));
    moreUsers = moreUsers && windowHasMore(nextUsers);
    moreGroups = moreGroups && windowHasMore(nextGroups);
    moreTeams = moreTeams && windowHasMore(nextTeams);
    unrecognised ||= hasUnrecognisedList(next);
    // A window that adds nobody cannot be followed by one that does.
    if (users.length + groups.length + teams.length === before) {
      moreUsers = moreGroups = moreTeams = false;
    }
    start += limit;
  }
  return {
    operation,
    users: users.slice(0, maxItems),
    groups: groups.slice(0, maxItems),
    teams: teams.slice(0, maxItems),
    unrecognised,
    truncated:
      moreUsers ||
      moreGroups ||
      moreTeams ||
      users.length > maxItems ||
      groups.length > maxItems ||
      teams.length > maxItems,
  };
}

const KNOWN_RESTRICTION_LISTS: ReadonlySet<string> = new Set(['user', 'group', 'team']);

/** A principal list under a key we do not know, with anyone on it. */
function hasUnrecognisedList(restriction: ContentRestrictionResponse | undefined): boolean {
  return Object.entries(restriction?.restrictions ?? {}).some(([key, list]) => {
    if (KNOWN_RESTRICTION_LISTS.has(key)) return false;
    const results = (list as { results?: unknown } | null)?.results;
    return Array.isArray(results) && results.length > 0;
  });
}

function windowHasMore(
  window:
    | {
        results: readonly unknown[];
        start?: number;
        limit?: number;
        totalSize?: number;
        _links?: { next?: string };
      }
    | undefined,
): boolean {
  if (!window || window.results.length === 0) return false;
  if (window._links?.next !== undefined) return true;
  if (window.totalSize !== undefined && window.totalSize > 0) {
    return (window.start ?? 0) + window.results.length < window.totalSize;
  }
  return window.limit !== undefined && window.limit > 0 && window.results.length >= window.limit;
}
