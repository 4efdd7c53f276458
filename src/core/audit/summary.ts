/** Counts for the Overview tab, the CLI's `summary` and its `--fail-on` exit code. */
import { RULE_IDS, SEVERITIES, compareText, severityRank } from './findings';
import type { Finding, RuleId, Severity } from './findings';
import { unreadOf } from './coverage';
import type { UnreadSummary } from './coverage';
import { RULES_VERSION } from './rule-catalogue';

export interface SpaceSummary {
  readonly spaceKey: string;
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
}

export interface FindingsSummary {
  readonly total: number;
  /** Every severity and every rule is present, with 0 when nothing was found. */
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byRule: Readonly<Record<RuleId, number>>;
  /** Spaces with at least one finding, worst first: most high, then medium, low, info; then key. */
  readonly bySpace: readonly SpaceSummary[];
  /** What could not be read, by cause (absent in summaries stored by earlier versions). */
  readonly unread?: UnreadSummary;
  /** The rules' version that made these findings (absent: version 1). */
  readonly rulesVersion?: number;
}

/** The severities `--fail-on` accepts; informational findings never fail a run. */
export const FAIL_ON_LEVELS = ['high', 'medium', 'low'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

function severityCounts(): Record<Severity, number> {
  return { high: 0, medium: 0, low: 0, info: 0 };
}

export function summarizeFindings(findings: readonly Finding[]): FindingsSummary {
  const bySeverity = severityCounts();
  const byRule = Object.fromEntries(RULE_IDS.map((rule) => [rule, 0])) as Record<RuleId, number>;
  const spaces = new Map<string, Record<Severity, number>>();
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    byRule[finding.rule] += 1;
    const space = spaces.get(finding.spaceKey) ?? severityCounts();
    space[finding.severity] += 1;
    spaces.set(finding.spaceKey, space);
  }
  const bySpace = [...spaces.entries()]
    .map(([spaceKey, counts]) => ({
      spaceKey,
      total: SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0),
      bySeverity: counts,
    }))
    .sort(
      (a, b) =>
        SEVERITIES.reduce(
          (order, severity) => order || b.bySeverity[severity] - a.bySeverity[severity],
          0,
        ) || compareText(a.spaceKey, b.spaceKey),
    );
  return {
    total: findings.length,
    bySeverity,
    byRule,
    bySpace,
    unread: unreadOf(findings),
    rulesVersion: RULES_VERSION,
  };
}

/** True when `severity` is `threshold` or more severe. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** The CLI's `--fail-on`: exit code 2 when any finding is at or above the threshold. */
export function exceedsFailOn(findings: readonly Finding[], threshold: FailOn): boolean {
  return findings.some((finding) => isAtLeast(finding.severity, threshold));
}
