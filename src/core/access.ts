/**
 * Can this subject view / edit this page, and why? Every layer of DESIGN.md §3 is evaluated and
 * reported, even after one fails, so a page owner sees everything that would need to change.
 *
 * View = site access ∩ space `read/space` ∩ each ancestor's view restriction ∩ the page's own.
 * Edit = view ∩ space `create/page` (`create/blogpost` for blog posts) ∩ the page's own edit
 * restriction. Edit restrictions do not inherit, so ancestors only appear through view.
 */
import type { AccessDecision, Decision, Layer, Rule } from './decision';
import {
  CREATE_BLOGPOST,
  CREATE_PAGE,
  READ_SPACE,
  isRestricting,
  isUnknown,
  nodeRef,
} from './model';
import type {
  AccessInput,
  AncestorNode,
  Operation,
  PageNode,
  Restriction,
  SiteSettings,
  Subject,
} from './model';
import { isGuest } from './principals';
import { checkRestriction } from './restrictions';
import { spacePermissionRoutes } from './space-permissions';
import {
  capitalize,
  groupName,
  joinAnd,
  listSize,
  membershipPhrase,
  nodeName,
  spaceName,
  subjectName,
  throughPhrase,
  unknownCause,
} from './wording';

export function evaluateAccess(input: AccessInput, subject: Subject): AccessDecision {
  const view = [
    siteAccessLayer(input.site, subject),
    spaceLayer(input, subject, 'space-permission'),
    ...input.ancestors.flatMap((ancestor) => inheritedLayer(ancestor, subject)),
    viewRestrictionLayer('own-restriction', input.page, subject),
  ];
  const edit = [
    ...view,
    spaceLayer(input, subject, 'space-edit-permission'),
    updateRestrictionLayer(input.page, subject),
  ];
  return { view: decide(view), edit: decide(edit) };
}

/** The space permission that editing this kind of content needs. */
export function editOperation(page: PageNode): Operation {
  return page.type === 'blogpost' ? CREATE_BLOGPOST : CREATE_PAGE;
}

function decide(reasons: readonly Layer[]): Decision {
  return { allowed: reasons.every((layer) => layer.passes), reasons };
}

function layer(rule: Rule, passes: boolean, message: string, extra: Partial<Layer> = {}): Layer {
  return { rule, passes, checked: true, through: [], message, ...extra };
}

function siteAccessLayer(site: SiteSettings, subject: Subject): Layer {
  const rule = 'site-access';
  const who = capitalize(subjectName(subject));
  switch (subject.kind) {
    case 'user':
      if (subject.active === false) {
        return layer(
          rule,
          false,
          `${who}'s account is deactivated, so they cannot use Confluence.`,
        );
      }
      if (isGuest(subject)) {
        return layer(
          rule,
          true,
          `${who} is a guest: they can use Confluence, but only in the space they are assigned to and in spaces open to anonymous visitors.`,
        );
      }
      return layer(rule, true, `${who} has an active account on this site.`);
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
      return layer(
        'site-access',
        false,
        'Access Lens cannot tell whether this site lets visitors in without logging in (Confluence does not reveal that setting), so anonymous access is not counted.',
        { checked: false },
      );
  }
}

function spaceLayer(
  input: AccessInput,
  subject: Subject,
  rule: 'space-permission' | 'space-edit-permission',
): Layer {
  const space = `the space ${spaceName(input.space)}`;
  const action =
    rule === 'space-permission' ? `view ${space}` : `${addWhat(input.page)} in ${space}`;
  const who = capitalize(subjectName(subject));
  if (isUnknown(input.grants)) {
    const why = unknownCause(input.grants.unknown, `the permissions of ${space}`);
    return layer(
      rule,
      false,
      `${capitalize(why)}, so whether ${subjectName(subject)} can ${action} could not be checked.`,
      { checked: false },
    );
  }
  const operation = rule === 'space-permission' ? READ_SPACE : editOperation(input.page);
  const through = spacePermissionRoutes(input.grants, subject, operation);
  if (through.length > 0) {
    return layer(
      rule,
      true,
      `${who} can ${action} through ${joinAnd(through.map(throughPhrase))}.`,
      {
        through,
      },
    );
  }
  return layer(rule, false, noSpacePermission(subject, action));
}

function addWhat(page: PageNode): string {
  return page.type === 'blogpost' ? 'add blog posts' : 'add pages';
}

function noSpacePermission(subject: Subject, action: string): string {
  const who = capitalize(subjectName(subject));
  switch (subject.kind) {
    case 'anonymous':
      return `${who} have no permission to ${action}.`;
    case 'group':
      return `${who} gets no permission to ${action}: it is not granted to ${groupName(subject)} or to everyone.`;
    case 'user':
      return isGuest(subject)
        ? `${who} is a guest with no permission to ${action}: guests only get grants to themselves, their groups and anonymous visitors.`
        : `${who} has no permission to ${action}: it is not granted to them, to their groups or to everyone.`;
  }
}

/** Ancestors without a view restriction are no constraint and get no layer of their own. */
function inheritedLayer(ancestor: AncestorNode, subject: Subject): Layer[] {
  if (!isUnknown(ancestor.read) && !isRestricting(ancestor.read)) return [];
  return [
    {
      ...viewRestrictionLayer('inherited-restriction', ancestor, subject),
      ancestor: nodeRef(ancestor),
    },
  ];
}

function viewRestrictionLayer(
  rule: 'own-restriction' | 'inherited-restriction',
  node: AncestorNode,
  subject: Subject,
): Layer {
  const where =
    rule === 'own-restriction' ? 'This page' : `${capitalize(nodeName(node))} above this page`;
  return restrictionLayer(rule, node.read, subject, {
    what: `the view restriction of ${rule === 'own-restriction' ? 'this page' : nodeName(node)}`,
    open: 'This page has no view restriction of its own.',
    limits: `${where} limits viewing to`,
  });
}

function updateRestrictionLayer(page: PageNode, subject: Subject): Layer {
  return restrictionLayer('update-restriction', page.update, subject, {
    what: 'the edit restriction of this page',
    open: 'This page has no edit restriction, so everyone who can view it and add pages in the space can edit it.',
    limits: 'This page limits editing to',
  });
}

interface RestrictionWording {
  readonly what: string;
  readonly open: string;
  readonly limits: string;
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
      return layer(
        rule,
        false,
        `${capitalize(unknownCause(result.cause, words.what))}, so whether it allows ${who} could not be checked.`,
        { checked: false },
      );
    case 'listed': {
      const size = listSize(result.list);
      return layer(
        rule,
        true,
        `${words.limits} ${size}; ${who} is listed ${membershipPhrase(result.through)}.`,
        { through: result.through },
      );
    }
    case 'not-listed': {
      const size = listSize(result.list);
      const why =
        subject.kind === 'anonymous'
          ? 'anonymous visitors are never included in a restriction'
          : `${who} is not among them`;
      return layer(rule, false, `${words.limits} ${size}; ${why}.`);
    }
  }
}
