/**
 * The audit in words: rule titles, findings, policy problems and the findings CSV, in any locale
 * of the catalogue (keys `audit.*`). Shared by the admin page and the CLI, so both say the same.
 * Pure: no Node or Forge APIs (the admin page's bundle imports it).
 */
import { AUDIT_RULES, auditRule } from '../core/audit/rule-catalogue';
import type { RuleId, Severity } from '../core/audit/rule-catalogue';
import { FINDINGS_CSV_COLUMNS, toCsv } from '../core/audit/csv';
import type { CsvOptions, FindingsCsvColumn } from '../core/audit/csv';
import type { Finding, FindingSentence, Holding, NodeFact } from '../core/audit/findings';
import type { PolicyError, PolicyProblem } from '../core/audit/policy';
import type { AuditCoverage } from '../core/audit/coverage';
import type { FindingException } from '../core/audit/exceptions';
import type { AuditSkippedSpace, AuditStop } from '../contract/admin';
import type { Operation, Principal, UnknownCause } from '../core/model';
import { accessClassName } from './access';
import type { Messages } from './format';
import { findingLink } from './links';
import { capitalize, joinAnd, joinComma } from './lists';

export function ruleTitle(m: Messages, id: RuleId): string {
  return m.text(auditRule(id).title);
}

export function ruleDescription(m: Messages, id: RuleId): string {
  return m.text(auditRule(id).description);
}

/** Every rule's id and title, in table order (filters, help). */
export function ruleTitles(m: Messages): { readonly id: RuleId; readonly title: string }[] {
  return AUDIT_RULES.map((rule) => ({ id: rule.id, title: m.text(rule.title) }));
}

export function severityLabel(m: Messages, severity: Severity): string {
  return m.text(`audit.severity.${severity}`);
}

// ── naming ─────────────────────────────────────────────────────────────────────────────────

/** The `principal` column: short, but precise enough to act on ("Alice (u-alice)"). */
export function principalLabel(m: Messages, principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return principal.displayName === undefined
        ? principal.accountId
        : m.text('audit.principal.label.user', {
            name: principal.displayName,
            id: principal.accountId,
          });
    case 'group':
      return principal.name ?? principal.groupId;
    case 'access-class':
      return principal.accessClass;
    case 'team':
      return principal.name ?? principal.teamId;
    case 'other':
      return m.text('audit.principal.label.unrecognised', {
        type: principal.type,
        id: principal.id,
      });
    case 'anonymous':
      return m.text('audit.principal.label.anonymous');
  }
}

/** A finding's principal as the report shows it; findings stored by earlier versions as stored. */
export function findingPrincipal(m: Messages, finding: Finding): string | undefined {
  if (finding.principal !== undefined) return principalLabel(m, finding.principal);
  return finding.stored?.principal;
}

function teamName(m: Messages, team: { readonly teamId: string; readonly name?: string }): string {
  return m.text('audit.principal.team', { name: team.name ?? team.teamId });
}

/** The principal mid-sentence. */
function principalPhrase(m: Messages, principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return principal.displayName === undefined
        ? m.text('audit.principal.user', { id: principal.accountId })
        : principalLabel(m, principal);
    case 'group':
      return m.text('audit.principal.group', { name: principal.name ?? principal.groupId });
    case 'access-class':
      return accessClassName(m, principal.accessClass);
    case 'team':
      return teamName(m, principal);
    case 'other':
      return m.text('audit.principal.unrecognised', { type: principal.type, id: principal.id });
    case 'anonymous':
      return m.text('audit.principal.anonymous');
  }
}

function spaceLabel(m: Messages, finding: Finding): string {
  const { spaceKey: key, spaceName: name } = finding;
  return name === undefined || name === key
    ? m.text('audit.space.key', { key })
    : m.text('audit.space.named', { key, name });
}

function nodeName(m: Messages, node: NodeFact): string {
  // `other` is a plural category in catalogue keys: content of no known type is an "item".
  const type = node.type === 'other' ? 'item' : node.type;
  return node.title === undefined
    ? m.text(`audit.node.untitled.${type}`, { id: node.id })
    : m.text(`audit.node.titled.${type}`, { title: node.title });
}

function contentLabel(m: Messages, finding: Finding): string {
  const node: NodeFact = {
    id: finding.contentId ?? '',
    type: finding.contentType ?? 'other',
    ...(finding.title === undefined ? {} : { title: finding.title }),
  };
  return m.text('audit.content.inSpace', {
    node: nodeName(m, node),
    space: spaceLabel(m, finding),
  });
}

