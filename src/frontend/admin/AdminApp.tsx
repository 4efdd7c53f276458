import { Heading, Inline, Lozenge, Spinner, Stack, Text, User } from '@forge/react';
import type { ViewerSummary } from '../../contract/results';
import { ErrorState } from '../shared/ErrorState';
import { useResolver } from '../shared/useResolver';

/** The admin settings page. */
export function AdminApp() {
  const viewer = useResolver<ViewerSummary>('getViewer');
  switch (viewer.status) {
    case 'loading':
      return (
        <Inline space="space.100" alignBlock="center">
          <Spinner size="small" label="Loading" />
          <Text>Checking your permissions…</Text>
        </Inline>
      );
    case 'failed':
      return <ErrorState error={viewer.error} />;
    case 'loaded':
      return (
        <Stack space="space.200">
          <Heading size="medium">Access Lens</Heading>
          <Inline space="space.100" alignBlock="center">
            <Text>Signed in as</Text>
            {viewer.data.accountId ? (
              <User accountId={viewer.data.accountId} />
            ) : (
              <Text>{viewer.data.displayName ?? 'an anonymous visitor'}</Text>
            )}
            {viewer.data.isConfluenceAdmin ? (
              <Lozenge appearance="success">Confluence admin</Lozenge>
            ) : (
              <Lozenge appearance="moved">Not a Confluence admin</Lozenge>
            )}
          </Inline>
          {!viewer.data.isConfluenceAdmin && (
            <Text>The site-wide access audit is available to Confluence admins only.</Text>
          )}
        </Stack>
      );
  }
}
