import { isMoreExposedThanLabelsSuggest } from '../../src/core';
import { describeAudience, labelExposure } from './rendered';
import type { AccessInput } from '../../src/core';
import {
  ANON,
  ENG,
  LEADS,
  OPEN,
  accessClass,
  ancestor,
  grant,
  group,
  member,
  only,
  page,
  site,
  user,
} from './fixtures';

describe('describeAudience', () => {
  const collaborator = { role: 'Collaborator' };
  const restricted: AccessInput = site(
    [...member(group(ENG), collaborator), ...member(user('u-carol'))],
    {
      ancestors: [
        ancestor('10', 'Root', only({ groups: [ENG] })),
        ancestor('11', 'Notes', OPEN),
        ancestor('12', 'Drafts', only({ users: ['u-bob'] }), 'folder'),
      ],
      page: page({ read: only({ groups: [LEADS] }), update: only({ users: ['u-bob'] }) }),
    },
  );

  it('writes view as space grant holders intersected with every restriction, root first', () => {
    const audience = describeAudience(restricted);
    expect(audience.view.formula).toBe(
      'view = people who can view the space Engineering ∩ people allowed by the page "Root" ∩ people allowed by the folder "Drafts" ∩ this page\'s view restriction',
    );
    expect(audience.view.terms).toEqual([
      {
        rule: 'space-permission',
        label: 'people who can view the space Engineering',
        members: [
          { principal: group(ENG), via: [collaborator] },
          { principal: user('u-carol'), via: [] },
        ],
      },
      {
        rule: 'inherited-restriction',
        label: 'people allowed by the page "Root"',
        ancestor: { id: '10', type: 'page', title: 'Root' },
        members: [{ principal: group(ENG), via: [] }],
      },
      {
        rule: 'inherited-restriction',
        label: 'people allowed by the folder "Drafts"',
        ancestor: { id: '12', type: 'folder', title: 'Drafts' },
        members: [{ principal: user('u-bob'), via: [] }],
      },
      {
        rule: 'own-restriction',
        label: "this page's view restriction",
        members: [{ principal: group(LEADS), via: [] }],
      },
    ]);
  });

  it('writes edit as the view terms, the add-page holders and only the own edit restriction', () => {
    const audience = describeAudience(restricted);
    expect(audience.edit.terms.slice(0, 4)).toEqual(audience.view.terms);
    expect(audience.edit.terms.slice(4).map((t) => t.rule)).toEqual([
      'space-edit-permission',
      'update-restriction',
    ]);
    expect(audience.edit.formula).toMatch(
      / ∩ people who can add pages in the space Engineering ∩ this page's edit restriction$/,
    );
  });

  it('counts restricting ancestors and describes the page as restricted', () => {
    const audience = describeAudience(restricted);
    expect(audience).toMatchObject({
      viewRestriction: 'restricted',
      ownViewRestriction: 'restricted',
      editRestriction: 'restricted',
      restrictingAncestors: [
        { id: '10', type: 'page', title: 'Root' },
        { id: '12', type: 'folder', title: 'Drafts' },
      ],
      uncheckedAncestors: [],
      anonymous: 'no',
      everyoneLoggedIn: 'no',
      guests: 'some',
    });
    expect(audience.summary).toBe(
      'Only people who can view the space Engineering and are allowed by the restrictions on this page and 2 items above it can view this page. Editing is limited to the people on its edit restriction who can also view it and add pages in the space. ' +
        "Also: space admins can give anyone access to the space and remove these restrictions; Confluence admins can recover the space's permissions; on Premium and Enterprise, org and site admins can open it with the admin key (this site's plan is unknown); a public link, if enabled, shows it to anyone who has the link.",
    );
  });

  it('describes an open page in a members-only space', () => {
    const audience = describeAudience(site(member(group(ENG))));
    expect(audience).toMatchObject({
      viewRestriction: 'none',
      ownViewRestriction: 'none',
      editRestriction: 'none',
      restrictingAncestors: [],
      anonymous: 'no',
      everyoneLoggedIn: 'no',
      // A group grant never reaches a guest: only their own grants do.
      guests: 'none',
    });
    expect(audience.view.formula).toBe('view = people who can view the space Engineering');
    expect(audience.summary).toBe(
      'Everyone who can view the space Engineering can view this page. Everyone who can view it and add pages in the space can edit it. ' +
        "Also: space admins can give anyone access to the space; Confluence admins can recover the space's permissions; on Premium and Enterprise, org and site admins can open it with the admin key (this site's plan is unknown); a public link, if enabled, shows it to anyone who has the link.",
    );
  });

  describe('anonymous exposure', () => {
    const open = (anonymousAccess: 'on' | 'off' | 'unknown', extra: Partial<AccessInput> = {}) =>
      describeAudience(site([...member(group(ENG)), grant(ANON)], { anonymousAccess, ...extra }));

    it('is yes when the space and the site both let visitors in', () => {
      const audience = open('on');
      expect(audience).toMatchObject({ anonymous: 'yes', everyoneLoggedIn: 'yes', guests: 'all' });
      expect(audience.summary).toContain('Anonymous visitors can view it.');
      expect(audience.summary).toContain('Every guest of the site can view it too.');
    });

    it('is no when the site is off, but everyone logged in and every guest still can', () => {
      expect(open('off')).toMatchObject({
        anonymous: 'no',
        everyoneLoggedIn: 'yes',
        guests: 'all',
      });
    });

    it('depends on the site setting when that is unknown', () => {
      const audience = open('unknown');
      expect(audience.anonymous).toBe('depends-on-site-setting');
      expect(audience.summary).toContain('if the site allows anonymous access');
    });

    it('is no when a restriction covers the page', () => {
      const audience = open('on', { ancestors: [ancestor('10', 'Root', only({ groups: [ENG] }))] });
      expect(audience).toMatchObject({ anonymous: 'no', everyoneLoggedIn: 'no', guests: 'some' });
    });

    it('is unknown, never yes, when a restriction could not be read', () => {
      const audience = open('on', {
        ancestors: [ancestor('10', 'Root', { unknown: 'hidden-from-app' })],
      });
      expect(audience).toMatchObject({
        anonymous: 'unknown',
        everyoneLoggedIn: 'unknown',
        guests: 'unknown',
        viewRestriction: 'unknown',
        uncheckedAncestors: [{ id: '10', type: 'page', title: 'Root' }],
      });
      expect(audience.view.terms[1]).toEqual({
        rule: 'inherited-restriction',
        label: 'people allowed by the page "Root"',
        ancestor: { id: '10', type: 'page', title: 'Root' },
        members: { unknown: 'hidden-from-app' },
      });
      expect(audience.summary).toContain('could not be checked');
    });

    it('is recognised through the anonymous-users access class', () => {
      const audience = describeAudience(
        site([grant(accessClass('anonymous-users'))], { anonymousAccess: 'on' }),
      );
      expect(audience.anonymous).toBe('yes');
    });
  });

  it('says nobody but licensed users when only access classes hold the space', () => {
    const audience = describeAudience(site([grant(accessClass('all-licensed-users'))]));
    expect(audience).toMatchObject({ anonymous: 'no', everyoneLoggedIn: 'yes', guests: 'none' });
  });

  it('reports unreadable space permissions as unknown', () => {
    const audience = describeAudience(site({ unknown: 'read-failed' }));
    expect(audience).toMatchObject({
      anonymous: 'unknown',
      everyoneLoggedIn: 'unknown',
      guests: 'unknown',
    });
    expect(audience.view.terms[0]?.members).toEqual({ unknown: 'read-failed' });
    expect(audience.summary).toMatch(/^The permissions of the space Engineering could not be read/);
  });
});