/** Why some data is missing, as the start of a sentence. */
function unknownCause(m: Messages, cause: UnknownCause, what: string): string {
  return capitalize(m.text(`audit.cause.${cause}`, { what }));
}

function quotedLabels(m: Messages, labels: readonly string[]): string {
  return joinComma(
    m,
    labels.map((text) => m.text('common.quoted', { text })),
  );
}

// ── what a principal holds ─────────────────────────────────────────────────────────────────

/** The permission list in the order people think of them: view first, admin last. */
const OPERATION_ORDER: readonly string[] = [
  'read/space',
  'create/page',
  'create/blogpost',
  'update/page',
  'update/blogpost',
  'create/comment',
  'create/attachment',
  'delete/space',
  'delete/page',
  'delete/blogpost',
  'delete/comment',
  'delete/attachment',
  'archive/page',
  'export/space',
  'restrict_content/space',
  'administer/space',
];

function operationId(operation: Operation): string {
  return `${operation.key}/${operation.targetType}`;
}

function operationName(m: Messages, operation: Operation): string {
  return OPERATION_ORDER.includes(operationId(operation))
    ? m.text(`audit.operation.${operation.key}.${operation.targetType}`)
    : m.text('audit.operation.unknown', { key: operation.key, target: operation.targetType });
}

/** The catalogue order above, then anything unrecognised by its name. */
function sortedOperationNames(m: Messages, operations: readonly Operation[]): string[] {
  const rank = (operation: Operation): number => {
    const index = OPERATION_ORDER.indexOf(operationId(operation));
    return index === -1 ? OPERATION_ORDER.length : index;
  };
  const named = operations.map((operation) => ({
    rank: rank(operation),
    name: operationName(m, operation),
  }));
  named.sort((a, b) => a.rank - b.rank || (a.name === b.name ? 0 : a.name < b.name ? -1 : 1));
  return [...new Set(named.map((entry) => entry.name))];
}

function rolesPhrase(m: Messages, roles: readonly string[]): string {
  return m.count('audit.holding.roles', roles.length, { roles: joinAnd(m, roles) });
}

/** "the role Collaborator and the space permissions view and add pages". */
function holdingPhrase(m: Messages, holding: Holding): string {
  const operations = sortedOperationNames(m, holding.operations);
  const parts: string[] = [];
  if (holding.roles.length > 0) parts.push(rolesPhrase(m, holding.roles));
  if (operations.length > 0) {
    parts.push(
      m.count('audit.holding.permissions', operations.length, {
        permissions: joinAnd(m, operations),
      }),
    );
  }
  return parts.length > 0 ? joinAnd(m, parts) : m.count('audit.holding.grants', holding.grants);
}

/** Where a grant is removed: the legacy permission screen, the role settings, or both. */
function removalPlaces(m: Messages, holding: Holding): string {
  const places: string[] = [];
  if (holding.operations.length > 0) places.push(m.text('audit.place.permissions'));
  if (holding.roles.length > 0) places.push(m.text('audit.place.accessSettings'));
  return joinAnd(m, places);
}

// ── findings ───────────────────────────────────────────────────────────────────────────────

/** What is wrong and how to fix it; a finding stored by an earlier version as it was stored. */
export function findingText(m: Messages, finding: Finding): string {
  const sentence = finding.sentence;
  if (sentence === undefined) return finding.stored?.message ?? '';
  return sentenceText(m, finding, sentence).join(' ');
}

