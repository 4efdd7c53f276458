import { useCallback, useReducer } from 'react';
import type { Dispatch } from 'react';
import type { SaveSettingsResult, SettingsView } from '../../../contract/admin';
import { callResolver } from '../../shared/call';
import type { Payload } from '../../shared/call';
import { usePendingCall } from '../../shared/pending-call';
import type { CallOutcome } from '../../shared/pending-call';
import { initialPolicyForm, policyFormReducer } from '../state/policyForm';
import type { PolicyFormAction, PolicyFormState, PolicyRequest } from '../state/policyForm';

function load() {
  return callResolver<SettingsView>('getSettings', {});
}

function save({ policy }: Extract<PolicyRequest, { kind: 'save' }>) {
  // The whole policy, settings the form does not show included, so a save never resets them.
  const sent: Payload = { ...policy };
  return callResolver<SaveSettingsResult>('saveSettings', { policy: sent });
}

/** The Policies tab: loads the stored policy and saves the admin's edits with its version. */
export function usePolicyForm(): readonly [PolicyFormState, Dispatch<PolicyFormAction>] {
  const [state, dispatch] = useReducer(policyFormReducer, initialPolicyForm);
  const { pending } = state;
  // The reducer names a load's answer `loaded` and a save's `save-answered`.
  const loaded = useCallback((outcome: CallOutcome<SettingsView>) => {
    dispatch(outcome.type === 'answered' ? { ...outcome, type: 'loaded' } : outcome);
  }, []);
  const saved = useCallback((outcome: CallOutcome<SaveSettingsResult>) => {
    dispatch(outcome.type === 'answered' ? { ...outcome, type: 'save-answered' } : outcome);
  }, []);
  usePendingCall(pending?.kind === 'load' ? pending : undefined, load, loaded);
  usePendingCall(pending?.kind === 'save' ? pending : undefined, save, saved);
  return [state, dispatch];
}
