/**
 * The "What if" preview (docs/ARCHITECTURE.md, "What if"): who gains and who loses view or edit
 * if this page's restriction changed, on the page and, for a view restriction (which inherits),
 * on every page below it. Read-only: the change is applied to the engine's inputs, never sent to
 * Confluence, and nothing is stored.
 *
 * The pages below are found with one CQL search (`ancestor = id`) that expands each one's view
 * restriction and ancestors; a restriction the search window cut short is completed by id, and a
 * search item without one is read by id, so every verdict rests on full lists.
 */
import { loadEffectiveAudience } from '../access/load-effective-audience';
import type { AudienceSource } from '../access/load-effective-audience';
import { contentTypeOf, restrictionOf } from '../access/to-model';
import type { ConfluenceClient } from '../confluence/client';
import { collectAll } from '../confluence/pagination';
import { completeRestriction } from '../confluence/restrictions';
import type { SearchContentResponse } from '../confluence/schemas';
import { NO_KNOWLEDGE } from '../core/effective-audience';
import type { AudienceAction, AudienceKnowledge } from '../core/effective-audience';
import type { AccessInput, AncestorNode, Restriction } from '../core/model';
import { audienceChange, descendantInput, withChange } from '../core/what-if';
import type {
  AudienceChange,
  Descendant,
  DescendantChange,
  RestrictionChange,
  UnpreviewableChange,
  WhatIfPreview,
} from '../core/what-if';
import { isConfluenceError } from '../confluence/errors';

/** Pages below the changed one that one preview considers; beyond it the answer says so. */
export const MAX_DESCENDANTS = 500;
/** Principals read per restriction of a page below (as for the page's own lists). */
const MAX_PRINCIPALS = 1_000;
const SEARCH_PAGE = 100;

const DESCENDANT_EXPAND = [
  'ancestors',
  'restrictions.read.restrictions.user',
  'restrictions.read.restrictions.group',
] as const;

export async function previewRestrictionChange(
  client: ConfluenceClient,
  source: AudienceSource,
  input: AccessInput,
  change: RestrictionChange,
): Promise<WhatIfPreview | UnpreviewableChange> {
  const after = withChange(input, change);
  if ('unpreviewable' in after) return after;
  const audiences = knowledgeSharing(source);
  const view = await audiences.change(input, after, 'view');
  const edit = await audiences.change(input, after, 'edit');
  // Edit restrictions do not inherit: pages below change only with a view restriction.
  if (change.operation === 'update') {
    return {
      page: { view, edit },
      below: { considered: 0, truncated: false, unreadable: 0, uncertain: 0, changed: [] },
    };
  }
  // Blog posts have no pages below them.
  const { descendants, truncated, unreadable } =
    input.page.type === 'blogpost'
      ? { descendants: [], truncated: false, unreadable: 0 }
      : await readDescendants(client, input.page.id);
  const changed: DescendantChange[] = [];
  let uncertain = 0;
  for (const descendant of descendants) {
    const delta = await audiences.change(
      descendantInput(input, descendant),
      descendantInput(after, descendant),
      'view',
    );
    if (!delta.changed) {
      if (!delta.complete) uncertain += 1;
      continue;
    }
    changed.push({
      id: descendant.node.id,
      title: descendant.node.title ?? '',
      type: descendant.node.type,
      view: delta,
    });
  }
  return {
    page: { view, edit },
    below: { considered: descendants.length, truncated, unreadable, uncertain, changed },
  };
}

/** People whose own groups one preview reads to decide them (one request each). */
const MAX_GROUP_READS = 50;

/**
 * Audiences computed one after another, each reusing what the earlier ones read; everyone an
 * audience lists has their own groups read (at most `MAX_GROUP_READS` in all), so the engine
 * decides them exactly on both inputs.
 */
