/**
 * Who can view and edit a page, described without a particular subject: each action's audience is
 * the intersection of a few sets (space grant holders ∩ each restriction), plus the exposures page
 * owners worry about (anonymous visitors, everyone logged in, guests), plus the people who could get
 * in or change access without being in those sets (admins, the admin key, public links).
 *
 * Missing data is never read as "open": a set that could not be read is `Unknown` and every
 * exposure that depends on it is 'unknown'. A set naming a team or an unrecognised principal is
 * named in full and marked uncertain, never shortened.
 */
import { accessClassRule, isKnownAccessClass } from './access-classes';
import { editGrants, editOperations } from './access';
import type { Rule } from './decision';
import type { PersonMarker } from './effective-audience';
import { READ_SPACE, isRestricting, isUnknown, nodeRef, sameOperation } from './model';
import type {
  AccessInput,
  AncestorNode,
  ContentStatus,
  ContentType,
  NodeRef,
  Operation,
  Principal,
  Restriction,
  RoleVia,
  SitePlan,
  SpaceGrant,
  SpaceRef,
  Unknown,
} from './model';
import { hasUnlistedMembers, isAnonymousPrincipal } from './principals';

/** A principal in one set, with the roles it holds there (empty for legacy grants and restrictions). */
export interface AudienceMember {
  readonly principal: Principal;
  readonly via: readonly RoleVia[];
  /**
   * A person's markers (guest, deactivated, …), once their standing was checked (named-people.ts);
   * absent when it was not (a viewer who may not browse people, or past the check's limit).
   */
  readonly markers?: readonly PersonMarker[];
}

/**
 * Why a set may not be exactly who its members say:
 * - `unlisted-members`: it names a team or an unrecognised principal, whose members Access Lens
 *   cannot list;
 * - `archived`: an inherited restriction of archived content, which Confluence may no longer apply
 *   (Atlassian Support, CONFCLOUD-83913).
 */
export type TermUncertainty = 'unlisted-members' | 'archived';

/** One set of the intersection. */
export interface AudienceTerm {
  readonly rule: Exclude<Rule, 'site-access'>;
  readonly ancestor?: NodeRef;
  readonly members: readonly AudienceMember[] | Unknown;
  /** Set for `space-edit-permission`: the permissions any one of which lets people edit. */
  readonly operations?: readonly Operation[];
  /** Absent when the set is exactly its members. */
  readonly uncertain?: readonly TermUncertainty[];
}

/** The audience is the intersection of all terms (and, implicitly, people who can use the site). */
export interface AudienceFormula {
  readonly terms: readonly AudienceTerm[];
}

export type RestrictionState = 'none' | 'restricted' | 'unknown';
export type Exposure = 'yes' | 'no' | 'unknown';

/**
 * Someone outside the formula who could still get in, or change who can. Each entry is one power;
 * the list always holds what applies to every page (space and Confluence admins, public links) and
 * the admin key with what is known about this site's plan.
 */
export type OtherWayIn =
  /** Space admins can change the space's permissions, giving anyone access to the space. */
  | { readonly kind: 'space-admins'; readonly can: 'change-space-permissions' }
  /**
   * Space admins can lift restrictions on any page of their space, even pages they cannot see
   * ("Restricted pages" in space settings); listed when the page or something above it may be
   * restricted.
   */
  | { readonly kind: 'space-admins'; readonly can: 'remove-restrictions' }
  /** Confluence admins can recover the permissions of any space and so give themselves access. */
  | { readonly kind: 'confluence-admins'; readonly can: 'recover-space-permissions' }
  /**
   * On Premium and Enterprise, org and site admins can open restricted content with the admin key
   * (`GET /wiki/api/v2/admin-key`). `applies` follows the plan: 'unknown' when it is not known.
   */
  | {
      readonly kind: 'admin-key';
      readonly can: 'open-restricted-content';
      readonly plan: SitePlan;
      readonly applies: Exposure;
    }
  /**
   * A public link, when the site and space allow them, shows the page to anyone with the link,
   * whatever its restrictions; Confluence's REST API does not say whether one exists.
   */
  | { readonly kind: 'public-links'; readonly can: 'view-without-restrictions' };

