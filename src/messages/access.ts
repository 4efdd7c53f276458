/**
 * Page access in words: the reasons of a decision, the audience of a page, its label warning and
 * the names of principals, in any locale of the catalogue (keys `access.*`). Shared by the macro
 * and the CLI, so both say the same. Pure: no Node or Forge APIs (the macro's bundle imports it).
 *
 * The engine (src/core) answers data only; everything a person reads is chosen here from that
 * data and the context the caller passes (who the decision is about, the space, the content type).
 */
import { accessClassRule, isKnownAccessClass } from '../core/access-classes';
import type { Audience, AudienceFormula, AudienceTerm, OtherWayIn } from '../core/audience';
import type { Decision, Layer, SubjectRef, Through } from '../core/decision';
import type { LabelExposure } from '../core/labels';
import type {
  ContentType,
  GroupRef,
  NodeRef,
  Operation,
  Principal,
  SpaceRef,
  TeamRef,
  UnknownCause,
} from '../core/model';
import type { Messages } from './format';
import { capitalize, joinAnd, joinComma } from './lists';

/** What a reason needs besides its layer: who it is about, where, and what kind of content. */
export interface ReasonContext {
  readonly subject: SubjectRef;
  readonly space: Pick<SpaceRef, 'key' | 'name'>;
  readonly contentType: ContentType;
  /**
   * The permissions that let people edit here (the decision's `space-edit-permission` layer
   * carries them); the edit restriction's "no restriction" sentence names them.
   */
  readonly editOperations?: readonly Operation[];
}

// ── names ──────────────────────────────────────────────────────────────────────────────────

export function spaceName(space: Pick<SpaceRef, 'key' | 'name'>): string {
  return space.name ?? space.key;
}

export function groupName(m: Messages, group: GroupRef): string {
  return m.text('access.name.group', { name: group.name ?? group.groupId });
}

/** "the team Platform"; a team is named, by id when its name is not known. */
export function teamName(m: Messages, team: TeamRef): string {
  return m.text('access.name.team', { name: team.name ?? team.teamId });
}

/** A principal type Access Lens does not know, named as it came. */
export function unrecognisedName(m: Messages, type: string, id: string): string {
  return m.text('access.name.unrecognised', { type, id });
}

/** The access class's name from the catalogue (`access.accessClass.<class>`). */
export function accessClassName(m: Messages, accessClass: string): string {
  return isKnownAccessClass(accessClass)
    ? m.text(`access.accessClass.${accessClass}`)
    : m.text('access.accessClass.unknown', { accessClass });
}

/**
 * How a principal is named: `inline` mid-sentence and in the CLI's lists ("the group hr"),
 * `entry` as one entry of an access list in the macro ("Anonymous visitors", "The team Platform
 * (members cannot be listed)"; people and groups there show their name or id).
 */
export function principalName(
  m: Messages,
  principal: Principal,
  form: 'inline' | 'entry' = 'inline',
): string {
  if (form === 'entry') return entryName(m, principal);
  switch (principal.kind) {
    case 'user':
      return principal.displayName ?? m.text('access.name.user', { id: principal.accountId });
    case 'group':
      return groupName(m, principal);
    case 'anonymous':
      return m.text('access.name.anonymous');
    case 'access-class':
      return accessClassName(m, principal.accessClass);
    case 'team':
      return teamName(m, principal);
    case 'other':
      return unrecognisedName(m, principal.type, principal.id);
  }
}

function entryName(m: Messages, principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return principal.displayName ?? principal.accountId;
    case 'group':
      return principal.name ?? principal.groupId;
    case 'anonymous':
      return m.text('access.entry.anonymous');
    case 'access-class':
      if (accessClassRule(principal.accessClass).reach === 'anonymous') {
        return m.text('access.entry.anonymous');
      }
      return isKnownAccessClass(principal.accessClass)
        ? capitalize(accessClassName(m, principal.accessClass))
        : m.text('access.entry.accessClassUnknown', { accessClass: principal.accessClass });
    case 'team':
      // Named, never expanded: no API the app may call lists a team's members.
      return m.text('access.entry.team', { name: principal.name ?? principal.teamId });
    case 'other':
      return m.text('access.entry.unrecognised', { type: principal.type, id: principal.id });
  }
}

