/** The engine's public surface: pure functions over plain data (no I/O, no Forge). */
export * from './model';
export type {
  AccessDecision,
  AccountStanding,
  Decision,
  Layer,
  Rule,
  Through,
  UncheckedCause,
  Verdict,
} from './decision';
export { verdictOf } from './decision';
export { editAction, editOperations, evaluateAccess } from './access';
export { describeAudience, restrictionState } from './audience';
export type {
  Audience,
  AudienceFormula,
  AudienceMember,
  AudienceTerm,
  Exposure,
  OtherWayIn,
  RestrictionState,
  TermUncertainty,
} from './audience';
export { DEFAULT_SENSITIVE_LABELS, isMoreExposedThanLabelsSuggest, labelExposure } from './labels';
export type { LabelExposure } from './labels';
export { spaceAccessRoutes, spacePermissionRoutes } from './space-permissions';
export type { SpaceAccessRoutes } from './space-permissions';
export { checkRestriction } from './restrictions';
export type { RestrictionOutcome } from './restrictions';
export { hasUnlistedMembers, isAnonymousPrincipal, lacksProductAccess } from './principals';
export { principalName, teamName } from './wording';
export * from './audit';
