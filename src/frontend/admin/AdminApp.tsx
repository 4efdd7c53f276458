import { SectionMessage, Stack, Text } from '@forge/react';
import type { AdminOverview } from '../../contract/admin';
import { ErrorState } from '../shared/ErrorState';
import { useMessages } from '../shared/messages';
import { useResolver } from '../shared/useResolver';
import { AdminPage } from './AdminPage';
import { Loading } from './components/Loading';

/**
 * The admin settings page. Confluence shows it only to admins, but that proves nothing, so the
 * viewer's rights are checked first, and a non-admin gets an explanation and nothing else (every
 * admin resolver re-checks anyway). One start-up call answers both who is looking and, for an
 * admin, the latest audit.
 */
export function AdminApp() {
  const m = useMessages();
  const viewer = useResolver<AdminOverview>('getAdminOverview', {});
  switch (viewer.status) {
    case 'loading':
      return <Loading text={m.text('admin.checkingPermissions')} />;
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
      return viewer.data.viewer.isConfluenceAdmin ? (
        <AdminPage latest={viewer.data.status} />
      ) : (
        <NotAnAdmin />
      );
  }
}

function NotAnAdmin() {
  const m = useMessages();
  return (
    <SectionMessage appearance="warning" title={m.text('admin.notAdmin.title')}>
      <Stack space="space.100">
        <Text>{m.text('admin.notAdmin.audit')}</Text>
        <Text>{m.text('admin.notAdmin.macro')}</Text>
      </Stack>
    </SectionMessage>
  );
}
