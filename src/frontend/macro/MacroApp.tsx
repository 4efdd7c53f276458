import { Inline, Spinner, Text, useConfig } from '@forge/react';
import type { PageAccessView } from '../../contract/results';
import { ErrorState } from '../shared/ErrorState';
import { useMessages } from '../shared/messages';
import { useResolver } from '../shared/useResolver';
import { PageAccess } from './components/PageAccess';
import { macroSettings } from './state/settings';

/** The page access macro. */
export function MacroApp() {
  const m = useMessages();
  const settings = macroSettings(useConfig());
  const access = useResolver<PageAccessView>('getPageAccess', {});
  const refresh = () => {
    access.refresh({ refresh: true });
  };
  switch (access.status) {
    case 'loading':
      return (
        <Inline space="space.100" alignBlock="center">
          <Spinner size="small" label={m.text('macro.loading')} />
          <Text>{m.text('macro.loadingAccess')}</Text>
        </Inline>
      );
    case 'failed':
      return (
        <ErrorState
          error={access.error}
          onRetry={access.error.code === 'NOT_VISIBLE' ? undefined : refresh}
        />
      );
    case 'loaded':
      return (
        <PageAccess
          view={access.data}
          settings={settings}
          refreshing={access.refreshing === true}
          refreshError={access.refreshError}
          onRefresh={refresh}
        />
      );
  }
}