function knowledgeSharing(source: AudienceSource) {
  let known: AudienceKnowledge = NO_KNOWLEDGE;
  let groupReads = 0;
  const load = async (input: AccessInput, action: AudienceAction) => {
    const loaded = await loadEffectiveAudience(source, input, action, { known });
    known = loaded.known;
    return loaded.audience;
  };
  const learnGroups = async (accountIds: readonly string[]) => {
    const missing = [...new Set(accountIds)].filter((id) => !known.personGroups.has(id));
    const reading = missing.slice(0, Math.max(0, MAX_GROUP_READS - groupReads));
    groupReads += reading.length;
    const read = await Promise.all(
      reading.map(async (id) => [id, await source.groupsOf(id)] as const),
    );
    const personGroups = new Map(known.personGroups);
    for (const [id, groups] of read) if (groups !== undefined) personGroups.set(id, groups);
    known = { ...known, personGroups };
  };
  return {
    async change(
      beforeInput: AccessInput,
      afterInput: AccessInput,
      action: AudienceAction,
    ): Promise<AudienceChange> {
      const before = await load(beforeInput, action);
      const after = await load(afterInput, action);
      await learnGroups([...before.people, ...after.people].map((p) => p.accountId));
      return audienceChange(beforeInput, afterInput, action, before, after, known);
    },
  };
}

/**
 * The pages below `pageId` as descendants of it: each with its own view restriction and the
 * nodes between (which are themselves below the page, so the same search returns them).
 */
async function readDescendants(
  client: ConfluenceClient,
  pageId: string,
): Promise<{ descendants: Descendant[]; truncated: boolean; unreadable: number }> {
  const found = await collectAll(
    client.searchContent(`ancestor = ${pageId}`, {
      expand: [...DESCENDANT_EXPAND],
      limit: SEARCH_PAGE,
    }),
    { maxItems: MAX_DESCENDANTS },
  );
  const reads = new Map<string, { item: SearchContentResponse; read: Restriction }>();
  await Promise.all(
    found.items.map(async (item) => {
      reads.set(item.id, { item, read: await viewRestrictionOf(client, item) });
    }),
  );
  const descendants: Descendant[] = [];
  let unreadable = 0;
  for (const item of found.items) {
    const own = reads.get(item.id);
    const between = betweenNodes(item, pageId, reads);
    if (own === undefined || between === undefined) {
      unreadable += 1;
      continue;
    }
    descendants.push({
      node: {
        id: item.id,
        type: contentTypeOf(item.type),
        title: item.title,
        read: own.read,
        // Only the view audience of a page below is previewed; its edit list plays no part.
        update: { unknown: 'read-failed' },
      },
      between,
    });
  }
  return { descendants, truncated: found.truncated, unreadable };
}

/** The nodes strictly between the changed page and `item`, root first; undefined if one is missing. */
function betweenNodes(
  item: SearchContentResponse,
  pageId: string,
  reads: ReadonlyMap<string, { item: SearchContentResponse; read: Restriction }>,
): AncestorNode[] | undefined {
  const chain = item.ancestors ?? [];
  const at = chain.findIndex((ancestor) => ancestor.id === pageId);
  if (at < 0) return undefined;
  const between: AncestorNode[] = [];
  for (const ancestor of chain.slice(at + 1)) {
    const read = reads.get(ancestor.id);
    if (read === undefined) return undefined;
    between.push({
      id: ancestor.id,
      type: contentTypeOf(ancestor.type),
      read: read.read,
      ...(ancestor.title === undefined ? {} : { title: ancestor.title }),
    });
  }
  return between;
}

/** The item's whole view restriction: the search's window, completed by id when it was full. */
async function viewRestrictionOf(
  client: ConfluenceClient,
  item: SearchContentResponse,
): Promise<Restriction> {
  const window = item.restrictions?.read;
  try {
    const whole =
      window === undefined
        ? await client.getRestriction(item.id, 'read', { maxItems: MAX_PRINCIPALS })
        : await completeRestriction('read', window, MAX_PRINCIPALS, (at) =>
            client.getRestrictionsForOperation(item.id, 'read', at),
          );
    return restrictionOf(whole);
  } catch (error) {
    // Found by the search, then hidden from this viewer: unknown, never open.
    if (isConfluenceError(error, 'not-visible') || isConfluenceError(error, 'forbidden')) {
      return { unknown: 'hidden-from-viewer' };
    }
    throw error;
  }
}
