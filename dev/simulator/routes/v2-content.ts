// v2 content: pages, blog posts and folders by id, and ancestors (root first, ids and types).
import type { FixtureContent } from '../fixture';
import type { ObjectCounts, SimResponse } from '../http';
import { parseV2Limit } from '../pagination';
import { v2Content } from '../render';
import { booleanParam, requireNumericId, viewableContent } from './common';
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

export const v2ContentRoutes: Route[] = [
  { method: 'GET', template: '/wiki/api/v2/pages/{id}', flavor: 'v2', handle: getById('page') },
  {
    method: 'GET',
    template: '/wiki/api/v2/blogposts/{id}',
    flavor: 'v2',
    handle: getById('blogpost'),
  },
  { method: 'GET', template: '/wiki/api/v2/folders/{id}', flavor: 'v2', handle: getById('folder') },
  {
    method: 'GET',
    template: '/wiki/api/v2/pages/{id}/ancestors',
    flavor: 'v2',
    handle: ancestors('page'),
  },
  {
    method: 'GET',
    template: '/wiki/api/v2/folders/{id}/ancestors',
    flavor: 'v2',
    handle: ancestors('folder'),
  },
];
