// Serializers: fixture entities → the JSON shapes of the official OpenAPI documents. Each
// serializer adds what it emits to an ObjectCounts, so the points charged follow the body.
import type {
  FixtureContent,
  FixtureGroup,
  FixtureRestriction,
  FixtureRole,
  FixtureRoleAssignment,
  FixtureSpace,
  FixtureTeam,
} from './fixture';
import type { ObjectCounts } from './http';
import type { LegacyRow, SiteModel, Subject, TeamPrincipals } from './model';
import { paginateV1, type V1Window } from './pagination';
import { accountOf, tally, v1Group, v1User, type Account } from './render-users';

export { accountOf, tally, v1Group, v1User, v2User, type Account } from './render-users';

export const DEFAULT_CREATED_AT = '2024-01-01T00:00:00.000Z';

/**
 * How a team principal is named, by the `teamPrincipals` start option. Atlassian documents no
 * REST shape for teams (the v2 `PrincipalType` lists USER, GROUP, ACCESS_CLASS; only the bulk
 * transition schema lists TEAM), so `team` is the most plausible reading and `unrecognised` a
 * type no client can know: a client must be right, or honestly unsure, under both.
 */
export const TEAM_PRINCIPAL = {
  team: { roleAssignment: 'TEAM', permission: 'team', restrictionKey: 'team' },
  unrecognised: {
    roleAssignment: 'UNKNOWN_PRINCIPAL',
    permission: 'unknown_principal',
    restrictionKey: 'unknown_principal',
  },
} as const satisfies Record<TeamPrincipals, Record<string, string>>;

function slug(title: string): string {
  return encodeURIComponent(title.replace(/\s+/g, '+'));
}

const WEBUI_KIND: Record<FixtureContent['type'], string> = {
  page: 'pages',
  blogpost: 'blog',
  folder: 'folder',
  whiteboard: 'whiteboard',
  database: 'database',
  embed: 'embed',
};

function webui(model: SiteModel, c: FixtureContent): string {
  const key = model.spacesById.get(c.spaceId)?.key ?? '';
  return `/spaces/${key}/${WEBUI_KIND[c.type]}/${c.id}/${slug(c.title)}`;
}

