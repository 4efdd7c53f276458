/** The audit's public surface: pure rules, policy, summary, diff and CSV over plain data. */
export {
  RULE_IDS,
  SEVERITIES,
  compareFindings,
  fingerprint,
  normaliseFindings,
  severityRank,
} from './findings';
export type { Finding, RuleId, Severity } from './findings';
export {
  AUDIT_RULES,
  RULE_SEVERITY,
  anonymousSpaceAccess,
  auditSpace,
  auditSpaces,
  broadGroupAdmin,
  guestSpaceAccess,
  notInspectable,
  sensitivePageUnrestricted,
  teamSpaceAccess,
  userGrants,
} from './rules';
export type {
  AuditPolicy,
  AuditRule,
  LabelledContent,
  NotInspectable,
  SpaceAuditInput,
} from './rules';
export {
  AUDIT_SCHEDULES,
  DEFAULT_BROAD_GROUPS,
  DEFAULT_POINTS_BUDGET_SHARE,
  DEFAULT_POLICY,
  POLICY_LIMITS,
  normaliseGroup,
  normaliseLabel,
  normaliseSpaceKey,
  validatePolicy,
} from './policy';
export type { AuditSchedule, Policy, PolicyError, PolicyField, PolicyValidation } from './policy';
export { FAIL_ON_LEVELS, exceedsFailOn, isAtLeast, summarizeFindings } from './summary';
export type { FailOn, FindingsSummary, SpaceSummary } from './summary';
export { diffFindings } from './diff';
export type { FindingsDiff } from './diff';
export { FINDINGS_CSV_COLUMNS, csvCell, findingsToCsv, toCsv } from './csv';
export type { CsvOptions } from './csv';
