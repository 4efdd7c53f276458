/**
 * The macro's answer first, in a real browser (docs/ARCHITECTURE.md, "The effective audience"):
 * the preview shows Bob the headline on Breach Playbook (1013) as the view words it in English
 * from the catalogue, with the people who can view it, and on Guide for Contractors (1022) the
 * guest marker beside Dan Contractor, the demo site's guest, there and in the layers. One preview
 * and one browser for the file. Skipped, and counted as skipped, where /usr/bin/chromium is
 * missing.
 */
import type { Locator } from 'playwright-core';
import type { AudiencePerson, EffectiveAudience } from '../../src/core/effective-audience';
import { effectiveHeadline, markerWord } from '../../src/messages/effective';
import { messagesFor } from '../../src/messages/locale-file';
import { APP_TIMEOUT, describeInBrowser, usePreviewInBrowser } from './support';

/** An audience of people only, as the engine answers it (the routes are not shown). */
function peopleOnly(complete: boolean, ...names: string[]): EffectiveAudience {
  const people = names.map((displayName): AudiencePerson => ({
    accountId: displayName,
    displayName,
    markers: [],
    routes: [],
  }));
  return {
    count: people.length,
    complete,
    people,
    groups: [],
    everyone: [],
    anonymous: false,
    ...(complete ? {} : { incompleteBecause: ['unchecked' as const] }),
  };
}

describeInBrowser('local preview in chromium: the effective audience', () => {
  const en = messagesFor('en-US');
  const { preview, page, macro } = usePreviewInBrowser();

  /** The row of the people list that names `name`: the name and its markers. */
  const personRow = (name: string): Locator =>
    macro().getByText(name, { exact: true }).locator('xpath=ancestor::*[count(*) > 1][1]');

  it('states who can view and edit Breach Playbook first, then lists them', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    await page().locator('h1.page-title', { hasText: 'Breach Playbook' }).waitFor();

    // Bob, Priya and the app pass every layer (the simulator lets them view it, and only Priya
    // edit it): the app reaches the space through its scopes and is on all three restrictions
    // above the page.
    const headline = effectiveHeadline(en, {
      view: peopleOnly(true, 'Access Lens', 'Bob Engineer', 'Priya Security'),
      edit: peopleOnly(true, 'Priya Security'),
    });
    expect(headline).toBe('3 people can view this page; 1 can edit.');
    await macro().getByText(headline, { exact: true }).waitFor({ timeout: APP_TIMEOUT });

    await macro().getByText(en.text('macro.effective.peopleHeading'), { exact: true }).waitFor();
    for (const name of ['Access Lens', 'Bob Engineer', 'Priya Security'])
      await macro().getByText(name, { exact: true }).first().waitFor();
    // The headline comes before the layer-by-layer reasons.
    const text = await macro().locator('body').innerText();
    const reasons = text.indexOf(en.count('macro.panel.intro.view', 4));
    expect(reasons).toBeGreaterThan(0);
    expect(text.indexOf(headline)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(headline)).toBeLessThan(reasons);
    expect(text).not.toContain('⟦');
  });

  it('marks Dan Contractor as a guest in the people list of Guide for Contractors', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1022`);
    await page().locator('h1.page-title', { hasText: 'Guide for Contractors' }).waitFor();
    await macro().getByText(en.text('macro.effective.peopleHeading'), { exact: true }).waitFor({
      timeout: APP_TIMEOUT,
    });
    const dan = personRow('Dan Contractor').first();
    await dan.waitFor();
    const guest = markerWord(en, 'guest');
    await dan.getByText(guest, { exact: true }).waitFor();
    // The marker is Dan's own, in the people list and beside his grant on the space: every guest
    // lozenge on the page sits next to his name.
    const guests = macro().getByText(guest, { exact: true });
    const count = await guests.count();
    expect(count).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < count; i++) {
      const row = guests.nth(i).locator('xpath=ancestor::*[count(*) > 1][1]');
      expect(await row.textContent()).toContain('Dan Contractor');
    }
  });

  it('marks the people the layers name on Breach Playbook: Dan a guest, Erin deactivated', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    const space = macro().getByText(en.count('macro.panel.intro.view', 4));
    await space.waitFor({ timeout: APP_TIMEOUT });
    for (const [accountId, name, marker] of [
      ['u-dan', 'Dan Contractor', markerWord(en, 'guest')],
      ['u-erin', 'Erin Former', markerWord(en, 'deactivated')],
    ] as const) {
      const user = macro().locator(`[data-preview-user="${accountId}"]`).first();
      // The avatar keeps a hidden copy of the name; the visible one comes last.
      await user.getByText(name, { exact: true }).last().waitFor();
      const row = user.locator('xpath=ancestor::*[count(*) > 1][1]');
      await row.getByText(marker, { exact: true }).waitFor();
    }
  });

  it('finds Staff Member 1200 in all-staff by name, pressing Enter', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    await macro()
      .getByRole('button', { name: 'Show members of all-staff' })
      .first()
      .click({ timeout: APP_TIMEOUT });
    const field = macro().getByLabel('Find a member of all-staff by name').first();
    await field.fill('Staff Member 1200');
    await field.press('Enter');
    await macro().locator('[data-preview-user]', { hasText: 'Staff Member 1200' }).waitFor();
    expect(
      await macro()
        .getByText(/No members of this group match/)
        .count(),
    ).toBe(0);
  });

  it('checks a group the page names and says what its members get', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    await macro().getByRole('tab', { name: 'Check a person' }).click({ timeout: APP_TIMEOUT });
    const picker = macro().getByRole('combobox', { name: 'Or check a group on this page' });
    await picker.click();
    await macro().getByRole('option', { name: 'security-team' }).click();
    await macro()
      .getByText('Of its 2 members, 1 can view this page and 1 can edit it.', { exact: true })
      .waitFor();
    await macro()
      .getByText(
        'Those who can view get in through other groups or their own grants, not through security-team.',
        { exact: true },
      )
      .waitFor();
  });

  it('fits a 400 px wide macro: nothing cut short, nothing wider than the macro', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    await macro().getByText('3 people can view this page; 1 can edit.').waitFor();
    await page()
      .locator('iframe[name="access-lens-macro"]')
      .evaluate((frame) => {
        (frame as HTMLElement).style.width = '400px';
      });
    for (const tab of ['Who can view', 'Who can edit', 'Check a person']) {
      await macro().getByRole('tab', { name: tab }).click();
      const problems = await macro()
        .locator('body')
        .evaluate((body) => {
          const found: string[] = [];
          const width = body.ownerDocument.documentElement.clientWidth;
          if (body.scrollWidth > width + 1) found.push(`page ${String(body.scrollWidth)}px wide`);
          for (const el of Array.from(body.querySelectorAll<HTMLElement>('*'))) {
            const style = getComputedStyle(el);
            const cut = style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1;
            if (cut && el.textContent.trim() !== '') found.push(`cut: ${el.textContent}`);
          }
          return found;
        });
      expect({ tab, problems }).toEqual({ tab, problems: [] });
    }
  });
});
