/**
 * The Changes tab: what appeared and what went away between two audits, by fingerprint, and why.
 * A finding can come or go because the site changed, because the policy changed (a label became
 * sensitive, a space was allowed to be public) or because the app's rules changed between the two
 * audits; each is its own list, so a policy edit never shows as a fixed or a new problem on the
 * site (docs/ARCHITECTURE.md, "What changed, and why").
 */
import { normaliseFindings } from './findings';
import type { Finding } from './findings';
import { normaliseGroup, normaliseLabel, normaliseSpaceKey } from './policy';
import { ruleChangedBetween } from './rule-catalogue';
import { broadBySizeUnder } from './rules';
import type { AuditPolicy } from './rules';

export interface FindingsDiff {
  /** In `current` only, and flagged by the previous policy and rules too: the site changed. */
  readonly added: readonly Finding[];
  /** In `previous` only, and still flagged by the current policy and rules: fixed on the site, or no longer visible to the audit. */
  readonly resolved: readonly Finding[];
  /**
   * In both, as they are now: the message may have changed (e.g. a renamed group or an extra role)
   * while the problem is the same one.
   */
  readonly unchanged: readonly Finding[];
  /** In `current` only because the current policy flags what the previous one did not. */
  readonly flaggedByPolicy: readonly Finding[];
  /** In `previous` only because the current policy allows it: still so on the site. */
  readonly allowedByPolicy: readonly Finding[];
  /** In `current` only because a rule was added or changed between the two audits. */
  readonly flaggedByRules: readonly Finding[];
  /** In `previous` only because a rule changed between the two audits. */
  readonly droppedByRules: readonly Finding[];
}

/** What a diff knows about each audit besides its findings; absent parts are taken as equal. */
export interface DiffSide {
  readonly policy?: AuditPolicy;
  /** `RULES_VERSION` of the audit; audits stored before it was recorded are version 1. */
  readonly rulesVersion?: number;
}

/** Each list is de-duplicated by id and in the deterministic finding order. */
export function diffFindings(
  previous: readonly Finding[],
  current: readonly Finding[],
  sides: { readonly previous?: DiffSide; readonly current?: DiffSide } = {},
): FindingsDiff {
  const before = new Set(previous.map((finding) => finding.id));
  const now = normaliseFindings(current);
  const after = new Set(now.map((finding) => finding.id));
  const fromVersion = sides.previous?.rulesVersion ?? 1;
  const toVersion = sides.current?.rulesVersion ?? 1;
  const added: Finding[] = [];
  const flaggedByPolicy: Finding[] = [];
  const flaggedByRules: Finding[] = [];
  for (const finding of now) {
    if (before.has(finding.id)) continue;
    const previousPolicy = sides.previous?.policy;
    if (previousPolicy !== undefined && !flaggedUnder(finding, previousPolicy)) {
      flaggedByPolicy.push(finding);
    } else if (ruleChangedBetween(finding.rule, fromVersion, toVersion)) {
      flaggedByRules.push(finding);
    } else {
      added.push(finding);
    }
  }
  const resolved: Finding[] = [];
  const allowedByPolicy: Finding[] = [];
  const droppedByRules: Finding[] = [];
  for (const finding of normaliseFindings(previous)) {
    if (after.has(finding.id)) continue;
    const currentPolicy = sides.current?.policy;
    if (currentPolicy !== undefined && !flaggedUnder(finding, currentPolicy)) {
      allowedByPolicy.push(finding);
    } else if (ruleChangedBetween(finding.rule, fromVersion, toVersion)) {
      droppedByRules.push(finding);
    } else {
      resolved.push(finding);
    }
  }
  return {
    added,
    resolved,
    unchanged: now.filter((finding) => before.has(finding.id)),
    flaggedByPolicy,
    allowedByPolicy,
    flaggedByRules,
    droppedByRules,
  };
}

/**
 * Whether `policy` flags what `finding` records, judged from the finding's own facts (its space,
 * principal, labels, group size): false only when the policy is what makes the difference.
 * Findings whose rule reads no policy are always flagged.
 */
export function flaggedUnder(finding: Finding, policy: AuditPolicy): boolean {
  const sentence = finding.sentence;
  if (sentence === undefined) return true;
  const allowedAnonymous = (): boolean =>
    policy.allowedAnonymousSpaces
      .map(normaliseSpaceKey)
      .includes(normaliseSpaceKey(finding.spaceKey));
  const labelled = (labels: readonly string[]): boolean => {
    const sensitive = new Set(policy.sensitiveLabels.map(normaliseLabel));
    return labels.some((label) => sensitive.has(normaliseLabel(label)));
  };
  switch (sentence.kind) {
    case 'anonymous-space':
      return !allowedAnonymous();
    case 'sensitive-exposed':
    case 'sensitive-unknown':
      return labelled(sentence.labels);
    case 'broad-admin':
    case 'personal-exposed': {
      const principal = finding.principal;
      if (principal?.kind === 'anonymous') {
        return sentence.kind === 'broad-admin' || !allowedAnonymous();
      }
      if (principal?.kind !== 'group') return true;
      const broad = new Set(policy.broadGroups.map(normaliseGroup));
      const named =
        broad.has(normaliseGroup(principal.groupId)) ||
        (principal.name !== undefined && broad.has(normaliseGroup(principal.name)));
      return named || (sentence.bySize !== undefined && broadBySizeUnder(sentence.bySize, policy));
    }
    case 'departed-account':
    case 'departed-restriction':
    case 'guest-access':
    case 'team-access':
    case 'user-grant':
    case 'unrecognised-principal':
    case 'space-unreadable':
    case 'content-unreadable':
    case 'permissions-unreadable':
    case 'guests-unknown':
      return true;
  }
}
