// Serializers: fixture entities → the JSON shapes of the official OpenAPI documents. Each
// serializer adds what it emits to an ObjectCounts, so the points charged follow the body.
import type {
  FixtureContent,
  FixtureGroup,
  FixtureRestriction,
  FixtureRole,
  FixtureRoleAssignment,
  FixtureSpace,
  FixtureUser,
} from './fixture';
import type { ObjectCounts } from './http';
import type { LegacyRow, SiteModel, Subject } from './model';
import { paginateV1, type V1Window } from './pagination';

export const DEFAULT_CREATED_AT = '2024-01-01T00:00:00.000Z';

export function tally(counts: ObjectCounts, kind: keyof ObjectCounts, n = 1): void {
  counts[kind] = (counts[kind] ?? 0) + n;
}

function slug(title: string): string {
  return encodeURIComponent(title.replace(/\s+/g, '+'));
}

function webui(model: SiteModel, c: FixtureContent): string {
  const key = model.spacesById.get(c.spaceId)?.key ?? '';
  const kind = c.type === 'blogpost' ? 'blog' : c.type === 'folder' ? 'folder' : 'pages';
  return `/spaces/${key}/${kind}/${c.id}/${slug(c.title)}`;
}

function v2Version(model: SiteModel, c: FixtureContent): Record<string, unknown> {
  return {
    createdAt: c.createdAt ?? DEFAULT_CREATED_AT,
    message: '',
    number: 1,
    minorEdit: false,
    authorId: model.authorOf(c),
  };
}

export interface V2ContentIncludes {
  labels: boolean;
  operations: boolean;
}

/** v2 PageSingle / BlogPostSingle / FolderSingle (without the top-level `_links.base`). */
export function v2Content(
  model: SiteModel,
  c: FixtureContent,
  subject: Subject,
  includes: V2ContentIncludes,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'content');
  const author = model.authorOf(c);
  const body: Record<string, unknown> = { id: c.id };
  if (c.type === 'folder') body.type = 'folder';
  body.status = c.status;
  body.title = c.title;
  body.spaceId = c.spaceId;
  if (c.type !== 'blogpost' && c.parentId !== null) {
    // The spec types parentId as a plain string: a root node omits it rather than sending null.
    body.parentId = c.parentId;
    body.parentType = model.contentById.get(c.parentId)?.type ?? 'page';
  }
  if (c.type !== 'blogpost') body.position = null;
  body.authorId = author;
  if (c.type !== 'blogpost') body.ownerId = author;
  if (c.type === 'page') body.lastOwnerId = null;
  body.createdAt = c.createdAt ?? DEFAULT_CREATED_AT;
  body.version = v2Version(model, c);
  if (includes.labels && c.type !== 'folder') {
    body.labels = {
      results: c.labels.map((name) => ({ id: labelId(name), name, prefix: 'global' })),
      meta: { hasMore: false },
      _links: { self: `/wiki/api/v2/${c.type}s/${c.id}/labels` },
    };
  }
  if (includes.operations) {
    const results = [{ operation: 'read', targetType: c.type }];
    if (model.canEdit(subject, c)) results.push({ operation: 'update', targetType: c.type });
    if (model.canDelete(subject, c)) results.push({ operation: 'delete', targetType: c.type });
    body.operations = {
      results,
      meta: { hasMore: false },
      _links: { self: `/wiki/api/v2/${c.type}s/${c.id}/operations` },
    };
  }
  body._links =
    c.type === 'folder'
      ? { webui: webui(model, c) }
      : {
          webui: webui(model, c),
          editui: `/pages/resumedraft.action?draftId=${c.id}`,
          tinyui: `/x/${c.id}`,
        };
  return body;
}

/** Stable numeric-looking id per label name. */
export function labelId(name: string): string {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
  return String(h);
}

/** v2 SpaceBulk / SpaceSingle. */
export function v2Space(
  model: SiteModel,
  s: FixtureSpace,
  descriptionFormat: string | null,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'space');
  const body: Record<string, unknown> = {
    id: s.id,
    key: s.key,
    name: s.name,
    type: s.type,
    status: s.status,
    authorId: model.fixture.users[0]?.accountId ?? model.fixture.app.accountId,
    createdAt: DEFAULT_CREATED_AT,
  };
  if (s.homepageId !== undefined) body.homepageId = s.homepageId;
  if (descriptionFormat === 'plain' || descriptionFormat === 'view') {
    body.description = {
      [descriptionFormat]: { representation: descriptionFormat, value: s.description ?? '' },
    };
  }
  body._links = { webui: `/spaces/${s.key}` };
  return body;
}

