/**
 * Use case "audit a space": read what the rules need about a space as the given client sees it,
 * and run the rules over it. The audit job's consumer (one space at a time, with its checkpoints)
 * and the CLI's `audit` command (a list of spaces side by side) both call it, so neither holds
 * the reading or the rules. No Forge import: the CLI runs without the Forge runtime.
 */
import { DEFAULT_BROAD_GROUP_SHARE, auditSpace, auditSpaces } from '../core';
import type { AuditPolicy, Finding, SpaceRef } from '../core';
import { loadSpaceAudits, readSpace } from '../access/load-space-audit';
import type {
  BroadGroupPolicy,
  LoadSpaceAuditsOptions,
  SpaceAuditReads,
  LabelledSearch,
} from '../access/load-space-audit';

/** One space, with the labelled content its batch's search found. */
export async function auditOneSpace(
  reads: SpaceAuditReads,
  space: SpaceRef,
  labelled: LabelledSearch,
  policy: AuditPolicy,
): Promise<Finding[]> {
  const input = await readSpace(
    reads,
    space,
    labelled.bySpace.get(space.key) ?? [],
    broadOf(policy),
  );
  return auditSpace(input, policy);
}

/** Several spaces, read side by side per `options`, in one deterministic list of findings. */
export async function auditSpaceList(
  reads: SpaceAuditReads,
  spaces: readonly SpaceRef[],
  policy: AuditPolicy & { readonly sensitiveLabels: readonly string[] },
  options: LoadSpaceAuditsOptions = {},
): Promise<Finding[]> {
  const inputs = await loadSpaceAudits(reads, spaces, policy.sensitiveLabels, {
    ...options,
    broad: broadOf(policy),
  });
  return auditSpaces(inputs, policy);
}

function broadOf(policy: AuditPolicy): BroadGroupPolicy {
  return {
    broadGroups: policy.broadGroups,
    broadGroupShare: policy.broadGroupShare ?? DEFAULT_BROAD_GROUP_SHARE,
  };
}
