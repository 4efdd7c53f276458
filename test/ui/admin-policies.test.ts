import type { RenderedView } from '../harness/forge-ui';
import { deferred } from './macro-stub';
import {
  adminLoaded,
  adminStub,
  fail,
  hasSectionMessage,
  ok,
  openTab,
  policy,
  renderAdmin,
  sectionMessage,
  status,
} from './admin-fixtures';
import type { AdminHandlers } from './admin-fixtures';
import type { SaveSettingsResult } from '../../src/contract/admin';
import type { ResolverResult } from '../../src/contract/results';

async function policiesTab(handlers: AdminHandlers) {
  const stub = adminStub({
    getAuditStatus: () => status(null),
    getSettings: () => ok({ policy: policy() }),
    ...handlers,
  });
  const view = await renderAdmin(stub);
  await adminLoaded(view);
  await openTab(view, 'Policies');
  await view.waitFor((v) => v.has('Form'));
  return { stub, view };
}

function field(view: RenderedView, name: string) {
  const found = [...view.findAll('TextArea'), ...view.findAll('Textfield')].find(
    (node) => node.props.name === name,
  );
  if (found === undefined) throw new Error(`No field ${name}`);
  return found;
}

async function type(view: RenderedView, name: string, value: string): Promise<void> {
  await view.fire(field(view, name), 'onChange', { target: { value } });
}

async function save(view: RenderedView): Promise<void> {
  await view.fire(view.find('Form'), 'onSubmit');
  await view.settle();
}

/** The error messages shown right after a field (up to the next label). */
function errorsAfter(view: RenderedView, name: string): string[] {
  const section = view.find('FormSection');
  const children = section.children;
  const start = children.indexOf(field(view, name));
  const messages: string[] = [];
  for (const node of children.slice(start + 1)) {
    if (node.type === 'Label') break;
    if (node.type === 'ErrorMessage') messages.push(view.text(node));
  }
  return messages;
}

