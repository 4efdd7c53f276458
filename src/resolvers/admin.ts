import type Resolver from '@forge/resolver';
import { z } from 'zod';
import type {
  AdminCheckFreshness,
  AdminOverview,
  AuditCsvExport,
  AuditDiffView,
  AuditHistoryView,
  AuditProgress,
  AuditReportPage,
  AuditStatusView,
  ExceptionView,
  ExceptionsView,
  GroupSearchView,
  RevokeExceptionResult,
  SaveSettingsResult,
  SettingsView,
  SpaceSearchView,
} from '../contract/admin';
import {
  EXCEPTION_LIMITS,
  RULE_IDS,
  SEVERITIES,
  defaultExpiry,
  exceptionProblems,
  isExceptionActive,
  latestExpiry,
  normaliseFindings,
  parseFindingId,
  partitionFindings,
  validatePolicy,
} from '../core';
import type { Finding, FindingException, RuleId } from '../core';
import { platformClock } from '../jobs/clock';
import { forgeAuditJob } from '../jobs/forge-adapters';
import {
  MAX_PAGE,
  auditDiff,
  csvExport,
  indexedReportPage,
  reportPage,
  toProgress,
} from '../jobs/report';
import {
  HISTORY_LIMIT,
  isTerminal,
  readBatchFindings,
  readCancel,
  readFindings,
  readHistory,
  readRecord,
  requestCancel,
} from '../storage/audits';
import type { AuditRecord } from '../storage/audits';
import { deleteException, readExceptions, writeException } from '../storage/exceptions';
import { loadPolicy, savePolicy } from '../storage/settings';
import { adminOnly, askWhoIsLooking } from './admin-check';
import { ResolverFailure, defineFunction } from './define';
import { namedLists, searchGroups, searchSpaces, unknownNames } from './policy-names';

/**
 * The admin settings page's functions. Who the caller is comes from the platform
 * (`accountId`) and what they may do from Confluence, read as the user — never from the
 * module the request claims to come from.
 */
