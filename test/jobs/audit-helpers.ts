/** Shared steps of the audit job suites: run an audit through the resolvers and the queue. */
import type { AuditProgress, AuditReportPage, Policy } from '../../src/contract/admin';
import type { Finding } from '../../src/core';
import { findingPrincipal, findingText } from '../../src/messages/audit';
import { messagesFor } from '../../src/messages/locale-file';
import type { QueuedEvent } from '../../dev/forge-platform/queue';
import type { AppUnderTest } from '../resolvers/app-harness';

export const ADMIN = { accountId: 'u-alice' } as const;
export const SETTINGS = { moduleKey: 'access-lens-settings' } as const;

type Result<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: { code: string; message: string } };

export async function call<T>(app: AppUnderTest, key: string, payload: unknown = {}): Promise<T> {
  const result = (await app.call(ADMIN, key, payload, SETTINGS)) as Result<T>;
  if (!result.ok) throw new Error(`${key} failed: ${result.error.code} ${result.error.message}`);
  return result.data;
}

/** Saves `changes` over the current policy (as the admin), returning the saved policy. */
/**
 * Saves the current policy with `changes`. Every audit these suites run reads every space
 * (`reconcile: 'always'`) unless a test asks otherwise: the incremental re-audit has its own
 * suite, and these ones compare full audits.
 */
export async function setPolicy(app: AppUnderTest, changes: Partial<Policy>): Promise<Policy> {
  const { policy } = await call<{ policy: Policy }>(app, 'getSettings');
  const saved = await call<{ saved: boolean; policy?: Policy }>(app, 'saveSettings', {
    policy: { ...policy, reconcile: 'always', ...changes },
  });
  if (!saved.saved || saved.policy === undefined)
    throw new Error(`The policy was not saved: ${JSON.stringify(saved)}`);
  return saved.policy;
}

/** Starts an audit, delivers every queued event, and returns its final progress. */
export async function runAudit(app: AppUnderTest): Promise<AuditProgress> {
  const started = await call<AuditProgress>(app, 'startAudit');
  await app.drain();
  const { audit } = await call<{ audit: AuditProgress | null }>(app, 'getAuditStatus', {
    auditId: started.auditId,
  });
  if (audit === null) throw new Error('The audit vanished');
  return audit;
}

export async function allFindings(app: AppUnderTest, auditId: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  let cursor: string | undefined;
  do {
    const page: AuditReportPage = await call<AuditReportPage>(app, 'getAuditReport', {
      auditId,
      limit: 200,
      ...(cursor === undefined ? {} : { cursor }),
    });
    findings.push(...page.findings);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return findings;
}

/** `rule space [content|principal]`: what a finding is about, short enough to list in a test. */
export const describeFinding = (f: Finding): string =>
  [f.rule, f.spaceKey, f.contentId ?? findingPrincipal(english, f) ?? ''].join(' ').trim();

/** The English the admin page and the CLI show. */
export const english = messagesFor('en-US');

/** A finding's sentence in English. */
export const messageOf = (f: Finding): string => findingText(english, f);

/** The Confluence requests the app made (as the app: the job's reads). */
export function appRequests(app: AppUnderTest) {
  return app.platform.requests.filter((r) => r.provider === 'app');
}

/** The events waiting in every queue. */
export function pendingEvents(app: AppUnderTest): QueuedEvent[] {
  return app.platform.queues
    .listJobs()
    .flatMap((job) => job.events)
    .filter((event) => event.state === 'pending');
}

/** Delivers whatever falls due up to (not including) `until`, one queue hop at a time. */
export async function runUntil(app: AppUnderTest, until: number): Promise<void> {
  const queues = app.platform.queues;
  for (;;) {
    await app.drain({ advanceTime: false });
    const step = Math.min(900_000, until - 1 - queues.now());
    if (step <= 0) return;
    queues.advance(step);
  }
}
