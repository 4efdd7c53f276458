import {
  draftOf,
  groupErrors,
  initialPolicyForm,
  parsePercent,
  percentText,
  policyFormReducer,
  splitList,
} from '../../src/frontend/admin/state/policyForm';
import type { PolicyFormAction, PolicyFormState } from '../../src/frontend/admin/state/policyForm';
import { DEFAULT_POLICY } from '../../src/core';
import type { Policy } from '../../src/core';
import type { SaveSettingsResult } from '../../src/contract/admin';
import type { PolicyProblem } from '../../src/core';

// Three distinct problems, as the resolver reports them.
const A: PolicyProblem = { kind: 'not-a-list', list: 'broadGroups' };
const B: PolicyProblem = { kind: 'group-control', value: 'x' };
const C: PolicyProblem = { kind: 'bad-schedule', schedules: ['off', 'daily', 'weekly'] };

const stored: Policy = { ...DEFAULT_POLICY, version: 2 };

function run(state: PolicyFormState, ...actions: PolicyFormAction[]): PolicyFormState {
  return actions.reduce(policyFormReducer, state);
}

const loaded = policyFormReducer(initialPolicyForm, {
  type: 'loaded',
  seq: 1,
  result: { ok: true, data: { policy: stored } },
});

function saveAnswer(state: PolicyFormState, data: SaveSettingsResult): PolicyFormState {
  return policyFormReducer(state, {
    type: 'save-answered',
    seq: state.pending!.seq,
    result: { ok: true, data },
  });
}