/** The subject as it appears mid-sentence; callers capitalise at the start of a sentence. */
export function subjectName(m: Messages, subject: SubjectRef): string {
  switch (subject.kind) {
    case 'user':
      return subject.displayName ?? m.text('access.name.user', { id: subject.accountId });
    case 'group':
      return m.text('access.name.groupMember', { name: subject.name ?? subject.groupId });
    case 'anonymous':
      return m.text('access.name.anonymous');
  }
}

/**
 * How the check's answer is headed ("Bob Engineer", "an anonymous visitor", "a member of hr"),
 * the label `checkAccess` and `check` have always used.
 */
export function subjectLabel(m: Messages, subject: SubjectRef): string {
  switch (subject.kind) {
    case 'user':
      return subject.displayName ?? m.text('access.label.unnamedPerson');
    case 'group':
      return subject.name === undefined
        ? m.text('access.label.unnamedGroupMember')
        : m.text('access.label.groupMember', { name: subject.name });
    case 'anonymous':
      return m.text('access.label.anonymous');
  }
}

/** "the folder "Drafts"", or by id when the ancestors call gave no title. */
export function nodeName(
  m: Messages,
  node: NodeRef,
  grammaticalCase: 'nom' | 'dat' = 'nom',
): string {
  return node.title === undefined
    ? m.text(`access.content.${node.type}.${grammaticalCase}.untitled`, { id: node.id })
    : m.text(`access.content.${node.type}.${grammaticalCase}.titled`, { title: node.title });
}

/** "this page", "this blog post". */
function thisContent(m: Messages, type: ContentType): string {
  return m.text(`access.content.${type}.this`);
}

/** Whether the edit permission is the legacy "Add", the roles model's "Edit", or either. */
type EditWords = 'add' | 'edit' | 'addOrEdit';

function editWords(operations: readonly Operation[] | undefined, holds: boolean): EditWords {
  const keys = new Set((operations ?? []).map((operation) => operation.key));
  if (keys.has('create') && keys.has('update')) return holds ? 'edit' : 'addOrEdit';
  if (keys.has('update')) return 'edit';
  return 'add';
}

function editThings(operations: readonly Operation[] | undefined, type?: ContentType) {
  const blog =
    (operations ?? []).some((operation) => operation.targetType === 'blogpost') ||
    (operations === undefined && type === 'blogpost');
  return blog ? 'blogpost' : 'page';
}

/**
 * "add pages", "edit blog posts": what the edit permission lets people do, in the words of the
 * site's model (`operations` of the `space-edit-permission` layer or term). During the
 * transition a subject with neither permission lacks "add or edit". `purpose` is the form that
 * follows "permission to".
 */
export function editAction(
  m: Messages,
  operations: readonly Operation[] | undefined,
  options: { readonly holds?: boolean; readonly form?: 'verb' | 'purpose' } = {},
): string {
  const words = editWords(operations, options.holds ?? true);
  return m.text(`access.editAction.${options.form ?? 'verb'}.${words}.${editThings(operations)}`);
}

function unknownCause(m: Messages, cause: UnknownCause, what: string): string {
  return m.text(`access.unknown.${cause}`, { what });
}

/** "1 person and 2 groups". */
function listSize(m: Messages, listed: NonNullable<Layer['listed']>): string {
  const parts: string[] = [];
  if (listed.users > 0) parts.push(m.count('access.count.people', listed.users));
  if (listed.groups > 0) parts.push(m.count('access.count.groups', listed.groups));
  if (listed.teams > 0) parts.push(m.count('access.count.teams', listed.teams));
  return joinAnd(m, parts);
}

/** One route, phrased to follow "through"; a role names who it was given to. */
export function throughPhrase(m: Messages, through: Through): string {
  if (through.via !== undefined) {
    return m.text('access.through.role', {
      role: through.via.role,
      holder: roleHolder(m, through),
    });
  }
  switch (through.kind) {
    case 'direct':
      return m.text('access.through.direct');
    case 'guest-assignment':
      return m.text('access.through.guestAssignment');
    case 'app-scopes':
      return m.text('access.through.appScopes');
    case 'anonymous':
      return m.text('access.through.anonymous');
    default:
      return routePrincipalName(m, through);
  }
}

