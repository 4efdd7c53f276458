/**
 * The effective audience: the people who pass every layer of a page for one action, as a count
 * and a list — the answer to "who can view this page?" that Confluence Cloud itself never lists.
 *
 * Computed smallest layer first (docs/ARCHITECTURE.md, "The effective audience"): the layer with
 * the fewest possible members is the seed; only its groups are expanded, and each candidate is
 * then tested against every layer by the engine itself (`evaluateAccess`), so the audience and
 * the per-person verdicts cannot disagree. Access only grows with more groups (grants and
 * restrictions are unions, there is no deny), so a candidate allowed with the groups known so far
 * is allowed; only a candidate not yet allowed needs their full list of groups.
 *
 * Pure: `effectiveAudience` answers either the audience or the reads it still needs; the loader
 * makes those reads and asks again.
 */
import { evaluateAccess } from './access';
import { describeAudience } from './audience';
import type { AudienceMember } from './audience';
import { isUnknown } from './model';
import type { AccessInput, GroupRef, Subject } from './model';
import type { Decision, Layer } from './decision';

export type AudienceAction = 'view' | 'edit';

/**
 * What marks a person wherever they appear: guests, deactivated accounts, accounts without
 * Confluence product access, service-desk customers, and apps (such as Access Lens itself).
 */
export type PersonMarker = 'guest' | 'deactivated' | 'no-product-access' | 'customer' | 'app';

/** What Confluence said about one account. Absent fields are not known. */
export interface PersonFacts {
  readonly accountId: string;
  readonly displayName?: string;
  readonly isGuest?: boolean;
  readonly active?: boolean;
  readonly productAccess?: boolean;
  readonly accountType?: string;
  readonly isProductAdmin?: boolean;
}

/** What has been read so far; each read adds to it. */
export interface AudienceKnowledge {
  /** Member counts as Confluence reports them. */
  readonly groupSizes: ReadonlyMap<string, number>;
  /** Every member of an expanded group. */
  readonly groupMembers: ReadonlyMap<string, readonly string[]>;
  /** Accounts whose standing (guest, active, product access) has been read. */
  readonly people: ReadonlyMap<string, PersonFacts>;
  /** Accounts whose full list of groups has been read. */
  readonly personGroups: ReadonlyMap<string, readonly GroupRef[]>;
}

export const NO_KNOWLEDGE: AudienceKnowledge = {
  groupSizes: new Map(),
  groupMembers: new Map(),
  people: new Map(),
  personGroups: new Map(),
};

/** The reads still needed before the audience can be told. */
export interface AudienceReads {
  readonly sizeOfGroups: readonly string[];
  readonly membersOfGroups: readonly string[];
  readonly standingOf: readonly string[];
  readonly groupsOf: readonly string[];
}

/** One layer a person passes, and how. */
export interface AudienceRoute {
  readonly rule: Layer['rule'];
  readonly ancestorId?: string;
  readonly through: Layer['through'];
}

export interface AudiencePerson {
  readonly accountId: string;
  readonly displayName: string;
  readonly markers: readonly PersonMarker[];
  /** How they get through each layer. */
  readonly routes: readonly AudienceRoute[];
}

/** "Every member of this group who can use Confluence", told by its size instead of a list. */
export interface AudienceGroup {
  readonly groupId: string;
  readonly name?: string;
  readonly size?: number;
}

/**
 * Everyone of a kind, which no list could hold: `licensed` (every account with Confluence
 * access), `logged-in` (every account, even without Confluence access), `guests` (every guest).
 */
export type AudienceClass = 'licensed' | 'logged-in' | 'guests';

export interface EffectiveAudience {
  /** People listed plus the sizes of the groups told by size (groups may overlap: at most). */
  readonly count: number;
  /** False when some part could not be checked: then more people than these may get in. */
  readonly complete: boolean;
  readonly people: readonly AudiencePerson[];
  readonly groups: readonly AudienceGroup[];
  readonly everyone: readonly AudienceClass[];
  /** Anonymous visitors pass every layer. */
  readonly anonymous: boolean;
  /** Why `complete` is false, as codes. */
  readonly incompleteBecause?: readonly IncompleteCause[];
}