/** v2 SpacePermissionAssignment; anonymous appears as principal {type: role, id: ANONYMOUS}. */
export function v2SpacePermission(
  s: FixtureSpace,
  row: LegacyRow,
  index: number,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'permission');
  const principal =
    row.principal.type === 'anonymous'
      ? { type: 'role', id: 'ANONYMOUS' }
      : { type: row.principal.type, id: row.principal.id };
  return {
    id: String(Number(s.id) * 1000 + index + 1),
    principal,
    operation: { key: row.operation.key, targetType: row.operation.targetType },
  };
}

/** v2 `SpaceRole`; counted as a permission object (a role is a named set of permissions). */
export function v2SpaceRole(role: FixtureRole, counts: ObjectCounts): Record<string, unknown> {
  tally(counts, 'permission');
  return {
    id: role.id,
    type: role.type,
    name: role.name,
    ...(role.description === undefined ? {} : { description: role.description }),
    spacePermissions: [...role.spacePermissions],
  };
}

/** v2 `SpaceRoleAssignment`. */
export function v2RoleAssignment(
  assignment: FixtureRoleAssignment,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'permission');
  return {
    principal: {
      principalType: assignment.principal.principalType,
      principalId: assignment.principal.principalId,
    },
    roleId: assignment.roleId,
  };
}

const PROFILE_PICTURE = {
  path: '/wiki/aa-avatar/default.png',
  width: 48,
  height: 48,
  isDefault: true,
};

export type Account = { kind: 'user'; user: FixtureUser } | { kind: 'app' };

export function accountOf(model: SiteModel, accountId: string): Account | undefined {
  if (accountId === model.fixture.app.accountId) return { kind: 'app' };
  const user = model.usersById.get(accountId);
  return user ? { kind: 'user', user } : undefined;
}

export function applicationOperations(
  model: SiteModel,
  account: Account,
): { operation: string; targetType: string }[] {
  const ops = [];
  if (account.kind === 'user' && model.isConfluenceAdmin({ kind: 'user', user: account.user })) {
    ops.push({ operation: 'administer', targetType: 'application' });
  }
  if (account.kind === 'app' || account.user.active)
    ops.push({ operation: 'use', targetType: 'application' });
  return ops;
}

/** v1 User (also fits BulkUserLookup). */
export function v1User(
  model: SiteModel,
  account: Account,
  wikiBase: string,
  expandOperations: boolean,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'user');
  const accountId = account.kind === 'app' ? model.fixture.app.accountId : account.user.accountId;
  const displayName =
    account.kind === 'app' ? model.fixture.app.displayName : account.user.displayName;
  const isGuest = account.kind === 'user' && account.user.isGuest;
  const body: Record<string, unknown> = {
    type: 'known',
    accountId,
    accountType: account.kind === 'app' ? 'app' : 'atlassian',
    email: account.kind === 'app' ? '' : account.user.email,
    publicName: displayName,
    profilePicture: PROFILE_PICTURE,
    displayName,
    timeZone: null,
    externalCollaborator: isGuest,
    isExternalCollaborator: isGuest,
    isGuest,
  };
  if (expandOperations) body.operations = applicationOperations(model, account);
  body._expandable = expandOperations
    ? { personalSpace: '' }
    : { operations: '', personalSpace: '' };
  body._links = {
    self: `${wikiBase}/rest/api/user?accountId=${encodeURIComponent(accountId)}`,
    base: wikiBase,
    context: '/wiki',
  };
  return body;
}

export function v1Group(
  g: FixtureGroup,
  wikiBase: string,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'group');
  return {
    type: 'group',
    name: g.name,
    id: g.id,
    usageType: 'USERBASE_GROUP',
    managedBy: 'ADMINS',
    _links: { self: `${wikiBase}/rest/api/group/by-id?id=${encodeURIComponent(g.id)}` },
  };
}