function roleHolder(m: Messages, through: Through): string {
  switch (through.kind) {
    case 'direct':
      return m.text('access.holder.direct');
    case 'guest-assignment':
      return m.text('access.holder.guestAssignment');
    case 'app-scopes':
      return m.text('access.through.appScopes');
    case 'anonymous':
      return m.text('access.holder.anonymous');
    default:
      return routePrincipalName(m, through);
  }
}

/** The principal a group, class, team or unrecognised route goes through, named the one way. */
function routePrincipalName(
  m: Messages,
  through: Extract<Through, { kind: 'group' | 'access-class' | 'team' | 'unrecognised' }>,
): string {
  switch (through.kind) {
    case 'group':
      return groupName(m, through.group);
    case 'access-class':
      return accessClassName(m, through.accessClass);
    case 'team':
      return teamName(m, through.team);
    case 'unrecognised':
      return unrecognisedName(m, through.type, through.id);
  }
}

/** "directly", "through the group x", "directly and through the group x". */
function membershipPhrase(m: Messages, through: readonly Through[]): string {
  const direct = through.some((t) => t.kind === 'direct');
  const groups = through.flatMap((t) => (t.kind === 'group' ? [groupName(m, t.group)] : []));
  if (groups.length === 0) return direct ? m.text('access.membership.direct') : '';
  const viaGroups = joinAnd(m, groups);
  return direct
    ? m.text('access.membership.directAndGroups', { groups: viaGroups })
    : m.text('access.membership.groups', { groups: viaGroups });
}

// ── reasons ────────────────────────────────────────────────────────────────────────────────

/** Anonymous visitors are many: sentences whose verb agrees with the subject count them so. */
function subjectNumber(subject: SubjectRef): number {
  return subject.kind === 'anonymous' ? 2 : 1;
}

/**
 * The sentence of every layer of a decision. The decision's own layers fill in what a single
 * layer does not carry (the edit permission of the space, for the edit restriction).
 */
export function decisionReasons(m: Messages, decision: Decision, context: ReasonContext): string[] {
  const operations =
    context.editOperations ??
    decision.reasons.find((layer) => layer.rule === 'space-edit-permission')?.operations;
  const full = operations === undefined ? context : { ...context, editOperations: operations };
  return decision.reasons.map((layer) => layerReason(m, layer, full));
}

/** A sentence a page owner understands, for one layer. */
export function layerReason(m: Messages, layer: Layer, context: ReasonContext): string {
  switch (layer.rule) {
    case 'site-access':
      return siteAccessReason(m, layer, context.subject);
    case 'space-permission':
    case 'space-edit-permission':
      return spaceReason(m, layer, context);
    case 'content-status':
      return m.text('access.reason.archived', {
        this: capitalize(thisContent(m, context.contentType)),
      });
    case 'inherited-restriction':
    case 'own-restriction':
    case 'update-restriction':
      return restrictionReason(m, layer, context);
  }
}

function siteAccessReason(m: Messages, layer: Layer, subject: SubjectRef): string {
  const who = capitalize(subjectName(m, subject));
  switch (subject.kind) {
    case 'user':
      return m.text(`access.reason.site.${layer.account ?? 'active'}`, { who });
    case 'group':
      return m.text('access.reason.site.group', { who });
    case 'anonymous':
      if (!layer.checked) return m.text('access.reason.site.anonymousUnknown');
      return m.text(
        layer.passes ? 'access.reason.site.anonymousOn' : 'access.reason.site.anonymousOff',
      );
  }
}

function spaceAction(
  m: Messages,
  layer: Layer,
  context: ReasonContext,
  holds: boolean,
  form: 'verb' | 'purpose',
): string {
  const space = spaceName(context.space);
  if (layer.rule === 'space-permission') return m.text(`access.action.view.${form}`, { space });
  const edit = editAction(m, layer.operations, { holds, form });
  return m.text(`access.action.edit.${form}`, { edit, space });
}

