/**
 * The engine's vocabulary: plain, JSON-serialisable data that the Confluence client, the audit job,
 * the CLI and the tests build, and that the engine reads. Nothing here knows where the data came
 * from (REST, the simulator, a fixture), so one engine serves all of them.
 */

/** Confluence admits a group by id; names are for people and may be missing. */
export interface GroupRef {
  readonly groupId: string;
  readonly name?: string;
}

export interface UserRef {
  readonly accountId: string;
  readonly displayName?: string;
}

/**
 * An Atlassian team (teams can hold space roles and sit on restrictions). Its members cannot be
 * listed through any API the app may call, so a team is named, never expanded: a verdict that
 * only a team could decide is "could not be checked". `verified` when Confluence says so.
 */
export interface TeamRef {
  readonly teamId: string;
  readonly name?: string;
  readonly verified?: boolean;
}

/** The access-class table lives in access-classes.ts; re-exported for the model's readers. */
export { KNOWN_ACCESS_CLASSES } from './access-classes';
export type { KnownAccessClass } from './access-classes';

/** Who a space grant or a role assignment is given to. */
export type Principal =
  | ({ readonly kind: 'user' } & UserRef)
  | ({ readonly kind: 'group' } & GroupRef)
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'access-class'; readonly accessClass: string }
  | ({ readonly kind: 'team' } & TeamRef)
  /**
   * A principal type the client did not recognise (e.g. legacy `{type: 'role', id: 'ANONYMOUS'}`
   * when not normalised). Kept so it can be reported; id `ANONYMOUS` is still treated as anonymous
   * because the legacy permission list names anonymous by that id, whatever the type.
   */
  | { readonly kind: 'other'; readonly type: string; readonly id: string };

/** A space permission such as `read/space` or `create/page`, as the v2 API names it. */
export interface Operation {
  readonly key: string;
  readonly targetType: string;
}

/** How a grant was obtained, when it did not come from the legacy permission list. */
export interface RoleVia {
  readonly role: string;
  readonly roleId?: string;
}

/**
 * One permission held by one principal in the space. Role assignments are expanded by the
 * client into one grant per permission of the role, with `via` naming the role, so the engine
 * evaluates both models the same way and reasons can say "Collaborator, through group X".
 */
export interface SpaceGrant {
  readonly principal: Principal;
  readonly operation: Operation;
  readonly via?: RoleVia;
}

/**
 * Data that could not be read. The cause drives wording: content the app's own identity cannot see
 * must be reported as "not inspectable by the app", never as open: the app's identity is blocked by
 * restrictions that do not list it, which says nothing about anyone else.
 */
export type UnknownCause = 'hidden-from-app' | 'hidden-from-viewer' | 'read-failed';
export interface Unknown {
  readonly unknown: UnknownCause;
}

/** Users, groups and teams listed on a restriction. All empty means no restriction at all. */
export interface RestrictionList {
  readonly users: readonly UserRef[];
  readonly groups: readonly GroupRef[];
  /** Absent means none. */
  readonly teams?: readonly TeamRef[];
}
export type Restriction = RestrictionList | Unknown;

/**
 * The macro sits on pages and blog posts; folders, whiteboards, databases and embeds (smart
 * links) can be ancestors and carry view restrictions of their own.
 */
export type ContentType =
  'page' | 'blogpost' | 'folder' | 'whiteboard' | 'database' | 'embed' | 'other';

/** Archived content cannot be edited, and may have lost its inherited restrictions. */
export type ContentStatus = 'current' | 'archived' | 'draft' | 'other';

/** Where a reason comes from: the page itself or one of its ancestors. */
export interface NodeRef {
  readonly id: string;
  readonly type: ContentType;
  readonly title?: string;
}

/** Ancestors only matter through their view restriction: edit restrictions do not inherit. */
export interface AncestorNode extends NodeRef {
  readonly read: Restriction;
}

export interface PageNode extends AncestorNode {
  readonly update: Restriction;
  /** Absent means current. */
  readonly status?: ContentStatus;
}