/** `_links` of each v2 single-content shape (PageLinks, FolderLinks, WhiteboardLinks, …). */
function v2Links(model: SiteModel, c: FixtureContent): Record<string, string> {
  switch (c.type) {
    case 'page':
    case 'blogpost':
      return {
        webui: webui(model, c),
        editui: `/pages/resumedraft.action?draftId=${c.id}`,
        tinyui: `/x/${c.id}`,
      };
    case 'whiteboard':
      return { webui: webui(model, c), editui: webui(model, c) };
    case 'folder':
    case 'database':
    case 'embed':
      return { webui: webui(model, c) };
  }
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

/**
 * v2 PageSingle / BlogPostSingle / FolderSingle / WhiteboardSingle / DatabaseSingle /
 * SmartLinkSingle (without the top-level `_links.base`).
 */
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
  // Every single-content shape but PageSingle and BlogPostSingle carries its type.
  if (c.type !== 'page' && c.type !== 'blogpost') body.type = c.type;
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
  if (includes.labels && (c.type === 'page' || c.type === 'blogpost')) {
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
  body._links = v2Links(model, c);
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

/**
 * v2 SpacePermissionAssignment; anonymous appears as principal {type: role, id: ANONYMOUS}, a
 * team as {type: team | unknown_principal, id} (`TEAM_PRINCIPAL`).
 */
export function v2SpacePermission(
  model: SiteModel,
  s: FixtureSpace,
  row: LegacyRow,
  index: number,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'permission');
  const p = row.principal;
  const principal =
    p.type === 'anonymous'
      ? { type: 'role', id: 'ANONYMOUS' }
      : p.type === 'team'
        ? { type: TEAM_PRINCIPAL[model.teamPrincipals].permission, id: p.id }
        : { type: p.type, id: p.id };
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

/** v2 `SpaceRoleAssignment`; a team's principalType follows `TEAM_PRINCIPAL`. */
export function v2RoleAssignment(
  model: SiteModel,
  assignment: FixtureRoleAssignment,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'permission');
  const { principalType, principalId } = assignment.principal;
  return {
    principal: {
      principalType:
        principalType === 'TEAM'
          ? TEAM_PRINCIPAL[model.teamPrincipals].roleAssignment
          : principalType,
      principalId,
    },
    roleId: assignment.roleId,
  };
}

/**
 * One team on a v1 restriction. Teams count as group-like objects for the points (+2 each):
 * Atlassian documents nothing about them in v1, so this follows the group entries.
 */
function v1Team(model: SiteModel, t: FixtureTeam, counts: ObjectCounts): Record<string, unknown> {
  tally(counts, 'group');
  return model.teamPrincipals === 'team'
    ? { type: 'team', id: t.id, name: t.name }
    : { type: TEAM_PRINCIPAL.unrecognised.permission, id: t.id };
}

/**
 * v1 ContentRestriction for one operation, users, groups and teams windowed by start/limit.
 * Teams appear, only when the restriction lists some, under `restrictions.team` (or
 * `restrictions.unknown_principal`, by `TEAM_PRINCIPAL`) in the shape of the group list.
 */
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
  const teams = r.teams
    .map((id) => model.teamsById.get(id))
    .filter((t): t is FixtureTeam => t !== undefined);
  const userPage = paginateV1(accounts, window, apiPath, q, wikiBase);
  const groupPage = paginateV1(groups, window, apiPath, q, wikiBase);
  const teamPage = paginateV1(teams, window, apiPath, q, wikiBase);
  const links: Record<string, string> = {
    self: `${wikiBase}${apiPath}`,
    base: wikiBase,
    context: '/wiki',
  };
  const next = userPage._links.next ?? groupPage._links.next ?? teamPage._links.next;
  if (next !== undefined) links.next = next;
  const teamList =
    teams.length === 0
      ? {}
      : {
          [TEAM_PRINCIPAL[model.teamPrincipals].restrictionKey]: {
            results: teamPage.results.map((t) => v1Team(model, t, counts)),
            start: teamPage.start,
            limit: teamPage.limit,
            size: teamPage.size,
          },
        };
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
      ...teamList,
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

/**
 * `expand=restrictions.<op>.restrictions.user|group`. A restriction's teams ride along with
 * whichever of its lists is expanded (or `….restrictions.team`): the simulator's reading, so a
 * client that expands users and groups is not shown a team-only restriction as empty.
 */
function restrictionExpansion(
  model: SiteModel,
  c: FixtureContent,
  expand: ReadonlySet<string>,
  wikiBase: string,
  counts: ObjectCounts,
): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  let any = false;
  const teamKey = TEAM_PRINCIPAL[model.teamPrincipals].restrictionKey;
  for (const op of ['read', 'update'] as const) {
    const wantUsers = expand.has(`restrictions.${op}.restrictions.user`);
    const wantGroups = expand.has(`restrictions.${op}.restrictions.group`);
    const wantTeams = wantUsers || wantGroups || expand.has(`restrictions.${op}.restrictions.team`);
    if (!wantTeams && !expand.has(`restrictions.${op}`)) continue;
    any = true;
    const full = v1Restriction(model, c, op, { start: 0, limit: 200 }, wikiBase, {});
    const restrictions = full.restrictions as Record<string, unknown>;
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
    if (wantTeams && restrictions[teamKey] !== undefined) {
      kept[teamKey] = restrictions[teamKey];
      tally(counts, 'group', Math.min(200, c.restrictions[op].teams.length));
    }
    kept._expandable = expandable;
    result[op] = { ...full, restrictions: kept };
  }
  return any ? result : undefined;
}
