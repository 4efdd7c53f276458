/** The Changes tab: what appeared and what went away between two audits, by fingerprint. */
import { normaliseFindings } from './findings';
import type { Finding } from './findings';

export interface FindingsDiff {
  /** In `current` only. */
  readonly added: readonly Finding[];
  /** In `previous` only: fixed, or no longer visible to the audit. */
  readonly resolved: readonly Finding[];
  /**
   * In both, as they are now: the message may have changed (e.g. a renamed group or an extra role)
   * while the problem is the same one.
   */
  readonly unchanged: readonly Finding[];
}

/** Each list is de-duplicated by id and in the deterministic finding order. */
export function diffFindings(
  previous: readonly Finding[],
  current: readonly Finding[],
): FindingsDiff {
  const before = new Set(previous.map((finding) => finding.id));
  const now = normaliseFindings(current);
  const after = new Set(now.map((finding) => finding.id));
  return {
    added: now.filter((finding) => !before.has(finding.id)),
    resolved: normaliseFindings(previous).filter((finding) => !after.has(finding.id)),
    unchanged: now.filter((finding) => before.has(finding.id)),
  };
}
