/**
 * "What if" in a real browser (docs/ARCHITECTURE.md, "What if"): Priya, who may edit Security and
 * restrict content in Engineering, adds the tab in the macro's configuration, restricts Security
 * to security-team (taking Alice and eng-leads off), and reads who would lose access there and on
 * the pages below, before anything changes. Bob, who may not edit Security, is never offered it.
 */
import { messagesFor } from '../../src/messages/locale-file';
import { APP_TIMEOUT, describeInBrowser, usePreviewInBrowser } from './support';

describeInBrowser('local preview in chromium: what if', () => {
  const en = messagesFor('en-US');
  const { preview, page, macro, macroConfig } = usePreviewInBrowser();
  const whatIfTab = en.text('macro.tab.whatIf');

  it('previews restricting Security to security-team, with the keyboard', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-priya&page=1010`);
    await macro().getByRole('tab', { name: 'Check a person' }).waitFor({ timeout: APP_TIMEOUT });
    await macroConfig().getByLabel(whatIfTab).check();
    const tab = macro().getByRole('tab', { name: whatIfTab });
    await tab.click({ timeout: APP_TIMEOUT });

    await macro().getByLabel('Take Alice Admin off').check();
    await macro().getByLabel('Take eng-leads off').check();
    const previewButton = macro().getByRole('button', { name: en.text('macro.whatIf.preview') });
    await previewButton.focus();
    await page().keyboard.press('Enter');

    const lost = macro()
      .getByText(/^Would lose view: /u)
      .first();
    await lost.waitFor({ timeout: APP_TIMEOUT });
    const sentence = await lost.innerText();
    // Alice is on the list by name; Bob only through eng-leads.
    expect(sentence).toContain('Alice Admin');
    expect(sentence).toContain('Bob Engineer');
    expect(sentence).not.toContain('Priya Security');
    await macro()
      .getByText(/pages? below would change:/u)
      .waitFor();
    await macro()
      .getByText(/^Incident Runbooks: lose view: /u)
      .waitFor();
    const text = await macro().locator('body').innerText();
    expect(text).not.toContain('⟦');
  });

  it('is not offered to someone who could not make the change', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1010`);
    await macro().getByRole('tab', { name: 'Check a person' }).waitFor({ timeout: APP_TIMEOUT });
    await macroConfig().getByLabel(whatIfTab).check();
    // The macro re-runs with the new configuration and asks whether Bob may preview: he may not.
    await page()
      .locator('iframe[name="access-lens-macro"]')
      .and(page().locator('[src*="whatIf"]'))
      .waitFor({ timeout: APP_TIMEOUT });
    await macro().getByRole('tab', { name: 'Check a person' }).waitFor({ timeout: APP_TIMEOUT });
    // The answer to "may Bob preview?" has come back once nothing is in flight any more.
    await page().waitForLoadState('networkidle');
    expect(await macro().getByRole('tab', { name: whatIfTab }).count()).toBe(0);
  });
});
