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
import { editAction, editGrants, editOperations } from './access';
import type { Rule } from './decision';
import {
  KNOWN_ACCESS_CLASSES,
  READ_SPACE,
  isRestricting,
  isUnknown,
  nodeRef,
  sameOperation,
} from './model';
import type {
  AccessInput,
  AncestorNode,
  ContentStatus,
  NodeRef,
  Operation,
  Principal,
  Restriction,
  RoleVia,
  SitePlan,
  SpaceGrant,
  Unknown,
} from './model';
import { hasUnlistedMembers, isAnonymousPrincipal } from './principals';
import { joinAnd, nodeName, plural, spaceName, typeWord } from './wording';

/** A principal in one set, with the roles it holds there (empty for legacy grants and restrictions). */
export interface AudienceMember {
  readonly principal: Principal;
  readonly via: readonly RoleVia[];
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
  /** Short label of the set, e.g. "people allowed by the folder "Drafts"". */
  readonly label: string;
  /** Set for `space-edit-permission`: the permissions any one of which lets people edit. */
  readonly operations?: readonly Operation[];
  /** Absent when the set is exactly its members. */
  readonly uncertain?: readonly TermUncertainty[];
}

/** The audience is the intersection of all terms (and, implicitly, people who can use the site). */
export interface AudienceFormula {
  readonly terms: readonly AudienceTerm[];
  /** "view = A ∩ B ∩ C" in words. */
  readonly formula: string;
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
  /** `othersWhoCanGetIn` in one sentence ("Also: …"), to show on its own line. */
  readonly othersSummary: string;
  /** Who can view and edit in a few sentences, ending with `othersSummary`. */
  readonly summary: string;
}