describe('policyFormReducer', () => {
  it('loads the stored policy into the fields', () => {
    expect(initialPolicyForm.pending).toEqual({ seq: 1, kind: 'load' });
    expect(loaded).toMatchObject({ status: 'editing', base: stored, draft: draftOf(stored) });
    expect(loaded.pending).toBeUndefined();
  });

  it('submits the draft as a policy based on the loaded version', () => {
    const saving = run(
      loaded,
      { type: 'edited', field: 'broadGroups', value: 'confluence-users, all-staff\n' },
      { type: 'edited', field: 'schedule', value: 'weekly' },
      { type: 'edited', field: 'budgetPercent', value: '50 %' },
      { type: 'submitted' },
    );
    expect(saving.status).toBe('saving');
    expect(saving.pending).toEqual({
      seq: 2,
      kind: 'save',
      policy: {
        ...stored,
        broadGroups: ['confluence-users', 'all-staff'],
        schedule: 'weekly',
        pointsBudgetShare: 0.5,
      },
    });
    // Nothing changes while saving.
    expect(run(saving, { type: 'submitted' })).toBe(saving);
    expect(run(saving, { type: 'edited', field: 'broadGroups', value: 'x' })).toBe(saving);
  });

  it('takes the stored policy after a save and confirms until the next edit', () => {
    const savedPolicy: Policy = { ...stored, version: 3, sensitiveLabels: ['secret'] };
    const saved = saveAnswer(run(loaded, { type: 'submitted' }), {
      saved: true,
      policy: savedPolicy,
    });
    expect(saved).toMatchObject({ status: 'saved', base: savedPolicy });
    expect(saved.draft.sensitiveLabels).toBe('secret');
    expect(run(saved, { type: 'edited', field: 'sensitiveLabels', value: 'x' }).status).toBe(
      'editing',
    );
  });

  it('groups field errors, and clears a field’s errors when it is edited', () => {
    const invalid = saveAnswer(run(loaded, { type: 'submitted' }), {
      saved: false,
      fieldErrors: [
        { field: 'broadGroups', problem: A },
        { field: 'broadGroups', problem: B },
        { field: 'schedule', problem: C },
      ],
    });
    expect(invalid).toMatchObject({
      status: 'invalid',
      fieldErrors: { broadGroups: [A, B], schedule: [C] },
    });
    const oneLeft = run(invalid, { type: 'edited', field: 'broadGroups', value: 'g' });
    expect(oneLeft).toMatchObject({ status: 'invalid', fieldErrors: { schedule: [C] } });
    const none = run(oneLeft, { type: 'edited', field: 'schedule', value: 'daily' });
    expect(none).toMatchObject({ status: 'editing', fieldErrors: {} });
  });

  it('sends a budget that is not a percentage as typed, for the resolver to refuse with the rest', () => {
    // Refusing it here, before the call, would hide the other fields' problems until it is fixed.
    const sent = run(
      loaded,
      { type: 'edited', field: 'budgetPercent', value: '0' },
      { type: 'submitted' },
    );
    expect(sent.pending).toMatchObject({ kind: 'save', policy: { pointsBudgetShare: '0' } });
  });

  it('on a conflict keeps the draft, then reloads their version on request', () => {
    const theirs: Policy = { ...stored, version: 7, schedule: 'daily' };
    const edited = run(loaded, { type: 'edited', field: 'schedule', value: 'weekly' });
    const conflict = saveAnswer(run(edited, { type: 'submitted' }), {
      saved: false,
      conflict: { current: theirs },
    });
    expect(conflict).toMatchObject({ status: 'conflict', conflict: theirs });
    expect(conflict.draft.schedule).toBe('weekly');
    // Editing doesn't hide the conflict: saving again would be refused the same way.
    const stillConflict = run(conflict, { type: 'edited', field: 'broadGroups', value: 'x' });
    expect(stillConflict.status).toBe('conflict');

    const reloaded = run(stillConflict, { type: 'conflict-reloaded' });
    expect(reloaded).toMatchObject({ status: 'editing', base: theirs, draft: draftOf(theirs) });
    expect(reloaded.conflict).toBeUndefined();
    expect(run(reloaded, { type: 'submitted' }).pending).toMatchObject({
      policy: { version: 7 },
    });
  });

  it('keeps the draft when the save call fails, and explains an answer outside the contract', () => {
    const edited = run(loaded, { type: 'edited', field: 'broadGroups', value: 'g' });
    const failed = policyFormReducer(run(edited, { type: 'submitted' }), {
      type: 'save-answered',
      seq: 2,
      result: { ok: false, error: { code: 'FORBIDDEN', message: 'Admins only.' } },
    });
    expect(failed).toMatchObject({ status: 'editing', error: { code: 'FORBIDDEN' } });
    expect(failed.draft.broadGroups).toBe('g');

    const odd = saveAnswer(run(edited, { type: 'submitted' }), { saved: false });
    expect(odd).toMatchObject({ status: 'editing', error: { code: 'UPSTREAM' } });
  });

  it('a failed load can be retried', () => {
    const failed = policyFormReducer(initialPolicyForm, {
      type: 'crashed',
      seq: 1,
      message: 'offline',
    });
    expect(failed).toMatchObject({ status: 'failed', error: { message: 'offline' } });
    expect(run(failed, { type: 'submitted' })).toBe(failed);
    expect(run(failed, { type: 'retried' }).pending).toEqual({ seq: 2, kind: 'load' });
  });
});

describe('policy form helpers', () => {
  it('splits lists on lines and commas, dropping blanks', () => {
    expect(splitList(' a, b\n\nc ,\n')).toEqual(['a', 'b', 'c']);
    expect(splitList('')).toEqual([]);
  });

  it('reads percentages between 0 (exclusive) and 100', () => {
    expect(parsePercent('25')).toBe(0.25);
    expect(parsePercent(' 12.5 % ')).toBe(0.125);
    expect(parsePercent('100')).toBe(1);
    for (const bad of ['0', '101', '-5', 'abc', '', '1e2', '0.25.1']) {
      expect(parsePercent(bad)).toBeUndefined();
    }
    expect(percentText(0.125)).toBe('12.5');
    expect(percentText(1 / 3)).toBe('33.33');
  });

  it('groups errors in the order given', () => {
    expect(
      groupErrors([
        { field: 'x', problem: A },
        { field: 'y', problem: B },
        { field: 'x', problem: C },
      ]),
    ).toEqual({ x: [A, C], y: [B] });
  });
});
