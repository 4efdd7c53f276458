import { Inline, Lozenge, Stack, Text } from '@forge/react';
import type { ConfluenceConfirmation, Decision } from '../../../contract/results';
import { decisionReasons } from '../../../messages/access';
import type { ReasonContext } from '../../../messages/access';
import type { Messages } from '../../../messages/format';
import { useMessages } from '../../shared/messages';
import { layerBadge, layerTitle } from '../wording';

/** One action's answer and the reason of every layer (not only the first that blocks). */
export function DecisionView({
  action,
  decision,
  context,
  confluence,
}: {
  readonly action: 'view' | 'edit';
  readonly decision: Decision;
  readonly context: ReasonContext;
  readonly confluence?: ConfluenceConfirmation['view'] | undefined;
}) {
  const m = useMessages();
  const reasons = decisionReasons(m, decision, context);
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center">
        <Text weight="bold">{m.text(`macro.decision.${action}`)}</Text>
        <Lozenge appearance={VERDICT_APPEARANCE[decision.verdict]}>
          {m.text(`macro.verdict.${action}.${decision.verdict}`)}
        </Lozenge>
      </Inline>
      {decision.reasons.map((layer, index) => {
        const badge = layerBadge(m, layer);
        return (
          // The verdict sits beside the short title, the long explanation below, so the
          // lozenge is never squeezed by the sentence.
          <Stack key={`${layer.rule}-${layer.ancestor?.id ?? index}`} space="space.025">
            <Inline space="space.100" alignBlock="center">
              <Lozenge appearance={badge.appearance}>{badge.text}</Lozenge>
              <Text weight="medium">{layerTitle(m, layer)}</Text>
            </Inline>
            <Text>{reasons[index]}</Text>
          </Stack>
        );
      })}
      {confluence !== undefined && (
        <Text size="small">{confluenceText(m, action, confluence)}</Text>
      )}
    </Stack>
  );
}

const VERDICT_APPEARANCE = {
  allowed: 'success',
  denied: 'removed',
  unchecked: 'moved',
} as const satisfies Record<Decision['verdict'], string>;

/** Confluence's `reason` is its own text, passed on as it came. */
function confluenceText(
  m: Messages,
  action: 'view' | 'edit',
  confluence: ConfluenceConfirmation['view'],
): string {
  const answer = m.text(`macro.confluence.${confluence.allowed ? 'can' : 'cannot'}.${action}`);
  return confluence.reason === undefined
    ? m.text('macro.confluence.answer', { answer })
    : m.text('macro.confluence.answerWithReason', { answer, reason: confluence.reason });
}
