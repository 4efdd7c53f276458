/**
 * The audit policy in Forge KVS, versioned so a save never silently overwrites another admin's.
 *
 * Plain KVS keys have no conditional write other than `FAIL_IF_EXISTS`, so every version is its
 * own immutable key, claimed with `FAIL_IF_EXISTS`: two saves based on version n both try to
 * create `policy:v:{n+1}`, exactly one succeeds and the other is told someone saved first.
 * `policy:head` only remembers where to start looking; a save that stopped after claiming its
 * version but before moving the head is found by probing forward (gets are strongly consistent).
 */
import { kvs } from '@forge/kvs';
import { DEFAULT_POLICY, validatePolicy } from '../core';
import type { Policy, PolicyError } from '../core';
import { isKeyConflict } from './kvs-util';

export const POLICY_HEAD_KEY = 'policy:head';
export const policyVersionKey = (version: number): string => `policy:v:${String(version)}`;

/** Older versions kept for a while (for support), then deleted so storage stays bounded. */
const KEPT_VERSIONS = 10;

interface PolicyHead {
  readonly version: number;
}

export type SaveOutcome =
  | { readonly saved: true; readonly policy: Policy }
  | { readonly saved: false; readonly current: Policy };

/** The stored policy, or the defaults (version 0) before the first save. */
export async function loadPolicy(): Promise<Policy> {
  const head = await kvs.get<PolicyHead>(POLICY_HEAD_KEY);
  let version = head?.version ?? 0;
  let stored = version > 0 ? await kvs.get<unknown>(policyVersionKey(version)) : undefined;
  for (;;) {
    const next = await kvs.get<unknown>(policyVersionKey(version + 1));
    if (next === undefined) break;
    version += 1;
    stored = next;
  }
  if (stored === undefined) return DEFAULT_POLICY;
  // Re-validated on the way out: a policy stored by an older app version gets today's defaults
  // for fields it lacks, and the version is the key's, whatever the value says.
  const checked = validatePolicy(stored);
  const kept = checked.ok ? undefined : storedBeforeSearchLimit(stored, checked.errors);
  if (kept !== undefined) return { ...kept, version };
  if (!checked.ok) {
    console.error('Access Lens: the stored policy is not valid; using the defaults', {
      version,
      errors: checked.errors,
    });
    return { ...DEFAULT_POLICY, version };
  }
  return { ...checked.policy, version };
}

/**
 * A policy saved before the labels' search length was checked: every label valid on its own but
 * all of them too long for one search. It is kept as it was (the audit splits such a search), so
 * an upgrade never swaps an admin's policy for the defaults; the next save must shorten it.
 */
function storedBeforeSearchLimit(
  stored: unknown,
  errors: readonly PolicyError[],
): Policy | undefined {
  if (!errors.every((error) => error.problem.kind === 'labels-too-long-for-search')) {
    return undefined;
  }
  const labels = (stored as { sensitiveLabels?: unknown }).sensitiveLabels;
  if (!Array.isArray(labels)) return undefined;
  const rest = validatePolicy({ ...(stored as object), sensitiveLabels: [] });
  if (!rest.ok) return undefined;
  const each = labels.map((label: unknown) => validatePolicy({ sensitiveLabels: [label] }));
  const kept = each.flatMap((one) => (one.ok ? one.policy.sensitiveLabels : []));
  if (kept.length !== labels.length) return undefined;
  return { ...rest.policy, sensitiveLabels: [...new Set(kept)] };
}

/**
 * Stores `candidate` (already validated) as the next version, if it was based on the current
 * one. Nothing is written when someone else saved first.
 */
export async function savePolicy(candidate: Policy): Promise<SaveOutcome> {
  const current = await loadPolicy();
  if (candidate.version !== current.version) return { saved: false, current };
  const next: Policy = { ...candidate, version: current.version + 1 };
  try {
    await kvs.set(policyVersionKey(next.version), next, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if (isKeyConflict(error)) return { saved: false, current: await loadPolicy() };
    throw error;
  }
  await kvs.set(POLICY_HEAD_KEY, { version: next.version } satisfies PolicyHead);
  const old = next.version - KEPT_VERSIONS;
  if (old > 0) {
    await kvs.delete(policyVersionKey(old)).catch(() => undefined);
  }
  return { saved: true, policy: next };
}
