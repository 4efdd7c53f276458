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
      {!compact && <Text>{withoutOthers(view.audience)}</Text>}
      {/* Who else could get in is never hidden, compact or not: "only these people" is never
          the whole truth. */}
      {view.audience.othersSummary !== '' && (
        <Text size="small">{view.audience.othersSummary}</Text>
      )}
    </Stack>
  );
}

/** The summary ends with the "who else" sentence, which has a line of its own here. */
function withoutOthers(audience: PageAccessView['audience']): string {
  const { summary, othersSummary } = audience;
  return othersSummary !== '' && summary.endsWith(othersSummary)
    ? summary.slice(0, summary.length - othersSummary.length).trimEnd()
    : summary;
}
