// The simulated site's permission model (dev/simulator/README.md, "Permission model"),
// implemented independently of the app's engine (never import from src/). Everything here is
// pure: a Subject and a node in, a decision out.
import {
  hasProductAccess,
  inAccessClass,
  isConfluenceAdmin,
  mayUseAdminKey,
  type Subject,
} from './accounts';
import type {
  FixtureContent,
  FixtureGroup,
  FixtureRestriction,
  FixtureRole,
  FixtureSpace,
  FixtureTeam,
  FixtureUser,
  RoleMode,
  SiteFixture,
} from './fixture';
import {
  effectiveGrants,
  rowsDerivedFromRoles,
  type EffectiveGrant,
  type GrantSource,
  type LegacyRow,
  type SpaceOperation,
} from './grants';

export type { Subject } from './accounts';
export type { LegacyRow, SpaceOperation } from './grants';

// Guests cannot hold these even when a fixture grants them ("What can guests see and do",
// https://support.atlassian.com/confluence-cloud/docs/what-can-guests-see-and-do/).
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

/**
 * How team principals are rendered, which Atlassian does not document: as `TEAM` / `team`, or
 * with a type no client can know. A start option, so both are tested.
 */
export type TeamPrincipals = 'team' | 'unrecognised';

export interface ModelOptions {
  /** Default 'derived'. */
  readonly legacyListOnRolesSites?: LegacyListOnRolesSites;
  /** Default 'team'. */
  readonly teamPrincipals?: TeamPrincipals;
}

/** The space permissions a subject holds, each with the models it came from. */
type HeldOperations = ReadonlyMap<SpaceOperation, ReadonlySet<GrantSource>>;

export class SiteModel {
  readonly fixture: SiteFixture;
  readonly usersById = new Map<string, FixtureUser>();
  readonly usersByEmail = new Map<string, FixtureUser>();
  readonly groupsById = new Map<string, FixtureGroup>();
  readonly teamsById = new Map<string, FixtureTeam>();
  readonly spacesById = new Map<string, FixtureSpace>();
  readonly spacesByKey = new Map<string, FixtureSpace>();
  readonly contentById = new Map<string, FixtureContent>();
  /** Spaces in id order (numeric), the order v2 lists them in. */
  readonly spacesSorted: readonly FixtureSpace[];
  /** Content in id order (numeric), the order search lists it in. */
  readonly contentSorted: readonly FixtureContent[];
  private readonly groupIdsByUser = new Map<string, Set<string>>();
  private readonly teamIdsByUser = new Map<string, Set<string>>();
  private readonly ancestorsById = new Map<string, readonly FixtureContent[]>();
  private readonly childCount = new Map<string, number>();
  private readonly appSpaces: ReadonlySet<string> | undefined;
  readonly rolesById = new Map<string, FixtureRole>();
  readonly legacyListOnRolesSites: LegacyListOnRolesSites;
  readonly teamPrincipals: TeamPrincipals;
  private readonly effectiveGrantsBySpace = new Map<string, readonly EffectiveGrant[]>();

