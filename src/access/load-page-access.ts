/**
 * Reads what the engine needs about one page, through whichever client it is given: as the
 * viewer in the macro (Forge, asUser) or as the token's owner in the CLI. The first call is the
 * page itself, so a caller who cannot read it learns nothing else.
 *
 * Call plan (the points budget is the scarce resource, DESIGN.md §4):
 *   round 0  the page (with labels)                              — the gate
 *   round 1  ancestors ∥ space ∥ space permissions ∥ own restrictions ∥ site anonymous evidence
 *   round 2  each ancestor's restrictions, in parallel (and further permission pages)
 */
import type { AccessInput, AncestorNode, Restriction, SpaceGrant } from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import {
  ancestorNode,
  contentTypeOf,
  grantsOf,
  labelsOf,
  restrictionOf,
  siteAnonymousAccess,
} from './to-model';

export interface LoadedPage {
  readonly id: string;
  readonly title: string;
  readonly space: { readonly id: string; readonly key: string; readonly name: string };
}

export interface LoadedPageAccess {
  readonly page: LoadedPage;
  readonly input: AccessInput;
}

/** Principals per restriction and grants per space beyond which we stop paging (and say so). */
export const MAX_PRINCIPALS = 5_000;

export async function loadPageAccess(
  client: ConfluenceClient,
  pageId: string,
): Promise<LoadedPageAccess> {
  const page = await client.getPage(pageId, { includeLabels: true });

  const [chain, space, grants, own, anonymous] = await Promise.all([
    client.getAncestors(pageId),
    client.getSpace(page.spaceId),
    loadGrants(client, page.spaceId),
    client.getRestrictions(pageId, { maxItems: MAX_PRINCIPALS }),
    client.getAnonymousUser({ withOperations: true }).catch(() => undefined),
  ]);

  const ancestors = await Promise.all(
    chain.ancestors.map(async (ancestor): Promise<AncestorNode> =>
      ancestorNode(ancestor.id, ancestor.type, await readRestriction(client, ancestor.id)),
    ),
  );

  return {
    page: {
      id: page.id,
      title: page.title,
      space: { id: space.id, key: space.key, name: space.name },
    },
    input: {
      site: { anonymousAccess: siteAnonymousAccess(anonymous) },
      space: { id: space.id, key: space.key, name: space.name },
      grants,
      page: {
        id: page.id,
        type: contentTypeOf('page'),
        title: page.title,
        read: own.read.truncated ? { unknown: 'read-failed' } : restrictionOf(own.read),
        update: own.update.truncated ? { unknown: 'read-failed' } : restrictionOf(own.update),
      },
      ancestors,
      labels: labelsOf(page),
    },
  };
}

async function loadGrants(
  client: ConfluenceClient,
  spaceId: string,
): Promise<readonly SpaceGrant[] | { unknown: 'read-failed' | 'hidden-from-viewer' }> {
  try {
    const all = await collectAll(client.listSpacePermissions(spaceId), {
      maxItems: MAX_PRINCIPALS,
    });
    if (all.truncated) return { unknown: 'read-failed' };
    return grantsOf(all.items);
  } catch (error) {
    if (isConfluenceError(error, 'forbidden') || isConfluenceError(error, 'not-visible')) {
      return { unknown: 'hidden-from-viewer' };
    }
    throw error;
  }
}

/**
 * An ancestor's view restriction. If it cannot be read the answer is "unknown", which the
 * engine never treats as open.
 */
async function readRestriction(client: ConfluenceClient, contentId: string): Promise<Restriction> {
  try {
    const restrictions = await client.getRestrictions(contentId, { maxItems: MAX_PRINCIPALS });
    return restrictions.read.truncated
      ? { unknown: 'read-failed' }
      : restrictionOf(restrictions.read);
  } catch (error) {
    if (isConfluenceError(error, 'not-visible') || isConfluenceError(error, 'forbidden')) {
      return { unknown: client.identity === 'app' ? 'hidden-from-app' : 'hidden-from-viewer' };
    }
    throw error;
  }
}
