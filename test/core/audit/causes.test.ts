/**
 * The rules that tell people who left, personal spaces and broad groups by size apart, the diff
 * that says why a finding came or went (the site, the policy, the app's rules), and coverage as
 * measured from the findings.
 */
import {
  DEFAULT_POLICY,
  RULES_VERSION,
  auditCoverage,
  auditSpace,
  diffFindings,
  summarizeFindings,
} from '../../../src/core/audit';
import type { Finding, Policy } from '../../../src/core/audit';
import { ADMIN, ENG_SPACE, content, grant, group, member, space, user } from './fixtures';
import { ANON } from '../fixtures';

const ALL_STAFF = { groupId: 'g-all-staff', name: 'all-staff' };
const PERSONAL = { id: '5', key: '~alice', name: 'Alice', type: 'personal' };
const POLICY: Policy = { ...DEFAULT_POLICY, broadGroups: ['confluence-users'] };

const keys = (findings: readonly Finding[]) =>
  findings.map((f) => `${f.rule} ${f.spaceKey} ${f.severity} ${f.principal?.kind ?? ''}`);

describe('people who left', () => {
  it('a deactivated admin is its own high finding, not a user grant', () => {
    const input = space({
      grants: [...member(group({ groupId: 'g-eng' })), grant(user('u-erin'), ADMIN)],
      departed: { 'u-erin': 'deactivated' },
    });
    expect(keys(auditSpace(input, POLICY))).toEqual(['departed-account-access ENG high user']);
  });

  it('severity follows what they hold: edit medium, view low', () => {
    const input = space({
      grants: [...member(user('u-ravi')), grant(user('u-old'))],
      departed: { 'u-ravi': 'no-access', 'u-old': 'deactivated' },
    });
    expect(auditSpace(input, POLICY).map((f) => [f.principal, f.severity])).toEqual([
      [{ kind: 'user', accountId: 'u-ravi' }, 'medium'],
      [{ kind: 'user', accountId: 'u-old' }, 'low'],
    ]);
  });
});

describe('personal spaces', () => {
  it("the owner's own grants are not user grants", () => {
    const input = space({ space: PERSONAL, grants: [grant(user('u-alice'), ADMIN)] });
    expect(auditSpace(input, POLICY)).toEqual([]);
    // The same grant in a global space is reported as before.
    expect(keys(auditSpace({ ...input, space: ENG_SPACE }, POLICY))).toEqual([
      'user-grants ENG low user',
    ]);
  });

  it('open to anonymous visitors (high) or a broad group (medium)', () => {
    const input = space({
      space: PERSONAL,
      spaceType: 'personal',
      grants: [
        grant(user('u-alice'), ADMIN),
        grant(ANON),
        grant(group({ groupId: 'g-cu', name: 'confluence-users' })),
      ],
    });
    expect(keys(auditSpace(input, POLICY))).toEqual([
      'personal-space-exposed ~alice high anonymous',
      'personal-space-exposed ~alice medium group',
    ]);
    const allowed = { ...POLICY, allowedAnonymousSpaces: ['~alice'] };
    expect(keys(auditSpace(input, allowed))).toEqual([
      'personal-space-exposed ~alice medium group',
    ]);
  });
});

describe('broad groups by size', () => {
  const sales = space({
    grants: [grant(group(ALL_STAFF), ADMIN)],
    groupSizes: { 'g-all-staff': 1500 },
    licensedUsers: 1499,
  });

  it('a group with at least the share of licensed users is broad, unnamed', () => {
    const [found] = auditSpace(sales, POLICY);
    expect(found?.rule).toBe('broad-group-admin');
    expect(found?.sentence).toMatchObject({ bySize: { size: 1500, licensed: 1499, share: 0.5 } });
  });

  it('below the share, or with detection by size off, it is not', () => {
    expect(auditSpace({ ...sales, groupSizes: { 'g-all-staff': 700 } }, POLICY)).toEqual([]);
    expect(auditSpace(sales, { ...POLICY, broadGroupShare: 0 })).toEqual([]);
    // Without the licensed-user count nothing is broad by size.
    const { licensedUsers: _unknown, ...withoutCount } = sales;
    expect(auditSpace(withoutCount, POLICY)).toEqual([]);
  });
});

