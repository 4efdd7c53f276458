import { renderView } from '../harness/forge-ui';
import type { RenderedView } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import type { PageAccessView, ResolverResult } from '../../src/contract/results';
import {
  emptyLists,
  exposedConfidential,
  fail,
  macroContext,
  ok,
  pageAccess,
  twoRestrictedAncestors,
} from './macro-fixtures';
import { deferred, resolverStub } from './macro-stub';

async function loaded(view: RenderedView): Promise<void> {
  await view.waitFor((v) => !v.has('Spinner') && v.has('Heading'));
}

/** The text of the tab panel whose tab is titled `title`. */
function panelText(view: RenderedView, title: string): string {
  const tabs = view.findAll('Tab').map((tab) => view.text(tab));
  const index = tabs.indexOf(title);
  const panel = view.findAll('TabPanel')[index];
  if (index < 0 || panel === undefined) throw new Error(`No tab "${title}" in ${tabs.join(', ')}`);
  return view.text(panel);
}

describe('page access macro through the real reconciler', () => {
  it('shows a loading state, then the summary line and the three tabs', async () => {
    const answer = deferred<ResolverResult<PageAccessView>>();
    const stub = resolverStub({ getPageAccess: () => answer.promise });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });

    expect(view.has('Spinner')).toBe(true);
    expect(view.text()).toContain('Checking who can access this page');

    answer.resolve(ok(pageAccess(twoRestrictedAncestors, { minutesOld: 5 })));
    await loaded(view);

    expect(stub.calls).toEqual([{ key: 'getPageAccess', payload: {} }]);
    expect(view.findByText('Heading', 'Release plan')).toBeDefined();
    // A fact, not a success: informational blue.
    expect(view.findByText('Lozenge', 'Restricted').props.appearance).toBe('inprogress');
    expect(view.has('Lozenge', 'Inherits restrictions from 2 ancestors')).toBe(true);
    expect(view.has('Lozenge', 'Editing restricted')).toBe(true);
    expect(view.has('Lozenge', 'Anonymous visitors can view')).toBe(false);
    expect(view.text()).toContain('As of 5 min ago');
    expect(view.findAll('Tab').map((tab) => view.text(tab))).toEqual([
      'Who can view',
      'Who can edit',
      'Check a person',
    ]);
    expect(view.has('SectionMessage')).toBe(false);
  });

  it('lists every layer of a page under two restricted ancestors, with people and groups', async () => {
    const stub = resolverStub({ getPageAccess: () => ok(pageAccess(twoRestrictedAncestors)) });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await loaded(view);

    const viewPanel = panelText(view, 'Who can view');
    expect(viewPanel).toContain('must be in every one of these 3 lists');
    const headings = view
      .findAll('Heading', view.findAll('TabPanel')[0])
      .map((heading) => view.text(heading));
    expect(headings).toEqual([
      '1. People who can view the space Engineering',
      '2. People allowed by the folder "Drafts"',
      '3. People allowed by the page "Plans"',
    ]);
    // The unrestricted "Handbook" is no constraint, so it is not a layer.
    expect(viewPanel).not.toContain('Handbook');
    const users = view.findAll('User', view.findAll('TabPanel')[0]);
    expect(users.map((u) => u.props.accountId)).toEqual(['u-dave', 'u-alice']);
    expect(viewPanel).toContain('Group: team-leads');
    expect(viewPanel).toContain('Group: engineering');

    const editPanel = panelText(view, 'Who can edit');
    expect(editPanel).toContain('must be in every one of these 5 lists');
    expect(editPanel).toContain('People who can add pages in the space Engineering');
    expect(editPanel).toContain("This page's edit restriction");
    const editUsers = view
      .findAll('User', view.findAll('TabPanel')[1])
      .map((u) => u.props.accountId);
    expect(editUsers).toContain('u-bob');
  });

  it('says so when a list is empty or could not be read', async () => {
    const stub = resolverStub({ getPageAccess: () => ok(pageAccess(emptyLists)) });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await loaded(view);

    expect(panelText(view, 'Who can edit')).toContain(
      'Nobody is on this list, so nobody gets through it.',
    );
    expect(panelText(view, 'Who can view')).toContain(
      'Access Lens is not allowed to read this list',
    );
    expect(view.has('Lozenge', 'Restricted')).toBe(true);
  });

  it('shows only the not-visible state, with no page data', async () => {
    const stub = resolverStub({
      getPageAccess: () => fail({ code: 'NOT_VISIBLE', message: 'ignored by the view' }),
    });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await view.waitFor((v) => v.has('SectionMessage'));

    expect(view.find('SectionMessage').props.appearance).toBe('warning');
    expect(view.text()).toContain("don't have permission to view it");
    expect(view.text()).not.toContain('ignored by the view');
    for (const type of ['Heading', 'Lozenge', 'Tabs', 'User', 'Button']) {
      expect({ type, present: view.has(type) }).toEqual({ type, present: false });
    }
  });

  it('explains a rate limit with the wait time, and tries again on request', async () => {
    let answers = 0;
    const stub = resolverStub({
      getPageAccess: () =>
        ++answers === 1
          ? fail({ code: 'RATE_LIMITED', message: 'busy', retryAfterSeconds: 12 })
          : ok(pageAccess(twoRestrictedAncestors)),
    });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.find('SectionMessage').props.title).toBe('Confluence is busy');
    expect(view.text()).toContain('Try again in 12 s.');

    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await loaded(view);
    expect(stub.callsOf('getPageAccess').map((c) => c.payload)).toEqual([{}, { refresh: true }]);
  });

  it('shows an error in words when Confluence fails', async () => {
    const stub = resolverStub({
      getPageAccess: () =>
        fail({ code: 'UPSTREAM', message: 'Confluence did not answer in time.' }),
    });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.find('SectionMessage').props.appearance).toBe('error');
    expect(view.text()).toContain('Confluence did not answer in time.');
  });

  it('warns when a confidential page is open to everyone in the space', async () => {
    const stub = resolverStub({ getPageAccess: () => ok(pageAccess(exposedConfidential)) });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await loaded(view);

    const warning = view.find('SectionMessage');
    expect(warning.props.appearance).toBe('warning');
    expect(warning.props.title).toBe('More open than its labels suggest');
    expect(view.text(warning)).toContain('labelled "confidential"');
    expect(view.findByText('Lozenge', 'Open to everyone in the space')).toBeDefined();
    expect(view.has('Lozenge', 'Anonymous visitors can view if the site allows them')).toBe(true);
    expect(view.has('Lozenge', 'Every logged-in user can view')).toBe(true);
    expect(view.findByText('Lozenge', 'Every guest can view').props.appearance).toBe('removed');
  });

  it('refreshes with { refresh: true }, keeping the page on screen meanwhile', async () => {
    const second = deferred<ResolverResult<PageAccessView>>();
    let calls = 0;
    const stub = resolverStub({
      getPageAccess: () =>
        ++calls === 1
          ? ok(pageAccess(twoRestrictedAncestors, { minutesOld: 7, fromCache: true }))
          : second.promise,
    });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await loaded(view);
    expect(view.text()).toContain('As of 7 min ago (from an earlier check)');

    await view.fire(view.findByText('LoadingButton', 'Refresh'), 'onClick');
    expect(view.findByText('LoadingButton', 'Refresh').props.isLoading).toBe(true);
    expect(view.has('Heading', 'Release plan')).toBe(true);

    second.resolve(ok(pageAccess(twoRestrictedAncestors)));
    await view.waitFor((v) => v.text().includes('As of just now'));
    expect(view.findByText('LoadingButton', 'Refresh').props.isLoading).toBe(false);
    expect(stub.callsOf('getPageAccess').map((c) => c.payload)).toEqual([{}, { refresh: true }]);
  });

  it('keeps the page when a refresh is rate limited, and says when to try again', async () => {
    let calls = 0;
    const stub = resolverStub({
      getPageAccess: () =>
        ++calls === 1
          ? ok(pageAccess(twoRestrictedAncestors))
          : fail({ code: 'RATE_LIMITED', message: 'busy', retryAfterSeconds: 30 }),
    });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await loaded(view);
    await view.fire(view.findByText('LoadingButton', 'Refresh'), 'onClick');
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.text()).toContain('Try again in 30 s.');
    expect(view.has('Heading', 'Release plan')).toBe(true);
  });

  it('drops the page when a refresh finds it is no longer visible', async () => {
    let calls = 0;
    const stub = resolverStub({
      getPageAccess: () =>
        ++calls === 1
          ? ok(pageAccess(twoRestrictedAncestors))
          : fail({ code: 'NOT_VISIBLE', message: 'gone' }),
    });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await loaded(view);
    await view.fire(view.findByText('LoadingButton', 'Refresh'), 'onClick');
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.text()).not.toContain('Release plan');
    expect(view.has('User')).toBe(false);
  });
});
