/**
 * What a group's members get, not only the group as a principal (docs/ARCHITECTURE.md, "Group
 * members"): the first members of the group, each decided by the engine with their own groups,
 * so "members of security-team can view through other groups" is said when it is so. Data only.
 */
import { evaluateAccess } from '../core';
import type { AccessInput, GroupRef } from '../core';
import { subjectOf } from '../core/effective-audience';
import type { GroupMembersVerdict } from '../contract/results';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import { mapLimit } from '../access/map-limit';
import { standingFromListing } from '../access/people-standing';

/** Members decided one by one: each costs their own groups' read. */
export const MEMBERS_DECIDED = 25;
const GROUPS_READ_AT_ONCE = 5;
const MAX_GROUPS = 1_000;

/**
 * The first members of `groupId`, each checked against the page; undefined when Confluence will
 * not list the group to this reader (anonymous, no Confluence access).
 */
export async function checkGroupMembers(
  client: ConfluenceClient,
  input: AccessInput,
  groupId: string,
): Promise<GroupMembersVerdict | undefined> {
  let listed;
  try {
    // The member count comes with the first members: one request, not two.
    listed = await client.firstGroupMembers(groupId, {
      limit: MEMBERS_DECIDED,
      withOperations: true,
    });
  } catch (error) {
    if (isConfluenceError(error, 'forbidden') || isConfluenceError(error, 'unauthenticated'))
      return undefined;
    throw error;
  }
  const { size } = listed;
  const facts = await standingFromListing(client, listed.members);
  const groupsOf = await mapLimit(facts, GROUPS_READ_AT_ONCE, async (person) => {
    const groups = await collectAll(client.listUserGroups(person.accountId), {
      maxItems: MAX_GROUPS,
    });
    return groups.items.map((g): GroupRef => ({ groupId: g.id, name: g.name }));
  });
  const tally = { view: 0, edit: 0, viewUnknown: 0, editUnknown: 0 };
  facts.forEach((person, index) => {
    const decision = evaluateAccess(input, subjectOf(person, groupsOf[index] ?? []));
    if (decision.view.allowed) tally.view += 1;
    else if (decision.view.verdict === 'unchecked') tally.viewUnknown += 1;
    if (decision.edit.allowed) tally.edit += 1;
    else if (decision.edit.verdict === 'unchecked') tally.editUnknown += 1;
  });
  return {
    checked: facts.length,
    ...(size === undefined ? {} : { size }),
    ...tally,
  };
}
