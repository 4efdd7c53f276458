import type { ReactElement } from 'react';
import type { ForgeDoc, RenderedView } from '../harness/forge-ui';
import { deferred } from './macro-stub';
import {
  ManualTimers,
  NOT_ADMIN,
  adminLoaded,
  adminStub,
  audit,
  fail,
  hasSectionMessage,
  ok,
  renderAdmin,
  running,
  sectionMessage,
  sequence,
  status,
} from './admin-fixtures';
import type { AuditStatusView } from '../../src/contract/admin';
import type { ResolverResult } from '../../src/contract/results';
import { POLL_INTERVAL_MS } from '../../src/frontend/admin/state/auditProgress';
import { auditCoverage } from '../../src/core';

/** The button an EmptyState offers as its primary action (a ForgeElement prop, not a child). */
function primaryAction(view: RenderedView): ForgeDoc {
  const action = view.find('EmptyState').props.primaryAction as ReactElement<
    Record<string, unknown>
  >;
  return { type: 'Button', props: action.props, children: [] };
}

describe('admin page: who may see it', () => {
  it('tells a non-admin the settings are for Confluence admins and loads nothing else', async () => {
    const stub = adminStub({ getViewer: () => ok(NOT_ADMIN) });
    const view = await renderAdmin(stub);
    expect(view.history[0]).toContain('Checking your permissions');
    await view.waitFor((v) => v.has('SectionMessage'));
    await view.settle();

    expect(view.find('SectionMessage').props.title).toBe(
      'Access Lens settings are for Confluence admins',
    );
    expect(view.has('Tabs')).toBe(false);
    expect(stub.calls.map((call) => call.key)).toEqual(['getAdminOverview']);
  });

  it('explains a failure to reach the app, and tries again on request', async () => {
    const stub = adminStub({
      getViewer: sequence(
        fail({ code: 'UPSTREAM', message: 'Confluence did not answer.' }),
        ok(NOT_ADMIN),
      ),
    });
    const view = await renderAdmin(stub);
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.find('SectionMessage').props.appearance).toBe('error');
    expect(view.text()).toContain('Confluence did not answer.');

    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await view.waitFor((v) => hasSectionMessage(v, 'for Confluence admins'));
    expect(stub.callsOf('getAdminOverview')).toHaveLength(2);
  });
});

