/**
 * Who can view and edit a page, described without a particular subject: each action's audience is
 * the intersection of a few sets (space grant holders ∩ each restriction), plus the exposures page
 * owners worry about (anonymous visitors, everyone logged in, guests).
 *
 * Missing data is never read as "open": a set that could not be read is `Unknown` and every
 * exposure that depends on it is 'unknown'.
 */
import { editOperation } from './access';
import type { Rule } from './decision';
import { READ_SPACE, isRestricting, isUnknown, nodeRef, sameOperation } from './model';
import type {
  AccessInput,
  AncestorNode,
  NodeRef,
  Operation,
  Principal,
  Restriction,
  RoleVia,
  SpaceGrant,
  Unknown,
} from './model';
import { isAnonymousPrincipal } from './principals';
import { joinAnd, nodeName, plural, spaceName } from './wording';

/** A principal in one set, with the roles it holds there (empty for legacy grants and restrictions). */
export interface AudienceMember {
  readonly principal: Principal;
  readonly via: readonly RoleVia[];
}

/** One set of the intersection. */
export interface AudienceTerm {
  readonly rule: Exclude<Rule, 'site-access'>;
  readonly ancestor?: NodeRef;
  readonly members: readonly AudienceMember[] | Unknown;
  /** Short label of the set, e.g. "people allowed by the folder "Drafts"". */
  readonly label: string;
}

/** The audience is the intersection of all terms (and, implicitly, people who can use the site). */
export interface AudienceFormula {
  readonly terms: readonly AudienceTerm[];
  /** "view = A ∩ B ∩ C" in words. */
  readonly formula: string;
}

export type RestrictionState = 'none' | 'restricted' | 'unknown';
export type Exposure = 'yes' | 'no' | 'unknown';

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
  /** The page's effective view restriction: its own or any ancestor's. */
  readonly viewRestriction: RestrictionState;
  readonly ownViewRestriction: RestrictionState;
  readonly editRestriction: RestrictionState;
  /** Ancestors whose view restriction narrows the audience, root first. */
  readonly restrictingAncestors: readonly NodeRef[];
  /** Ancestors whose view restriction could not be read, root first. */
  readonly uncheckedAncestors: readonly NodeRef[];
  readonly summary: string;
}

export function describeAudience(input: AccessInput): Audience {
  const space = `the space ${spaceName(input.space)}`;
  const restrictionTerms = input.ancestors.flatMap(inheritedTerm);
  const ownView = restrictionTerm(
    'own-restriction',
    input.page.read,
    "this page's view restriction",
  );
  const viewTerms = [
    grantTerm(input.grants, READ_SPACE, 'space-permission', `people who can view ${space}`),
    ...restrictionTerms,
    ...ownView,
  ];
  const editTerms = [
    ...viewTerms,
    grantTerm(
      input.grants,
      editOperation(input.page),
      'space-edit-permission',
      `people who can ${input.page.type === 'blogpost' ? 'add blog posts' : 'add pages'} in ${space}`,
    ),
    ...restrictionTerm('update-restriction', input.page.update, "this page's edit restriction"),
  ];
  const nodes = [...input.ancestors, input.page];
  const facts = {
    viewRestriction: combinedState(nodes.map((node) => node.read)),
    ownViewRestriction: restrictionState(input.page.read),
    editRestriction: restrictionState(input.page.update),
    restrictingAncestors: input.ancestors
      .filter((a) => restrictionState(a.read) === 'restricted')
      .map(nodeRef),
    uncheckedAncestors: input.ancestors.filter((a) => isUnknown(a.read)).map(nodeRef),
  };
  const exposures = {
    anonymous: anonymousExposure(input, facts.viewRestriction),
    everyoneLoggedIn: everyoneLoggedIn(input.grants, facts.viewRestriction),
    guests: guestExposure(input.grants, facts.viewRestriction),
  };
  return {
    view: formula('view', viewTerms),
    edit: formula('edit', editTerms),
    ...exposures,
    ...facts,
    summary: summarise(input, { ...facts, ...exposures }),
  };
}

export function restrictionState(restriction: Restriction): RestrictionState {
  if (isUnknown(restriction)) return 'unknown';
  return isRestricting(restriction) ? 'restricted' : 'none';
}

/** One known restriction anywhere makes the page restricted, even if another could not be read. */
function combinedState(restrictions: readonly Restriction[]): RestrictionState {
  const states = restrictions.map(restrictionState);
  if (states.includes('restricted')) return 'restricted';
  return states.includes('unknown') ? 'unknown' : 'none';
}