function sentenceText(m: Messages, finding: Finding, sentence: FindingSentence): string[] {
  const space = spaceLabel(m, finding);
  const who = finding.principal === undefined ? '' : principalPhrase(m, finding.principal);
  const label = findingPrincipal(m, finding) ?? '';
  const k = (key: string, params?: Readonly<Record<string, string | number>>) =>
    m.text(`audit.finding.${key}`, params);
  switch (sentence.kind) {
    case 'anonymous-space': {
      const { holding } = sentence;
      const roles = holding.roles.length > 0 ? rolesPhrase(m, holding.roles) : undefined;
      const fixes: string[] = [];
      if (holding.operations.length > 0) fixes.push(k('anonymousSpace.fixPermission'));
      if (roles !== undefined) fixes.push(k('anonymousSpace.fixRoles', { roles }));
      return [
        roles === undefined
          ? k('anonymousSpace.open', { space: capitalize(space) })
          : k('anonymousSpace.openThrough', { space: capitalize(space), roles }),
        k('anonymousSpace.exposure'),
        k('anonymousSpace.fix', { fixes: joinAnd(m, fixes), key: finding.spaceKey }),
      ];
    }
    case 'broad-admin': {
      const { holding } = sentence;
      const roles = holding.roles.length > 0 ? rolesPhrase(m, holding.roles) : undefined;
      // Access class names ("all licensed users") and anonymous visitors are plural nouns.
      const many = finding.principal?.kind !== 'group' ? 'everyone' : 'group';
      const fixes: string[] = [];
      if (holding.operations.length > 0) fixes.push(k('broadAdmin.fixPermission', { who }));
      if (roles !== undefined) fixes.push(k('broadAdmin.fixRoles', { who, roles }));
      const params = { who: capitalize(who), space };
      return [
        roles === undefined
          ? k(`broadAdmin.${many}`, params)
          : k(`broadAdmin.${many}Through`, { ...params, roles }),
        ...(sentence.bySize === undefined ? [] : [bySizeText(m, sentence.bySize)]),
        k('broadAdmin.fix', { fixes: joinAnd(m, fixes) }),
      ];
    }
    case 'departed-account': {
      const standing = sentence.standing === 'deactivated' ? 'deactivated' : 'noAccess';
      return [
        k(`departedAccount.holds.${standing}`, {
          who: capitalize(who),
          holding: holdingPhrase(m, sentence.holding),
          space,
        }),
        k(`departedAccount.level.${sentence.level}`),
        k('departedAccount.fix', { places: removalPlaces(m, sentence.holding) }),
      ];
    }
    case 'departed-restriction': {
      const standing = sentence.standing === 'deactivated' ? 'deactivated' : 'noAccess';
      return [
        k(`departedRestriction.${sentence.level}.${standing}`, {
          who: capitalize(who),
          content: contentLabel(m, finding),
        }),
        k(`departedRestriction.level.${sentence.level}`),
        k('departedRestriction.fix'),
      ];
    }
    case 'personal-exposed': {
      const anonymous = finding.principal?.kind === 'anonymous';
      return [
        anonymous
          ? k('personalExposed.anonymous', { space: capitalize(space) })
          : k('personalExposed.broad', { space: capitalize(space), who }),
        ...(sentence.bySize === undefined ? [] : [bySizeText(m, sentence.bySize)]),
        k('personalExposed.fix', { places: removalPlaces(m, sentence.holding) }),
      ];
    }
    case 'sensitive-exposed':
      return [
        k('sensitiveExposed.open', {
          content: capitalize(contentLabel(m, finding)),
          labels: quotedLabels(m, sentence.labels),
        }),
        k('sensitiveExposed.fix'),
      ];
    case 'sensitive-unknown': {
      const what = contentLabel(m, finding);
      const restriction =
        sentence.above === undefined
          ? k('sensitiveUnknown.restrictionOf', { content: what })
          : k('sensitiveUnknown.restrictionAbove', {
              node: nodeName(m, sentence.above),
              content: what,
            });
      return [
        k('sentence', { text: unknownCause(m, sentence.cause, restriction) }),
        k('sensitiveUnknown.check', { labels: quotedLabels(m, sentence.labels) }),
      ];
    }
    case 'guest-access':
      return [
        k('guestAccess.holds', {
          who: label,
          holding: holdingPhrase(m, sentence.holding),
          space,
        }),
        k('guestAccess.fix'),
      ];
    case 'team-access': {
      const team = capitalize(who);
      const holding = holdingPhrase(m, sentence.holding);
      const verified = finding.principal?.kind === 'team' ? finding.principal.verified : undefined;
      if (verified === true) {
        return [k('teamAccess.verified', { team, holding, space }), k('teamAccess.verifiedCheck')];
      }
      return [
        k(verified === false ? 'teamAccess.unverified' : 'teamAccess.notKnownVerified', {
          team,
          holding,
          space,
        }),
        k('teamAccess.cannotList'),
        k('teamAccess.fix', { places: removalPlaces(m, sentence.holding) }),
      ];
    }
    case 'user-grant':
      return [
        k('userGrant.holds', {
          who: capitalize(who),
          holding: holdingPhrase(m, sentence.holding),
          space,
        }),
        k('userGrant.fix'),
      ];
    case 'unrecognised-principal':
      return [
        k('unrecognised.gives', {
          space: capitalize(space),
          holding: holdingPhrase(m, sentence.holding),
          who,
        }),
        k('unrecognised.check'),
      ];
    case 'space-unreadable':
      return [
        k('sentence', { text: unknownCause(m, sentence.cause, space) }),
        k('spaceUnreadable.notAudited'),
      ];
    case 'content-unreadable':
      return [
        k('sentence', { text: unknownCause(m, sentence.cause, contentLabel(m, finding)) }),
        k('contentUnreadable.notCounted'),
      ];
    case 'permissions-unreadable':
      return [
        k('sentence', {
          text: unknownCause(m, sentence.cause, k('permissionsUnreadable.what', { space })),
        }),
        k('permissionsUnreadable.notChecked'),
      ];
    case 'guests-unknown':
      return [k('guestsUnknown', { space })];
  }
}

