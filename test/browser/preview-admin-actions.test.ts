/**
 * What an admin does on the settings page, in a real browser, as Alice (a Confluence admin on the
 * demo site): follow a finding's link to where it is fixed, accept a finding as an exception and revoke it (also with the keyboard alone), pick
 * a group and a space for the policy from the search pickers and have an unknown group refused,
 * export the CSV of a filtered table, and compare two audits under the trend chart.
 *
 * The tests share one preview, and so its storage: each runs the audits it needs itself, so any
 * one of them also runs alone. Every wait is for an element or a text, never a fixed sleep.
 */
import { parse } from 'csv-parse/sync';
import type { FrameLocator, Locator } from 'playwright-core';
import { FINDINGS_CSV_COLUMNS } from '../../src/core';
import { messagesFor } from '../../src/messages/locale-file';
import { APP_TIMEOUT, comboboxShowing, describeInBrowser, usePreviewInBrowser } from './support';

/** An audit of the demo site: queued, paced deliveries, then the page's next progress poll. */
const AUDIT_TIMEOUT = 25_000;
/** A test that runs an audit: the page, the audit, then what it checks afterwards. */
const AUDIT_TEST_TIMEOUT = 60_000;
const REASON = 'Dan works on the Engineering handbook until spring.';

describeInBrowser('local preview in chromium: admin actions', () => {
  const en = messagesFor('en-US');
  const { preview, page, settings } = usePreviewInBrowser();

  async function openSettings(): Promise<void> {
    await page().goto(`${preview().url}/?site=legacy&as=u-alice&module=access-lens-settings`);
    await settings()
      .getByRole('tab', { name: en.text('admin.tab.overview') })
      .waitFor();
  }

  function tab(id: string): Locator {
    return settings().getByRole('tab', { name: en.text(`admin.tab.${id}`) });
  }

  /** Runs an audit from the Overview and waits for it to end. */
  async function runAudit(): Promise<void> {
    await openSettings();
    const run = settings().getByRole('button', { name: /^Run (your first audit|audit now)$/u });
    await run.waitFor({ timeout: APP_TIMEOUT });
    await run.click();
    // Running first, so the outcome waited for is this audit's, not the one before.
    await settings()
      .getByRole('progressbar', { name: 'Audit progress' })
      .waitFor({ timeout: APP_TIMEOUT });
    await settings().getByText('The audit finished').waitFor({ timeout: AUDIT_TIMEOUT });
  }

  /** Opens the settings page with at least one finished audit, running one if there is none. */
  async function withAnAudit(): Promise<void> {
    await openSettings();
    const first = settings().getByRole('button', { name: en.text('admin.overview.runFirst') });
    const finished = settings().getByText('The audit finished');
    await first.or(finished).first().waitFor({ timeout: APP_TIMEOUT });
    if (await first.isVisible()) await runAudit();
  }

  /** The findings table's rows (not its header), whatever its columns are. */
  function findingRows(frame: FrameLocator): Locator {
    return frame
      .getByRole('table', { name: en.text('admin.findings.label') })
      .locator('tbody')
      .getByRole('row');
  }

  /** The Findings tab's open findings, loaded. */
  async function openFindings(): Promise<Locator> {
    await tab('findings').click();
    await settings()
      .getByText(/^Showing 1–\d+ of \d+ findings?/u)
      .waitFor({ timeout: APP_TIMEOUT });
    return findingRows(settings());
  }

  /** Whether the element has the keyboard focus (inside the settings page's frame). */
  function focused(element: Locator): Promise<boolean> {
    return element.evaluate((node) => node === node.ownerDocument.activeElement);
  }

  const acceptedView = (count: number) =>
    settings().getByRole('button', { name: en.count('admin.exceptions.view.excepted', count) });

  it(
    'links each finding to the place in Confluence where it is fixed',
    async () => {
      await withAnAudit();
      const rows = await openFindings();
      const fix = (row: Locator) =>
        row.getByRole('link', { name: en.text('admin.table.fixLink') }).getAttribute('href');
      // Dan's guest access is fixed in Engineering's space permissions.
      const dan = rows.filter({ hasText: 'Dan Contractor' }).first();
      const danHref = new URL((await fix(dan)) ?? '', 'http://no-site.invalid');
      expect(danHref.pathname).toBe('/wiki/spaces/spacepermissions.action');
      expect(danHref.searchParams.get('key')).toBe('ENG');
      // Every row has exactly one fix link, to space permissions or to the content itself.
      const count = await rows.count();
      for (let i = 0; i < count; i++) {
        const href = new URL((await fix(rows.nth(i))) ?? '', 'http://no-site.invalid');
        expect(['/wiki/spaces/spacepermissions.action', '/wiki/pages/viewpage.action']).toContain(
          href.pathname,
        );
      }
    },
    AUDIT_TEST_TIMEOUT,
  );

  it(
    'accepts a finding as an exception, lists it apart, and revokes it',
    async () => {
      await withAnAudit();
      const rows = await openFindings();
      const before = await rows.count();
      expect(before).toBeGreaterThan(1);
      // Dan, the guest in Engineering: one finding, named by its row's text, not its position.
      const row = rows.filter({ hasText: 'Dan Contractor' }).first();
      const rowText = await row.innerText();
      await row.getByRole('button', { name: en.text('admin.exceptions.accept') }).click();

      const form = settings().getByRole('heading', {
        name: /^Accept as an exception: /u,
      });
      await form.waitFor();
      await settings().getByLabel(en.text('admin.exceptions.form.reason')).fill(REASON);
      const owner = settings().getByRole('combobox', {
        name: en.text('admin.exceptions.form.owner'),
      });
      await owner.click();
      await owner.fill('Priya');
      await settings().getByRole('option', { name: 'Priya Security' }).click();
      // The expiry starts at the default, a date the exceptions list shows back.
      const expiry = await settings()
        .getByLabel(en.text('admin.exceptions.form.expiry'))
        .inputValue();
      expect(expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
      await settings()
        .getByRole('button', { name: en.text('admin.exceptions.form.submit') })
        .click();

      // Out of the open findings, into the exceptions list with its reason and owner.
      await form.waitFor({ state: 'detached' });
      await acceptedView(1).waitFor();
      await settings().getByText(en.count('admin.exceptions.hiddenOnPage', 1)).waitFor();
      expect(await rows.count()).toBe(before - 1);
      expect(await rows.filter({ hasText: rowText }).count()).toBe(0);

      await acceptedView(1).click();
      const exceptions = settings()
        .getByRole('table', { name: en.text('admin.exceptions.table.label') })
        .locator('tbody')
        .getByRole('row');
      await exceptions.first().waitFor();
      expect(await exceptions.count()).toBe(1);
      const listed = await exceptions.first().innerText();
      expect(listed).toContain(REASON);
      expect(listed).toContain('Priya Security');
      expect(listed).toContain(en.text('admin.exceptions.state.active'));
      expect(listed).toContain(expiry);

      await exceptions
        .first()
        .getByRole('button', { name: en.text('admin.exceptions.revoke') })
        .click();
      await settings().getByText(en.text('admin.exceptions.none')).waitFor();
      await acceptedView(0).waitFor();

      // Back among the open findings, as before.
      await settings()
        .getByRole('button', { name: en.text('admin.exceptions.view.open') })
        .click();
      await rows.filter({ hasText: 'Dan Contractor' }).first().waitFor();
      expect(await rows.count()).toBe(before);
      expect(
        await settings()
          .getByText(/accepted exceptions?;/u)
          .count(),
      ).toBe(0);
    },
    AUDIT_TEST_TIMEOUT,
  );

  it(
    'takes an exception from the keyboard alone',
    async () => {
      await withAnAudit();
      const rows = await openFindings();
      const before = await rows.count();
      const row = rows.filter({ hasText: 'Dan Contractor' }).first();
      // From the row's button on, only keys: Enter opens the form where the typing starts.
      await row.getByRole('button', { name: en.text('admin.exceptions.accept') }).focus();
      await page().keyboard.press('Enter');
      const reason = settings().getByLabel(en.text('admin.exceptions.form.reason'));
      await reason.waitFor();
      await expect(focused(reason)).resolves.toBe(true);
      await page().keyboard.type(REASON);
      await page().keyboard.press('Tab');
      const owner = settings().getByRole('combobox', {
        name: en.text('admin.exceptions.form.owner'),
      });
      await expect(focused(owner)).resolves.toBe(true);
      await page().keyboard.type('Priya');
      await settings().getByRole('option', { name: 'Priya Security' }).waitFor();
      await page().keyboard.press('Enter');
      // Past the expiry field (the browser's date field has a stop per part) to the submit button.
      const submit = settings().getByRole('button', {
        name: en.text('admin.exceptions.form.submit'),
      });
      for (let presses = 0; presses < 8 && !(await focused(submit)); presses += 1) {
        await page().keyboard.press('Tab');
      }
      await expect(focused(submit)).resolves.toBe(true);
      await page().keyboard.press('Enter');

      await acceptedView(1).waitFor();
      expect(await rows.count()).toBe(before - 1);
      await acceptedView(1).focus();
      await page().keyboard.press('Enter');
      const exception = settings()
        .getByRole('table', { name: en.text('admin.exceptions.table.label') })
        .locator('tbody')
        .getByRole('row')
        .first();
      await exception.waitFor();
      expect(await exception.innerText()).toContain(REASON);
      expect(await exception.innerText()).toContain('Priya Security');

      // Revoked with the keyboard too, so the next test finds the findings as they were.
      await exception.getByRole('button', { name: en.text('admin.exceptions.revoke') }).focus();
      await page().keyboard.press('Enter');
      await settings().getByText(en.text('admin.exceptions.none')).waitFor();
    },
    AUDIT_TEST_TIMEOUT,
  );

  it(
    'exports the CSV of the findings one severity shows, and shows it as text',
    async () => {
      await withAnAudit();
      const rows = await openFindings();
      const all = await rows.count();

      const severityFilter = await comboboxShowing(
        settings(),
        en.text('admin.findings.filter.severity'),
      );
      await severityFilter.click();
      await settings().getByRole('option', { name: 'High', exact: true }).click();
      const showing = settings().getByText(/^Showing 1–\d+ of \d+ findings? that match/u);
      await showing.waitFor();
      const high = Number(/of (\d+) finding/u.exec(await showing.innerText())?.[1]);
      expect(high).toBeGreaterThan(0);
      expect(high).toBeLessThan(all);
      expect(await rows.count()).toBe(high);
      await settings().getByText(en.count('admin.exports.holdsFiltered', high)).waitFor();

      await settings()
        .getByRole('button', { name: en.text('admin.csv.export') })
        .click();
      const card = settings().locator('[data-preview-file-card]');
      await card.waitFor();
      const fileName = (await card.getAttribute('data-preview-file-card')) ?? '';
      expect(fileName).toMatch(/\.csv$/u);
      await settings()
        .getByText(
          en.text('admin.exports.fileText', {
            file: fileName,
            rows: en.count('admin.csv.rows', high),
          }),
        )
        .waitFor();

      await settings()
        .getByRole('button', { name: en.text('admin.exports.showText') })
        .click();
      const shown = settings().locator('pre');
      await shown.waitFor();
      const csv: string[][] = parse(await shown.innerText());
      const [header, ...records] = csv;
      expect(header).toEqual([...FINDINGS_CSV_COLUMNS]);
      expect(records).toHaveLength(high);
      const severity = FINDINGS_CSV_COLUMNS.indexOf('severity');
      expect(new Set(records.map((record) => record[severity]))).toEqual(new Set(['high']));
    },
    AUDIT_TEST_TIMEOUT,
  );

  /** The Policies tab, loaded. */
  async function openPolicies(): Promise<{ groups: Locator; spaces: Locator }> {
    await openSettings();
    await tab('policies').click();
    const groups = settings().getByRole('textbox', {
      name: en.text('admin.policy.broadGroups.label'),
      exact: true,
    });
    await groups.waitFor();
    const spaces = settings().getByRole('textbox', {
      name: en.text('admin.policy.anonymousSpaces.label'),
      exact: true,
    });
    return { groups, spaces };
  }

  /** Types part of a name into a search picker and picks the option the search found. */
  async function pick(placeholder: string, typed: string, option: string): Promise<void> {
    const picker = await comboboxShowing(settings(), placeholder);
    await picker.click();
    await picker.fill(typed);
    await settings().getByRole('option', { name: option, exact: true }).click();
  }

  it('picks a group and a space for the policy, and refuses a group the site lacks', async () => {
    const { groups, spaces } = await openPolicies();
    const groupsBefore = await groups.inputValue();
    expect(groupsBefore).not.toContain('eng-leads');
    expect(await spaces.inputValue()).not.toContain('PUBLIC');

    await pick(en.text('admin.policy.search.groups'), 'eng-l', 'eng-leads');
    await expect(groups.inputValue()).resolves.toMatch(/(^|\n)eng-leads$/u);
    await pick(en.text('admin.policy.search.spaces'), 'publ', 'PUBLIC (Public Docs)');
    await expect(spaces.inputValue()).resolves.toMatch(/(^|\n)PUBLIC$/u);
    await settings()
      .getByRole('button', { name: en.text('admin.policy.save') })
      .click();
    await settings().getByText(en.text('admin.policy.saved.title')).waitFor();

    // Saved: a fresh page loads it back.
    const reloaded = await openPolicies();
    await expect(reloaded.groups.inputValue()).resolves.toContain('eng-leads');
    await expect(reloaded.spaces.inputValue()).resolves.toContain('PUBLIC');
    const saved = await reloaded.groups.inputValue();

    await reloaded.groups.fill(`${saved}\nno-such-group`);
    await settings()
      .getByRole('button', { name: en.text('admin.policy.save') })
      .click();
    await settings().getByText(en.text('admin.policy.notSaved')).waitFor();
    const problem = settings().getByText(
      en.text('admin.policy.problem.unknownGroup', { value: 'no-such-group' }),
    );
    await problem.waitFor();
    await expect(reloaded.groups.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(reloaded.spaces.getAttribute('aria-invalid')).resolves.not.toBe('true');
    // Under the field it is about: after the broad groups and before the next field.
    const between = await problem.evaluate(
      (node, [before, after]) => {
        const doc = node.ownerDocument;
        const field = (id: string) => doc.querySelector(`[id$="-${id}"]`);
        const first = field(before ?? '');
        const next = field(after ?? '');
        return (
          first !== null &&
          next !== null &&
          (first.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 &&
          (node.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
        );
      },
      ['broad-groups', 'anonymous-spaces'],
    );
    expect(between).toBe(true);

    // Nothing of it was saved.
    const again = await openPolicies();
    await expect(again.groups.inputValue()).resolves.toBe(saved);
    expect(await again.groups.inputValue()).not.toContain('no-such-group');
  });

  /** Opens a labelled Select and picks its `index`th option (they are newest first). */
  async function choose(label: string, index: number): Promise<string> {
    const select = settings().getByRole('combobox', { name: label, exact: true });
    await select.click();
    const option = settings().getByRole('option').nth(index);
    const text = await option.innerText();
    await option.click();
    return text;
  }

  it(
    'compares the two audits chosen, under the trend of findings by severity',
    async () => {
      await withAnAudit();
      await runAudit();
      await tab('changes').click();
      const chart = settings().locator('[data-preview-chart="StackBarChart"]');
      await chart.waitFor();
      const subtitle = await chart
        .getByText(/^The last \d+ complete audits, oldest first$/u)
        .innerText();
      const audits = Number(/\d+/u.exec(subtitle)?.[0]);
      expect(audits).toBeGreaterThanOrEqual(2);
      await expect(chart.getByRole('heading').innerText()).resolves.toBe(
        en.text('admin.history.trend.title'),
      );
      // A bar per audit and severity, each audit's four severities stacked; four series.
      const bars = chart.locator('[data-preview-bar]');
      expect(await bars.count()).toBe(audits * 4);
      const legend = chart.getByRole('list', { name: 'Legend' }).getByRole('listitem');
      expect(await legend.allInnerTexts()).toEqual(['High', 'Medium', 'Low', 'Info']);
      const perAudit = new Set(
        await bars.evaluateAll((nodes) => nodes.map((n) => n.dataset.previewBar)),
      );
      // Two audits of one minute are still two bars, not one stack of both.
      expect(perAudit.size).toBe(audits);

      // By default the latest audit against the one before.
      const heading = settings().getByRole('heading', { name: /^Changes between the audits of /u });
      await heading.waitFor();
      // "To" the older one: nothing started before it, so there is nothing to compare with.
      const older = await choose(en.text('admin.history.to'), 1);
      await settings().getByText(en.text('admin.history.noEarlier.title')).waitFor();
      expect(await heading.count()).toBe(0);

      // The two chosen: from the older to the newest.
      const newest = await choose(en.text('admin.history.to'), 0);
      await choose(en.text('admin.history.from'), 1);
      await heading.waitFor();
      await expect(heading.innerText()).resolves.toBe(
        en.text('admin.changes.heading', { from: older, to: newest }),
      );
    },
    AUDIT_TEST_TIMEOUT,
  );
});