export function registerAdminFeature(resolver: Resolver): void {
  // Not gated: it is how the settings page learns whether to offer the audit at all, and its one
  // start-up call: who is looking and, for an admin, the latest audit.
  // It always asks Confluence (once), so reopening the page shows a revoked admin the refusal at
  // once; the answer also refreshes the remembered verdict the page's polls then rely on.
  defineFunction(resolver, 'getAdminOverview', {
    payload: z.strictObject({}),
    async handle({ caller, asUser }): Promise<AdminOverview> {
      const { viewer, check } = await askWhoIsLooking({ caller, asUser });
      if (check === undefined) return { viewer };
      const record = await findAudit(undefined, { optional: true });
      return { viewer, status: await statusView(record, check) };
    },
  });

  defineFunction(
    resolver,
    'getSettings',
    adminOnly({
      payload: z.strictObject({}),
      async handle(): Promise<SettingsView> {
        return { policy: await loadPolicy() };
      },
    }),
  );

  defineFunction(
    resolver,
    'saveSettings',
    adminOnly({
      // A policy at its limits (50 labels and groups, 500 space keys) is far above 8 KiB.
      maxPayloadBytes: 256 * 1024,
      // The policy itself is checked by `validatePolicy`, so each problem names its form field.
      payload: z.strictObject({ policy: z.unknown() }),
      async handle({ payload, asUser }): Promise<SaveSettingsResult> {
        const checked = validatePolicy(payload.policy);
        const refused = checked.ok ? [] : checked.errors;
        // Every problem at once: names Confluence does not know are checked even when another
        // field was refused, as the admin sees Confluence.
        const stored = await loadPolicy();
        // A stale save is answered first: the admin merges with the newer version before
        // anything else about theirs matters.
        if (checked.ok && checked.policy.version !== stored.version) {
          return { saved: false, conflict: { current: stored } };
        }
        const lists = namedLists(payload.policy, checked.ok ? checked.policy : undefined, refused);
        const unknown = await unknownNames(asUser(), lists, stored);
        if (!checked.ok || unknown.length > 0) {
          return { saved: false, fieldErrors: [...refused, ...unknown] };
        }
        const outcome = await savePolicy(checked.policy);
        return outcome.saved
          ? { saved: true, policy: outcome.policy }
          : { saved: false, conflict: { current: outcome.current } };
      },
    }),
  );

  // The policy form's pickers: Confluence's groups and spaces, searched as the admin.
  defineFunction(
    resolver,
    'searchGroups',
    adminOnly({
      payload: z.strictObject({
        query: z.string().trim().min(1).max(100),
        start: z.number().int().min(0).max(100_000).optional(),
      }),
      async handle({ payload, asUser }): Promise<GroupSearchView> {
        return searchGroups(asUser(), payload.query, payload.start ?? 0);
      },
    }),
  );

  defineFunction(
    resolver,
    'searchSpaces',
    adminOnly({
      payload: z.strictObject({
        query: z.string().trim().min(1).max(100),
        cursor: z.string().min(1).max(2000).optional(),
      }),
      async handle({ payload, asUser }): Promise<SpaceSearchView> {
        return searchSpaces(asUser(), payload.query, payload.cursor);
      },
    }),
  );

  defineFunction(
    resolver,
    'startAudit',
    adminOnly({
      payload: z.strictObject({}),
      async handle({ caller }): Promise<AuditProgress> {
        const job = forgeAuditJob();
        const outcome = await job.start(caller.accountId);
        if (!outcome.started) {
          throw outcome.running === undefined
            ? new ResolverFailure('BAD_REQUEST', 'audit-running')
            : new ResolverFailure('BAD_REQUEST', 'audit-running-since', {
                since: outcome.running.startedAt,
              });
        }
        return toProgress(outcome.record, undefined, job.clock.now());
      },
    }),
  );

  defineFunction(
    resolver,
    'getAuditStatus',
    adminOnly({
      payload: z.strictObject({ auditId: auditIdSchema.optional() }),
      async handle({ payload, adminCheck }): Promise<AuditStatusView> {
        const record = await findAudit(payload.auditId, { optional: true });
        return statusView(record, adminCheck);
      },
    }),
  );

  defineFunction(
    resolver,
    'cancelAudit',
    adminOnly({
      payload: z.strictObject({ auditId: auditIdSchema.optional() }),
      async handle({ payload, caller, adminCheck }): Promise<AuditStatusView> {
        const record = await findAudit(payload.auditId, { optional: true });
        if (record === undefined) return statusView(undefined, adminCheck);
        // The job stops itself at its next step; the resolver never writes the job's record.
        if (!isTerminal(record.state) && (await readCancel(record.auditId)) === undefined) {
          await requestCancel(
            record.auditId,
            caller.accountId,
            new Date(platformClock().now()).toISOString(),
          );
        }
        return statusView(record, adminCheck);
      },
    }),
  );

  defineFunction(
    resolver,
    'getAuditReport',
    adminOnly({
      payload: z.strictObject({
        auditId: auditIdSchema.optional(),
        severity: z.enum(SEVERITIES).optional(),
        rule: z.enum(RULE_IDS).optional(),
        spaceKey: z.string().min(1).max(255).optional(),
        cursor: z
          .string()
          .regex(/^\d{1,9}$/, 'must be a cursor from a previous page')
          .optional(),
        limit: z.number().int().min(1).max(MAX_PAGE).optional(),
      }),
      async handle({ payload }): Promise<AuditReportPage> {
        const record = await findAudit(payload.auditId);
        return (
          (await indexedReportPage(record, payload)) ??
          reportPage(record.auditId, await findingsOf(record), payload)
        );
      },
    }),
  );

  defineFunction(
    resolver,
    'getAuditHistory',
    adminOnly({
      payload: z.strictObject({ limit: z.number().int().min(1).max(HISTORY_LIMIT).optional() }),
      async handle({ payload }): Promise<AuditHistoryView> {
        const ids = (await readHistory()).slice(0, payload.limit ?? HISTORY_LIMIT);
        const audits: AuditProgress[] = [];
        for (const id of ids) {
          const record = await readRecord(id);
          if (record !== undefined) audits.push(await progressOf(record));
        }
        return { audits };
      },
    }),
  );

  defineFunction(
    resolver,
    'diffAudits',
    adminOnly({
      payload: z.strictObject({
        fromAuditId: auditIdSchema.optional(),
        toAuditId: auditIdSchema.optional(),
      }),
      async handle({ payload }): Promise<AuditDiffView> {
        const [from, to] = await diffPair(payload.fromAuditId, payload.toAuditId);
        return auditDiff(
          { ...from, findings: await findingsOf(from) },
          { ...to, findings: await findingsOf(to) },
        );
      },
    }),
  );

  defineFunction(
    resolver,
    'exportAuditCsv',
    adminOnly({
      payload: z.strictObject({
        auditId: auditIdSchema.optional(),
        // The findings table's filters: the file holds what the admin is looking at.
        severity: z.enum(SEVERITIES).optional(),
        rule: z.enum(RULE_IDS).optional(),
        spaceKey: z.string().min(1).max(255).optional(),
        siteUrl: siteUrlSchema.optional(),
      }),
      async handle({ payload }): Promise<AuditCsvExport> {
        const { auditId, siteUrl, ...filters } = payload;
        const record = await findAudit(auditId);
        if (!isTerminal(record.state)) {
          throw new ResolverFailure('BAD_REQUEST', 'audit-still-running');
        }
        const findings = await findingsOf(record);
        // Each row says whether an active exception covers it; an expired one leaves it open.
        const { excepted } = partitionFindings(
          findings,
          await readExceptions(),
          platformClock().now(),
        );
        const exceptions = new Map(excepted.map((e) => [e.finding.id, e.exception]));
        const exported = csvExport(record, findings, filters, siteUrl, exceptions);
        if (exported.csv.length > MAX_CSV_CHARS) {
          throw new ResolverFailure('BAD_REQUEST', 'export-too-large', { rows: exported.rows });
        }
        return exported;
      },
    }),
  );

  registerExceptionFunctions(resolver);
}

