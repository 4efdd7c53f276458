/**
 * Text output for people: aligned tables and wrapped sentences, and the JSON the page and check
 * commands print. Nothing here decides access: it lays out what the engine said, in the words of
 * the catalogue (src/messages/access.ts, keys `cli.*`), the same the macro uses.
 */
import type {
  AccessDecision,
  Audience,
  AudienceFormula,
  Decision,
  LabelExposure,
  Layer,
} from '../core';
import {
  audienceSummary,
  decisionReasons,
  formulaText,
  labelExposureText,
  othersSummary,
  principalName,
  subjectLabel,
  termLabel,
} from '../messages/access';
import type { ReasonContext } from '../messages/access';
import { canEditSet, effectiveHeadline, markersText, personLine } from '../messages/effective';
import type { EffectiveAudiences } from '../messages/effective';
import type { Messages } from '../messages/format';
import { groupMembersLines } from '../messages/verdict';
import type { GroupMembersVerdict } from '../contract/results';

const WIDTH = 100;
const MAX_MEMBERS = 8;

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  return all.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** Greedy word wrap; every line after the first gets `indent`. */
export function wrap(text: string, indent: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/u).filter((w) => w !== '')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent;
    }
    line += line.trim() === '' ? word : ` ${word}`;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

export function whoamiText(
  m: Messages,
  me: {
    accountId: string;
    displayName: string | null;
    isConfluenceAdmin: boolean;
    isGuest: boolean | null;
    site: string;
  },
): string[] {
  const yesNo = (value: boolean | null) =>
    m.text(value === null ? 'cli.whoami.unknown' : value ? 'cli.whoami.yes' : 'cli.whoami.no');
  return table(
    ['', ''],
    [
      [m.text('cli.whoami.site'), me.site],
      [m.text('cli.whoami.name'), me.displayName ?? m.text('cli.whoami.notShown')],
      [m.text('cli.whoami.accountId'), me.accountId],
      [
        m.text('cli.whoami.confluenceAdmin'),
        me.isConfluenceAdmin ? m.text('cli.whoami.adminYes') : m.text('cli.whoami.no'),
      ],
      [m.text('cli.whoami.guest'), yesNo(me.isGuest)],
    ],
  ).slice(1);
}

interface PageView {
  readonly page: { id: string; title: string; space: { key: string; name: string } };
  readonly audience: Audience;
  readonly effective: EffectiveAudiences;
  readonly labels: LabelExposure;
}

/**
 * The macro's headline and its list of people (src/messages/effective.ts), every person on a
 * line: a terminal is not paged.
 */
export function effectiveText(m: Messages, effective: EffectiveAudiences): string[] {
  const editors = canEditSet(effective.edit);
  const people = effective.view.people.map(
    (person) => `  ${personLine(m, person, editors.has(person.accountId))}`,
  );
  return [
    ...wrap(effectiveHeadline(m, effective), ''),
    ...(people.length === 0 ? [] : [m.text('cli.page.effective.people'), ...people]),
  ];
}

export function pageText(m: Messages, view: PageView): string[] {
  const { page, audience, labels } = view;
  const lines = [
    ...effectiveText(m, view.effective),
    '',
    m.text('cli.page.heading', {
      title: page.title,
      id: page.id,
      spaceName: page.space.name,
      spaceKey: page.space.key,
    }),
    '',
    ...wrap(audienceSummary(m, audience), ''),
    '',
    m.text('cli.page.whoCanView'),
    ...formulaRows(m, audience.view, audience),
    '',
    m.text('cli.page.whoCanEdit'),
    ...formulaRows(m, audience.edit, audience),
    '',
    m.text('cli.page.exposure'),
    ...table(
      ['', ''],
      [
        [m.text('cli.page.exposure.anonymous'), exposureWord(m, audience.anonymous)],
        [m.text('cli.page.exposure.everyoneLoggedIn'), exposureWord(m, audience.everyoneLoggedIn)],
        [m.text('cli.page.exposure.guests'), m.text(`cli.page.guests.${audience.guests}`)],
      ],
    ).slice(1),
  ];
  if (labels.verdict !== 'not-sensitive') {
    const text = m.text('cli.page.labels', { text: labelExposureText(m, labels) });
    lines.push('', ...wrap(text, '  ').map((l, i) => (i === 0 ? l.trim() : l)));
  }
  return lines;
}

/**
 * `page --json`: the data, with the sentences scripts have always read (the audience's `summary`
 * and `othersSummary`, each formula and term label, the label warning's `message`) rendered in
 * the catalogue's words.
 */
export function pageJson(
  m: Messages,
  view: {
    page: object;
    audience: Audience;
    effective: EffectiveAudiences;
    labels: LabelExposure;
    asOf: string;
  },
): object {
  const { audience } = view;
  const formula = (action: 'view' | 'edit', f: AudienceFormula) => ({
    terms: f.terms.map((term) => ({ ...term, label: termLabel(m, term, audience) })),
    formula: formulaText(m, action, f, audience),
  });
  return {
    page: view.page,
    audience: {
      ...audience,
      view: formula('view', audience.view),
      edit: formula('edit', audience.edit),
      othersSummary: othersSummary(m, audience),
      summary: audienceSummary(m, audience),
    },
    // The same objects the macro receives (src/core/effective-audience.ts).
    effective: view.effective,
    labels: { ...view.labels, message: labelExposureText(m, view.labels) },
    asOf: view.asOf,
  };
}

