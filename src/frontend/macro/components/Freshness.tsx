import { Inline, LoadingButton, Text } from '@forge/react';
import { useMessages } from '../../shared/messages';
import { ageText } from '../wording';

/** "As of 3 min ago" and the button that reads the page's permissions again. */
export function Freshness({
  asOf,
  fromCache,
  refreshing,
  onRefresh,
}: {
  readonly asOf: string;
  readonly fromCache: boolean;
  readonly refreshing: boolean;
  readonly onRefresh: () => void;
}) {
  const m = useMessages();
  const age = ageText(m, asOf, Date.now());
  return (
    <Inline space="space.100" alignBlock="center">
      <Text size="small" color="color.text.subtlest">
        {m.text(fromCache ? 'macro.freshness.cached' : 'macro.freshness.asOf', { age })}
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
