import { CheckboxGroup, Label, RadioGroup } from '@forge/react';
import { CONFIG_FIELDS } from './state/settings';

/**
 * The macro's configuration panel. A macro config may use only the form components Atlassian
 * lists for it (no layout components such as Stack: Confluence lays the fields out itself, in
 * order), each with a subset of its props:
 * https://developer.atlassian.com/platform/forge/add-configuration-to-a-macro-with-ui-kit/
 * The `name`s are the keys Confluence stores and `macroSettings` reads back. `Label` ignores
 * `labelFor` there (it labels the field that follows); @forge/react's type still requires it.
 */
export function MacroConfig() {
  return (
    <>
      <Label labelFor={CONFIG_FIELDS.tabs}>Sections to show</Label>
      <CheckboxGroup
        name={CONFIG_FIELDS.tabs}
        options={[
          { label: 'Who can view', value: 'view' },
          { label: 'Who can edit', value: 'edit' },
          { label: 'Check a person', value: 'check' },
        ]}
        defaultValue={['view', 'edit', 'check']}
      />
      <Label labelFor={CONFIG_FIELDS.layout}>Layout</Label>
      <RadioGroup
        name={CONFIG_FIELDS.layout}
        options={[
          { label: 'Full: summary and sections', value: 'full' },
          { label: 'Compact: summary only, sections behind a button', value: 'compact' },
        ]}
        defaultValue="full"
      />
    </>
  );
}
