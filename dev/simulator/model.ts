// The simulated site's permission model: DESIGN.md §3, implemented independently of the app's
// engine (never import from src/). Everything here is pure: a Subject and a node in, a decision out.
import type {
  FixtureContent,
  FixtureGroup,
  FixtureRestriction,
  FixtureRole,
  FixtureSpace,
  FixtureUser,
  RoleMode,
  SiteFixture,
} from './fixture';

/** Who a permission question is about. */
export type Subject =
  | { kind: 'user'; user: FixtureUser }
  | { kind: 'app' }
  | { kind: 'anonymous' }
  /** Only as the subject of a permission check: a group on its own, without any user. */
  | { kind: 'group'; group: FixtureGroup };

export type SpaceOperation = `${string}/${string}`;

// Guests cannot hold these even when a fixture grants them (DESIGN.md §3, "Guests").
const GUEST_FORBIDDEN: ReadonlySet<string> = new Set([
  'administer/space',
  'export/space',
  'restrict_content/space',
]);

const READ_SPACE: SpaceOperation = 'read/space';

/**
 * What `GET /spaces/{id}/permissions` lists on a ROLES site, which Atlassian does not document:
 * rows derived from the role assignments, or nothing. A start option, so both are tested.
 */
export type LegacyListOnRolesSites = 'derived' | 'empty';

export interface ModelOptions {
  /** Default 'derived'. */
  readonly legacyListOnRolesSites?: LegacyListOnRolesSites;
}

/**
 * Who one effective grant is for, whichever model it came from. An access class is kept by
 * name; `anonymous-users` is folded into `anonymous`, which it means.
 */
type GrantPrincipal =
  | { readonly kind: 'user'; readonly id: string }
  | { readonly kind: 'group'; readonly id: string }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'class'; readonly id: string };

interface EffectiveGrant {
  readonly principal: GrantPrincipal;
  readonly op: SpaceOperation;
}

/** A row of the legacy permission list, as `render.v2SpacePermission` shows it. */
export interface LegacyRow {
  readonly principal:
    | { readonly type: 'user' | 'group'; readonly id: string }
    | { readonly type: 'anonymous' }
    /** An access class other than anonymous, in rows derived from roles. */
    | { readonly type: 'role'; readonly id: string };
  readonly operation: { readonly key: string; readonly targetType: string };
}

export class SiteModel {
  readonly fixture: SiteFixture;
  readonly usersById = new Map<string, FixtureUser>();
  readonly usersByEmail = new Map<string, FixtureUser>();
  readonly groupsById = new Map<string, FixtureGroup>();
  readonly spacesById = new Map<string, FixtureSpace>();
  readonly spacesByKey = new Map<string, FixtureSpace>();
  readonly contentById = new Map<string, FixtureContent>();
  /** Spaces in id order (numeric), the order v2 lists them in. */
  readonly spacesSorted: readonly FixtureSpace[];
  /** Content in id order (numeric), the order search lists it in. */
  readonly contentSorted: readonly FixtureContent[];
  private readonly groupIdsByUser = new Map<string, Set<string>>();
  private readonly ancestorsById = new Map<string, readonly FixtureContent[]>();
  private readonly childCount = new Map<string, number>();
  private readonly appSpaces: ReadonlySet<string> | undefined;
  readonly rolesById = new Map<string, FixtureRole>();
  readonly legacyListOnRolesSites: LegacyListOnRolesSites;
  private readonly effectiveGrantsBySpace = new Map<string, readonly EffectiveGrant[]>();

  constructor(fixture: SiteFixture, options: ModelOptions = {}) {
    this.fixture = fixture;
    this.legacyListOnRolesSites = options.legacyListOnRolesSites ?? 'derived';
    for (const r of fixture.roles) this.rolesById.set(r.id, r);
    for (const u of fixture.users) {
      this.usersById.set(u.accountId, u);
      this.usersByEmail.set(u.email.toLowerCase(), u);
      this.groupIdsByUser.set(u.accountId, new Set());
    }
    for (const g of fixture.groups) {
      this.groupsById.set(g.id, g);
      for (const m of g.members) this.groupIdsByUser.get(m)?.add(g.id);
    }
    for (const s of fixture.spaces) {
      this.spacesById.set(s.id, s);
      this.spacesByKey.set(s.key, s);
    }
    for (const c of fixture.content) this.contentById.set(c.id, c);
    for (const c of fixture.content) {
      if (c.parentId !== null) {
        this.childCount.set(c.parentId, (this.childCount.get(c.parentId) ?? 0) + 1);
      }
    }
    this.spacesSorted = [...fixture.spaces].sort(byNumericId);
    this.contentSorted = [...fixture.content].sort(byNumericId);
    if (fixture.app.spaces) {
      const ids = new Set<string>();
      for (const ref of fixture.app.spaces) {
        const s = this.spacesById.get(ref) ?? this.spacesByKey.get(ref);
        if (s) ids.add(s.id);
      }
      this.appSpaces = ids;
    }
  }

