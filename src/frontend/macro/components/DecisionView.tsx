import { Inline, Lozenge, Stack, Text } from '@forge/react';
import type { ConfluenceConfirmation, Decision } from '../../../contract/results';
import { layerBadge, layerTitle } from '../wording';

/** One action's answer and the reason of every layer (not only the first that blocks). */
export function DecisionView({
  action,
  decision,
  confluence,
}: {
  readonly action: 'view' | 'edit';
  readonly decision: Decision;
  readonly confluence?: ConfluenceConfirmation['view'] | undefined;
}) {
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center">
        <Text weight="bold">{action === 'view' ? 'Viewing' : 'Editing'}</Text>
        <Lozenge appearance={VERDICT_APPEARANCE[decision.verdict]}>
          {verdictText(action, decision.verdict)}
        </Lozenge>
      </Inline>
      {decision.reasons.map((layer, index) => {
        const badge = layerBadge(layer);
        return (
          // The verdict sits beside the short title, the long explanation below, so the
          // lozenge is never squeezed by the sentence.
          <Stack key={`${layer.rule}-${layer.ancestor?.id ?? index}`} space="space.025">
            <Inline space="space.100" alignBlock="center">
              <Lozenge appearance={badge.appearance}>{badge.text}</Lozenge>
              <Text weight="medium">{layerTitle(layer)}</Text>
            </Inline>
            <Text>{layer.message}</Text>
          </Stack>
        );
      })}
      {confluence !== undefined && <Text size="small">{confluenceText(action, confluence)}</Text>}
    </Stack>
  );
}

const VERDICT_APPEARANCE = {
  allowed: 'success',
  denied: 'removed',
  unchecked: 'moved',
} as const satisfies Record<Decision['verdict'], string>;

function verdictText(action: 'view' | 'edit', verdict: Decision['verdict']): string {
  switch (verdict) {
    case 'allowed':
      return `Can ${action}`;
    case 'denied':
      return `Cannot ${action}`;
    case 'unchecked':
      return `Could not check ${action === 'view' ? 'viewing' : 'editing'}`;
  }
}

function confluenceText(
  action: 'view' | 'edit',
  confluence: ConfluenceConfirmation['view'],
): string {
  const answer = confluence.allowed ? `can ${action}` : `cannot ${action}`;
  const reason = confluence.reason === undefined ? '' : ` (${confluence.reason})`;
  return `Confluence's own check: ${answer}${reason}`;
}
