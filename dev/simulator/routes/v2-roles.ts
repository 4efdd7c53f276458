// v2 space roles: the site's role mode, its role and permission catalogues, and a
// space's role assignments. Served whatever the mode: on a PRE_ROLES site they simply are not
// what decides access (model.ts).
import { ACCESS_CLASSES } from '../fixture';
import type { FixtureRole, FixtureRoleAssignment, FixtureSpace } from '../fixture';
import { HttpError, type ObjectCounts, type SimResponse } from '../http';
import { paginateV2 } from '../pagination';
import { tally, v2RoleAssignment, v2SpaceRole } from '../render';
import { requireNumericId, v2ListResponse, viewableSpace } from './common';
import type { Route, RouteContext } from './types';

const PRINCIPAL_TYPES: ReadonlySet<string> = new Set(['USER', 'GROUP', 'ACCESS_CLASS']);
const ACCESS_CLASS_SET: ReadonlySet<string> = new Set(ACCESS_CLASSES);
const ROLE_TYPES: ReadonlySet<string> = new Set(['SYSTEM', 'CUSTOM']);

/** Confluence's space permissions, as `GET /space-permissions` lists them. */
const PERMISSION_CATALOGUE: readonly { id: string; displayName: string; description: string }[] = [
  { id: 'read/space', displayName: 'View space', description: 'View the space and its content' },
  { id: 'create/page', displayName: 'Add pages', description: 'Create and edit pages' },
  { id: 'create/blogpost', displayName: 'Add blogs', description: 'Create and edit blog posts' },
  // Roles split editing from creating: "Create content" / "Edit content", and the same for
  // blogs (https://support.atlassian.com/confluence-cloud/docs/what-are-confluences-roles/).
  // In the legacy list `create/*` still means add and edit.
  {
    id: 'update/page',
    displayName: 'Edit content',
    description: 'Edit pages, whiteboards, databases and Smart Links',
  },
  { id: 'update/blogpost', displayName: 'Edit blogs', description: 'Edit blog posts' },
  { id: 'create/comment', displayName: 'Add comments', description: 'Comment on content' },
  { id: 'create/attachment', displayName: 'Add attachments', description: 'Upload files' },
  { id: 'delete/page', displayName: 'Delete pages', description: 'Delete any page' },
  { id: 'delete/blogpost', displayName: 'Delete blogs', description: 'Delete any blog post' },
  { id: 'delete/comment', displayName: 'Delete comments', description: 'Delete any comment' },
  { id: 'delete/attachment', displayName: 'Delete attachments', description: 'Delete files' },
  { id: 'archive/page', displayName: 'Archive pages', description: 'Archive pages' },
  {
    id: 'restrict_content/space',
    displayName: 'Add/delete restrictions',
    description: 'Restrict who can view or edit content',
  },
  { id: 'export/space', displayName: 'Export space', description: 'Export the space' },
  {
    id: 'administer/space',
    displayName: 'Admin',
    description: 'Manage the space, its settings and its access',
  },
];

/**
 * `principal-id` and `principal-type` come together (the spec says so), or not at all. TEAM is
 * accepted when teams render as TEAM (`teamPrincipals: 'team'`), the reading in which the API
 * knows the type.
 */
function principalFilter(ctx: RouteContext): ((a: FixtureRoleAssignment) => boolean) | undefined {
  const type = ctx.query.get('principal-type');
  const id = ctx.query.get('principal-id');
  if (type === null && id === null) return undefined;
  if (type === null || id === null) {
    throw new HttpError(400, 'principal-id and principal-type must be given together');
  }
  const teams = ctx.model.teamPrincipals === 'team';
  if (!PRINCIPAL_TYPES.has(type) && !(teams && type === 'TEAM')) {
    throw new HttpError(
      400,
      `principal-type must be USER, GROUP${teams ? ', TEAM' : ''} or ACCESS_CLASS, got "${type}"`,
    );
  }
  if (type === 'ACCESS_CLASS' && !ACCESS_CLASS_SET.has(id)) {
    throw new HttpError(400, `Unknown access class "${id}"`);
  }
  return (a) => a.principal.principalType === type && a.principal.principalId === id;
}

