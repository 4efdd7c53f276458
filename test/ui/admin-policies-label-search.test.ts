/**
 * Labels whose search would not fit in a URL: the policy form shows the resolver's refusal next
 * to the labels field, naming it, in the page's language.
 */
import type { RenderedView } from '../harness/forge-ui';
import { adminLoaded, adminStub, ok, openTab, policy, renderAdmin, status } from './admin-fixtures';
import type { SaveSettingsResult } from '../../src/contract/admin';
import { validatePolicy } from '../../src/core';

const LONG = Array.from({ length: 20 }, (_, i) => `${String(i)}${'機密'.repeat(50)}`);

function field(view: RenderedView, name: string) {
  const found = view.findAll('TextArea').find((node) => node.props.name === name);
  if (found === undefined) throw new Error(`No field ${name}`);
  return found;
}

function errorsAfter(view: RenderedView, name: string): string[] {
  const children = view.find('FormSection').children;
  const messages: string[] = [];
  for (const node of children.slice(children.indexOf(field(view, name)) + 1)) {
    if (node.type === 'Label') break;
    if (node.type === 'ErrorMessage') messages.push(view.text(node));
  }
  return messages;
}

it('shows why the labels cannot be searched next to the labels field', async () => {
  const stub = adminStub({
    getAuditStatus: () => status(null),
    getSettings: () => ok({ policy: policy() }),
    // The resolver's answer: what validation says of the labels the form sent.
    saveSettings: (payload) => {
      const sent = (payload as { policy: { sensitiveLabels: unknown } }).policy;
      const checked = validatePolicy({ sensitiveLabels: sent.sensitiveLabels });
      return ok<SaveSettingsResult>(
        checked.ok
          ? { saved: true, policy: checked.policy }
          : { saved: false, fieldErrors: checked.errors },
      );
    },
  });
  const view = await renderAdmin(stub);
  await adminLoaded(view);
  await openTab(view, 'Policies');
  await view.waitFor((v) => v.has('Form'));
  await view.fire(field(view, 'sensitiveLabels'), 'onChange', {
    target: { value: LONG.join('\n') },
  });
  await view.fire(view.find('Form'), 'onSubmit');
  await view.settle();
  expect(errorsAfter(view, 'sensitiveLabels')).toEqual([
    expect.stringMatching(
      /^Sensitive labels: together the labels are too long for Confluence's search\. They take 18,\d{3} characters/u,
    ),
  ]);
  expect(errorsAfter(view, 'broadGroups')).toEqual([]);
  expect(field(view, 'sensitiveLabels').props.isInvalid).toBe(true);
});
