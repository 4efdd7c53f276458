/**
 * What an audit produces: findings with stable rule ids and severities, a stable fingerprint per
 * finding, and one deterministic order, so the app, the CLI, the CSV and the diff all agree.
 *
 * A finding is data: who and what it is about, and the facts of its sentence (`sentence`), which
 * src/messages/audit.ts turns into words in the reader's language.
 */
import type { ContentType, Operation, Principal, UnknownCause } from '../model';
import { RULE_IDS, severityRank } from './rule-catalogue';
import type { RuleId, Severity } from './rule-catalogue';

export { RULE_IDS, SEVERITIES, severityRank } from './rule-catalogue';
export type { RuleId, Severity } from './rule-catalogue';

/** What a principal holds in a space: roles by name, legacy permissions, and how many grants. */
export interface Holding {
  /** Role names, de-duplicated, in text order. */
  readonly roles: readonly string[];
  /** Permissions from the legacy list (not through a role), de-duplicated, as read. */
  readonly operations: readonly Operation[];
  readonly grants: number;
}

/** A content node named in a sentence (an ancestor whose restriction could not be read). */
export interface NodeFact {
  readonly id: string;
  readonly type: ContentType;
  readonly title?: string;
}

/** The facts of a finding's sentence, one shape per kind of sentence. */
export type FindingSentence =
  | { readonly kind: 'anonymous-space'; readonly holding: Holding }
  | {
      readonly kind: 'broad-admin';
      readonly holding: Holding;
      /** Present when the group is broad by its size, not by its name. */
      readonly bySize?: GroupSizeFact;
    }
  | {
      /** An account that left (deactivated) or lost Confluence access still holds grants. */
      readonly kind: 'departed-account';
      readonly standing: DepartedStanding;
      /** The most it holds: admin is worse than edit, edit worse than view. */
      readonly level: HoldingLevel;
      readonly holding: Holding;
    }
  | {
      /**
       * An account that left or lost Confluence access is still named on a content restriction
       * (the finding's content): on the edit list (`edit`) or only on the view list (`view`).
       */
      readonly kind: 'departed-restriction';
      readonly standing: DepartedStanding;
      readonly level: RestrictionLevel;
    }
  | {
      /** A personal space open to anonymous visitors, a broad access class or a broad group. */
      readonly kind: 'personal-exposed';
      readonly holding: Holding;
      readonly bySize?: GroupSizeFact;
    }
  | { readonly kind: 'sensitive-exposed'; readonly labels: readonly string[] }
  | {
      readonly kind: 'sensitive-unknown';
      readonly labels: readonly string[];
      readonly cause: UnknownCause;
      /** The node above the content whose view restriction could not be read; absent: its own. */
      readonly above?: NodeFact;
    }
  | { readonly kind: 'guest-access'; readonly holding: Holding }
  | { readonly kind: 'team-access'; readonly holding: Holding }
  | { readonly kind: 'user-grant'; readonly holding: Holding }
  | { readonly kind: 'unrecognised-principal'; readonly holding: Holding }
  | { readonly kind: 'space-unreadable'; readonly cause: UnknownCause }
  | { readonly kind: 'content-unreadable'; readonly cause: UnknownCause }
  | { readonly kind: 'permissions-unreadable'; readonly cause: UnknownCause }
  | { readonly kind: 'guests-unknown' };

/** Why an account cannot use Confluence although it still holds grants. */
export type DepartedStanding = 'deactivated' | 'no-access';

export type HoldingLevel = 'admin' | 'edit' | 'view';

/** Which of a content's restriction lists names an account: edit outranks view. */
export type RestrictionLevel = 'edit' | 'view';

/** A group broad by its size: its members and the site's licensed users when it was judged. */
export interface GroupSizeFact {
  readonly size: number;
  readonly licensed: number;
  readonly share: number;
}

export interface Finding {
  /**
   * The fingerprint: `rule|spaceKey|contentId|subject`, where `subject` identifies the principal by
   * id (not by display name, so a renamed group is not a new finding). Equal ids mean "the same
   * problem", which is what diffs and at-least-once de-duplication compare.
   */
  readonly id: string;
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly spaceKey: string;
  readonly spaceName?: string;
  readonly contentId?: string;
  readonly title?: string;
  readonly contentType?: ContentType;
  /** Who the finding is about: a group, a person, an access class, a team, anonymous visitors. */
  readonly principal?: Principal;
  /** What is wrong and how to fix it, as facts. Absent only in findings stored by earlier versions. */
  readonly sentence?: FindingSentence;
  /**
   * Findings stored by earlier versions carried their words instead: the sentence and the
   * principal as text, shown as they were stored.
   */
  readonly stored?: { readonly message: string; readonly principal?: string };
  /**
   * Set when an incremental audit carried the finding forward without reading its space again
   * (docs/ARCHITECTURE.md, "Re-audits"): when that space was last read (ISO time).
   */
  readonly carried?: { readonly readAt: string };
}

/** Builds a finding's id. `%` and `|` are escaped so distinct parts can never collide. */
export function fingerprint(parts: {
  readonly rule: RuleId;
  readonly spaceKey: string;
  readonly contentId?: string;
  readonly subject?: string;
}): string {
  return [parts.rule, parts.spaceKey, parts.contentId ?? '', parts.subject ?? '']
    .map((part) => part.replace(/%/gu, '%25').replace(/\|/gu, '%7C'))
    .join('|');
}

/**
 * Code-unit comparison rather than `localeCompare`, whose result depends on the runtime's locale:
 * the order must be the same in the Forge runtime, the CLI and the tests. All-digit strings (content
 * ids) compare as numbers so page 9 comes before page 10.
 */
export function compareText(a: string, b: string): number {
  if (/^\d+$/u.test(a) && /^\d+$/u.test(b) && a.length !== b.length) {
    return a.length - b.length;
  }
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * How principals sort within a rule, space and content: by the name the report shows first
 * (display name, group or team name, access class, or the id when no name is known), then by id.
 */
export function principalSortKey(finding: Finding): readonly [string, string] {
  const principal = finding.principal;
  if (principal === undefined) {
    const stored = finding.stored?.principal ?? '';
    return [stored, stored];
  }
  switch (principal.kind) {
    case 'user':
      return [principal.displayName ?? principal.accountId, principal.accountId];
    case 'group':
      return [principal.name ?? principal.groupId, principal.groupId];
    case 'team':
      return [principal.name ?? principal.teamId, principal.teamId];
    case 'access-class':
      return [principal.accessClass, principal.accessClass];
    case 'other':
      return [principal.type, principal.id];
    case 'anonymous':
      return ['anonymous', 'anonymous'];
  }
}

function comparePrincipals(a: Finding, b: Finding): number {
  const [nameA, idA] = principalSortKey(a);
  const [nameB, idB] = principalSortKey(b);
  return compareText(nameA, nameB) || compareText(idA, idB);
}

/** Severity, space key, rule (in table order), content id, principal, then id as the last word. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.spaceKey, b.spaceKey) ||
    RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule) ||
    compareText(a.contentId ?? '', b.contentId ?? '') ||
    comparePrincipals(a, b) ||
    compareText(a.id, b.id)
  );
}

/**
 * One finding per id (the first one seen wins), in the deterministic order. Batches delivered twice
 * or findings merged from several batches come out the same as a single clean run.
 */
export function normaliseFindings(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const finding of findings) {
    if (!byId.has(finding.id)) byId.set(finding.id, finding);
  }
  return [...byId.values()].sort(compareFindings);
}
