/**
 * The policy form's Confluence side: the group and space pickers' searches, and the check that
 * every group and space a policy names exists on the site, read as the admin who saves it. A
 * policy naming a group that does not exist would never match anything, silently.
 */
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import type {
  GroupSearchView,
  PolicyNameProblem,
  SettingsFieldError,
  SpaceSearchView,
} from '../contract/admin';
import type { Policy } from '../core';

/** Results per picker page; the pickers show the first page and say when there is more. */
export const PICKER_PAGE = 25;

/** One page of the groups whose name contains `query`. */
export async function searchGroups(
  client: ConfluenceClient,
  query: string,
  start: number,
): Promise<GroupSearchView> {
  const page = await client.searchGroups(query, { start, limit: PICKER_PAGE });
  return {
    groups: page.results.map((group) => ({ id: group.id, name: group.name })),
    ...(page.nextStart === undefined ? {} : { nextStart: page.nextStart }),
  };
}

/**
 * Spaces whose key or name contains `query`, from one page of the space list (v2 has no search
 * by name): `nextCursor` continues where this page stopped, so a long site is searched a page at
 * a time, never all at once.
 */
export async function searchSpaces(
  client: ConfluenceClient,
  query: string,
  cursor: string | undefined,
): Promise<SpaceSearchView> {
  const page = await client.listSpaces(
    { status: 'current' },
    { limit: SPACE_PAGE, ...(cursor === undefined ? {} : { cursor }) },
  );
  const needle = query.toLowerCase();
  const spaces = page.results
    .filter(
      (space) =>
        space.key.toLowerCase().includes(needle) || space.name.toLowerCase().includes(needle),
    )
    .map((space) => ({ key: space.key, name: space.name }));
  return { spaces, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
}

/** The v2 space list's largest page. */
const SPACE_PAGE = 250;

/** Keys per space lookup: well inside a URL Confluence accepts. */
const KEYS_PER_LOOKUP = 50;

/** The lists a policy names in Confluence, as the admin gave them. */
export interface NamedLists {
  readonly broadGroups: readonly string[];
  readonly allowedAnonymousSpaces: readonly string[];
}

/**
 * The lists to check: from the validated policy, or, when it was refused, the text items of
 * lists that had no problem of their own, so every problem is shown at once.
 */
export function namedLists(
  input: unknown,
  validated: Policy | undefined,
  refused: readonly SettingsFieldError[],
): NamedLists {
  if (validated !== undefined) return validated;
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const items = (field: keyof NamedLists): string[] => {
    const list = record[field];
    if (refused.some((error) => error.field === field) || !Array.isArray(list)) return [];
    return list.filter((item): item is string => typeof item === 'string');
  };
  return {
    broadGroups: items('broadGroups'),
    allowedAnonymousSpaces: items('allowedAnonymousSpaces'),
  };
}

/**
 * Problems with names Confluence does not know, one per name, against the field that holds it.
 * Names the stored policy already holds are not asked again (they were checked when saved, and a
 * group renamed since is the audit's to report). A group is known by name (case-insensitively)
 * or by id; a space by key, as the admin can see it.
 */
export async function unknownNames(
  client: ConfluenceClient,
  lists: NamedLists,
  stored: Policy,
): Promise<SettingsFieldError[]> {
  const storedGroups = new Set(stored.broadGroups.map((name) => name.toLowerCase()));
  const storedSpaces = new Set(stored.allowedAnonymousSpaces);
  const groups = [...new Set(lists.broadGroups.map((name) => name.toLowerCase()))].filter(
    (name) => !storedGroups.has(name),
  );
  const spaces = [...new Set(lists.allowedAnonymousSpaces)].filter((key) => !storedSpaces.has(key));
  const errors: SettingsFieldError[] = [];
  for (const name of groups) {
    if (!(await groupExists(client, name))) {
      errors.push({ field: 'broadGroups', problem: problem('unknown-group', name) });
    }
  }
  for (let at = 0; at < spaces.length; at += KEYS_PER_LOOKUP) {
    const keys = spaces.slice(at, at + KEYS_PER_LOOKUP);
    const found = new Set<string>();
    let page = await client.listSpaces({ keys }, { limit: KEYS_PER_LOOKUP });
    for (;;) {
      for (const space of page.results) found.add(space.key);
      if (page.nextCursor === undefined) break;
      page = await client.listSpaces({ keys }, { limit: KEYS_PER_LOOKUP, cursor: page.nextCursor });
    }
    for (const key of keys) {
      if (!found.has(key)) {
        errors.push({ field: 'allowedAnonymousSpaces', problem: problem('unknown-space', key) });
      }
    }
  }
  return errors;
}

function problem(kind: 'unknown-group' | 'unknown-space', value: string): PolicyNameProblem {
  return { kind, value: value.length > 40 ? `${value.slice(0, 39)}…` : value };
}

async function groupExists(client: ConfluenceClient, name: string): Promise<boolean> {
  let start: number | undefined = 0;
  // The picker matches parts of names: page until the exact name shows or the list ends.
  while (start !== undefined) {
    const page = await client.searchGroups(name, { start, limit: 200 });
    if (page.results.some((group) => group.name.toLowerCase() === name)) return true;
    start = page.nextStart;
  }
  try {
    await client.getGroup(name);
    return true;
  } catch (error) {
    if (isConfluenceError(error, 'not-visible') || isConfluenceError(error, 'bad-request')) {
      return false;
    }
    throw error;
  }
}