function spaceReason(m: Messages, layer: Layer, context: ReasonContext): string {
  const { subject } = context;
  const who = subjectName(m, subject);
  const n = subjectNumber(subject);
  if (layer.uncheckedBecause === 'unreadable') {
    const what = m.text('access.what.spacePermissions', { space: spaceName(context.space) });
    const why = capitalize(unknownCause(m, layer.unreadable ?? 'read-failed', what));
    const action = spaceAction(m, layer, context, true, 'verb');
    return m.count('access.reason.space.unreadable', n, { why, who, action });
  }
  if (layer.through.length > 0) {
    const routes = joinAnd(
      m,
      layer.through.map((route) => throughPhrase(m, route)),
    );
    const action = spaceAction(m, layer, context, true, 'verb');
    return m.count('access.reason.space.passes', n, { who: capitalize(who), action, routes });
  }
  if (layer.uncheckedBecause === 'unlisted-members') {
    const action = spaceAction(m, layer, context, true, 'verb');
    return unlistedMembersSentence(m, layer.unconfirmed ?? [], action, subject);
  }
  const action = spaceAction(m, layer, context, false, 'purpose');
  const refused = noSpacePermission(m, subject, action);
  if (layer.canAdd !== true) return refused;
  const things = editThings(layer.operations, context.contentType);
  return m.text('access.reason.sentences', {
    first: refused,
    next: m.text(`access.reason.space.canAdd.${things}`),
  });
}

function noSpacePermission(m: Messages, subject: SubjectRef, action: string): string {
  const who = capitalize(subjectName(m, subject));
  switch (subject.kind) {
    case 'anonymous':
      return m.text('access.reason.space.refused.anonymous', { who, action });
    case 'group':
      return m.text('access.reason.space.refused.group', {
        who,
        action,
        group: groupName(m, { groupId: subject.groupId, ...nameOf(subject) }),
      });
    case 'user':
      if (subject.withoutProductAccess === true) {
        return m.text('access.reason.space.refused.withoutProductAccess', { who, action });
      }
      // Guests hold only their own grants and what anonymous visitors get: never their groups'.
      return subject.isGuest === true
        ? m.text('access.reason.space.refused.guest', { who, action })
        : m.text('access.reason.space.refused.user', { who, action });
  }
}

function nameOf(subject: { readonly name?: string }): { name?: string } {
  return subject.name === undefined ? {} : { name: subject.name };
}

/**
 * "Members of the team Platform may view the space Engineering: Access Lens cannot list team
 * members, so whether Alice is one could not be checked."
 */
function unlistedMembersSentence(
  m: Messages,
  routes: readonly Through[],
  action: string,
  subject: SubjectRef,
): string {
  const who = subjectName(m, subject);
  const role = (route: Through) =>
    route.via === undefined ? '' : m.text('access.route.asRole', { role: route.via.role });
  const names = routes.flatMap((route) => {
    switch (route.kind) {
      case 'team':
        return [`${teamName(m, route.team)}${role(route)}`];
      case 'unrecognised':
        return [`${unrecognisedName(m, route.type, route.id)}${role(route)}`];
      default:
        return [];
    }
  });
  const members = joinAnd(m, names);
  if (routes.every((route) => route.kind === 'team')) {
    return m.text('access.reason.unlisted.teams', { members, action, who });
  }
  return m.count('access.reason.unlisted.unrecognised', names.length, { members, action, who });
}

