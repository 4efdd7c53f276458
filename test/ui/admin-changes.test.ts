import type { RenderedView } from '../harness/forge-ui';
import {
  FINDINGS,
  adminLoaded,
  adminStub,
  audit,
  diff,
  fail,
  finding,
  history,
  ok,
  openPanelText,
  openTab,
  renderAdmin,
  running,
  status,
} from './admin-fixtures';
import type { AdminHandlers } from './admin-fixtures';

const first = audit({ auditId: 'a-1', startedAt: '2026-03-03T09:00:00.000Z' });
const second = audit({ auditId: 'a-2', startedAt: '2026-03-10T09:00:00.000Z' });

async function changesTab(handlers: AdminHandlers) {
  const stub = adminStub({ getAuditStatus: () => status(second), ...handlers });
  const view = await renderAdmin(stub);
  await adminLoaded(view);
  await openTab(view, 'Changes');
  await view.waitFor((v) => !v.has('Spinner'));
  return { stub, view };
}

function tableRows(view: RenderedView, label: string): string[] {
  const table = view.findAll('DynamicTable').find((node) => node.props.label === label);
  if (table === undefined) throw new Error(`No table ${label}`);
  return view.findAll('Row', table).map((row) => view.text(row));
}

describe('admin page: Changes', () => {
  it('lists new and resolved findings between the two latest complete audits', async () => {
    const added = finding({ rule: 'guest-space-access', spaceKey: 'OPS', principal: 'Gwen (u-g)' });
    const [resolved] = FINDINGS;
    const { stub, view } = await changesTab({
      // Newest first is not promised by the contract: the page orders them itself.
      getAuditHistory: () => ok(history(first, second)),
      diffAudits: () => ok(diff({ added: [added], resolved: [resolved!], unchanged: 5 })),
    });

    expect(stub.callsOf('diffAudits').map((call) => call.payload)).toEqual([
      { fromAuditId: 'a-1', toAuditId: 'a-2' },
    ]);
    const text = openPanelText(view);
    expect(text).toContain('Changes between the audits of');
    expect(text).toContain('1 new finding, 1 resolved finding, 5 findings unchanged.');
    expect(tableRows(view, 'New findings')).toEqual([expect.stringContaining('Gwen (u-g)')]);
    expect(tableRows(view, 'Resolved findings')).toEqual([
      expect.stringContaining('Space open to anonymous visitors'),
    ]);
    expect(view.findAll('DynamicTable').map((table) => table.props.rowsPerPage)).toEqual([10, 10]);
  });

  it('says so when nothing changed', async () => {
    const { view } = await changesTab({
      getAuditHistory: () => ok(history(second, first)),
      diffAudits: () => ok(diff({ unchanged: 6 })),
    });
    const empty = view.find('EmptyState');
    expect(empty.props.header).toBe('No changes');
    expect(empty.props.description).toContain('the same 6 findings');
    expect(view.has('DynamicTable')).toBe(false);
  });

  it('needs two complete audits, and does not compare one that stopped early', async () => {
    const partial = audit({
      auditId: 'a-3',
      state: 'partial',
      startedAt: '2026-03-11T09:00:00.000Z',
    });
    const { stub, view } = await changesTab({
      getAuditHistory: () => ok(history(partial, second)),
    });
    const empty = view.find('EmptyState');
    expect(empty.props.header).toBe('Changes appear after two complete audits');
    expect(empty.props.description).toContain('One audit has completed so far');
    expect(empty.props.description).toContain(
      '1 audit that stopped early or is still running is not compared',
    );
    expect(stub.callsOf('diffAudits')).toHaveLength(0);
  });

  it('compares the complete audits around a running or partial one', async () => {
    const { stub } = await changesTab({
      getAuditHistory: () =>
        ok(history(running(), audit({ auditId: 'a-x', state: 'partial' }), second, first)),
      diffAudits: () => ok(diff({ unchanged: 6 })),
    });
    expect(stub.callsOf('diffAudits').map((call) => call.payload)).toEqual([
      { fromAuditId: 'a-1', toAuditId: 'a-2' },
    ]);
  });

  it('explains there is nothing to compare before the first audit', async () => {
    const { stub, view } = await changesTab({
      getAuditStatus: () => status(null),
      getAuditHistory: () => ok(history()),
    });
    expect(view.find('EmptyState').props.header).toBe('No audits yet');
    expect(stub.callsOf('diffAudits')).toHaveLength(0);
  });

  it('shows a failed comparison with a retry', async () => {
    let calls = 0;
    const { view } = await changesTab({
      getAuditHistory: () => ok(history(second, first)),
      diffAudits: () =>
        ++calls === 1
          ? fail({ code: 'UPSTREAM', message: 'The history could not be read.' })
          : ok(diff({ unchanged: 6 })),
    });
    expect(openPanelText(view)).toContain('The history could not be read.');
    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await view.waitFor((v) => v.has('EmptyState'));
    expect(calls).toBe(2);
  });
});