/** Why a group counts as broad by its size. */
function bySizeText(
  m: Messages,
  fact: { readonly size: number; readonly licensed: number; readonly share: number },
): string {
  return m.text('audit.finding.broadBySize', {
    size: fact.size,
    licensed: fact.licensed,
    percent: Math.round((fact.size / fact.licensed) * 100),
    threshold: Math.round(fact.share * 100),
  });
}

/** How a findings export is written: `siteUrl` makes the `link` column absolute. */
export interface FindingsCsvOptions extends CsvOptions {
  readonly siteUrl?: string;
  /** Active exceptions by finding id (`partitionFindings`): they fill the `exception` column. */
  readonly exceptions?: ReadonlyMap<string, FindingException>;
}

/** The findings export: a header row, then one row per finding in the order given. */
export function findingsCsv(
  m: Messages,
  findings: readonly Finding[],
  options: FindingsCsvOptions = {},
): string {
  const cell = (finding: Finding, column: FindingsCsvColumn): string => {
    switch (column) {
      case 'principal':
        return findingPrincipal(m, finding) ?? '';
      case 'message':
        return findingText(m, finding);
      case 'link':
        return findingLink(options.siteUrl, finding);
      case 'exception': {
        const exception = options.exceptions?.get(finding.id);
        return exception === undefined
          ? ''
          : m.text('audit.csv.exception', {
              expiresOn: exception.expiresOn,
              reason: exception.reason,
            });
      }
      case 'lastRead':
        return finding.carried?.readAt ?? '';
      default:
        return finding[column] ?? '';
    }
  };
  const rows = findings.map((finding) =>
    FINDINGS_CSV_COLUMNS.map((column) => cell(finding, column)),
  );
  return toCsv([FINDINGS_CSV_COLUMNS, ...rows], options.bom === true ? { bom: true } : {});
}

/**
 * A finding as `access-lens audit --json` prints it (the shape README documents): the principal
 * and the message in words.
 */
export interface FindingJson {
  readonly id: string;
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly spaceKey: string;
  readonly contentId?: string;
  readonly title?: string;
  readonly principal?: string;
  readonly message: string;
}

export function findingJson(m: Messages, finding: Finding): FindingJson {
  const principal = findingPrincipal(m, finding);
  return {
    id: finding.id,
    rule: finding.rule,
    severity: finding.severity,
    spaceKey: finding.spaceKey,
    ...(finding.contentId === undefined ? {} : { contentId: finding.contentId }),
    ...(finding.title === undefined ? {} : { title: finding.title }),
    ...(principal === undefined ? {} : { principal }),
    message: findingText(m, finding),
  };
}

// ── the policy ─────────────────────────────────────────────────────────────────────────────

export function policyProblemText(m: Messages, problem: PolicyProblem): string {
  const p = (key: string, params?: Readonly<Record<string, string | number>>) =>
    m.text(`audit.policy.problem.${key}`, params);
  switch (problem.kind) {
    case 'not-an-object':
      return p('notAnObject');
    case 'unknown-setting':
      return p('unknownSetting', {
        setting: problem.setting,
        settings: joinComma(m, problem.settings),
      });
    case 'bad-version':
      return p('badVersion');
    case 'bad-schedule':
      return p('badSchedule', { schedules: joinComma(m, problem.schedules) });
    case 'bad-share':
      return p('badShare');
    case 'bad-broad-share':
      return p('badBroadShare');
    case 'bad-reconcile':
      return p('badReconcile', { reconciles: joinComma(m, problem.reconciles) });
    case 'not-a-list':
      return p('notAList', { list: m.text(`audit.policy.list.${problem.list}`) });
    case 'item-not-text':
      return p('itemNotText', {
        position: String(problem.position),
        list: m.text(`audit.policy.listInSentence.${problem.list}`),
      });
    case 'item-empty':
      return p('itemEmpty', {
        position: String(problem.position),
        list: m.text(`audit.policy.listInSentence.${problem.list}`),
      });
    case 'too-many':
      return p('tooMany', {
        list: m.text(`audit.policy.list.${problem.list}`),
        max: String(problem.max),
        got: String(problem.got),
      });
    case 'label-too-long':
      return p('labelTooLong', { value: JSON.stringify(problem.value), max: String(problem.max) });
    case 'labels-too-long-for-search':
      return p('labelsTooLongForSearch', { max: problem.max, got: problem.got });
    case 'label-invalid':
      return p('labelInvalid', { value: JSON.stringify(problem.value) });
    case 'group-too-long':
      return p('groupTooLong', { value: JSON.stringify(problem.value), max: String(problem.max) });
    case 'group-control':
      return p('groupControl', { value: JSON.stringify(problem.value) });
    case 'bad-space-key':
      return p('badSpaceKey', { value: JSON.stringify(problem.value) });
  }
}

