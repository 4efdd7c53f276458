/**
 * Can this subject view / edit this page, and why? Every layer is evaluated and reported, even
 * after one fails, so a page owner sees everything that would need to change (the rules and their
 * sources are listed in the project's README).
 *
 * View = site access ∩ space `read/space` ∩ each ancestor's view restriction ∩ the page's own.
 * Edit = view ∩ not archived ∩ the space permission editing needs (by role mode, see
 * `editOperations`) ∩ the page's own edit restriction. Edit restrictions do not inherit, so
 * ancestors only appear through view.
 */
import type {
  AccessDecision,
  Decision,
  Layer,
  ListedCounts,
  Rule,
  Through,
  UncheckedCause,
} from './decision';
import { verdictOf } from './decision';
import {
  CREATE_BLOGPOST,
  CREATE_PAGE,
  READ_SPACE,
  UPDATE_BLOGPOST,
  UPDATE_PAGE,
  isRestricting,
  isUnknown,
  nodeRef,
  sameOperation,
} from './model';
import type {
  AccessInput,
  AncestorNode,
  NodeRef,
  Operation,
  Restriction,
  RestrictionList,
  SiteSettings,
  SpaceGrant,
  SpaceRoleMode,
  Subject,
} from './model';
import { isGuest, lacksProductAccess } from './principals';
import { checkRestriction } from './restrictions';
import { spaceAccessRoutes } from './space-permissions';

export function evaluateAccess(input: AccessInput, subject: Subject): AccessDecision {
  const archived = input.page.status === 'archived';
  const view = [
    siteAccessLayer(input.site, subject),
    spaceLayer(input, subject, 'space-permission'),
    ...input.ancestors.flatMap((ancestor) => inheritedLayer(ancestor, subject, archived)),
    restrictionLayer('own-restriction', input.page.read, subject, false),
  ];
  const edit = [
    ...view,
    ...(archived ? [archivedLayer()] : []),
    spaceLayer(input, subject, 'space-edit-permission'),
    updateRestrictionLayer(input, subject),
  ];
  return { view: decide(view), edit: decide(edit) };
}

/**
 * The permissions that edit this kind of content, as the site's model names them (the legacy
 * "Add", the roles model's "Edit content", or either during the transition). Which grants
 * actually count is `editGrants`'s to say.
 */
export function editOperations(
  content: Pick<NodeRef, 'type'>,
  roleMode: SpaceRoleMode = 'PRE_ROLES',
): readonly Operation[] {
  const blog = content.type === 'blogpost';
  const create = blog ? CREATE_BLOGPOST : CREATE_PAGE;
  const update = blog ? UPDATE_BLOGPOST : UPDATE_PAGE;
  switch (roleMode) {
    case 'PRE_ROLES':
      return [create];
    case 'ROLES_TRANSITION':
      return [create, update];
    case 'ROLES':
      return [update];
  }
}

/**
 * The grants that let someone edit this kind of content. "Edit content" (`update/<type>`) edits
 * wherever it comes from. "Add" (`create/<type>`) has always meant add and edit in the legacy
 * list, so a legacy grant of it edits too; a role's "Create content" does not (in the roles model
 * creating and editing are separate permissions), and on a ROLES site the legacy list is not the
 * truth at all. During the transition both kinds of grant exist, so either route passes.
 */
export function editGrants(
  grants: readonly SpaceGrant[],
  content: Pick<NodeRef, 'type'>,
  roleMode: SpaceRoleMode = 'PRE_ROLES',
): readonly SpaceGrant[] {
  const blog = content.type === 'blogpost';
  const create = blog ? CREATE_BLOGPOST : CREATE_PAGE;
  const update = blog ? UPDATE_BLOGPOST : UPDATE_PAGE;
  return grants.filter(
    (grant) =>
      sameOperation(grant.operation, update) ||
      (roleMode !== 'ROLES' && grant.via === undefined && sameOperation(grant.operation, create)),
  );
}

function decide(reasons: readonly Layer[]): Decision {
  return { allowed: reasons.every((layer) => layer.passes), verdict: verdictOf(reasons), reasons };
}

function layer(rule: Rule, passes: boolean, extra: Partial<Layer> = {}): Layer {
  return { rule, passes, checked: true, through: [], ...extra };
}

function unchecked(rule: Rule, because: UncheckedCause, extra: Partial<Layer> = {}): Layer {
  return layer(rule, false, { ...extra, checked: false, uncheckedBecause: because });
}

/** Only a non-empty list is reported, so layers without such routes keep their plain shape. */
function unconfirmedField(routes: readonly Through[]): Partial<Layer> {
  return routes.length === 0 ? {} : { unconfirmed: routes };
}

