import { Heading, SectionMessage, Stack, Text } from '@forge/react';
import type { CheckAccessView } from '../../../contract/results';
import { DecisionView } from './DecisionView';

/** The answer for one person: view and edit with every layer, and Confluence's own check. */
export function CheckResult({ result }: { readonly result: CheckAccessView }) {
  const { confluence } = result;
  return (
    <Stack space="space.200">
      <Heading size="small">{result.subject.label}</Heading>
      {confluence?.disagreement !== undefined && (
        <SectionMessage appearance="warning" title="Confluence disagrees with Access Lens">
          <Text>{confluence.disagreement}</Text>
        </SectionMessage>
      )}
      <DecisionView action="view" decision={result.view} confluence={confluence?.view} />
      <DecisionView action="edit" decision={result.edit} confluence={confluence?.edit} />
    </Stack>
  );
}
