import type { AuditCsvExport } from '../../../contract/admin';
import type { ResolverError, ResolverResult } from '../../../contract/results';

/** The CSV export of one audit: not asked for, being prepared, ready to download, or failed. */
export type CsvExportState =
  | { readonly status: 'idle'; readonly seq: number }
  | { readonly status: 'preparing'; readonly seq: number; readonly auditId: string }
  | { readonly status: 'ready'; readonly seq: number; readonly file: AuditCsvExport }
  | {
      readonly status: 'failed';
      readonly seq: number;
      readonly auditId: string;
      readonly error: ResolverError;
    };

export type CsvExportAction =
  | { readonly type: 'requested'; readonly auditId: string }
  | { readonly type: 'closed' }
  | {
      readonly type: 'answered';
      readonly seq: number;
      readonly result: ResolverResult<AuditCsvExport>;
    }
  | { readonly type: 'crashed'; readonly seq: number; readonly message: string };

export const initialCsvExport: CsvExportState = { status: 'idle', seq: 0 };

export function csvExportReducer(state: CsvExportState, action: CsvExportAction): CsvExportState {
  switch (action.type) {
    case 'requested':
      if (state.status === 'preparing') return state;
      return { status: 'preparing', seq: state.seq + 1, auditId: action.auditId };
    case 'closed':
      return { status: 'idle', seq: state.seq + 1 };
    case 'answered':
      if (state.status !== 'preparing' || action.seq !== state.seq) return state;
      return action.result.ok
        ? { status: 'ready', seq: state.seq, file: action.result.data }
        : { status: 'failed', seq: state.seq, auditId: state.auditId, error: action.result.error };
    case 'crashed':
      if (state.status !== 'preparing' || action.seq !== state.seq) return state;
      return {
        status: 'failed',
        seq: state.seq,
        auditId: state.auditId,
        error: { code: 'UPSTREAM', message: action.message },
      };
  }
}
