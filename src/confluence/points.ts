import type {
  ContentRestrictionResponse,
  RestrictionsByOperationResponse,
  SearchContentResponse,
} from './schemas';

/**
 * Confluence's points model for app traffic (docs/ARCHITECTURE.md "On the real Forge platform";
 * https://developer.atlassian.com/cloud/confluence/rate-limiting/): each request costs 1 point,
 * +1 per content or space object returned, +2 per user, group or permission object returned.
 * The client computes it from the parsed body of each response, so tests and benchmarks can
 * assert exact numbers and the audit can budget against the shared hourly pool.
 */
export interface ObjectCounts {
  content?: number;
  space?: number;
  user?: number;
  group?: number;
  permission?: number;
}

export function pointsFor(objects: ObjectCounts | undefined): number {
  if (!objects) return 1;
  return (
    1 +
    (objects.content ?? 0) +
    (objects.space ?? 0) +
    2 * ((objects.user ?? 0) + (objects.group ?? 0) + (objects.permission ?? 0))
  );
}

export type ObjectKind = keyof ObjectCounts;

/** An answer that is one object of `kind`. */
export function countOne(kind: ObjectKind): () => ObjectCounts {
  return () => ({ [kind]: 1 });
}

/** A list whose every item is one object of `kind`. */
export function countEach(kind: ObjectKind): (items: readonly unknown[]) => ObjectCounts {
  return (items) => ({ [kind]: items.length });
}

/** Adds `more` into `into`, kind by kind. */
export function addCounts(into: ObjectCounts, more: ObjectCounts): ObjectCounts {
  for (const kind of ['content', 'space', 'user', 'group', 'permission'] as const) {
    const n = more[kind];
    if (n !== undefined && n > 0) into[kind] = (into[kind] ?? 0) + n;
  }
  return into;
}

export function countRestriction(
  restriction: ContentRestrictionResponse | undefined,
): ObjectCounts {
  return {
    user: restriction?.restrictions?.user?.results.length ?? 0,
    // Teams are principals like groups: counted at the same 2 points each.
    group:
      (restriction?.restrictions?.group?.results.length ?? 0) +
      (restriction?.restrictions?.team?.results.length ?? 0),
  };
}

export function countRestrictions(
  byOperation: Pick<RestrictionsByOperationResponse, 'read' | 'update'> | undefined,
): ObjectCounts {
  const counts: ObjectCounts = {};
  addCounts(counts, countRestriction(byOperation?.read));
  addCounts(counts, countRestriction(byOperation?.update));
  return counts;
}

/** A search result and what its expansions returned: space, ancestors, restriction principals. */
export function countSearchContent(content: SearchContentResponse): ObjectCounts {
  const counts: ObjectCounts = { content: 1 + (content.ancestors?.length ?? 0) };
  if (content.space) counts.space = 1;
  return addCounts(counts, countRestrictions(content.restrictions));
}

/** A page of search results: each result and what its expansions returned. */
export function countSearchResults(items: readonly SearchContentResponse[]): ObjectCounts {
  return items.reduce<ObjectCounts>((sum, item) => addCounts(sum, countSearchContent(item)), {});
}