function formulaRows(m: Messages, formula: AudienceFormula, audience: Audience): string[] {
  const layer = `  ${m.text('cli.page.column.layer')}`;
  const labels = formula.terms.map((term) => `  ${termLabel(m, term, audience)}`);
  const width = Math.max(layer.length, ...labels.map((label) => label.length));
  const indent = ' '.repeat(width + 2);
  return [
    `${layer.padEnd(width)}  ${m.text('cli.page.column.who')}`,
    ...formula.terms.flatMap((term, index) => {
      const body = wrap(membersText(m, term.members), indent);
      const first = body[0]?.trimStart() ?? '';
      return [`${(labels[index] ?? '').padEnd(width)}  ${first}`, ...body.slice(1)];
    }),
  ];
}

function membersText(m: Messages, members: AudienceFormula['terms'][number]['members']): string {
  if ('unknown' in members) {
    return m.text(
      members.unknown === 'hidden-from-app'
        ? 'cli.page.members.hiddenFromApp'
        : 'cli.page.members.unreadable',
    );
  }
  if (members.length === 0) return m.text('cli.page.members.nobody');
  const names = members.map((member) => {
    const name = principalName(m, member.principal);
    const markers = markersText(m, member.markers ?? []);
    if (member.via.length === 0) {
      return markers === '' ? name : m.text('access.effective.person.marked', { name, markers });
    }
    const roles = member.via
      .map((via) => via.role)
      .reduce((first, next) => m.text('cli.page.members.roleAnd', { first, next }));
    return markers === ''
      ? m.text('cli.page.members.asRoles', { name, roles })
      : m.text('cli.page.members.markedAsRoles', { name, markers, roles });
  });
  const shown = names
    .slice(0, MAX_MEMBERS)
    .reduce((first, next) => m.text('cli.page.members.and', { first, next }));
  return names.length > MAX_MEMBERS
    ? m.text('cli.page.members.more', { shown, more: names.length - MAX_MEMBERS })
    : shown;
}

function exposureWord(m: Messages, value: string): string {
  return m.text(`cli.page.exposureValue.${value}`);
}

interface CheckView {
  readonly page: { id: string; title: string };
  readonly context: ReasonContext;
  readonly decision: AccessDecision;
  /** For a group the page names: what its first members get. */
  readonly members?: GroupMembersVerdict;
}

/** The members' lines of a group check, after its own answer. */
function membersRows(m: Messages, view: Omit<CheckView, 'page'>): string[] {
  const { members, context } = view;
  if (members === undefined || context.subject.kind !== 'group') return [];
  const name = context.subject.name ?? context.subject.groupId;
  return ['', ...groupMembersLines(m, members, { name, viewAllowed: view.decision.view.allowed })];
}

export function checkText(m: Messages, view: CheckView): string[] {
  const who = subjectLabel(m, view.context.subject);
  const page = { title: view.page.title, id: view.page.id };
  return [
    m.text('cli.check.view', { who, ...page, answer: answer(m, view.decision.view) }),
    ...reasonRows(m, view.decision.view, view.context),
    '',
    m.text('cli.check.edit', { who, answer: answer(m, view.decision.edit) }),
    ...reasonRows(m, view.decision.edit, view.context),
    ...membersRows(m, view),
  ];
}

/**
 * `check --json`: the decision with each reason's `message` (README documents it) and the subject
 * with the `label` it has always carried, in the catalogue's words.
 */
export function checkJson(
  m: Messages,
  view: Omit<CheckView, 'page'> & { readonly page: object; readonly subject: object },
): object {
  const decision = (d: Decision) => {
    const messages = decisionReasons(m, d, view.context);
    return {
      ...d,
      reasons: d.reasons.map((layer, i) => ({ ...layer, message: messages[i] ?? '' })),
    };
  };
  return {
    page: view.page,
    subject: { ...view.subject, label: subjectLabel(m, view.context.subject) },
    view: decision(view.decision.view),
    edit: decision(view.decision.edit),
    ...(view.members === undefined
      ? {}
      : { members: { ...view.members, message: membersRows(m, view).slice(1).join(' ') } }),
  };
}

function answer(m: Messages, decision: Decision): string {
  switch (decision.verdict) {
    case 'allowed':
      return m.text('cli.check.answer.allowed');
    case 'unchecked':
      return m.text('cli.check.answer.unchecked');
    case 'denied':
      return decision.reasons.some((layer) => !layer.checked && !layer.passes)
        ? m.text('cli.check.answer.deniedPartly')
        : m.text('cli.check.answer.denied');
  }
}

/** The mark of a layer: passes, fails, or could not be checked. */
function mark(m: Messages, layer: Layer): string {
  return m.text(
    layer.passes
      ? 'cli.check.mark.pass'
      : layer.checked
        ? 'cli.check.mark.fail'
        : 'cli.check.mark.unchecked',
  );
}

function reasonRows(m: Messages, decision: Decision, context: ReasonContext): string[] {
  const messages = decisionReasons(m, decision, context);
  const rows = decision.reasons.map((layer, i) => ({
    head: `  ${mark(m, layer)}  ${m.text(`cli.check.rule.${layer.rule}`).padEnd(22)}`,
    message: messages[i] ?? '',
  }));
  return rows.flatMap(({ head, message }) => {
    const body = wrap(message, ' '.repeat(head.length + 1));
    const first = body[0]?.trimStart() ?? '';
    return [`${head} ${first}`, ...body.slice(1)];
  });
}
