import type {
  PolicyNameProblem,
  SaveSettingsResult,
  SettingsFieldError,
  SettingsView,
} from '../../../contract/admin';
import type { ResolverError, ResolverResult } from '../../../contract/results';
import type { AuditSchedule, Policy, PolicyError, PolicyProblem } from '../../../core';

/** The form's fields as the admin types them; turned into a policy only on save. */
export interface PolicyDraft {
  /** One per line or comma separated. */
  readonly sensitiveLabels: string;
  readonly broadGroups: string;
  readonly allowedAnonymousSpaces: string;
  readonly schedule: AuditSchedule;
  /** A percentage of the hourly points pool, e.g. "25". */
  readonly budgetPercent: string;
  /** A percentage of the site's licensed users that makes a group broad by size; "0": by name only. */
  readonly broadGroupPercent: string;
}

export type DraftField = keyof PolicyDraft;

/** The policy field each form field edits, as `fieldErrors` name them. */
export const POLICY_FIELD_OF: Readonly<Record<DraftField, string>> = {
  sensitiveLabels: 'sensitiveLabels',
  broadGroups: 'broadGroups',
  allowedAnonymousSpaces: 'allowedAnonymousSpaces',
  schedule: 'schedule',
  budgetPercent: 'pointsBudgetShare',
  broadGroupPercent: 'broadGroupShare',
};

/** A problem shown next to a field: the resolver's, or the form's own check of the percentage. */
export type PolicyFormProblem =
  PolicyProblem | PolicyNameProblem | { readonly kind: 'budget-percent' };

/**
 * A policy as the form sends it: a percentage that is not one goes as typed, so the resolver
 * refuses it together with every other problem (all errors show at once) and stores nothing.
 */
export type PolicySubmission = Omit<Policy, 'pointsBudgetShare' | 'broadGroupShare'> & {
  readonly pointsBudgetShare: number | string;
  readonly broadGroupShare: number | string;
};

export type PolicyFormStatus =
  | 'loading'
  | 'failed' // the policy could not be loaded: nothing to edit
  | 'editing'
  | 'saving'
  | 'saved' // the last save succeeded and nothing was edited since
  | 'invalid' // the last save was refused with per-field messages
  | 'conflict'; // someone else saved first; their version is offered

export type PolicyRequest =
  | { readonly seq: number; readonly kind: 'load' }
  | { readonly seq: number; readonly kind: 'save'; readonly policy: PolicySubmission };

export interface PolicyFormState {
  readonly status: PolicyFormStatus;
  /** The stored policy the draft is based on; its version goes with the save. */
  readonly base?: Policy;
  readonly draft: PolicyDraft;
  /** Problems per policy field (`pointsBudgetShare`, …, or `policy`/unknown names). */
  readonly fieldErrors: Readonly<Record<string, readonly PolicyFormProblem[]>>;
  /** The policy someone else saved, while in `conflict`. */
  readonly conflict?: Policy;
  /** A failed load (with `failed`) or a failed save call (shown above the form). */
  readonly error?: ResolverError;
  readonly pending?: PolicyRequest;
  readonly seq: number;
}

export type PolicyFormAction =
  | { readonly type: 'edited'; readonly field: 'schedule'; readonly value: AuditSchedule }
  | {
      readonly type: 'edited';
      readonly field: Exclude<DraftField, 'schedule'>;
      readonly value: string;
    }
  | { readonly type: 'submitted' }
  | { readonly type: 'conflict-reloaded' }
  /** Keep the admin's edits over the version someone else saved; the next save replaces it. */
  | { readonly type: 'conflict-kept' }
  | { readonly type: 'retried' }
  | {
      readonly type: 'loaded';
      readonly seq: number;
      readonly result: ResolverResult<SettingsView>;
    }
  | {
      readonly type: 'save-answered';
      readonly seq: number;
      readonly result: ResolverResult<SaveSettingsResult>;
    }
  | { readonly type: 'crashed'; readonly seq: number; readonly message: string };

const EMPTY_DRAFT: PolicyDraft = {
  sensitiveLabels: '',
  broadGroups: '',
  allowedAnonymousSpaces: '',
  schedule: 'off',
  budgetPercent: '',
  broadGroupPercent: '',
};

