/**
 * The effective audience in words (docs/ARCHITECTURE.md, "The effective audience"): the headline a
 * page owner reads first ("3 people can view this page; 1 can edit.") and the words for the
 * people it lists. Shared by the macro and `access-lens page`, so both say the same.
 */
import type {
  AudienceClass,
  AudienceGroup,
  AudiencePerson,
  EffectiveAudience,
  PersonMarker,
} from '../core/effective-audience';
import type { Messages } from './format';
import { capitalize, joinAnd } from './lists';

export interface EffectiveAudiences {
  readonly view: EffectiveAudience;
  readonly edit: EffectiveAudience;
}

/** "3 people can view this page; 1 can edit." */
export function effectiveHeadline(m: Messages, effective: EffectiveAudiences): string {
  return m.text('access.effective.headline', {
    view: capitalize(clause(m, effective.view, 'view')),
    edit: editClause(m, effective.edit),
  });
}

/** The word for a marker, shown as a lozenge beside the person's name. */
export function markerWord(m: Messages, marker: PersonMarker): string {
  return m.text(`access.effective.marker.${marker}`);
}

/** "Dan Contractor (guest)", for the CLI's list. */
export function personLine(m: Messages, person: AudiencePerson, canEdit: boolean): string {
  const words = [
    ...person.markers.map((marker) => markerWord(m, marker)),
    ...(canEdit ? [m.text('access.effective.canEdit')] : []),
  ];
  if (words.length === 0) return person.displayName;
  return m.text('access.effective.person.marked', {
    name: person.displayName,
    markers: commaList(m, words),
  });
}

/** "guest, deactivated": a person's markers in words; empty without any. */
export function markersText(m: Messages, markers: readonly PersonMarker[]): string {
  return commaList(
    m,
    markers.map((marker) => markerWord(m, marker)),
  );
}

function commaList(m: Messages, words: readonly string[]): string {
  return words.length === 0
    ? ''
    : words.reduce((first, next) => m.text('common.list.comma', { first, next }));
}

/** Whether the person is among those who can edit. */
export function canEditSet(edit: EffectiveAudience): ReadonlySet<string> {
  return new Set(edit.people.map((person) => person.accountId));
}

/**
 * Who, as a list of phrases ("3 people", "the 1,500 members of all-staff", "anonymous
 * visitors"), with the grammatical number the sentence's verb takes (German conjugates it).
 */
function who(m: Messages, audience: EffectiveAudience): { phrase: string; number: number } {
  const parts: string[] = [];
  const classes: readonly AudienceClass[] = audience.everyone;
  const licensed = classes.includes('licensed');
  // Everyone with Confluence access includes every listed person and group member who has it;
  // the list below still names those who pass on their own.
  for (const kind of classes) parts.push(m.text(`access.effective.everyone.${kind}`));
  if (!licensed) {
    if (audience.people.length > 0) {
      parts.push(
        m.count(
          audience.complete ? 'access.effective.people' : 'access.effective.peopleAtLeast',
          audience.people.length,
        ),
      );
    }
    for (const group of audience.groups) parts.push(groupPhrase(m, group));
  }
  if (audience.anonymous) parts.push(m.text('access.effective.anonymous'));
  const onePerson =
    parts.length === 1 && !licensed && audience.groups.length === 0 && audience.people.length === 1;
  return { phrase: joinAnd(m, parts), number: onePerson ? 1 : 2 };
}

function groupPhrase(m: Messages, group: AudienceGroup): string {
  const name = group.name ?? group.groupId;
  return group.size === undefined
    ? m.text('access.effective.groupMembers', { group: name })
    : m.count('access.effective.groupOfSize', group.size, { group: name });
}

/** "3 people can view this page", "nobody can view this page". */
function clause(m: Messages, audience: EffectiveAudience, action: 'view' | 'edit'): string {
  const { phrase, number } = who(m, audience);
  if (phrase === '') {
    return m.text(
      audience.complete
        ? `access.effective.${action}.nobody`
        : `access.effective.${action}.nobodyKnown`,
    );
  }
  return m.count(`access.effective.${action}.sentence`, number, { who: phrase });
}

/** After the view clause: "1 can edit" when only people can, else the whole clause. */
function editClause(m: Messages, edit: EffectiveAudience): string {
  const peopleOnly =
    edit.people.length > 0 &&
    edit.groups.length === 0 &&
    edit.everyone.length === 0 &&
    !edit.anonymous;
  if (!peopleOnly) return clause(m, edit, 'edit');
  return m.count(
    edit.complete ? 'access.effective.edit.short' : 'access.effective.edit.shortAtLeast',
    edit.people.length,
  );
}