  /** Ancestors of a node, root first (the fixture loader has ruled out cycles). */
  ancestors(content: FixtureContent): readonly FixtureContent[] {
    const cached = this.ancestorsById.get(content.id);
    if (cached) return cached;
    const parent = content.parentId === null ? undefined : this.contentById.get(content.parentId);
    const result = parent ? [...this.ancestors(parent), parent] : [];
    this.ancestorsById.set(content.id, result);
    return result;
  }

  hasChildren(content: FixtureContent): boolean {
    return (this.childCount.get(content.id) ?? 0) > 0;
  }

  groupIdsOf(accountId: string): ReadonlySet<string> {
    return this.groupIdsByUser.get(accountId) ?? new Set();
  }

  /** Site access: active users and guests; the app; anonymous only if the site allows it. */
  canUseSite(subject: Subject): boolean {
    switch (subject.kind) {
      case 'user':
        return subject.user.active;
      case 'app':
      case 'group':
        return true;
      case 'anonymous':
        return this.fixture.site.anonymousAccess;
    }
  }

  get roleMode(): RoleMode {
    return this.fixture.site.roleMode;
  }

  /**
   * The grants that decide access in a space, by the site's source of truth: the legacy list
   * (PRE_ROLES), the role assignments expanded into their permissions (ROLES), or both
   * (ROLES_TRANSITION).
   */
  effectiveGrants(space: FixtureSpace): readonly EffectiveGrant[] {
    const cached = this.effectiveGrantsBySpace.get(space.id);
    if (cached) return cached;
    const grants: EffectiveGrant[] = [];
    if (this.roleMode !== 'ROLES') {
      for (const g of space.permissions) {
        const p = g.principal;
        grants.push({
          principal: p.type === 'anonymous' ? { kind: 'anonymous' } : { kind: p.type, id: p.id },
          op: `${g.operation.key}/${g.operation.targetType}`,
        });
      }
    }
    if (this.roleMode !== 'PRE_ROLES') {
      for (const a of space.roleAssignments) {
        const role = this.rolesById.get(a.roleId);
        const principal = roleAssignee(a.principal);
        for (const op of role?.spacePermissions ?? []) {
          grants.push({ principal, op: op as SpaceOperation });
        }
      }
    }
    this.effectiveGrantsBySpace.set(space.id, grants);
    return grants;
  }

  /**
   * What `GET /spaces/{id}/permissions` lists: the fixture's legacy grants, except on a ROLES
   * site, where they are not the truth and the list holds rows derived from the role
   * assignments or nothing (`legacyListOnRolesSites`).
   */
  legacyRows(space: FixtureSpace): readonly LegacyRow[] {
    if (this.roleMode !== 'ROLES') return space.permissions;
    if (this.legacyListOnRolesSites === 'empty') return [];
    return space.roleAssignments.flatMap((a) => {
      const role = this.rolesById.get(a.roleId);
      const assignee = roleAssignee(a.principal);
      const principal: LegacyRow['principal'] =
        assignee.kind === 'anonymous'
          ? { type: 'anonymous' }
          : assignee.kind === 'class'
            ? { type: 'role', id: assignee.id }
            : { type: assignee.kind, id: assignee.id };
      return (role?.spacePermissions ?? []).map((id): LegacyRow => {
        const [key = '', targetType = ''] = id.split('/');
        return { principal, operation: { key, targetType } };
      });
    });
  }

  /**
   * Whether the subject is in an access class (other than anonymous-users, which is an
   * anonymous grant). Choices where Atlassian is silent, shared with the engine (src/core
   * principals.ts `inAccessClass`):
   * - guests are in no class: they hold their own assignments and anonymous spaces only;
   * - `authenticated-users` and `all-licensed-users`: every active non-guest user (the fixture
   *   has no unlicensed accounts, so the two coincide), and a group subject, which stands for a
   *   typical licensed member;
   * - `all-product-admins`: Confluence admins; `jsm-project-admins`: nobody here;
   * - the app is in none: roles reach an app through a USER assignment.
   */
  inAccessClass(subject: Subject, accessClass: string): boolean {
    switch (subject.kind) {
      case 'anonymous':
      case 'app':
        return false;
      case 'group':
        return accessClass === 'authenticated-users' || accessClass === 'all-licensed-users';
      case 'user':
        if (subject.user.isGuest) return false;
        switch (accessClass) {
          case 'authenticated-users':
          case 'all-licensed-users':
            return true;
          case 'all-product-admins':
            return subject.user.confluenceAdmin;
          default:
            return false;
        }
    }
  }

