import type { RenderedView } from '../harness/forge-ui';
import {
  CSV_TEXT,
  FINDINGS,
  adminLoaded,
  adminStub,
  audit,
  csvExport,
  fail,
  history,
  ok,
  openPanelText,
  openTab,
  renderAdmin,
  reportPage,
  running,
  sectionMessage,
  status,
} from './admin-fixtures';
import { FINDINGS_PAGE_SIZE } from '../../src/frontend/admin/state/findingsQuery';

/** Each table row's text. */
function rows(view: RenderedView): string[] {
  return view.findAll('Row', view.findByText('DynamicTable', '')).map((row) => view.text(row));
}

function select(view: RenderedView, inputId: string) {
  const found = view.findAll('Select').find((node) => String(node.props.inputId).endsWith(inputId));
  if (found === undefined) throw new Error(`No Select ${inputId}`);
  return found;
}

async function findingsTab(stub: ReturnType<typeof adminStub>): Promise<RenderedView> {
  const view = await renderAdmin(stub);
  await adminLoaded(view);
  await view.waitFor((v) => v.text().includes('Latest audit'));
  await openTab(view, 'Findings');
  await view.waitFor((v) => v.has('DynamicTable') && !v.text().includes('Loading findings'));
  return view;
}

describe('admin page: Findings', () => {
  it('lists the latest audit’s findings with links to the space and the page', async () => {
    const stub = adminStub({
      getAuditStatus: () => status(audit()),
      getAuditReport: () => ok(reportPage(FINDINGS)),
    });
    const view = await findingsTab(stub);

    expect(stub.callsOf('getAuditReport').map((call) => call.payload)).toEqual([
      { auditId: 'a-2', limit: FINDINGS_PAGE_SIZE },
    ]);
    expect(openPanelText(view)).toContain('Showing 1–6 of 6 findings.');
    const table = view.find('DynamicTable');
    expect(table.props.label).toBe('Findings');
    const head = view.findAll('Cell', view.find('ContentWrapper', table)).map((cell) => ({
      text: view.text(cell),
      sortable: cell.props.isSortable === true,
    }));
    expect(head.filter((cell) => cell.sortable).map((cell) => cell.text)).toEqual([
      'Severity',
      'Problem',
      'Space',
      'Page',
      'Who',
    ]);
    const salaries = view.findAll('Row').find((row) => view.text(row).includes('Salaries 2026'));
    expect(salaries).toBeDefined();
    expect(view.text(salaries)).toContain('High');
    expect(view.text(salaries)).toContain('Sensitive content without a view restriction');
    expect(view.findAll('Link', salaries).map((link) => link.props.href)).toEqual([
      '/wiki/spaces/HR',
      '/wiki/pages/viewpage.action?pageId=4242',
      // Where it is fixed: the page, whose lock opens its restrictions (no site URL in this test).
      '/wiki/pages/viewpage.action?pageId=4242',
    ]);
    // Severity sorts by rank, not alphabetically.
    expect(view.find('Cell', salaries).props.cellKey).toBe('severity:0');
  });

  it('filters by severity, problem and space, and clears the filters', async () => {
    const high = FINDINGS.filter((finding) => finding.severity === 'high');
    const stub = adminStub({
      getAuditStatus: () => status(audit()),
      getAuditReport: (payload) => {
        const query = payload as { severity?: string; rule?: string; spaceKey?: string };
        const matching = FINDINGS.filter(
          (finding) =>
            (query.severity === undefined || finding.severity === query.severity) &&
            (query.rule === undefined || finding.rule === query.rule) &&
            (query.spaceKey === undefined || finding.spaceKey === query.spaceKey),
        );
        return ok(reportPage(matching));
      },
    });
    const view = await findingsTab(stub);
    // The space filter offers the audit's spaces with findings.
    expect(
      (select(view, 'filter-space').props.options as { value: string }[]).map((o) => o.value),
    ).toEqual(['DOCS', 'ENG', 'HR', 'OPS']);

    await view.fire(select(view, 'filter-severity'), 'onChange', { label: 'High', value: 'high' });
    await view.settle();
    expect(stub.callsOf('getAuditReport').at(-1)?.payload).toEqual({
      auditId: 'a-2',
      severity: 'high',
      limit: FINDINGS_PAGE_SIZE,
    });
    expect(rows(view)).toHaveLength(high.length);
    expect(openPanelText(view)).toContain('Showing 1–3 of 3 findings that match the filters.');

    await view.fire(select(view, 'filter-space'), 'onChange', { label: 'HR', value: 'HR' });
    await view.fire(select(view, 'filter-rule'), 'onChange', {
      label: 'Guests have access',
      value: 'guest-space-access',
    });
    await view.settle();
    expect(stub.callsOf('getAuditReport').at(-1)?.payload).toEqual({
      auditId: 'a-2',
      severity: 'high',
      rule: 'guest-space-access',
      spaceKey: 'HR',
      limit: FINDINGS_PAGE_SIZE,
    });
    expect(openPanelText(view)).toContain('No findings match these filters.');

    await view.fire(select(view, 'filter-rule'), 'onChange', null);
    await view.settle();
    expect(stub.callsOf('getAuditReport').at(-1)?.payload).toEqual({
      auditId: 'a-2',
      severity: 'high',
      spaceKey: 'HR',
      limit: FINDINGS_PAGE_SIZE,
    });
    expect(rows(view)).toHaveLength(2);

    await view.fire(view.findByText('Button', 'Clear filters'), 'onClick');
    await view.settle();
    expect(stub.callsOf('getAuditReport').at(-1)?.payload).toEqual({
      auditId: 'a-2',
      limit: FINDINGS_PAGE_SIZE,
    });
    expect(rows(view)).toHaveLength(FINDINGS.length);
    expect(view.has('Button', 'Clear filters')).toBe(false);
  });

  it('pages forward and back with the resolver’s cursors', async () => {
    const [first, second, third] = [FINDINGS.slice(0, 2), FINDINGS.slice(2, 4), FINDINGS.slice(4)];
    const stub = adminStub({
      getAuditStatus: () => status(audit()),
      getAuditReport: (payload) => {
        const { cursor } = payload as { cursor?: string };
        if (cursor === undefined) return ok(reportPage(first, { total: 6, nextCursor: 'c2' }));
        if (cursor === 'c2') return ok(reportPage(second, { total: 6, nextCursor: 'c3' }));
        return ok(reportPage(third, { total: 6 }));
      },
    });
    const view = await findingsTab(stub);
    expect(openPanelText(view)).toContain('Showing 1–2 of 6 findings.');
    expect(view.findByText('Button', 'Previous').props.isDisabled).toBe(true);

    await view.fire(view.findByText('Button', 'Next'), 'onClick');
    await view.settle();
    expect(openPanelText(view)).toContain('Showing 3–4 of 6 findings.');
    expect(openPanelText(view)).toContain('Page 2');
    await view.fire(view.findByText('Button', 'Next'), 'onClick');
    await view.settle();
    expect(openPanelText(view)).toContain('Page 3');
    expect(view.findByText('Button', 'Next').props.isDisabled).toBe(true);
    expect(rows(view).join(' ')).toContain('DOCS');

    await view.fire(view.findByText('Button', 'Previous'), 'onClick');
    await view.settle();
    expect(openPanelText(view)).toContain('Page 2');
    expect(
      stub.callsOf('getAuditReport').map((call) => (call.payload as { cursor?: string }).cursor),
    ).toEqual([undefined, 'c2', 'c3', 'c2']);
  });

  it('offers a CSV download link when the platform gives one', async () => {
    const url = 'https://object-store.example/access-lens-a-2.csv?signature=abc';
    const stub = adminStub({
      getAuditStatus: () => status(audit()),
      getAuditReport: () => ok(reportPage(FINDINGS)),
      exportAuditCsv: () => ok(csvExport({ downloadUrl: url })),
    });
    const view = await findingsTab(stub);
    expect(stub.callsOf('exportAuditCsv')).toHaveLength(0);

    await view.fire(view.findByText('Button', 'Export CSV'), 'onClick');
    await view.waitFor((v) => v.has('LinkButton'));
    expect(stub.callsOf('exportAuditCsv').map((call) => call.payload)).toEqual([
      { auditId: 'a-2' },
    ]);
    const link = view.find('LinkButton');
    expect(link.props.href).toBe(url);
    expect(view.text(link)).toBe('Download access-lens-a-2.csv');
    expect(view.text(sectionMessage(view, 'The CSV file is ready'))).toContain('holds 6 findings');
    expect(view.has('CodeBlock')).toBe(false);
  });

  it('hands over the CSV as a file, its text one click away, when there is no download link', async () => {
    const stub = adminStub({
      getAuditStatus: () => status(audit()),
      getAuditReport: () => ok(reportPage(FINDINGS)),
      exportAuditCsv: () => ok(csvExport()),
    });
    const view = await findingsTab(stub);
    await view.fire(view.findByText('Button', 'Export CSV'), 'onClick');
    await view.waitFor((v) => v.has('FileCard'));

    // A file the browser saves, not text to copy: the card hands the host the file itself.
    const card = view.find('FileCard');
    expect(card.props).toMatchObject({
      fileName: 'access-lens-a-2.csv',
      fileType: 'text/csv;charset=utf-8',
    });
    expect(card.props.fileSize).toBe(new TextEncoder().encode(CSV_TEXT).length);
    expect(view.has('CodeBlock')).toBe(false);
    expect(view.has('LinkButton')).toBe(false);
    // The text stays one click away, for a host that cannot save a file from an app.
    await view.fire(view.findByText('Button', 'Show as text'), 'onClick');
    expect(view.find('CodeBlock').props.text).toBe(CSV_TEXT);

    await view.fire(view.findByText('Button', 'Close'), 'onClick');
    expect(view.has('CodeBlock')).toBe(false);
    expect(view.has('Button', 'Export CSV')).toBe(true);
  });

  it('says when the export failed, and tries again', async () => {
    let calls = 0;
    const stub = adminStub({
      getAuditStatus: () => status(audit()),
      getAuditReport: () => ok(reportPage(FINDINGS)),
      exportAuditCsv: () =>
        ++calls === 1
          ? fail({ code: 'UPSTREAM', message: 'The export could not be written.' })
          : ok(csvExport()),
    });
    const view = await findingsTab(stub);
    await view.fire(view.findByText('Button', 'Export CSV'), 'onClick');
    await view.waitFor((v) => v.text().includes('The export could not be written.'));
    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await view.waitFor((v) => v.has('FileCard'));
    expect(calls).toBe(2);
  });

  it('shows the audit before a running one, never the half-built report', async () => {
    const stub = adminStub({
      getAuditStatus: () => status(running({ spacesDone: 1 })),
      getAuditHistory: () =>
        ok(history(running({ spacesDone: 1 }), audit(), audit({ auditId: 'a-1' }))),
      getAuditReport: () => ok(reportPage(FINDINGS, { auditId: 'a-2' })),
    });
    const view = await findingsTab(stub);
    expect(stub.callsOf('getAuditReport').map((call) => call.payload)).toEqual([
      { auditId: 'a-2', limit: FINDINGS_PAGE_SIZE },
    ]);
    expect(openPanelText(view)).toContain('An audit is running.');
    expect(rows(view)).toHaveLength(FINDINGS.length);
  });

  it('while the first audit runs, says its findings come when it finishes', async () => {
    const stub = adminStub({
      getAuditStatus: () => status(running({ spacesDone: 1 })),
      getAuditHistory: () => ok(history(running({ spacesDone: 1 }))),
    });
    const view = await renderAdmin(stub);
    await view.waitFor((v) => v.has('Button', 'Cancel audit'));
    await openTab(view, 'Findings');
    await view.waitFor((v) => v.has('EmptyState'));
    expect(view.find('EmptyState').props.header).toBe('The first audit is still running');
    expect(stub.callsOf('getAuditReport')).toHaveLength(0);
  });

  it('explains there are no findings before the first audit, without asking for a report', async () => {
    const stub = adminStub({ getAuditStatus: () => status(null) });
    const view = await renderAdmin(stub);
    await view.waitFor((v) => v.has('EmptyState'));
    await openTab(view, 'Findings');
    expect(view.find('EmptyState').props.header).toBe('No findings yet');
    expect(stub.callsOf('getAuditReport')).toHaveLength(0);
  });

  it('shows a failed report load with a retry', async () => {
    let calls = 0;
    const stub = adminStub({
      getAuditStatus: () => status(audit()),
      getAuditReport: () =>
        ++calls === 1
          ? fail({ code: 'RATE_LIMITED', message: 'Busy.', retryAfterSeconds: 5 })
          : ok(reportPage(FINDINGS)),
    });
    const view = await renderAdmin(stub);
    await adminLoaded(view);
    await view.waitFor((v) => v.text().includes('Latest audit'));
    await openTab(view, 'Findings');
    await view.waitFor((v) => v.text().includes('Try again in 5 s.'));
    expect(sectionMessage(view, 'Confluence is busy')).toBeDefined();
    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await view.waitFor((v) => v.text().includes('Showing 1–6 of 6 findings.'));
  });
});
