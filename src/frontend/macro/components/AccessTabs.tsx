import { Tab, TabList, TabPanel, Tabs } from '@forge/react';
import type { Audience } from '../../../contract/results';
import { useMessages } from '../../shared/messages';
import type { TabId } from '../state/settings';
import { AudiencePanel } from './AudiencePanel';
import { CheckPerson } from './CheckPerson';
import { pageGroups } from '../state/pageGroups';

/** The tabs the macro's configuration asks for, in a fixed order. */
export function AccessTabs({
  audience,
  tabs,
}: {
  readonly audience: Audience;
  readonly tabs: readonly TabId[];
}) {
  const m = useMessages();
  if (tabs.length === 0) return null;
  return (
    <Tabs id="access-lens-tabs">
      <TabList>
        {tabs.map((tab) => (
          <Tab key={tab}>{m.text(`macro.tab.${tab}`)}</Tab>
        ))}
      </TabList>
      {tabs.map((tab) => (
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
  }
}
