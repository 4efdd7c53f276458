/**
 * Accepted exceptions: a finding an admin has accepted, with a reason, an owner and an expiry, so
 * it is shown apart from the open findings until the expiry brings it back into view
 * (docs/ARCHITECTURE.md, "Findings you can act on"). An exception is keyed by the finding's
 * fingerprint (`Finding.id`: rule, space, content, subject), which is equal across audits for the
 * same problem, so an exception holds for every later audit that finds the same thing.
 */
import { RULE_IDS } from './rule-catalogue';
import type { RuleId } from './rule-catalogue';
import type { Finding } from './findings';

export const DAY_MS = 24 * 60 * 60 * 1000;

export const EXCEPTION_LIMITS = {
  /** What the form offers when the admin picks no date. */
  defaultDays: 90,
  /** An exception must be looked at again within a year. */
  maxDays: 365,
  maxReasonLength: 1000,
  /** Exceptions kept at once: listed in one answer and one CLI file. */
  maxExceptions: 500,
} as const;

export interface FindingException {
  /** The finding's fingerprint, `Finding.id`. */
  readonly findingId: string;
  readonly rule: RuleId;
  readonly spaceKey: string;
  readonly reason: string;
  /** The person answerable for the exception (account id, as UserPicker gives it). */
  readonly ownerAccountId: string;
  /** The last day (UTC, `YYYY-MM-DD`) the exception holds. */
  readonly expiresOn: string;
  /** When it was accepted (ISO time), and by whom (account id). */
  readonly acceptedAt: string;
  readonly acceptedBy: string;
  /** The finding as it was when accepted, so the exception can be shown without an audit. */
  readonly finding?: Finding;
}

export type ExceptionProblem =
  | 'finding-id-invalid'
  | 'reason-missing'
  | 'reason-too-long'
  | 'expiry-invalid'
  | 'expiry-past'
  | 'expiry-too-far';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/u;

/** Midnight UTC of a `YYYY-MM-DD` day, or undefined when it is no real day. */
function dayStart(day: string): number | undefined {
  if (!DAY_PATTERN.test(day)) return undefined;
  const at = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day) return undefined;
  return at;
}

/** `YYYY-MM-DD` (UTC) of a time. */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The expiry the form starts with: `defaultDays` from today. */
export function defaultExpiry(now: number): string {
  return dayOf(now + EXCEPTION_LIMITS.defaultDays * DAY_MS);
}

/** The latest expiry an exception accepted today may have. */
export function latestExpiry(now: number): string {
  return dayOf(now + EXCEPTION_LIMITS.maxDays * DAY_MS);
}

/** Active through the whole of its expiry day (UTC); expired from the next day on. */
export function isExceptionActive(exception: FindingException, now: number): boolean {
  const start = dayStart(exception.expiresOn);
  return start !== undefined && now < start + DAY_MS;
}

/**
 * The rule and space a fingerprint names (see `fingerprint`), or undefined when it is not one:
 * four `|`-separated parts, the first a rule id, the second a space key.
 */
export function parseFindingId(
  id: string,
): { readonly rule: RuleId; readonly spaceKey: string } | undefined {
  const parts = id.split('|');
  if (parts.length !== 4) return undefined;
  const unescape = (part: string) => part.replace(/%7C/gu, '|').replace(/%25/gu, '%');
  const rule = RULE_IDS.find((known) => known === parts[0]);
  const spaceKey = unescape(parts[1] ?? '');
  if (rule === undefined || spaceKey === '') return undefined;
  return { rule, spaceKey };
}

/** Everything wrong with an exception to be accepted now, each once. Empty when it may be kept. */
export function exceptionProblems(
  input: { readonly findingId: string; readonly reason: string; readonly expiresOn: string },
  now: number,
): ExceptionProblem[] {
  const problems: ExceptionProblem[] = [];
  if (parseFindingId(input.findingId) === undefined) problems.push('finding-id-invalid');
  const reason = input.reason.trim();
  if (reason === '') problems.push('reason-missing');
  if (reason.length > EXCEPTION_LIMITS.maxReasonLength) problems.push('reason-too-long');
  const expiry = dayStart(input.expiresOn);
  if (expiry === undefined) problems.push('expiry-invalid');
  else if (input.expiresOn < dayOf(now)) problems.push('expiry-past');
  else if (input.expiresOn > latestExpiry(now)) problems.push('expiry-too-far');
  return problems;
}

export interface ExceptedFinding {
  readonly finding: Finding;
  readonly exception: FindingException;
}

/**
 * Findings apart: those an active exception covers, and the open rest (in their order). An
 * expired exception covers nothing, so its finding is open again.
 */
export function partitionFindings(
  findings: readonly Finding[],
  exceptions: readonly FindingException[],
  now: number,
): { readonly open: Finding[]; readonly excepted: ExceptedFinding[] } {
  const active = new Map(
    exceptions
      .filter((exception) => isExceptionActive(exception, now))
      .map((exception) => [exception.findingId, exception]),
  );
  const open: Finding[] = [];
  const excepted: ExceptedFinding[] = [];
  for (const finding of findings) {
    const exception = active.get(finding.id);
    if (exception === undefined) open.push(finding);
    else excepted.push({ finding, exception });
  }
  return { open, excepted };
}