describe('admin page: Overview', () => {
  it('offers to run the first audit before there is one', async () => {
    const stub = adminStub({ getAuditStatus: () => status(null) });
    const view = await renderAdmin(stub);
    await adminLoaded(view);
    await view.waitFor((v) => v.has('EmptyState'));

    expect(view.findAll('Tab').map((tab) => view.text(tab))).toEqual([
      'Overview',
      'Findings',
      'Changes',
      'Policies',
      'Person',
    ]);
    expect(view.find('EmptyState').props.header).toBe('No audit yet');
    const action = view.find('EmptyState').props.primaryAction as ReactElement<{
      children: string;
    }>;
    expect(action.props.children).toBe('Run your first audit');
    // One start-up call answers who is looking and the latest audit.
    expect(stub.calls).toEqual([{ key: 'getAdminOverview', payload: {} }]);
  });

  it('runs an audit and follows it to 100 % by polling, then shows the results', async () => {
    const timers = new ManualTimers();
    const queued = running({ state: 'queued', spacesTotal: 0, spacesDone: 0, pointsUsed: 0 });
    const stub = adminStub({
      getAuditStatus: sequence(
        status(null),
        status(running({ spacesDone: 1, pointsUsed: 300, etaSeconds: 600 })),
        status(running({ spacesDone: 2, pointsUsed: 610, etaSeconds: 90 })),
        status(
          audit({
            auditId: 'a-3',
            startedAt: '2026-03-11T09:00:00.000Z',
            finishedAt: '2026-03-11T09:10:00.000Z',
            // As the job measures it: one labelled page (OPS's Runbook) was hidden from the app.
            coverage: auditCoverage({
              reader: 'app',
              spacesListed: 4,
              spacesDone: 4,
              unread: { spaces: [], content: [{ cause: 'hidden-from-app', count: 1 }] },
            }),
          }),
        ),
      ),
      startAudit: () => status(queued),
    });
    const view = await renderAdmin(stub, timers);
    await view.waitFor((v) => v.has('EmptyState'));
    expect(timers.delays).toEqual([]);

    await view.fire(primaryAction(view), 'onClick');
    await view.waitFor((v) => v.has('Button', 'Cancel audit'));
    expect(stub.callsOf('startAudit')).toEqual([{ key: 'startAudit', payload: {} }]);
    expect(view.find('ProgressBar').props.isIndeterminate).toBe(true);
    expect(view.text()).toContain('The audit is about to start');
    expect(view.text()).toContain('Counting spaces');
    expect(timers.delays).toEqual([POLL_INTERVAL_MS]);

    await timers.elapse(view);
    expect(view.find('ProgressBar').props.value).toBe(0.25);
    expect(view.text()).toContain('1 of 4 spaces checked (25%)');
    expect(view.text()).toContain('300 of 16,250 rate-limit points used');
    expect(view.text()).toContain('about 10 minutes left');
    expect(view.findByText('Button', 'Cancel audit').props.isDisabled).toBe(false);

    await timers.elapse(view);
    expect(view.find('ProgressBar').props.value).toBe(0.5);
    expect(view.text()).toContain('2 of 4 spaces checked (50%)');
    expect(view.text()).toContain('about 2 minutes left');

    await timers.elapse(view);
    expect(view.has('Button', 'Cancel audit')).toBe(false);
    expect(view.find('ProgressBar').props).toMatchObject({ value: 1, appearance: 'success' });
    expect(view.text()).toContain('4 of 4 spaces checked (100%), 1,234 rate-limit points used');
    expect(sectionMessage(view, 'The audit finished').props.appearance).toBe('success');
    // Coverage is measured, not claimed: what was read, what was not, what cannot be known.
    const outcome = view.text(sectionMessage(view, 'The audit finished'));
    expect(outcome).not.toContain('All 4 spaces were checked.');
    expect(outcome).toContain('Read 4 of the 4 spaces the audit could list.');
    expect(outcome).toContain(
      '1 labelled item could not be checked (hidden from the app): it is listed as not inspectable, never as open.',
    );
    expect(outcome).toContain(
      'To audit such pages, add the app (Access Lens) to their view restrictions.',
    );
    // Finished: nothing more is polled.
    expect(timers.delays).toEqual([]);
    expect(stub.callsOf('getAdminOverview')).toHaveLength(1);
    expect(stub.callsOf('getAuditStatus').map((call) => call.payload)).toEqual([
      { auditId: 'a-3' },
      { auditId: 'a-3' },
      { auditId: 'a-3' },
    ]);

    // The results: severity chart and counts, top spaces with links.
    const chart = view.find('BarChart');
    expect(chart.props.data).toEqual([
      { severity: 'High', findings: 3 },
      { severity: 'Medium', findings: 1 },
      { severity: 'Low', findings: 1 },
      { severity: 'Info', findings: 1 },
    ]);
    expect(view.findAll('Lozenge').map((lozenge) => view.text(lozenge))).toEqual(
      expect.arrayContaining(['High: 3', 'Medium: 1', 'Low: 1', 'Info: 1']),
    );
    const spaces = view.findAll('Row').map((row) => view.text(row));
    expect(spaces[0]).toBe('HR 2 0 0 0 2');
    expect(spaces[1]).toBe('ENG 1 1 0 0 2');
    expect(view.findAll('Link').map((link) => link.props.href)).toContain('/wiki/spaces/HR');
    expect(view.findByText('Button', 'Run audit now').props.isDisabled).toBe(false);
  });

  it('keeps polling, more slowly, when Confluence is busy', async () => {
    const timers = new ManualTimers();
    const stub = adminStub({
      getAuditStatus: sequence(
        status(running({ spacesDone: 1 })),
        fail({ code: 'RATE_LIMITED', message: 'Confluence is busy.', retryAfterSeconds: 30 }),
        status(running({ spacesDone: 3 })),
      ),
    });
    const view = await renderAdmin(stub, timers);
    await view.waitFor((v) => v.has('Button', 'Cancel audit'));
    expect(timers.delays).toEqual([POLL_INTERVAL_MS]);

    await timers.elapse(view);
    expect(sectionMessage(view, "Progress couldn't be refreshed").props.appearance).toBe('warning');
    expect(view.text()).toContain('tries again in 30 s');
    // The audit stays on screen while the page waits as long as Confluence asked.
    expect(view.text()).toContain('1 of 4 spaces checked');
    expect(timers.delays).toEqual([30_000]);

    await timers.elapse(view);
    expect(hasSectionMessage(view, "Progress couldn't be refreshed")).toBe(false);
    expect(view.text()).toContain('3 of 4 spaces checked (75%)');
    expect(timers.delays).toEqual([POLL_INTERVAL_MS]);
  });

  it('cancels a running audit and explains what its findings cover', async () => {
    const timers = new ManualTimers();
    const cancelled = audit({
      auditId: 'a-3',
      state: 'cancelled',
      spacesDone: 2,
      note: 'Cancelled by an admin.',
    });
    const answer = deferred<ResolverResult<AuditStatusView>>();
    const stub = adminStub({
      getAuditStatus: sequence(status(running({ spacesDone: 2 })), status(cancelled)),
      cancelAudit: () => answer.promise,
    });
    const view = await renderAdmin(stub, timers);
    await view.waitFor((v) => v.has('Button', 'Cancel audit'));

    await view.fire(view.findByText('Button', 'Cancel audit'), 'onClick');
    expect(stub.callsOf('cancelAudit')).toEqual([
      { key: 'cancelAudit', payload: { auditId: 'a-3' } },
    ]);
    expect(view.findByText('Button', 'Cancelling').props.isDisabled).toBe(true);
    // No poll while the cancel is on its way.
    expect(timers.delays).toEqual([]);

    // Confluence is still finishing the spaces under way: the audit runs on, marked as cancelling.
    answer.resolve(status(running({ spacesDone: 2 })));
    await view.settle();
    expect(view.text()).toContain('Cancelling the audit');
    expect(view.findByText('Button', 'Cancelling').props.isDisabled).toBe(true);

    await timers.elapse(view);
    const message = sectionMessage(view, 'The audit was cancelled');
    expect(message.props.appearance).toBe('information');
    expect(view.text(message)).toContain('Cancelled by an admin.');
    expect(view.text(message)).toContain('cover only the 2 of 4 spaces checked');
    expect(timers.delays).toEqual([]);
    expect(stub.callsOf('cancelAudit')).toHaveLength(1);
  });

  it('explains a partial audit that reached its points budget', async () => {
    const partial = audit({
      state: 'partial',
      spacesDone: 3,
      note: 'The audit reached its points budget.',
    });
    const stub = adminStub({ getAuditStatus: () => status(partial) });
    const view = await renderAdmin(stub);
    await view.waitFor((v) => v.has('BarChart'));

    const message = sectionMessage(view, 'stopped before checking every space');
    expect(message.props.appearance).toBe('warning');
    expect(view.text(message)).toContain('The audit reached its points budget.');
    expect(view.text(message)).toContain('cover only the 3 of 4 spaces it checked');
    expect(view.text(message)).toContain('Policies tab');
    // The bar shows how far it got; only a completed audit fills it.
    expect(view.find('ProgressBar').props).toMatchObject({ value: 0.75, appearance: 'default' });
    expect(view.text()).toContain('Started');
  });

  it('explains a failed audit and offers to run it again', async () => {
    const failed = audit({ state: 'failed', spacesDone: 1, note: 'Confluence kept failing.' });
    const { summary: _summary, ...withoutSummary } = failed;
    const stub = adminStub({
      getAuditStatus: () => status(withoutSummary),
      startAudit: () => status(running({ auditId: 'a-4' })),
    });
    const view = await renderAdmin(stub, new ManualTimers());
    await view.waitFor((v) => v.has('SectionMessage'));

    const message = sectionMessage(view, 'The audit failed');
    expect(message.props.appearance).toBe('error');
    expect(view.text(message)).toContain('Confluence kept failing.');
    await view.fire(view.findByText('Button', 'Run audit now'), 'onClick');
    await view.waitFor((v) => v.has('Button', 'Cancel audit'));
    expect(stub.callsOf('startAudit')).toHaveLength(1);
  });

  it('says when an audit could not start, and leaves the page as it was', async () => {
    const stub = adminStub({
      getAuditStatus: () => status(null),
      startAudit: () => fail({ code: 'RATE_LIMITED', message: 'Busy.', retryAfterSeconds: 60 }),
    });
    const view = await renderAdmin(stub);
    await view.waitFor((v) => v.has('EmptyState'));
    await view.fire(primaryAction(view), 'onClick');
    await view.waitFor((v) => v.has('SectionMessage'));

    expect(view.text(sectionMessage(view, "The audit didn't start"))).toContain(
      'Try again in 60 s.',
    );
    expect(view.has('EmptyState')).toBe(true);
    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await view.settle();
    expect(stub.callsOf('startAudit')).toHaveLength(2);
  });

  it('says why a second audit is refused while one runs elsewhere', async () => {
    const stub = adminStub({
      getAuditStatus: () => status(audit()),
      startAudit: () =>
        fail({
          code: 'BAD_REQUEST',
          message: 'An audit is already running. Wait for it to finish, or cancel it first.',
        }),
    });
    const view = await renderAdmin(stub);
    await view.waitFor((v) => v.has('Button', 'Run audit now'));
    await view.fire(view.findByText('Button', 'Run audit now'), 'onClick');
    await view.waitFor((v) => hasSectionMessage(v, "The audit didn't start"));
    expect(view.text(sectionMessage(view, "The audit didn't start"))).toContain(
      'An audit is already running.',
    );
  });

  it('takes a start answer that is the bare audit progress', async () => {
    // The contract says AuditStatusView; tolerate the audit itself so the page never breaks.
    const stub = adminStub({
      getAuditStatus: () => status(null),
      startAudit: () => ok(running({ spacesDone: 1 })) as never,
    });
    const view = await renderAdmin(stub);
    await view.waitFor((v) => v.has('EmptyState'));
    await view.fire(primaryAction(view), 'onClick');
    await view.waitFor((v) => v.has('Button', 'Cancel audit'));
    expect(view.text()).toContain('1 of 4 spaces checked (25%)');
  });

  it('shows a refused status call as not allowed, with nothing else', async () => {
    const stub = adminStub({
      getAuditStatus: () =>
        fail({
          code: 'FORBIDDEN',
          message: 'Only Confluence admins can use Access Lens settings.',
        }),
    });
    const view = await renderAdmin(stub);
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.find('SectionMessage').props.title).toBe('Not allowed');
    expect(view.text()).toContain('Only Confluence admins');
    expect(view.has('ProgressBar')).toBe(false);
    expect(view.has('Button', 'Run audit now')).toBe(false);
  });
});
