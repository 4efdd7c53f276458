import { Tab, TabList, TabPanel, Tabs } from '@forge/react';
import type { Audience } from '../../../contract/results';
import { useMessages } from '../../shared/messages';
import type { TabId } from '../state/settings';
import { AudiencePanel } from './AudiencePanel';
import { CheckPerson } from './CheckPerson';
import { pageGroups } from '../state/pageGroups';
import { useWhatIfAccess } from '../hooks/useWhatIf';
import { WhatIf } from './WhatIf';

/** The tabs the macro's configuration asks for, in a fixed order. */
export function AccessTabs({
  audience,
  tabs,
}: {
  readonly audience: Audience;
  readonly tabs: readonly TabId[];
}) {
  const m = useMessages();
  // "What if" is offered only to viewers who could make the change (asked once).
  const whatIfAllowed = useWhatIfAccess(tabs.includes('whatIf'));
  const shown = tabs.filter((tab) => tab !== 'whatIf' || whatIfAllowed);
  if (shown.length === 0) return null;
  return (
    <Tabs id="access-lens-tabs">
      <TabList>
        {shown.map((tab) => (
          <Tab key={tab}>{m.text(`macro.tab.${tab}`)}</Tab>
        ))}
      </TabList>
      {shown.map((tab) => (
        <TabPanel key={tab}>{panel(tab, audience)}</TabPanel>
      ))}
    </Tabs>
  );
}

function panel(tab: TabId, audience: Audience) {
  switch (tab) {
    case 'view':
      return <AudiencePanel action="view" formula={audience.view} audience={audience} />;
    case 'edit':
      return <AudiencePanel action="edit" formula={audience.edit} audience={audience} />;
    case 'check':
      return <CheckPerson groups={pageGroups(audience)} />;
    case 'whatIf':
      return <WhatIf audience={audience} groups={pageGroups(audience)} />;
  }
}
