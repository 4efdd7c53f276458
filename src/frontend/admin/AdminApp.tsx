import { SectionMessage, Stack, Text } from '@forge/react';
import type { ViewerSummary } from '../../contract/results';
import { ErrorState } from '../shared/ErrorState';
import { useResolver } from '../shared/useResolver';
import { AdminPage } from './AdminPage';
import { Loading } from './components/Loading';

/**
 * The admin settings page. Confluence shows it only to admins, but that proves nothing, so the
 * viewer's rights are checked first, and a non-admin gets an explanation and nothing else (every
 * admin resolver re-checks anyway).
 */
export function AdminApp() {
  const viewer = useResolver<ViewerSummary>('getViewer');
  switch (viewer.status) {
    case 'loading':
      return <Loading text="Checking your permissions…" />;
    case 'failed':
      return (
        <ErrorState
          error={viewer.error}
          onRetry={() => {
            viewer.refresh();
          }}
        />
      );
    case 'loaded':
      return viewer.data.isConfluenceAdmin ? <AdminPage /> : <NotAnAdmin />;
  }
}

function NotAnAdmin() {
  return (
    <SectionMessage appearance="warning" title="Access Lens settings are for Confluence admins">
      <Stack space="space.100">
        <Text>
          The site-wide access audit, its findings and the audit policy can be seen and changed only
          by Confluence admins. Ask one of your Confluence admins if you need an access review.
        </Text>
        <Text>
          To see who can view or edit a particular page, add the Access Lens macro to that page.
        </Text>
      </Stack>
    </SectionMessage>
  );
}
