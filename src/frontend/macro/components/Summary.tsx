import { Heading, Inline, Lozenge, Stack, Text } from '@forge/react';
import type { PageAccessView } from '../../../contract/results';
import { audienceSentences, othersSummary } from '../../../messages/access';
import { useMessages } from '../../shared/messages';
import { summaryBadges } from '../wording';

/** The page, its lozenges and (unless compact) the audience in one paragraph. */
export function Summary({
  view,
  compact,
}: {
  readonly view: PageAccessView;
  readonly compact: boolean;
}) {
  const m = useMessages();
  return (
    <Stack space="space.100">
      <Heading size="small">{m.text('macro.summary.heading', { title: view.page.title })}</Heading>
      <Inline space="space.100" shouldWrap>
        {summaryBadges(m, view.audience).map((badge) => (
          <Lozenge key={badge.text} appearance={badge.appearance} maxWidth={320}>
            {badge.text}
          </Lozenge>
        ))}
      </Inline>
      {!compact && <Text>{audienceSentences(m, view.audience).join(' ')}</Text>}
      {/* Who else could get in is never hidden, compact or not: "only these people" is never
          the whole truth. It has a line of its own. */}
      <Text size="small">{othersSummary(m, view.audience)}</Text>
    </Stack>
  );
}