export interface Audience {
  /** The page's space and kind, which the audience's sentences name. */
  readonly space: SpaceRef;
  readonly contentType: ContentType;
  readonly view: AudienceFormula;
  readonly edit: AudienceFormula;
  /** 'depends-on-site-setting': the space is open to anonymous but the site switch is unknown. */
  readonly anonymous: Exposure | 'depends-on-site-setting';
  /** Every logged-in (licensed) user can view, through an anonymous grant or an access class. */
  readonly everyoneLoggedIn: Exposure;
  /**
   * 'all': every guest of the site can view (anonymous-enabled space, no restriction);
   * 'some': only guests granted this space (or listed through the restrictions) can;
   * 'none': no grant could reach a guest.
   */
  readonly guests: 'all' | 'some' | 'none' | 'unknown';
  /**
   * The page's effective view restriction: its own or any ancestor's. 'unknown' also when the page
   * is archived and only restrictions above it would restrict it (they may no longer apply).
   */
  readonly viewRestriction: RestrictionState;
  readonly ownViewRestriction: RestrictionState;
  readonly editRestriction: RestrictionState;
  /** Ancestors whose view restriction narrows the audience, root first. */
  readonly restrictingAncestors: readonly NodeRef[];
  /** Ancestors whose view restriction could not be read, root first. */
  readonly uncheckedAncestors: readonly NodeRef[];
  /** The page's status; archived content cannot be edited by anyone. */
  readonly status: ContentStatus;
  /** Who else could get in or change access, always present. */
  readonly othersWhoCanGetIn: readonly OtherWayIn[];
}

export function describeAudience(input: AccessInput): Audience {
  const status = input.page.status ?? 'current';
  const archived = status === 'archived';
  const restrictionTerms = input.ancestors.flatMap((a) => inheritedTerm(a, archived));
  const ownView = restrictionTerm('own-restriction', input.page.read);
  const viewTerms = [
    grantTerm(input.grants, [READ_SPACE], 'space-permission'),
    ...restrictionTerms,
    ...ownView,
  ];
  const editing = editOperations(input.page, input.roleMode);
  const editTerms = [
    ...viewTerms,
    ...(archived ? [ARCHIVED_TERM] : []),
    {
      ...grantTerm(
        isUnknown(input.grants)
          ? input.grants
          : editGrants(input.grants, input.page, input.roleMode),
        // Every grant editGrants kept edits, whatever the site calls the permission.
        editOperations(input.page, 'ROLES_TRANSITION'),
        'space-edit-permission',
      ),
      operations: editing,
    },
    ...restrictionTerm('update-restriction', input.page.update),
  ];
  const nodes = [...input.ancestors, input.page];
  const facts = {
    viewRestriction: combinedState([
      // Archiving may drop inherited restrictions, so those alone cannot be counted on.
      ...input.ancestors.map((a) => uncertainIfArchived(restrictionState(a.read), archived)),
      restrictionState(input.page.read),
    ]),
    ownViewRestriction: restrictionState(input.page.read),
    editRestriction: restrictionState(input.page.update),
    restrictingAncestors: input.ancestors
      .filter((a) => restrictionState(a.read) === 'restricted')
      .map(nodeRef),
    uncheckedAncestors: input.ancestors.filter((a) => isUnknown(a.read)).map(nodeRef),
    status,
  };
  const exposures = {
    anonymous: anonymousExposure(input, facts.viewRestriction),
    everyoneLoggedIn: everyoneLoggedIn(input.grants, facts.viewRestriction),
    guests: guestExposure(input.grants, facts.viewRestriction),
  };
  const others = othersWhoCanGetIn(
    input,
    combinedState(nodes.map((n) => restrictionState(n.read))),
  );
  return {
    space: spaceRef(input.space),
    contentType: input.page.type,
    view: { terms: viewTerms },
    edit: { terms: editTerms },
    ...exposures,
    ...facts,
    othersWhoCanGetIn: others,
  };
}

