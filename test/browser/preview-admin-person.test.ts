/**
 * "What can this person see?" on the settings page in a real browser: Alice opens the Person tab,
 * picks Dan (the guest), runs the check, and, once the preview's background queue has run the
 * person job, reads the guest marker and his spaces with how he gets in.
 */
import { messagesFor } from '../../src/messages/locale-file';
import { APP_TIMEOUT, describeInBrowser, usePreviewInBrowser } from './support';

/** The person job reads six spaces in three queue steps; the preview delivers them as they fall due. */
const CHECK_TIMEOUT = 60_000;

describeInBrowser('local preview in chromium: what can this person see', () => {
  const en = messagesFor('en-US');
  const { preview, page, settings } = usePreviewInBrowser();

  it('Alice checks Dan, the guest, and sees the marker and his spaces', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-alice&module=access-lens-settings`);
    const tab = settings().getByRole('tab', { name: en.text('admin.tab.person') });
    await tab.click({ timeout: APP_TIMEOUT });
    await settings().getByText(en.text('admin.person.nobody')).waitFor();

    const picker = settings().getByRole('combobox', { name: en.text('admin.person.pick') });
    await picker.click();
    await picker.fill('Dan');
    await settings().getByRole('option', { name: 'Dan Contractor' }).click();
    const check = settings().getByRole('button', {
      name: en.text('admin.person.check'),
      exact: true,
    });
    await check.click({ timeout: APP_TIMEOUT });

    await settings()
      .getByRole('button', { name: en.text('admin.person.again') })
      .waitFor({ timeout: CHECK_TIMEOUT });
    await settings().getByText(en.text('cli.person.standing.guest'), { exact: true }).waitFor();
    const text = await settings().locator('body').innerText();
    expect(text).toContain('Dan Contractor');
    expect(text).toMatch(/ENG: view yes, edit yes, admin no; through their guest assignment/u);
    expect(text).toContain('HR: view no, edit no, admin no');
    expect(text).toContain('Read 6 spaces and');
    expect(text).toContain(en.text('admin.person.hidden'));
    expect(text).not.toContain('⟦');
  }, 90_000);
});
