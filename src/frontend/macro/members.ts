import type { AudienceMember, Unknown } from '../../core';

/** The engine marks a list it could not read as `{ unknown: cause }` instead of an array. */
export function isUnknownList(members: readonly AudienceMember[] | Unknown): members is Unknown {
  return !Array.isArray(members);
}