export function restrictionState(restriction: Restriction): RestrictionState {
  if (isUnknown(restriction)) return 'unknown';
  return isRestricting(restriction) ? 'restricted' : 'none';
}

function uncertainIfArchived(state: RestrictionState, archived: boolean): RestrictionState {
  return archived && state === 'restricted' ? 'unknown' : state;
}

/** One known restriction anywhere makes the page restricted, even if another could not be read. */
function combinedState(states: readonly RestrictionState[]): RestrictionState {
  if (states.includes('restricted')) return 'restricted';
  return states.includes('unknown') ? 'unknown' : 'none';
}

/** Only the identifying fields, even if the caller passed a richer object. */
function spaceRef(space: SpaceRef): SpaceRef {
  const { id, key, name } = space;
  return name === undefined ? { id, key } : { id, key, name };
}

function grantTerm(
  grants: AccessInput['grants'],
  operations: readonly Operation[],
  rule: 'space-permission' | 'space-edit-permission',
): AudienceTerm {
  if (isUnknown(grants)) return { rule, members: grants };
  return withUncertainty({ rule, members: holders(grants, operations) }, []);
}

/** Grant holders of the operations, one entry per principal with all the roles it holds them by. */
function holders(
  grants: readonly SpaceGrant[],
  operations: readonly Operation[],
): AudienceMember[] {
  const byPrincipal = new Map<string, { principal: Principal; via: RoleVia[] }>();
  for (const grant of grants) {
    if (!operations.some((operation) => sameOperation(grant.operation, operation))) continue;
    const key = JSON.stringify(grant.principal);
    const member = byPrincipal.get(key) ?? { principal: grant.principal, via: [] };
    if (grant.via !== undefined && !member.via.some((v) => v.role === grant.via?.role)) {
      member.via.push(grant.via);
    }
    byPrincipal.set(key, member);
  }
  return [...byPrincipal.values()];
}

function inheritedTerm(ancestor: AncestorNode, archived: boolean): AudienceTerm[] {
  return restrictionTerm('inherited-restriction', ancestor.read).map((term) =>
    withUncertainty({ ...term, ancestor: nodeRef(ancestor) }, archived ? ['archived'] : []),
  );
}

/** Nobody gets through: archived content cannot be edited until it is restored. */
const ARCHIVED_TERM: AudienceTerm = { rule: 'content-status', members: [] };

/** Empty restrictions constrain nothing, so they are not part of the intersection. */
function restrictionTerm(
  rule: 'inherited-restriction' | 'own-restriction' | 'update-restriction',
  restriction: Restriction,
): AudienceTerm[] {
  if (isUnknown(restriction)) return [{ rule, members: restriction }];
  if (!isRestricting(restriction)) return [];
  const members: AudienceMember[] = [
    ...restriction.users.map((u) => ({ principal: { kind: 'user' as const, ...u }, via: [] })),
    ...restriction.groups.map((g) => ({ principal: { kind: 'group' as const, ...g }, via: [] })),
    ...(restriction.teams ?? []).map((t) => ({
      principal: { kind: 'team' as const, ...t },
      via: [],
    })),
  ];
  return [withUncertainty({ rule, members }, [])];
}

/** Adds `uncertain` only when there is something to say, so exact sets keep their plain shape. */
function withUncertainty(term: AudienceTerm, extra: readonly TermUncertainty[]): AudienceTerm {
  const unlisted =
    !isUnknown(term.members) && term.members.some((m) => hasUnlistedMembers(m.principal));
  const uncertain: TermUncertainty[] = [
    ...(term.uncertain ?? []),
    ...(unlisted ? (['unlisted-members'] as const) : []),
    ...extra,
  ];
  const unique = [...new Set(uncertain)];
  return unique.length === 0 ? term : { ...term, uncertain: unique };
}

