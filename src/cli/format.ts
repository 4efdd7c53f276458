/**
 * Text output for people: aligned tables and wrapped sentences. JSON output is built in the
 * commands; nothing here decides access, it only lays out what the engine said.
 */
import type {
  AccessDecision,
  Audience,
  AudienceFormula,
  Decision,
  LabelExposure,
  Layer,
} from '../core';
import { principalName } from '../core';

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

export function whoamiText(me: {
  accountId: string;
  displayName: string | null;
  isConfluenceAdmin: boolean;
  isGuest: boolean | null;
  site: string;
}): string[] {
  return table(
    ['', ''],
    [
      ['Site', me.site],
      ['Name', me.displayName ?? '(not shown)'],
      ['Account id', me.accountId],
      ['Confluence admin', me.isConfluenceAdmin ? 'yes (may check access for others)' : 'no'],
      ['Guest', me.isGuest === null ? 'unknown' : me.isGuest ? 'yes' : 'no'],
    ],
  ).slice(1);
}

export function pageText(view: {
  page: { id: string; title: string; space: { key: string; name: string } };
  audience: Audience;
  labels: LabelExposure;
}): string[] {
  const { page, audience, labels } = view;
  const lines = [
    `${page.title} (page ${page.id}) in ${page.space.name} (${page.space.key})`,
    '',
    ...wrap(audience.summary, ''),
    '',
    'Who can view: everyone in all of these',
    ...formulaRows(audience.view),
    '',
    'Who can edit: everyone in all of these',
    ...formulaRows(audience.edit),
    '',
    'Exposure',
    ...table(
      ['', ''],
      [
        ['  Anonymous visitors', exposureWord(audience.anonymous)],
        ['  Every logged-in user', exposureWord(audience.everyoneLoggedIn)],
        ['  Guests', audience.guests],
      ],
    ).slice(1),
  ];
  if (labels.verdict !== 'not-sensitive') {
    lines.push(
      '',
      ...wrap(`Labels: ${labels.message}`, '  ').map((l, i) => (i === 0 ? l.trim() : l)),
    );
  }
  return lines;
}

function formulaRows(formula: AudienceFormula): string[] {
  const labels = formula.terms.map((term) => `  ${term.label}`);
  const width = Math.max('  LAYER'.length, ...labels.map((label) => label.length));
  const indent = ' '.repeat(width + 2);
  return [
    `${'  LAYER'.padEnd(width)}  WHO`,
    ...formula.terms.flatMap((term, index) => {
      const body = wrap(membersText(term.members), indent);
      const first = body[0]?.trimStart() ?? '';
      return [`${(labels[index] ?? '').padEnd(width)}  ${first}`, ...body.slice(1)];
    }),
  ];
}

function membersText(members: AudienceFormula['terms'][number]['members']): string {
  if ('unknown' in members) {
    return members.unknown === 'hidden-from-app'
      ? '(the app cannot read this)'
      : '(could not be read: it does not exist or this account cannot see it)';
  }
  if (members.length === 0) return '(nobody)';
  const names = members.map((member) => {
    const roles = member.via.map((via) => via.role);
    const name = principalName(member.principal);
    return roles.length > 0 ? `${name} (as ${roles.join(', ')})` : name;
  });
  const shownNames = names.slice(0, MAX_MEMBERS).join('; ');
  return names.length > MAX_MEMBERS
    ? `${shownNames}; and ${names.length - MAX_MEMBERS} more (see --json)`
    : shownNames;
}

function exposureWord(value: string): string {
  return value === 'depends-on-site-setting' ? 'yes, if the site allows anonymous access' : value;
}

const RULE_NAMES: Readonly<Record<Layer['rule'], string>> = {
  'site-access': 'site access',
  'space-permission': 'space permission',
  'inherited-restriction': 'restriction above',
  'own-restriction': 'page restriction',
  'space-edit-permission': 'space edit permission',
  'update-restriction': 'edit restriction',
  'content-status': 'archived',
};

export function checkText(view: {
  page: { id: string; title: string };
  subject: { label: string };
  decision: AccessDecision;
}): string[] {
  const who = view.subject.label;
  return [
    `Can ${who} view "${view.page.title}" (page ${view.page.id})? ${answer(view.decision.view)}`,
    ...reasonRows(view.decision.view),
    '',
    `Can ${who} edit it? ${answer(view.decision.edit)}`,
    ...reasonRows(view.decision.edit),
  ];
}

function answer(decision: Decision): string {
  switch (decision.verdict) {
    case 'allowed':
      return 'YES';
    case 'unchecked':
      return 'UNKNOWN (it could not be checked)';
    case 'denied':
      return decision.reasons.some((layer) => !layer.checked && !layer.passes)
        ? 'NO (some layers could not be checked)'
        : 'NO';
  }
}

function reasonRows(decision: Decision): string[] {
  const rows = decision.reasons.map((layer) => {
    const mark = layer.passes ? 'pass' : layer.checked ? 'FAIL' : '??? ';
    return { head: `  ${mark}  ${RULE_NAMES[layer.rule].padEnd(22)}`, message: layer.message };
  });
  return rows.flatMap(({ head, message }) => {
    const body = wrap(message, ' '.repeat(head.length + 1));
    const first = body[0]?.trimStart() ?? '';
    return [`${head} ${first}`, ...body.slice(1)];
  });
}