function siteAccessLayer(site: SiteSettings, subject: Subject): Layer {
  const rule = 'site-access';
  switch (subject.kind) {
    case 'user':
      // Only an inactive or closed account is deactivated: lacking Confluence is something else.
      if (subject.active === false) return layer(rule, false, { account: 'deactivated' });
      if (subject.accountType === 'customer') return layer(rule, true, { account: 'customer' });
      if (lacksProductAccess(subject)) return layer(rule, true, { account: 'no-product-access' });
      if (isGuest(subject)) return layer(rule, true, { account: 'guest' });
      return layer(rule, true, { account: 'active' });
    case 'group':
      return layer(rule, true);
    case 'anonymous':
      return anonymousSiteLayer(site);
  }
}

/** Confluence does not reveal the site's anonymous-access switch, so 'unknown' is unchecked. */
function anonymousSiteLayer(site: SiteSettings): Layer {
  switch (site.anonymousAccess) {
    case 'on':
      return layer('site-access', true);
    case 'off':
      return layer('site-access', false);
    case 'unknown':
      return unchecked('site-access', 'site-setting');
  }
}

function spaceLayer(
  input: AccessInput,
  subject: Subject,
  rule: 'space-permission' | 'space-edit-permission',
): Layer {
  const viewing = rule === 'space-permission';
  const operations = viewing ? [READ_SPACE] : editOperations(input.page, input.roleMode);
  const extra: Partial<Layer> = viewing ? {} : { operations };
  if (viewing && subject.kind === 'user' && subject.accountType === 'app') {
    return layer(rule, true, { through: [{ kind: 'app-scopes' }] });
  }
  if (isUnknown(input.grants)) {
    return unchecked(rule, 'unreadable', { ...extra, unreadable: input.grants.unknown });
  }
  const grants = viewing ? input.grants : editGrants(input.grants, input.page, input.roleMode);
  const { through, unconfirmed } = spaceAccessRoutes(
    grants,
    subject,
    viewing ? operations : editOperations(input.page, 'ROLES_TRANSITION'),
  );
  if (through.length > 0) {
    return layer(rule, true, { ...extra, through, ...unconfirmedField(unconfirmed) });
  }
  if (unconfirmed.length > 0) {
    return unchecked(rule, 'unlisted-members', { ...extra, unconfirmed });
  }
  const hint: Partial<Layer> =
    !viewing && addsButDoesNotEdit(input, subject) ? { canAdd: true } : {};
  return layer(rule, false, { ...extra, ...hint });
}

/** On role-based sites, someone who may add pages but not edit them is told why. */
function addsButDoesNotEdit(input: AccessInput, subject: Subject): boolean {
  const roles = input.roleMode === 'ROLES' || input.roleMode === 'ROLES_TRANSITION';
  if (!roles || isUnknown(input.grants)) return false;
  const create = input.page.type === 'blogpost' ? CREATE_BLOGPOST : CREATE_PAGE;
  return spaceAccessRoutes(input.grants, subject, [create]).through.length > 0;
}

/** Ancestors without a view restriction are no constraint and get no layer of their own. */
function inheritedLayer(ancestor: AncestorNode, subject: Subject, archived: boolean): Layer[] {
  if (!isUnknown(ancestor.read) && !isRestricting(ancestor.read)) return [];
  const evaluated = restrictionLayer('inherited-restriction', ancestor.read, subject, archived);
  return [{ ...evaluated, ancestor: nodeRef(ancestor) }];
}

/** Archived content cannot be edited by anyone until it is restored. */
function archivedLayer(): Layer {
  return layer('content-status', false);
}

function updateRestrictionLayer(input: AccessInput, subject: Subject): Layer {
  return restrictionLayer('update-restriction', input.page.update, subject, false);
}

function listedCounts(list: RestrictionList): ListedCounts {
  return { users: list.users.length, groups: list.groups.length, teams: list.teams?.length ?? 0 };
}

/**
 * `archivedAbove`: an inherited restriction of archived content. Atlassian Support records
 * (CONFCLOUD-83913) that archiving may drop inherited restrictions, so being kept out by one is
 * not certain.
 */
function restrictionLayer(
  rule: Rule,
  restriction: Restriction,
  subject: Subject,
  archivedAbove: boolean,
): Layer {
  const result = checkRestriction(restriction, subject);
  switch (result.outcome) {
    case 'open':
      return layer(rule, true);
    case 'unknown':
      return unchecked(rule, 'unreadable', { unreadable: result.cause });
    case 'listed':
      return layer(rule, true, {
        through: result.through,
        listed: listedCounts(result.list),
        ...unconfirmedField(result.unconfirmed),
      });
    case 'maybe-listed':
      return unchecked(rule, 'unlisted-members', {
        listed: listedCounts(result.list),
        unconfirmed: result.unconfirmed,
      });
    case 'not-listed':
      return archivedAbove
        ? unchecked(rule, 'archived', { listed: listedCounts(result.list) })
        : layer(rule, false, { listed: listedCounts(result.list) });
  }
}
