// v1 content: restrictions (the only API that lists them), the permission check, CQL search.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseCql } from '../cql';
import type { FixtureContent } from '../fixture';
import { HttpError, NOT_FOUND_MESSAGE, type ObjectCounts, type SimResponse } from '../http';
import type { Subject } from '../model';
import {
  decodeCursor,
  encodeCursor,
  parseV1Window,
  withQuery,
  type V1LimitRule,
} from '../pagination';
import { v1Content, v1Restriction } from '../render';
import { expandSet, viewableContent } from './common';
import type { Route, RouteContext } from './types';

const RESTRICTION_LIMIT: V1LimitRule = { defaultLimit: 100, maxLimit: 100, overMax: 'cap' };
const OPERATIONS = ['read', 'update'] as const;

function restrictionsHash(c: FixtureContent): string {
  return createHash('sha1').update(JSON.stringify(c.restrictions)).digest('hex');
}

function allRestrictions(ctx: RouteContext): SimResponse {
  const c = viewableContent(ctx, ctx.params.id ?? '');
  const window = parseV1Window(ctx.query, RESTRICTION_LIMIT);
  const objects: ObjectCounts = {};
  const results = OPERATIONS.map((op) =>
    v1Restriction(ctx.model, c, op, window, ctx.wikiBase, objects),
  );
  return {
    status: 200,
    body: {
      results,
      start: window.start,
      limit: window.limit,
      size: results.length,
      restrictionsHash: restrictionsHash(c),
      _links: {
        base: ctx.wikiBase,
        context: '/wiki',
        self: `${ctx.wikiBase}/rest/api/content/${c.id}/restriction`,
      },
    },
    objects,
  };
}

function byOperation(ctx: RouteContext): SimResponse {
  const c = viewableContent(ctx, ctx.params.id ?? '');
  const objects: ObjectCounts = {};
  const window = { start: 0, limit: RESTRICTION_LIMIT.maxLimit };
  const body: Record<string, unknown> = {};
  for (const op of OPERATIONS)
    body[op] = v1Restriction(ctx.model, c, op, window, ctx.wikiBase, objects);
  body._links = {
    base: ctx.wikiBase,
    context: '/wiki',
    self: `${ctx.wikiBase}/rest/api/content/${c.id}/restriction/byOperation`,
  };
  return { status: 200, body, objects };
}

function oneOperation(ctx: RouteContext): SimResponse {
  const op = ctx.params.operationKey;
  if (op !== 'read' && op !== 'update')
    throw new HttpError(400, `Invalid operation key "${op ?? ''}"`);
  const c = viewableContent(ctx, ctx.params.id ?? '');
  const window = parseV1Window(ctx.query, RESTRICTION_LIMIT);
  const objects: ObjectCounts = {};
  return {
    status: 200,
    body: v1Restriction(ctx.model, c, op, window, ctx.wikiBase, objects),
    objects,
  };
}

const permissionRequestSchema = z.object({
  subject: z.object({ type: z.enum(['user', 'group']), identifier: z.string().min(1) }),
  operation: z.enum(['read', 'update', 'delete']),
});

function subjectFor(ctx: RouteContext, type: 'user' | 'group', identifier: string): Subject {
  const model = ctx.model;
  if (type === 'group') {
    const group = model.groupsById.get(identifier);
    if (!group) throw new HttpError(400, `Invalid subject: no group with id ${identifier}`);
    return { kind: 'group', group };
  }
  if (identifier === 'anonymous') return { kind: 'anonymous' };
  if (identifier === model.fixture.app.accountId) return { kind: 'app' };
  const user = model.usersById.get(identifier);
  if (!user) throw new HttpError(400, `Invalid subject: no user with accountId ${identifier}`);
  return { kind: 'user', user };
}

function isSelf(caller: Subject, subject: Subject): boolean {
  if (caller.kind === 'user' && subject.kind === 'user')
    return caller.user.accountId === subject.user.accountId;
  return caller.kind !== 'group' && caller.kind === subject.kind && caller.kind !== 'user';
}

function denial(
  ctx: RouteContext,
  subject: Subject,
  c: FixtureContent,
  op: 'read' | 'update' | 'delete',
): string {
  const who =
    subject.kind === 'group' ? 'Group' : subject.kind === 'anonymous' ? 'Anonymous user' : 'User';
  if (!ctx.model.canUseSite(subject)) {
    return subject.kind === 'anonymous'
      ? 'Anonymous users are not allowed to use Confluence'
      : 'User is not allowed to use Confluence';
  }
  const space = ctx.model.spacesById.get(c.spaceId);
  if (!space || !ctx.model.canViewSpace(subject, space))
    return `${who} does not have permission to the space`;
  if (op === 'update' && c.status === 'archived' && ctx.model.canView(subject, c)) {
    return 'Archived content cannot be edited';
  }
  return `${who} does not have permission to the content`;
}

