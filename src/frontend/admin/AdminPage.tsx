import { Heading, Stack, Tab, TabList, TabPanel, Tabs, Text } from '@forge/react';
import { useState } from 'react';
import type { AuditStatusView } from '../../contract/admin';
import { ChangesTab } from './components/ChangesTab';
import { FindingsTab } from './components/FindingsTab';
import { OverviewTab } from './components/OverviewTab';
import { PersonTab } from './components/PersonTab';
import { PoliciesTab } from './components/PoliciesTab';
import { useMessages } from '../shared/messages';
import { useAuditProgress } from './hooks/useAuditProgress';

/** The tabs in order; their titles are the catalogue's `admin.tab.<id>`. */
export const ADMIN_TABS = ['overview', 'findings', 'changes', 'policies', 'person'] as const;

/**
 * The settings page for a Confluence admin. The latest audit is tracked here rather than in the
 * Overview, so its polling carries on (and the Findings tab knows which audit is current) whichever
 * tab is open. Only the open tab renders, so each tab loads when it is first looked at. `latest` is
 * the audit the start-up call answered; without it the page loads it itself.
 */
export function AdminPage({ latest }: { readonly latest?: AuditStatusView | undefined }) {
  const m = useMessages();
  const [tab, setTab] = useState(0);
  const [progress, dispatch] = useAuditProgress(latest);
  const panel = (index: number) => {
    if (index !== tab) return null;
    switch (ADMIN_TABS[index]) {
      case 'overview':
        return <OverviewTab state={progress} dispatch={dispatch} />;
      case 'findings':
        // Until the latest audit is known, the Overview's loading or error state says why.
        return progress.status === 'ready' ? (
          <FindingsTab latest={progress.audit} />
        ) : (
          <OverviewTab state={progress} dispatch={dispatch} />
        );
      case 'changes':
        return <ChangesTab />;
      case 'policies':
        return <PoliciesTab />;
      case 'person':
        return <PersonTab />;
      case undefined:
        return null;
    }
  };
  return (
    <Stack space="space.200">
      <Stack space="space.050">
        <Heading size="large">{m.text('admin.page.title')}</Heading>
        <Text>{m.text('admin.page.intro')}</Text>
      </Stack>
      <Tabs
        id="access-lens-admin"
        selected={tab}
        onChange={(index) => {
          setTab(index);
        }}
      >
        <TabList>
          {ADMIN_TABS.map((id) => (
            <Tab key={id}>{m.text(`admin.tab.${id}`)}</Tab>
          ))}
        </TabList>
        {ADMIN_TABS.map((id, index) => (
          <TabPanel key={id}>
            <Stack space="space.200">{panel(index)}</Stack>
          </TabPanel>
        ))}
      </Tabs>
    </Stack>
  );
}
