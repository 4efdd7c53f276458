/** The Changes tab's choice of audits, the trend's data, and the policy form's conflict. */
import type { AuditHistoryView, AuditProgress, Policy } from '../../src/contract/admin';
import { DEFAULT_POLICY } from '../../src/core';
import { comparisonPair, trendPoints } from '../../src/frontend/admin/state/history';
import {
  conflictRows,
  draftOf,
  initialPolicyForm,
  policyFormReducer,
} from '../../src/frontend/admin/state/policyForm';
import type { PolicyFormState } from '../../src/frontend/admin/state/policyForm';

function audit(id: string, day: number, state: AuditProgress['state'], high = 0): AuditProgress {
  return {
    auditId: id,
    state,
    startedAt: `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`,
    startedBy: 'u-alice',
    spacesDone: 6,
    spacesTotal: 6,
    pointsUsed: 10,
    pointsBudget: 100,
    summary: {
      total: high + 1,
      bySeverity: { high, medium: 1, low: 0, info: 0 },
      byRule: {},
      bySpace: [],
    } as unknown as AuditProgress['summary'] & object,
  };
}

// Newest first on purpose out of order: the history's order is not relied on.
const history: AuditHistoryView = {
  audits: [
    audit('d', 4, 'completed', 4),
    audit('b', 2, 'completed', 2),
    audit('c', 3, 'partial', 9),
    audit('a', 1, 'completed', 1),
    audit('e', 5, 'running'),
  ],
};

describe('comparisonPair', () => {
  it('defaults to the latest complete audit against the complete one before it', () => {
    const { from, to } = comparisonPair(history, {});
    expect([from?.auditId, to?.auditId]).toEqual(['b', 'd']);
  });

  it('takes the audits the admin picks, a stopped one included', () => {
    const { from, to } = comparisonPair(history, { fromAuditId: 'a', toAuditId: 'c' });
    expect([from?.auditId, to?.auditId]).toEqual(['a', 'c']);
  });

  it('never compares with a later audit, nor with one still running', () => {
    expect(comparisonPair(history, { toAuditId: 'b' }).from?.auditId).toBe('a');
    expect(comparisonPair(history, { fromAuditId: 'd', toAuditId: 'b' }).from?.auditId).toBe('a');
    expect(comparisonPair(history, { toAuditId: 'a' }).from).toBeUndefined();
    expect(comparisonPair(history, { toAuditId: 'e' }).to?.auditId).toBe('d');
  });
});

describe('trendPoints', () => {
  it('counts findings by severity over the complete audits, oldest first', () => {
    const points = trendPoints(history);
    expect(points.filter((p) => p.severity === 'high').map((p) => [p.auditId, p.count])).toEqual([
      ['a', 1],
      ['b', 2],
      ['d', 4],
    ]);
    expect(points).toHaveLength(3 * 4);
  });

  it('keeps the last audits only', () => {
    expect([...new Set(trendPoints(history, 2).map((p) => p.auditId))]).toEqual(['b', 'd']);
  });
});

describe('the policy form on a version conflict', () => {
  const base: Policy = { ...DEFAULT_POLICY, version: 3 };
  const theirs: Policy = { ...base, version: 4, broadGroups: ['all-staff'] };
  const loaded = (): PolicyFormState =>
    policyFormReducer(initialPolicyForm, {
      type: 'loaded',
      seq: 1,
      result: { ok: true, data: { policy: base } },
    });

  function conflicted(): PolicyFormState {
    let state = policyFormReducer(loaded(), {
      type: 'edited',
      field: 'allowedAnonymousSpaces',
      value: 'PUBLIC',
    });
    state = policyFormReducer(state, { type: 'submitted' });
    const seq = state.pending?.seq ?? 0;
    return policyFormReducer(state, {
      type: 'save-answered',
      seq,
      result: { ok: true, data: { saved: false, conflict: { current: theirs } } },
    });
  }

  it('keeps the admin’s edits and shows the two versions side by side', () => {
    const state = conflicted();
    expect(state.status).toBe('conflict');
    expect(state.draft.allowedAnonymousSpaces).toBe('PUBLIC');
    expect(conflictRows(theirs, state.draft)).toEqual([
      { field: 'broadGroups', theirs: 'all-staff', yours: 'confluence-users' },
      { field: 'allowedAnonymousSpaces', theirs: '', yours: 'PUBLIC' },
    ]);
    // A save while the conflict is open does nothing: no choice is made for the admin.
    expect(policyFormReducer(state, { type: 'submitted' })).toBe(state);
  });

  it('keeping mine saves the edits over their version, deliberately', () => {
    const kept = policyFormReducer(conflicted(), { type: 'conflict-kept' });
    expect(kept).toMatchObject({ status: 'editing', base: theirs });
    expect(kept.draft.allowedAnonymousSpaces).toBe('PUBLIC');
    const saving = policyFormReducer(kept, { type: 'submitted' });
    expect(saving.pending).toMatchObject({
      kind: 'save',
      policy: { version: 4, allowedAnonymousSpaces: ['PUBLIC'] },
    });
  });

  it('taking theirs replaces the draft with their version', () => {
    const reloaded = policyFormReducer(conflicted(), { type: 'conflict-reloaded' });
    expect(reloaded.draft).toEqual(draftOf(theirs));
  });

  it('sends a percentage that is not one as typed, so every problem comes back at once', () => {
    let state = policyFormReducer(loaded(), {
      type: 'edited',
      field: 'budgetPercent',
      value: 'lots',
    });
    state = policyFormReducer(state, { type: 'edited', field: 'broadGroups', value: 'nobody' });
    state = policyFormReducer(state, { type: 'submitted' });
    expect(state.pending).toMatchObject({
      kind: 'save',
      policy: { pointsBudgetShare: 'lots', broadGroups: ['nobody'] },
    });
    const answered = policyFormReducer(state, {
      type: 'save-answered',
      seq: state.pending?.seq ?? 0,
      result: {
        ok: true,
        data: {
          saved: false,
          fieldErrors: [
            { field: 'pointsBudgetShare', problem: { kind: 'bad-share' } },
            { field: 'broadGroups', problem: { kind: 'unknown-group', value: 'nobody' } },
          ],
        },
      },
    });
    expect(answered.status).toBe('invalid');
    expect(Object.keys(answered.fieldErrors)).toEqual(['pointsBudgetShare', 'broadGroups']);
    expect(answered.draft.budgetPercent).toBe('lots');
  });
});
