// Lookups shared by routes: content and spaces the caller may see (else 404, as Cloud answers),
// and query-parameter parsing.
import type { FixtureContent, FixtureSpace } from '../fixture';
import { HttpError, NOT_FOUND_MESSAGE } from '../http';
import type { ObjectCounts, SimResponse } from '../http';
import { linkHeader } from '../pagination';
import type { RouteContext } from './types';

export function requireNumericId(raw: string | undefined, what: string): string {
  if (raw === undefined || !/^\d+$/.test(raw))
    throw new HttpError(400, `${what} must be a numeric id`);
  return raw;
}

/** Content the caller can view, optionally of given types; anything else is "not found". */
export function viewableContent(
  ctx: RouteContext,
  id: string,
  types?: readonly FixtureContent['type'][],
): FixtureContent {
  const c = ctx.model.contentById.get(id);
  if (!c || (types && !types.includes(c.type)) || !ctx.model.canView(ctx.caller.subject, c)) {
    throw new HttpError(404, NOT_FOUND_MESSAGE);
  }
  return c;
}

export function viewableSpace(ctx: RouteContext, id: string): FixtureSpace {
  const s = ctx.model.spacesById.get(id);
  if (!s || !ctx.model.canViewSpace(ctx.caller.subject, s)) {
    throw new HttpError(404, 'No space found with id or you do not have permission to view it');
  }
  return s;
}

/** Array query parameters arrive repeated (`ids=1&ids=2`) or comma-separated (`ids=1,2`). */
export function multiParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function booleanParam(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  if (v === null || v === 'false') return false;
  if (v === 'true' || v === '') return true;
  throw new HttpError(400, `${name} must be true or false`);
}

/** `expand` values, with every prefix of a dotted path implied (a.b.c implies a and a.b). */
export function expandSet(query: URLSearchParams): Set<string> {
  const set = new Set<string>();
  for (const v of multiParam(query, 'expand')) {
    const parts = v.split('.');
    for (let i = 1; i <= parts.length; i++) set.add(parts.slice(0, i).join('.'));
  }
  return set;
}

/** A v2 list answer: `results`, `_links.next` when there is more, and the `Link` header. */
export function v2ListResponse(
  ctx: RouteContext,
  results: unknown[],
  next: string | undefined,
  objects: ObjectCounts,
): SimResponse {
  const links: Record<string, string> = { base: ctx.wikiBase };
  if (next !== undefined) links.next = next;
  return {
    status: 200,
    body: { results, _links: links },
    headers: linkHeader(next, ctx.wikiBase),
    objects,
  };
}
