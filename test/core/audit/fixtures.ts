/** Spaces for the audit rule tests, built on the engine fixtures' people and groups. */
import { DEFAULT_POLICY } from '../../../src/core/audit';
import type { AuditPolicy, LabelledContent, SpaceAuditInput } from '../../../src/core/audit';
import type { Operation, SpaceRef } from '../../../src/core';
import { ENG, OPEN, READ_SPACE, ancestor, group, grant, member, only, user } from '../fixtures';

export const ADMIN: Operation = { key: 'administer', targetType: 'space' };
export const ENG_SPACE: SpaceRef = { id: '1', key: 'ENG', name: 'Engineering' };
export const POLICY: AuditPolicy = DEFAULT_POLICY;

export const CONFLUENCE_USERS = { groupId: 'g-cu', name: 'confluence-users' };

export function space(overrides: Partial<SpaceAuditInput> = {}): SpaceAuditInput {
  return {
    space: ENG_SPACE,
    grants: [...member(group(ENG)), grant(group(ENG), ADMIN)],
    labelledContent: [],
    ...overrides,
  };
}

export function content(overrides: Partial<LabelledContent> = {}): LabelledContent {
  return {
    id: '200',
    title: 'Salaries',
    type: 'page',
    labels: ['confidential'],
    read: OPEN,
    ancestors: [ancestor('10', 'HR', OPEN, 'folder')],
    ...overrides,
  };
}

export { ENG, OPEN, READ_SPACE, ancestor, grant, group, member, only, user };
