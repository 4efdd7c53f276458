import { Button, Heading, Stack, Text } from '@forge/react';
import { useContext, useState } from 'react';
import type { Audience, AudienceMember, AudienceTerm } from '../../../contract/results';
import { termLabel, unknownListText } from '../../../messages/access';
import { capitalize } from '../../../messages/lists';
import { useMessages } from '../../shared/messages';
import { isUnknownList } from '../members';
import { PeopleChecked } from '../peopleChecked';
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
  const checked = useContext(PeopleChecked);
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
  const unmarked = uncheckedPeople(members, checked);
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
 * People on the list whose standing was not checked, past the check's limit: none when the answer
 * checked nobody for this viewer (one who may not browse people).
 */
export function uncheckedPeople(members: readonly AudienceMember[], checked: boolean): number {
  if (!checked) return 0;
  return members.filter(
    (member) => member.principal.kind === 'user' && member.markers === undefined,
  ).length;
}
