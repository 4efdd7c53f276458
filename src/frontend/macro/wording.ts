/**
 * Plain-language fragments for the macro. Page owners read these, so they name people, groups and
 * pages, never API terms. Pure functions, so the wording is tested without rendering.
 */
import type { LozengeProps } from '@forge/react';
import type { Audience, Layer } from '../../contract/results';
import type { NodeRef, Operation, Principal, RoleVia, UnknownCause } from '../../core';

export type Appearance = NonNullable<LozengeProps['appearance']>;

export interface Badge {
  readonly text: string;
  readonly appearance: Appearance;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "just now", "5 min ago", "2 h ago", "3 days ago". */
export function ageText(asOf: string, now: number): string {
  const at = Date.parse(asOf);
  if (Number.isNaN(at)) return 'at an unknown time';
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${plural(Math.floor(hours / 24), 'day', 'days')} ago`;
}

/** Embeds are what Confluence's editor calls smart links. */
const NODE_WORDS: Readonly<Record<NodeRef['type'], string>> = {
  page: 'page',
  folder: 'folder',
  blogpost: 'blog post',
  whiteboard: 'whiteboard',
  database: 'database',
  embed: 'smart link',
  other: 'item',
};

export function nodeName(node: NodeRef): string {
  const word = NODE_WORDS[node.type];
  return node.title === undefined
    ? `the ${word} with id ${node.id}`
    : `the ${word} "${node.title}"`;
}

/**
 * What the edit permission is called on this site: the legacy "Add" permission (`create/*`) also
 * lets people edit; role-based sites have "Edit" (`update/*`) of its own; during the transition
 * either counts.
 */
export function editPermissionWords(operations: readonly Operation[] | undefined): string {
  const keys = new Set((operations ?? []).map((operation) => operation.key));
  const blog = (operations ?? []).some((operation) => operation.targetType === 'blogpost');
  const things = blog ? 'blog posts' : 'pages';
  if (keys.has('create') && keys.has('update')) return `add or edit ${things}`;
  if (keys.has('update')) return `edit ${things}`;
  return `add ${things}`;
}

/** A short title for a layer of a decision, before its full sentence. */
export function layerTitle(layer: Pick<Layer, 'rule' | 'ancestor' | 'operations'>): string {
  switch (layer.rule) {
    case 'site-access':
      return 'Access to the site';
    case 'space-permission':
      return 'Permission to view the space';
    case 'inherited-restriction':
      return layer.ancestor === undefined
        ? 'Restriction inherited from above'
        : `Restriction inherited from ${nodeName(layer.ancestor)}`;
    case 'own-restriction':
      return "This page's view restriction";
    case 'content-status':
      return 'Archived';
    case 'space-edit-permission':
      return `Permission to ${editPermissionWords(layer.operations)} in the space`;
    case 'update-restriction':
      return "This page's edit restriction";
  }
}

export function layerBadge(layer: Pick<Layer, 'passes' | 'checked'>): Badge {
  if (!layer.checked) return { text: 'Could not check', appearance: 'moved' };
  return layer.passes
    ? { text: 'Passes', appearance: 'success' }
    : { text: 'Blocked', appearance: 'removed' };
}

export function unknownListText(cause: UnknownCause): string {
  switch (cause) {
    case 'hidden-from-app':
      return 'Access Lens is not allowed to read this list, so it cannot say who is on it.';
    case 'hidden-from-viewer':
      return 'This list is hidden from you, so Access Lens cannot say who is on it.';
    case 'read-failed':
      return 'This list could not be read just now, so Access Lens cannot say who is on it.';
  }
}

const ACCESS_CLASSES: Readonly<Record<string, string>> = {
  'anonymous-users': 'Anonymous visitors',
  'authenticated-users': 'All logged-in users',
  'all-licensed-users': 'All licensed users',
  'all-product-admins': 'All product admins',
  'jsm-project-admins': 'Jira Service Management project admins',
};

/** Names for principals that are not a person or a group (those have their own components). */
export function audienceName(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return principal.displayName ?? principal.accountId;
    case 'group':
      return principal.name ?? principal.groupId;
    case 'anonymous':
      return 'Anonymous visitors';
    case 'access-class':
      return ACCESS_CLASSES[principal.accessClass] ?? `Access class "${principal.accessClass}"`;
    case 'team':
      // Named, never expanded: no API the app may call lists a team's members.
      return `The team ${principal.name ?? principal.teamId} (members cannot be listed)`;
    case 'other':
      return `Unrecognised entry (${principal.type} ${principal.id})`;
  }
}

export function rolesText(via: readonly RoleVia[]): string {
  return via.length === 0 ? '' : `as ${via.map((v) => v.role).join(', ')}`;
}

/** The lozenges of the summary line, most important first. */
export function summaryBadges(audience: Audience): Badge[] {
  const badges: Badge[] = [];
  switch (audience.viewRestriction) {
    case 'restricted':
      badges.push({ text: 'Restricted', appearance: 'success' });
      break;
    case 'none':
      badges.push({ text: 'Open to everyone in the space', appearance: 'moved' });
      break;
    case 'unknown':
      badges.push({ text: 'Restrictions could not all be checked', appearance: 'moved' });
      break;
  }
  const inherited = audience.restrictingAncestors.length;
  if (inherited > 0) {
    badges.push({
      text: `Inherits restrictions from ${plural(inherited, 'ancestor', 'ancestors')}`,
      appearance: 'inprogress',
    });
  }
  if (audience.status === 'archived') {
    badges.push({ text: 'Archived: nobody can edit', appearance: 'inprogress' });
  }
  if (audience.editRestriction === 'restricted') {
    badges.push({ text: 'Editing restricted', appearance: 'inprogress' });
  }
  switch (audience.anonymous) {
    case 'yes':
      badges.push({ text: 'Anonymous visitors can view', appearance: 'removed' });
      break;
    case 'depends-on-site-setting':
      badges.push({
        text: 'Anonymous visitors can view if the site allows them',
        appearance: 'moved',
      });
      break;
    case 'unknown':
      badges.push({ text: 'Anonymous access could not be checked', appearance: 'moved' });
      break;
    case 'no':
      break;
  }
  if (audience.everyoneLoggedIn === 'yes') {
    badges.push({ text: 'Every logged-in user can view', appearance: 'moved' });
  }
  switch (audience.guests) {
    case 'all':
      badges.push({ text: 'Every guest can view', appearance: 'removed' });
      break;
    case 'some':
      // Restrictions may still exclude the space's guests: say only what is known.
      badges.push({
        text:
          audience.viewRestriction === 'none'
            ? 'Guests of this space can view'
            : 'Guests of this space: only if listed',
        appearance: 'default',
      });
      break;
    case 'unknown':
      badges.push({ text: 'Guest access could not be checked', appearance: 'moved' });
      break;
    case 'none':
      break;
  }
  return badges;
}
