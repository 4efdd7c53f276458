/**
 * The effective audience, computed smallest layer first against a small in-memory site: who is
 * listed, what is told by size, what is never read (a large group is never expanded to answer a
 * page restricted to three people), and when the answer says it is incomplete.
 */
import { loadEffectiveAudience } from '../../src/access/load-effective-audience';
import type { AudienceSource } from '../../src/access/load-effective-audience';
import { READ_SPACE } from '../../src/core';
import type { AccessInput, Principal, RestrictionList, SpaceGrant } from '../../src/core';
import type { PersonFacts } from '../../src/core/effective-audience';

const licensed = (accountId: string, displayName = accountId): PersonFacts => ({
  accountId,
  displayName,
  active: true,
  productAccess: true,
  isGuest: false,
});

interface Site {
  readonly people: readonly PersonFacts[];
  readonly groups: Readonly<Record<string, readonly string[]>>;
}

/** An AudienceSource over the site above that counts every read it is asked for. */
function sourceOver(site: Site) {
  const calls = { groupSize: 0, groupMembers: 0, listed: 0, standing: 0, groupsOf: 0 };
  const source: AudienceSource = {
    groupSize(groupId) {
      calls.groupSize += 1;
      return Promise.resolve(site.groups[groupId]?.length);
    },
    groupMembers(groupId, max) {
      calls.groupMembers += 1;
      const members = site.groups[groupId] ?? [];
      calls.listed += Math.min(max, members.length);
      return Promise.resolve({
        members: members.slice(0, max).map((accountId) => ({ accountId })),
        truncated: members.length > max,
      });
    },
    standing(accountIds) {
      calls.standing += 1;
      return Promise.resolve(site.people.filter((p) => accountIds.includes(p.accountId)));
    },
    groupsOf(accountId) {
      calls.groupsOf += 1;
      return Promise.resolve(
        Object.entries(site.groups)
          .filter(([, members]) => members.includes(accountId))
          .map(([groupId]) => ({ groupId })),
      );
    },
  };
  return { source, calls };
}

const OPEN: RestrictionList = { users: [], groups: [] };
const readGrant = (principal: Principal): SpaceGrant => ({ principal, operation: READ_SPACE });
const groupP = (groupId: string): Principal => ({ kind: 'group', groupId });
const userP = (accountId: string): Principal => ({ kind: 'user', accountId });

function input(grants: SpaceGrant[], read: RestrictionList = OPEN): AccessInput {
  return {
    site: { anonymousAccess: 'off' },
    space: { id: '1', key: 'ENG', name: 'Engineering' },
    grants,
    page: { id: '10', type: 'page', title: 'Runbook', read, update: OPEN },
    ancestors: [],
  };
}

const big = Array.from({ length: 10_000 }, (_, i) => `u-staff-${String(i)}`);

