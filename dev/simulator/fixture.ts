// The site fixture: a JSON description of a Confluence site (users, groups, spaces, content,
// grants and restrictions). `loadFixture` validates shape with zod and then the cross-references
// zod cannot express (ids that must exist, parent cycles, uniqueness), so a broken fixture fails
// at start with a message naming the entry instead of producing a silently wrong site.
import { z } from 'zod';

const principalSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('user'), id: z.string().min(1) }),
  z.strictObject({ type: z.literal('group'), id: z.string().min(1) }),
  /** An Atlassian team: holds space access like a group (dev/simulator/README.md, "Teams"). */
  z.strictObject({ type: z.literal('team'), id: z.string().min(1) }),
  z.strictObject({ type: z.literal('anonymous') }),
]);

// The v2 SpacePermissionAssignment vocabulary, so a typo in a fixture grant is an error.
export const OPERATION_KEYS = [
  'use',
  'create',
  'read',
  'update',
  'delete',
  'copy',
  'move',
  'export',
  'purge',
  'purge_version',
  'administer',
  'restore',
  'create_space',
  'restrict_content',
  'archive',
] as const;
export const TARGET_TYPES = [
  'page',
  'blogpost',
  'comment',
  'attachment',
  'whiteboard',
  'database',
  'embed',
  'folder',
  'space',
  'application',
  'userProfile',
] as const;

export const ACCOUNT_TYPES = ['atlassian', 'customer'] as const;
export const PLANS = ['free', 'standard', 'premium', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export type OperationKey = (typeof OPERATION_KEYS)[number];
export type TargetType = (typeof TARGET_TYPES)[number];

const OPERATION_KEY_SET: ReadonlySet<string> = new Set(OPERATION_KEYS);
const TARGET_TYPE_SET: ReadonlySet<string> = new Set(TARGET_TYPES);

// Typed as plain strings (generators build them from tables) but checked against the vocabulary.
const operationSchema = z.strictObject({
  key: z.string().refine((k) => OPERATION_KEY_SET.has(k), {
    error: `operation key must be one of ${OPERATION_KEYS.join(', ')}`,
  }),
  targetType: z.string().refine((t) => TARGET_TYPE_SET.has(t), {
    error: `targetType must be one of ${TARGET_TYPES.join(', ')}`,
  }),
});

const spacePermissionSchema = z.strictObject({
  principal: principalSchema,
  operation: operationSchema,
});

const restrictionSchema = z.strictObject({
  users: z.array(z.string().min(1)).default([]),
  groups: z.array(z.string().min(1)).default([]),
  teams: z.array(z.string().min(1)).default([]),
});

const emptyRestriction = (): { users: string[]; groups: string[]; teams: string[] } => ({
  users: [],
  groups: [],
  teams: [],
});

const restrictionsSchema = z.strictObject({
  read: restrictionSchema.default(emptyRestriction),
  update: restrictionSchema.default(emptyRestriction),
});

const userSchema = z.strictObject({
  accountId: z.string().min(1),
  displayName: z.string(),
  email: z.string().min(1),
  /** Absent: the user cannot authenticate with HTTP Basic (only via the loopback header). */
  apiToken: z.string().min(1).optional(),
  isGuest: z.boolean().default(false),
  confluenceAdmin: z.boolean().default(false),
  /** false: deactivated (v2 `accountStatus: inactive`); refused at the door. */
  active: z.boolean().default(true),
  /** `customer`: a Jira Service Management customer, who never has Confluence product access. */
  accountType: z.enum(ACCOUNT_TYPES).default('atlassian'),
  /** false: an account on the site without Confluence product access (e.g. Jira only). */
  productAccess: z.boolean().default(true),
  /** An organization admin: may use the admin key on Premium and Enterprise. */
  orgAdmin: z.boolean().default(false),
});

const teamSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  members: z.array(z.string().min(1)).default([]),
  /** Verified teams are managed by org admins; others by their own members. */
  verified: z.boolean().default(false),
});

const groupSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  members: z.array(z.string().min(1)).default([]),
});

// Space roles: which model is the truth for space access, as `GET /space-role-mode` says.
export const ROLE_MODES = ['PRE_ROLES', 'ROLES_TRANSITION', 'ROLES'] as const;
export type RoleMode = (typeof ROLE_MODES)[number];

/** The access classes the v2 spec lists for `principal-type=ACCESS_CLASS`. */
export const ACCESS_CLASSES = [
  'anonymous-users',
  'authenticated-users',
  'all-licensed-users',
  'all-product-admins',
  'jsm-project-admins',
] as const;
export type AccessClass = (typeof ACCESS_CLASSES)[number];

