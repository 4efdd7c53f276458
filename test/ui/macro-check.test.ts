import { renderView } from '../harness/forge-ui';
import type { RenderedView } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import type { CheckAccessView, ResolverResult } from '../../src/contract/results';
import {
  LEADS,
  alice,
  checkAccess,
  dave,
  fail,
  macroContext,
  ok,
  pageAccess,
  reasonsOf,
  twoRestrictedAncestors,
} from './macro-fixtures';
import { deferred, resolverStub } from './macro-stub';

function checkPanel(view: RenderedView) {
  const panel = view.findAll('TabPanel')[2];
  if (panel === undefined) throw new Error('no Check a person panel');
  return panel;
}

async function openMacro(
  checkAccessAnswer: (
    payload: unknown,
  ) => Promise<ResolverResult<CheckAccessView>> | ResolverResult<CheckAccessView>,
) {
  const stub = resolverStub({
    getPageAccess: () => ok(pageAccess(twoRestrictedAncestors)),
    checkAccess: checkAccessAnswer,
  });
  const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
  await view.waitFor((v) => v.has('UserPicker'));
  return { stub, view };
}

const pick = (accountId: string, name: string) => ({
  id: accountId,
  name,
  type: 'user',
  avatarUrl: '',
  email: '',
});

describe('"Check a person" in the macro', () => {
  it('marks a guest beside their name', async () => {
    const { view } = await openMacro(() =>
      ok({ ...checkAccess(twoRestrictedAncestors, dave), markers: ['guest'] }),
    );
    await view.fire(view.find('UserPicker'), 'onChange', pick('u-dave', 'Dave Jones'));
    await view.waitFor((v) => v.has('Heading', 'Dave Jones'));
    expect(view.findByText('Lozenge', 'guest').props.appearance).toBe('moved');
  });

  it('checks a group the page names and says what its members get', async () => {
    const { stub, view } = await openMacro(() =>
      ok({
        ...checkAccess(twoRestrictedAncestors, { kind: 'group', ...LEADS }),
        members: { checked: 25, size: 1500, view: 3, edit: 1, viewUnknown: 0, editUnknown: 0 },
      }),
    );
    const select = view.find('Select');
    const label = view.findByText('Label', 'Or check a group on this page');
    // UI Kit labels a Select through its input.
    expect(select.props.inputId).toBe(label.props.labelFor);
    const options = select.props.options as { label: string; value: string }[];
    expect(options).toContainEqual({ label: 'team-leads', value: LEADS.groupId });

    await view.fire(select, 'onChange', { label: 'team-leads', value: LEADS.groupId });
    expect(stub.callsOf('checkAccess').map((c) => c.payload)).toEqual([{ groupId: LEADS.groupId }]);
    await view.waitFor((v) => v.text(checkPanel(v)).includes('Of the first 25'));
    expect(view.text(checkPanel(view))).toContain(
      'Of the first 25 of its 1,500 members, 3 can view this page and 1 can edit it.',
    );
  });

  it('checks a picked person and explains every layer of view and edit', async () => {
    const answer = deferred<ResolverResult<CheckAccessView>>();
    const { stub, view } = await openMacro(() => answer.promise);
    expect(stub.callsOf('checkAccess')).toEqual([]);

    await view.fire(view.find('UserPicker'), 'onChange', pick('u-dave', 'Dave Jones'));
    expect(view.text(checkPanel(view))).toContain('Checking Dave Jones…');
    expect(stub.callsOf('checkAccess').map((c) => c.payload)).toEqual([{ accountId: 'u-dave' }]);

    const result = checkAccess(twoRestrictedAncestors, dave);
    answer.resolve(ok(result));
    await view.waitFor((v) => v.has('Heading', 'Dave Jones'));

    const panel = checkPanel(view);
    const verdicts = view
      .findAll('Lozenge', panel)
      .map((l) => view.text(l))
      .filter((t) => t.startsWith('Can'));
    expect(verdicts).toEqual(['Cannot view', 'Cannot edit']);
    // Every layer is shown with its own sentence, not only the first that blocks.
    for (const reason of reasonsOf(result)) expect(view.text(panel)).toContain(reason);
    const badges = view.findAll('Lozenge', panel).map((l) => view.text(l));
    expect(badges.filter((b) => b === 'Blocked').length).toBeGreaterThanOrEqual(2);
    expect(badges).toContain('Passes');
    expect(view.text(panel)).toContain('Restriction inherited from the folder "Drafts"');
    expect(view.has('SectionMessage')).toBe(false);
  });

  it('checks an anonymous visitor', async () => {
    const { stub, view } = await openMacro(() =>
      ok(checkAccess(twoRestrictedAncestors, { kind: 'anonymous' })),
    );
    await view.fire(view.findByText('Button', 'Check an anonymous visitor'), 'onClick');
    await view.waitFor((v) => v.has('Heading', 'an anonymous visitor'));
    expect(stub.callsOf('checkAccess').map((c) => c.payload)).toEqual([{ anonymous: true }]);
    expect(view.findByText('Lozenge', 'Cannot view').props.appearance).toBe('removed');
  });

  it("shows Confluence's own answer, and a disagreement prominently", async () => {
    const { view } = await openMacro(() =>
      ok(
        checkAccess(twoRestrictedAncestors, alice, {
          view: { allowed: false, reason: 'Alice is not on the restriction of "Drafts".' },
          edit: { allowed: false },
          disagreesOn: ['view'],
        }),
      ),
    );
    await view.fire(view.find('UserPicker'), 'onChange', pick('u-alice', 'Alice Liddell'));
    await view.waitFor((v) => v.has('Heading', 'Alice Liddell'));

    const warning = view.find('SectionMessage', checkPanel(view));
    expect(warning.props.appearance).toBe('warning');
    expect(warning.props.title).toBe('Confluence disagrees with Access Lens');
    expect(view.text(warning)).toBe(
      "Confluence's own check disagrees with Access Lens about whether Alice Liddell can view this page. Trust Confluence's answer, and tell us: something Access Lens cannot see (for example a public link or a permission it could not read) may be involved.",
    );
    expect(view.findByText('Lozenge', 'Can view').props.appearance).toBe('success');
    expect(view.text()).toContain(
      'Confluence\'s own check: cannot view (Alice is not on the restriction of "Drafts".)',
    );
    expect(view.text()).toContain("Confluence's own check: cannot edit");
  });

  it('drops a late answer for someone no longer picked', async () => {
    const first = deferred<ResolverResult<CheckAccessView>>();
    let calls = 0;
    const { view } = await openMacro(() =>
      ++calls === 1 ? first.promise : ok(checkAccess(twoRestrictedAncestors, alice)),
    );
    await view.fire(view.find('UserPicker'), 'onChange', pick('u-dave', 'Dave Jones'));
    await view.fire(view.find('UserPicker'), 'onChange', pick('u-alice', 'Alice Liddell'));
    await view.waitFor((v) => v.has('Heading', 'Alice Liddell'));
    first.resolve(ok(checkAccess(twoRestrictedAncestors, dave)));
    await view.settle();
    expect(view.has('Heading', 'Dave Jones')).toBe(false);
    expect(view.has('Heading', 'Alice Liddell')).toBe(true);
  });

  it('explains a rate-limited check and checks again on request', async () => {
    let calls = 0;
    const { stub, view } = await openMacro(() =>
      ++calls === 1
        ? fail({ code: 'RATE_LIMITED', message: 'busy', retryAfterSeconds: 4 })
        : ok(checkAccess(twoRestrictedAncestors, dave)),
    );
    await view.fire(view.find('UserPicker'), 'onChange', pick('u-dave', 'Dave Jones'));
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.text(checkPanel(view))).toContain('Try again in 4 s.');
    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await view.waitFor((v) => v.has('Heading', 'Dave Jones'));
    expect(stub.callsOf('checkAccess').map((c) => c.payload)).toEqual([
      { accountId: 'u-dave' },
      { accountId: 'u-dave' },
    ]);
  });
});
