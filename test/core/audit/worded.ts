/** Findings in the English the admin page, the CLI and the CSV show (src/messages/audit.ts). */
import type { Finding } from '../../../src/core/audit';
import { findingJson, findingText } from '../../../src/messages/audit';
import type { FindingJson } from '../../../src/messages/audit';
import { messagesFor } from '../../../src/messages/locale-file';

export const english = messagesFor('en-US');

/** As `access-lens audit --json` prints them: principal and message in words. */
export function worded(findings: readonly Finding[]): FindingJson[] {
  return findings.map((finding) => findingJson(english, finding));
}

/** A rule whose findings come back worded, so a test can pin their English. */
export function wordedRule<A extends unknown[]>(
  rule: (...args: A) => Finding[],
): (...args: A) => FindingJson[] {
  return (...args) => worded(rule(...args));
}

export const messageOf = (finding: Finding): string => findingText(english, finding);
