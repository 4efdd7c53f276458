// v2 spaces: the list (filtered to what the caller can view), one space, its permission grants.
import type { FixtureSpace } from '../fixture';
import { HttpError, type ObjectCounts, type SimResponse } from '../http';
import { paginateV2 } from '../pagination';
import { v2Space, v2SpacePermission } from '../render';
import {
  booleanParam,
  multiParam,
  requireNumericId,
  v2ListResponse,
  viewableSpace,
} from './common';
import type { Route, RouteContext } from './types';

const SPACE_TYPES = new Set([
  'global',
  'collaboration',
  'knowledge_base',
  'personal',
  'system',
  'onboarding',
  'xflow_sample_space',
]);
const SPACE_STATUSES = new Set(['current', 'archived', 'trashed']);
const SORTS: Record<string, (a: FixtureSpace, b: FixtureSpace) => number> = {
  id: () => 0,
  '-id': () => 0,
  key: (a, b) => a.key.localeCompare(b.key),
  '-key': (a, b) => b.key.localeCompare(a.key),
  name: (a, b) => a.name.localeCompare(b.name),
  '-name': (a, b) => b.name.localeCompare(a.name),
};

function descriptionFormat(ctx: RouteContext): string | null {
  const f = ctx.query.get('description-format');
  if (f !== null && f !== 'plain' && f !== 'view')
    throw new HttpError(400, 'description-format must be plain or view');
  return f;
}

function listSpaces(ctx: RouteContext): SimResponse {
  const ids = multiParam(ctx.query, 'ids');
  const keys = multiParam(ctx.query, 'keys');
  if (ids.length > 250 || keys.length > 250) throw new HttpError(400, 'At most 250 ids or keys');
  for (const id of ids) requireNumericId(id, 'ids');
  const type = ctx.query.get('type');
  const status = ctx.query.get('status');
  if (type !== null && !SPACE_TYPES.has(type)) throw new HttpError(400, `Invalid type "${type}"`);
  if (status !== null && !SPACE_STATUSES.has(status))
    throw new HttpError(400, `Invalid status "${status}"`);
  const sort = ctx.query.get('sort') ?? 'id';
  const compare = SORTS[sort];
  if (!compare) throw new HttpError(400, `Invalid sort "${sort}"`);
  const format = descriptionFormat(ctx);
  const idSet = new Set(ids);
  const keySet = new Set(keys);
  let spaces = ctx.model.spacesSorted.filter(
    (s) =>
      (idSet.size === 0 || idSet.has(s.id)) &&
      (keySet.size === 0 || keySet.has(s.key)) &&
      (type === null || s.type === type) &&
      (status === null || s.status === status) &&
      ctx.model.canViewSpace(ctx.caller.subject, s),
  );
  if (sort === '-id') spaces = [...spaces].reverse();
  else if (sort !== 'id') spaces = [...spaces].sort(compare);
  const page = paginateV2(spaces, '/wiki/api/v2/spaces', ctx.query);
  const objects: ObjectCounts = {};
  const results = page.items.map((s) => v2Space(ctx.model, s, format, objects));
  return v2ListResponse(ctx, results, page.next, objects);
}

function getSpace(ctx: RouteContext): SimResponse {
  const s = viewableSpace(ctx, requireNumericId(ctx.params.id, 'id'));
  const objects: ObjectCounts = {};
  const body = v2Space(ctx.model, s, descriptionFormat(ctx), objects);
  if (booleanParam(ctx.query, 'include-operations')) {
    const results = [...ctx.model.spaceOperations(ctx.caller.subject, s)].map((op) => {
      const [operation, targetType] = op.split('/');
      return { operation, targetType };
    });
    body.operations = {
      results,
      meta: { hasMore: false },
      _links: { self: `/wiki/api/v2/spaces/${s.id}/operations` },
    };
  }
  body._links = { ...(body._links as Record<string, string>), base: ctx.wikiBase };
  return { status: 200, body, objects };
}

function spacePermissions(ctx: RouteContext): SimResponse {
  const s = viewableSpace(ctx, requireNumericId(ctx.params.id, 'id'));
  const rows = ctx.model.legacyRows(s);
  const indexes = rows.map((_, i) => i);
  const page = paginateV2(indexes, `/wiki/api/v2/spaces/${s.id}/permissions`, ctx.query);
  const objects: ObjectCounts = {};
  const results = page.items.map((i) => v2SpacePermission(ctx.model, s, rows[i]!, i, objects));
  return v2ListResponse(ctx, results, page.next, objects);
}

export const v2SpaceRoutes: Route[] = [
  { method: 'GET', template: '/wiki/api/v2/spaces', flavor: 'v2', handle: listSpaces },
  { method: 'GET', template: '/wiki/api/v2/spaces/{id}', flavor: 'v2', handle: getSpace },
  {
    method: 'GET',
    template: '/wiki/api/v2/spaces/{id}/permissions',
    flavor: 'v2',
    handle: spacePermissions,
  },
];
