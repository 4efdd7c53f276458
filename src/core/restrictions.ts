/**
 * Page restrictions: a list of users and groups, or nothing (no constraint). A subject passes a
 * restriction if listed directly or through any of their groups; anonymous never passes a non-empty
 * one (DESIGN.md §3).
 */
import type { Through } from './decision';
import { isRestricting, isUnknown } from './model';
import type { Restriction, RestrictionList, Subject, UnknownCause } from './model';
import { subjectGroups } from './principals';

export type RestrictionOutcome =
  | { readonly outcome: 'open' }
  | { readonly outcome: 'unknown'; readonly cause: UnknownCause }
  | {
      readonly outcome: 'listed';
      readonly list: RestrictionList;
      readonly through: readonly Through[];
    }
  | { readonly outcome: 'not-listed'; readonly list: RestrictionList };

export function checkRestriction(restriction: Restriction, subject: Subject): RestrictionOutcome {
  if (isUnknown(restriction)) return { outcome: 'unknown', cause: restriction.unknown };
  if (!isRestricting(restriction)) return { outcome: 'open' };
  const through: Through[] = [];
  if (subject.kind === 'user' && restriction.users.some((u) => u.accountId === subject.accountId)) {
    through.push({ kind: 'direct' });
  }
  const memberOf = subjectGroups(subject);
  for (const listed of restriction.groups) {
    const member = memberOf.find((g) => g.groupId === listed.groupId);
    if (member === undefined) continue;
    const name = listed.name ?? member.name;
    through.push({
      kind: 'group',
      group: { groupId: listed.groupId, ...(name === undefined ? {} : { name }) },
    });
  }
  return through.length > 0
    ? { outcome: 'listed', list: restriction, through }
    : { outcome: 'not-listed', list: restriction };
}
