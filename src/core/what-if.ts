/**
 * "What if this restriction changed?" (docs/ARCHITECTURE.md, "What if"): a proposed change to a
 * page's view or edit restriction applied to the engine's inputs, and the difference between two
 * effective audiences. Nothing here changes Confluence; the change exists only in the inputs.
 *
 * Only the changed restriction differs between the two inputs, so every person, group or class
 * that gains or loses access does so at that one layer: the page's own restriction, or for a page
 * below it (view restrictions inherit) the restriction of the page above it that changed.
 */
import { evaluateAccess } from './access';
import { subjectOf } from './effective-audience';
import type {
  AudienceAction,
  AudienceClass,
  AudienceGroup,
  AudienceKnowledge,
  AudiencePerson,
  EffectiveAudience,
} from './effective-audience';
import { isUnknown } from './model';
import type {
  AccessInput,
  AncestorNode,
  ContentType,
  GroupRef,
  Operation,
  PageNode,
  Restriction,
  RestrictionList,
  Subject,
  UserRef,
} from './model';
import { spaceAccessRoutes } from './space-permissions';

/** The restrictions a person may change from the page's restrictions dialog. */
export type RestrictionOperation = 'read' | 'update';

export interface RestrictionChange {
  readonly operation: RestrictionOperation;
  readonly addUsers: readonly UserRef[];
  readonly addGroups: readonly GroupRef[];
  readonly removeUserIds: readonly string[];
  readonly removeGroupIds: readonly string[];
}

/** Why a change cannot be previewed: the list it changes could not be read. */
export interface UnpreviewableChange {
  readonly unpreviewable: 'restriction-unreadable';
}

/**
 * The restriction after the change: additions first removed from the removals' reach, so adding
 * and removing the same principal leaves it out. Removing everyone leaves an empty list, which
 * Confluence treats as no restriction at all.
 */
export function changedRestriction(
  restriction: Restriction,
  change: RestrictionChange,
): RestrictionList | UnpreviewableChange {
  if (isUnknown(restriction)) return { unpreviewable: 'restriction-unreadable' };
  const removedUsers = new Set(change.removeUserIds);
  const removedGroups = new Set(change.removeGroupIds);
  const users = new Map<string, UserRef>();
  for (const user of [...restriction.users, ...change.addUsers]) {
    if (!removedUsers.has(user.accountId) && !users.has(user.accountId)) {
      users.set(user.accountId, user);
    }
  }
  const groups = new Map<string, GroupRef>();
  for (const group of [...restriction.groups, ...change.addGroups]) {
    if (!removedGroups.has(group.groupId) && !groups.has(group.groupId)) {
      groups.set(group.groupId, group);
    }
  }
  return {
    users: [...users.values()],
    groups: [...groups.values()],
    ...(restriction.teams === undefined ? {} : { teams: restriction.teams }),
  };
}

/** The page's inputs with the change applied to its own view or edit restriction. */
export function withChange(
  input: AccessInput,
  change: RestrictionChange,
): AccessInput | UnpreviewableChange {
  const current = change.operation === 'read' ? input.page.read : input.page.update;
  const changed = changedRestriction(current, change);
  if ('unpreviewable' in changed) return changed;
  const page: PageNode =
    change.operation === 'read'
      ? { ...input.page, read: changed }
      : { ...input.page, update: changed };
  return { ...input, page };
}

/** A page below the changed one, with the nodes between them (root first) as read. */
export interface Descendant {
  readonly node: PageNode;
  /** The nodes strictly between the changed page and this one, root first. */
  readonly between: readonly AncestorNode[];
}

/**
 * A descendant's inputs under the changed page's inputs `at`: the same space and site, the
 * changed page's ancestors, the changed page itself as an ancestor (only its view restriction
 * inherits), the nodes between, and the descendant's own restrictions.
 */
export function descendantInput(at: AccessInput, descendant: Descendant): AccessInput {
  const { update: _update, status: _status, ...asAncestor } = at.page;
  return {
    site: at.site,
    space: at.space,
    grants: at.grants,
    ...(at.roleMode === undefined ? {} : { roleMode: at.roleMode }),
    page: descendant.node,
    ancestors: [...at.ancestors, asAncestor, ...descendant.between],
  };
}

/** Who is in one audience and not in the other, by what the audiences name. */
export interface AudienceDelta {
  /** People whose verdict the engine changes, each decided on both inputs. */
  readonly people: readonly Pick<AudiencePerson, 'accountId' | 'displayName' | 'markers'>[];
  /**
   * Groups told by size that only one audience names: their members gain (or lose) unless the
   * other audience lets them in some other way (`AudienceSummary`).
   */
  readonly groups: readonly AudienceGroup[];
  readonly everyone: readonly AudienceClass[];
  readonly anonymous: boolean;
}

/** What an audience names, for telling who keeps access another way. */
export interface AudienceSummary {
  readonly people: readonly string[];
  readonly groups: readonly AudienceGroup[];
  readonly everyone: readonly AudienceClass[];
  readonly anonymous: boolean;
  readonly complete: boolean;
}

