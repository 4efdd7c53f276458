/** The audit's public surface: pure rules, policy, summary, diff and CSV over plain data. */
export {
  AUDIT_RULES,
  RULE_IDS,
  RULE_SEVERITY,
  SEVERITIES,
  auditRule,
  severityRank,
} from './rule-catalogue';
export type { AuditRule, RuleId, Severity } from './rule-catalogue';
export { compareFindings, fingerprint, normaliseFindings } from './findings';
export type { Finding, FindingSentence, Holding, NodeFact } from './findings';
export {
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
export type { AuditPolicy, LabelledContent, NotInspectable, SpaceAuditInput } from './rules';
export {
  AUDIT_SCHEDULES,
  DEFAULT_BROAD_GROUPS,
  DEFAULT_POINTS_BUDGET_SHARE,
  DEFAULT_POLICY,
  POLICY_LIMITS,
  formEncodedLength,
  labelSearchLength,
  normaliseGroup,
  normaliseLabel,
  normaliseSpaceKey,
  validatePolicy,
} from './policy';
export type {
  AuditSchedule,
  Policy,
  PolicyError,
  PolicyField,
  PolicyList,
  PolicyProblem,
  PolicyValidation,
} from './policy';
export { FAIL_ON_LEVELS, exceedsFailOn, isAtLeast, summarizeFindings } from './summary';
export type { FailOn, FindingsSummary, SpaceSummary } from './summary';
export { diffFindings } from './diff';
export type { FindingsDiff } from './diff';
export { FINDINGS_CSV_COLUMNS, csvCell, toCsv } from './csv';
export type { CsvOptions, FindingsCsvColumn } from './csv';