  constructor(fixture: SiteFixture, options: ModelOptions = {}) {
    this.fixture = fixture;
    this.legacyListOnRolesSites = options.legacyListOnRolesSites ?? 'derived';
    this.teamPrincipals = options.teamPrincipals ?? 'team';
    for (const r of fixture.roles) this.rolesById.set(r.id, r);
    for (const u of fixture.users) {
      this.usersById.set(u.accountId, u);
      this.usersByEmail.set(u.email.toLowerCase(), u);
      this.groupIdsByUser.set(u.accountId, new Set());
      this.teamIdsByUser.set(u.accountId, new Set());
    }
    for (const g of fixture.groups) {
      this.groupsById.set(g.id, g);
      for (const m of g.members) this.groupIdsByUser.get(m)?.add(g.id);
    }
    for (const t of fixture.teams) {
      this.teamsById.set(t.id, t);
      for (const m of t.members) this.teamIdsByUser.get(m)?.add(t.id);
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

  teamIdsOf(accountId: string): ReadonlySet<string> {
    return this.teamIdsByUser.get(accountId) ?? new Set();
  }

  /**
   * Site access: active users, with or without Confluence product access, and guests; the app;
   * anonymous only if the site allows it.
   */
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

  effectiveGrants(space: FixtureSpace): readonly EffectiveGrant[] {
    let grants = this.effectiveGrantsBySpace.get(space.id);
    if (!grants) {
      grants = effectiveGrants(space, this.roleMode, this.rolesById);
      this.effectiveGrantsBySpace.set(space.id, grants);
    }
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
    return rowsDerivedFromRoles(space, this.rolesById);
  }

  inAccessClass(subject: Subject, accessClass: string): boolean {
    return inAccessClass(subject, accessClass);
  }

  /** Whether one grant's principal is the subject (access classes and anonymous aside). */
  private holds(subject: Subject, principal: EffectiveGrant['principal']): boolean {
    switch (principal.kind) {
      case 'anonymous':
        // An anonymous grant reaches everyone who can use the site: visitors (when the site
        // allows them) and every logged-in account, guests and accounts without Confluence
        // product access included — even when the site refuses anonymous visitors.
        return true;
      case 'class':
        return inAccessClass(subject, principal.id);
      default:
        break;
    }
    switch (subject.kind) {
      case 'user': {
        const u = subject.user;
        if (principal.kind === 'user') return principal.id === u.accountId;
        // Guests hold only their direct grants; accounts without product access nothing but
        // what visitors hold and the authenticated-users class (Atlassian's "Give access to
        // unlicensed users from Jira Service Management").
        if (u.isGuest || !hasProductAccess(u)) return false;
        return principal.kind === 'group'
          ? this.groupIdsOf(u.accountId).has(principal.id)
          : this.teamIdsOf(u.accountId).has(principal.id);
      }
      case 'app':
        return principal.kind === 'user' && principal.id === this.fixture.app.accountId;
      case 'group':
        return principal.kind === 'group' && principal.id === subject.group.id;
      case 'anonymous':
        return false;
    }
  }

  /** The subject's space permissions, each with the models (legacy list, roles) it came from. */
  private heldOperations(subject: Subject, space: FixtureSpace): HeldOperations {
    const held = new Map<SpaceOperation, Set<GrantSource>>();
    if (!this.canUseSite(subject)) return held;
    const add = (op: SpaceOperation, source: GrantSource): void => {
      const sources = held.get(op) ?? new Set<GrantSource>();
      sources.add(source);
      held.set(op, sources);
    };
    for (const g of this.effectiveGrants(space)) {
      if (this.holds(subject, g.principal)) add(g.op, g.source);
    }
    if (subject.kind === 'app' && (!this.appSpaces || this.appSpaces.has(space.id))) {
      add(READ_SPACE, 'legacy');
    }
    if (subject.kind === 'user') {
      if (subject.user.isGuest) for (const op of GUEST_FORBIDDEN) held.delete(op as SpaceOperation);
      // Read-only: "They can view pages, but can't like, comment, edit" (CONFCLOUD-30161,
      // https://support.atlassian.com/confluence-cloud/docs/give-access-to-unlicensed-users-from-jira-service-management/).
      if (!hasProductAccess(subject.user)) {
        for (const op of [...held.keys()]) if (op !== READ_SPACE) held.delete(op);
      }
      if (subject.adminKey === true && mayUseAdminKey(subject.user, this.fixture.site.plan)) {
        add(READ_SPACE, 'legacy');
      }
    }
    // Every other space permission requires view.
    if (!held.has(READ_SPACE)) held.clear();
    return held;
  }

  /** The subject's effective space permissions: a union of grants, with no deny. */
  spaceOperations(subject: Subject, space: FixtureSpace): ReadonlySet<SpaceOperation> {
    return new Set(this.heldOperations(subject, space).keys());
  }

  canViewSpace(subject: Subject, space: FixtureSpace): boolean {
    return this.spaceOperations(subject, space).has(READ_SPACE);
  }

  /** The admin key lifts space permissions and content restrictions for an org admin. */
  private usesAdminKey(subject: Subject): boolean {
    return (
      subject.kind === 'user' &&
      subject.adminKey === true &&
      mayUseAdminKey(subject.user, this.fixture.site.plan)
    );
  }

  /** Empty restriction: no constraint. Otherwise listed directly, via a group or via a team. */
  passesRestriction(subject: Subject, restriction: FixtureRestriction): boolean {
    const { users, groups, teams } = restriction;
    if (users.length === 0 && groups.length === 0 && teams.length === 0) return true;
    switch (subject.kind) {
      case 'anonymous':
        return false;
      case 'app':
        return users.includes(this.fixture.app.accountId);
      case 'group':
        return groups.includes(subject.group.id);
      case 'user': {
        const id = subject.user.accountId;
        if (users.includes(id)) return true;
        const inGroups = this.groupIdsOf(id);
        const inTeams = this.teamIdsOf(id);
        return groups.some((g) => inGroups.has(g)) || teams.some((t) => inTeams.has(t));
      }
    }
  }

  /**
   * View = site access + space view + the read restriction of the node and of every ancestor
   * (an intersection; archived content keeps enforcing its ancestors' restrictions). Drafts are
   * visible to their author only; trashed content to nobody.
   */
  canView(subject: Subject, content: FixtureContent): boolean {
    if (content.status === 'trashed') return false;
    if (content.status === 'draft') {
      if (subject.kind !== 'user' || subject.user.accountId !== this.authorOf(content))
        return false;
    }
    const space = this.spacesById.get(content.spaceId);
    if (!space || !this.canViewSpace(subject, space)) return false;
    if (this.usesAdminKey(subject)) return true;
    if (!this.passesRestriction(subject, content.restrictions.read)) return false;
    return this.ancestors(content).every((a) =>
      this.passesRestriction(subject, a.restrictions.read),
    );
  }

  /**
   * Whether the space permissions allow editing this type of content. In the legacy list "Add"
   * (`create/<type>`) has always meant add and edit; in a role, editing is "Edit content"
   * (`update/<type>`) and "Create content" alone does not allow it. On a transition site both
   * sources count, each with its own meaning.
   */
  private spaceAllowsEdit(subject: Subject, space: FixtureSpace, content: FixtureContent): boolean {
    const held = this.heldOperations(subject, space);
    const type = editTargetType(content);
    return held.has(`update/${type}`) || held.get(`create/${type}`)?.has('legacy') === true;
  }

  /**
   * Edit = view + the space's edit permission for the content type + the node's own update
   * restriction. Update restrictions do not inherit. Nobody edits archived content.
   */
  canEdit(subject: Subject, content: FixtureContent): boolean {
    if (content.status === 'archived') return false;
    if (!this.canView(subject, content)) return false;
    const space = this.spacesById.get(content.spaceId);
    if (!space) return false;
    if (this.usesAdminKey(subject)) return true;
    if (!this.spaceAllowsEdit(subject, space, content)) return false;
    return this.passesRestriction(subject, content.restrictions.update);
  }

  /** Delete (permission check only): view + space delete for the type + own update restriction. */
  canDelete(subject: Subject, content: FixtureContent): boolean {
    if (!this.canView(subject, content)) return false;
    const space = this.spacesById.get(content.spaceId);
    if (!space) return false;
    if (this.usesAdminKey(subject)) return true;
    const op: SpaceOperation = `delete/${editTargetType(content)}`;
    if (!this.spaceOperations(subject, space).has(op)) return false;
    return this.passesRestriction(subject, content.restrictions.update);
  }

  authorOf(content: FixtureContent): string {
    return content.authorId ?? this.fixture.users[0]?.accountId ?? this.fixture.app.accountId;
  }

  isConfluenceAdmin(subject: Subject): boolean {
    return isConfluenceAdmin(subject);
  }
}

/**
 * Blog posts are edited under the blog permissions; pages, folders, whiteboards, databases and
 * Smart Links under the page ones ("Pages, whiteboards, databases, and Smart Links > Add" is one
 * legacy permission, https://support.atlassian.com/confluence-cloud/docs/what-are-confluences-roles/).
 */
function editTargetType(content: FixtureContent): 'page' | 'blogpost' {
  return content.type === 'blogpost' ? 'blogpost' : 'page';
}

function byNumericId(a: { id: string }, b: { id: string }): number {
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
