import { CheckboxGroup, Label, RadioGroup } from '@forge/react';
import { useMessages } from '../shared/messages';
import { CONFIG_FIELDS, DEFAULT_TABS, TAB_IDS } from './state/settings';

/**
 * The macro's configuration panel. A macro config may use only the form components Atlassian
 * lists for it (no layout components such as Stack: Confluence lays the fields out itself, in
 * order), each with a subset of its props:
 * https://developer.atlassian.com/platform/forge/add-configuration-to-a-macro-with-ui-kit/
 * The `name`s are the keys Confluence stores and `macroSettings` reads back. `Label` ignores
 * `labelFor` there (it labels the field that follows); @forge/react's type still requires it.
 */
export function MacroConfig() {
  const m = useMessages();
  return (
    <>
      <Label labelFor={CONFIG_FIELDS.tabs}>{m.text('macro.config.tabs')}</Label>
      <CheckboxGroup
        name={CONFIG_FIELDS.tabs}
        options={TAB_IDS.map((tab) => ({ label: m.text(`macro.tab.${tab}`), value: tab }))}
        defaultValue={[...DEFAULT_TABS]}
      />
      <Label labelFor={CONFIG_FIELDS.layout}>{m.text('macro.config.layout')}</Label>
      <RadioGroup
        name={CONFIG_FIELDS.layout}
        options={[
          { label: m.text('macro.config.layout.full'), value: 'full' },
          { label: m.text('macro.config.layout.compact'), value: 'compact' },
        ]}
        defaultValue="full"
      />
    </>
  );
}
