import { Button, Heading, Inline, Lozenge, Stack, Text } from '@forge/react';
import { useState } from 'react';
import type { PageAccessView } from '../../../contract/results';
import { canEditSet, effectiveHeadline } from '../../../messages/effective';
import { useMessages } from '../../shared/messages';
import { shownPeople } from '../state/peoplePages';
import { Markers } from './Markers';

/**
 * The macro's answer first (docs/ARCHITECTURE.md, "The effective audience"): one sentence a page
 * owner reads in two seconds, then (unless compact) the people who can view, with their markers,
 * a page at a time.
 */
export function EffectiveAudienceView({
  effective,
  compact,
}: {
  readonly effective: PageAccessView['effective'];
  readonly compact: boolean;
}) {
  const m = useMessages();
  const [pages, setPages] = useState(1);
  const people = effective.view.people;
  const editors = canEditSet(effective.edit);
  const { shown, more } = shownPeople(people.length, pages);
  return (
    <Stack space="space.100">
      <Text weight="bold">{effectiveHeadline(m, effective)}</Text>
      {!compact && people.length > 0 && (
        <Stack space="space.050">
          <Heading size="xsmall">{m.text('macro.effective.peopleHeading')}</Heading>
          {people.slice(0, shown).map((person) => (
            <Inline key={person.accountId} space="space.100" alignBlock="center" shouldWrap>
              <Text>{person.displayName}</Text>
              <Markers markers={person.markers} />
              {editors.has(person.accountId) && (
                <Lozenge appearance="success">{m.text('access.effective.canEdit')}</Lozenge>
              )}
            </Inline>
          ))}
          {more && (
            <Inline space="space.100" alignBlock="center">
              <Text size="small">
                {m.text('macro.effective.shown', { shown, total: people.length })}
              </Text>
              <Button
                appearance="subtle"
                spacing="compact"
                onClick={() => {
                  setPages(pages + 1);
                }}
              >
                {m.text('macro.effective.showMore')}
              </Button>
            </Inline>
          )}
        </Stack>
      )}
    </Stack>
  );
}
