/**
 * The macro's "What if" tab with the real @forge/react reconciler: offered only when the macro's
 * configuration adds it and the viewer may make the change; a drafted change is sent as the
 * resolver's payload, and the answer is worded on the page and for the pages below.
 */
import { renderView } from '../harness/forge-ui';
import type { RenderedView } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import type { ResolverResult, WhatIfView } from '../../src/contract/results';
import type { AudienceChange } from '../../src/core/what-if';
import { fail, macroContext, ok, pageAccess, twoRestrictedAncestors } from './macro-fixtures';
import { deferred, resolverStub } from './macro-stub';

const WITH_WHAT_IF = { tabs: ['view', 'edit', 'check', 'whatIf'] };

const summary = { people: [], groups: [], everyone: [], anonymous: false, complete: true };
const noChange: AudienceChange = {
  gained: { people: [], groups: [], everyone: [], anonymous: false },
  lost: { people: [], groups: [], everyone: [], anonymous: false },
  before: summary,
  after: summary,
  complete: true,
  changed: false,
};
const bobLosesView: AudienceChange = {
  ...noChange,
  lost: {
    people: [{ accountId: 'u-bob', displayName: 'Bob Builder', markers: [] }],
    groups: [{ groupId: 'g-all', name: 'all-staff', size: 1500 }],
    everyone: [],
    anonymous: false,
  },
  changed: true,
};
const answer: WhatIfView = {
  page: { view: bobLosesView, edit: noChange },
  below: {
    considered: 3,
    truncated: false,
    unreadable: 0,
    uncertain: 1,
    changed: [{ id: '101', title: 'Release notes', type: 'page', view: bobLosesView }],
  },
};

const pick = (accountId: string, name: string) => ({
  id: accountId,
  name,
  type: 'user',
  avatarUrl: '',
  email: '',
});

function whatIfPanel(view: RenderedView) {
  const tabs = view.findAll('Tab').map((t) => view.text(t));
  const panel = view.findAll('TabPanel')[tabs.indexOf('What if')];
  if (panel === undefined) throw new Error('no What if panel');
  return panel;
}

async function openMacro(
  allowed: boolean,
  preview: (payload: unknown) => Promise<ResolverResult<WhatIfView>> | ResolverResult<WhatIfView>,
  config: Record<string, unknown> | null = WITH_WHAT_IF,
) {
  const stub = resolverStub({
    getPageAccess: () => ok(pageAccess(twoRestrictedAncestors)),
    getWhatIfAccess: () => ok({ allowed }),
    previewRestrictionChange: preview,
  });
  const view = await renderView(MacroApp, {
    invoke: stub.invoke,
    context: macroContext(config ?? undefined),
  });
  await view.waitFor((v) => v.has('Tab'));
  return { stub, view };
}

describe('"What if" in the macro', () => {
  it('is not asked about, nor shown, unless the configuration adds it', async () => {
    const { stub, view } = await openMacro(true, () => ok(answer), null);
    expect(stub.callsOf('getWhatIfAccess')).toEqual([]);
    expect(view.findAll('Tab').map((t) => view.text(t))).not.toContain('What if');
  });

  it('is absent for a viewer who could not make the change', async () => {
    const { stub, view } = await openMacro(false, () => ok(answer));
    await view.waitFor(() => stub.callsOf('getWhatIfAccess').length === 1);
    expect(view.findAll('Tab').map((t) => view.text(t))).toEqual([
      'Who can view',
      'Who can edit',
      'Check a person',
    ]);
  });

  it('previews a drafted change and words who gains and loses, here and below', async () => {
    const pending = deferred<ResolverResult<WhatIfView>>();
    const { stub, view } = await openMacro(true, () => pending.promise);
    await view.waitFor((v) => v.findAll('Tab').some((t) => v.text(t) === 'What if'));
    const panel = () => whatIfPanel(view);
    // The page has no view restriction of its own: adding someone creates one.
    expect(view.text(panel())).toContain('This page has no view restriction of its own.');
    const preview = () => view.findByText('Button', 'Preview the change');
    expect(preview().props.isDisabled).toBe(true);

    await view.fire(view.find('UserPicker', panel()), 'onChange', pick('u-carol', 'Carol'));
    expect(view.text(panel())).toContain('To be added: Carol');
    await view.fire(preview(), 'onClick');
    expect(stub.callsOf('previewRestrictionChange').map((c) => c.payload)).toEqual([
      {
        operation: 'read',
        addUsers: ['u-carol'],
        addGroups: [],
        removeUsers: [],
        removeGroups: [],
      },
    ]);
    expect(view.text(panel())).toContain('Working out who would gain or lose access…');

    pending.resolve(ok(answer));
    await view.waitFor((v) => v.text(whatIfPanel(v)).includes('Would lose view'));
    const text = view.text(panel());
    expect(text).toContain(
      'Would lose view: Bob Builder and the 1,500 members of all-staff who are not let in another way.',
    );
    expect(text).toContain('No one would gain or lose edit.');
    expect(text).toContain('1 page below would change:');
    expect(text).toContain('Release notes: lose view: Bob Builder and the 1,500 members');
    expect(text).toContain(
      'For 1 page below no change was found, but not everything could be checked.',
    );

    // Editing the draft keeps the answer, marked as being for the earlier draft.
    await view.fire(view.findByText('Button', "Don't add Carol"), 'onClick');
    expect(view.text(panel())).toContain('This answer is for the change as it was before');
  });

  it('takes someone off the edit restriction and says a failure plainly, with a retry', async () => {
    let calls = 0;
    const { stub, view } = await openMacro(true, () =>
      ++calls === 1 ? fail({ code: 'UPSTREAM', message: 'Confluence failed' }) : ok(answer),
    );
    await view.waitFor((v) => v.findAll('Tab').some((t) => v.text(t) === 'What if'));
    const panel = () => whatIfPanel(view);
    await view.fire(view.find('Select', panel()), 'onChange', {
      label: 'Who can edit',
      value: 'update',
    });
    const bob = view.findAll('Checkbox', panel()).find((c) => c.props.label === 'Take u-bob off');
    expect(bob).toBeDefined();
    await view.fire(bob!, 'onChange', { value: 'u-bob', isChecked: true });
    await view.fire(view.findByText('Button', 'Preview the change'), 'onClick');
    expect(stub.callsOf('previewRestrictionChange').map((c) => c.payload)).toEqual([
      {
        operation: 'update',
        addUsers: [],
        addGroups: [],
        removeUsers: ['u-bob'],
        removeGroups: [],
      },
    ]);
    await view.waitFor((v) => v.has('SectionMessage'));
    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await view.waitFor((v) => v.text(whatIfPanel(v)).includes('Edit restrictions do not pass'));
  });
});
