import * as rules from '../../../src/core/audit';
import { AUDIT_RULES, DEFAULT_POLICY, RULE_SEVERITY } from '../../../src/core/audit';
import type { FindingJson } from '../../../src/messages/audit';
import { wordedRule } from './worded';
import type { Principal, RoleVia } from '../../../src/core';
import { ANON, HR, LEADS, accessClass } from '../fixtures';
import {
  ADMIN,
  CONFLUENCE_USERS,
  ENG,
  ENG_SPACE,
  OPEN,
  POLICY,
  READ_SPACE,
  ancestor,
  content,
  grant,
  group,
  member,
  only,
  space,
  user,
} from './fixtures';

const VIEWER: RoleVia = { role: 'Viewer', roleId: 'r-viewer' };
const ADMIN_ROLE: RoleVia = { role: 'Admin', roleId: 'r-admin' };
const LEGACY_ANON: Principal = { kind: 'other', type: 'role', id: 'ANONYMOUS' };

// The rules, with their findings in the English the report shows.
const anonymousSpaceAccess = wordedRule(rules.anonymousSpaceAccess);
const auditSpace = wordedRule(rules.auditSpace);
const auditSpaces = wordedRule(rules.auditSpaces);
const broadGroupAdmin = wordedRule(rules.broadGroupAdmin);
const guestSpaceAccess = wordedRule(rules.guestSpaceAccess);
const notInspectable = wordedRule(rules.notInspectable);
const sensitivePageUnrestricted = wordedRule(rules.sensitivePageUnrestricted);
const userGrants = wordedRule(rules.userGrants);

/** The fields a test pins down exactly; messages are checked for their key facts separately. */
function keys(findings: readonly FindingJson[]): string[] {
  return findings.map((f) => f.id);
}

describe('the rules table', () => {
  it('has the published ids and severities, in order', () => {
    expect(AUDIT_RULES.map((rule) => [rule.id, rule.severity])).toEqual([
      ['anonymous-space-access', 'high'],
      ['broad-group-admin', 'high'],
      ['departed-account-access', 'high'],
      ['personal-space-exposed', 'high'],
      ['sensitive-page-unrestricted', 'high'],
      ['guest-space-access', 'medium'],
      ['team-space-access', 'medium'],
      ['user-grants', 'low'],
      ['not-inspectable', 'info'],
    ]);
    for (const rule of AUDIT_RULES) expect(RULE_SEVERITY[rule.id]).toBe(rule.severity);
  });
});

describe('a space with nothing to report', () => {
  it('gives no findings', () => {
    const input = space({
      labelledContent: [content({ read: only({ groups: [HR] }) })],
      guests: [],
    });
    expect(auditSpace(input, POLICY)).toEqual([]);
  });
});

