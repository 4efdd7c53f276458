/**
 * The words of a "What if" preview (docs/ARCHITECTURE.md, "What if"): who would gain or lose
 * view or edit, named as the audience names them (people, groups told by size, everyone of a
 * kind, anonymous visitors).
 */
import type { AudienceChange, AudienceDelta } from '../core/what-if';
import type { Messages } from './format';

export type WhatIfAction = 'view' | 'edit';

/** Everyone a delta names, each as a phrase: "Bob Engineer", "the 1,500 members of all-staff …". */
export function deltaNames(m: Messages, delta: AudienceDelta): string[] {
  return [
    ...delta.people.map((p) => p.displayName),
    ...delta.groups.map((g) => {
      const name = g.name ?? g.groupId;
      return g.size === undefined
        ? m.text('macro.whatIf.group', { name })
        : m.count('macro.whatIf.groupSized', g.size, { name });
    }),
    ...delta.everyone.map((kind) => m.text(`macro.whatIf.everyone.${kind}`)),
    ...(delta.anonymous ? [m.text('macro.whatIf.anonymous')] : []),
  ];
}

/** One sentence per direction that has anyone in it, or one saying nothing changes. */
export function changeSentences(
  m: Messages,
  change: AudienceChange,
  action: WhatIfAction,
): string[] {
  const gained = deltaNames(m, change.gained);
  const lost = deltaNames(m, change.lost);
  const sentences: string[] = [];
  if (gained.length > 0) {
    sentences.push(m.text(`macro.whatIf.gains.${action}`, { names: m.list(gained) }));
  }
  if (lost.length > 0) {
    sentences.push(m.text(`macro.whatIf.loses.${action}`, { names: m.list(lost) }));
  }
  if (sentences.length === 0) sentences.push(m.text(`macro.whatIf.noChange.${action}`));
  if (!change.complete) sentences.push(m.text('macro.whatIf.incomplete'));
  return sentences;
}

/** A page below, in one line: how many gain and how many lose view. */
export function belowLine(m: Messages, title: string, change: AudienceChange): string {
  const gained = deltaNames(m, change.gained).length;
  const lost = deltaNames(m, change.lost).length;
  const parts = [
    ...(gained > 0
      ? [m.text('macro.whatIf.below.gains', { names: m.list(deltaNames(m, change.gained)) })]
      : []),
    ...(lost > 0
      ? [m.text('macro.whatIf.below.loses', { names: m.list(deltaNames(m, change.lost)) })]
      : []),
  ];
  return m.text('macro.whatIf.below.line', { title, change: parts.join('; ') });
}