/**
 * "Permission to access the Confluence site ('Can use' global permission) if checking permission
 * for self, otherwise 'Confluence Administrator' global permission is required" (the v1
 * document's description of this operation): anyone else, the app included, gets 403. Checking
 * yourself on content you cannot see is "not found", so the check does not leak existence.
 */
function permissionCheck(ctx: RouteContext): SimResponse {
  const parsed = permissionRequestSchema.safeParse(ctx.body);
  if (!parsed.success)
    throw new HttpError(
      400,
      'Invalid permission check request: subject and operation are required',
    );
  const caller = ctx.caller.subject;
  const subject = subjectFor(ctx, parsed.data.subject.type, parsed.data.subject.identifier);
  const self = isSelf(caller, subject);
  if (!self && !ctx.model.isConfluenceAdmin(caller)) {
    throw new HttpError(
      403,
      'Permission check for another subject requires Confluence administrator permission',
    );
  }
  const c = ctx.model.contentById.get(ctx.params.id ?? '');
  if (!c || (self && !ctx.model.canView(caller, c))) throw new HttpError(404, NOT_FOUND_MESSAGE);
  const op = parsed.data.operation;
  // Checking yourself answers for yourself: an admin key the request carries does not count.
  const asked: Subject = subject.kind === 'user' ? { kind: 'user', user: subject.user } : subject;
  const allowed =
    op === 'read'
      ? ctx.model.canView(asked, c)
      : op === 'update'
        ? ctx.model.canEdit(asked, c)
        : ctx.model.canDelete(asked, c);
  const body: Record<string, unknown> = { hasPermission: allowed };
  if (!allowed) body.errors = [{ translation: denial(ctx, asked, c, op), args: [] }];
  body._links = { base: ctx.wikiBase, context: '/wiki' };
  return { status: 200, body, objects: { permission: 1 } };
}

const SEARCH_DEFAULT_LIMIT = 25;
const SEARCH_MAX_LIMIT = 250;

function search(ctx: RouteContext): SimResponse {
  const cql = ctx.query.get('cql');
  if (cql === null) throw new HttpError(400, 'CQL query parameter is required');
  const predicate = parseCql(cql, ctx.model);
  const rawLimit = ctx.query.get('limit');
  if (rawLimit !== null && !/^\d+$/.test(rawLimit))
    throw new HttpError(400, 'limit must be a non-negative integer');
  const limit = Math.min(
    SEARCH_MAX_LIMIT,
    rawLimit === null ? SEARCH_DEFAULT_LIMIT : Number(rawLimit),
  );
  const cursor = ctx.query.get('cursor');
  const offset = cursor === null || cursor === '' ? 0 : decodeCursor(cursor);
  const expand = expandSet(ctx.query);
  const subject = ctx.caller.subject;
  const matches = ctx.model.contentSorted.filter(
    (c) => c.status === 'current' && predicate(c) && ctx.model.canView(subject, c),
  );
  const slice = matches.slice(offset, offset + limit);
  const objects: ObjectCounts = {};
  const results = slice.map((c) => v1Content(ctx.model, c, expand, ctx.wikiBase, objects));
  const apiPath = '/rest/api/content/search';
  const links: Record<string, string> = {
    base: ctx.wikiBase,
    context: '/wiki',
    self: `${ctx.wikiBase}${apiPath}`,
  };
  const end = offset + slice.length;
  if (end < matches.length && limit > 0) {
    links.next = withQuery(apiPath, ctx.query, { cursor: encodeCursor(end), limit: String(limit) });
  }
  return {
    status: 200,
    body: { results, start: offset, limit, size: results.length, _links: links },
    objects,
  };
}

export const v1ContentRoutes: Route[] = [
  { method: 'GET', template: '/wiki/rest/api/content/search', flavor: 'v1', handle: search },
  {
    method: 'GET',
    template: '/wiki/rest/api/content/{id}/restriction',
    flavor: 'v1',
    handle: allRestrictions,
  },
  {
    method: 'GET',
    template: '/wiki/rest/api/content/{id}/restriction/byOperation',
    flavor: 'v1',
    handle: byOperation,
  },
  {
    method: 'GET',
    template: '/wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}',
    flavor: 'v1',
    handle: oneOperation,
  },
  {
    method: 'POST',
    template: '/wiki/rest/api/content/{id}/permission/check',
    flavor: 'v1',
    handle: permissionCheck,
  },
];
