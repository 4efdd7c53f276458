import type { AuditReportPage, AuditReportQuery } from '../../../contract/admin';
import type { ResolverError, ResolverResult } from '../../../contract/results';
import { partitionFindings } from '../../../core/audit/exceptions';
import type { Finding, FindingException, RuleId, Severity } from '../../../core';

/** Findings per page: a readable table, and a small answer from the resolver. */
export const FINDINGS_PAGE_SIZE = 25;

export interface FindingsFilters {
  readonly severity?: Severity;
  readonly rule?: RuleId;
  readonly spaceKey?: string;
}

export type FindingsFilter = keyof FindingsFilters;

export interface FindingsRequest {
  readonly seq: number;
  readonly query: AuditReportQuery;
}

/**
 * The Findings tab: filters, and paging through the report with the resolver's cursors. The cursor
 * of every page visited is kept so "Previous" needs no cursor from the server.
 */
export interface FindingsState {
  readonly status: 'loading' | 'loaded' | 'failed';
  readonly filters: FindingsFilters;
  /**
   * The audit the table shows. Pinned to the first answer's audit, so paging and filtering never
   * jump to a newer audit half-way through a review.
   */
  readonly auditId?: string;
  /** 0-based. */
  readonly pageIndex: number;
  /** `cursors[i]` is the cursor that fetches page i (undefined for the first page). */
  readonly cursors: readonly (string | undefined)[];
  /** `starts[i]` is how many findings come before page i, whatever page size the server used. */
  readonly starts: readonly number[];
  /** The page on screen; kept while the next one loads so the table doesn't flicker. */
  readonly page?: AuditReportPage;
  readonly error?: ResolverError;
  readonly pending?: FindingsRequest;
  /** The last call made, to repeat after a failure. */
  readonly last?: FindingsRequest;
  readonly seq: number;
}

export type FindingsAction =
  | {
      readonly type: 'filter-changed';
      readonly filter: 'severity';
      readonly value: Severity | undefined;
    }
  | { readonly type: 'filter-changed'; readonly filter: 'rule'; readonly value: RuleId | undefined }
  | {
      readonly type: 'filter-changed';
      readonly filter: 'spaceKey';
      readonly value: string | undefined;
    }
  | { readonly type: 'filters-cleared' }
  | { readonly type: 'next-page' }
  | { readonly type: 'previous-page' }
  | { readonly type: 'retried' }
  | {
      readonly type: 'answered';
      readonly seq: number;
      readonly result: ResolverResult<AuditReportPage>;
    }
  | { readonly type: 'crashed'; readonly seq: number; readonly message: string };

/** Only the fields that are set: the resolver refuses unknown or empty ones. */
export function reportQuery(
  auditId: string | undefined,
  filters: FindingsFilters,
  cursor: string | undefined,
): AuditReportQuery {
  return {
    ...(auditId === undefined ? {} : { auditId }),
    ...(filters.severity === undefined ? {} : { severity: filters.severity }),
    ...(filters.rule === undefined ? {} : { rule: filters.rule }),
    ...(filters.spaceKey === undefined ? {} : { spaceKey: filters.spaceKey }),
    ...(cursor === undefined ? {} : { cursor }),
    limit: FINDINGS_PAGE_SIZE,
  };
}

/** The first page of `auditId`'s report (the latest audit's when undefined), unfiltered. */
export function initialFindings(auditId?: string): FindingsState {
  const pending = { seq: 1, query: reportQuery(auditId, {}, undefined) };
  return {
    status: 'loading',
    filters: {},
    ...(auditId === undefined ? {} : { auditId }),
    pageIndex: 0,
    cursors: [undefined],
    starts: [0],
    pending,
    last: pending,
    seq: 1,
  };
}

function request(
  state: FindingsState,
  filters: FindingsFilters,
  pageIndex: number,
  cursors: readonly (string | undefined)[],
  starts: readonly number[],
): FindingsState {
  const seq = state.seq + 1;
  const pending = { seq, query: reportQuery(state.auditId, filters, cursors[pageIndex]) };
  const { error: _error, ...rest } = state;
  return {
    ...rest,
    status: 'loading',
    filters,
    pageIndex,
    cursors,
    starts,
    seq,
    pending,
    last: pending,
  };
}

function withFilter(
  filters: FindingsFilters,
  filter: FindingsFilter,
  value: string | undefined,
): FindingsFilters {
  const { [filter]: _old, ...rest } = filters;
  return value === undefined || value === '' ? rest : { ...rest, [filter]: value };
}

export function findingsReducer(state: FindingsState, action: FindingsAction): FindingsState {
  switch (action.type) {
    case 'filter-changed': {
      const filters = withFilter(state.filters, action.filter, action.value);
      if (filters[action.filter] === state.filters[action.filter]) return state;
      return request(state, filters, 0, [undefined], [0]);
    }
    case 'filters-cleared':
      if (Object.keys(state.filters).length === 0) return state;
      return request(state, {}, 0, [undefined], [0]);
    case 'next-page': {
      const page = state.page;
      const next = page?.nextCursor;
      if (state.status !== 'loaded' || page === undefined || next === undefined) return state;
      const index = state.pageIndex;
      const cursors = [...state.cursors.slice(0, index + 1), next];
      const starts = [
        ...state.starts.slice(0, index + 1),
        (state.starts[index] ?? 0) + page.findings.length,
      ];
      return request(state, state.filters, index + 1, cursors, starts);
    }
    case 'previous-page':
      if (state.status !== 'loaded' || state.pageIndex === 0) return state;
      return request(state, state.filters, state.pageIndex - 1, state.cursors, state.starts);
    case 'retried': {
      if (state.status !== 'failed' || state.last === undefined) return state;
      const seq = state.seq + 1;
      const pending = { seq, query: state.last.query };
      const { error: _error, ...rest } = state;
      return { ...rest, status: 'loading', seq, pending, last: pending };
    }
    case 'answered': {
      if (action.seq !== state.pending?.seq) return state;
      if (!action.result.ok) return failed(state, action.result.error);
      const { pending: _pending, error: _error, ...rest } = state;
      return {
        ...rest,
        status: 'loaded',
        page: action.result.data,
        auditId: action.result.data.auditId,
      };
    }
    case 'crashed':
      if (action.seq !== state.pending?.seq) return state;
      return failed(state, { code: 'UPSTREAM', message: action.message });
  }
}

function failed(state: FindingsState, error: ResolverError): FindingsState {
  const { pending: _pending, ...rest } = state;
  return { ...rest, status: 'failed', error };
}

/** "Showing 26–50 of 120", for the page on screen. */
export function pageRange(state: FindingsState): { from: number; to: number; total: number } {
  const page = state.page;
  if (page === undefined || page.findings.length === 0) {
    return { from: 0, to: 0, total: page?.total ?? 0 };
  }
  const from = (state.starts[state.pageIndex] ?? 0) + 1;
  return { from, to: from + page.findings.length - 1, total: page.total };
}

/** Which findings the tab shows: the open ones, or those accepted as exceptions. */
export type FindingsView = 'open' | 'exceptions';

/**
 * The page's findings apart: those no active exception covers, shown as open, and how many on
 * the page an active exception covers (listed under the exceptions instead). An expired exception
 * covers nothing, so its finding is open again (docs/ARCHITECTURE.md, "Findings you can act on").
 */
export function openOnPage(
  findings: readonly Finding[],
  exceptions: readonly FindingException[],
  now: number,
): { readonly open: readonly Finding[]; readonly excepted: number } {
  const split = partitionFindings(findings, exceptions, now);
  return { open: split.open, excepted: split.excepted.length };
}