  /** The subject's effective space permissions: a union of grants, with no deny. */
  spaceOperations(subject: Subject, space: FixtureSpace): ReadonlySet<SpaceOperation> {
    const ops = new Set<SpaceOperation>();
    if (!this.canUseSite(subject)) return ops;
    const isGuest = subject.kind === 'user' && subject.user.isGuest;
    const groups = subject.kind === 'user' ? this.groupIdsOf(subject.user.accountId) : undefined;
    for (const { principal: p, op } of this.effectiveGrants(space)) {
      // An anonymous grant reaches everyone who can use the site: visitors (when the site allows
      // them) and every logged-in user, guests included — even when the site refuses anonymous
      // visitors. Logged-in users never get less than a visitor who is not logged in.
      if (p.kind === 'anonymous') {
        ops.add(op);
        continue;
      }
      if (p.kind === 'class') {
        if (this.inAccessClass(subject, p.id)) ops.add(op);
        continue;
      }
      let held = false;
      switch (subject.kind) {
        case 'user':
          // Guests hold only their direct grants, never those of groups they are in.
          held =
            p.kind === 'user'
              ? p.id === subject.user.accountId
              : !isGuest && groups?.has(p.id) === true;
          break;
        case 'app':
          held = p.kind === 'user' && p.id === this.fixture.app.accountId;
          break;
        case 'group':
          held = p.kind === 'group' && p.id === subject.group.id;
          break;
        case 'anonymous':
          break;
      }
      if (held) ops.add(op);
    }
    if (subject.kind === 'app' && (!this.appSpaces || this.appSpaces.has(space.id))) {
      ops.add(READ_SPACE);
    }
    if (isGuest) for (const op of GUEST_FORBIDDEN) ops.delete(op as SpaceOperation);
    // Every other space permission requires view.
    if (!ops.has(READ_SPACE)) ops.clear();
    return ops;
  }

  canViewSpace(subject: Subject, space: FixtureSpace): boolean {
    return this.spaceOperations(subject, space).has(READ_SPACE);
  }

  /** Empty restriction: no constraint. Otherwise listed directly or via a group. */
  passesRestriction(subject: Subject, restriction: FixtureRestriction): boolean {
    if (restriction.users.length === 0 && restriction.groups.length === 0) return true;
    switch (subject.kind) {
      case 'anonymous':
        return false;
      case 'app':
        return restriction.users.includes(this.fixture.app.accountId);
      case 'group':
        return restriction.groups.includes(subject.group.id);
      case 'user': {
        if (restriction.users.includes(subject.user.accountId)) return true;
        const groups = this.groupIdsOf(subject.user.accountId);
        return restriction.groups.some((g) => groups.has(g));
      }
    }
  }

  /**
   * View = site access + space view + the read restriction of the node and of every ancestor
   * (an intersection). Drafts are visible to their author only; trashed content to nobody.
   */
  canView(subject: Subject, content: FixtureContent): boolean {
    if (content.status === 'trashed') return false;
    if (content.status === 'draft') {
      if (subject.kind !== 'user' || subject.user.accountId !== this.authorOf(content))
        return false;
    }
    const space = this.spacesById.get(content.spaceId);
    if (!space || !this.canViewSpace(subject, space)) return false;
    if (!this.passesRestriction(subject, content.restrictions.read)) return false;
    return this.ancestors(content).every((a) =>
      this.passesRestriction(subject, a.restrictions.read),
    );
  }

  /**
   * Edit = view + the space "add" permission for the content type + the node's own update
   * restriction. Update restrictions do not inherit.
   */
  canEdit(subject: Subject, content: FixtureContent): boolean {
    if (!this.canView(subject, content)) return false;
    const space = this.spacesById.get(content.spaceId);
    if (!space) return false;
    if (!this.spaceOperations(subject, space).has(createOperationFor(content))) return false;
    return this.passesRestriction(subject, content.restrictions.update);
  }

  /** Delete (permission check only): view + space delete for the type + own update restriction. */
  canDelete(subject: Subject, content: FixtureContent): boolean {
    if (!this.canView(subject, content)) return false;
    const space = this.spacesById.get(content.spaceId);
    if (!space) return false;
    const op: SpaceOperation = content.type === 'blogpost' ? 'delete/blogpost' : 'delete/page';
    if (!this.spaceOperations(subject, space).has(op)) return false;
    return this.passesRestriction(subject, content.restrictions.update);
  }

  authorOf(content: FixtureContent): string {
    return content.authorId ?? this.fixture.users[0]?.accountId ?? this.fixture.app.accountId;
  }

  isConfluenceAdmin(subject: Subject): boolean {
    return (
      subject.kind === 'user' &&
      subject.user.active &&
      !subject.user.isGuest &&
      subject.user.confluenceAdmin
    );
  }
}

function roleAssignee(
  principal: FixtureSpace['roleAssignments'][number]['principal'],
): GrantPrincipal {
  switch (principal.principalType) {
    case 'USER':
      return { kind: 'user', id: principal.principalId };
    case 'GROUP':
      return { kind: 'group', id: principal.principalId };
    case 'ACCESS_CLASS':
      return principal.principalId === 'anonymous-users'
        ? { kind: 'anonymous' }
        : { kind: 'class', id: principal.principalId };
  }
}

/** Pages and folders are edited under "Add page"; blog posts under "Add blog post". */
export function createOperationFor(content: FixtureContent): SpaceOperation {
  return content.type === 'blogpost' ? 'create/blogpost' : 'create/page';
}

function byNumericId(a: { id: string }, b: { id: string }): number {
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