describe('effective audience', () => {
  it('answers a page restricted to three people without expanding a 10,000-member group', async () => {
    const site: Site = {
      people: [licensed('u-ann', 'Ann'), licensed('u-ben', 'Ben'), licensed('u-cat', 'Cat')],
      groups: { 'g-all': [...big, 'u-ann', 'u-ben'] },
    };
    const { source, calls } = sourceOver(site);
    const { audience, rounds } = await loadEffectiveAudience(
      source,
      input([readGrant(groupP('g-all'))], {
        users: [{ accountId: 'u-ann' }, { accountId: 'u-ben' }, { accountId: 'u-cat' }],
        groups: [],
      }),
      'view',
    );
    expect(audience.people.map((p) => p.displayName)).toEqual(['Ann', 'Ben']);
    expect(audience).toMatchObject({ count: 2, complete: true, groups: [], anonymous: false });
    // Sized (one call), never listed; standing once; each candidate's groups once.
    expect(calls).toEqual({ groupSize: 1, groupMembers: 0, listed: 0, standing: 1, groupsOf: 3 });
    expect(rounds).toBe(3);
  });

  it('lists a small space group and the people granted directly, each with how they get in', async () => {
    const site: Site = {
      people: [licensed('u-ann', 'Ann'), licensed('u-ben', 'Ben'), licensed('u-dee', 'Dee')],
      groups: { 'g-eng': ['u-ann', 'u-ben'] },
    };
    const { source, calls } = sourceOver(site);
    const { audience } = await loadEffectiveAudience(
      source,
      input([readGrant(groupP('g-eng')), readGrant(userP('u-dee'))]),
      'view',
    );
    expect(audience.people.map((p) => p.accountId)).toEqual(['u-ann', 'u-ben', 'u-dee']);
    expect(audience.people[0]?.routes).toEqual([
      { rule: 'space-permission', through: [{ kind: 'group', group: { groupId: 'g-eng' } }] },
    ]);
    expect(calls.groupsOf).toBe(0);
    expect(calls.listed).toBe(2);
  });

  it('tells a large group by its size when every member of it passes every layer', async () => {
    const members = big.slice(0, 500);
    const { source, calls } = sourceOver({ people: [], groups: { 'g-big': members } });
    const { audience } = await loadEffectiveAudience(
      source,
      input([readGrant(groupP('g-big'))], { users: [], groups: [{ groupId: 'g-big' }] }),
      'view',
    );
    expect(audience).toMatchObject({
      count: 500,
      complete: true,
      people: [],
      groups: [{ groupId: 'g-big', size: 500 }],
    });
    expect(calls.listed).toBe(0);
  });

  it('says everyone with Confluence access when the space is open to all licensed users', async () => {
    const { source, calls } = sourceOver({ people: [], groups: {} });
    const { audience } = await loadEffectiveAudience(
      source,
      input([readGrant({ kind: 'access-class', accessClass: 'all-licensed-users' })]),
      'view',
    );
    expect(audience).toMatchObject({ everyone: ['licensed'], people: [], complete: true });
    expect(calls).toEqual({ groupSize: 0, groupMembers: 0, listed: 0, standing: 0, groupsOf: 0 });
  });

  it('leaves out deactivated accounts and marks guests; a team outside the seed adds nobody', async () => {
    const site: Site = {
      people: [
        { accountId: 'u-erin', displayName: 'Erin', active: false },
        { ...licensed('u-dan', 'Dan'), isGuest: true },
      ],
      groups: {},
    };
    const { source } = sourceOver(site);
    const { audience } = await loadEffectiveAudience(
      source,
      input([readGrant(userP('u-erin')), readGrant(userP('u-dan'))], {
        users: [{ accountId: 'u-erin' }, { accountId: 'u-dan' }],
        groups: [],
        teams: [{ teamId: 't-1' }],
      }),
      'view',
    );
    expect(audience.people.map((p) => [p.displayName, p.markers])).toEqual([['Dan', ['guest']]]);
    // Everyone who gets in is granted the space by name, so the team on the restriction can
    // only admit people already counted.
    expect(audience.complete).toBe(true);
  });

  it('is incomplete when a team holds the space and nothing narrows it', async () => {
    const { source } = sourceOver({ people: [licensed('u-ann', 'Ann')], groups: {} });
    const { audience } = await loadEffectiveAudience(
      source,
      input([readGrant(userP('u-ann')), readGrant({ kind: 'team', teamId: 't-1' })]),
      'view',
    );
    expect(audience.people.map((p) => p.displayName)).toEqual(['Ann']);
    expect(audience).toMatchObject({ complete: false, incompleteBecause: ['unlisted-members'] });
  });

  it('is incomplete, not empty, when a layer could not be read', async () => {
    const { source } = sourceOver({ people: [], groups: {} });
    const { audience } = await loadEffectiveAudience(
      source,
      input([readGrant(userP('u-ann'))], { unknown: 'hidden-from-viewer' } as never),
      'view',
    );
    expect(audience).toMatchObject({ complete: false, incompleteBecause: ['unreadable'] });
  });
});
