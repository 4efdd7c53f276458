import {
  FINDINGS_PAGE_SIZE,
  findingsReducer,
  initialFindings,
  pageRange,
  reportQuery,
} from '../../src/frontend/admin/state/findingsQuery';
import type { FindingsState } from '../../src/frontend/admin/state/findingsQuery';
import {
  csvExportReducer,
  csvPayload,
  initialCsvExport,
} from '../../src/frontend/admin/state/csvExport';
import type { AuditReportPage } from '../../src/contract/admin';
import type { Finding } from '../../src/core';

const finding = (n: number): Finding => ({
  id: `user-grants|S|${n}|`,
  rule: 'user-grants',
  severity: 'low',
  spaceKey: 'S',
});

const page = (count: number, nextCursor?: string, auditId = 'a-1'): AuditReportPage => ({
  auditId,
  findings: Array.from({ length: count }, (_, i) => finding(i)),
  total: 7,
  ...(nextCursor === undefined ? {} : { nextCursor }),
});

function answer(state: FindingsState, data: AuditReportPage): FindingsState {
  return findingsReducer(state, {
    type: 'answered',
    seq: state.pending!.seq,
    result: { ok: true, data },
  });
}

describe('findingsReducer', () => {
  it('asks for the first page of the given audit, unfiltered', () => {
    expect(initialFindings('a-1').pending).toEqual({
      seq: 1,
      query: { auditId: 'a-1', limit: FINDINGS_PAGE_SIZE },
    });
    expect(initialFindings().pending?.query).toEqual({ limit: FINDINGS_PAGE_SIZE });
  });

  it('pins the audit of the first answer for later pages and filters', () => {
    const loaded = answer(initialFindings(), page(3, 'c2', 'a-9'));
    expect(loaded.auditId).toBe('a-9');
    const filtered = findingsReducer(loaded, {
      type: 'filter-changed',
      filter: 'severity',
      value: 'high',
    });
    expect(filtered.pending?.query).toEqual({
      auditId: 'a-9',
      severity: 'high',
      limit: FINDINGS_PAGE_SIZE,
    });
  });

  it('pages with cursors and counts rows by what the server returned', () => {
    let state = answer(initialFindings('a-1'), page(3, 'c2'));
    expect(pageRange(state)).toEqual({ from: 1, to: 3, total: 7 });
    expect(findingsReducer(state, { type: 'previous-page' })).toBe(state);

    state = findingsReducer(state, { type: 'next-page' });
    expect(state).toMatchObject({ status: 'loading', pageIndex: 1 });
    expect(state.pending?.query.cursor).toBe('c2');
    // The old page stays on screen while the next one loads; no second "next" meanwhile.
    expect(state.page?.findings).toHaveLength(3);
    expect(findingsReducer(state, { type: 'next-page' })).toBe(state);

    state = answer(state, page(3, 'c3'));
    expect(pageRange(state)).toEqual({ from: 4, to: 6, total: 7 });
    state = answer(findingsReducer(state, { type: 'next-page' }), page(1));
    expect(pageRange(state)).toEqual({ from: 7, to: 7, total: 7 });
    expect(findingsReducer(state, { type: 'next-page' })).toBe(state);

    state = findingsReducer(state, { type: 'previous-page' });
    expect(state.pending?.query.cursor).toBe('c2');
    state = answer(state, page(3, 'c3'));
    expect(pageRange(state)).toEqual({ from: 4, to: 6, total: 7 });
  });

  it('a filter change starts again at the first page; the same value asks nothing', () => {
    let state = answer(initialFindings('a-1'), page(3, 'c2'));
    state = answer(findingsReducer(state, { type: 'next-page' }), page(3, 'c3'));
    const filtered = findingsReducer(state, {
      type: 'filter-changed',
      filter: 'spaceKey',
      value: 'HR',
    });
    expect(filtered).toMatchObject({ pageIndex: 0, cursors: [undefined], starts: [0] });
    expect(filtered.pending?.query).toEqual({
      auditId: 'a-1',
      spaceKey: 'HR',
      limit: FINDINGS_PAGE_SIZE,
    });
    const loaded = answer(filtered, page(1));
    expect(
      findingsReducer(loaded, { type: 'filter-changed', filter: 'spaceKey', value: 'HR' }),
    ).toBe(loaded);
    const cleared = findingsReducer(loaded, {
      type: 'filter-changed',
      filter: 'spaceKey',
      value: undefined,
    });
    expect(cleared.filters).toEqual({});
    expect(findingsReducer(answer(cleared, page(1)), { type: 'filters-cleared' }).pending).toBe(
      undefined,
    );
  });

  it('drops late answers and retries the last request after a failure', () => {
    const first = initialFindings('a-1');
    const filtered = findingsReducer(first, {
      type: 'filter-changed',
      filter: 'rule',
      value: 'user-grants',
    });
    const late = findingsReducer(filtered, {
      type: 'answered',
      seq: 1,
      result: { ok: true, data: page(3) },
    });
    expect(late).toBe(filtered);

    const failed = findingsReducer(filtered, {
      type: 'crashed',
      seq: filtered.pending!.seq,
      message: 'offline',
    });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'UPSTREAM' } });
    const retried = findingsReducer(failed, { type: 'retried' });
    expect(retried.pending?.query).toEqual(filtered.pending?.query);
    expect(retried.pending?.seq).toBeGreaterThan(filtered.pending!.seq);
  });

  it('builds queries with only the fields that are set', () => {
    expect(reportQuery(undefined, {}, undefined)).toEqual({ limit: FINDINGS_PAGE_SIZE });
    expect(reportQuery('a', { rule: 'user-grants' }, 'c')).toEqual({
      auditId: 'a',
      rule: 'user-grants',
      cursor: 'c',
      limit: FINDINGS_PAGE_SIZE,
    });
  });
});

describe('csvExportReducer', () => {
  const file = { fileName: 'f.csv', rows: 1, csv: 'a\r\n' };
  const request = { auditId: 'a-1', filters: { severity: 'high' as const } };

  it('asks for the filtered findings, with the site for absolute links', () => {
    expect(csvPayload({ ...request, siteUrl: 'https://acme.atlassian.net' })).toEqual({
      auditId: 'a-1',
      severity: 'high',
      siteUrl: 'https://acme.atlassian.net',
    });
    expect(csvPayload({ auditId: 'a-1', filters: {} })).toEqual({ auditId: 'a-1' });
  });

  it('prepares once, then holds the file or the failure', () => {
    const preparing = csvExportReducer(initialCsvExport, { type: 'requested', request });
    expect(preparing).toEqual({ status: 'preparing', seq: 1, request });
    expect(csvExportReducer(preparing, { type: 'requested', request })).toBe(preparing);
    expect(
      csvExportReducer(preparing, { type: 'answered', seq: 1, result: { ok: true, data: file } }),
    ).toEqual({ status: 'ready', seq: 1, file });
    const failed = csvExportReducer(preparing, { type: 'crashed', seq: 1, message: 'x' });
    expect(failed).toMatchObject({ status: 'failed', request });
    expect(csvExportReducer(failed, { type: 'requested', request }).status).toBe('preparing');
  });

  it('ignores an answer that arrives after the export was closed', () => {
    const preparing = csvExportReducer(initialCsvExport, { type: 'requested', request });
    const closed = csvExportReducer(preparing, { type: 'closed' });
    expect(
      csvExportReducer(closed, { type: 'answered', seq: 1, result: { ok: true, data: file } }),
    ).toBe(closed);
  });
});
