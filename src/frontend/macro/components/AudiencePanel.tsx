import { Stack, Text } from '@forge/react';
import type { Audience, AudienceFormula } from '../../../core';
import { useMessages } from '../../shared/messages';
import { AudienceTermView } from './AudienceTermView';

/** "Who can view" / "Who can edit": every list a person must be on, in order. */
export function AudiencePanel({
  action,
  formula,
  audience,
}: {
  readonly action: 'view' | 'edit';
  readonly formula: AudienceFormula;
  readonly audience: Audience;
}) {
  const m = useMessages();
  return (
    <Stack space="space.200">
      <Text>{m.count(`macro.panel.intro.${action}`, formula.terms.length)}</Text>
      {formula.terms.map((term, index) => (
        <AudienceTermView
          key={`${term.rule}-${term.ancestor?.id ?? ''}`}
          number={index + 1}
          term={term}
          audience={audience}
        />
      ))}
    </Stack>
  );
}