/**
 * - `unreadable`: a layer's list could not be read;
 * - `unlisted-members`: a team or unrecognised principal may let people in;
 * - `too-many`: more candidates than the budget allows were left unchecked;
 * - `members-hidden`: Confluence would not list a group's members to this reader;
 * - `unchecked`: the engine could not decide for some candidate.
 */
export type IncompleteCause =
  'unreadable' | 'unlisted-members' | 'too-many' | 'members-hidden' | 'unchecked';

export interface AudienceLimits {
  /** A seed with at most this many people is listed; a larger one is told group by group. */
  readonly listUpTo: number;
  /** At most this many people get their full groups read (one call each). */
  readonly groupLookups: number;
  /** At most this many groups get their size read. */
  readonly sizeLookups: number;
}

/** Keeps a cold view's extra cost to a few dozen points (2 points per user or group object). */
export const DEFAULT_AUDIENCE_LIMITS: AudienceLimits = {
  listUpTo: 50,
  groupLookups: 25,
  sizeLookups: 10,
};

export type AudienceStep =
  | { readonly done: true; readonly audience: EffectiveAudience }
  | { readonly done: false; readonly needs: AudienceReads };

/** Groups whose members Confluence would not list to this reader: told, not retried. */
export interface AudienceOptions {
  readonly hiddenGroups?: ReadonlySet<string>;
  readonly limits?: AudienceLimits;
}

export function effectiveAudience(
  input: AccessInput,
  action: AudienceAction,
  known: AudienceKnowledge,
  options: AudienceOptions = {},
): AudienceStep {
  const limits = options.limits ?? DEFAULT_AUDIENCE_LIMITS;
  const hidden = options.hiddenGroups ?? new Set<string>();
  const terms = describeAudience(input)[action].terms;
  const anonymousDecision = decide(input, action, { kind: 'anonymous' });
  const anonymous = anonymousDecision.allowed;
  const everyone = everyoneOfAKind(input, action);
  const causes = new Set<IncompleteCause>();
  if (anonymousDecision.verdict === 'unchecked') causes.add('unchecked');
  const done = (people: AudiencePerson[], groups: AudienceGroup[]): AudienceStep => ({
    done: true,
    audience: audienceOf(people, groups, everyone, anonymous, causes),
  });

  if (terms.some((term) => isUnknown(term.members))) {
    causes.add('unreadable');
    return done([], []);
  }
  const sets = terms.map((term) => term.members as readonly AudienceMember[]);
  // Everyone with Confluence access passes: there is no list to give.
  if (everyone.includes('licensed')) return done([], []);

  const finite = sets.filter((members) => members.every((m) => countable(m)));
  const unsized = [
    ...new Set(
      finite.flatMap((members) => groupIds(members).filter((g) => !known.groupSizes.has(g))),
    ),
  ];
  // Too many groups to size: the seed is then the layer whose known part is smallest.
  if (unsized.length > 0 && unsized.length <= limits.sizeLookups) {
    return needs({ sizeOfGroups: unsized });
  }

  let candidates: string[];
  let told: AudienceGroup[] = [];
  if (finite.length === 0) {
    // Every layer is open to some class (anonymous, logged-in users): only people named in a
    // layer can be named; the classes say the rest, and a team may let in people they do not.
    const first = sets[0] ?? [];
    candidates = directUsers(first);
    if (sets.some((members) => members.some((m) => unlisted(m)))) causes.add('unlisted-members');
    // Its groups are told by size where each of their members with Confluence access gets in.
    const unsizedHere = groupIds(first).filter((g) => !known.groupSizes.has(g));
    if (unsizedHere.length > 0 && unsizedHere.length <= limits.sizeLookups) {
      return needs({ sizeOfGroups: unsizedHere });
    }
    told = toldBySize(input, action, first, known.groupSizes, causes);
  } else {
    const seed = smallest(finite, known.groupSizes);
    const seedGroups = groupIds(seed);
    if (sizeOf(seed, known.groupSizes) > limits.listUpTo) {
      candidates = directUsers(seed);
      told = toldBySize(input, action, seed, known.groupSizes, causes);
    } else {
      const toExpand = seedGroups.filter((g) => !known.groupMembers.has(g) && !hidden.has(g));
      if (toExpand.length > 0) return needs({ membersOfGroups: toExpand });
      if (seedGroups.some((g) => hidden.has(g))) causes.add('members-hidden');
      candidates = [
        ...new Set([
          ...directUsers(seed),
          ...seedGroups.flatMap((g) => known.groupMembers.get(g) ?? []),
        ]),
      ];
    }
  }
  if (candidates.length > limits.listUpTo) {
    causes.add('too-many');
    candidates = candidates.slice(0, limits.listUpTo);
  }

  const withoutStanding = candidates.filter((id) => !known.people.has(id));
  if (withoutStanding.length > 0) return needs({ standingOf: withoutStanding });

  const people: AudiencePerson[] = [];
  const needGroups: string[] = [];
  for (const accountId of candidates) {
    const facts = known.people.get(accountId) ?? { accountId };
    const full = known.personGroups.get(accountId);
    const groups = full ?? groupsKnownFor(accountId, known);
    const decision = decide(input, action, subjectOf(facts, groups));
    if (decision.allowed) people.push(person(facts, decision));
    else if (full === undefined && mayGainWithGroups(facts)) needGroups.push(accountId);
    else if (decision.verdict === 'unchecked') causes.add('unchecked');
  }
  if (needGroups.length > 0 && needGroups.length <= limits.groupLookups) {
    return needs({ groupsOf: needGroups });
  }
  if (needGroups.length > 0) causes.add('too-many');
  return done(people, told);
}