function readGrants(grants: readonly SpaceGrant[]): SpaceGrant[] {
  return grants.filter((g) => sameOperation(g.operation, READ_SPACE));
}

function anonymousExposure(input: AccessInput, view: RestrictionState): Audience['anonymous'] {
  if (isUnknown(input.grants)) return 'unknown';
  if (!readGrants(input.grants).some((g) => isAnonymousPrincipal(g.principal))) return 'no';
  if (view === 'restricted' || input.site.anonymousAccess === 'off') return 'no';
  if (view === 'unknown') return 'unknown';
  return input.site.anonymousAccess === 'on' ? 'yes' : 'depends-on-site-setting';
}

/**
 * A principal that might stand for every logged-in user although Access Lens cannot tell: an
 * access class it does not know, or a principal type it does not recognise (a team never is).
 */
function mightBeEveryone(principal: Principal): boolean {
  if (isAnonymousPrincipal(principal)) return false;
  if (principal.kind === 'other') return true;
  return principal.kind === 'access-class' && !isKnownAccessClass(principal.accessClass);
}

/** An anonymous grant reaches every logged-in user even when the site keeps visitors out. */
function everyoneLoggedIn(grants: AccessInput['grants'], view: RestrictionState): Exposure {
  if (isUnknown(grants)) return 'unknown';
  const read = readGrants(grants);
  const broad = read.some(
    (g) =>
      isAnonymousPrincipal(g.principal) ||
      (g.principal.kind === 'access-class' &&
        accessClassRule(g.principal.accessClass).everyoneLoggedIn),
  );
  if (view === 'restricted') return 'no';
  if (broad) return view === 'unknown' ? 'unknown' : 'yes';
  return read.some((g) => mightBeEveryone(g.principal)) ? 'unknown' : 'no';
}

function guestExposure(grants: AccessInput['grants'], view: RestrictionState): Audience['guests'] {
  if (isUnknown(grants)) return 'unknown';
  const read = readGrants(grants);
  const anonymous = read.some((g) => isAnonymousPrincipal(g.principal));
  if (anonymous && view === 'none') return 'all';
  if (anonymous && view === 'unknown') return 'unknown';
  // Guests hold only their own (user) grants and what anonymous visitors get: a group grant
  // never reaches them ("What can guests see and do", support.atlassian.com).
  const canReachGuest = anonymous || read.some((g) => g.principal.kind === 'user');
  if (canReachGuest) return 'some';
  // Whether a guest can be in a team, or in an unrecognised principal, is not documented.
  return read.some((g) => hasUnlistedMembers(g.principal)) ? 'unknown' : 'none';
}

function othersWhoCanGetIn(input: AccessInput, restrictions: RestrictionState): OtherWayIn[] {
  const restricted = restrictions !== 'none' || restrictionState(input.page.update) !== 'none';
  const plan = input.site.plan ?? 'unknown';
  return [
    { kind: 'space-admins', can: 'change-space-permissions' },
    ...(restricted ? [{ kind: 'space-admins', can: 'remove-restrictions' } as const] : []),
    { kind: 'confluence-admins', can: 'recover-space-permissions' },
    { kind: 'admin-key', can: 'open-restricted-content', plan, applies: adminKeyApplies(plan) },
    { kind: 'public-links', can: 'view-without-restrictions' },
  ];
}

/** The admin key exists on Premium and Enterprise only. */
function adminKeyApplies(plan: SitePlan): Exposure {
  switch (plan) {
    case 'premium':
    case 'enterprise':
      return 'yes';
    case 'free':
    case 'standard':
      return 'no';
    case 'unknown':
      return 'unknown';
  }
}
