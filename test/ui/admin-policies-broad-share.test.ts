/**
 * The policy form's "broad groups by size" field (`broadGroupShare`, shown as a percentage), on
 * the real resolvers, storage and policy check of the local Forge platform and demo site.
 */
// The fixtures install the bridge, which `@forge/bridge` captures when it loads: keep them first.
import {
  ManualTimers,
  adminLoaded,
  hasSectionMessage,
  openTab,
  liveAdmin,
  renderAdmin,
} from './admin-fixtures';
import type { RenderedView } from '../harness/forge-ui';
import { useApp } from '../resolvers/app-harness';
import { call } from '../jobs/audit-helpers';
import type { Policy } from '../../src/contract/admin';
import { DEFAULT_POLICY } from '../../src/core';

/** Resolver answers travel over real HTTP to the simulator: give them real time, boundedly. */
async function eventually(view: RenderedView, predicate: (v: RenderedView) => boolean) {
  for (let i = 0; i < 400; i++) {
    if (predicate(view)) return;
    await view.settle(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Condition not met; rendered text: ${view.text()}`);
}

function field(view: RenderedView, name: string) {
  const found = view.findAll('Textfield').find((node) => node.props.name === name);
  if (found === undefined) throw new Error(`No field ${name}`);
  return found;
}

/** The error messages shown right after a field (up to the next label). */
function errorsAfter(view: RenderedView, name: string): string[] {
  const children = view.find('FormSection').children;
  const messages: string[] = [];
  for (const node of children.slice(children.indexOf(field(view, name)) + 1)) {
    if (node.type === 'Label') break;
    if (node.type === 'ErrorMessage') messages.push(view.text(node));
  }
  return messages;
}

describe('admin page: broad groups by size on the policy form (demo site)', () => {
  const app = useApp();

  async function policiesTab(): Promise<RenderedView> {
    const timers = new ManualTimers();
    const view = await renderAdmin(liveAdmin(app()), timers);
    await eventually(view, (v) => v.has('Tabs'));
    await adminLoaded(view);
    await openTab(view, 'Policies');
    await eventually(view, (v) => v.has('Form'));
    return view;
  }

  const stored = async () => (await call<{ policy: Policy }>(app(), 'getSettings')).policy;

  it('shows the share as a labelled percentage, saves it, and allows 0 (by name only)', async () => {
    const view = await policiesTab();
    const input = field(view, 'broadGroupPercent');
    expect(input.props).toMatchObject({ type: 'number', min: 0, max: 100 });
    expect(input.props.value).toBe(String(DEFAULT_POLICY.broadGroupShare * 100));
    const label = view.findAll('Label').find((node) => node.props.labelFor === input.props.id);
    expect(label === undefined ? '' : view.text(label)).toBe(
      'Broad groups by size (% of licensed users)',
    );

    await view.fire(input, 'onChange', { target: { value: '12.5' } });
    await view.fire(view.find('Form'), 'onSubmit');
    await eventually(view, (v) => hasSectionMessage(v, 'Policy saved'));
    expect((await stored()).broadGroupShare).toBe(0.125);
    expect(field(view, 'broadGroupPercent').props.value).toBe('12.5');

    await view.fire(field(view, 'broadGroupPercent'), 'onChange', { target: { value: '0' } });
    await view.fire(view.find('Form'), 'onSubmit');
    await eventually(
      view,
      (v) =>
        hasSectionMessage(v, 'Policy saved') && field(v, 'broadGroupPercent').props.value === '0',
    );
    expect((await stored()).broadGroupShare).toBe(0);
  });

  it('refuses a share above 100 % next to the field, with every other problem, and keeps the stored one', async () => {
    const before = await stored();
    const view = await policiesTab();
    await view.fire(field(view, 'broadGroupPercent'), 'onChange', { target: { value: '150' } });
    await view.fire(field(view, 'budgetPercent'), 'onChange', { target: { value: '0' } });
    await view.fire(view.find('Form'), 'onSubmit');
    await eventually(view, (v) => errorsAfter(v, 'broadGroupPercent').length > 0);
    expect(errorsAfter(view, 'broadGroupPercent')).toEqual([
      "Enter a percentage from 0 to 100, for example 50 for half of the site's licensed users, or 0 to find broad groups by name only.",
    ]);
    expect(errorsAfter(view, 'budgetPercent')).toEqual([
      expect.stringContaining('Enter a percentage above 0 and at most 100'),
    ]);
    expect(field(view, 'broadGroupPercent').props.isInvalid).toBe(true);
    expect(await stored()).toEqual(before);
  });
});