// ── accepted exceptions (docs/ARCHITECTURE.md, "Findings you can act on") ─────────────────────

function registerExceptionFunctions(resolver: Resolver): void {
  defineFunction(
    resolver,
    'listExceptions',
    adminOnly({
      payload: z.strictObject({}),
      async handle(): Promise<ExceptionsView> {
        return exceptionsView(await readExceptions(), platformClock().now());
      },
    }),
  );

  defineFunction(
    resolver,
    'acceptException',
    adminOnly({
      payload: z.strictObject({
        findingId: z.string().min(1).max(2000),
        reason: z.string().max(EXCEPTION_LIMITS.maxReasonLength * 2),
        ownerAccountId: z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/, 'must be an account id'),
        expiresOn: z.string().max(10),
      }),
      async handle({ payload, caller }): Promise<ExceptionView> {
        const now = platformClock().now();
        const problems = exceptionProblems(payload, now);
        if (problems.length > 0) {
          throw new ResolverFailure('BAD_REQUEST', 'exception-invalid', {
            problems: problems.join(', '),
          });
        }
        const parsed = parseFindingId(payload.findingId);
        const latest = await findAudit(undefined);
        const finding =
          parsed === undefined ? undefined : await findingIn(latest, payload.findingId, parsed);
        if (parsed === undefined || finding === undefined) {
          throw new ResolverFailure('BAD_REQUEST', 'no-such-finding');
        }
        const kept = await readExceptions();
        const replacing = kept.some((exception) => exception.findingId === payload.findingId);
        if (!replacing && kept.length >= EXCEPTION_LIMITS.maxExceptions) {
          throw new ResolverFailure('BAD_REQUEST', 'too-many-exceptions', {
            max: EXCEPTION_LIMITS.maxExceptions,
          });
        }
        const exception: FindingException = {
          findingId: payload.findingId,
          rule: parsed.rule,
          spaceKey: parsed.spaceKey,
          reason: payload.reason.trim(),
          ownerAccountId: payload.ownerAccountId,
          expiresOn: payload.expiresOn,
          acceptedAt: new Date(now).toISOString(),
          acceptedBy: caller.accountId,
          finding,
        };
        await writeException(exception);
        return { ...exception, active: isExceptionActive(exception, now) };
      },
    }),
  );

  defineFunction(
    resolver,
    'revokeException',
    adminOnly({
      payload: z.strictObject({ findingId: z.string().min(1).max(2000) }),
      async handle({ payload }): Promise<RevokeExceptionResult> {
        if (!(await deleteException(payload.findingId))) {
          throw new ResolverFailure('BAD_REQUEST', 'no-such-exception');
        }
        return { revoked: true };
      },
    }),
  );
}

