/**
 * "Check a person" in one line, and how to change it: the verdict of a decision with the layer
 * that decides it, and, for a person kept out, where to add them. Words from `access.verdict.*`.
 */
import type { Decision, Layer } from '../core';
import type { GroupMembersVerdict } from '../contract/results';
import { capitalize } from './lists';
import { spaceName, subjectName } from './access';
import type { ReasonContext } from './access';
import type { Messages } from './format';

export type CheckAction = 'view' | 'edit';

/** The layer that keeps the subject out: the first one known to refuse them. */
function blockingLayer(decision: Decision): Layer | undefined {
  return decision.reasons.find((layer) => !layer.passes && layer.checked);
}

function where(layer: Layer, context: ReasonContext): Readonly<Record<string, string>> {
  return {
    space: spaceName(context.space),
    title: layer.ancestor?.title ?? layer.ancestor?.id ?? '',
  };
}

/** "Ivan Analyst can't view this page: they are not on the view restriction of "Runbooks"." */
export function verdictLine(
  m: Messages,
  action: CheckAction,
  decision: Decision,
  context: ReasonContext,
): string {
  const who = capitalize(subjectName(m, context.subject));
  // Anonymous visitors are many: the verb agrees with them.
  const number = context.subject.kind === 'anonymous' ? 2 : 1;
  const base = `access.verdict.${action}`;
  if (decision.verdict === 'allowed') return m.count(`${base}.allowed`, number, { who });
  if (decision.verdict === 'unchecked') return m.count(`${base}.unchecked`, number, { who });
  const layer = blockingLayer(decision);
  const because =
    layer === undefined
      ? m.text('access.verdict.because.unknown')
      : m.text(`access.verdict.because.${becauseKey(layer)}`, where(layer, context));
  return m.count(`${base}.denied`, number, { who, because });
}

function becauseKey(layer: Layer): string {
  if (layer.rule === 'site-access') {
    return layer.account === 'deactivated' ? 'deactivated' : 'siteAccess';
  }
  return layer.rule;
}

/**
 * Where to let a person in, for the layer that keeps them out; none when nobody could change it
 * on this page (a deactivated account, anonymous visitors and group members, whose fix is not
 * one person's).
 */
export function fixLine(
  m: Messages,
  decision: Decision,
  context: ReasonContext,
): string | undefined {
  if (decision.verdict !== 'denied' || context.subject.kind !== 'user') return undefined;
  const layer = blockingLayer(decision);
  if (layer === undefined || layer.rule === 'site-access') return undefined;
  return m.text(`access.verdict.fix.${layer.rule}`, where(layer, context));
}

/**
 * What a group's members get, checked one by one: "Of its 2 members, 2 can view this page and 1
 * can edit it. Those who can view get in through other groups …" when the group itself does not
 * let them in.
 */
export function groupMembersLines(
  m: Messages,
  members: GroupMembersVerdict,
  group: { readonly name: string; readonly viewAllowed: boolean },
): string[] {
  const counts = { view: m.number(members.view), edit: m.number(members.edit) };
  const all = members.size === undefined || members.size <= members.checked;
  const lines = [
    all
      ? m.count('access.verdict.members.all', members.checked, counts)
      : m.count('access.verdict.members.first', members.checked, {
          ...counts,
          size: m.number(members.size ?? members.checked),
        }),
  ];
  if (!group.viewAllowed && members.view > 0) {
    lines.push(m.text('access.verdict.members.otherRoutes', { group: group.name }));
  }
  const undecided = Math.max(members.viewUnknown, members.editUnknown);
  if (undecided > 0) lines.push(m.count('access.verdict.members.undecided', undecided));
  return lines;
}
