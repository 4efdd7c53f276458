/**
 * Page restrictions: a list of users, groups and teams, or nothing (no constraint). A subject passes
 * a restriction if listed directly or through any of their groups; anonymous never passes a
 * non-empty one ("Add or remove page restrictions", support.atlassian.com).
 *
 * Restrictions list accounts, so someone without Confluence product access who is listed still
 * passes (the space layers are what keep them out). A listed team may include anyone logged in, but
 * its members cannot be read, so it is a route that may let them through, never a known one.
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
      /** Teams that may list them too (not needed: they are listed anyway). */
      readonly unconfirmed: readonly Through[];
    }
  /** Not listed personally or through a group, but a listed team may include them. */
  | {
      readonly outcome: 'maybe-listed';
      readonly list: RestrictionList;
      readonly unconfirmed: readonly Through[];
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
  // Anonymous visitors are never team members.
  const unconfirmed: Through[] =
    subject.kind === 'anonymous'
      ? []
      : (restriction.teams ?? []).map((team) => ({ kind: 'team', team }));
  if (through.length > 0) return { outcome: 'listed', list: restriction, through, unconfirmed };
  if (unconfirmed.length > 0) return { outcome: 'maybe-listed', list: restriction, unconfirmed };
  return { outcome: 'not-listed', list: restriction };
}
