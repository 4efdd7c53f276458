import { Button, Stack } from '@forge/react';
import { useState } from 'react';
import type { PageAccessView, ResolverError } from '../../../contract/results';
import { ErrorState } from '../../shared/ErrorState';
import { PeopleChecked } from '../peopleChecked';
import { useMessages } from '../../shared/messages';
import type { MacroSettings } from '../state/settings';
import { AccessTabs } from './AccessTabs';
import { EffectiveAudienceView } from './EffectiveAudienceView';
import { Freshness } from './Freshness';
import { LabelWarning } from './LabelWarning';
import { Summary } from './Summary';

/** Everything shown once the page's access has loaded. */
export function PageAccess({
  view,
  settings,
  refreshing,
  refreshError,
  onRefresh,
}: {
  readonly view: PageAccessView;
  readonly settings: MacroSettings;
  readonly refreshing: boolean;
  readonly refreshError: ResolverError | undefined;
  readonly onRefresh: () => void;
}) {
  const m = useMessages();
  const [expanded, setExpanded] = useState(false);
  const showTabs = !settings.compact || expanded;
  return (
    <Stack space="space.200">
      <EffectiveAudienceView effective={view.effective} compact={settings.compact && !expanded} />
      <Summary view={view} compact={settings.compact && !expanded} />
      <LabelWarning labels={view.labels} />
      <Freshness
        asOf={view.asOf}
        fromCache={view.fromCache}
        {...(view.ages === undefined ? {} : { ages: view.ages })}
        refreshing={refreshing}
        onRefresh={onRefresh}
      />
      {refreshError !== undefined && <ErrorState error={refreshError} />}
      {showTabs && (
        <PeopleChecked.Provider value={view.peopleChecked === true}>
          <AccessTabs audience={view.audience} tabs={settings.tabs} />
        </PeopleChecked.Provider>
      )}
      {settings.tabs.length > 0 && settings.compact && (
        <Button
          appearance="subtle"
          onClick={() => {
            setExpanded(!expanded);
          }}
        >
          {m.text(expanded ? 'macro.compact.hide' : 'macro.compact.show')}
        </Button>
      )}
    </Stack>
  );
}
