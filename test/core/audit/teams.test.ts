import * as rules from '../../../src/core/audit';
import { AUDIT_RULES, RULE_IDS, RULE_SEVERITY, summarizeFindings } from '../../../src/core/audit';
import { ruleTitle } from '../../../src/messages/audit';
import { english, wordedRule } from './worded';
import type { RoleVia, TeamRef } from '../../../src/core';
import { UPDATE_PAGE } from '../../../src/core';
import { CREATE_PAGE, OPS, PLATFORM, team } from '../fixtures';
import { ENG, POLICY, READ_SPACE, content, grant, group, space } from './fixtures';

const auditSpace = wordedRule(rules.auditSpace);
const notInspectable = wordedRule(rules.notInspectable);
const teamSpaceAccess = wordedRule(rules.teamSpaceAccess);

const VIEWER: RoleVia = { role: 'Viewer', roleId: 'r-viewer' };
const EDITOR: RoleVia = { role: 'Editor', roleId: 'r-editor' };

describe('team-space-access', () => {
  it('is in every list of rules', () => {
    expect(RULE_IDS).toContain('team-space-access');
    expect(RULE_SEVERITY['team-space-access']).toBe('medium');
    expect(AUDIT_RULES.find((rule) => rule.id === 'team-space-access')).toMatchObject({
      severity: 'medium',
    });
    expect(ruleTitle(english, 'team-space-access')).toBe('Teams have access');
    expect(summarizeFindings([]).byRule['team-space-access']).toBe(0);
  });

  it('flags a team not known to be verified as medium, naming it and what it holds', () => {
    const findings = teamSpaceAccess(
      space({ grants: [grant(team(PLATFORM), READ_SPACE, VIEWER)] }),
    );
    expect(findings).toEqual([
      {
        id: 'team-space-access|ENG||team:t-platform',
        rule: 'team-space-access',
        severity: 'medium',
        spaceKey: 'ENG',
        principal: 'Platform',
        message:
          'The team Platform holds the role Viewer in space "Engineering" (ENG), and it is not known to be a verified team: the members of such a team can add anyone to it, and so to this space, without a space admin. Access Lens cannot list team members. Give this access to a group or a verified team instead, and remove it from the team in the space\'s access settings.',
      },
    ]);
  });

  it('says "not verified" when Confluence says so, and points to the legacy screen for legacy grants', () => {
    const unverified: TeamRef = { teamId: 't-u', name: 'Guild', verified: false };
    const [finding] = teamSpaceAccess(
      space({ grants: [grant(team(unverified)), grant(team(unverified), CREATE_PAGE)] }),
    );
    expect(finding?.severity).toBe('medium');
    expect(finding?.message).toBe(
      'The team Guild holds the space permissions view and add pages in space "Engineering" (ENG), and it is not a verified team: the members of such a team can add anyone to it, and so to this space, without a space admin. Access Lens cannot list team members. Give this access to a group or a verified team instead, and remove it from the team in Space settings → Permissions.',
    );
  });

  it('rates a verified team low', () => {
    const [finding] = teamSpaceAccess(
      space({ grants: [grant(team(OPS), READ_SPACE, VIEWER), grant(team(OPS), UPDATE_PAGE)] }),
    );
    expect(finding).toMatchObject({
      id: 'team-space-access|ENG||team:t-ops',
      severity: 'low',
      principal: 'Ops',
    });
    expect(finding?.message).toBe(
      'The team Ops, a verified team, holds the role Viewer and the space permission edit pages in space "Engineering" (ENG). Verified teams are set up by organisation admins and their members usually come from a synced group or directory, but Access Lens cannot list them: check who is in the team on its profile.',
    );
  });

  it('gives one finding per team and space, merging names and verification from every source', () => {
    const findings = teamSpaceAccess(
      space({
        grants: [
          grant({ kind: 'team', teamId: 't-ops' }, READ_SPACE, VIEWER),
          grant(team(OPS), UPDATE_PAGE, EDITOR),
          grant(team(PLATFORM)),
          grant(group(ENG)),
        ],
      }),
    );
    expect(findings.map((f) => [f.id, f.severity, f.principal])).toEqual([
      ['team-space-access|ENG||team:t-ops', 'low', 'Ops'],
      ['team-space-access|ENG||team:t-platform', 'medium', 'Platform'],
    ]);
    expect(findings[0]?.message).toContain('holds the roles Editor and Viewer');
  });

  it('names a team without a name by its id', () => {
    const [finding] = teamSpaceAccess(space({ grants: [grant({ kind: 'team', teamId: 't-7' })] }));
    expect(finding?.principal).toBe('t-7');
    expect(finding?.message).toMatch(/^The team t-7 holds/u);
  });

  it('is silent when the grants could not be read, and teams are not "not inspectable"', () => {
    expect(teamSpaceAccess(space({ grants: { unknown: 'read-failed' } }))).toEqual([]);
    expect(notInspectable(space({ grants: [grant(team(PLATFORM))] }))).toEqual([]);
    // A team the loader could not recognise as one is still reported, as an unrecognised principal.
    const other = notInspectable(
      space({ grants: [grant({ kind: 'other', type: 'TEAM', id: 't-1' })] }),
    );
    expect(other.map((f) => f.id)).toEqual(['not-inspectable|ENG||other:TEAM:t-1']);
  });

  it('runs as part of the space audit, in table order', () => {
    const findings = auditSpace(
      space({
        grants: [
          grant(group(ENG)),
          grant(team(PLATFORM)),
          grant({ kind: 'user', accountId: 'u-x' }),
        ],
      }),
      POLICY,
    );
    expect(findings.map((f) => f.id)).toEqual([
      'team-space-access|ENG||team:t-platform',
      'user-grants|ENG||user:u-x',
    ]);
  });
});

describe('archived content in the audit', () => {
  it('is never reported as editable', () => {
    const findings = auditSpace(
      space({
        grants: [
          grant(group(ENG)),
          grant(group(ENG), CREATE_PAGE),
          grant(team(PLATFORM), UPDATE_PAGE),
        ],
        labelledContent: [
          content({ status: 'archived' }),
          content({ id: '201', status: 'current' }),
        ],
      }),
      POLICY,
    );
    const archived = findings.filter((f) => f.contentId === '200');
    expect(archived.map((f) => f.rule)).toEqual(['sensitive-page-unrestricted']);
    for (const finding of archived) expect(finding.message).not.toMatch(/\bedit/iu);
  });
});
