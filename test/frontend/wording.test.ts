import { describeAudience } from '../../src/core';
import type { Principal } from '../../src/core';
import type { NodeRef } from '../../src/core';
import * as wording from '../../src/frontend/macro/wording';
import { nodeName as nodeNameIn, principalName } from '../../src/messages/access';
import { messagesFor } from '../../src/messages/locale-file';
import { emptyLists, exposedConfidential, twoRestrictedAncestors } from '../ui/macro-fixtures';

// The macro's words in English, through the catalogue as the macro reads it.
const m = messagesFor('en-US');
const ageText = (asOf: string, now: number) => wording.ageText(m, asOf, now);
const layerTitle = (layer: Parameters<typeof wording.layerTitle>[1]) =>
  wording.layerTitle(m, layer);
const layerBadge = (layer: Parameters<typeof wording.layerBadge>[1]) =>
  wording.layerBadge(m, layer);
const summaryBadges = (audience: Parameters<typeof wording.summaryBadges>[1]) =>
  wording.summaryBadges(m, audience);
const nodeName = (node: NodeRef) => nodeNameIn(m, node);
const audienceName = (principal: Principal) => principalName(m, principal, 'entry');

describe('macro wording', () => {
  const now = Date.parse('2026-08-01T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it('says how old the data is in words', () => {
    expect(ageText(ago(20_000), now)).toBe('just now');
    expect(ageText(ago(60_000), now)).toBe('1 min ago');
    expect(ageText(ago(59 * 60_000), now)).toBe('59 min ago');
    expect(ageText(ago(3 * 3_600_000), now)).toBe('3 h ago');
    expect(ageText(ago(26 * 3_600_000), now)).toBe('1 day ago');
    expect(ageText(ago(-5_000), now)).toBe('just now');
    expect(ageText('not a date', now)).toBe('at an unknown time');
  });

  it('titles layers by rule and names the ancestor', () => {
    expect(
      layerTitle({
        rule: 'inherited-restriction',
        ancestor: { id: '1', type: 'folder', title: 'Drafts' },
      }),
    ).toBe('Restriction inherited from the folder "Drafts"');
    expect(layerTitle({ rule: 'inherited-restriction', ancestor: { id: '7', type: 'page' } })).toBe(
      'Restriction inherited from the page with id 7',
    );
    expect(layerTitle({ rule: 'space-edit-permission' })).toBe(
      'Permission to add pages in the space',
    );
  });

  it('never shows an unchecked layer as passing', () => {
    expect(layerBadge({ passes: false, checked: false }).text).toBe('Could not check');
    expect(layerBadge({ passes: true, checked: true }).text).toBe('Passes');
    expect(layerBadge({ passes: false, checked: true }).text).toBe('Blocked');
  });

  it('summarises a restricted page under two restricted ancestors', () => {
    expect(summaryBadges(describeAudience(twoRestrictedAncestors)).map((b) => b.text)).toEqual([
      'Restricted',
      'Inherits restrictions from 2 ancestors',
      'Editing restricted',
      'Guests of this space: only if listed',
    ]);
  });

  it('flags anonymous, logged-in and guest exposure of an open page', () => {
    const badges = summaryBadges(describeAudience(exposedConfidential));
    expect(badges.map((b) => b.text)).toEqual([
      'Open to everyone in the space',
      'Anonymous visitors can view if the site allows them',
      'Every logged-in user can view',
      'Every guest can view',
    ]);
  });

  it('does not call a page open when a restriction above it could not be read', () => {
    const texts = summaryBadges(describeAudience(emptyLists)).map((b) => b.text);
    expect(texts[0]).toBe('Restricted');
    expect(texts).not.toContain('Open to everyone in the space');
  });

  it('titles the edit permission in the words of the site', () => {
    const create = { key: 'create', targetType: 'page' };
    const update = { key: 'update', targetType: 'page' };
    expect(layerTitle({ rule: 'space-edit-permission', operations: [create] })).toBe(
      'Permission to add pages in the space',
    );
    expect(layerTitle({ rule: 'space-edit-permission', operations: [update] })).toBe(
      'Permission to edit pages in the space',
    );
    expect(layerTitle({ rule: 'space-edit-permission', operations: [create, update] })).toBe(
      'Permission to add or edit pages in the space',
    );
    expect(
      layerTitle({
        rule: 'space-edit-permission',
        operations: [{ key: 'update', targetType: 'blogpost' }],
      }),
    ).toBe('Permission to edit blog posts in the space');
    expect(layerTitle({ rule: 'content-status' })).toBe('Archived');
  });

  it('names the new content types and teams', () => {
    expect(nodeName({ id: '1', type: 'whiteboard', title: 'Plan' })).toBe('the whiteboard "Plan"');
    expect(nodeName({ id: '2', type: 'database' })).toBe('the database with id 2');
    expect(nodeName({ id: '3', type: 'embed', title: 'Figma' })).toBe('the smart link "Figma"');
    expect(audienceName({ kind: 'team', teamId: 't-1', name: 'Platform' })).toBe(
      'The team Platform (members cannot be listed)',
    );
    expect(audienceName({ kind: 'team', teamId: 't-1' })).toBe(
      'The team t-1 (members cannot be listed)',
    );
  });

  it('shows that an archived page cannot be edited', () => {
    const archived = { ...emptyLists, page: { ...emptyLists.page, status: 'archived' as const } };
    expect(summaryBadges(describeAudience(archived)).map((b) => b.text)).toContain(
      'Archived: nobody can edit',
    );
    expect(summaryBadges(describeAudience(emptyLists)).map((b) => b.text)).not.toContain(
      'Archived: nobody can edit',
    );
  });
});