function restrictionReason(m: Messages, layer: Layer, context: ReasonContext): string {
  const { subject } = context;
  const who = subjectName(m, subject);
  const own = layer.rule === 'own-restriction';
  const update = layer.rule === 'update-restriction';
  const node = layer.ancestor;
  if (layer.uncheckedBecause === 'unreadable') {
    const what = update
      ? m.text('access.what.editRestriction')
      : own || node === undefined
        ? m.text('access.what.ownViewRestriction')
        : m.text('access.what.viewRestrictionOf', { node: nodeName(m, node, 'dat') });
    const why = capitalize(unknownCause(m, layer.unreadable ?? 'read-failed', what));
    return m.text('access.reason.restriction.unreadable', { why, who });
  }
  if (layer.listed === undefined) {
    if (!update) return m.text('access.reason.restriction.openView');
    const edit = editAction(m, context.editOperations, { holds: false });
    return m.text('access.reason.restriction.openEdit', { edit });
  }
  const size = listSize(m, layer.listed);
  const limits = update
    ? m.text('access.limits.edit', { size })
    : own || node === undefined
      ? m.text('access.limits.own', { size })
      : m.text('access.limits.inherited', { node: capitalize(nodeName(m, node)), size });
  if (layer.passes) {
    return m.text('access.reason.restriction.listed', {
      limits,
      who,
      how: membershipPhrase(m, layer.through),
    });
  }
  if (layer.uncheckedBecause === 'unlisted-members') {
    const action = m.text(update ? 'access.action.editThisPage' : 'access.action.viewThisPage');
    return m.text('access.reason.sentences', {
      first: m.text('access.reason.restriction.limits', { limits }),
      next: unlistedMembersSentence(m, layer.unconfirmed ?? [], action, subject),
    });
  }
  const why =
    subject.kind === 'anonymous'
      ? m.text('access.reason.restriction.anonymousNever')
      : m.text('access.reason.restriction.notAmong', { who });
  if (layer.uncheckedBecause === 'archived') {
    return m.text('access.reason.restriction.archivedAbove', { limits, why, who });
  }
  return m.text('access.reason.restriction.notListed', { limits, why });
}

// ── the audience ───────────────────────────────────────────────────────────────────────────

/** Short label of one set of the intersection, e.g. "people allowed by the folder "Drafts"". */
export function termLabel(m: Messages, term: AudienceTerm, audience: AudienceContext): string {
  const space = spaceName(audience.space);
  switch (term.rule) {
    case 'space-permission':
      return m.text('access.term.space', { space });
    case 'space-edit-permission':
      return m.text('access.term.spaceEdit', {
        edit: editAction(m, term.operations, { holds: false }),
        space,
      });
    case 'inherited-restriction':
      return term.ancestor === undefined
        ? m.text('access.term.inheritedUnnamed')
        : m.text('access.term.inherited', { node: nodeName(m, term.ancestor) });
    case 'own-restriction':
      return m.text('access.term.own');
    case 'update-restriction':
      return m.text('access.term.update');
    case 'content-status':
      return m.text('access.term.archived', { this: thisContent(m, audience.contentType) });
  }
}

interface AudienceContext {
  readonly space: Pick<SpaceRef, 'key' | 'name'>;
  readonly contentType: ContentType;
}

/** "view = A ∩ B ∩ C" in words. */
export function formulaText(
  m: Messages,
  action: 'view' | 'edit',
  formula: AudienceFormula,
  audience: AudienceContext,
): string {
  const terms = formula.terms.map((term) => termLabel(m, term, audience));
  return m.text('access.formula', {
    action: m.text(`access.formula.${action}`),
    terms: terms.reduce((first, next) => m.text('access.formula.and', { first, next })),
  });
}

/** `othersWhoCanGetIn` in one sentence ("Also: …"), to show on its own line. */
export function othersSummary(m: Messages, audience: Pick<Audience, 'othersWhoCanGetIn'>): string {
  const others = audience.othersWhoCanGetIn;
  const spaceAdmins = others.flatMap((other) => {
    if (other.kind !== 'space-admins') return [];
    return [m.text(`access.others.spaceAdmins.${other.can}`)];
  });
  const parts: string[] = [];
  if (spaceAdmins.length > 0) {
    parts.push(m.text('access.others.spaceAdmins', { powers: joinAnd(m, spaceAdmins) }));
  }
  for (const other of others) parts.push(...otherPart(m, other));
  return m.text('access.others', {
    parts: parts.reduce((first, next) => m.text('access.others.and', { first, next })),
  });
}

/** Only what applies: the admin key is left out on plans that do not have it. */
function otherPart(m: Messages, other: OtherWayIn): string[] {
  switch (other.kind) {
    case 'space-admins':
      return [];
    case 'confluence-admins':
      return [m.text('access.others.confluenceAdmins')];
    case 'admin-key':
      if (other.applies === 'yes') {
        return [m.text('access.others.adminKey', { plan: m.text(`access.plan.${other.plan}`) })];
      }
      return other.applies === 'unknown' ? [m.text('access.others.adminKeyUnknownPlan')] : [];
    case 'public-links':
      return [m.text('access.others.publicLinks')];
  }
}

