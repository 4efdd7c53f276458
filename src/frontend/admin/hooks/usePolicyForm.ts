import { useEffect, useReducer } from 'react';
import type { Dispatch } from 'react';
import type { SaveSettingsResult, SettingsView } from '../../../contract/admin';
import { callResolver } from '../../shared/call';
import { crashMessage } from '../../shared/remote';
import { initialPolicyForm, policyFormReducer } from '../state/policyForm';
import type { PolicyFormAction, PolicyFormState } from '../state/policyForm';

/** The Policies tab: loads the stored policy and saves the admin's edits with its version. */
export function usePolicyForm(): readonly [PolicyFormState, Dispatch<PolicyFormAction>] {
  const [state, dispatch] = useReducer(policyFormReducer, initialPolicyForm);
  const { pending } = state;
  useEffect(() => {
    if (pending === undefined) return;
    const crashed = (error: unknown) => {
      dispatch({ type: 'crashed', seq: pending.seq, message: crashMessage(error) });
    };
    if (pending.kind === 'load') {
      callResolver<SettingsView>('getSettings', {})
        .then((result) => {
          dispatch({ type: 'loaded', seq: pending.seq, result });
        })
        .catch(crashed);
      return;
    }
    const { policy } = pending;
    callResolver<SaveSettingsResult>('saveSettings', {
      policy: {
        version: policy.version,
        sensitiveLabels: policy.sensitiveLabels,
        broadGroups: policy.broadGroups,
        allowedAnonymousSpaces: policy.allowedAnonymousSpaces,
        schedule: policy.schedule,
        pointsBudgetShare: policy.pointsBudgetShare,
      },
    })
      .then((result) => {
        dispatch({ type: 'save-answered', seq: pending.seq, result });
      })
      .catch(crashed);
  }, [pending]);
  return [state, dispatch];
}
