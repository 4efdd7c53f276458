// v2 content: pages, blog posts, folders, whiteboards, databases and Smart Links (embeds) by id,
// and their ancestors (root first, ids and types).
import type { FixtureContent } from '../fixture';
import type { ObjectCounts, SimResponse } from '../http';
import { HttpError } from '../http';
import { paginateV2, parseV2Limit } from '../pagination';
import { v2Content } from '../render';
import {
  booleanParam,
  multiParam,
  requireNumericId,
  v2ListResponse,
  viewableContent,
} from './common';
import type { Route, RouteContext } from './types';

function getById(type: FixtureContent['type']) {
  return (ctx: RouteContext): SimResponse => {
    const id = requireNumericId(ctx.params.id, 'id');
    const c = viewableContent(ctx, id, [type]);
    const objects: ObjectCounts = {};
    const body = v2Content(
      ctx.model,
      c,
      ctx.caller.subject,
      {
        labels: booleanParam(ctx.query, 'include-labels'),
        operations: booleanParam(ctx.query, 'include-operations'),
      },
      objects,
    );
    const links = (body._links ?? {}) as Record<string, unknown>;
    body._links = { ...links, base: ctx.wikiBase };
    return { status: 200, body, objects };
  };
}

/**
 * Cloud returns the `limit` nearest ancestors, still highest first, and no `next` link: a caller
 * wanting more asks again for the highest ancestor's ancestors.
 */
function ancestors(type: FixtureContent['type']) {
  return (ctx: RouteContext): SimResponse => {
    const id = requireNumericId(ctx.params.id, 'id');
    const limit = parseV2Limit(ctx.query);
    const c = viewableContent(ctx, id, [type]);
    // Viewing c required passing every ancestor's read restriction, so all of them are visible.
    const chain = ctx.model.ancestors(c).slice(-limit);
    return {
      status: 200,
      body: {
        results: chain.map((a) => ({ id: a.id, type: a.type })),
        _links: { base: ctx.wikiBase },
      },
      objects: { content: chain.length },
    };
  };
}

const PAGE_STATUSES = new Set(['current', 'archived', 'deleted', 'trashed']);

/** `GET /pages`: pages the caller can view, filtered by id, space and status, cursor-paged. */
function listPages(ctx: RouteContext): SimResponse {
  const ids = multiParam(ctx.query, 'id');
  const spaceIds = multiParam(ctx.query, 'space-id');
  if (ids.length > 250) throw new HttpError(400, 'At most 250 ids');
  if (spaceIds.length > 100) throw new HttpError(400, 'At most 100 space ids');
  for (const id of [...ids, ...spaceIds]) requireNumericId(id, 'id');
  const statuses = multiParam(ctx.query, 'status');
  for (const status of statuses) {
    if (!PAGE_STATUSES.has(status)) throw new HttpError(400, `Invalid status "${status}"`);
  }
  const wanted = new Set(statuses.length > 0 ? statuses : ['current']);
  const idSet = new Set(ids);
  const spaceSet = new Set(spaceIds);
  const pages = [...ctx.model.contentById.values()]
    .filter(
      (c) =>
        c.type === 'page' &&
        (idSet.size === 0 || idSet.has(c.id)) &&
        (spaceSet.size === 0 || spaceSet.has(c.spaceId)) &&
        wanted.has(c.status) &&
        ctx.model.canView(ctx.caller.subject, c),
    )
    .sort((a, b) => Number(a.id) - Number(b.id));
  const page = paginateV2(pages, '/wiki/api/v2/pages', ctx.query);
  const objects: ObjectCounts = {};
  const results = page.items.map((c) =>
    v2Content(ctx.model, c, ctx.caller.subject, { labels: false, operations: false }, objects),
  );
  return v2ListResponse(ctx, results, page.next, objects);
}

/** Types with a `/{type}s/{id}` route and an `/ancestors` route (blog posts have no ancestors). */
const TREE_TYPES = ['page', 'folder', 'whiteboard', 'database', 'embed'] as const;

export const v2ContentRoutes: Route[] = [
  { method: 'GET', template: '/wiki/api/v2/pages', flavor: 'v2', handle: listPages },
  {
    method: 'GET',
    template: '/wiki/api/v2/blogposts/{id}',
    flavor: 'v2',
    handle: getById('blogpost'),
  },
  ...TREE_TYPES.flatMap((type): Route[] => [
    { method: 'GET', template: `/wiki/api/v2/${type}s/{id}`, flavor: 'v2', handle: getById(type) },
    {
      method: 'GET',
      template: `/wiki/api/v2/${type}s/{id}/ancestors`,
      flavor: 'v2',
      handle: ancestors(type),
    },
  ]),
];
