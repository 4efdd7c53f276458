import { Inline, LoadingButton, Text } from '@forge/react';
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
  const age = ageText(asOf, Date.now());
  return (
    <Inline space="space.100" alignBlock="center">
      <Text size="small" color="color.text.subtlest">
        {fromCache ? `As of ${age} (saved copy)` : `As of ${age}`}
      </Text>
      <LoadingButton
        appearance="subtle"
        spacing="compact"
        isLoading={refreshing}
        onClick={onRefresh}
      >
        Refresh
      </LoadingButton>
    </Inline>
  );
}
