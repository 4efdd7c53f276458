/**
 * The macro's words, from the catalogue (keys `macro.*`, and the shared page-access renderers in
 * src/messages/access.ts). Page owners read these, so they name people, groups and pages, never
 * API terms. Pure functions of a `Messages`, so the wording is tested without rendering; which
 * lozenge appearance goes with which fact stays data here.
 */
import type { LozengeProps } from '@forge/react';
import type { Audience, Layer } from '../../contract/results';
import type { RoleVia } from '../../core';
import { editAction, nodeName } from '../../messages/access';
import type { Messages } from '../../messages/format';

export type Appearance = NonNullable<LozengeProps['appearance']>;

export interface Badge {
  readonly text: string;
  readonly appearance: Appearance;
}

/**
 * "just now", "5 min ago", "2 h ago", "3 days ago": the macro's short ages (shorter than
 * `Messages.age`, which says "5 minutes ago").
 */
export function ageText(m: Messages, asOf: string, now: number): string {
  const at = Date.parse(asOf);
  if (Number.isNaN(at)) return m.text('common.time.unknown');
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return m.text('common.time.justNow');
  if (minutes < 60) return m.count('macro.age.minutes', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return m.count('macro.age.hours', hours);
  return m.count('macro.age.days', Math.floor(hours / 24));
}

/** A short title for a layer of a decision, before its full sentence. */
export function layerTitle(
  m: Messages,
  layer: Pick<Layer, 'rule' | 'ancestor' | 'operations'>,
): string {
  switch (layer.rule) {
    case 'inherited-restriction':
      return layer.ancestor === undefined
        ? m.text('macro.layer.inherited-restriction')
        : m.text('macro.layer.inheritedFrom', { node: nodeName(m, layer.ancestor, 'dat') });
    case 'space-edit-permission':
      return m.text('macro.layer.space-edit-permission', {
        edit: editAction(m, layer.operations, { holds: false, form: 'purpose' }),
      });
    case 'site-access':
    case 'space-permission':
    case 'own-restriction':
    case 'content-status':
    case 'update-restriction':
      return m.text(`macro.layer.${layer.rule}`);
  }
}

/** Restriction layers that let everyone through because nobody is listed on them. */
const RESTRICTION_RULES: ReadonlySet<Layer['rule']> = new Set([
  'own-restriction',
  'update-restriction',
  'inherited-restriction',
]);

export function layerBadge(
  m: Messages,
  layer: Pick<Layer, 'passes' | 'checked'> & Partial<Pick<Layer, 'rule' | 'listed'>>,
): Badge {
  if (!layer.checked) return { text: m.text('macro.badge.unchecked'), appearance: 'moved' };
  // "Passes" would suggest a list the person is on; there is no list at all.
  if (layer.passes && layer.rule !== undefined && RESTRICTION_RULES.has(layer.rule)) {
    if (layer.listed === undefined)
      return { text: m.text('macro.badge.none'), appearance: 'default' };
  }
  return layer.passes
    ? { text: m.text('macro.badge.passes'), appearance: 'success' }
    : { text: m.text('macro.badge.blocked'), appearance: 'removed' };
}

export function rolesText(m: Messages, via: readonly RoleVia[]): string {
  if (via.length === 0) return '';
  const roles = via
    .map((v) => v.role)
    .reduce((first, next) => m.text('common.list.comma', { first, next }));
  return m.text('macro.roles', { roles });
}

/** The lozenges of the summary line, most important first. */
export function summaryBadges(m: Messages, audience: Audience): Badge[] {
  const badge = (key: string, appearance: Appearance): Badge => ({
    text: m.text(`macro.summary.${key}`),
    appearance,
  });
  const badges: Badge[] = [];
  switch (audience.viewRestriction) {
    case 'restricted':
      badges.push(badge('restricted', 'inprogress'));
      break;
    case 'none':
      badges.push(badge('open', 'moved'));
      break;
    case 'unknown':
      badges.push(badge('restrictionsUnknown', 'moved'));
      break;
  }
  const inherited = audience.restrictingAncestors.length;
  if (inherited > 0) {
    badges.push({ text: m.count('macro.summary.inherits', inherited), appearance: 'inprogress' });
  }
  if (audience.status === 'archived') badges.push(badge('archived', 'inprogress'));
  if (audience.editRestriction === 'restricted') badges.push(badge('editRestricted', 'inprogress'));
  switch (audience.anonymous) {
    case 'yes':
      badges.push(badge('anonymous', 'removed'));
      break;
    case 'depends-on-site-setting':
      badges.push(badge('anonymousIfSiteAllows', 'moved'));
      break;
    case 'unknown':
      badges.push(badge('anonymousUnknown', 'moved'));
      break;
    case 'no':
      break;
  }
  if (audience.everyoneLoggedIn === 'yes') badges.push(badge('everyoneLoggedIn', 'moved'));
  switch (audience.guests) {
    case 'all':
      badges.push(badge('everyGuest', 'removed'));
      break;
    case 'some':
      // Restrictions may still exclude the space's guests: say only what is known.
      badges.push(
        badge(
          audience.viewRestriction === 'none' ? 'spaceGuests' : 'spaceGuestsIfListed',
          'default',
        ),
      );
      break;
    case 'unknown':
      badges.push(badge('guestsUnknown', 'moved'));
      break;
    case 'none':
      break;
  }
  return badges;
}
