/**
 * "Who is in this group?" for the macro's group lists (docs/ARCHITECTURE.md, "Group members"):
 * a page of members in Confluence's order, or a search by name that never reads the whole
 * group. Confluence's user search finds the people whose name matches, and each one's own
 * groups tell whether they are a member; only where Confluence refuses that search does the
 * search read the group in order, and then it says how far it got.
 */
import { markersOf } from '../core/effective-audience';
import type { GroupMember, GroupMembersPage } from '../contract/results';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type { PrincipalUserResponse } from '../confluence/schemas';
import { accountName } from '../confluence/users';
import { mapLimit } from '../access/map-limit';
import { standingFromListing } from '../access/people-standing';

export const MEMBERS_PER_PAGE = 50;
/** People found by name whose membership one answer checks (one user-search window). */
export const NAME_MATCHES_PER_PAGE = 25;
/** Members one scanning answer reads at most, so it stays within a few calls. */
export const SCAN_PER_PAGE = 1_000;
/** Membership checks in flight at once: one round for a few matches, gentle on the pool. */
const MEMBERSHIP_CHECKS_AT_ONCE = 5;
/** A person's groups read to check one membership (as the engine reads them). */
const MAX_GROUPS = 1_000;

/**
 * Where a member list goes on: a plain number continues the unsearched list; `n<start>` a
 * search by name, `s<start>` a scan. The resolver checks the shape; a forged position only
 * skips ahead in lists the viewer may read anyway.
 */
export const MEMBERS_CURSOR = /^(?:[ns])?\d{1,6}$/;

export interface MembersRequest {
  readonly cursor?: string;
  readonly query?: string;
}

export async function groupMembersPage(
  client: ConfluenceClient,
  groupId: string,
  request: MembersRequest,
): Promise<GroupMembersPage> {
  const query = request.query?.trim() ?? '';
  const { mode, start } = position(request.cursor);
  if (query === '') return plainPage(client, groupId, start);
  if (mode !== 's') {
    try {
      return await searchByName(client, groupId, query, start);
    } catch (error) {
      // Refused (an install that has not granted the search yet, or a site that forbids it):
      // reading the group in order still answers, more slowly and saying how far it got.
      if (!isConfluenceError(error, 'forbidden') && !isConfluenceError(error, 'unauthenticated'))
        throw error;
    }
  }
  return scan(client, groupId, query, mode === 's' ? start : 0);
}

function position(cursor: string | undefined): { mode: '' | 'n' | 's'; start: number } {
  if (cursor === undefined || !MEMBERS_CURSOR.test(cursor)) return { mode: '', start: 0 };
  const mode = cursor.startsWith('n') ? 'n' : cursor.startsWith('s') ? 's' : '';
  return { mode, start: Number(mode === '' ? cursor : cursor.slice(1)) };
}

async function plainPage(
  client: ConfluenceClient,
  groupId: string,
  start: number,
): Promise<GroupMembersPage> {
  const page = await client.listGroupMembers(groupId, {
    start,
    limit: MEMBERS_PER_PAGE,
    withOperations: true,
  });
  return {
    members: await described(client, page.results),
    ...(page.nextStart === undefined ? {} : { nextCursor: String(page.nextStart) }),
  };
}

async function searchByName(
  client: ConfluenceClient,
  groupId: string,
  query: string,
  start: number,
): Promise<GroupMembersPage> {
  const { users, matches } = await client.searchUsersByName(query, {
    start,
    limit: NAME_MATCHES_PER_PAGE,
  });
  const inGroup = await mapLimit(users, MEMBERSHIP_CHECKS_AT_ONCE, async (user) => {
    const groups = await collectAll(client.listUserGroups(user.accountId), {
      maxItems: MAX_GROUPS,
    });
    return groups.items.some((group) => group.id === groupId);
  });
  const checked = start + users.length;
  const more =
    users.length > 0 &&
    (matches === undefined ? users.length === NAME_MATCHES_PER_PAGE : checked < matches);
  return {
    members: await described(
      client,
      users.filter((_, index) => inGroup[index] === true),
    ),
    ...(more ? { nextCursor: `n${String(checked)}` } : {}),
    searched: { by: 'name', checked, ...(matches === undefined ? {} : { matches }) },
  };
}

async function scan(
  client: ConfluenceClient,
  groupId: string,
  query: string,
  start: number,
): Promise<GroupMembersPage> {
  const needle = query.toLowerCase();
  const found: PrincipalUserResponse[] = [];
  let scanned = start;
  let next: number | undefined = start;
  while (next !== undefined && scanned - start < SCAN_PER_PAGE && found.length < MEMBERS_PER_PAGE) {
    const page = await client.listGroupMembers(groupId, {
      start: next,
      limit: 200,
      withOperations: true,
    });
    scanned += page.results.length;
    found.push(
      ...page.results.filter((user) => (accountName(user) ?? '').toLowerCase().includes(needle)),
    );
    next = page.results.length === 0 ? undefined : page.nextStart;
  }
  return {
    members: await described(client, found),
    ...(next === undefined ? {} : { nextCursor: `s${String(next)}` }),
    searched: { by: 'scan', scanned },
  };
}

/** Members with their names and markers; one v2 read for those the listing does not vouch for. */
async function described(
  client: ConfluenceClient,
  users: readonly PrincipalUserResponse[],
): Promise<GroupMember[]> {
  if (users.length === 0) return [];
  const facts = await standingFromListing(client, users);
  return facts.map((person) => ({
    accountId: person.accountId,
    displayName: person.displayName ?? person.accountId,
    markers: markersOf(person),
  }));
}
