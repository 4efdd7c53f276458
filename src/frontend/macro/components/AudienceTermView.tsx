import { Button, Heading, Stack, Text } from '@forge/react';
import { useState } from 'react';
import type { AudienceTerm } from '../../../contract/results';
import { isUnknownList } from '../members';
import { capitalize, plural, unknownListText } from '../wording';
import { Principal } from './Principal';

/** Long lists (a space with hundreds of grants) show this many entries until asked for all. */
export const FIRST_ENTRIES = 20;

/** One list of the intersection: its name and who is on it. */
export function AudienceTermView({
  number,
  term,
}: {
  readonly number: number;
  readonly term: AudienceTerm;
}) {
  const [showAll, setShowAll] = useState(false);
  const heading = <Heading size="xsmall">{`${number}. ${capitalize(term.label)}`}</Heading>;
  if (isUnknownList(term.members)) {
    return (
      <Stack space="space.050">
        {heading}
        <Text>{unknownListText(term.members.unknown)}</Text>
      </Stack>
    );
  }
  const members = term.members;
  if (members.length === 0) {
    return (
      <Stack space="space.050">
        {heading}
        <Text>Nobody is on this list, so nobody gets through it.</Text>
      </Stack>
    );
  }
  const shown = showAll ? members : members.slice(0, FIRST_ENTRIES);
  return (
    <Stack space="space.050">
      {heading}
      {shown.map((member) => (
        <Principal key={JSON.stringify(member.principal)} member={member} />
      ))}
      {shown.length < members.length && (
        <Button
          appearance="subtle"
          spacing="compact"
          onClick={() => {
            setShowAll(true);
          }}
        >
          {`Show all ${plural(members.length, 'entry', 'entries')}`}
        </Button>
      )}
    </Stack>
  );
}
