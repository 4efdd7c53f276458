/**
 * What the admin settings page's resolvers answer (types only; shared with the UI Kit views).
 * Every admin function first checks, as the user, that the caller is a Confluence admin; a
 * non-admin gets `{ ok: false, error: { code: 'FORBIDDEN' } }` and no data.
 */
import type { Finding, FindingsSummary, Policy, PolicyError, Severity } from '../core';

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
  /** Present when validation failed: one entry per field. */
  readonly fieldErrors?: readonly PolicyError[];
  /** Present when someone else saved first: the current policy to reload. */
  readonly conflict?: { readonly current: Policy };
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
  | { readonly kind: 'replaced' };

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
  readonly summary?: FindingsSummary;
}

/** `getAuditStatus` → the latest (or the given) audit; `none` before the first audit. */
export type AuditStatusView = { readonly audit: AuditProgress | null };

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
  readonly added: readonly Finding[];
  readonly resolved: readonly Finding[];
  readonly unchanged: number;
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
}