export interface AudienceChange {
  readonly gained: AudienceDelta;
  readonly lost: AudienceDelta;
  readonly before: AudienceSummary;
  readonly after: AudienceSummary;
  /** False when either audience is incomplete, or a listed person could not be decided. */
  readonly complete: boolean;
  readonly changed: boolean;
}

/**
 * The change between the audiences of `beforeInput` and `afterInput`. Everyone either audience
 * lists is decided by the engine on both inputs with what is known of them (their standing and
 * groups), so someone let in by a group before and listed by name after is no change.
 */
export function audienceChange(
  beforeInput: AccessInput,
  afterInput: AccessInput,
  action: AudienceAction,
  before: EffectiveAudience,
  after: EffectiveAudience,
  known: AudienceKnowledge,
): AudienceChange {
  const listed = new Map<string, AudiencePerson>();
  for (const person of [...before.people, ...after.people]) listed.set(person.accountId, person);
  const gainedPeople: AudiencePerson[] = [];
  const lostPeople: AudiencePerson[] = [];
  let undecided = false;
  for (const person of listed.values()) {
    const groups = known.personGroups.get(person.accountId);
    const facts = known.people.get(person.accountId) ?? {
      accountId: person.accountId,
      displayName: person.displayName,
    };
    const subject = subjectOf(facts, groups ?? groupsListing(known, person.accountId));
    const was = evaluateAccess(beforeInput, subject)[action].allowed;
    const is = evaluateAccess(afterInput, subject)[action].allowed;
    // Groups known only from the lists read may be fewer than the person's own: a "no" could
    // be a "yes" (grants and restrictions are unions), so it is not decided.
    if (groups === undefined && (!was || !is)) undecided = true;
    if (!was && is) gainedPeople.push(person);
    if (was && !is) lostPeople.push(person);
  }
  const brief = ({ accountId, displayName, markers }: AudiencePerson) => ({
    accountId,
    displayName,
    markers,
  });
  const delta = (from: EffectiveAudience, to: EffectiveAudience, people: AudiencePerson[]) => {
    const groups = new Set(from.groups.map((g) => g.groupId));
    return {
      people: people.map(brief),
      groups: to.groups.filter((g) => !groups.has(g.groupId)),
      everyone: to.everyone.filter((c) => !from.everyone.includes(c)),
      anonymous: to.anonymous && !from.anonymous,
    };
  };
  const gained = delta(before, after, gainedPeople);
  const lost = delta(after, before, lostPeople);
  const empty = (d: AudienceDelta) =>
    d.people.length === 0 && d.groups.length === 0 && d.everyone.length === 0 && !d.anonymous;
  const summary = (audience: EffectiveAudience): AudienceSummary => ({
    people: audience.people.map((p) => p.accountId),
    groups: audience.groups,
    everyone: audience.everyone,
    anonymous: audience.anonymous,
    complete: audience.complete,
  });
  return {
    gained,
    lost,
    before: summary(before),
    after: summary(after),
    complete: before.complete && after.complete && !undecided,
    changed: !empty(gained) || !empty(lost),
  };
}

/** The groups a person is known to be in from the member lists read. */
function groupsListing(known: AudienceKnowledge, accountId: string): GroupRef[] {
  return [...known.groupMembers]
    .filter(([, members]) => members.includes(accountId))
    .map(([groupId]) => ({ groupId }));
}

/** A page below the changed one whose view audience changes. */
export interface DescendantChange {
  readonly id: string;
  readonly title: string;
  readonly type: ContentType;
  readonly view: AudienceChange;
}

/** The whole preview: the page itself, and for a view restriction every page below it. */
export interface WhatIfPreview {
  readonly page: { readonly view: AudienceChange; readonly edit: AudienceChange };
  readonly below: {
    /** Pages below the changed one that were considered (0 for an edit restriction). */
    readonly considered: number;
    /** More pages lie below than one preview considers. */
    readonly truncated: boolean;
    /** Pages below whose chain could not be read whole: not previewed, counted. */
    readonly unreadable: number;
    /** Pages below where no change was found but the audiences were incomplete. */
    readonly uncertain: number;
    /** The pages below whose view audience changes, in the search's order. */
    readonly changed: readonly DescendantChange[];
  };
}

const RESTRICT_CONTENT: Operation = { key: 'restrict_content', targetType: 'space' };
const ADMINISTER_SPACE: Operation = { key: 'administer', targetType: 'space' };

/**
 * Whether `subject` could make the change in Confluence themselves: they can edit the page and
 * hold the space's "restrict content" permission (space admins may too). Guests never may
 * (space-permissions.ts). Anything the engine cannot confirm counts as no.
 */
export function mayChangeRestrictions(input: AccessInput, subject: Subject): boolean {
  if (subject.kind !== 'user' || isUnknown(input.grants)) return false;
  if (!evaluateAccess(input, subject).edit.allowed) return false;
  return (
    spaceAccessRoutes(input.grants, subject, [RESTRICT_CONTENT, ADMINISTER_SPACE]).through.length >
    0
  );
}
