import { renderView } from '../harness/forge-ui';
import type { ForgeDoc } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import { MacroConfig } from '../../src/frontend/macro/MacroConfig';
import { macroSettings } from '../../src/frontend/macro/state/settings';
import { macroContext, ok, pageAccess, twoRestrictedAncestors } from './macro-fixtures';
import { resolverStub } from './macro-stub';

/**
 * The components a macro config may use and, for each, the props the config panel reads:
 * https://developer.atlassian.com/platform/forge/add-configuration-to-a-macro-with-ui-kit/
 */
const MACRO_CONFIG_COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  CheckboxGroup: ['options', 'defaultValue', 'isRequired', 'name'],
  DatePicker: ['defaultValue', 'isRequired', 'name', 'placeholder'],
  // Its text arrives as String children. `labelFor` is required by @forge/react's type and
  // ignored by the config panel, which labels the field that follows.
  Label: ['labelFor'],
  RadioGroup: ['options', 'defaultValue', 'isRequired', 'name'],
  Select: ['defaultValue', 'options', 'placeholder', 'isRequired', 'name'],
  Textfield: ['defaultValue', 'isRequired', 'name', 'placeholder'],
  TextArea: ['defaultValue', 'isRequired', 'name', 'placeholder'],
  UserPicker: ['isMulti', 'isRequired', 'name', 'defaultValue', 'description', 'placeholder'],
};

/** Every node below the root as `Type` or `Type.prop`, for what the allow-list does not cover. */
function disallowed(root: ForgeDoc): string[] {
  const found: string[] = [];
  const visit = (node: ForgeDoc, parent: ForgeDoc | undefined): void => {
    if (parent !== undefined) {
      const props = MACRO_CONFIG_COMPONENTS[node.type];
      if (node.type === 'String') {
        if (parent.type !== 'Label') found.push(`String in ${parent.type}`);
      } else if (props === undefined) {
        found.push(node.type);
      } else {
        for (const prop of Object.keys(node.props)) {
          if (!props.includes(prop)) found.push(`${node.type}.${prop}`);
        }
      }
    }
    for (const child of node.children) visit(child, node);
  };
  visit(root, undefined);
  return found;
}

async function openMacro(config?: Record<string, unknown>) {
  const stub = resolverStub({ getPageAccess: () => ok(pageAccess(twoRestrictedAncestors)) });
  const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext(config) });
  await view.waitFor((v) => v.has('Heading'));
  await view.settle();
  return view;
}

describe('macro configuration', () => {
  it('uses only the components and props Atlassian documents for a macro config', async () => {
    const view = await renderView(MacroConfig);
    expect(disallowed(view.doc)).toEqual([]);
    expect(view.findAll('Label').map((label) => view.text(label))).toEqual([
      'Sections to show',
      'Layout',
    ]);
    // Labels come first, each right before the field it names: the panel keeps this order.
    expect(view.doc.children.map((node) => node.type)).toEqual([
      'Label',
      'CheckboxGroup',
      'Label',
      'RadioGroup',
    ]);
  });

  it('the allow-list check catches a layout component', () => {
    const stack: ForgeDoc = {
      type: 'Root',
      props: {},
      children: [
        {
          type: 'Stack',
          props: { space: 'space.200' },
          children: [
            { type: 'Textfield', props: { name: 'x', onChange: () => undefined }, children: [] },
          ],
        },
      ],
    };
    expect(disallowed(stack)).toEqual(['Stack', 'Textfield.onChange']);
  });

  it('offers the sections and the layout under the names the macro reads back', async () => {
    const view = await renderView(MacroConfig);
    const tabs = view.find('CheckboxGroup');
    const layout = view.find('RadioGroup');
    expect(tabs.props.defaultValue).toEqual(['view', 'edit', 'check']);
    expect(layout.props.defaultValue).toBe('full');

    // What Confluence stores for a submitted form is { [name]: value }: it must read back as set.
    const stored = { [String(tabs.props.name)]: ['check'], [String(layout.props.name)]: 'compact' };
    expect(macroSettings(stored)).toEqual({ tabs: ['check'], compact: true });
    const defaults = {
      [String(tabs.props.name)]: tabs.props.defaultValue,
      [String(layout.props.name)]: layout.props.defaultValue,
    };
    expect(macroSettings(defaults)).toEqual(macroSettings(undefined));
  });

  it('shows all three tabs when unconfigured', async () => {
    const view = await openMacro();
    expect(view.findAll('Tab').map((t) => view.text(t))).toEqual([
      'Who can view',
      'Who can edit',
      'Check a person',
    ]);
  });

  it('hides the tabs the configuration turns off', async () => {
    const view = await openMacro({ tabs: ['view', 'check'] });
    expect(view.findAll('Tab').map((t) => view.text(t))).toEqual([
      'Who can view',
      'Check a person',
    ]);
    expect(view.text()).not.toContain('To edit this page');
    expect(view.findAll('TabPanel')).toHaveLength(2);
  });

  it('shows the summary line only in compact mode, the tabs behind a button', async () => {
    const view = await openMacro({ layout: 'compact' });
    expect(view.has('Lozenge', 'Restricted')).toBe(true);
    expect(view.has('Tabs')).toBe(false);
    expect(view.text()).not.toContain('Only people who can view');

    await view.fire(view.findByText('Button', 'Show who has access'), 'onClick');
    expect(view.has('Tabs')).toBe(true);
    expect(view.text()).toContain('Only people who can view');
    await view.fire(view.findByText('Button', 'Hide details'), 'onClick');
    expect(view.has('Tabs')).toBe(false);
  });

  it('shows no tabs and no button when every section is turned off', async () => {
    const view = await openMacro({ tabs: [], layout: 'compact' });
    expect(view.has('Tabs')).toBe(false);
    expect(view.has('Button', 'Show who has access')).toBe(false);
    expect(view.has('Lozenge', 'Restricted')).toBe(true);
  });
});
