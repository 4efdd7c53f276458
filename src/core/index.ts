/** The engine's public surface: pure functions over plain data (no I/O, no Forge). */
export * from './model';
export type { AccessDecision, Decision, Layer, Rule, Through } from './decision';
export { evaluateAccess, editOperation } from './access';
export { describeAudience, restrictionState } from './audience';
export type {
  Audience,
  AudienceFormula,
  AudienceMember,
  AudienceTerm,
  Exposure,
  RestrictionState,
} from './audience';
export { DEFAULT_SENSITIVE_LABELS, isMoreExposedThanLabelsSuggest, labelExposure } from './labels';
export type { LabelExposure } from './labels';
export { spacePermissionRoutes } from './space-permissions';
export { checkRestriction } from './restrictions';
export type { RestrictionOutcome } from './restrictions';
export { isAnonymousPrincipal } from './principals';
export { principalName } from './wording';
export * from './audit';