/** `read/space`, `create/page`, …: the ids `GET /space-permissions` lists and roles are made of. */
const spacePermissionIdSchema = z.string().refine(
  (id) => {
    const [key, targetType, ...rest] = id.split('/');
    return (
      rest.length === 0 &&
      key !== undefined &&
      targetType !== undefined &&
      OPERATION_KEY_SET.has(key) &&
      TARGET_TYPE_SET.has(targetType)
    );
  },
  { error: 'space permission ids are "<operation key>/<targetType>", e.g. "read/space"' },
);

const roleSchema = z.strictObject({
  id: z.string().min(1),
  type: z.enum(['SYSTEM', 'CUSTOM']).default('CUSTOM'),
  name: z.string().min(1),
  description: z.string().optional(),
  spacePermissions: z.array(spacePermissionIdSchema),
});

// The three principal types the spec enumerates, and TEAM (teams hold roles too; its REST shape is
// not documented): a typo must fail, not silently grant nothing.
const roleAssignmentSchema = z.strictObject({
  principal: z.discriminatedUnion('principalType', [
    z.strictObject({ principalType: z.literal('USER'), principalId: z.string().min(1) }),
    z.strictObject({ principalType: z.literal('GROUP'), principalId: z.string().min(1) }),
    z.strictObject({ principalType: z.literal('TEAM'), principalId: z.string().min(1) }),
    z.strictObject({
      principalType: z.literal('ACCESS_CLASS'),
      principalId: z.enum(ACCESS_CLASSES),
    }),
  ]),
  roleId: z.string().min(1),
});

const spaceSchema = z.strictObject({
  id: z.string().regex(/^\d+$/, 'space ids are numeric strings, as in Cloud'),
  key: z.string().min(1),
  name: z.string(),
  type: z.enum(['global', 'personal', 'collaboration', 'knowledge_base']).default('global'),
  status: z.enum(['current', 'archived']).default('current'),
  description: z.string().optional(),
  homepageId: z.string().optional(),
  permissions: z.array(spacePermissionSchema).default([]),
  /** Role assignments; enforced on ROLES and ROLES_TRANSITION sites only (`site.roleMode`). */
  roleAssignments: z.array(roleAssignmentSchema).default([]),
});

/**
 * Content types. Whiteboards, databases and Smart Links (embeds) are never what the macro sits on,
 * but they are parents of pages (v2 `ParentContentType`) and carry restrictions of their own.
 */
export const CONTENT_TYPES = [
  'page',
  'folder',
  'blogpost',
  'whiteboard',
  'database',
  'embed',
] as const;

const contentSchema = z.strictObject({
  id: z.string().regex(/^\d+$/, 'content ids are numeric strings, as in Cloud'),
  type: z.enum(CONTENT_TYPES),
  spaceId: z.string().min(1),
  parentId: z.string().nullable().default(null),
  title: z.string(),
  status: z.enum(['current', 'archived', 'draft', 'trashed']).default('current'),
  labels: z.array(z.string().min(1)).default([]),
  restrictions: restrictionsSchema.default(() => ({
    read: emptyRestriction(),
    update: emptyRestriction(),
  })),
  /** Optional; defaults to the first user of the fixture. */
  authorId: z.string().optional(),
  createdAt: z.string().optional(),
});

const siteFixtureSchema = z.strictObject({
  site: z.strictObject({
    anonymousAccess: z.boolean().default(false),
    name: z.string().optional(),
    /** Which model is the truth for space access: legacy grants, roles, or both (transition). */
    roleMode: z.enum(ROLE_MODES).default('PRE_ROLES'),
    /** The Confluence plan: the admin key exists on Premium and Enterprise only. */
    plan: z.enum(PLANS).default('standard'),
  }),
  app: z.strictObject({
    accountId: z.string().min(1),
    displayName: z.string(),
    /**
     * Space ids or keys where the app user holds `read/space`. Absent: every space (the app's
     * scopes grant space access site-wide). Restrictions still apply either way.
     */
    spaces: z.array(z.string().min(1)).optional(),
  }),
  users: z.array(userSchema),
  groups: z.array(groupSchema),
  /** Atlassian teams that hold space access or appear on restrictions. */
  teams: z.array(teamSchema).default([]),
  /** The site's space roles (`GET /space-roles`), system and custom. */
  roles: z.array(roleSchema).default([]),
  spaces: z.array(spaceSchema),
  content: z.array(contentSchema),
});

