/**
 * Plain-language fragments shared by the reasons and the audience summary. Page owners read these,
 * so they name people, groups and pages, never API terms like `read/space`.
 */
import type { Through } from './decision';
import type {
  GroupRef,
  NodeRef,
  Principal,
  RestrictionList,
  SpaceRef,
  Subject,
  TeamRef,
  UnknownCause,
} from './model';

const ACCESS_CLASS_NAMES: Readonly<Record<string, string>> = {
  'anonymous-users': 'anonymous users',
  'authenticated-users': 'all logged-in users',
  'all-licensed-users': 'all licensed users',
  'all-product-admins': 'all product admins',
  'jsm-project-admins': 'Jira Service Management project admins',
};

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function groupName(group: GroupRef): string {
  return `the group ${group.name ?? group.groupId}`;
}

/** "the team Platform"; a team is named, by id when its name is not known. */
export function teamName(team: TeamRef): string {
  return `the team ${team.name ?? team.teamId}`;
}

/** "an unrecognised TEAM "t-1"": a principal type Access Lens does not know, named as it came. */
export function unrecognisedName(type: string, id: string): string {
  return `an unrecognised ${type} "${id}"`;
}

export function accessClassName(accessClass: string): string {
  return ACCESS_CLASS_NAMES[accessClass] ?? `the access class "${accessClass}"`;
}

export function spaceName(space: SpaceRef): string {
  return space.name ?? space.key;
}

/** Subject as it appears mid-sentence; callers capitalise at the start of a sentence. */
export function subjectName(subject: Subject): string {
  switch (subject.kind) {
    case 'user':
      return subject.displayName ?? `the user ${subject.accountId}`;
    case 'group':
      return `a member of ${groupName(subject)}`;
    case 'anonymous':
      return 'anonymous visitors';
  }
}

export function principalName(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return principal.displayName ?? `the user ${principal.accountId}`;
    case 'group':
      return groupName(principal);
    case 'anonymous':
      return 'anonymous visitors';
    case 'access-class':
      return accessClassName(principal.accessClass);
    case 'team':
      return teamName(principal);
    case 'other':
      return unrecognisedName(principal.type, principal.id);
  }
}

/** Embeds are what Confluence's editor calls smart links. */
const TYPE_WORDS: Readonly<Record<NodeRef['type'], string>> = {
  page: 'page',
  folder: 'folder',
  blogpost: 'blog post',
  whiteboard: 'whiteboard',
  database: 'database',
  embed: 'smart link',
  other: 'item',
};

/** "page", "blog post": the word for a kind of content, for "edit pages" and the like. */
export function typeWord(type: NodeRef['type']): string {
  return TYPE_WORDS[type];
}

/** "the folder "Drafts"", or by id when the ancestors call gave no title. */
export function nodeName(node: NodeRef): string {
  const word = TYPE_WORDS[node.type];
  return node.title === undefined
    ? `the ${word} with id ${node.id}`
    : `the ${word} "${node.title}"`;
}

export function listSize(list: RestrictionList): string {
  const parts: string[] = [];
  if (list.users.length > 0) parts.push(plural(list.users.length, 'person', 'people'));
  if (list.groups.length > 0) parts.push(plural(list.groups.length, 'group', 'groups'));
  const teams = list.teams?.length ?? 0;
  if (teams > 0) parts.push(plural(teams, 'team', 'teams'));
  return joinAnd(parts);
}

/** Why some data is missing, phrased after "so this could not be checked". */
export function unknownCause(cause: UnknownCause, what: string): string {
  switch (cause) {
    case 'hidden-from-app':
      return `Access Lens cannot inspect ${what}: the app is not allowed to read it`;
    case 'hidden-from-viewer':
      return `${what} could not be read: it does not exist or you cannot see it`;
    case 'read-failed':
      return `${what} could not be read`;
  }
}

/** One route, phrased to follow "through"; a role names who it was given to. */
export function throughPhrase(through: Through): string {
  if (through.via !== undefined)
    return `the role ${through.via.role} given to ${roleHolder(through)}`;
  switch (through.kind) {
    case 'direct':
      return 'a grant to them personally';
    case 'guest-assignment':
      return 'their guest assignment to this space';
    case 'group':
      return groupName(through.group);
    case 'anonymous':
      return 'its grant to anonymous visitors';
    case 'access-class':
      return accessClassName(through.accessClass);
    case 'team':
      return teamName(through.team);
    case 'unrecognised':
      return unrecognisedName(through.type, through.id);
  }
}

function roleHolder(through: Through): string {
  switch (through.kind) {
    case 'direct':
      return 'them personally';
    case 'guest-assignment':
      return 'them as a guest of this space';
    case 'group':
      return groupName(through.group);
    case 'anonymous':
      return 'anonymous users';
    case 'access-class':
      return accessClassName(through.accessClass);
    case 'team':
      return teamName(through.team);
    case 'unrecognised':
      return unrecognisedName(through.type, through.id);
  }
}

/** "directly", "through the group x", "directly and through the group x". */
export function membershipPhrase(through: readonly Through[]): string {
  const direct = through.some((t) => t.kind === 'direct');
  const groups = through.flatMap((t) => (t.kind === 'group' ? [groupName(t.group)] : []));
  const viaGroups = groups.length > 0 ? `through ${joinAnd(groups)}` : '';
  if (direct && viaGroups !== '') return `directly and ${viaGroups}`;
  return direct ? 'directly' : viaGroups;
}
