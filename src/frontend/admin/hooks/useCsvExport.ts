import { useEffect, useReducer } from 'react';
import type { Dispatch } from 'react';
import type { AuditCsvExport } from '../../../contract/admin';
import { callResolver } from '../../shared/call';
import { crashMessage } from '../../shared/remote';
import { csvExportReducer, initialCsvExport } from '../state/csvExport';
import type { CsvExportAction, CsvExportState } from '../state/csvExport';

/** Prepares an audit's CSV when asked to; nothing is fetched before. */
export function useCsvExport(): readonly [CsvExportState, Dispatch<CsvExportAction>] {
  const [state, dispatch] = useReducer(csvExportReducer, initialCsvExport);
  const preparing = state.status === 'preparing' ? state : undefined;
  useEffect(() => {
    if (preparing === undefined) return;
    callResolver<AuditCsvExport>('exportAuditCsv', { auditId: preparing.auditId })
      .then((result) => {
        dispatch({ type: 'answered', seq: preparing.seq, result });
      })
      .catch((error: unknown) => {
        dispatch({ type: 'crashed', seq: preparing.seq, message: crashMessage(error) });
      });
  }, [preparing]);
  return [state, dispatch];
}
