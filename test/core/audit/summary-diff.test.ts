import {
  auditSpace,
  diffFindings,
  exceedsFailOn,
  isAtLeast,
  summarizeFindings,
} from '../../../src/core/audit';
import type { Finding, Severity } from '../../../src/core/audit';
import { ANON, accessClass } from '../fixtures';
import { messageOf } from './worded';
import {
  ADMIN,
  CONFLUENCE_USERS,
  ENG,
  POLICY,
  READ_SPACE,
  content,
  grant,
  group,
  member,
  space,
  user,
} from './fixtures';

function finding(severity: Severity, spaceKey = 'ENG'): Finding {
  const rule = {
    high: 'anonymous-space-access',
    medium: 'guest-space-access',
    low: 'user-grants',
    info: 'not-inspectable',
  } as const;
  return {
    id: `${rule[severity]}|${spaceKey}||`,
    rule: rule[severity],
    severity,
    spaceKey,
  };
}

describe('summarizeFindings', () => {
  it('counts by severity, rule and space, worst space first', () => {
    const summary = summarizeFindings([
      finding('low', 'A'),
      finding('info', 'A'),
      finding('high', 'B'),
      finding('medium', 'C'),
      finding('medium', 'D'),
      finding('low', 'D'),
    ]);
    expect(summary).toEqual({
      total: 6,
      bySeverity: { high: 1, medium: 2, low: 2, info: 1 },
      byRule: {
        'anonymous-space-access': 1,
        'broad-group-admin': 0,
        'departed-account-access': 0,
        'personal-space-exposed': 0,
        'sensitive-page-unrestricted': 0,
        'team-space-access': 0,
        'guest-space-access': 2,
        'user-grants': 2,
        'not-inspectable': 1,
      },
      bySpace: [
        { spaceKey: 'B', total: 1, bySeverity: { high: 1, medium: 0, low: 0, info: 0 } },
        { spaceKey: 'D', total: 2, bySeverity: { high: 0, medium: 1, low: 1, info: 0 } },
        { spaceKey: 'C', total: 1, bySeverity: { high: 0, medium: 1, low: 0, info: 0 } },
        { spaceKey: 'A', total: 2, bySeverity: { high: 0, medium: 0, low: 1, info: 1 } },
      ],
      unread: { spaces: [], content: [] },
      rulesVersion: 3,
    });
  });

  it('is all zeros for no findings', () => {
    const summary = summarizeFindings([]);
    expect(summary.total).toBe(0);
    expect(Object.values(summary.bySeverity)).toEqual([0, 0, 0, 0]);
    expect(summary.bySpace).toEqual([]);
  });
});

describe('exceedsFailOn', () => {
  it.each<[Severity[], 'high' | 'medium' | 'low', boolean]>([
    [['high'], 'high', true],
    [['medium', 'low'], 'high', false],
    [['medium'], 'medium', true],
    [['low', 'info'], 'medium', false],
    [['low'], 'low', true],
    [['info'], 'low', false],
    [[], 'low', false],
  ])('%p with --fail-on %s is %p', (severities, threshold, expected) => {
    expect(
      exceedsFailOn(
        severities.map((s) => finding(s)),
        threshold,
      ),
    ).toBe(expected);
  });

  it('ranks severities', () => {
    expect(isAtLeast('high', 'low')).toBe(true);
    expect(isAtLeast('info', 'low')).toBe(false);
    expect(isAtLeast('medium', 'medium')).toBe(true);
  });
});

describe('diffFindings', () => {
  const before = space({
    grants: [
      grant(ANON, READ_SPACE),
      ...member(group(CONFLUENCE_USERS)),
      grant(group(CONFLUENCE_USERS), ADMIN),
      ...member(user('u-bob')),
      ...member(user('u-alice')),
    ],
    labelledContent: [content({ id: '9' }), content({ id: '10' })],
  });
  // The fixture after an admin's changes: anonymous removed, Alice's grant replaced by a group,
  // page 10 restricted, a new admin class added, and Bob given one more permission.
  const after = space({
    grants: [
      ...member(group(CONFLUENCE_USERS)),
      grant(group(CONFLUENCE_USERS), ADMIN),
      ...member(user('u-bob')),
      grant(user('u-bob'), { key: 'export', targetType: 'space' }),
      ...member(group(ENG)),
      grant(accessClass('authenticated-users'), ADMIN, { role: 'Admin' }),
    ],
    labelledContent: [
      content({ id: '9' }),
      content({ id: '10', read: { users: [{ accountId: 'u-carol' }], groups: [] } }),
    ],
  });

  it('lists exactly the changes made to the fixture', () => {
    const diff = diffFindings(auditSpace(before, POLICY), auditSpace(after, POLICY));
    expect(diff.added.map((f) => f.id)).toEqual([
      'broad-group-admin|ENG||access-class:authenticated-users',
    ]);
    expect(diff.resolved.map((f) => f.id)).toEqual([
      'anonymous-space-access|ENG||anonymous',
      'sensitive-page-unrestricted|ENG|10|',
      'user-grants|ENG||user:u-alice',
    ]);
    expect(diff.unchanged.map((f) => f.id)).toEqual([
      'broad-group-admin|ENG||group:g-cu',
      'sensitive-page-unrestricted|ENG|9|',
      'user-grants|ENG||user:u-bob',
    ]);
    // Same problem, current wording: Bob's finding now mentions export.
    expect(messageOf(diff.unchanged[2]!)).toContain('view, add pages and export');
  });

  it('is empty both ways for identical audits, and ignores duplicates', () => {
    const findings = auditSpace(before, POLICY);
    const diff = diffFindings([...findings, ...findings], findings);
    expect(diff.added).toEqual([]);
    expect(diff.resolved).toEqual([]);
    expect(diff.unchanged).toEqual(findings);
  });

  it('treats everything as added after no audit, and resolved after an empty one', () => {
    const findings = auditSpace(before, POLICY);
    expect(diffFindings([], findings).added).toEqual(findings);
    expect(diffFindings(findings, []).resolved).toEqual(findings);
  });
});
