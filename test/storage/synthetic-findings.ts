/**
 * Findings of a large site, made by the real rules (`auditSpace`) over generated grants: personal
 * grants, guests, anonymous access, teams and broad admin groups in a varying mix per space, so
 * every severity and most rules occur, spread unevenly over the spaces.
 */
import { DEFAULT_POLICY, auditSpace } from '../../src/core';
import type { Finding } from '../../src/core';
import type { SpaceGrant } from '../../src/core/model';

const READ = { key: 'read', targetType: 'space' } as const;
const ADMIN = { key: 'administer', targetType: 'space' } as const;

export const spaceKeyOf = (i: number): string => `S${String(i).padStart(5, '0')}`;

/** The findings of space `i`: about `perSpace` personal grants, and more by the space's number. */
export function spaceFindings(i: number, perSpace: number): Finding[] {
  const users = Array.from(
    { length: perSpace + (i % 3) },
    (_, k) => `u-${String((i * 7 + k) % 997)}`,
  );
  const guests = users.filter((_, k) => (i + k) % 5 === 0);
  const grants: SpaceGrant[] = users.map((accountId) => ({
    principal: { kind: 'user', accountId, displayName: `User ${accountId}` },
    operation: READ,
  }));
  if (i % 4 === 0) grants.push({ principal: { kind: 'anonymous' }, operation: READ });
  if (i % 5 === 1) {
    grants.push({ principal: { kind: 'team', teamId: `t-${String(i % 11)}` }, operation: READ });
  }
  if (i % 6 === 2) {
    grants.push({
      principal: { kind: 'group', groupId: 'g-everyone', name: 'confluence-users' },
      operation: ADMIN,
    });
  }
  return auditSpace(
    {
      space: { id: String(i + 1), key: spaceKeyOf(i), name: `Space ${String(i)}` },
      grants,
      guests,
      labelledContent: [],
    },
    DEFAULT_POLICY,
  );
}

/** At least `total` findings over as many spaces as it takes (about 10 per space). */
export function syntheticFindings(total: number, perSpace = 8): Finding[] {
  const findings: Finding[] = [];
  for (let i = 0; findings.length < total; i += 1) findings.push(...spaceFindings(i, perSpace));
  return findings.slice(0, total);
}