export function policyErrorText(m: Messages, error: PolicyError): string {
  return policyProblemText(m, error.problem);
}

// ── an audit's progress ────────────────────────────────────────────────────────────────────

/**
 * Why an audit stopped early, or undefined. Numbers and times as the job has always written
 * them (plain digits, ISO times): the sentence quotes the job's own accounting.
 */
export function auditStopText(
  m: Messages,
  audit: { readonly stop?: AuditStop; readonly note?: string },
): string | undefined {
  const stop = audit.stop;
  if (stop === undefined) return audit.note;
  switch (stop.kind) {
    case 'cancelled':
      return m.text('audit.stop.cancelled', { at: stop.at });
    case 'stopping':
      return m.text('audit.stop.stopping', { at: stop.at });
    case 'budget':
      return m.text('audit.stop.budget', {
        pointsBudget: String(stop.pointsBudget),
        hours: String(stop.hours),
        pointsPerHour: String(stop.pointsPerHour),
        spacesDone: String(stop.spacesDone),
        spacesTotal: String(stop.spacesTotal),
      });
    case 'upstream-failed':
      return m.text('audit.stop.upstreamFailed', {
        error: stop.error,
        attempts: String(stop.attempts),
      });
    case 'not-queued':
      return m.text('audit.stop.notQueued');
    case 'replaced':
      return m.text('audit.stop.replaced');
    case 'stalled':
      return m.text('audit.stop.stalled', { lastSeenAt: stop.lastSeenAt });
    case 'spaces-failing':
      return m.text('audit.stop.spacesFailing', {
        skipped: String(stop.skipped),
        error: stop.error,
      });
  }
}

/**
 * The spaces an audit gave up after repeated failures (reported as not inspected), or undefined
 * when there are none: each listed one with the last failure's reason, the rest counted.
 */
export function auditSkippedText(
  m: Messages,
  audit: {
    readonly spacesSkipped?: number;
    readonly skippedSpaces?: readonly AuditSkippedSpace[];
  },
): string | undefined {
  const count = audit.spacesSkipped ?? 0;
  if (count === 0) return undefined;
  const listed = audit.skippedSpaces ?? [];
  const names = listed.map((space) =>
    m.text('audit.skipped.space', {
      space:
        space.spaceName === undefined ? space.spaceKey : `${space.spaceName} (${space.spaceKey})`,
      error: space.error,
      attempts: String(space.attempts),
    }),
  );
  const more = count - listed.length;
  const spaces = joinAnd(m, more > 0 ? [...names, m.count('audit.skipped.more', more)] : names);
  return m.count('audit.skipped.summary', count, { spaces });
}

// ── coverage ───────────────────────────────────────────────────────────────────────────────

/** What an audit read, what it could not, and what it cannot know exists: one sentence each. */
export function coverageLines(m: Messages, coverage: AuditCoverage): string[] {
  const lines = [
    m.text('audit.coverage.spaces', { read: coverage.spacesRead, listed: coverage.spacesListed }),
  ];
  if (coverage.spacesNotReached > 0) {
    lines.push(m.count('audit.coverage.notReached', coverage.spacesNotReached));
  }
  for (const { cause, count } of coverage.spacesUnread) {
    lines.push(
      m.count('audit.coverage.spacesUnread', count, {
        cause: m.text(`audit.coverage.cause.${cause}`),
      }),
    );
  }
  for (const { cause, count } of coverage.contentUnread) {
    lines.push(
      m.count('audit.coverage.contentUnread', count, {
        cause: m.text(`audit.coverage.cause.${cause}`),
      }),
    );
  }
  lines.push(m.text(`audit.coverage.unknowable.${coverage.reader}`));
  return lines;
}
