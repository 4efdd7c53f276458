import { Heading, Inline, Lozenge, Stack, Text } from '@forge/react';
import type { PageAccessView } from '../../../contract/results';
import { summaryBadges } from '../wording';

/** The page, its lozenges and (unless compact) the audience in one paragraph. */
export function Summary({
  view,
  compact,
}: {
  readonly view: PageAccessView;
  readonly compact: boolean;
}) {
  return (
    <Stack space="space.100">
      <Heading size="small">{`Who can access “${view.page.title}”`}</Heading>
      <Inline space="space.100" shouldWrap>
        {summaryBadges(view.audience).map((badge) => (
          <Lozenge key={badge.text} appearance={badge.appearance} maxWidth={320}>
            {badge.text}
          </Lozenge>
        ))}
      </Inline>
      {!compact && <Text>{view.audience.summary}</Text>}
    </Stack>
  );
}
