import type { AuditCsvExport, AuditCsvFilters } from '../../../contract/admin';
import type { ResolverError, ResolverResult } from '../../../contract/results';

/** The CSV export of one audit: not asked for, being prepared, ready to download, or failed. */
export type CsvExportState =
  | { readonly status: 'idle'; readonly seq: number }
  | { readonly status: 'preparing'; readonly seq: number; readonly request: CsvRequest }
  | { readonly status: 'ready'; readonly seq: number; readonly file: AuditCsvExport }
  | {
      readonly status: 'failed';
      readonly seq: number;
      readonly request: CsvRequest;
      readonly error: ResolverError;
    };

/** What one export asks for: an audit's findings as the findings table filters them. */
export interface CsvRequest {
  readonly auditId: string;
  readonly filters: AuditCsvFilters;
  /** The site's address from the product context, for absolute links; absent when unknown. */
  readonly siteUrl?: string;
}

/** The `exportAuditCsv` payload of a request: only the filters that are set. */
export function csvPayload(request: CsvRequest): Record<string, string> {
  const { filters } = request;
  return {
    auditId: request.auditId,
    ...(filters.severity === undefined ? {} : { severity: filters.severity }),
    ...(filters.rule === undefined ? {} : { rule: filters.rule }),
    ...(filters.spaceKey === undefined ? {} : { spaceKey: filters.spaceKey }),
    ...(request.siteUrl === undefined || request.siteUrl === ''
      ? {}
      : { siteUrl: request.siteUrl }),
  };
}

export type CsvExportAction =
  | { readonly type: 'requested'; readonly request: CsvRequest }
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
      return { status: 'preparing', seq: state.seq + 1, request: action.request };
    case 'closed':
      return { status: 'idle', seq: state.seq + 1 };
    case 'answered':
      if (state.status !== 'preparing' || action.seq !== state.seq) return state;
      return action.result.ok
        ? { status: 'ready', seq: state.seq, file: action.result.data }
        : { status: 'failed', seq: state.seq, request: state.request, error: action.result.error };
    case 'crashed':
      if (state.status !== 'preparing' || action.seq !== state.seq) return state;
      return {
        status: 'failed',
        seq: state.seq,
        request: state.request,
        error: { code: 'UPSTREAM', message: action.message },
      };
  }
}

export const CSV_MIME_TYPE = 'text/csv;charset=utf-8';

/** Whether any of the findings table's filters is set. */
export function hasFilters(filters: AuditCsvFilters): boolean {
  return (
    filters.severity !== undefined || filters.rule !== undefined || filters.spaceKey !== undefined
  );
}
