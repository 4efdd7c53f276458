/**
 * The local preview in a real browser: Debian's chromium driven by playwright-core opens the
 * preview server (started here, on a free port) and looks at what the app's UI Kit modules
 * render with Atlaskit, on both demo sites, with the app's jobs running in the background.
 * Skipped, and counted as skipped, where /usr/bin/chromium is missing.
 *
 * Every wait is for a specific text or element, never a fixed sleep. A screenshot of each test
 * goes to test-artifacts/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { FrameLocator } from 'playwright-core';
import { startPreviewServer } from '../../dev/preview/server';
import { FINDINGS_CSV_COLUMNS } from '../../src/core';
import { APP_TIMEOUT, describeInBrowser, usePreviewInBrowser } from './support';

/** An audit of the demo site: queued, two paced deliveries, then the page's next 3 s poll. */
const AUDIT_TIMEOUT = 25_000;
/** A test that runs an audit: page loads, the audit, then what it checks afterwards. */
const AUDIT_TEST_TIMEOUT = 60_000;

describeInBrowser('local preview in chromium', () => {
  const terminal: string[] = [];
  const listeners = new Set<() => void>();

  /** Resolves when a terminal line printed after `from` matches; the server prints as it learns. */
  function printed(pattern: RegExp, from: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const look = () => {
        if (!terminal.slice(from).some((line) => pattern.test(line))) return false;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
        return true;
      };
      const check = () => {
        look();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `No terminal line matched ${String(pattern)}:\n${terminal.slice(from).join('\n')}`,
          ),
        );
      }, APP_TIMEOUT);
      listeners.add(check);
      look();
    });
  }

  const { preview, page, macro, settings } = usePreviewInBrowser({
    log: (line) => {
      terminal.push(line);
      for (const listener of [...listeners]) listener();
    },
  });

  async function frameText(frame: FrameLocator): Promise<string> {
    return frame.locator('body').innerText();
  }

  /** Picks `name` in the Check a person tab's UserPicker and waits for the answer. */
  async function checkPerson(name: string): Promise<void> {
    await macro().getByRole('tab', { name: 'Check a person' }).click();
    const picker = macro().getByRole('combobox', { name: 'Person' });
    await picker.click();
    await picker.fill(name.split(' ')[0] ?? name);
    await macro().getByRole('option', { name }).click();
    await macro().getByRole('heading', { name }).waitFor({ timeout: APP_TIMEOUT });
    await macro().getByText('Editing', { exact: true }).waitFor({ timeout: APP_TIMEOUT });
  }

  /**
   * The answer the Check a person tab shows, without the wording of the reasons: each decision
   * and each layer's verdict and title, in order.
   */
  async function checkAnswer(): Promise<string[]> {
    const text = await macro().getByRole('tabpanel', { name: 'Check a person' }).innerText();
    const lines = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const answer: string[] = [];
    lines.forEach((line, index) => {
      if (/^(Can|Cannot) (view|edit)$/.test(line)) answer.push(line);
      if (line === 'Passes' || line === 'Blocked' || line === 'No restriction')
        answer.push(`${line}: ${lines[index + 1] ?? ''}`);
    });
    return answer;
  }

  /** As Alice on the settings page: runs an audit from the Overview and waits for it to end. */
  async function runAudit(): Promise<void> {
    await page().goto(`${preview().url}/?site=legacy&as=u-alice&module=access-lens-settings`);
    const run = settings().getByRole('button', { name: /^Run (your first audit|audit now)$/ });
    await run.waitFor({ timeout: APP_TIMEOUT });
    await run.click();
    await settings().getByText('The audit finished').waitFor({ timeout: AUDIT_TIMEOUT });
  }

  it('renders the macro with Atlaskit components for Bob on page 1004', async () => {
    await page().goto(`${preview().url}/?as=u-bob&page=1004`);
    await page().locator('h1.page-title', { hasText: 'ADR-001: Use PostgreSQL' }).waitFor();

    const heading = macro().getByRole('heading', { name: /ADR-001: Use PostgreSQL/ });
    await heading.waitFor({ timeout: APP_TIMEOUT });

    // Really Atlaskit, really styled: the heading carries compiled atomic classes and the
    // linked CSS bundle gives it the design system's weight, not the browser default.
    const style = await heading.evaluate((element) => ({
      classes: element.getAttribute('class') ?? '',
      weight: getComputedStyle(element).fontWeight,
      font: getComputedStyle(element).fontFamily,
    }));
    expect(style.classes).toMatch(/(^|\s)_[a-z0-9]+/);
    expect(Number(style.weight)).toBeGreaterThanOrEqual(600);
    expect(await macro().locator('link[rel="stylesheet"]').count()).toBe(1);
    expect(await macro().locator('[data-preview-error], [data-preview-error-banner]').count()).toBe(
      0,
    );
  });

  it('shows Bob every restricting layer of Breach Playbook (1013) under Who can view', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    await page().locator('h1.page-title', { hasText: 'Breach Playbook' }).waitFor();

    await macro()
      .getByText('To view this page, someone must be in every one of these 4 lists:')
      .waitFor({ timeout: APP_TIMEOUT });
    await macro().getByText('Inherits restrictions from 3 ancestors').waitFor();
    // The space, then each inherited view restriction on the way down: all of them, in order.
    const layers = macro().getByText(/^\d\. People (who can view the space|allowed by the)/);
    expect(await layers.allInnerTexts()).toEqual([
      '1. People who can view the space Engineering',
      '2. People allowed by the page "Security"',
      '3. People allowed by the folder "Incident Response"',
      '4. People allowed by the page "Incident Runbooks"',
    ]);
    expect(
      await macro().getByRole('tab', { name: 'Who can view' }).getAttribute('aria-selected'),
    ).toBe('true');
  });

  it('shows the not-visible state with no page data when Dan opens page 1013', async () => {
    await page().goto(`${preview().url}/?as=u-bob&page=1004`);
    await macro()
      .getByRole('heading', { name: /ADR-001/ })
      .waitFor({ timeout: APP_TIMEOUT });

    await page().getByTestId('identity').selectOption('u-dan');
    await page().locator('nav.tree a[data-page-id="1013"]').click();
    await page().locator('h1.page-title', { hasText: 'Breach Playbook' }).waitFor();

    await macro()
      .getByText(/not visible|isn.t visible/i)
      .first()
      .waitFor({ timeout: APP_TIMEOUT });
    const text = await frameText(macro());
    expect(text).not.toContain('Breach Playbook');
    expect(text).not.toMatch(/Priya|Incident Runbooks/);
    expect(page().url()).toContain('as=u-dan');
    expect(page().url()).toContain('page=1013');
  });

  it('checks a person picked in the UserPicker and shows the view and edit decision with reasons', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    await macro().getByRole('tab', { name: 'Check a person' }).waitFor({ timeout: APP_TIMEOUT });

    await checkPerson('Ivan Analyst');

    expect(await checkAnswer()).toEqual([
      'Cannot view',
      'Passes: Access to the site',
      'Passes: Permission to view the space',
      'Passes: Restriction inherited from the page "Security"',
      'Passes: Restriction inherited from the folder "Incident Response"',
      'Blocked: Restriction inherited from the page "Incident Runbooks"',
      "No restriction: This page's view restriction",
      'Cannot edit',
      'Passes: Access to the site',
      'Passes: Permission to view the space',
      'Passes: Restriction inherited from the page "Security"',
      'Passes: Restriction inherited from the folder "Incident Response"',
      'Blocked: Restriction inherited from the page "Incident Runbooks"',
      "No restriction: This page's view restriction",
      'Passes: Permission to add pages in the space',
      "Blocked: This page's edit restriction",
    ]);
    // The reasons say why, naming how Ivan is (or is not) let through.
    const panel = macro().getByRole('tabpanel', { name: 'Check a person' });
    await panel
      .getByText(
        'The page "Incident Runbooks" above this page limits viewing to 3 people; Ivan Analyst is not among them.',
      )
      .first()
      .waitFor();
    await panel
      .getByText(/Ivan Analyst is listed through the group security-team/)
      .first()
      .waitFor();
  });

  it('re-runs the macro with the new config when a config field changes', async () => {
    await page().goto(`${preview().url}/?as=u-bob&page=1004`);
    const tab = macro().getByRole('tab', { name: 'Check a person' });
    await tab.waitFor({ timeout: APP_TIMEOUT });

    const config = page().frameLocator('iframe[name="access-lens-macro-config"]');
    await config.getByLabel('Check a person').uncheck();

    await tab.waitFor({ state: 'detached', timeout: APP_TIMEOUT });
    await macro().getByRole('tab', { name: 'Who can view' }).waitFor();
    const src = await page().locator('iframe[name="access-lens-macro"]').getAttribute('src');
    expect(new URL(src ?? '', preview().url).searchParams.get('config')).toContain('tabs');
  });

  it(
    'runs an audit from the settings page as Alice and the progress bar reaches 100%',
    async () => {
      await page().goto(`${preview().url}/?site=legacy&as=u-alice&module=access-lens-settings`);
      const run = settings().getByRole('button', { name: /^Run (your first audit|audit now)$/ });
      await run.waitFor({ timeout: APP_TIMEOUT });
      await run.click();

      // Queued first: the job runs in the background, paced, and the page polls for progress.
      const running = settings().getByRole('progressbar', { name: 'Audit progress' });
      await running.waitFor();
      const before = await running.getAttribute('aria-valuenow');
      // Indeterminate while the spaces are being counted, else a fraction short of the end.
      expect(before === null || Number(before) < 1).toBe(true);

      await settings().getByText('The audit finished').waitFor({ timeout: AUDIT_TIMEOUT });
      await settings()
        .getByText(/^6 of 6 spaces checked \(100%\)/)
        .waitFor();
      const done = settings().getByRole('progressbar', { name: 'Spaces checked' });
      expect(await done.getAttribute('aria-valuenow')).toBe('1');
      expect(await done.getAttribute('aria-valuemax')).toBe('1');
      expect(await running.count()).toBe(0);

      // The shell's jobs panel saw the planning step and the batch delivered, in that order.
      const jobs = page().getByTestId('jobs-panel');
      await jobs.getByText('access-lens-audit → auditWorker (batch 0)').first().waitFor();
      const recent = await jobs.locator('.job-list .job-name').allInnerTexts();
      const batch = recent.indexOf('access-lens-audit → auditWorker (batch 0)');
      expect(batch).toBeGreaterThanOrEqual(0);
      expect(recent.slice(batch)).toContain('access-lens-audit → auditWorker (plan)');
    },
    AUDIT_TEST_TIMEOUT,
  );

  it(
    'downloads the audit CSV and it matches the findings table',
    async () => {
      await runAudit();
      await settings().getByRole('tab', { name: 'Findings' }).click();
      const showing = settings().getByText(/^Showing 1–\d+ of \d+ findings\.$/);
      await showing.waitFor({ timeout: APP_TIMEOUT });
      const total = Number(/of (\d+) findings/.exec(await showing.innerText())?.[1]);
      expect(total).toBeGreaterThan(0);

      const rows = settings().locator('table tbody tr');
      expect(await rows.count()).toBe(total);
      const tableRows = (
        await rows.evaluateAll((trs) =>
          trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.innerText.trim())),
        )
      ).map(([severity, , space]) => `${(severity ?? '').toLowerCase()} ${space ?? ''}`);

      await settings().getByRole('button', { name: 'Export CSV' }).click();
      // The app hands the file to UI Kit's FileCard; its download button saves `onDownload`'s Blob.
      const card = settings().locator('[data-preview-file-card]');
      await card.waitFor({ timeout: APP_TIMEOUT });
      const fileName = (await card.getAttribute('data-preview-file-card')) ?? '';
      expect(fileName).toMatch(/^access-lens-audit-\d{4}-\d{2}-\d{2}-.+\.csv$/);
      const [download] = await Promise.all([
        page().waitForEvent('download'),
        card.getByRole('button', { name: `Download ${fileName}` }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(fileName);
      const csv = readFileSync(await download.path(), 'utf8');
      // The card's size is the file's, in bytes.
      const bytes = Buffer.byteLength(csv, 'utf8');
      expect(await card.innerText()).toContain(
        bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`,
      );
      // "Show as text" is the same file, byte for byte, for a host that cannot save files.
      await settings().getByRole('button', { name: 'Show as text' }).click();
      const shown = settings().locator('pre');
      await shown.waitFor();
      expect(await shown.innerText()).toBe(csv);

      const [header, ...records] = parse(csv);
      expect(header).toEqual([...FINDINGS_CSV_COLUMNS]);
      expect(records).toHaveLength(total);
      const severity = FINDINGS_CSV_COLUMNS.indexOf('severity');
      const space = FINDINGS_CSV_COLUMNS.indexOf('spaceKey');
      const csvRows = records.map((record) => `${record[severity] ?? ''} ${record[space] ?? ''}`);
      expect([...csvRows].sort()).toEqual([...tableRows].sort());
    },
    AUDIT_TEST_TIMEOUT,
  );

  it('asks a first-time user for consent, as Forge does, and shows the answer once allowed', async () => {
    const asking = await startPreviewServer({
      build: preview().build,
      consent: 'ask',
      log: () => {},
    });
    try {
      await page().goto(`${asking.url}/?site=legacy&as=u-bob&page=1013`);
      await macro().getByRole('heading', { name: 'Access Lens needs your permission' }).waitFor();
      await macro().getByRole('button', { name: 'Allow access' }).click();
      await macro().getByText('Inherits restrictions from 3 ancestors').waitFor();
      // Remembered: the next visit goes straight to the answer.
      await page().reload();
      await macro().getByText('Inherits restrictions from 3 ancestors').waitFor();
      expect(await frameText(macro())).not.toContain('needs your permission');
      expect(asking.pageErrors).toEqual([]);
    } finally {
      await asking.close();
    }
  });

  it('refuses the settings page to Bob, who is not a Confluence admin', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&module=access-lens-settings`);
    await settings()
      .getByText('Access Lens settings are for Confluence admins')
      .waitFor({ timeout: APP_TIMEOUT });
    const text = await frameText(settings());
    expect(text).not.toMatch(/Run (your first audit|audit now)|Findings|Export CSV/);
    expect(await settings().getByRole('tab').count()).toBe(0);
  });

  it('gives Bob the same answer on 1013 on the space-roles site, with the roles named', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    await macro().getByRole('tab', { name: 'Check a person' }).waitFor({ timeout: APP_TIMEOUT });
    await checkPerson('Bob Engineer');
    const legacy = await checkAnswer();
    expect(legacy.slice(0, 1)).toEqual(['Can view']);

    await page().getByTestId('site').selectOption('roles');
    await page().locator('.shell[data-site="roles"]').waitFor();
    expect(page().url()).toContain('site=roles');
    // The same person and page stay selected on the other site.
    expect(await page().getByTestId('identity').inputValue()).toBe('u-bob');
    await page().locator('h1.page-title', { hasText: 'Breach Playbook' }).waitFor();
    await macro()
      .getByText('To view this page, someone must be in every one of these 4 lists:')
      .waitFor({ timeout: APP_TIMEOUT });
    await checkPerson('Bob Engineer');

    // The same answer; only the edit permission is called what each model calls it.
    const neutral = (lines: string[]) =>
      lines.map((line) =>
        line.replace(/Permission to (add|edit|add or edit) pages/u, 'Permission to edit pages'),
      );
    expect(neutral(await checkAnswer())).toEqual(neutral(legacy));
    const panel = macro().getByRole('tabpanel', { name: 'Check a person' });
    await panel
      .getByText(
        /can view the space Engineering through the role Viewer given to the group all-staff/,
      )
      .first()
      .waitFor();
  });

  it('runs the scheduled trigger on demand from the shell', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-alice&module=access-lens-settings`);
    const jobs = page().getByTestId('jobs-panel');
    const button = jobs.getByRole('button', { name: 'Run scheduled audit now' });
    await button.waitFor({ timeout: APP_TIMEOUT });
    await button.click();
    // The demo policy has no schedule: the app's trigger says so rather than starting an audit.
    await expect(jobs.getByTestId('jobs-note').innerText()).resolves.toBe(
      'audit-schedule returned {"started":false,"reason":"off"}',
    );
    await jobs.getByText('audit-schedule → audit-scheduler').first().waitFor();
  });

  it('shows app errors in the page and prints them in the terminal', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1004`);
    await macro()
      .getByRole('heading', { name: /ADR-001/ })
      .waitFor({ timeout: APP_TIMEOUT });
    const frame = page().frame({ name: 'access-lens-macro' });
    if (frame === null) throw new Error('The macro frame is missing');
    const before = terminal.length;

    // A resolver that does not exist (the handler throws), then a component no host knows.
    await frame.evaluate(async () => {
      const bridge = (
        globalThis as unknown as {
          __bridge: { callBridge: (cmd: string, data?: unknown) => Promise<unknown> };
        }
      ).__bridge;
      await bridge
        .callBridge('invoke', { functionKey: 'noSuchFunction', payload: {} })
        .catch(() => undefined);
      await bridge.callBridge('reconcile', {
        forgeDoc: {
          type: 'Root',
          props: {},
          children: [{ type: 'MysteryWidget', props: {}, children: [] }],
        },
      });
    });

    await macro().getByText('Unsupported UI Kit component: <MysteryWidget>').waitFor();
    await macro()
      .getByText(/invoke\('noSuchFunction'\) failed/)
      .first()
      .waitFor();
    await macro().locator('[data-preview-error-banner]').waitFor();

    await printed(/invoke noSuchFunction threw: .*noSuchFunction/, before);
    await printed(
      /page error \(legacy access-lens-macro main u-bob\): invoke\('noSuchFunction'\) failed/,
      before,
    );
    await printed(
      /page error \(legacy access-lens-macro main u-bob\): The preview host does not support the UI Kit component <MysteryWidget>/,
      before,
    );
    // Provoked on purpose: not a failure of this test.
    expect(preview().takePageErrors()).toHaveLength(2);
  });
});
