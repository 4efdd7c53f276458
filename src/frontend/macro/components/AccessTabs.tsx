import { Tab, TabList, TabPanel, Tabs } from '@forge/react';
import type { Audience } from '../../../contract/results';
import type { TabId } from '../state/settings';
import { AudiencePanel } from './AudiencePanel';
import { CheckPerson } from './CheckPerson';

const TITLES: Readonly<Record<TabId, string>> = {
  view: 'Who can view',
  edit: 'Who can edit',
  check: 'Check a person',
};

/** The tabs the macro's configuration asks for, in a fixed order. */
export function AccessTabs({
  audience,
  tabs,
}: {
  readonly audience: Audience;
  readonly tabs: readonly TabId[];
}) {
  if (tabs.length === 0) return null;
  return (
    <Tabs id="access-lens-tabs">
      <TabList>
        {tabs.map((tab) => (
          <Tab key={tab}>{TITLES[tab]}</Tab>
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
      return <AudiencePanel action="view" formula={audience.view} />;
    case 'edit':
      return <AudiencePanel action="edit" formula={audience.edit} />;
    case 'check':
      return <CheckPerson />;
  }
}
