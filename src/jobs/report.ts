/** What the admin page reads about audits: progress, report pages, diffs and the CSV export. */
import { auditCoverage, diffFindings } from '../core';
import type { AuditPolicy, Finding, FindingException, FindingsSummary } from '../core';
import type {
  AuditCsvExport,
  AuditCsvFilters,
  AuditDiffView,
  AuditProgress,
  AuditReportPage,
  AuditReportQuery,
  AuditStop,
} from '../contract/admin';
import type { AuditRecord, CancelRequest } from '../storage/audits';
import { isTerminal } from '../storage/audits';
import { readIndexedPage } from '../storage/findings-index';
import { RULE_IDS } from '../core';
import { auditCsv } from './findings-csv';
import { HOUR_MS } from './audit-job';

/** The record as the progress bar shows it; a requested cancel shows at once. */
export function toProgress(
  record: AuditRecord,
  cancel: CancelRequest | undefined,
  now: number,
): AuditProgress {
  const stopping = cancel !== undefined && !isTerminal(record.state);
  const eta = isTerminal(record.state) || stopping ? undefined : etaSeconds(record, now);
  const stop: AuditStop | undefined = stopping ? { kind: 'stopping', at: cancel.at } : record.stop;
  // Records of earlier versions have their reason in words only.
  const note = stop === undefined ? record.note : undefined;
  return {
    auditId: record.auditId,
    state: stopping ? 'cancelled' : record.state,
    startedAt: record.startedAt,
    ...(record.finishedAt === undefined ? {} : { finishedAt: record.finishedAt }),
    startedBy: record.startedBy,
    spacesDone: record.spacesDone,
    spacesTotal: record.spacesTotal,
    pointsUsed: record.pointsUsed,
    pointsBudget: record.pointsBudget,
    ...(eta === undefined ? {} : { etaSeconds: eta }),
    ...(stop === undefined ? {} : { stop }),
    ...(note === undefined ? {} : { note }),
    ...(record.spacesSkipped === undefined || record.spacesSkipped === 0
      ? {}
      : { spacesSkipped: record.spacesSkipped, skippedSpaces: record.skippedSpaces ?? [] }),
    ...(record.summary === undefined ? {} : { summary: record.summary }),
    ...(record.spacesCarried === undefined ||
    record.spacesCarried === 0 ||
    record.carriedSince === undefined
      ? {}
      : {
          carried: {
            spaces: record.spacesCarried,
            since: record.carriedSince,
            ...(record.nextFullAt === undefined ? {} : { nextFullAt: record.nextFullAt }),
          },
        }),
    ...(record.summary?.unread === undefined || !isTerminal(record.state)
      ? {}
      : {
          coverage: auditCoverage({
            reader: 'app',
            spacesListed: record.spacesTotal,
            spacesDone: record.spacesDone,
            unread: record.summary.unread,
          }),
        }),
  };
}

/**
 * Remaining spaces at the pace so far, or at the points pace when the hourly share is what holds
 * the audit back; absent until one space is done.
 */