export function describeAudience(input: AccessInput): Audience {
  const space = `the space ${spaceName(input.space)}`;
  const status = input.page.status ?? 'current';
  const archived = status === 'archived';
  const restrictionTerms = input.ancestors.flatMap((a) => inheritedTerm(a, archived));
  const ownView = restrictionTerm(
    'own-restriction',
    input.page.read,
    "this page's view restriction",
  );
  const viewTerms = [
    grantTerm(input.grants, [READ_SPACE], 'space-permission', `people who can view ${space}`),
    ...restrictionTerms,
    ...ownView,
  ];
  const editing = editOperations(input.page, input.roleMode);
  const editTerms = [
    ...viewTerms,
    ...(archived ? [archivedTerm(input)] : []),
    {
      ...grantTerm(
        isUnknown(input.grants)
          ? input.grants
          : editGrants(input.grants, input.page, input.roleMode),
        // Every grant editGrants kept edits, whatever the site calls the permission.
        editOperations(input.page, 'ROLES_TRANSITION'),
        'space-edit-permission',
        `people who can ${editAction(input.page, input.roleMode, false)} in ${space}`,
      ),
      operations: editing,
    },
    ...restrictionTerm('update-restriction', input.page.update, "this page's edit restriction"),
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
  const othersSummary = othersSentence(others);
  return {
    view: formula('view', viewTerms),
    edit: formula('edit', editTerms),
    ...exposures,
    ...facts,
    othersWhoCanGetIn: others,
    othersSummary,
    summary: summarise(input, { ...facts, ...exposures }, othersSummary),
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

function formula(action: string, terms: readonly AudienceTerm[]): AudienceFormula {
  return { terms, formula: `${action} = ${terms.map((t) => t.label).join(' ∩ ')}` };
}

function grantTerm(
  grants: AccessInput['grants'],
  operations: readonly Operation[],
  rule: 'space-permission' | 'space-edit-permission',
  label: string,
): AudienceTerm {
  if (isUnknown(grants)) return { rule, members: grants, label };
  return withUncertainty({ rule, members: holders(grants, operations), label }, []);
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
  return restrictionTerm(
    'inherited-restriction',
    ancestor.read,
    `people allowed by ${nodeName(ancestor)}`,
  ).map((term) =>
    withUncertainty({ ...term, ancestor: nodeRef(ancestor) }, archived ? ['archived'] : []),
  );
}

/** Nobody gets through: archived content cannot be edited until it is restored. */
function archivedTerm(input: AccessInput): AudienceTerm {
  return {
    rule: 'content-status',
    members: [],
    label: `nobody while this ${typeWord(input.page.type)} is archived`,
  };
}

/** Empty restrictions constrain nothing, so they are not part of the intersection. */
function restrictionTerm(
  rule: 'inherited-restriction' | 'own-restriction' | 'update-restriction',
  restriction: Restriction,
  label: string,
): AudienceTerm[] {
  if (isUnknown(restriction)) return [{ rule, members: restriction, label }];
  if (!isRestricting(restriction)) return [];
  const members: AudienceMember[] = [
    ...restriction.users.map((u) => ({ principal: { kind: 'user' as const, ...u }, via: [] })),
    ...restriction.groups.map((g) => ({ principal: { kind: 'group' as const, ...g }, via: [] })),
    ...(restriction.teams ?? []).map((t) => ({
      principal: { kind: 'team' as const, ...t },
      via: [],
    })),
  ];
  return [withUncertainty({ rule, members, label }, [])];
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
  return (
    principal.kind === 'access-class' &&
    !(KNOWN_ACCESS_CLASSES as readonly string[]).includes(principal.accessClass)
  );
}

/** An anonymous grant reaches every logged-in user even when the site keeps visitors out. */
function everyoneLoggedIn(grants: AccessInput['grants'], view: RestrictionState): Exposure {
  if (isUnknown(grants)) return 'unknown';
  const read = readGrants(grants);
  const broad = read.some(
    (g) =>
      isAnonymousPrincipal(g.principal) ||
      (g.principal.kind === 'access-class' &&
        ['authenticated-users', 'all-licensed-users'].includes(g.principal.accessClass)),
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

const PLAN_NAMES: Readonly<Record<SitePlan, string>> = {
  free: 'Free',
  standard: 'Standard',
  premium: 'Premium',
  enterprise: 'Enterprise',
  unknown: 'unknown',
};

/** Only what applies: the admin key is left out on plans that do not have it. */
function othersSentence(others: readonly OtherWayIn[]): string {
  const spaceAdmins = others.flatMap((other) => {
    if (other.kind !== 'space-admins') return [];
    return other.can === 'change-space-permissions'
      ? ['give anyone access to the space']
      : ['remove these restrictions'];
  });
  const parts: string[] = [];
  if (spaceAdmins.length > 0) parts.push(`space admins can ${joinAnd(spaceAdmins)}`);
  for (const other of others) {
    switch (other.kind) {
      case 'space-admins':
        break;
      case 'confluence-admins':
        parts.push("Confluence admins can recover the space's permissions");
        break;
      case 'admin-key':
        if (other.applies === 'yes') {
          parts.push(
            `org and site admins can open it with the admin key (this site is on ${PLAN_NAMES[other.plan]})`,
          );
        }
        if (other.applies === 'unknown') {
          parts.push(
            "on Premium and Enterprise, org and site admins can open it with the admin key (this site's plan is unknown)",
          );
        }
        break;
      case 'public-links':
        parts.push('a public link, if enabled, shows it to anyone who has the link');
        break;
    }
  }
  return `Also: ${parts.join('; ')}.`;
}

type SummaryFacts = Omit<
  Audience,
  'view' | 'edit' | 'summary' | 'othersWhoCanGetIn' | 'othersSummary'
>;

function summarise(input: AccessInput, facts: SummaryFacts, others: string): string {
  return [
    viewSentence(input, facts),
    editSentence(input, facts),
    ...exposureSentences(facts),
    others,
  ].join(' ');
}

function viewSentence(input: AccessInput, facts: SummaryFacts): string {
  const space = `the space ${spaceName(input.space)}`;
  const archived = facts.status === 'archived';
  const above = facts.restrictingAncestors;
  if (isUnknown(input.grants)) {
    return `The permissions of ${space} could not be read, so Access Lens cannot say who can view this page.`;
  }
  if (archived && above.length > 0 && facts.ownViewRestriction !== 'restricted') {
    return `This page is archived, and Confluence may no longer apply the restrictions above it to archived pages (CONFCLOUD-83913), so Access Lens cannot say who can view it.`;
  }
  if (facts.viewRestriction === 'unknown') {
    return `Some restrictions above this page could not be checked, so Access Lens cannot say who can view it.`;
  }
  if (facts.viewRestriction === 'none') return `Everyone who can view ${space} can view this page.`;
  const places: string[] = [];
  if (facts.ownViewRestriction === 'restricted') places.push('this page');
  if (above.length === 1 && above[0] !== undefined) places.push(nodeName(above[0]));
  if (above.length > 1) places.push(plural(above.length, 'item', 'items') + ' above it');
  const caveats: string[] = [];
  if (facts.uncheckedAncestors.length > 0) {
    caveats.push('some restrictions above it could not be checked');
  }
  if (archived && above.length > 0) {
    caveats.push('it is archived, so the restrictions above it may no longer apply');
  }
  const note = caveats.length > 0 ? ` (${caveats.join('; ')})` : '';
  return `Only people who can view ${space} and are allowed by the restrictions on ${joinAnd(places)} can view this page${note}.`;
}

function editSentence(input: AccessInput, facts: SummaryFacts): string {
  if (facts.status === 'archived') {
    return 'It is archived, so nobody can edit it until it is restored.';
  }
  const action = editAction(input.page, input.roleMode, false);
  switch (facts.editRestriction) {
    case 'none':
      return `Everyone who can view it and ${action} in the space can edit it.`;
    case 'restricted':
      return `Editing is limited to the people on its edit restriction who can also view it and ${action} in the space.`;
    case 'unknown':
      return 'Its edit restriction could not be checked.';
  }
}

function exposureSentences(facts: SummaryFacts): string[] {
  const sentences: string[] = [];
  if (facts.anonymous === 'yes') sentences.push('Anonymous visitors can view it.');
  if (facts.anonymous === 'depends-on-site-setting') {
    sentences.push(
      'Anonymous visitors can view it if the site allows anonymous access (Access Lens cannot read that setting).',
    );
  }
  if (facts.anonymous === 'unknown')
    sentences.push('Whether anonymous visitors can view it could not be checked.');
  if (facts.everyoneLoggedIn === 'yes')
    sentences.push('Every logged-in user of the site can view it.');
  if (facts.guests === 'all') sentences.push('Every guest of the site can view it too.');
  return sentences;
}