function needs(reads: Partial<AudienceReads>): AudienceStep {
  return {
    done: false,
    needs: {
      sizeOfGroups: reads.sizeOfGroups ?? [],
      membersOfGroups: reads.membersOfGroups ?? [],
      standingOf: reads.standingOf ?? [],
      groupsOf: reads.groupsOf ?? [],
    },
  };
}

function decide(input: AccessInput, action: AudienceAction, subject: Subject): Decision {
  return evaluateAccess(input, subject)[action];
}

/** People of a kind: someone with no groups and no personal grant stands for all of them. */
function everyoneOfAKind(input: AccessInput, action: AudienceAction): AudienceClass[] {
  const nobody = { accountId: '', groups: [] } as const;
  const kinds: [AudienceClass, Subject][] = [
    ['licensed', { kind: 'user', ...nobody, active: true, productAccess: true, isGuest: false }],
    ['logged-in', { kind: 'user', ...nobody, active: true, productAccess: false }],
    ['guests', { kind: 'user', ...nobody, active: true, productAccess: true, isGuest: true }],
  ];
  return kinds.filter(([, subject]) => decide(input, action, subject).allowed).map(([k]) => k);
}

function unlisted(member: AudienceMember): boolean {
  return member.principal.kind === 'team' || member.principal.kind === 'other';
}

/** A member whose people can be counted: a person or a group (not a class, team or anonymous). */
function countable(member: AudienceMember): boolean {
  return member.principal.kind === 'user' || member.principal.kind === 'group';
}

function groupIds(members: readonly AudienceMember[]): string[] {
  return members.flatMap((m) => (m.principal.kind === 'group' ? [m.principal.groupId] : []));
}

function directUsers(members: readonly AudienceMember[]): string[] {
  return members.flatMap((m) => (m.principal.kind === 'user' ? [m.principal.accountId] : []));
}

/** People named plus group sizes; a group whose size is not known counts as very large. */
function sizeOf(members: readonly AudienceMember[], sizes: ReadonlyMap<string, number>): number {
  return (
    directUsers(members).length +
    groupIds(members).reduce((sum, g) => sum + (sizes.get(g) ?? Number.MAX_SAFE_INTEGER), 0)
  );
}

function smallest(
  sets: readonly (readonly AudienceMember[])[],
  sizes: ReadonlyMap<string, number>,
): readonly AudienceMember[] {
  let best = sets[0] ?? [];
  for (const set of sets) if (sizeOf(set, sizes) < sizeOf(best, sizes)) best = set;
  return best;
}

