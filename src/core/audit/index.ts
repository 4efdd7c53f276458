/** The audit's public surface: pure rules, policy, summary, diff and CSV over plain data. */
export {
  AUDIT_RULES,
  RULES_VERSION,
  RULE_CHANGES,
  RULE_IDS,
  RULE_SEVERITY,
  SEVERITIES,
  auditRule,
  ruleChangedBetween,
  severityRank,
} from './rule-catalogue';
export type { AuditRule, RuleId, Severity } from './rule-catalogue';
export { compareFindings, fingerprint, normaliseFindings } from './findings';
export type {
  DepartedStanding,
  Finding,
  FindingSentence,
  GroupSizeFact,
  Holding,
  HoldingLevel,
  RestrictionLevel,
  NodeFact,
} from './findings';
export {
  anonymousSpaceAccess,
  auditSpace,
  auditSpaces,
  broadBySizeUnder,
  broadGroupAdmin,
  departedAccountAccess,
  guestSpaceAccess,
  personalSpaceExposed,
  notInspectable,
  sensitivePageUnrestricted,
  teamSpaceAccess,
  userGrants,
} from './rules';
export type { AuditPolicy, LabelledContent, NotInspectable, SpaceAuditInput } from './rules';
export {
  AUDIT_RECONCILES,
  AUDIT_SCHEDULES,
  DEFAULT_BROAD_GROUPS,
  DEFAULT_BROAD_GROUP_SHARE,
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
  AuditReconcile,
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
export { diffFindings, flaggedUnder } from './diff';
export type { DiffSide, FindingsDiff } from './diff';
export { auditCoverage, unreadOf } from './coverage';
export type { AuditCoverage, UnreadCount, UnreadSummary } from './coverage';
export { FINDINGS_CSV_COLUMNS, csvCell, toCsv } from './csv';
export type { CsvOptions, FindingsCsvColumn } from './csv';
export { fixLocation } from './fix-location';
export type { FixLocation } from './fix-location';
export {
  DAY_MS,
  EXCEPTION_LIMITS,
  dayOf,
  defaultExpiry,
  exceptionProblems,
  isExceptionActive,
  latestExpiry,
  parseFindingId,
  partitionFindings,
} from './exceptions';
export type { ExceptedFinding, ExceptionProblem, FindingException } from './exceptions';
