/**
 * The admin page against the real resolvers, audit job, local Forge platform and simulated demo
 * site: proves the views and the backend agree on the contract, not only on the fixtures.
 */
import {
  ManualTimers,
  adminLoaded,
  hasSectionMessage,
  openTab,
  sectionMessage,
  eventually,
  liveAdmin,
  renderAdmin,
} from './admin-fixtures';
import type { RenderedView } from '../harness/forge-ui';
import { useApp } from '../resolvers/app-harness';
import { FINDINGS_CSV_COLUMNS } from '../../src/core';

describe('admin page on the real backend (demo site)', () => {
  const app = useApp({}, { jobs: true });

  async function render(timers: ManualTimers): Promise<RenderedView> {
    return renderAdmin(liveAdmin(app()), timers);
  }

  it('runs the first audit, shows its findings, exports them and saves the policy', async () => {
    const timers = new ManualTimers();
    const view = await render(timers);
    await eventually(view, (v) => v.has('EmptyState'));
    await adminLoaded(view);

    const action = view.find('EmptyState').props.primaryAction as {
      props: Record<string, unknown>;
    };
    await view.fire({ type: 'Button', props: action.props, children: [] }, 'onClick');
    await eventually(view, (v) => v.has('Button', 'Cancel audit'));
    expect(timers.delays).toHaveLength(1);

    await app().drain();
    await timers.elapse(view);
    await eventually(view, (v) => hasSectionMessage(v, 'The audit finished'));
    expect(view.has('BarChart')).toBe(true);
    expect(timers.delays).toEqual([]);

    await openTab(view, 'Findings');
    await eventually(view, (v) => v.text().includes('Showing 1–'));
    expect(view.findAll('Row').length).toBeGreaterThan(0);
    await view.fire(view.findByText('Button', 'Export CSV'), 'onClick');
    await eventually(view, (v) => v.has('FileCard') || v.has('LinkButton'));
    // The local platform has no object store: the file is the Blob the FileCard hands the host.
    expect(view.has('LinkButton')).toBe(false);
    const card = view.find('FileCard');
    const blob = await (card.props.onDownload as () => Blob | Promise<Blob>)();
    const csv = await blob.text();
    expect(csv).toMatch(new RegExp(`^\\uFEFF?${FINDINGS_CSV_COLUMNS.join(',')}\\r\\n`, 'u'));
    expect(card.props.fileSize).toBe(blob.size);

    await openTab(view, 'Changes');
    await eventually(view, (v) => v.has('EmptyState'));
    expect(view.find('EmptyState').props.header).toBe('Changes appear after two complete audits');

    await openTab(view, 'Policies');
    await eventually(view, (v) => v.has('Form'));
    const budget = view.findAll('Textfield').find((node) => node.props.name === 'budgetPercent');
    await view.fire(budget!, 'onChange', { target: { value: '30' } });
    await view.fire(view.find('Form'), 'onSubmit');
    await eventually(view, (v) => hasSectionMessage(v, 'Policy saved'));
    expect(sectionMessage(view, 'Policy saved').props.appearance).toBe('success');

    // A second audit of the unchanged site: the Changes tab compares the two.
    await openTab(view, 'Overview');
    await eventually(view, (v) => v.has('Button', 'Run audit now'));
    await view.fire(view.findByText('Button', 'Run audit now'), 'onClick');
    await eventually(view, (v) => v.has('Button', 'Cancel audit'));
    await app().drain();
    await timers.elapse(view);
    await eventually(view, (v) => hasSectionMessage(v, 'The audit finished'));
    await openTab(view, 'Changes');
    await eventually(view, (v) => v.has('EmptyState'));
    expect(view.find('EmptyState').props.header).toBe('No changes');
  });
});
