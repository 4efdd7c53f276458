import type { Audience } from '../../../contract/results';
import type { GroupRef } from '../../../core';

/**
 * The groups the page's layers name (space grants, view and edit restrictions), once each, in the
 * order they first appear: the groups "check a group" offers, as the member lists do.
 */
export function pageGroups(audience: Audience): GroupRef[] {
  const seen = new Map<string, GroupRef>();
  for (const formula of [audience.view, audience.edit]) {
    for (const term of formula.terms) {
      if ('unknown' in term.members) continue;
      for (const member of term.members) {
        const p = member.principal;
        if (p.kind === 'group' && !seen.has(p.groupId)) seen.set(p.groupId, p);
      }
    }
  }
  return [...seen.values()];
}