function formula(action: string, terms: readonly AudienceTerm[]): AudienceFormula {
  return { terms, formula: `${action} = ${terms.map((t) => t.label).join(' ∩ ')}` };
}

function grantTerm(
  grants: AccessInput['grants'],
  operation: Operation,
  rule: 'space-permission' | 'space-edit-permission',
  label: string,
): AudienceTerm {
  if (isUnknown(grants)) return { rule, members: grants, label };
  return { rule, members: holders(grants, operation), label };
}

/** Grant holders of one operation, one entry per principal with all the roles it holds it by. */
function holders(grants: readonly SpaceGrant[], operation: Operation): AudienceMember[] {
  const byPrincipal = new Map<string, { principal: Principal; via: RoleVia[] }>();
  for (const grant of grants) {
    if (!sameOperation(grant.operation, operation)) continue;
    const key = JSON.stringify(grant.principal);
    const member = byPrincipal.get(key) ?? { principal: grant.principal, via: [] };
    if (grant.via !== undefined && !member.via.some((v) => v.role === grant.via?.role)) {
      member.via.push(grant.via);
    }
    byPrincipal.set(key, member);
  }
  return [...byPrincipal.values()];
}

function inheritedTerm(ancestor: AncestorNode): AudienceTerm[] {
  return restrictionTerm(
    'inherited-restriction',
    ancestor.read,
    `people allowed by ${nodeName(ancestor)}`,
  ).map((term) => ({ ...term, ancestor: nodeRef(ancestor) }));
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
  ];
  return [{ rule, members, label }];
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

/** An anonymous grant reaches every logged-in user even when the site keeps visitors out (§3). */
function everyoneLoggedIn(grants: AccessInput['grants'], view: RestrictionState): Exposure {
  if (isUnknown(grants)) return 'unknown';
  const broad = readGrants(grants).some(
    (g) =>
      isAnonymousPrincipal(g.principal) ||
      (g.principal.kind === 'access-class' &&
        ['authenticated-users', 'all-licensed-users'].includes(g.principal.accessClass)),
  );
  if (!broad || view === 'restricted') return 'no';
  return view === 'unknown' ? 'unknown' : 'yes';
}

function guestExposure(grants: AccessInput['grants'], view: RestrictionState): Audience['guests'] {
  if (isUnknown(grants)) return 'unknown';
  const read = readGrants(grants);
  const anonymous = read.some((g) => isAnonymousPrincipal(g.principal));
  if (anonymous && view === 'none') return 'all';
  if (anonymous && view === 'unknown') return 'unknown';
  // Guests hold only their own (user) grants and what anonymous visitors get: a group grant
  // never reaches them (DESIGN.md §3).
  const canReachGuest = anonymous || read.some((g) => g.principal.kind === 'user');
  return canReachGuest ? 'some' : 'none';
}

type SummaryFacts = Omit<Audience, 'view' | 'edit' | 'summary'>;

function summarise(input: AccessInput, facts: SummaryFacts): string {
  return [viewSentence(input, facts), editSentence(facts), ...exposureSentences(facts)].join(' ');
}

function viewSentence(input: AccessInput, facts: SummaryFacts): string {
  const space = `the space ${spaceName(input.space)}`;
  if (isUnknown(input.grants)) {
    return `The permissions of ${space} could not be read, so Access Lens cannot say who can view this page.`;
  }
  if (facts.viewRestriction === 'unknown') {
    return `Some restrictions above this page could not be checked, so Access Lens cannot say who can view it.`;
  }
  if (facts.viewRestriction === 'none') return `Everyone who can view ${space} can view this page.`;
  const places: string[] = [];
  if (facts.ownViewRestriction === 'restricted') places.push('this page');
  const above = facts.restrictingAncestors;
  if (above.length === 1 && above[0] !== undefined) places.push(nodeName(above[0]));
  if (above.length > 1) places.push(plural(above.length, 'item', 'items') + ' above it');
  const unchecked =
    facts.uncheckedAncestors.length > 0 ? ' (some restrictions above it could not be checked)' : '';
  return `Only people who can view ${space} and are allowed by the restrictions on ${joinAnd(places)} can view this page${unchecked}.`;
}

function editSentence(facts: SummaryFacts): string {
  switch (facts.editRestriction) {
    case 'none':
      return 'Everyone who can view it and add pages in the space can edit it.';
    case 'restricted':
      return 'Editing is limited to the people on its edit restriction who can also view it and add pages in the space.';
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
