import { Stack, Text } from '@forge/react';
import type { AudienceFormula } from '../../../core';
import { AudienceTermView } from './AudienceTermView';

/** "Who can view" / "Who can edit": every list a person must be on, in order. */
export function AudiencePanel({
  action,
  formula,
}: {
  readonly action: 'view' | 'edit';
  readonly formula: AudienceFormula;
}) {
  return (
    <Stack space="space.200">
      <Text>
        {`To ${action} this page, someone must be in every one of these ${formula.terms.length} lists:`}
      </Text>
      {formula.terms.map((term, index) => (
        <AudienceTermView
          key={`${term.rule}-${term.ancestor?.id ?? ''}`}
          number={index + 1}
          term={term}
        />
      ))}
    </Stack>
  );
}
