import { evaluateAccess, personReach } from '../../src/core';
import type { Operation, PersonReachInput, ReachSpace, Subject } from '../../src/core';
import {
  ENG,
  HR,
  OPEN,
  PLATFORM,
  alice,
  carol,
  dave,
  gina,
  grant,
  group,
  member,
  only,
  page,
  team,
  user,
} from './fixtures';

const ADMIN_OP: Operation = { key: 'administer', targetType: 'space' };

function space(key: string, rest: Partial<ReachSpace> = {}): ReachSpace {
  return { space: { id: `s-${key}`, key }, grants: [], content: [], ...rest };
}

function input(...spaces: ReachSpace[]): PersonReachInput {
  return { site: { anonymousAccess: 'off' }, spaces };
}

describe('personReach', () => {
  const eng = space('ENG', {
    grants: [...member(group(ENG)), grant(user('u-dave')), grant(user('u-alice'), ADMIN_OP)],
    content: [
      { page: page({ id: '1', title: 'Open' }), ancestors: [] },
      { page: page({ id: '2', title: 'HR only', read: only({ groups: [HR] }) }), ancestors: [] },
      {
        page: page({ id: '3', title: 'Child', read: OPEN }),
        ancestors: [{ id: '2', type: 'page', title: 'HR only', read: only({ groups: [HR] }) }],
      },
      {
        page: page({ id: '4', title: 'Dave edits', update: only({ users: ['u-dave'] }) }),
        ancestors: [],
      },
    ],
  });

  it('lists only content whose answer differs from the space, agreeing with evaluateAccess', () => {
    const reach = personReach(input(eng), alice);
    expect(reach.spaces).toEqual([
      expect.objectContaining({ key: 'ENG', view: 'allowed', edit: 'allowed', admin: 'allowed' }),
    ]);
    expect(reach.pages.map((p) => [p.id, p.view, p.edit])).toEqual([
      ['2', 'denied', 'denied'],
      ['3', 'denied', 'denied'],
      ['4', 'allowed', 'denied'],
    ]);
    for (const p of reach.pages) {
      const content = eng.content.find((c) => c.page.id === p.id);
      if (content === undefined) throw new Error(p.id);
      const decision = evaluateAccess(
        { site: { anonymousAccess: 'off' }, space: eng.space, grants: eng.grants, ...content },
        alice,
      );
      expect([p.view, p.edit]).toEqual([decision.view.verdict, decision.edit.verdict]);
    }
  });

  it('lists the personal footprint once per entry, with where it is removed', () => {
    const reach = personReach(input(eng), dave);
    expect(reach.footprint).toEqual([
      expect.objectContaining({
        kind: 'space-grant',
        spaceKey: 'ENG',
        location: { kind: 'space-permissions', spaceKey: 'ENG' },
      }),
      expect.objectContaining({
        kind: 'restriction-entry',
        contentId: '4',
        restriction: 'update',
        location: { kind: 'content-restrictions', spaceKey: 'ENG', contentId: '4' },
      }),
    ]);
    expect(reach.spaces[0]).toMatchObject({ view: 'allowed', edit: 'denied', admin: 'denied' });
    expect(reach.spaces[0]?.routes).toEqual([{ kind: 'direct' }]);
  });

  it('a restriction that only a team could satisfy is "could not be checked", not denied', () => {
    const teamOnly = space('T', {
      grants: member(group(HR)),
      content: [{ page: page({ id: '9', read: only({ teams: [PLATFORM] }) }), ancestors: [] }],
    });
    const reach = personReach(input(teamOnly), carol);
    expect(reach.pages.map((p) => [p.id, p.view])).toEqual([['9', 'unchecked']]);
  });

  it('a space granted only to a team is unchecked, admin too', () => {
    const reach = personReach(
      input(space('T', { grants: [grant(team(PLATFORM)), grant(team(PLATFORM), ADMIN_OP)] })),
      carol,
    );
    expect(reach.spaces[0]).toMatchObject({ view: 'unchecked', admin: 'unchecked' });
  });

  it('unknown restriction lists and unreadable grants are reported, never guessed', () => {
    const hidden = space('H', {
      grants: { unknown: 'hidden-from-app' },
      contentGap: 'hidden-from-app',
    });
    const unknownList = space('U', {
      grants: member(group(ENG)),
      content: [{ page: page({ id: '7', read: { unknown: 'read-failed' } }), ancestors: [] }],
    });
    const reach = personReach(input(hidden, unknownList), alice);
    expect(reach.spaces.map((s) => [s.key, s.view])).toEqual([
      ['H', 'unchecked'],
      ['U', 'allowed'],
    ]);
    expect(reach.pages.map((p) => [p.id, p.view])).toEqual([['7', 'unchecked']]);
    expect(reach.coverage).toEqual({
      spaces: 2,
      contentRead: 1,
      spacesWithoutGrants: ['H'],
      contentGaps: [{ spaceKey: 'H', cause: 'hidden-from-app' }],
    });
  });

  it('guests and deactivated accounts get the same answer, marked', () => {
    const guestSpace = space('G', {
      grants: [grant(user('u-gina')), grant(user('u-gina'), ADMIN_OP)],
    });
    const asGuest = personReach(input(guestSpace), gina);
    // Guests may never administer a space, whatever the grant says.
    expect(asGuest.spaces[0]).toMatchObject({ view: 'allowed', admin: 'denied' });
    expect(asGuest.spaces[0]?.routes).toEqual([{ kind: 'guest-assignment' }]);
    const gone: Subject = { kind: 'user', accountId: 'u-dave', groups: [], active: false };
    const deactivated = personReach(input(eng), gone);
    expect(deactivated.spaces[0]).toMatchObject({ view: 'denied', admin: 'denied' });
    // The footprint is the offboarding list: it stays, whatever the account's standing.
    expect(deactivated.footprint).toHaveLength(2);
  });
});