export const initialPolicyForm: PolicyFormState = {
  status: 'loading',
  draft: EMPTY_DRAFT,
  fieldErrors: {},
  pending: { seq: 1, kind: 'load' },
  seq: 1,
};

/** "25" for 0.25; at most two decimals, so 0.125 shows as "12.5". */
export function percentText(share: number): string {
  return String(Math.round(share * 10_000) / 100);
}

export function draftOf(policy: Policy): PolicyDraft {
  return {
    sensitiveLabels: policy.sensitiveLabels.join('\n'),
    broadGroups: policy.broadGroups.join('\n'),
    allowedAnonymousSpaces: policy.allowedAnonymousSpaces.join('\n'),
    schedule: policy.schedule,
    budgetPercent: percentText(policy.pointsBudgetShare),
    broadGroupPercent: percentText(policy.broadGroupShare),
  };
}

/** Splits on new lines and commas; blanks are dropped. The resolver normalises the rest. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/u)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The form's own problem with the percentage field (the view words it). */
export const BUDGET_PERCENT_PROBLEM: PolicyFormProblem = { kind: 'budget-percent' };

/** "25", "25 %", "12.5" → a share of 1; undefined when it is not a usable percentage. */
export function parsePercent(text: string): number | undefined {
  const trimmed = text.trim().replace(/\s*%$/u, '');
  if (!/^\d+(?:\.\d+)?$/u.test(trimmed)) return undefined;
  const percent = Number(trimmed);
  if (!(percent > 0 && percent <= 100)) return undefined;
  return percent / 100;
}

/**
 * "50", "50 %", "0" → a share of 1 for the broad-group size; 0 is allowed (broad groups by name
 * only). Undefined when it is not a percentage from 0 to 100.
 */
export function parseBroadPercent(text: string): number | undefined {
  const trimmed = text.trim().replace(/\s*%$/u, '');
  if (!/^\d+(?:\.\d+)?$/u.test(trimmed)) return undefined;
  const percent = Number(trimmed);
  if (!(percent >= 0 && percent <= 100)) return undefined;
  return percent / 100;
}

/** Problems grouped by field, in the order the resolver gave them. */
export function groupErrors(
  errors: readonly (PolicyError | SettingsFieldError)[],
): Record<string, readonly PolicyFormProblem[]> {
  const grouped: Record<string, PolicyFormProblem[]> = {};
  for (const error of errors) (grouped[error.field] ??= []).push(error.problem);
  return grouped;
}

function withoutField(
  errors: Readonly<Record<string, readonly PolicyFormProblem[]>>,
  field: string,
): Readonly<Record<string, readonly PolicyFormProblem[]>> {
  const { [field]: _dropped, ...rest } = errors;
  return rest;
}

function editing(state: PolicyFormState, policy: Policy): PolicyFormState {
  const { conflict: _conflict, error: _error, pending: _pending, ...rest } = state;
  return { ...rest, status: 'editing', base: policy, draft: draftOf(policy), fieldErrors: {} };
}