export interface SpaceRef {
  readonly id: string;
  readonly key: string;
  readonly name?: string;
  /** v2 `Space.type` (`global`, `personal`, …) when the reader listed it; the audit's rules read it. */
  readonly type?: string;
}

/** Confluence does not expose the site's anonymous-access switch over REST, hence 'unknown'. */
export type AnonymousAccessSetting = 'on' | 'off' | 'unknown';

/** Which model grants space access (`GET /space-role-mode`); absent means `PRE_ROLES`. */
export type SpaceRoleMode = 'PRE_ROLES' | 'ROLES_TRANSITION' | 'ROLES';

/** The Confluence plan decides who holds the admin key; REST does not say it, hence 'unknown'. */
export type SitePlan = 'free' | 'standard' | 'premium' | 'enterprise' | 'unknown';

export interface SiteSettings {
  readonly anonymousAccess: AnonymousAccessSetting;
  /** Absent means 'unknown'. */
  readonly plan?: SitePlan;
}

/** Everything the engine needs about one page. Ancestors are ordered root first. */
export interface AccessInput {
  readonly site: SiteSettings;
  readonly space: SpaceRef;
  /** `Unknown` when the space permissions could not be read (e.g. the reader lacks space view). */
  readonly grants: readonly SpaceGrant[] | Unknown;
  readonly page: PageNode;
  readonly ancestors: readonly AncestorNode[];
  readonly labels?: readonly string[];
  /** Decides which space permission editing needs; absent means `PRE_ROLES`. */
  readonly roleMode?: SpaceRoleMode;
}

/**
 * Whose access is being checked.
 * - `user`: a real account with its groups. `active` (false: deactivated, i.e. v2 `accountStatus`
 *   `inactive` or `closed`; nothing else means deactivated) and `productAccess` (false: logged in
 *   but may not use Confluence, e.g. a Jira-only user) default to true, `isGuest` and
 *   `isProductAdmin` to false. A service-desk customer (`accountType: 'customer'`) never has
 *   product access, whatever `productAccess` says. Team memberships are never known.
 * - `anonymous`: a visitor who is not logged in.
 * - `group`: a typical member of this group who holds nothing else: an active, licensed, non-guest
 *   user whose only group is this one. They still get what every logged-in user gets.
 */
export type Subject =
  | ({
      readonly kind: 'user';
      readonly groups: readonly GroupRef[];
      readonly isGuest?: boolean;
      readonly active?: boolean;
      readonly productAccess?: boolean;
      /** `customer` for service-desk customers, who never have Confluence product access. */
      readonly accountType?: string;
      readonly isProductAdmin?: boolean;
    } & UserRef)
  | { readonly kind: 'anonymous' }
  | ({ readonly kind: 'group' } & GroupRef);

export const READ_SPACE: Operation = { key: 'read', targetType: 'space' };
export const CREATE_PAGE: Operation = { key: 'create', targetType: 'page' };
export const CREATE_BLOGPOST: Operation = { key: 'create', targetType: 'blogpost' };
/** The roles model's "Edit content", separate from "Create content" (`create/*`). */
export const UPDATE_PAGE: Operation = { key: 'update', targetType: 'page' };
export const UPDATE_BLOGPOST: Operation = { key: 'update', targetType: 'blogpost' };

/** Legacy space permissions name anonymous with this principal id. */
export const ANONYMOUS_PRINCIPAL_ID = 'ANONYMOUS';

export function isUnknown(value: object): value is Unknown {
  return 'unknown' in value;
}

export function isRestricting(restriction: RestrictionList): boolean {
  return (
    restriction.users.length > 0 ||
    restriction.groups.length > 0 ||
    (restriction.teams?.length ?? 0) > 0
  );
}

/** Only the identifying fields, even if the caller passed a richer object (e.g. a whole page). */
export function nodeRef(node: NodeRef): NodeRef {
  const { id, type, title } = node;
  return title === undefined ? { id, type } : { id, type, title };
}

export function sameOperation(a: Operation, b: Operation): boolean {
  return a.key === b.key && a.targetType === b.targetType;
}
