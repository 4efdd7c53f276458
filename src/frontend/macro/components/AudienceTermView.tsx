import { Button, Heading, Stack, Text } from '@forge/react';
import { useState } from 'react';
import type { Audience, AudienceMember, AudienceTerm } from '../../../contract/results';
import { termLabel, unknownListText } from '../../../messages/access';
import { capitalize } from '../../../messages/lists';
import { useMessages } from '../../shared/messages';
import { isUnknownList } from '../members';
import { Principal } from './Principal';

/** Long lists (a space with hundreds of grants) show this many entries until asked for all. */
export const FIRST_ENTRIES = 20;

/** One list of the intersection: its name and who is on it. */
export function AudienceTermView({
  number,
  term,
  audience,
}: {
  readonly number: number;
  readonly term: AudienceTerm;
  readonly audience: Pick<Audience, 'space' | 'contentType'>;
}) {
  const m = useMessages();
  const [showAll, setShowAll] = useState(false);
  const label = capitalize(termLabel(m, term, audience));
  const heading = (
    <Heading size="xsmall">{m.text('macro.term.heading', { number, label })}</Heading>
  );
  if (isUnknownList(term.members)) {
    return (
      <Stack space="space.050">
        {heading}
        <Text>{unknownListText(m, term.members.unknown)}</Text>
      </Stack>
    );
  }
  const members = term.members;
  if (members.length === 0) {
    return (
      <Stack space="space.050">
        {heading}
        <Text>{m.text('macro.term.nobody')}</Text>
      </Stack>
    );
  }
  const shown = showAll ? members : members.slice(0, FIRST_ENTRIES);
  const unmarked = uncheckedPeople(members);
  return (
    <Stack space="space.050">
      {heading}
      {shown.map((member) => (
        <Principal key={JSON.stringify(member.principal)} member={member} />
      ))}
      {unmarked > 0 && <Text size="small">{m.count('macro.term.unmarked', unmarked)}</Text>}
      {shown.length < members.length && (
        <Button
          appearance="subtle"
          spacing="compact"
          onClick={() => {
            setShowAll(true);
          }}
        >
          {m.count('macro.term.showAll', members.length)}
        </Button>
      )}
    </Stack>
  );
}

/**
 * People on the list whose standing was not checked while others' was (past the check's limit):
 * none when nobody's was, as for a viewer who may not browse people.
 */
export function uncheckedPeople(members: readonly AudienceMember[]): number {
  const people = members.filter((member) => member.principal.kind === 'user');
  const unchecked = people.filter((member) => member.markers === undefined).length;
  return unchecked === people.length ? 0 : unchecked;
}