/** The groups (among those expanded) an account is known to be in. */
function groupsKnownFor(accountId: string, known: AudienceKnowledge): GroupRef[] {
  const groups: GroupRef[] = [];
  for (const [groupId, members] of known.groupMembers) {
    if (members.includes(accountId)) groups.push({ groupId });
  }
  return groups;
}

/** Deactivated accounts and accounts without Confluence access gain nothing through groups. */
function mayGainWithGroups(facts: PersonFacts): boolean {
  return (
    facts.active !== false && facts.productAccess !== false && facts.accountType !== 'customer'
  );
}

/** The engine's subject for an account with what Confluence said about it and its groups. */
export function subjectOf(facts: PersonFacts, groups: readonly GroupRef[]): Subject {
  return {
    kind: 'user',
    accountId: facts.accountId,
    ...(facts.displayName === undefined ? {} : { displayName: facts.displayName }),
    groups,
    ...(facts.isGuest === undefined ? {} : { isGuest: facts.isGuest }),
    ...(facts.active === undefined ? {} : { active: facts.active }),
    ...(facts.productAccess === undefined ? {} : { productAccess: facts.productAccess }),
    ...(facts.accountType === undefined ? {} : { accountType: facts.accountType }),
    ...(facts.isProductAdmin === undefined ? {} : { isProductAdmin: facts.isProductAdmin }),
  };
}

export function markersOf(facts: PersonFacts): PersonMarker[] {
  const markers: PersonMarker[] = [];
  if (facts.isGuest === true) markers.push('guest');
  if (facts.active === false) markers.push('deactivated');
  if (facts.accountType === 'customer') markers.push('customer');
  else if (facts.productAccess === false) markers.push('no-product-access');
  if (facts.accountType === 'app') markers.push('app');
  return markers;
}

function person(facts: PersonFacts, decision: Decision): AudiencePerson {
  return {
    accountId: facts.accountId,
    displayName: facts.displayName ?? facts.accountId,
    markers: markersOf(facts),
    routes: decision.reasons
      // Only layers something lets them through: an open restriction has nothing to say.
      .filter((layer) => layer.rule !== 'site-access' && layer.through.length > 0)
      .map((layer) => ({
        rule: layer.rule,
        ...(layer.ancestor === undefined ? {} : { ancestorId: layer.ancestor.id }),
        through: layer.through,
      })),
  };
}

/**
 * A seed too large to list: each of its groups whose every member with Confluence access passes
 * every layer is told by its size; a group that passes only for some of its members cannot be
 * told without listing it, so the answer is then incomplete.
 */
function toldBySize(
  input: AccessInput,
  action: AudienceAction,
  seed: readonly AudienceMember[],
  sizes: ReadonlyMap<string, number>,
  causes: Set<IncompleteCause>,
): AudienceGroup[] {
  const groups: AudienceGroup[] = [];
  for (const member of seed) {
    if (member.principal.kind !== 'group') continue;
    const group = member.principal;
    const anyMember: Subject = {
      kind: 'user',
      accountId: '',
      groups: [{ groupId: group.groupId }],
      active: true,
      productAccess: true,
      isGuest: false,
    };
    if (decide(input, action, anyMember).allowed) {
      const size = sizes.get(group.groupId);
      groups.push({
        groupId: group.groupId,
        ...(group.name === undefined ? {} : { name: group.name }),
        ...(size === undefined ? {} : { size }),
      });
    } else causes.add('too-many');
  }
  return groups;
}

function audienceOf(
  people: AudiencePerson[],
  groups: AudienceGroup[],
  everyone: readonly AudienceClass[],
  anonymous: boolean,
  causes: ReadonlySet<IncompleteCause>,
): EffectiveAudience {
  const byName = [...people].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return {
    count: byName.length + groups.reduce((sum, g) => sum + (g.size ?? 0), 0),
    complete: causes.size === 0,
    people: byName,
    groups,
    everyone,
    anonymous,
    ...(causes.size === 0 ? {} : { incompleteBecause: [...causes].sort() }),
  };
}
