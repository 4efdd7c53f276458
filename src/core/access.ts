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
import type { AccessDecision, Decision, Layer, Rule, Through, UncheckedCause } from './decision';
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
  PageNode,
  Restriction,
  SiteSettings,
  SpaceGrant,
  SpaceRoleMode,
  Subject,
} from './model';
import { isGuest, lacksProductAccess } from './principals';
import { checkRestriction } from './restrictions';
import { spaceAccessRoutes } from './space-permissions';
import {
  capitalize,
  groupName,
  joinAnd,
  listSize,
  membershipPhrase,
  nodeName,
  spaceName,
  subjectName,
  teamName,
  throughPhrase,
  typeWord,
  unknownCause,
  unrecognisedName,
} from './wording';

export function evaluateAccess(input: AccessInput, subject: Subject): AccessDecision {
  const archived = input.page.status === 'archived';
  const view = [
    siteAccessLayer(input.site, subject),
    spaceLayer(input, subject, 'space-permission'),
    ...input.ancestors.flatMap((ancestor) => inheritedLayer(ancestor, subject, archived)),
    viewRestrictionLayer('own-restriction', input.page, subject),
  ];
  const edit = [
    ...view,
    ...(archived ? [archivedLayer(input.page)] : []),
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

/**
 * "add pages", "edit blog posts": what the edit permission lets people do, in the words of the
 * site's model. During the transition a subject with neither permission lacks "add or edit".
 */
export function editAction(
  content: Pick<NodeRef, 'type'>,
  roleMode: SpaceRoleMode = 'PRE_ROLES',
  holds = true,
): string {
  const things = content.type === 'blogpost' ? 'blog posts' : 'pages';
  switch (roleMode) {
    case 'PRE_ROLES':
      return `add ${things}`;
    case 'ROLES_TRANSITION':
      return holds ? `edit ${things}` : `add or edit ${things}`;
    case 'ROLES':
      return `edit ${things}`;
  }
}

function decide(reasons: readonly Layer[]): Decision {
  return { allowed: reasons.every((layer) => layer.passes), verdict: verdictOf(reasons), reasons };
}

function layer(rule: Rule, passes: boolean, message: string, extra: Partial<Layer> = {}): Layer {
  return { rule, passes, checked: true, through: [], message, ...extra };
}

function unchecked(
  rule: Rule,
  because: UncheckedCause,
  message: string,
  extra: Partial<Layer> = {},
): Layer {
  return layer(rule, false, message, { ...extra, checked: false, uncheckedBecause: because });
}

/** Only a non-empty list is reported, so layers without such routes keep their plain shape. */
function unconfirmedField(routes: readonly Through[]): Partial<Layer> {
  return routes.length === 0 ? {} : { unconfirmed: routes };
}

function siteAccessLayer(site: SiteSettings, subject: Subject): Layer {
  const rule = 'site-access';
  const who = capitalize(subjectName(subject));
  switch (subject.kind) {
    case 'user':
      // Only an inactive or closed account is deactivated: lacking Confluence is something else.
      if (subject.active === false) {
        return layer(
          rule,
          false,
          `${who}'s account is deactivated, so they cannot use Confluence.`,
          { account: 'deactivated' },
        );
      }
      if (subject.accountType === 'customer') {
        return layer(
          rule,
          true,
          `${who} is a service-desk customer: they have an Atlassian account but no access to Confluence, so they only see spaces open to everyone.`,
          { account: 'customer' },
        );
      }
      if (lacksProductAccess(subject)) {
        return layer(
          rule,
          true,
          `${who} has an Atlassian account but no access to Confluence, so they only see spaces open to everyone.`,
          { account: 'no-product-access' },
        );
      }
      if (isGuest(subject)) {
        return layer(
          rule,
          true,
          `${who} is a guest: they can use Confluence, but only in the space they are assigned to and in spaces open to anonymous visitors.`,
          { account: 'guest' },
        );
      }
      return layer(rule, true, `${who} has an active account on this site.`, {
        account: 'active',
      });
    case 'group':
      return layer(rule, true, `${who} can log in to this site.`);
    case 'anonymous':
      return anonymousSiteLayer(site);
  }
}

function anonymousSiteLayer(site: SiteSettings): Layer {
  switch (site.anonymousAccess) {
    case 'on':
      return layer('site-access', true, 'This site lets visitors in without logging in.');
    case 'off':
      return layer(
        'site-access',
        false,
        'This site does not let anyone in without logging in, so anonymous visitors see nothing.',
      );
    case 'unknown':
      return unchecked(
        'site-access',
        'site-setting',
        'Access Lens cannot tell whether this site lets visitors in without logging in (Confluence does not reveal that setting), so anonymous access is not counted.',
      );
  }
}

function spaceLayer(
  input: AccessInput,
  subject: Subject,
  rule: 'space-permission' | 'space-edit-permission',
): Layer {
  const space = `the space ${spaceName(input.space)}`;
  const viewing = rule === 'space-permission';
  const operations = viewing ? [READ_SPACE] : editOperations(input.page, input.roleMode);
  const extra: Partial<Layer> = viewing ? {} : { operations };
  const action = (holds: boolean) =>
    viewing ? `view ${space}` : `${editAction(input.page, input.roleMode, holds)} in ${space}`;
  const who = capitalize(subjectName(subject));
  if (isUnknown(input.grants)) {
    const why = unknownCause(input.grants.unknown, `the permissions of ${space}`);
    return unchecked(
      rule,
      'unreadable',
      `${capitalize(why)}, so whether ${subjectName(subject)} can ${action(true)} could not be checked.`,
      extra,
    );
  }
  const grants = viewing ? input.grants : editGrants(input.grants, input.page, input.roleMode);
  const { through, unconfirmed } = spaceAccessRoutes(
    grants,
    subject,
    viewing ? operations : editOperations(input.page, 'ROLES_TRANSITION'),
  );
  if (through.length > 0) {
    return layer(
      rule,
      true,
      `${who} can ${action(true)} through ${joinAnd(through.map(throughPhrase))}.`,
      { ...extra, through, ...unconfirmedField(unconfirmed) },
    );
  }
  if (unconfirmed.length > 0) {
    return unchecked(
      rule,
      'unlisted-members',
      unlistedMembersSentence(unconfirmed, action(true), subject),
      { ...extra, unconfirmed },
    );
  }
  const hint = viewing ? '' : addButNotEdit(input, subject);
  return layer(rule, false, `${noSpacePermission(subject, action(false))}${hint}`, extra);
}

/** On role-based sites, someone who may add pages but not edit them is told why. */
function addButNotEdit(input: AccessInput, subject: Subject): string {
  const roles = input.roleMode === 'ROLES' || input.roleMode === 'ROLES_TRANSITION';
  if (!roles || isUnknown(input.grants)) return '';
  const create = input.page.type === 'blogpost' ? CREATE_BLOGPOST : CREATE_PAGE;
  const adds = spaceAccessRoutes(input.grants, subject, [create]).through.length > 0;
  if (!adds) return '';
  const things = input.page.type === 'blogpost' ? 'blog posts' : 'pages';
  return ` They can add ${things}, but on this site editing ${things} is a separate permission.`;
}

function noSpacePermission(subject: Subject, action: string): string {
  const who = capitalize(subjectName(subject));
  switch (subject.kind) {
    case 'anonymous':
      return `${who} have no permission to ${action}.`;
    case 'group':
      return `${who} gets no permission to ${action}: it is not granted to ${groupName(subject)} or to everyone.`;
    case 'user':
      if (lacksProductAccess(subject)) {
        return `${who} has no permission to ${action}: without access to Confluence, only what is open to anonymous visitors or to all logged-in users reaches them.`;
      }
      return isGuest(subject)
        ? `${who} is a guest with no permission to ${action}: guests only get grants to themselves and what anonymous visitors get.`
        : `${who} has no permission to ${action}: it is not granted to them, to their groups or to everyone.`;
  }
}

/**
 * "Members of the team Platform may view the space Engineering: Access Lens cannot list team
 * members, so whether Alice is one could not be checked."
 */
function unlistedMembersSentence(
  routes: readonly Through[],
  action: string,
  subject: Subject,
): string {
  const who = subjectName(subject);
  const role = (route: Through) => (route.via === undefined ? '' : ` (as ${route.via.role})`);
  const names = routes.flatMap((route) => {
    switch (route.kind) {
      case 'team':
        return [`${teamName(route.team)}${role(route)}`];
      case 'unrecognised':
        return [`${unrecognisedName(route.type, route.id)}${role(route)}`];
      default:
        return [];
    }
  });
  if (routes.every((route) => route.kind === 'team')) {
    return `Members of ${joinAnd(names)} may ${action}: Access Lens cannot list team members, so whether ${who} is one could not be checked.`;
  }
  return `Members of ${joinAnd(names)} may ${action}: Access Lens cannot tell who ${names.length === 1 ? 'it includes' : 'they include'}, so whether ${who} is among them could not be checked.`;
}

/** Ancestors without a view restriction are no constraint and get no layer of their own. */
function inheritedLayer(ancestor: AncestorNode, subject: Subject, archived: boolean): Layer[] {
  if (!isUnknown(ancestor.read) && !isRestricting(ancestor.read)) return [];
  const evaluated = viewRestrictionLayer('inherited-restriction', ancestor, subject, archived);
  return [{ ...evaluated, ancestor: nodeRef(ancestor) }];
}

function viewRestrictionLayer(
  rule: 'own-restriction' | 'inherited-restriction',
  node: AncestorNode,
  subject: Subject,
  archived = false,
): Layer {
  const where =
    rule === 'own-restriction' ? 'This page' : `${capitalize(nodeName(node))} above this page`;
  return restrictionLayer(rule, node.read, subject, {
    what: `the view restriction of ${rule === 'own-restriction' ? 'this page' : nodeName(node)}`,
    open: 'This page has no view restriction of its own.',
    limits: `${where} limits viewing to`,
    verb: 'view',
    archivedAbove: archived && rule === 'inherited-restriction',
  });
}

/** Archived content cannot be edited by anyone until it is restored. */
function archivedLayer(page: PageNode): Layer {
  return layer(
    'content-status',
    false,
    `This ${typeWord(page.type)} is archived: archived content cannot be edited by anyone until it is restored.`,
  );
}

function updateRestrictionLayer(input: AccessInput, subject: Subject): Layer {
  const action = editAction(input.page, input.roleMode, false);
  return restrictionLayer('update-restriction', input.page.update, subject, {
    what: 'the edit restriction of this page',
    open: `This page has no edit restriction, so everyone who can view it and ${action} in the space can edit it.`,
    limits: 'This page limits editing to',
    verb: 'edit',
    archivedAbove: false,
  });
}

interface RestrictionWording {
  readonly what: string;
  readonly open: string;
  readonly limits: string;
  readonly verb: 'view' | 'edit';
  /**
   * An inherited restriction of archived content: Atlassian Support records (CONFCLOUD-83913) that
   * archiving may drop inherited restrictions, so being kept out by one is not certain.
   */
  readonly archivedAbove: boolean;
}

function restrictionLayer(
  rule: Rule,
  restriction: Restriction,
  subject: Subject,
  words: RestrictionWording,
): Layer {
  const result = checkRestriction(restriction, subject);
  const who = subjectName(subject);
  switch (result.outcome) {
    case 'open':
      return layer(rule, true, words.open);
    case 'unknown':
      return unchecked(
        rule,
        'unreadable',
        `${capitalize(unknownCause(result.cause, words.what))}, so whether it allows ${who} could not be checked.`,
      );
    case 'listed': {
      const size = listSize(result.list);
      return layer(
        rule,
        true,
        `${words.limits} ${size}; ${who} is listed ${membershipPhrase(result.through)}.`,
        { through: result.through, ...unconfirmedField(result.unconfirmed) },
      );
    }
    case 'maybe-listed': {
      const size = listSize(result.list);
      return unchecked(
        rule,
        'unlisted-members',
        `${words.limits} ${size}. ${unlistedMembersSentence(result.unconfirmed, `${words.verb} this page`, subject)}`,
        { unconfirmed: result.unconfirmed },
      );
    }
    case 'not-listed': {
      const size = listSize(result.list);
      const why =
        subject.kind === 'anonymous'
          ? 'anonymous visitors are never included in a restriction'
          : `${who} is not among them`;
      if (words.archivedAbove) {
        return unchecked(
          rule,
          'archived',
          `${words.limits} ${size}; ${why}. But this page is archived, so whether that still keeps ${who} out could not be checked: Confluence may show archived pages to people a restriction above them kept out (CONFCLOUD-83913).`,
        );
      }
      return layer(rule, false, `${words.limits} ${size}; ${why}.`);
    }
  }
}