/** A validated fixture, defaults applied. */
export type SiteFixture = z.output<typeof siteFixtureSchema>;
/** What a fixture file may contain (optional fields may be omitted). */
export type SiteFixtureInput = z.input<typeof siteFixtureSchema>;
export type FixtureUser = SiteFixture['users'][number];
export type FixtureGroup = SiteFixture['groups'][number];
export type FixtureTeam = SiteFixture['teams'][number];
export type FixtureSpace = SiteFixture['spaces'][number];
export type FixtureContent = SiteFixture['content'][number];
export type FixtureSpacePermission = FixtureSpace['permissions'][number];
export type FixturePrincipal = FixtureSpacePermission['principal'];
export type FixtureRestriction = FixtureContent['restrictions']['read'];
export type FixtureRole = SiteFixture['roles'][number];
export type FixtureRoleAssignment = FixtureSpace['roleAssignments'][number];

export class FixtureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixtureError';
  }
}

function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`));
      return `fixture${path.join('')}: ${issue.message}`;
    })
    .join('\n');
}

function checkUnique<T>(items: readonly T[], key: (item: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) throw new FixtureError(`duplicate ${what} "${k}"`);
    seen.add(k);
  }
}

interface Known {
  readonly userIds: ReadonlySet<string>;
  /** Users and the app: who may be named in a user grant or a restriction. */
  readonly accountIds: ReadonlySet<string>;
  readonly groupIds: ReadonlySet<string>;
  readonly teamIds: ReadonlySet<string>;
}

/** Account kinds that cannot exist together in Confluence. */
function checkUser(u: FixtureUser): void {
  const where = `user "${u.accountId}"`;
  const unlicensed = !u.productAccess || u.accountType === 'customer';
  if (unlicensed && u.confluenceAdmin) {
    throw new FixtureError(`${where}: a Confluence admin has Confluence product access`);
  }
  if (u.accountType === 'customer' && (u.isGuest || u.orgAdmin)) {
    throw new FixtureError(`${where}: a customer account is neither a guest nor an org admin`);
  }
}

function checkMembers(kind: string, id: string, members: readonly string[], k: Known): void {
  checkUnique(members, (m) => m, `member in ${kind} "${id}":`);
  for (const m of members) {
    if (!k.userIds.has(m)) throw new FixtureError(`${kind} "${id}": unknown member "${m}"`);
  }
}

function checkSpace(s: FixtureSpace, k: Known, roleIds: ReadonlySet<string>): void {
  for (const p of s.permissions) {
    const op = `${p.operation.key}/${p.operation.targetType}`;
    const where = `space "${s.key}" grant ${op}`;
    if (p.principal.type === 'user' && !k.accountIds.has(p.principal.id)) {
      throw new FixtureError(`${where}: unknown user "${p.principal.id}"`);
    }
    if (p.principal.type === 'group' && !k.groupIds.has(p.principal.id)) {
      throw new FixtureError(`${where}: unknown group "${p.principal.id}"`);
    }
    if (p.principal.type === 'team' && !k.teamIds.has(p.principal.id)) {
      throw new FixtureError(`${where}: unknown team "${p.principal.id}"`);
    }
  }
  // One role per principal per space, as Confluence's role selector offers.
  checkUnique(
    s.roleAssignments,
    (a) => `${a.principal.principalType}:${a.principal.principalId}`,
    `role assignment in space "${s.key}" for principal`,
  );
  for (const a of s.roleAssignments) {
    const { principalType, principalId } = a.principal;
    const where = `space "${s.key}" role assignment ${principalType}:${principalId}`;
    if (!roleIds.has(a.roleId)) throw new FixtureError(`${where}: unknown role "${a.roleId}"`);
    const known =
      principalType === 'USER'
        ? k.accountIds
        : principalType === 'GROUP'
          ? k.groupIds
          : principalType === 'TEAM'
            ? k.teamIds
            : undefined;
    if (known && !known.has(principalId)) {
      throw new FixtureError(`${where}: unknown ${principalType.toLowerCase()}`);
    }
  }
}

function checkRestrictions(c: FixtureContent, where: string, k: Known): void {
  for (const op of ['read', 'update'] as const) {
    const r = c.restrictions[op];
    const lists: [string, readonly string[], ReadonlySet<string>][] = [
      ['user', r.users, k.accountIds],
      ['group', r.groups, k.groupIds],
      ['team', r.teams, k.teamIds],
    ];
    for (const [kind, ids, known] of lists) {
      for (const id of ids) {
        if (!known.has(id)) {
          throw new FixtureError(`${where}: ${op} restriction lists unknown ${kind} "${id}"`);
        }
      }
    }
  }
}

function checkContent(
  c: FixtureContent,
  k: Known,
  spaceIds: ReadonlySet<string>,
  contentById: ReadonlyMap<string, FixtureContent>,
): void {
  const where = `content "${c.id}" (${c.title})`;
  if (!spaceIds.has(c.spaceId)) throw new FixtureError(`${where}: unknown space "${c.spaceId}"`);
  if (c.authorId !== undefined && !k.userIds.has(c.authorId)) {
    throw new FixtureError(`${where}: unknown author "${c.authorId}"`);
  }
  // The v2 BlogPostContentStatus has no `archived`: blog posts cannot be archived.
  if (c.type === 'blogpost' && c.status === 'archived') {
    throw new FixtureError(`${where}: a blogpost cannot be archived`);
  }
  checkRestrictions(c, where, k);
  if (c.parentId === null) return;
  const parent = contentById.get(c.parentId);
  if (!parent) throw new FixtureError(`${where}: unknown parent "${c.parentId}"`);
  if (c.type === 'blogpost') throw new FixtureError(`${where}: a blogpost cannot have a parent`);
  if (parent.type === 'blogpost') {
    throw new FixtureError(`${where}: parent "${parent.id}" is a blogpost`);
  }
  if (parent.spaceId !== c.spaceId) {
    throw new FixtureError(`${where}: parent "${parent.id}" is in another space`);
  }
}

/** Validates shape and referential integrity; throws FixtureError naming the offending entry. */
export function loadFixture(json: unknown): SiteFixture {
  const parsed = siteFixtureSchema.safeParse(json);
  if (!parsed.success) throw new FixtureError(`invalid fixture:\n${formatZodIssues(parsed.error)}`);
  const f = parsed.data;

  checkUnique(f.users, (u) => u.accountId, 'user accountId');
  checkUnique(f.users, (u) => u.email.toLowerCase(), 'user email');
  if (f.users.some((u) => u.accountId === f.app.accountId)) {
    throw new FixtureError(`duplicate user accountId "${f.app.accountId}" (it is the app's)`);
  }
  for (const u of f.users) checkUser(u);
  checkUnique(f.groups, (g) => g.id, 'group id');
  checkUnique(f.groups, (g) => g.name, 'group name');
  checkUnique(f.teams, (t) => t.id, 'team id');
  checkUnique(f.spaces, (s) => s.id, 'space id');
  checkUnique(f.spaces, (s) => s.key, 'space key');
  checkUnique(f.content, (c) => c.id, 'content id');
  checkUnique(f.roles, (r) => r.id, 'role id');
  checkUnique(f.roles, (r) => r.name, 'role name');
  for (const r of f.roles)
    checkUnique(r.spacePermissions, (p) => p, `permission in role "${r.id}":`);

  const userIds = new Set(f.users.map((u) => u.accountId));
  const known: Known = {
    userIds,
    accountIds: new Set([...userIds, f.app.accountId]),
    groupIds: new Set(f.groups.map((g) => g.id)),
    teamIds: new Set(f.teams.map((t) => t.id)),
  };
  const spaceIds = new Set(f.spaces.map((s) => s.id));
  const spaceKeys = new Set(f.spaces.map((s) => s.key));
  const contentById = new Map(f.content.map((c) => [c.id, c]));
  const roleIds = new Set(f.roles.map((r) => r.id));

  for (const g of f.groups) checkMembers('group', g.id, g.members, known);
  for (const t of f.teams) checkMembers('team', t.id, t.members, known);

  for (const s of f.spaces) {
    checkSpace(s, known, roleIds);
    if (s.homepageId !== undefined) {
      const home = contentById.get(s.homepageId);
      if (home?.spaceId !== s.id) {
        throw new FixtureError(`space "${s.key}": homepageId "${s.homepageId}" is not in it`);
      }
    }
  }

  if (f.app.spaces) {
    for (const ref of f.app.spaces) {
      if (!spaceIds.has(ref) && !spaceKeys.has(ref)) {
        throw new FixtureError(`app.spaces: unknown space "${ref}"`);
      }
    }
  }

  for (const c of f.content) checkContent(c, known, spaceIds, contentById);

  // Walk each chain once; `done` makes the whole check linear in the number of nodes.
  const done = new Set<string>();
  for (const c of f.content) {
    const path = new Set<string>();
    let cur: FixtureContent | undefined = c;
    while (cur && !done.has(cur.id)) {
      if (path.has(cur.id)) throw new FixtureError(`content "${cur.id}": cycle in parents`);
      path.add(cur.id);
      cur = cur.parentId === null ? undefined : contentById.get(cur.parentId);
    }
    for (const id of path) done.add(id);
  }

  return f;
}