/** Who can view and edit in a few sentences, without the "who else" sentence. */
export function audienceSentences(m: Messages, audience: Audience): string[] {
  return [viewSentence(m, audience), editSentence(m, audience), ...exposureSentences(m, audience)];
}

/** Who can view and edit in a few sentences, ending with `othersSummary`. */
export function audienceSummary(m: Messages, audience: Audience): string {
  return [...audienceSentences(m, audience), othersSummary(m, audience)].join(' ');
}

function viewSentence(m: Messages, audience: Audience): string {
  const space = spaceName(audience.space);
  const archived = audience.status === 'archived';
  const above = audience.restrictingAncestors;
  const spaceTerm = audience.view.terms.find((term) => term.rule === 'space-permission');
  if (spaceTerm !== undefined && !Array.isArray(spaceTerm.members)) {
    return m.text('access.summary.view.unreadable', { space });
  }
  if (archived && above.length > 0 && audience.ownViewRestriction !== 'restricted') {
    return m.text('access.summary.view.archived');
  }
  if (audience.viewRestriction === 'unknown') return m.text('access.summary.view.unknown');
  if (audience.viewRestriction === 'none') return m.text('access.summary.view.open', { space });
  const places: string[] = [];
  if (audience.ownViewRestriction === 'restricted') places.push(m.text('access.summary.thisPage'));
  if (above.length === 1 && above[0] !== undefined) places.push(nodeName(m, above[0], 'dat'));
  if (above.length > 1) places.push(m.count('access.summary.itemsAbove', above.length));
  const caveats: string[] = [];
  if (audience.uncheckedAncestors.length > 0) {
    caveats.push(m.text('access.summary.caveat.unchecked'));
  }
  if (archived && above.length > 0) caveats.push(m.text('access.summary.caveat.archived'));
  const params = { space, places: joinAnd(m, places) };
  if (caveats.length === 0) return m.text('access.summary.view.restricted', params);
  const note = caveats.reduce((first, next) =>
    m.text('access.summary.caveat.and', { first, next }),
  );
  return m.text('access.summary.view.restrictedWithNote', { ...params, note });
}

function editSentence(m: Messages, audience: Audience): string {
  if (audience.status === 'archived') return m.text('access.summary.edit.archived');
  const term = audience.edit.terms.find((t) => t.rule === 'space-edit-permission');
  const edit = editAction(m, term?.operations, { holds: false });
  switch (audience.editRestriction) {
    case 'none':
      return m.text('access.summary.edit.open', { edit });
    case 'restricted':
      return m.text('access.summary.edit.restricted', { edit });
    case 'unknown':
      return m.text('access.summary.edit.unknown');
  }
}

function exposureSentences(m: Messages, audience: Audience): string[] {
  const sentences: string[] = [];
  if (audience.anonymous === 'yes') sentences.push(m.text('access.summary.anonymous.yes'));
  if (audience.anonymous === 'depends-on-site-setting') {
    sentences.push(m.text('access.summary.anonymous.dependsOnSite'));
  }
  if (audience.anonymous === 'unknown') sentences.push(m.text('access.summary.anonymous.unknown'));
  if (audience.everyoneLoggedIn === 'yes')
    sentences.push(m.text('access.summary.everyoneLoggedIn'));
  if (audience.guests === 'all') sentences.push(m.text('access.summary.everyGuest'));
  return sentences;
}

// ── labels ─────────────────────────────────────────────────────────────────────────────────

/** The label warning's sentence. */
export function labelExposureText(m: Messages, labels: LabelExposure): string {
  if (labels.verdict === 'not-sensitive') return m.text('access.labels.notSensitive');
  const quoted = joinComma(
    m,
    labels.sensitiveLabels.map((text) => m.text('common.quoted', { text })),
  );
  return m.text(`access.labels.${labels.verdict}`, { labels: quoted });
}

/** Why a list could not be read, said to the person looking at it. */
export function unknownListText(m: Messages, cause: UnknownCause): string {
  return m.text(`access.unknownList.${cause}`);
}
