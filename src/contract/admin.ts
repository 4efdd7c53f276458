/**
 * What the admin settings page's resolvers answer (types only; shared with the UI Kit views).
 * Every admin function first checks, as the user, that the caller is a Confluence admin; a
 * non-admin gets `{ ok: false, error: { code: 'FORBIDDEN' } }` and no data.
 */
import type {
  Finding,
  FindingException,
  FindingsSummary,
  Policy,
  PolicyError,
  Severity,
} from '../core';
import type { AuditCoverage } from '../core';
import type { ViewerSummary } from './results';

export type { Finding, FindingsSummary, Policy, PolicyError, Severity } from '../core';

/** `getSettings` → the stored policy (defaults before the first save) and its version. */
export interface SettingsView {
  readonly policy: Policy;
}

/**
 * `saveSettings` payload `{ policy }` (with the `version` it was based on) answers this: saved, or
 * refused with per-field errors, or refused because someone else saved first (the current policy
 * comes back so the form can offer to reload). A refused save changes nothing.
 */
export interface SaveSettingsResult {
  readonly saved: boolean;
  readonly policy?: Policy;
  /**
   * Present when validation failed: every problem at once, each against its field — the policy's
   * own (`PolicyError`) and names Confluence does not know (`unknown-group`, `unknown-space`).
   */
  readonly fieldErrors?: readonly SettingsFieldError[];
  /** Present when someone else saved first: the current policy to reload. */
  readonly conflict?: { readonly current: Policy };
}

/** A name the policy gives that Confluence does not know (as the admin who saves it sees it). */
export type PolicyNameProblem =
  | { readonly kind: 'unknown-group'; readonly value: string }
  | { readonly kind: 'unknown-space'; readonly value: string };

/** One problem of a refused save, against the policy field it belongs to. */
export interface SettingsFieldError {
  readonly field: string;
  readonly problem: PolicyError['problem'] | PolicyNameProblem;
}

/** `searchGroups` payload `{ query, start? }` → one page of groups whose name contains it. */
export interface GroupSearchView {
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  /** Where the next page starts; absent on the last. */
  readonly nextStart?: number;
}

/**
 * `searchSpaces` payload `{ query, cursor? }` → the spaces of one page of the site's space list
 * whose key or name contains it; `nextCursor` searches the next page.
 */
export interface SpaceSearchView {
  readonly spaces: readonly { readonly key: string; readonly name: string }[];
  readonly nextCursor?: string;
}

export type AuditState = 'queued' | 'running' | 'completed' | 'partial' | 'cancelled' | 'failed';

/** Why an audit stopped early, as data (the admin page words it). */
export type AuditStop =
  /** Cancelled by an admin at `at` (ISO time). */
  | { readonly kind: 'cancelled'; readonly at: string }
  /** A cancel was asked for at `at`; the job stops after the space in progress. */
  | { readonly kind: 'stopping'; readonly at: string }
  | {
      readonly kind: 'budget';
      readonly pointsBudget: number;
      readonly hours: number;
      readonly pointsPerHour: number;
      readonly spacesDone: number;
      readonly spacesTotal: number;
    }
  /** Confluence failed `attempts` times in a row; `error` is its (developer-facing) reason. */
  | { readonly kind: 'upstream-failed'; readonly error: string; readonly attempts: number }
  /** The planning step could not be queued. */
  | { readonly kind: 'not-queued' }
  /** The audit stopped responding and a new one took its lock. */
  | { readonly kind: 'replaced' }
  /**
   * The audit showed no sign of life since `lastSeenAt` (ISO time), longer than any of its steps
   * and waits may take (its steps were stopped by the platform, or its queue event was lost):
   * the scheduled trigger ended it and freed the lock.
   */
  | { readonly kind: 'stalled'; readonly lastSeenAt: string }
  /**
   * `skipped` spaces in a row were given up after repeated failures (Confluence kept failing for
   * all of them, not for one space); `error` is the last one's (developer-facing) reason.
   */
  | { readonly kind: 'spaces-failing'; readonly skipped: number; readonly error: string };

/**
 * A space the audit gave up after `attempts` failed attempts (`error`: the last one's
 * developer-facing reason). It is reported as not inspected, and the audit went on without it.
 */
export interface AuditSkippedSpace {
  readonly spaceKey: string;
  readonly spaceName?: string;
  readonly error: string;
  readonly attempts: number;
}

export interface AuditProgress {
  readonly auditId: string;
  readonly state: AuditState;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Who started it (account id), or 'schedule'. */
  readonly startedBy: string;
  readonly spacesDone: number;
  readonly spacesTotal: number;
  readonly pointsUsed: number;
  readonly pointsBudget: number;
  /** Seconds, estimated from the pace so far; absent until it can be estimated. */
  readonly etaSeconds?: number;
  /** Why the audit stopped early (budget reached, cancelled, an error). */
  readonly stop?: AuditStop;
  /** The same, in words, for audits recorded by earlier versions (which stored no `stop`). */
  readonly note?: string;
  /** Spaces given up after repeated failures (included in `spacesDone`); absent when none. */
  readonly spacesSkipped?: number;
  /** The first of them, with why (the rest are counted only). */
  readonly skippedSpaces?: readonly AuditSkippedSpace[];
  readonly summary?: AuditFindingsSummary;
  /** What the audit read and could not read, measured; present once it has ended. */
  readonly coverage?: AuditCoverage;
  /** An incremental audit's spaces carried forward unread; absent when none was. */
  readonly carried?: AuditCarried;
}