function roleTypeParam(ctx: RouteContext): string | null {
  const roleType = ctx.query.get('role-type');
  if (roleType !== null && !ROLE_TYPES.has(roleType)) {
    throw new HttpError(400, `role-type must be SYSTEM or CUSTOM, got "${roleType}"`);
  }
  return roleType;
}

function roleMode(ctx: RouteContext): SimResponse {
  return { status: 200, body: { mode: ctx.model.roleMode } };
}

function spaceRoles(ctx: RouteContext): SimResponse {
  const roleType = roleTypeParam(ctx);
  const spaceIdParam = ctx.query.get('space-id');
  const space =
    spaceIdParam === null
      ? undefined
      : viewableSpace(ctx, requireNumericId(spaceIdParam, 'space-id'));
  const byPrincipal = principalFilter(ctx);
  let roles: readonly FixtureRole[] = ctx.model.fixture.roles;
  if (roleType !== null) roles = roles.filter((r) => r.type === roleType);
  if (byPrincipal) {
    // The roles the principal holds: in the given space, or in any space the caller can view.
    const spaces: readonly FixtureSpace[] = space
      ? [space]
      : ctx.model.spacesSorted.filter((s) => ctx.model.canViewSpace(ctx.caller.subject, s));
    const held = new Set(
      spaces.flatMap((s) => s.roleAssignments.filter(byPrincipal).map((a) => a.roleId)),
    );
    roles = roles.filter((r) => held.has(r.id));
  }
  const page = paginateV2(roles, '/wiki/api/v2/space-roles', ctx.query);
  const objects: ObjectCounts = {};
  return v2ListResponse(
    ctx,
    page.items.map((r) => v2SpaceRole(r, objects)),
    page.next,
    objects,
  );
}

function spacePermissionCatalogue(ctx: RouteContext): SimResponse {
  // Ids a fixture role uses are listed too, so the catalogue always covers the roles.
  const known = new Set(PERMISSION_CATALOGUE.map((p) => p.id));
  const extra = [...new Set(ctx.model.fixture.roles.flatMap((r) => r.spacePermissions))]
    .filter((id) => !known.has(id))
    .map((id) => ({ id, displayName: id, description: id }));
  const all = [...PERMISSION_CATALOGUE, ...extra];
  const page = paginateV2(all, '/wiki/api/v2/space-permissions', ctx.query);
  const objects: ObjectCounts = {};
  const results = page.items.map((p) => {
    tally(objects, 'permission');
    return { ...p, requiredPermissionIds: p.id === 'read/space' ? [] : ['read/space'] };
  });
  return v2ListResponse(ctx, results, page.next, objects);
}

function roleAssignments(ctx: RouteContext): SimResponse {
  const s = viewableSpace(ctx, requireNumericId(ctx.params.id, 'id'));
  const roleId = ctx.query.get('role-id');
  const roleType = roleTypeParam(ctx);
  const byPrincipal = principalFilter(ctx);
  const assignments = s.roleAssignments.filter(
    (a) =>
      (roleId === null || a.roleId === roleId) &&
      (roleType === null || ctx.model.rolesById.get(a.roleId)?.type === roleType) &&
      (byPrincipal === undefined || byPrincipal(a)),
  );
  const page = paginateV2(assignments, `/wiki/api/v2/spaces/${s.id}/role-assignments`, ctx.query);
  const objects: ObjectCounts = {};
  return v2ListResponse(
    ctx,
    page.items.map((a) => v2RoleAssignment(ctx.model, a, objects)),
    page.next,
    objects,
  );
}

export const v2RoleRoutes: Route[] = [
  { method: 'GET', template: '/wiki/api/v2/space-role-mode', flavor: 'v2', handle: roleMode },
  { method: 'GET', template: '/wiki/api/v2/space-roles', flavor: 'v2', handle: spaceRoles },
  {
    method: 'GET',
    template: '/wiki/api/v2/space-permissions',
    flavor: 'v2',
    handle: spacePermissionCatalogue,
  },
  {
    method: 'GET',
    template: '/wiki/api/v2/spaces/{id}/role-assignments',
    flavor: 'v2',
    handle: roleAssignments,
  },
];