export function etaSeconds(record: AuditRecord, now: number): number | undefined {
  if (record.spacesDone === 0 || record.spacesTotal === 0) return undefined;
  const remaining = record.spacesTotal - record.spacesDone;
  if (remaining <= 0) return 0;
  const elapsed = Math.max(0, now - record.startedAtMs);
  const byTime = (elapsed / record.spacesDone) * remaining;
  const pointsLeft = (record.pointsUsed / record.spacesDone) * remaining;
  const window = Math.floor(elapsed / HOUR_MS);
  const roomNow = Math.max(0, record.pointsPerHour - (record.windowPoints[window] ?? 0));
  const byPoints =
    pointsLeft <= roomNow
      ? 0
      : HOUR_MS * (window + 1) -
        elapsed +
        ((pointsLeft - roomNow) / record.pointsPerHour) * HOUR_MS;
  return Math.ceil(Math.max(byTime, byPoints) / 1000);
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/** One page of an audit's findings, filtered, in the deterministic finding order. */
export function reportPage(
  auditId: string,
  findings: readonly Finding[],
  query: AuditReportQuery,
): AuditReportPage {
  const matching = findings.filter(
    (finding) =>
      (query.severity === undefined || finding.severity === query.severity) &&
      (query.rule === undefined || finding.rule === query.rule) &&
      (query.spaceKey === undefined || finding.spaceKey === query.spaceKey),
  );
  const start = query.cursor === undefined ? 0 : Number(query.cursor);
  const limit = query.limit ?? DEFAULT_PAGE;
  const page = matching.slice(start, start + limit);
  const end = start + page.length;
  return {
    auditId,
    findings: page,
    total: matching.length,
    ...(end < matching.length ? { nextCursor: String(end) } : {}),
  };
}

/**
 * One page of a finished audit's findings read through its index: the index, at most one space
 * directory chunk and the segments the page shows, whatever the audit's size. Undefined for an
 * audit still running or stored by an earlier version (the caller reads those whole).
 */
export async function indexedReportPage(
  record: AuditRecord,
  query: AuditReportQuery,
): Promise<AuditReportPage | undefined> {
  if (!isTerminal(record.state)) return undefined;
  const rule = RULE_IDS.find((id) => id === query.rule);
  if (query.rule !== undefined && rule === undefined) {
    return { auditId: record.auditId, findings: [], total: 0 };
  }
  const start = query.cursor === undefined ? 0 : Number(query.cursor);
  const page = await readIndexedPage(record.auditId, {
    ...(query.severity === undefined ? {} : { severity: query.severity }),
    ...(rule === undefined ? {} : { rule }),
    ...(query.spaceKey === undefined ? {} : { spaceKey: query.spaceKey }),
    start,
    limit: query.limit ?? DEFAULT_PAGE,
  });
  if (page === undefined) return undefined;
  const end = start + page.findings.length;
  return {
    auditId: record.auditId,
    findings: page.findings,
    total: page.total,
    ...(end < page.total ? { nextCursor: String(end) } : {}),
  };
}

/** One side of a diff: an audit's findings, and the policy and rules it was made with. */
export interface DiffAudit {
  readonly auditId: string;
  readonly findings: readonly Finding[];
  /** The policy fixed at the audit's start (`AuditRecord.policy`). */
  readonly policy?: AuditPolicy;
  readonly summary?: Pick<FindingsSummary, 'rulesVersion'>;
}

/**
 * What changed between two audits, each change with its cause: the site, the policy, or the
 * app's rules (docs/ARCHITECTURE.md, "What changed, and why").
 */
export function auditDiff(from: DiffAudit, to: DiffAudit): AuditDiffView {
  const side = (audit: DiffAudit) => ({
    ...(audit.policy === undefined ? {} : { policy: audit.policy }),
    rulesVersion: audit.summary?.rulesVersion ?? 1,
  });
  const diff = diffFindings(from.findings, to.findings, {
    previous: side(from),
    current: side(to),
  });
  return {
    fromAuditId: from.auditId,
    toAuditId: to.auditId,
    added: diff.added,
    resolved: diff.resolved,
    unchanged: diff.unchanged.length,
    flaggedByPolicy: diff.flaggedByPolicy,
    allowedByPolicy: diff.allowedByPolicy,
    flaggedByRules: diff.flaggedByRules,
    droppedByRules: diff.droppedByRules,
  };
}

/** The findings a report's filters let through, in the order given. */
export function matchingFindings(
  findings: readonly Finding[],
  filters: AuditCsvFilters,
): readonly Finding[] {
  return findings.filter(
    (finding) =>
      (filters.severity === undefined || finding.severity === filters.severity) &&
      (filters.rule === undefined || finding.rule === filters.rule) &&
      (filters.spaceKey === undefined || finding.spaceKey === filters.spaceKey),
  );
}

/**
 * The CSV (RFC 4180, formula-safe) of the findings the admin is looking at: the report's active
 * filters apply, and each row links to where it is fixed when the site's address is known. The
 * file name says which filters made it, so two exports of one audit are told apart.
 * `downloadUrl` is left out: `@forge/object-store` is not a dependency of the app (the view hands
 * the CSV to the browser as a file instead; docs/ARCHITECTURE.md, "Exports").
 */
export function csvExport(
  record: AuditRecord,
  findings: readonly Finding[],
  filters: AuditCsvFilters = {},
  siteUrl?: string,
  /** Active exceptions by finding id: the `exception` column. */
  exceptions?: ReadonlyMap<string, FindingException>,
): AuditCsvExport {
  const day = (record.finishedAt ?? record.startedAt).slice(0, 10);
  const rows = matchingFindings(findings, filters);
  const parts = [filters.severity, filters.rule, filters.spaceKey]
    .filter((part): part is string => part !== undefined)
    .map((part) => part.replace(/[^A-Za-z0-9~_-]/gu, '_'));
  return {
    fileName: `access-lens-audit-${day}-${record.auditId}${parts.map((part) => `-${part}`).join('')}.csv`,
    rows: rows.length,
    ...(Object.keys(filters).length === 0 ? {} : { filters }),
    csv: auditCsv(rows, {
      ...(siteUrl === undefined ? {} : { siteUrl }),
      ...(exceptions === undefined ? {} : { exceptions }),
    }),
  };
}