describe('anonymous-space-access', () => {
  it.each<[string, Principal]>([
    ['normalised anonymous', ANON],
    ['legacy {type: role, id: ANONYMOUS}', LEGACY_ANON],
    ['the anonymous-users access class', accessClass('anonymous-users')],
  ])('flags a read/space grant to %s', (_name, principal) => {
    const findings = anonymousSpaceAccess(
      space({ grants: [...member(group(ENG)), grant(principal, READ_SPACE)] }),
      POLICY,
    );
    expect(findings).toEqual([
      {
        id: 'anonymous-space-access|ENG||anonymous',
        rule: 'anonymous-space-access',
        severity: 'high',
        spaceKey: 'ENG',
        principal: 'anonymous',
        message: expect.stringContaining('Space settings → Permissions'),
      },
    ]);
    expect(findings[0]?.message).toMatch(/^Space "Engineering" \(ENG\) lets anonymous visitors/);
    expect(findings[0]?.message).toContain('add ENG to the allowed anonymous spaces');
    expect(findings[0]?.message).toContain('guests included');
  });

  it('reports the legacy and the role form in one finding, naming the role', () => {
    const findings = anonymousSpaceAccess(
      space({
        grants: [
          grant(LEGACY_ANON, READ_SPACE),
          grant(accessClass('anonymous-users'), READ_SPACE, VIEWER),
        ],
      }),
      POLICY,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('through the role Viewer');
    expect(findings[0]?.message).toContain(
      'remove the anonymous permission in Space settings → Permissions and remove the role Viewer from anonymous users',
    );
  });

  it('is silent for a space on the allowed list, whatever case the key was typed in', () => {
    const input = space({ grants: [grant(ANON, READ_SPACE)] });
    expect(anonymousSpaceAccess(input, { ...POLICY, allowedAnonymousSpaces: ['ENG'] })).toEqual([]);
    expect(anonymousSpaceAccess(input, { ...POLICY, allowedAnonymousSpaces: ['eng'] })).toEqual([]);
    expect(
      anonymousSpaceAccess(input, { ...POLICY, allowedAnonymousSpaces: ['DOCS'] }),
    ).toHaveLength(1);
  });

  it('is silent without an anonymous view grant, and for anonymous non-view grants', () => {
    expect(anonymousSpaceAccess(space(), POLICY)).toEqual([]);
    const otherOp = space({ grants: [grant(ANON, { key: 'create', targetType: 'page' })] });
    expect(anonymousSpaceAccess(otherOp, POLICY)).toEqual([]);
    expect(
      anonymousSpaceAccess(
        space({ grants: [grant(accessClass('authenticated-users'), READ_SPACE)] }),
        POLICY,
      ),
    ).toEqual([]);
  });
});

describe('broad-group-admin', () => {
  it('flags a broad group from the policy holding admin, matched by name', () => {
    const findings = broadGroupAdmin(
      space({
        grants: [...member(group(CONFLUENCE_USERS)), grant(group(CONFLUENCE_USERS), ADMIN)],
      }),
      POLICY,
    );
    expect(findings).toEqual([
      {
        id: 'broad-group-admin|ENG||group:g-cu',
        rule: 'broad-group-admin',
        severity: 'high',
        spaceKey: 'ENG',
        principal: 'confluence-users',
        message: expect.stringContaining('The group confluence-users holds space admin'),
      },
    ]);
  });

  it('matches by group id and ignores case', () => {
    const policy = { ...POLICY, broadGroups: ['G-ENG', 'All-Staff'] };
    const staff = { groupId: 'g-staff', name: 'all-staff' };
    const findings = broadGroupAdmin(
      space({ grants: [grant(group(ENG), ADMIN), grant(group(staff), ADMIN)] }),
      policy,
    );
    expect(keys(findings)).toEqual([
      'broad-group-admin|ENG||group:g-eng',
      'broad-group-admin|ENG||group:g-staff',
    ]);
  });

  it('keeps the group name found in either source, and the id stays the same without it', () => {
    const findings = broadGroupAdmin(
      space({
        grants: [
          grant(group({ groupId: 'g-cu' }), ADMIN, ADMIN_ROLE),
          grant(group(CONFLUENCE_USERS), ADMIN),
        ],
      }),
      POLICY,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.principal).toBe('confluence-users');
    expect(findings[0]?.id).toBe('broad-group-admin|ENG||group:g-cu');
    expect(findings[0]?.message).toContain('through the role Admin');
  });

  it.each(['authenticated-users', 'all-licensed-users'])(
    'flags the access class %s holding a role with admin, naming the role',
    (name) => {
      const findings = broadGroupAdmin(
        space({ grants: [grant(accessClass(name), ADMIN, ADMIN_ROLE)] }),
        POLICY,
      );
      expect(keys(findings)).toEqual([`broad-group-admin|ENG||access-class:${name}`]);
      expect(findings[0]?.principal).toBe(name);
      expect(findings[0]?.message).toMatch(/^All (logged-in|licensed) users hold space admin in/);
      expect(findings[0]?.message).toContain('through the role Admin');
      expect(findings[0]?.message).toContain(
        `remove the role Admin from all ${name === 'authenticated-users' ? 'logged-in' : 'licensed'} users in the space's access settings.`,
      );
    },
  );

  it('is silent for narrow groups, people, admin classes and non-admin grants of broad groups', () => {
    const input = space({
      grants: [
        grant(group(LEADS), ADMIN),
        grant(user('u-alice'), ADMIN),
        grant(accessClass('all-product-admins'), ADMIN),
        ...member(group(CONFLUENCE_USERS)),
        ...member(accessClass('all-licensed-users'), VIEWER),
      ],
    });
    expect(broadGroupAdmin(input, POLICY)).toEqual([]);
  });

  it('uses the policy list, not a fixed one', () => {
    const input = space({ grants: [grant(group(CONFLUENCE_USERS), ADMIN)] });
    expect(broadGroupAdmin(input, { ...POLICY, broadGroups: [] })).toEqual([]);
  });
});

describe('sensitive-page-unrestricted', () => {
  it('flags sensitive content with no view restriction on itself or any ancestor', () => {
    const findings = sensitivePageUnrestricted(
      space({ labelledContent: [content({ labels: ['Confidential', 'q3'] })] }),
      POLICY,
    );
    expect(findings).toEqual([
      {
        id: 'sensitive-page-unrestricted|ENG|200|',
        rule: 'sensitive-page-unrestricted',
        severity: 'high',
        spaceKey: 'ENG',
        contentId: '200',
        title: 'Salaries',
        message: expect.stringContaining('is labelled "confidential"'),
      },
    ]);
    expect(findings[0]?.message).toContain('Add a view restriction');
  });

  it('is silent when the content or any ancestor restricts viewing', () => {
    const own = content({ read: only({ users: ['u-carol'] }) });
    const inherited = content({
      id: '201',
      ancestors: [
        ancestor('10', 'HR', only({ groups: [HR] }), 'folder'),
        ancestor('11', 'Pay', OPEN),
      ],
    });
    expect(sensitivePageUnrestricted(space({ labelledContent: [own, inherited] }), POLICY)).toEqual(
      [],
    );
  });

  it('is silent for content without a sensitive label, using the policy labels', () => {
    const input = space({ labelledContent: [content({ labels: ['roadmap'] })] });
    expect(sensitivePageUnrestricted(input, POLICY)).toEqual([]);
    expect(
      sensitivePageUnrestricted(input, { ...POLICY, sensitiveLabels: ['roadmap'] }),
    ).toHaveLength(1);
  });

  it('reports unknown restrictions as not inspectable, never as open', () => {
    const hiddenAncestor = content({
      ancestors: [ancestor('10', 'HR', { unknown: 'hidden-from-app' }, 'folder')],
    });
    const hiddenSelf = content({ id: '202', title: 'Bonus', read: { unknown: 'read-failed' } });
    const findings = sensitivePageUnrestricted(
      space({ labelledContent: [hiddenAncestor, hiddenSelf] }),
      POLICY,
    );
    expect(findings.map((f) => [f.rule, f.severity, f.contentId])).toEqual([
      ['not-inspectable', 'info', '200'],
      ['not-inspectable', 'info', '202'],
    ]);
    expect(findings[0]?.message).toContain(
      'Access Lens cannot inspect the view restriction of the folder "HR" above the page "Salaries"',
    );
    expect(findings[0]?.message).toContain('not counted as open');
    expect(findings[1]?.message).toContain('could not be read');
  });

  it('counts a known restriction above an unreadable one as protected', () => {
    const input = content({
      read: { unknown: 'hidden-from-app' },
      ancestors: [ancestor('10', 'HR', only({ groups: [HR] }), 'folder')],
    });
    expect(sensitivePageUnrestricted(space({ labelledContent: [input] }), POLICY)).toEqual([]);
  });
});

describe('guest-space-access', () => {
  const grants = [
    ...member(group(ENG)),
    ...member(user('u-gina')),
    grant(user('u-gina'), READ_SPACE, VIEWER),
    grant(user('u-alice'), READ_SPACE),
  ];

  it('flags each guest holding permissions or roles, once per guest', () => {
    const findings = guestSpaceAccess(space({ grants, guests: ['u-gina'] }));
    expect(findings).toEqual([
      {
        id: 'guest-space-access|ENG||user:u-gina',
        rule: 'guest-space-access',
        severity: 'medium',
        spaceKey: 'ENG',
        principal: 'u-gina',
        message: expect.stringContaining(
          'The guest u-gina holds the role Viewer and the space permissions view and add pages in space "Engineering" (ENG).',
        ),
      },
    ]);
  });

  it('is silent when no guest holds anything, or when guests are not known', () => {
    expect(guestSpaceAccess(space({ grants, guests: ['u-zed'] }))).toEqual([]);
    expect(guestSpaceAccess(space({ grants }))).toEqual([]);
    expect(guestSpaceAccess(space({ grants, guests: { unknown: 'read-failed' } }))).toEqual([]);
  });

  it('reports an unknown guest list as not inspectable', () => {
    const findings = auditSpace(space({ grants, guests: { unknown: 'read-failed' } }), POLICY);
    expect(findings.filter((f) => f.rule === 'not-inspectable').map((f) => f.id)).toEqual([
      'not-inspectable|ENG||guests',
    ]);
  });
});

describe('user-grants', () => {
  it('gives one finding per person, listing their permissions and roles', () => {
    const findings = userGrants(
      space({
        grants: [
          ...member(group(ENG)),
          ...member({ kind: 'user', accountId: 'u-bob', displayName: 'Bob' }),
          grant(user('u-alice'), READ_SPACE, { role: 'Collaborator' }),
        ],
      }),
    );
    expect(findings.map((f) => [f.id, f.severity, f.principal])).toEqual([
      ['user-grants|ENG||user:u-bob', 'low', 'Bob (u-bob)'],
      ['user-grants|ENG||user:u-alice', 'low', 'u-alice'],
    ]);
    expect(findings[0]?.message).toContain(
      'Bob (u-bob) holds the space permissions view and add pages in space "Engineering" (ENG) personally rather than through a group.',
    );
    expect(findings[1]?.message).toContain('holds the role Collaborator');
  });

  it('leaves out known guests, anonymous in legacy user form, groups and classes', () => {
    const findings = userGrants(
      space({
        grants: [
          ...member(user('u-gina')),
          grant(user('ANONYMOUS'), READ_SPACE),
          ...member(group(ENG)),
          ...member(accessClass('all-licensed-users')),
        ],
        guests: ['u-gina'],
      }),
    );
    expect(findings).toEqual([]);
  });
});

describe('not-inspectable', () => {
  it('reports unreadable space permissions instead of running the grant rules', () => {
    const findings = auditSpace(
      space({ grants: { unknown: 'hidden-from-app' }, labelledContent: [content()] }),
      POLICY,
    );
    expect(keys(findings)).toEqual([
      'sensitive-page-unrestricted|ENG|200|',
      'not-inspectable|ENG||space-permissions',
    ]);
    expect(findings[1]?.message).toContain(
      'Access Lens cannot inspect the permissions of space "Engineering" (ENG)',
    );
  });

  it('lists the content and spaces the caller could not read', () => {
    const findings = notInspectable(
      space({
        notInspectable: [
          { contentId: '300', title: 'Board minutes', reason: 'hidden-from-app' },
          { contentId: '301', reason: 'read-failed' },
        ],
      }),
    );
    expect(findings.map((f) => [f.id, f.title])).toEqual([
      ['not-inspectable|ENG|300|', 'Board minutes'],
      ['not-inspectable|ENG|301|', undefined],
    ]);
    expect(findings[0]?.message).toContain('the app is not allowed to read it');
  });

  it('reports an unreadable space once, not also its permissions', () => {
    const findings = auditSpace(
      space({
        grants: { unknown: 'hidden-from-app' },
        notInspectable: [{ reason: 'hidden-from-app' }],
      }),
      POLICY,
    );
    expect(keys(findings)).toEqual(['not-inspectable|ENG||space']);
  });

  it('reports principals it does not recognise rather than dropping them', () => {
    const findings = notInspectable(
      space({
        grants: [
          grant({ kind: 'other', type: 'team', id: 't-1' }, ADMIN),
          grant(accessClass('future-class'), READ_SPACE, VIEWER),
          grant(LEGACY_ANON, READ_SPACE),
        ],
      }),
    );
    expect(keys(findings)).toEqual([
      'not-inspectable|ENG||other:team:t-1',
      'not-inspectable|ENG||access-class:future-class',
    ]);
    expect(findings[0]?.message).toContain('space permission space admin');
  });

  it('de-duplicates content listed both ways', () => {
    const findings = auditSpace(
      space({
        labelledContent: [content({ read: { unknown: 'hidden-from-app' } })],
        notInspectable: [{ contentId: '200', title: 'Salaries', reason: 'hidden-from-app' }],
      }),
      POLICY,
    );
    expect(keys(findings)).toEqual(['not-inspectable|ENG|200|']);
  });
});

describe('auditSpace over a mixed fixture', () => {
  const input = space({
    grants: [
      grant(ANON, READ_SPACE),
      ...member(group(CONFLUENCE_USERS)),
      grant(group(CONFLUENCE_USERS), ADMIN),
      grant(accessClass('all-licensed-users'), ADMIN, ADMIN_ROLE),
      ...member(user('u-gina')),
      ...member(user('u-bob')),
    ],
    guests: ['u-gina'],
    labelledContent: [
      content({ id: '10', title: 'Ten' }),
      content({ id: '9', title: 'Nine', labels: ['secret'] }),
      content({ id: '11', read: { unknown: 'hidden-from-app' } }),
    ],
    notInspectable: [{ contentId: '12', reason: 'hidden-from-app' }],
  });

  const expected = [
    'anonymous-space-access|ENG||anonymous',
    'broad-group-admin|ENG||access-class:all-licensed-users',
    'broad-group-admin|ENG||group:g-cu',
    'sensitive-page-unrestricted|ENG|9|',
    'sensitive-page-unrestricted|ENG|10|',
    'guest-space-access|ENG||user:u-gina',
    'user-grants|ENG||user:u-bob',
    'not-inspectable|ENG|11|',
    'not-inspectable|ENG|12|',
  ];

  it('gives the known answer in the deterministic order', () => {
    expect(keys(auditSpace(input, DEFAULT_POLICY))).toEqual(expected);
  });

  it('gives the same findings whatever order the data came in', () => {
    const shuffled = {
      ...input,
      grants: [...(input.grants as readonly never[])].reverse(),
      labelledContent: [...input.labelledContent].reverse(),
    };
    expect(auditSpace(shuffled, DEFAULT_POLICY)).toEqual(auditSpace(input, DEFAULT_POLICY));
  });

  it('orders several spaces by severity, then space key', () => {
    const docs = space({
      space: { id: '2', key: 'DOCS' },
      grants: [grant(ANON, READ_SPACE), ...member(user('u-bob'))],
    });
    const findings = auditSpaces([input, docs, docs], DEFAULT_POLICY);
    expect(findings.slice(0, 2).map((f) => f.id)).toEqual([
      'anonymous-space-access|DOCS||anonymous',
      'anonymous-space-access|ENG||anonymous',
    ]);
    expect(findings.filter((f) => f.spaceKey === 'DOCS').map((f) => f.rule)).toEqual([
      'anonymous-space-access',
      'user-grants',
    ]);
    expect(findings).toHaveLength(expected.length + 2);
    expect(findings.find((f) => f.spaceKey === 'DOCS')?.message).toMatch(/^Space DOCS lets/);
  });
});

describe('fingerprints', () => {
  it('do not depend on display names', () => {
    const renamed = { groupId: 'g-cu', name: 'Confluence-Users' };
    const a = broadGroupAdmin(space({ grants: [grant(group(CONFLUENCE_USERS), ADMIN)] }), POLICY);
    const b = broadGroupAdmin(space({ grants: [grant(group(renamed), ADMIN)] }), POLICY);
    expect(b.map((f) => f.id)).toEqual(a.map((f) => f.id));
  });

  it('escape separators so parts cannot collide', () => {
    const weird = { kind: 'other', type: 'x|y', id: 'z' } as const;
    const plain = { kind: 'other', type: 'x', id: 'y|z' } as const;
    const [first] = notInspectable(space({ grants: [grant(weird, READ_SPACE)] }));
    const [second] = notInspectable(space({ grants: [grant(plain, READ_SPACE)] }));
    expect(first?.id).toBe('not-inspectable|ENG||other:x%7Cy:z');
    expect(second?.id).toBe('not-inspectable|ENG||other:x:y%7Cz');
  });
});

it('uses the space key when the space has no name', () => {
  const input = space({ space: { id: '1', key: 'ENG' }, grants: [grant(ANON, READ_SPACE)] });
  expect(anonymousSpaceAccess(input, POLICY)[0]?.message).toMatch(/^Space ENG lets/);
  expect(ENG_SPACE.key).toBe('ENG');
});