export function policyFormReducer(
  state: PolicyFormState,
  action: PolicyFormAction,
): PolicyFormState {
  switch (action.type) {
    case 'edited': {
      if (state.base === undefined || state.status === 'saving') return state;
      const draft: PolicyDraft = { ...state.draft, [action.field]: action.value };
      const fieldErrors = withoutField(state.fieldErrors, POLICY_FIELD_OF[action.field]);
      const status =
        state.status === 'conflict'
          ? 'conflict'
          : Object.keys(fieldErrors).length > 0
            ? 'invalid'
            : 'editing';
      return { ...state, status, draft, fieldErrors };
    }
    case 'submitted': {
      const base = state.base;
      if (base === undefined || state.status === 'saving' || state.status === 'loading') {
        return state;
      }
      if (state.status === 'conflict') return state;
      const share = parsePercent(state.draft.budgetPercent) ?? state.draft.budgetPercent;
      const policy: PolicySubmission = {
        // Settings the form does not edit go back as they are stored.
        ...base,
        version: base.version,
        sensitiveLabels: splitList(state.draft.sensitiveLabels),
        broadGroups: splitList(state.draft.broadGroups),
        // Not a percentage: sent as typed, so the resolver refuses it with every other problem.
        broadGroupShare:
          parseBroadPercent(state.draft.broadGroupPercent) ?? state.draft.broadGroupPercent,
        allowedAnonymousSpaces: splitList(state.draft.allowedAnonymousSpaces),
        schedule: state.draft.schedule,
        pointsBudgetShare: share,
      };
      const seq = state.seq + 1;
      const { error: _error, conflict: _conflict, ...rest } = state;
      return {
        ...rest,
        status: 'saving',
        fieldErrors: {},
        seq,
        pending: { seq, kind: 'save', policy },
      };
    }
    case 'conflict-reloaded':
      if (state.status !== 'conflict' || state.conflict === undefined) return state;
      return editing(state, state.conflict);
    case 'conflict-kept': {
      if (state.status !== 'conflict' || state.conflict === undefined) return state;
      const { conflict, error: _error, ...rest } = state;
      return { ...rest, status: 'editing', base: conflict, fieldErrors: {} };
    }
    case 'retried': {
      if (state.status !== 'failed') return state;
      const seq = state.seq + 1;
      const { error: _error, ...rest } = state;
      return { ...rest, status: 'loading', seq, pending: { seq, kind: 'load' } };
    }
    case 'loaded':
      if (state.pending?.kind !== 'load' || action.seq !== state.pending.seq) return state;
      if (!action.result.ok) return loadFailed(state, action.result.error);
      return editing(state, action.result.data.policy);
    case 'save-answered':
      if (state.pending?.kind !== 'save' || action.seq !== state.pending.seq) return state;
      if (!action.result.ok) return saveFailed(state, action.result.error);
      return saveAnswered(state, action.result.data);
    case 'crashed': {
      if (state.pending === undefined || action.seq !== state.pending.seq) return state;
      const error: ResolverError = { code: 'UPSTREAM', message: action.message };
      return state.pending.kind === 'load' ? loadFailed(state, error) : saveFailed(state, error);
    }
  }
}

function loadFailed(state: PolicyFormState, error: ResolverError): PolicyFormState {
  const { pending: _pending, ...rest } = state;
  return { ...rest, status: 'failed', error };
}

/** The call failed: nothing was saved, and what the admin typed stays. */
function saveFailed(state: PolicyFormState, error: ResolverError): PolicyFormState {
  const { pending: _pending, ...rest } = state;
  return { ...rest, status: 'editing', error };
}

function saveAnswered(state: PolicyFormState, result: SaveSettingsResult): PolicyFormState {
  const { pending: _pending, ...rest } = state;
  if (result.saved && result.policy !== undefined) {
    return { ...editing(state, result.policy), status: 'saved' };
  }
  if (result.conflict !== undefined) {
    return { ...rest, status: 'conflict', conflict: result.conflict.current };
  }
  if (result.fieldErrors !== undefined && result.fieldErrors.length > 0) {
    return { ...rest, status: 'invalid', fieldErrors: groupErrors(result.fieldErrors) };
  }
  // Saved without the stored policy, or refused without a reason: neither is in the contract.
  return {
    ...rest,
    status: 'editing',
    error: {
      code: 'UPSTREAM',
      message: result.saved
        ? 'The policy was saved, but Access Lens could not show the stored version. Reload the page to see it.'
        : 'Access Lens did not save the policy and gave no reason. Try again.',
    },
  };
}

/** One setting where the version someone else saved and the admin's edits differ. */
export interface ConflictRow {
  readonly field: DraftField;
  readonly theirs: string;
  readonly yours: string;
}

/** The settings that differ between their saved version and the admin's draft, in form order. */
export function conflictRows(theirs: Policy, draft: PolicyDraft): ConflictRow[] {
  const saved = draftOf(theirs);
  const fields: readonly DraftField[] = [
    'sensitiveLabels',
    'broadGroups',
    'allowedAnonymousSpaces',
    'schedule',
    'budgetPercent',
    'broadGroupPercent',
  ];
  const shown = (field: DraftField, value: string) =>
    field === 'schedule' || field === 'budgetPercent' || field === 'broadGroupPercent'
      ? value.trim()
      : splitList(value).join(', ');
  return fields
    .map((field) => ({
      field,
      theirs: shown(field, saved[field]),
      yours: shown(field, draft[field]),
    }))
    .filter((row) => row.theirs !== row.yours);
}
