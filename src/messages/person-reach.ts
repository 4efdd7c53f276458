/**
 * "What can this person see?" worded and shaped for people and files: the JSON (the answer as
 * data), the text and the RFC 4180 CSV, from the `cli.person.*` catalogue. Pure, with no Node or
 * Forge API, so `access-lens person` and the admin page's export give the same bytes.
 */
import type { FootprintEntry, PersonReach, SpaceReach, Subject, Through, Verdict } from '../core';
import type { Messages } from './format';
import { joinComma } from './lists';

/** `{ subject, spaces, pages, footprint, coverage }`: the engine's answer, as data. */
export function personJson(subject: Subject, reach: PersonReach) {
  const person =
    subject.kind === 'user'
      ? {
          accountId: subject.accountId,
          ...(subject.displayName === undefined ? {} : { displayName: subject.displayName }),
          ...(reach.standing === undefined ? {} : { standing: reach.standing }),
          isGuest: subject.isGuest === true,
          groups: subject.groups,
        }
      : { kind: subject.kind };
  return {
    subject: person,
    spaces: reach.spaces,
    pages: reach.pages,
    footprint: reach.footprint,
    coverage: reach.coverage,
  };
}

const STANDING_KEY = {
  active: 'active',
  guest: 'guest',
  'no-product-access': 'noProductAccess',
  customer: 'customer',
  deactivated: 'deactivated',
} as const;

const ROUTE_KEY: Record<Through['kind'], string> = {
  direct: 'direct',
  'guest-assignment': 'guestAssignment',
  group: 'group',
  anonymous: 'anonymous',
  'access-class': 'accessClass',
  'app-scopes': 'appScopes',
  team: 'team',
  unrecognised: 'unrecognised',
};

/** "guest", "deactivated", …: the person's standing in words ("unknown" when not known). */
export function standingWord(m: Messages, standing: PersonReach['standing']): string {
  return m.text(
    `cli.person.standing.${standing === undefined ? 'unknown' : STANDING_KEY[standing]}`,
  );
}

export function personText(m: Messages, subject: Subject, reach: PersonReach): string[] {
  const verdict = (v: Verdict) => m.text(`cli.person.verdict.${v}`);
  const accountId = subject.kind === 'user' ? subject.accountId : subject.kind;
  const name = subject.kind === 'user' ? (subject.displayName ?? accountId) : accountId;
  const lines = [
    m.text('cli.person.heading', { name, accountId, standing: standingWord(m, reach.standing) }),
    '',
    m.text('cli.person.spaces.heading'),
  ];
  for (const space of reach.spaces) {
    lines.push(`  ${spaceLine(m, space)}`);
  }
  if (reach.spaces.length === 0) lines.push(m.text('cli.person.none'));
  lines.push('', m.text('cli.person.pages.heading'));
  for (const page of reach.pages) {
    lines.push(
      `  ${m.text('cli.person.page.line', {
        spaceKey: page.spaceKey,
        id: page.id,
        title: page.title ?? '',
        view: verdict(page.view),
        edit: verdict(page.edit),
      })}`,
    );
  }
  if (reach.pages.length === 0) lines.push(m.text('cli.person.none'));
  lines.push('', m.text('cli.person.footprint.heading'));
  for (const entry of reach.footprint) lines.push(`  ${footprintText(m, entry)}`);
  if (reach.footprint.length === 0) lines.push(m.text('cli.person.none'));
  lines.push('', ...coverageText(m, reach));
  return lines;
}

/** One space of the answer: what they may do there, and how they get in. */
export function spaceLine(m: Messages, space: SpaceReach): string {
  const verdict = (v: Verdict) => m.text(`cli.person.verdict.${v}`);
  const routes = [...space.routes, ...space.unconfirmedRoutes].map((r) => routeText(m, r));
  return m.text('cli.person.space.line', {
    key: space.key,
    view: verdict(space.view),
    edit: verdict(space.edit),
    admin: verdict(space.admin),
    routes:
      routes.length === 0
        ? ''
        : m.text('cli.person.space.routes', { routes: joinComma(m, routes) }),
  });
}

export function routeText(m: Messages, route: Through): string {
  const params: Record<string, string> = {};
  if (route.kind === 'group') params.group = route.group.name ?? route.group.groupId;
  if (route.kind === 'access-class') params.accessClass = route.accessClass;
  if (route.kind === 'team') params.team = route.team.name ?? route.team.teamId;
  const text = m.text(`cli.person.route.${ROUTE_KEY[route.kind]}`, params);
  return route.via === undefined
    ? text
    : m.text('cli.person.route.role', { route: text, role: route.via.role });
}

export function footprintText(m: Messages, entry: FootprintEntry): string {
  if (entry.kind === 'space-grant') {
    return m.text('cli.person.footprint.grant', {
      spaceKey: entry.spaceKey,
      operation: `${entry.operation.key}/${entry.operation.targetType}`,
      role:
        entry.via === undefined
          ? ''
          : m.text('cli.person.footprint.role', { role: entry.via.role }),
    });
  }
  return m.text(`cli.person.footprint.${entry.restriction}`, {
    spaceKey: entry.spaceKey,
    id: entry.contentId,
    title: entry.title ?? '',
  });
}

function coverageText(m: Messages, reach: PersonReach): string[] {
  const { coverage } = reach;
  const lines = [
    m.text('cli.person.coverage.read', {
      spaces: m.count('cli.person.coverage.spaces', coverage.spaces, {
        n: String(coverage.spaces),
      }),
      content: m.count('cli.person.coverage.content', coverage.contentRead, {
        n: String(coverage.contentRead),
      }),
    }),
    m.text('cli.person.coverage.hidden'),
  ];
  if (coverage.spacesWithoutGrants.length > 0) {
    lines.push(
      m.text('cli.person.coverage.noGrants', {
        keys: joinComma(m, coverage.spacesWithoutGrants),
      }),
    );
  }
  for (const gap of coverage.contentGaps) {
    lines.push(m.text('cli.person.coverage.gap', { key: gap.spaceKey }));
  }
  return lines;
}

/** One row per differing page and per footprint entry; columns are stable for spreadsheets. */
export function personCsv(m: Messages, reach: PersonReach): string {
  const rows: string[][] = [['kind', 'spaceKey', 'contentId', 'title', 'view', 'edit', 'entry']];
  for (const page of reach.pages) {
    rows.push(['page', page.spaceKey, page.id, page.title ?? '', page.view, page.edit, '']);
  }
  for (const entry of reach.footprint) {
    rows.push(
      entry.kind === 'space-grant'
        ? ['footprint', entry.spaceKey, '', '', '', '', footprintText(m, entry)]
        : [
            'footprint',
            entry.spaceKey,
            entry.contentId,
            entry.title ?? '',
            '',
            '',
            footprintText(m, entry),
          ],
    );
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(value: string): string {
  // A leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@]/u.test(value) ? `'${value}` : value;
  return /[",\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}
