import { Heading, Stack, Tab, TabList, TabPanel, Tabs, Text } from '@forge/react';
import { useState } from 'react';
import { ChangesTab } from './components/ChangesTab';
import { FindingsTab } from './components/FindingsTab';
import { OverviewTab } from './components/OverviewTab';
import { PoliciesTab } from './components/PoliciesTab';
import { useAuditProgress } from './hooks/useAuditProgress';

export const ADMIN_TABS = ['Overview', 'Findings', 'Changes', 'Policies'] as const;

/**
 * The settings page for a Confluence admin. The latest audit is tracked here rather than in the
 * Overview, so its polling carries on (and the Findings tab knows which audit is current) whichever
 * tab is open. Only the open tab renders, so each tab loads when it is first looked at.
 */
export function AdminPage() {
  const [tab, setTab] = useState(0);
  const [progress, dispatch] = useAuditProgress();
  const panel = (index: number) => {
    if (index !== tab) return null;
    switch (ADMIN_TABS[index]) {
      case 'Overview':
        return <OverviewTab state={progress} dispatch={dispatch} />;
      case 'Findings':
        // Until the latest audit is known, the Overview's loading or error state says why.
        return progress.status === 'ready' ? (
          <FindingsTab latest={progress.audit} />
        ) : (
          <OverviewTab state={progress} dispatch={dispatch} />
        );
      case 'Changes':
        return <ChangesTab />;
      case 'Policies':
        return <PoliciesTab />;
      case undefined:
        return null;
    }
  };
  return (
    <Stack space="space.200">
      <Stack space="space.050">
        <Heading size="large">Access Lens</Heading>
        <Text>
          Who can see and edit what across your Confluence site: a site-wide access audit, its
          findings and changes, and the policy it checks against.
        </Text>
      </Stack>
      <Tabs
        id="access-lens-admin"
        selected={tab}
        onChange={(index) => {
          setTab(index);
        }}
      >
        <TabList>
          {ADMIN_TABS.map((title) => (
            <Tab key={title}>{title}</Tab>
          ))}
        </TabList>
        {ADMIN_TABS.map((title, index) => (
          <TabPanel key={title}>
            <Stack space="space.200">{panel(index)}</Stack>
          </TabPanel>
        ))}
      </Tabs>
    </Stack>
  );
}
