import { useReducer } from 'react';
import type { Dispatch } from 'react';
import type { AuditCsvExport } from '../../../contract/admin';
import { callResolver } from '../../shared/call';
import { usePendingCall } from '../../shared/pending-call';
import { csvExportReducer, csvPayload, initialCsvExport } from '../state/csvExport';
import type { CsvExportAction, CsvExportState, CsvRequest } from '../state/csvExport';

function prepare(pending: { readonly request: CsvRequest }) {
  return callResolver<AuditCsvExport>('exportAuditCsv', csvPayload(pending.request));
}

/** Prepares an audit's CSV when asked to; nothing is fetched before. */
export function useCsvExport(): readonly [CsvExportState, Dispatch<CsvExportAction>] {
  const [state, dispatch] = useReducer(csvExportReducer, initialCsvExport);
  usePendingCall(state.status === 'preparing' ? state : undefined, prepare, dispatch);
  return [state, dispatch];
}