/** v1 ContentRestriction for one operation, users and groups windowed by start/limit. */
export function v1Restriction(
  model: SiteModel,
  c: FixtureContent,
  operation: 'read' | 'update',
  window: V1Window,
  wikiBase: string,
  counts: ObjectCounts,
): Record<string, unknown> {
  const r: FixtureRestriction = c.restrictions[operation];
  const apiPath = `/rest/api/content/${c.id}/restriction/byOperation/${operation}`;
  const q = new URLSearchParams();
  const accounts = r.users
    .map((id) => accountOf(model, id))
    .filter((a): a is Account => a !== undefined);
  const groups = r.groups
    .map((id) => model.groupsById.get(id))
    .filter((g): g is FixtureGroup => g !== undefined);
  const userPage = paginateV1(accounts, window, apiPath, q, wikiBase);
  const groupPage = paginateV1(groups, window, apiPath, q, wikiBase);
  const links: Record<string, string> = {
    self: `${wikiBase}${apiPath}`,
    base: wikiBase,
    context: '/wiki',
  };
  const next = userPage._links.next ?? groupPage._links.next;
  if (next !== undefined) links.next = next;
  return {
    operation,
    restrictions: {
      user: {
        results: userPage.results.map((a) => v1User(model, a, wikiBase, false, counts)),
        start: userPage.start,
        limit: userPage.limit,
        size: userPage.size,
        totalSize: accounts.length,
        _links: userPage._links,
      },
      group: {
        results: groupPage.results.map((g) => v1Group(g, wikiBase, counts)),
        start: groupPage.start,
        limit: groupPage.limit,
        size: groupPage.size,
      },
    },
    _expandable: { content: `/rest/api/content/${c.id}` },
    _links: links,
  };
}

/** v1 Space (for `expand=space`). */
export function v1Space(
  s: FixtureSpace,
  wikiBase: string,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'space');
  return {
    id: Number(s.id),
    key: s.key,
    name: s.name,
    type: s.type,
    status: s.status,
    _expandable: {
      homepage: s.homepageId !== undefined ? `/rest/api/content/${s.homepageId}` : '',
    },
    _links: { webui: `/spaces/${s.key}`, self: `${wikiBase}/rest/api/space/${s.key}` },
  };
}

/** v1 Content with the expansions the app uses: space, metadata.labels, restrictions.*, ancestors. */
export function v1Content(
  model: SiteModel,
  c: FixtureContent,
  expand: ReadonlySet<string>,
  wikiBase: string,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'content');
  const body: Record<string, unknown> = {
    id: c.id,
    type: c.type,
    status: c.status,
    title: c.title,
  };
  const expandable: Record<string, string> = {};
  const space = model.spacesById.get(c.spaceId);
  if (expand.has('space') && space) body.space = v1Space(space, wikiBase, counts);
  else expandable.space = `/rest/api/space/${space?.key ?? ''}`;
  if (expand.has('metadata.labels')) {
    body.metadata = {
      labels: {
        results: c.labels.map((name) => ({
          prefix: 'global',
          name,
          id: labelId(name),
          label: name,
        })),
        start: 0,
        limit: 200,
        size: c.labels.length,
      },
    };
  } else expandable.metadata = '';
  if (expand.has('ancestors')) {
    body.ancestors = model.ancestors(c).map((a) => {
      tally(counts, 'content');
      return { id: a.id, type: a.type, status: a.status, title: a.title };
    });
  } else expandable.ancestors = '';
  const restrictions = restrictionExpansion(model, c, expand, wikiBase, counts);
  if (restrictions) body.restrictions = restrictions;
  else expandable.restrictions = '';
  body._expandable = expandable;
  body._links = {
    webui: webui(model, c),
    tinyui: `/x/${c.id}`,
    self: `${wikiBase}/rest/api/content/${c.id}`,
  };
  return body;
}

function restrictionExpansion(
  model: SiteModel,
  c: FixtureContent,
  expand: ReadonlySet<string>,
  wikiBase: string,
  counts: ObjectCounts,
): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  let any = false;
  for (const op of ['read', 'update'] as const) {
    const wantUsers = expand.has(`restrictions.${op}.restrictions.user`);
    const wantGroups = expand.has(`restrictions.${op}.restrictions.group`);
    if (!wantUsers && !wantGroups && !expand.has(`restrictions.${op}`)) continue;
    any = true;
    const full = v1Restriction(model, c, op, { start: 0, limit: 200 }, wikiBase, {});
    const restrictions = full.restrictions as { user: unknown; group: unknown };
    const kept: Record<string, unknown> = {};
    const expandable: Record<string, string> = {};
    if (wantUsers) {
      kept.user = restrictions.user;
      tally(counts, 'user', Math.min(200, c.restrictions[op].users.length));
    } else expandable.user = '';
    if (wantGroups) {
      kept.group = restrictions.group;
      tally(counts, 'group', Math.min(200, c.restrictions[op].groups.length));
    } else expandable.group = '';
    kept._expandable = expandable;
    result[op] = { ...full, restrictions: kept };
  }
  return any ? result : undefined;
}
