import { useReducer } from 'react';
import type { Dispatch } from 'react';
import type { AuditProgress, AuditStatusView } from '../../../contract/admin';
import type { ResolverResult } from '../../../contract/results';
import { callResolver } from '../../shared/call';
import { usePendingCall } from '../../shared/pending-call';
import {
  auditProgressFrom,
  auditProgressReducer,
  initialAuditProgress,
  nextPollDelay,
} from '../state/auditProgress';
import type { AuditProgressAction, AuditProgressState, AuditRequest } from '../state/auditProgress';
import { useTimeout } from '../timer';

/**
 * `startAudit` is specified to answer an `AuditStatusView`; an answer that is the bare
 * `AuditProgress` is taken as well, so the page keeps working if the two sides drift.
 */
export function asStatusView(data: AuditStatusView | AuditProgress): AuditStatusView {
  return 'audit' in data ? data : { audit: data };
}

async function send(request: AuditRequest): Promise<ResolverResult<AuditStatusView>> {
  switch (request.kind) {
    case 'load':
      return callResolver<AuditStatusView>('getAuditStatus', {});
    case 'poll':
      return callResolver<AuditStatusView>('getAuditStatus', { auditId: request.auditId });
    case 'start': {
      const result = await callResolver<AuditStatusView | AuditProgress>('startAudit', {});
      return result.ok ? { ok: true, data: asStatusView(result.data) } : result;
    }
    case 'cancel':
      return callResolver<AuditStatusView>('cancelAudit', { auditId: request.auditId });
  }
}

/**
 * The latest audit, with "run now", cancel, and polling while it runs. `initial` is what the
 * page's start-up call already answered; without it the hook loads the latest audit itself.
 */
export function useAuditProgress(
  initial?: AuditStatusView,
): readonly [AuditProgressState, Dispatch<AuditProgressAction>] {
  const [state, dispatch] = useReducer(auditProgressReducer, initial, (view): AuditProgressState =>
    view === undefined ? initialAuditProgress : auditProgressFrom(view),
  );
  usePendingCall(state.pending, send, dispatch);
  useTimeout(nextPollDelay(state), () => {
    dispatch({ type: 'poll-due' });
  });
  return [state, dispatch];
}