function exceptionsView(exceptions: readonly FindingException[], now: number): ExceptionsView {
  return {
    exceptions: exceptions.map((exception) => ({
      ...exception,
      active: isExceptionActive(exception, now),
    })),
    asOf: new Date(now).toISOString(),
    defaultExpiry: defaultExpiry(now),
    latestExpiry: latestExpiry(now),
  };
}

/**
 * The finding with `findingId` in `record`, read through the report's index by its rule and
 * space (a few keys per page of 200), so accepting an exception costs the same on any site.
 */
async function findingIn(
  record: AuditRecord,
  findingId: string,
  where: { readonly rule: RuleId; readonly spaceKey: string },
): Promise<Finding | undefined> {
  let cursor: string | undefined;
  do {
    const query = {
      rule: where.rule,
      spaceKey: where.spaceKey,
      limit: MAX_PAGE,
      ...(cursor === undefined ? {} : { cursor }),
    };
    const page =
      (await indexedReportPage(record, query)) ??
      reportPage(record.auditId, await findingsOf(record), query);
    const found = page.findings.find((finding) => finding.id === findingId);
    if (found !== undefined) return found;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return undefined;
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────

/** Audit ids are base-36 time, a dash and 8 hex digits; anything else is refused unread. */
const auditIdSchema = z.string().regex(/^[a-z0-9]{1,16}-[a-f0-9]{8}$/, 'must be an audit id');

/**
 * The site's address as the view's product context gives it; it only makes the links in the
 * caller's own file absolute, so a wrong claim harms nobody but the claimer.
 */
const siteUrlSchema = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[^\s/?#]+(?:\/wiki)?\/?$/u, 'must be the site address');

/** Resolver answers are capped at 5 MB; leave room for the JSON around the CSV. */
const MAX_CSV_CHARS = 4_500_000;

async function findAudit(auditId: string | undefined): Promise<AuditRecord>;
async function findAudit(
  auditId: string | undefined,
  options: { optional: true },
): Promise<AuditRecord | undefined>;
async function findAudit(
  auditId: string | undefined,
  options: { optional?: boolean } = {},
): Promise<AuditRecord | undefined> {
  const id = auditId ?? (await readHistory())[0];
  const record = id === undefined ? undefined : await readRecord(id);
  if (record === undefined && (auditId !== undefined || options.optional !== true)) {
    throw new ResolverFailure(
      'BAD_REQUEST',
      auditId === undefined ? 'no-audit-yet' : 'no-such-audit',
    );
  }
  return record;
}

/** The audit's progress as of now, with how fresh the caller's admin verdict is. */
async function statusView(
  record: AuditRecord | undefined,
  adminCheck: AdminCheckFreshness,
): Promise<AuditStatusView> {
  return {
    audit: record === undefined ? null : await progressOf(record),
    asOf: new Date(platformClock().now()).toISOString(),
    adminCheck,
  };
}

async function progressOf(record: AuditRecord): Promise<AuditProgress> {
  return toProgress(record, await readCancel(record.auditId), platformClock().now());
}

/** Final findings once an audit has ended; what the batches stored so far while it runs. */
async function findingsOf(record: AuditRecord): Promise<readonly Finding[]> {
  if (isTerminal(record.state)) return readFindings(record);
  return normaliseFindings(await readBatchFindings(record));
}

/**
 * The two audits to compare: by default the latest completed one and the completed one before
 * it. Partial, cancelled and failed audits did not look at every space, so comparing them by
 * default would list unaudited spaces as "resolved"; they can still be named explicitly.
 */
async function diffPair(
  fromId: string | undefined,
  toId: string | undefined,
): Promise<[AuditRecord, AuditRecord]> {
  const records: AuditRecord[] = [];
  for (const id of await readHistory()) {
    const record = await readRecord(id);
    if (record !== undefined) records.push(record);
  }
  // History is newest first: the default "from" is the next completed audit after "to".
  const pick = (id: string | undefined, after = 0): AuditRecord | undefined => {
    if (id !== undefined) {
      const named = records.find((record) => record.auditId === id);
      return named !== undefined && isTerminal(named.state) ? named : undefined;
    }
    return records.slice(after).find((record) => record.state === 'completed');
  };
  const to = pick(toId);
  const from = to === undefined ? undefined : pick(fromId, records.indexOf(to) + 1);
  if (to === undefined || from === undefined) {
    throw new ResolverFailure('BAD_REQUEST', 'two-audits-needed');
  }
  return [from, to];
}