describe('what changed, and why', () => {
  const pub = { id: '3', key: 'PUBLIC', name: 'Public Docs' };
  const site = space({
    space: pub,
    grants: [grant(ANON), grant(group(ALL_STAFF), ADMIN)],
    labelledContent: [content({ id: '3005', labels: ['pricing'] })],
  });
  const side = (policy: Policy) => ({ policy, rulesVersion: RULES_VERSION });

  it('a policy-only edit is told apart from a change of the site', () => {
    const before: Policy = { ...POLICY, sensitiveLabels: ['confidential'] };
    const after: Policy = {
      ...POLICY,
      sensitiveLabels: ['pricing'],
      broadGroups: ['all-staff'],
      allowedAnonymousSpaces: ['PUBLIC'],
    };
    const first = auditSpace(site, before);
    const second = auditSpace(site, after);
    const diff = diffFindings(first, second, { previous: side(before), current: side(after) });
    expect(diff.added).toEqual([]);
    expect(diff.resolved).toEqual([]);
    expect(keys(diff.allowedByPolicy)).toEqual(['anonymous-space-access PUBLIC high anonymous']);
    expect(diff.flaggedByPolicy.map((f) => f.rule)).toEqual([
      'broad-group-admin',
      'sensitive-page-unrestricted',
    ]);
  });

  it('a change of the site under the same policy is added or resolved', () => {
    const first = auditSpace(site, POLICY);
    const fixed = auditSpace({ ...site, grants: [grant(group(ALL_STAFF), ADMIN)] }, POLICY);
    const diff = diffFindings(first, fixed, { previous: side(POLICY), current: side(POLICY) });
    expect(keys(diff.resolved)).toEqual(['anonymous-space-access PUBLIC high anonymous']);
    expect(diff.allowedByPolicy).toEqual([]);
  });

  it('findings of rules added since the previous audit are the rules’ doing', () => {
    const input = space({
      grants: [grant(user('u-erin'), ADMIN)],
      departed: { 'u-erin': 'deactivated' },
    });
    const old = auditSpace({ ...input, departed: {} }, POLICY);
    const now = auditSpace(input, POLICY);
    const diff = diffFindings(old, now, {
      previous: { policy: POLICY, rulesVersion: 1 },
      current: side(POLICY),
    });
    expect(diff.flaggedByRules.map((f) => f.rule)).toEqual(['departed-account-access']);
    expect(diff.droppedByRules.map((f) => f.rule)).toEqual(['user-grants']);
    expect(diff.added).toEqual([]);
    expect(diff.resolved).toEqual([]);
  });
});

describe('coverage', () => {
  it('counts what was read, what could not be, and names what cannot be known', () => {
    const findings = [
      ...auditSpace(
        {
          space: ENG_SPACE,
          grants: { unknown: 'hidden-from-app' },
          labelledContent: [],
          notInspectable: [{ reason: 'hidden-from-app' }],
        },
        POLICY,
      ),
      ...auditSpace(
        space({
          space: { id: '2', key: 'HR' },
          notInspectable: [{ contentId: '9', reason: 'read-failed' }],
        }),
        POLICY,
      ),
    ];
    const coverage = auditCoverage({
      reader: 'app',
      spacesListed: 3,
      spacesDone: 2,
      unread: summarizeFindings(findings).unread ?? { spaces: [], content: [] },
    });
    expect(coverage).toEqual({
      reader: 'app',
      spacesListed: 3,
      spacesRead: 1,
      spacesNotReached: 1,
      spacesUnread: [{ cause: 'hidden-from-app', count: 1 }],
      contentUnread: [{ cause: 'read-failed', count: 1 }],
      unknowable: { kind: 'restricted-from-reader', fix: 'add-app-to-restrictions' },
      complete: false,
    });
  });
});