/**
 * Spaces an incremental audit carried forward without reading them again, because nothing said
 * they changed (docs/ARCHITECTURE.md, "Re-audits"). Their findings are those of their last read.
 */
export interface AuditCarried {
  /** Counted in `spacesDone`. */
  readonly spaces: number;
  /** The earliest of their last reads (ISO time). */
  readonly since: string;
  /** When the next full reconciliation, which reads every space, is due (ISO time). */
  readonly nextFullAt?: string;
}

/**
 * An audit's summary as it is kept: `bySpace` lists the worst spaces only (at most 100), and
 * `spacesWithFindings` says how many spaces have findings in all (absent in audits stored by
 * earlier versions, whose `bySpace` listed every one).
 */
export interface AuditFindingsSummary extends FindingsSummary {
  readonly spacesWithFindings?: number;
}

/**
 * How long ago Confluence last confirmed that the caller administers Confluence, and how long
 * that word is still trusted without asking again (each asking costs points from the app's shared
 * pool). The page polls freely while it is trusted and spaces out the polls that ask again.
 */
export interface AdminCheckFreshness {
  readonly ageMs: number;
  readonly freshForMs: number;
}

/** `getAuditStatus` → the latest (or the given) audit; `none` before the first audit. */
export type AuditStatusView = {
  readonly audit: AuditProgress | null;
  /** When the app read this progress (ISO time); absent from answers of earlier versions. */
  readonly asOf?: string;
  readonly adminCheck?: AdminCheckFreshness;
};

/**
 * `getAdminOverview` → everything the settings page needs to open, in one call: who is looking
 * and, only for a Confluence admin, the latest audit. A non-admin gets `status` absent.
 */
export interface AdminOverview {
  readonly viewer: ViewerSummary;
  readonly status?: AuditStatusView;
}

/** `getAuditReport` payload filters and paging; answer is one page of findings. */
export interface AuditReportQuery {
  readonly auditId?: string;
  readonly severity?: Severity;
  readonly rule?: string;
  readonly spaceKey?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface AuditReportPage {
  readonly auditId: string;
  readonly findings: readonly Finding[];
  readonly total: number;
  readonly nextCursor?: string;
}

export interface AuditHistoryView {
  readonly audits: readonly AuditProgress[];
}

export interface AuditDiffView {
  readonly fromAuditId: string;
  readonly toAuditId: string;
  /** Appeared on the site: the previous audit's policy and rules would have flagged it too. */
  readonly added: readonly Finding[];
  /** Gone from the site (fixed, or no longer visible): the current policy still flags such a thing. */
  readonly resolved: readonly Finding[];
  readonly unchanged: number;
  /** New only because the policy got stricter: the site had it before. Absent from older answers. */
  readonly flaggedByPolicy?: readonly Finding[];
  /** Gone only because the policy allows it now: still so on the site. */
  readonly allowedByPolicy?: readonly Finding[];
  /** New or gone because the app's rules changed between the two audits. */
  readonly flaggedByRules?: readonly Finding[];
  readonly droppedByRules?: readonly Finding[];
}

/**
 * `exportAuditCsv` → a download: a short-lived signed URL when the platform's object store is
 * available, and the CSV itself (RFC 4180) either way, with a suggested file name.
 */
export interface AuditCsvExport {
  readonly fileName: string;
  readonly rows: number;
  readonly csv: string;
  readonly downloadUrl?: string;
  /** The report filters the file honours; absent when it holds every finding. */
  readonly filters?: AuditCsvFilters;
}

/**
 * `exportAuditCsv` payload `{ auditId?, severity?, rule?, spaceKey?, siteUrl? }`: the findings
 * table's active filters, and the site's address (from the view's product context) that makes
 * each row's `link` absolute. The address only shapes the caller's own file.
 */
export interface AuditCsvFilters {
  readonly severity?: Severity;
  readonly rule?: string;
  readonly spaceKey?: string;
}

// ── accepted exceptions (docs/ARCHITECTURE.md, "Findings you can act on") ─────────────────────

export type { ExceptionProblem, FindingException } from '../core';

/** An exception as the admin page and `access-lens audit --exceptions` read it. */
export interface ExceptionView extends FindingException {
  /** False once its expiry day has passed: its finding is open again. */
  readonly active: boolean;
}

/**
 * `listExceptions` → every kept exception, active and expired, as of `asOf`; with the form's
 * default and latest expiry (`YYYY-MM-DD`, UTC). This answer is also the file the CLI takes.
 */
export interface ExceptionsView {
  readonly exceptions: readonly ExceptionView[];
  readonly asOf: string;
  readonly defaultExpiry: string;
  readonly latestExpiry: string;
}

/** `acceptException` payload; the answer is the kept exception. */
export interface AcceptExceptionPayload {
  readonly findingId: string;
  readonly reason: string;
  readonly ownerAccountId: string;
  readonly expiresOn: string;
}

/** `revokeException` payload `{ findingId }` → `{ revoked: true }`. */
export interface RevokeExceptionResult {
  readonly revoked: true;
}
