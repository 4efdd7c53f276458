/** The engine's public surface: pure functions over plain data (no I/O, no Forge). */
export * from './model';
export type {
  AccessDecision,
  AccountStanding,
  Decision,
  Layer,
  ListedCounts,
  Rule,
  SubjectRef,
  Through,
  UncheckedCause,
  Verdict,
} from './decision';
export { verdictOf } from './decision';
export { editOperations, evaluateAccess } from './access';
export { ACCESS_CLASSES, accessClassRule, isKnownAccessClass } from './access-classes';
export type { AccessClassReach, AccessClassRule } from './access-classes';
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
export {
  hasUnlistedMembers,
  isAnonymousPrincipal,
  lacksProductAccess,
  subjectRef,
} from './principals';
export { markNamedPeople, peopleNamedIn } from './named-people';
export type { NamedPeople, NamedPerson } from './named-people';
export * from './audit';
export { personReach } from './person-reach';
export type {
  FootprintEntry,
  PageReach,
  PersonReach,
  PersonReachInput,
  ReachContent,
  ReachCoverage,
  ReachSpace,
  SpaceReach,
} from './person-reach';
