/**
 * What an audit produces: findings with stable rule ids and severities, a stable
 * fingerprint per finding, and one deterministic order, so the app, the CLI, the CSV and the diff
 * all agree.
 */

export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULE_IDS = [
  'anonymous-space-access',
  'broad-group-admin',
  'sensitive-page-unrestricted',
  'guest-space-access',
  'team-space-access',
  'user-grants',
  'not-inspectable',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

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
  readonly contentId?: string;
  readonly title?: string;
  /** Who the finding is about, for people: a group name, "Alice (accountId)", an access class. */
  readonly principal?: string;
  /** Plain language: what is wrong and how to fix it. */
  readonly message: string;
}

/** Lower is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
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

/** Severity, space key, rule (in table order), content id, principal, then id as the last word. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.spaceKey, b.spaceKey) ||
    RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule) ||
    compareText(a.contentId ?? '', b.contentId ?? '') ||
    compareText(a.principal ?? '', b.principal ?? '') ||
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
