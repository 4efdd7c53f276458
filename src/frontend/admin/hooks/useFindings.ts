import { useEffect, useReducer } from 'react';
import type { Dispatch } from 'react';
import type { AuditReportPage } from '../../../contract/admin';
import { callResolver } from '../../shared/call';
import { crashMessage } from '../../shared/remote';
import { findingsReducer, initialFindings } from '../state/findingsQuery';
import type { FindingsAction, FindingsState } from '../state/findingsQuery';

/** One audit's report (the latest's when `auditId` is undefined), filtered and paged. */
export function useFindings(
  auditId: string | undefined,
): readonly [FindingsState, Dispatch<FindingsAction>] {
  const [state, dispatch] = useReducer(findingsReducer, auditId, initialFindings);
  const { pending } = state;
  useEffect(() => {
    if (pending === undefined) return;
    callResolver<AuditReportPage>('getAuditReport', { ...pending.query })
      .then((result) => {
        dispatch({ type: 'answered', seq: pending.seq, result });
      })
      .catch((error: unknown) => {
        dispatch({ type: 'crashed', seq: pending.seq, message: crashMessage(error) });
      });
  }, [pending]);
  return [state, dispatch];
}