describe('admin page: Policies', () => {
  it('shows the stored policy in the form', async () => {
    const { view } = await policiesTab({
      getSettings: () =>
        ok({
          policy: policy({
            allowedAnonymousSpaces: ['DOCS', 'PUBLIC'],
            schedule: 'weekly',
            pointsBudgetShare: 0.125,
          }),
        }),
    });
    expect(field(view, 'sensitiveLabels').props.value).toBe(
      'confidential\nsecret\nrestricted\nhr-only',
    );
    expect(field(view, 'broadGroups').props.value).toBe('confluence-users');
    expect(field(view, 'allowedAnonymousSpaces').props.value).toBe('DOCS\nPUBLIC');
    expect(view.find('RadioGroup').props.value).toBe('weekly');
    expect(field(view, 'budgetPercent').props.value).toBe('12.5');
  });

  it('saves the edited policy with the version it was based on, and confirms', async () => {
    const answer = deferred<ResolverResult<SaveSettingsResult>>();
    const saved = policy({
      version: 4,
      sensitiveLabels: ['confidential', 'board-only'],
      allowedAnonymousSpaces: ['DOCS', 'KB'],
      schedule: 'daily',
      pointsBudgetShare: 0.4,
    });
    const { stub, view } = await policiesTab({ saveSettings: () => answer.promise });

    await type(view, 'sensitiveLabels', 'confidential, Board-Only\n\n');
    await type(view, 'allowedAnonymousSpaces', 'DOCS\nKB');
    await view.fire(view.find('RadioGroup'), 'onChange', { target: { value: 'daily' } });
    await type(view, 'budgetPercent', '40');
    await save(view);

    expect(stub.callsOf('saveSettings').map((call) => call.payload)).toEqual([
      {
        policy: {
          version: 3,
          sensitiveLabels: ['confidential', 'Board-Only'],
          broadGroups: ['confluence-users'],
          allowedAnonymousSpaces: ['DOCS', 'KB'],
          schedule: 'daily',
          pointsBudgetShare: 0.4,
          // Settings the form does not show go back as stored.
          broadGroupShare: 0.5,
          reconcile: 'weekly',
        },
      },
    ]);
    expect(view.findByText('Button', 'Saving').props.isDisabled).toBe(true);
    expect(field(view, 'sensitiveLabels').props.isDisabled).toBe(true);

    answer.resolve(ok({ saved: true, policy: saved }));
    await view.settle();
    expect(sectionMessage(view, 'Policy saved').props.appearance).toBe('success');
    // The stored (normalised) policy replaces what was typed.
    expect(field(view, 'sensitiveLabels').props.value).toBe('confidential\nboard-only');

    // Editing again clears the confirmation; the next save is based on the new version.
    await type(view, 'broadGroups', 'confluence-users\nall-staff');
    expect(hasSectionMessage(view, 'Policy saved')).toBe(false);
    await save(view);
    expect(stub.callsOf('saveSettings').at(-1)?.payload).toMatchObject({
      policy: { version: 4, broadGroups: ['confluence-users', 'all-staff'] },
    });
  });

  it('shows the resolver’s messages next to each field, and clears one when it is edited', async () => {
    const { view } = await policiesTab({
      saveSettings: () =>
        ok({
          saved: false,
          fieldErrors: [
            { field: 'sensitiveLabels', problem: { kind: 'label-invalid', value: 'top secret' } },
            {
              field: 'allowedAnonymousSpaces',
              problem: { kind: 'bad-space-key', value: 'docs site' },
            },
          ],
        }),
    });
    await save(view);

    expect(sectionMessage(view, "The policy wasn't saved").props.appearance).toBe('error');
    expect(errorsAfter(view, 'sensitiveLabels')).toEqual([
      'The label "top secret" is not a valid label: labels can\'t contain spaces or any of : ; , . ? & [ ] ( ) # ^ * @ ! < > " \\',
    ]);
    expect(errorsAfter(view, 'allowedAnonymousSpaces')).toEqual([
      '"docs site" is not a space key: use the key shown in the space\'s address, such as ENG (letters and digits), or ~name for a personal space.',
    ]);
    expect(errorsAfter(view, 'broadGroups')).toEqual([]);
    expect(field(view, 'sensitiveLabels').props.isInvalid).toBe(true);

    await type(view, 'sensitiveLabels', 'top-secret');
    expect(errorsAfter(view, 'sensitiveLabels')).toEqual([]);
    expect(errorsAfter(view, 'allowedAnonymousSpaces')).toHaveLength(1);
  });

  it('shows a budget that is not a percentage with every other problem, from one save', async () => {
    const { stub, view } = await policiesTab({
      saveSettings: () =>
        ok({
          saved: false,
          fieldErrors: [
            { field: 'pointsBudgetShare', problem: { kind: 'bad-share' } },
            { field: 'broadGroups', problem: { kind: 'unknown-group', value: 'nobody' } },
          ],
        }),
    });
    await type(view, 'budgetPercent', '150');
    await type(view, 'broadGroups', 'nobody');
    await save(view);
    expect(stub.callsOf('saveSettings')).toHaveLength(1);
    await view.waitFor((v) => v.text().includes('no group named nobody'));
    expect(errorsAfter(view, 'budgetPercent')).toEqual([
      expect.stringContaining('Enter a percentage above 0 and at most 100'),
    ]);
    expect(errorsAfter(view, 'broadGroups')).toEqual([
      'There is no group named nobody on this site. Pick a group from the list.',
    ]);
  });

  it('offers to reload the version someone else saved meanwhile', async () => {
    const theirs = policy({ version: 5, broadGroups: ['confluence-users', 'everyone'] });
    let saves = 0;
    const { stub, view } = await policiesTab({
      saveSettings: () =>
        ++saves === 1
          ? ok({ saved: false, conflict: { current: theirs } })
          : ok({ saved: true, policy: { ...theirs, version: 6 } }),
    });
    await type(view, 'broadGroups', 'mine-only');
    await save(view);

    const message = sectionMessage(view, 'Someone else saved the policy');
    expect(message.props.appearance).toBe('warning');
    expect(view.text(message)).toContain(
      'Someone else saved the policy while you were editing. Your changes are still here and were not saved.',
    );
    // What the admin typed stays until they choose to reload.
    expect(field(view, 'broadGroups').props.value).toBe('mine-only');

    await view.fire(view.findByText('Button', 'Reload their version'), 'onClick');
    expect(hasSectionMessage(view, 'Someone else saved')).toBe(false);
    expect(field(view, 'broadGroups').props.value).toBe('confluence-users\neveryone');

    await save(view);
    expect(stub.callsOf('saveSettings').at(-1)?.payload).toMatchObject({
      policy: { version: 5, broadGroups: ['confluence-users', 'everyone'] },
    });
    expect(hasSectionMessage(view, 'Policy saved')).toBe(true);
  });

  it('keeps what was typed when the save call fails', async () => {
    const { view } = await policiesTab({
      saveSettings: () => fail({ code: 'RATE_LIMITED', message: 'Busy.', retryAfterSeconds: 10 }),
    });
    await type(view, 'broadGroups', 'all-staff');
    await save(view);
    expect(view.text(sectionMessage(view, "The policy wasn't saved"))).toContain(
      'Try again in 10 s.',
    );
    expect(field(view, 'broadGroups').props.value).toBe('all-staff');
  });

  it('shows a failed load with a retry', async () => {
    let loads = 0;
    const { view } = await (async () => {
      const stub = adminStub({
        getAuditStatus: () => status(null),
        getSettings: () =>
          ++loads === 1
            ? fail({ code: 'UPSTREAM', message: 'Settings could not be read.' })
            : ok({ policy: policy() }),
      });
      const rendered = await renderAdmin(stub);
      await adminLoaded(rendered);
      await openTab(rendered, 'Policies');
      await rendered.waitFor((v) => v.text().includes('Settings could not be read.'));
      return { view: rendered };
    })();
    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await view.waitFor((v) => v.has('Form'));
    expect(loads).toBe(2);
  });
});
