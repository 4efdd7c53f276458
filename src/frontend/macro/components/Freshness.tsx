import { Inline, LoadingButton, Text } from '@forge/react';
import { useMessages } from '../../shared/messages';
import { ageText } from '../wording';
import type { PageAccessView } from '../../../contract/results';

type Ages = NonNullable<PageAccessView['ages']>;

/**
 * The oldest part of a cached answer, which `asOf` dates; undefined when every part is as old
 * (the whole answer was cached at once) or the answer does not say.
 */
function oldestPart(ages: Ages | undefined): keyof Ages | undefined {
  if (ages === undefined) return undefined;
  const parts = (Object.entries(ages) as [keyof Ages, number | undefined][]).filter(
    (entry): entry is [keyof Ages, number] => entry[1] !== undefined,
  );
  const oldest = Math.max(...parts.map(([, age]) => age));
  const newest = Math.min(...parts.map(([, age]) => age));
  // Parts read within the same minute read as one answer.
  if (oldest - newest < 60) return undefined;
  return parts.find(([, age]) => age === oldest)?.[0];
}

/**
 * "As of 3 min ago" (the oldest part's age, and which part that is when the parts differ) and
 * the button that reads every part of the page's access again.
 */
export function Freshness({
  asOf,
  fromCache,
  ages,
  refreshing,
  onRefresh,
}: {
  readonly asOf: string;
  readonly fromCache: boolean;
  readonly ages?: PageAccessView['ages'];
  readonly refreshing: boolean;
  readonly onRefresh: () => void;
}) {
  const m = useMessages();
  const age = ageText(m, asOf, Date.now());
  const part = fromCache ? oldestPart(ages) : undefined;
  return (
    <Inline space="space.100" alignBlock="center">
      <Text size="small" color="color.text.subtlest">
        {part !== undefined
          ? m.text('macro.freshness.oldest', { age, part: m.text(`macro.freshness.part.${part}`) })
          : m.text(fromCache ? 'macro.freshness.cached' : 'macro.freshness.asOf', { age })}
      </Text>
      <LoadingButton
        appearance="subtle"
        spacing="compact"
        isLoading={refreshing}
        onClick={onRefresh}
      >
        {m.text('macro.freshness.refresh')}
      </LoadingButton>
    </Inline>
  );
}