describe('labels that promise more protection than the page has', () => {
  const openPage = describeAudience(site(member(group(ENG))));
  const restrictedAbove = describeAudience(
    site(member(group(ENG)), { ancestors: [ancestor('10', 'HR', only({ groups: [ENG] }))] }),
  );
  const unchecked = describeAudience(
    site(member(group(ENG)), { page: page({ read: { unknown: 'read-failed' } }) }),
  );

  it('flags a sensitive label on a page nothing restricts', () => {
    expect(labelExposure(['Confidential', 'roadmap'], openPage)).toEqual({
      verdict: 'exposed',
      sensitiveLabels: ['confidential'],
      message:
        'This page is labelled "confidential", but neither it nor any page above it restricts who can view it: everyone who can view the space can read it.',
    });
    expect(isMoreExposedThanLabelsSuggest(['hr-only'], ['hr-only'], openPage)).toBe(true);
  });

  it('accepts a restriction on an ancestor as protection', () => {
    expect(labelExposure(['secret'], restrictedAbove).verdict).toBe('protected');
    expect(isMoreExposedThanLabelsSuggest(['secret'], ['secret'], restrictedAbove)).toBe(false);
  });

  it('neither warns nor reassures when a restriction could not be read', () => {
    expect(labelExposure(['restricted'], unchecked).verdict).toBe('unknown');
    expect(isMoreExposedThanLabelsSuggest(['restricted'], ['restricted'], unchecked)).toBe(false);
  });

  it('ignores labels that are not on the list, and honours a custom list', () => {
    expect(labelExposure(['roadmap'], openPage).verdict).toBe('not-sensitive');
    expect(isMoreExposedThanLabelsSuggest(['confidential'], ['internal'], openPage)).toBe(false);
    expect(isMoreExposedThanLabelsSuggest(['internal'], [' Internal '], openPage)).toBe(true);
  });
});
