import { useReducer } from 'react';
import type { Dispatch } from 'react';
import type { AuditReportPage } from '../../../contract/admin';
import { callResolver } from '../../shared/call';
import { usePendingCall } from '../../shared/pending-call';
import { findingsReducer, initialFindings } from '../state/findingsQuery';
import type { FindingsAction, FindingsRequest, FindingsState } from '../state/findingsQuery';

function fetchReport(request: FindingsRequest) {
  return callResolver<AuditReportPage>('getAuditReport', { ...request.query });
}

/** One audit's report (the latest's when `auditId` is undefined), filtered and paged. */
export function useFindings(
  auditId: string | undefined,
): readonly [FindingsState, Dispatch<FindingsAction>] {
  const [state, dispatch] = useReducer(findingsReducer, auditId, initialFindings);
  usePendingCall(state.pending, fetchReport, dispatch);
  return [state, dispatch];
}
