import { CheckboxGroup, Label, RadioGroup, Stack } from '@forge/react';
import { CONFIG_FIELDS } from './state/settings';

/**
 * The macro's configuration panel. Only form components that Confluence's macro config supports
 * are used; their `name`s are the keys Confluence stores and `macroSettings` reads back.
 */
export function MacroConfig() {
  return (
    <Stack space="space.200">
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
    </Stack>
  );
}
