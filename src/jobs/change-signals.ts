/**
 * Change signals for incremental re-audits (docs/ARCHITECTURE.md, "Re-audits"): which spaces may
 * have changed since their last read, and the fingerprints a read is compared by.
 *
 * Product events are hints: Confluence sends content events (`avi:confluence:created:page`,
 * `…:updated:page`, `…:moved:page`, `…:permissions_updated:page`, the blog post and folder
 * variants; payload `content.space.key`, and `prevContent` for moves,
 * https://developer.atlassian.com/platform/forge/events-reference/confluence/) and none for
 * group membership, guests or site permissions, and a delivery may be lost. A space an event
 * names is read again; whatever no signal reports is found by the full reconciliation the
 * policy schedules.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuditReconcile, Policy } from '../core';
import type { LabelledSearch } from '../access/load-space-audit';
import { noteSpaceChanged } from '../storage/audits';
import type { SpaceSignals } from '../storage/audits';
import { platformClock } from './clock';

const HOUR_MS = 3_600_000;

/** How long a full audit stands before the next audit is full again. */
export const RECONCILE_MS: Readonly<Record<AuditReconcile, number>> = {
  always: 0,
  daily: 24 * HOUR_MS,
  weekly: 7 * 24 * HOUR_MS,
  monthly: 30 * 24 * HOUR_MS,
};
/** Hourly triggers drift: a reconciliation due "in a week" is run by the trigger just before. */
const RECONCILE_TOLERANCE_MS = HOUR_MS / 2;

/**
 * When the next full reconciliation is due after the full audit started at `lastFullAt`: the
 * first audit started from then on is full (`mayCarry`).
 */
export function nextFullDue(policy: Policy, lastFullAt: number): number {
  return lastFullAt + RECONCILE_MS[policy.reconcile] - RECONCILE_TOLERANCE_MS;
}

/** Whether an audit started at `now` may carry findings, given the last completed full audit. */
export function mayCarry(policy: Policy, lastFullAt: number | undefined, now: number): boolean {
  const period = RECONCILE_MS[policy.reconcile];
  if (period === 0 || lastFullAt === undefined) return false;
  return now < nextFullDue(policy, lastFullAt);
}

const hash = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);

/**
 * The policy as findings depend on it: every field but those that only say when and how fast
 * audits run, so a field added later counts by default.
 */
export function policyFingerprint(policy: Policy): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped from the copy
  const { version, schedule, pointsBudgetShare, reconcile, ...rules } = policy;
  return hash(Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The space's labelled content as a search returns it with its labels alone expanded: ids, types,
 * titles and labels. New, retitled, relabelled or unlabelled content changes it; a restriction or
 * a move does not (their product events name the space, and the reconciliation reads it anyway).
 */
export function labelledFingerprint(search: LabelledSearch, spaceKey: string): string {
  const items = (search.bySpace.get(spaceKey) ?? []).map((item) => [
    item.id,
    item.type,
    item.title,
    (item.metadata?.labels?.results ?? []).map((label) => label.name).sort(),
  ]);
  items.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  return hash(items);
}

/** Why a space is read again in an incremental audit, or `carry` when nothing says it changed. */
export type CarryDecision =
  | 'carry'
  | 'never-read'
  | 'not-carriable'
  | 'policy-changed'
  | 'reported-change'
  | 'labelled-changed'
  | 'search-truncated';

export function carryDecision(
  signals: SpaceSignals | undefined,
  labelled: string,
  policy: string,
  truncated: boolean,
): CarryDecision {
  const ledger = signals?.ledger;
  if (ledger === undefined) return 'never-read';
  if (ledger.chunks < 0) return 'not-carriable';
  if (ledger.policy !== policy) return 'policy-changed';
  if (signals?.changedAt !== undefined && signals.changedAt >= ledger.readAt) {
    return 'reported-change';
  }
  if (truncated) return 'search-truncated';
  if (ledger.labelled !== labelled) return 'labelled-changed';
  return 'carry';
}

const spaceOf = z.object({ space: z.object({ key: z.string().min(1).max(255) }).optional() });
const changeEventSchema = z.object({
  eventType: z.string(),
  content: spaceOf.optional(),
  prevContent: spaceOf.optional(),
  space: z.object({ key: z.string().min(1).max(255) }).optional(),
});

/** The space keys a Confluence product event names (a move names both spaces). */
export function spacesOfEvent(event: unknown): string[] {
  const parsed = changeEventSchema.safeParse(event);
  if (!parsed.success) return [];
  const keys = [
    parsed.data.content?.space?.key,
    parsed.data.prevContent?.space?.key,
    parsed.data.space?.key,
  ];
  return [...new Set(keys.filter((key): key is string => key !== undefined))];
}

/**
 * Records the spaces a product event names as changed now, for the next incremental audit. A
 * trigger's handler calls it with the event; an event it cannot read changes nothing (the
 * reconciliation still reads every space).
 */
export async function recordChangeEvent(event: unknown): Promise<number> {
  const keys = spacesOfEvent(event);
  const at = platformClock().now();
  for (const key of keys) await noteSpaceChanged(key, at);
  return keys.length;
}
