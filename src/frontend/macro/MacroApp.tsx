import { Heading, Inline, Lozenge, Spinner, Stack, Text } from '@forge/react';
import type { PageSummary } from '../../contract/results';
import { ErrorState } from '../shared/ErrorState';
import { useResolver } from '../shared/useResolver';

/** The page access macro. */
export function MacroApp() {
  const page = useResolver<PageSummary>('getPageSummary');
  switch (page.status) {
    case 'loading':
      return (
        <Inline space="space.100" alignBlock="center">
          <Spinner size="small" label="Loading" />
          <Text>Checking who can access this page…</Text>
        </Inline>
      );
    case 'failed':
      return <ErrorState error={page.error} />;
    case 'loaded':
      return (
        <Stack space="space.100">
          <Heading size="small">Access to “{page.data.title}”</Heading>
          <Inline space="space.100" alignBlock="center">
            <Text>Space:</Text>
            <Lozenge>{page.data.space.key}</Lozenge>
            <Text>{page.data.space.name}</Text>
          </Inline>
        </Stack>
      );
  }
}
