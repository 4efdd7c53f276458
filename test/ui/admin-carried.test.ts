/**
 * Carried-forward findings shown (docs/ARCHITECTURE.md, "Re-audits"): after an incremental audit
 * of the unchanged demo site, the admin page on the real resolvers, audit job and local platform
 * says on the Overview how many spaces were carried forward, since when, and when the next full
 * check is due, and marks each carried finding in the Findings table with its last read.
 */
// The fixtures first: they stand in for the host bridge before @forge/react loads.
import {
  FINDINGS,
  ManualTimers,
  adminLoaded,
  adminStub,
  audit,
  ok,
  openPanelText,
  openTab,
  policy,
  renderAdmin,
  reportPage,
  status,
  eventually,
  liveAdmin,
} from './admin-fixtures';
import { messagesFor } from '../../src/messages/locale-file';
import { useApp } from '../resolvers/app-harness';
import { allFindings, english, runAudit } from '../jobs/audit-helpers';

const HOUR = 3_600_000;

describe('admin page: findings an incremental audit carried forward', () => {
  const app = useApp({}, { jobs: true });

  it('says on the Overview and in the Findings table what was carried and since when', async () => {
    const full = await runAudit(app());
    expect(full.carried).toBeUndefined();
    app().platform.queues.advance(HOUR);
    // Nothing changed and nothing was reported: every space is carried forward.
    const incremental = await runAudit(app());
    expect(incremental.state).toBe('completed');
    const spaces = incremental.spacesTotal;
    expect(spaces).toBeGreaterThan(1);
    expect(incremental.carried?.spaces).toBe(spaces);
    const since = incremental.carried?.since ?? '';
    const due = incremental.carried?.nextFullAt ?? '';
    expect(Date.parse(due)).toBe(Date.parse(full.startedAt) + 7 * 24 * HOUR - HOUR / 2);
    const findings = await allFindings(app(), incremental.auditId);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.carried !== undefined)).toBe(true);

    const timers = new ManualTimers();
    const view = await renderAdmin(liveAdmin(app()), timers);
    await eventually(view, (v) => v.has('Tabs'));
    await adminLoaded(view);
    await eventually(view, (v) => v.text().includes('carried forward'));
    const text = view.text();
    expect(text).toContain(
      `${spaces} spaces were carried forward from audits since ${english.dateTime(since)}:`,
    );
    expect(text).toContain(
      `The next full check, which reads every space again, is due ${english.dateTime(due)}.`,
    );

    await openTab(view, 'Findings');
    await eventually(view, (v) => v.text().includes('Showing 1–'));
    const rows = view.findAll('Row');
    expect(rows.length).toBeGreaterThan(0);
    const notes = rows.map((row) =>
      view.text(row).includes('Carried forward: last read ') ? 1 : 0,
    );
    expect(notes.reduce<number>((a, b) => a + b, 0)).toBe(rows.length);
    const first = findings[0]?.carried?.readAt ?? '';
    expect(view.text()).toContain(`Carried forward: last read ${english.dateTime(first)}`);
  });

  it('shows no note after a full audit', async () => {
    // A week on, the reconciliation reads every space again.
    app().platform.queues.advance(7 * 24 * HOUR);
    const full = await runAudit(app());
    expect(full.carried).toBeUndefined();
    const view = await renderAdmin(liveAdmin(app()));
    await eventually(view, (v) => v.has('Tabs'));
    await eventually(view, (v) => v.has('Button', 'Run audit now'));
    expect(view.text()).not.toContain('carried forward');
    await openTab(view, 'Findings');
    await eventually(view, (v) => v.text().includes('Showing 1–'));
    expect(view.text()).not.toContain('Carried forward');
  });

  it('says it in German too, one space in the singular', async () => {
    const since = '2026-03-03T09:05:00.000Z';
    const due = '2026-03-10T08:30:00.000Z';
    const carried = FINDINGS.map((f) =>
      f.spaceKey === 'HR' ? { ...f, carried: { readAt: since } } : f,
    );
    const stub = adminStub({
      getAuditStatus: () => status(audit({ carried: { spaces: 1, since, nextFullAt: due } })),
      getAuditReport: () => ok(reportPage(carried)),
      getSettings: () => ok({ policy: policy() }),
    });
    const view = await renderAdmin(stub, undefined, 'de-DE');
    await adminLoaded(view);
    await view.settle();
    const german = messagesFor('de-DE');
    const text = openPanelText(view);
    expect(text).toContain(
      `1 Bereich wurde aus dem Audit vom ${german.dateTime(since)} übernommen:`,
    );
    expect(text).toContain(
      `Die nächste vollständige Prüfung, die jeden Bereich erneut liest, ist am ${german.dateTime(due)} fällig.`,
    );
    await openTab(view, 'Befunde');
    await view.waitFor((v) => v.has('DynamicTable'));
    const notes = openPanelText(view).split('Übernommen: zuletzt gelesen am ').length - 1;
    expect(notes).toBe(carried.filter((f) => f.carried !== undefined).length);
    expect(notes).toBeGreaterThan(0);
  });
});
