/**
 * Translations on the platform, in a real browser: the preview serves each view's
 * `__LOCALES__` folder as Forge does (made by the Forge CLI's own bundling service from the
 * manifest's `translations`), puts the viewer's language in the view context, and its language
 * switch runs the views again in that language. Checked here: the macro on Breach Playbook (1013)
 * and the settings page, in English by default and in German after the switch, and the
 * `--locale` option's default. Skipped, and counted as skipped, where /usr/bin/chromium is missing.
 *
 * German is recognised mostly without pinning the wording: the tabs and buttons a German view
 * shows must be messages of locales/de-DE.json and not of locales/en-US.json, no key may render
 * as its ⟦key⟧ marker, and the structure (tabs, the four layers of 1013) is the English one. A few
 * sentences are pinned word for word, plural forms among them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { startPreviewServer } from '../../dev/preview/server';
import { APP_TIMEOUT, describeInBrowser, usePreviewInBrowser } from './support';

const ROOT = path.join(__dirname, '..', '..');

function localeFile(locale: string): Record<string, string> {
  return JSON.parse(readFileSync(path.join(ROOT, 'locales', `${locale}.json`), 'utf8')) as Record<
    string,
    string
  >;
}

/**
 * Every message of a locale with its placeholders as wildcards, for matching what is shown. A
 * message that is all placeholders and punctuation (`{first}, {next}`) says nothing about the
 * language and is left out.
 */
function messagePatterns(locale: string): RegExp[] {
  const words = (message: string) => /\p{L}{3,}/u.test(message.replace(/\{\w+\}/gu, ''));
  return Object.values(localeFile(locale))
    .filter(words)
    .map(
      (message) =>
        new RegExp(
          `^${message
            .split(/\{\w+\}/u)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'))
            .join('.+')}$`,
          'u',
        ),
    );
}

describeInBrowser('local preview in chromium: languages', () => {
  const german = messagePatterns('de-DE');
  const english = messagePatterns('en-US');
  const isGerman = (text: string) => german.some((p) => p.test(text));
  // A message worded the same in both languages ("Person") is no English left in a German view.
  const sameInBoth = new Set(
    Object.values(localeFile('de-DE')).filter((message) =>
      Object.values(localeFile('en-US')).includes(message),
    ),
  );
  const isEnglish = (text: string) => !sameInBoth.has(text) && english.some((p) => p.test(text));

  const { preview, page, macro, settings, macroConfig: config } = usePreviewInBrowser();

  async function frameText(frame: FrameLocator): Promise<string> {
    return frame.locator('body').innerText();
  }

  async function frameLocale(name: string): Promise<string | null> {
    const src = await page().locator(`iframe[name="${name}"]`).getAttribute('src');
    return new URL(src ?? '', preview().url).searchParams.get('locale');
  }

  /** The macro's answer has arrived: its tabs and the numbered layer list are on the page. */
  async function macroAnswered(): Promise<void> {
    await macro().getByRole('tab').first().waitFor({ timeout: APP_TIMEOUT });
    await macro()
      .getByText(/^1\. .*Engineering/u)
      .waitFor({ timeout: APP_TIMEOUT });
  }

  /** The numbered layers of Who can view: the same four in every language, in order. */
  async function layers(): Promise<string[]> {
    return macro()
      .getByText(/^\d\. /u)
      .allInnerTexts();
  }

  it('serves the translations beside each frame, as Forge does', async () => {
    const info = (await (
      await fetch(`${preview().url}/frame/__LOCALES__/i18n-info.json`)
    ).json()) as {
      config: { locales: string[]; fallback: { default: string } };
      translations: Record<string, Record<string, string>>;
    };
    expect(info.config.locales).toEqual(['de-DE', 'en-US']);
    expect(info.config.fallback.default).toBe('en-US');
    // The manifest's own i18n keys (module titles) are resolved in the info file.
    expect(info.translations['manifest.macro.title']).toEqual({
      'de-DE': 'Access Lens',
      'en-US': 'Access Lens',
    });
    const de = await fetch(`${preview().url}/frame/__LOCALES__/de-DE.json`);
    expect(de.status).toBe(200);
    expect(await de.json()).toEqual(localeFile('de-DE'));
    expect((await fetch(`${preview().url}/frame/__LOCALES__/fr-FR.json`)).status).toBe(404);
  });

  it('shows the macro in English by default', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    await page().locator('h1.page-title', { hasText: 'Breach Playbook' }).waitFor();
    expect(await page().getByTestId('locale').inputValue()).toBe('en-US');
    expect(await frameLocale('access-lens-macro')).toBe('en-US');

    await macro()
      .getByText('To view this page, someone must be in every one of these 4 lists:')
      .waitFor({ timeout: APP_TIMEOUT });
    expect(await macro().getByRole('tab').allInnerTexts()).toEqual(
      expect.arrayContaining(['Who can view', 'Check a person']),
    );
    expect(await frameText(macro())).not.toContain('⟦');
    expect(await macro().locator('html').getAttribute('lang')).toBe('en-US');
  });

  it('switches the macro on Breach Playbook (1013) to German, layers and all', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-bob&page=1013`);
    await macroAnswered();
    const englishTabs = await macro().getByRole('tab').allInnerTexts();
    const englishLayers = await layers();
    expect(englishLayers).toHaveLength(4);

    await page().getByTestId('locale').selectOption('de-DE');
    expect(page().url()).toContain('locale=de-DE');
    expect(await frameLocale('access-lens-macro')).toBe('de-DE');
    await macro().locator('html[lang="de-DE"]').waitFor();
    await macroAnswered();

    // A few sentences pinned in German (macro.de-DE.json), plural forms included.
    await macro()
      .getByText('Um diese Seite anzusehen, muss man in jeder dieser 4 Listen stehen:')
      .waitFor();
    await macro().getByText('Erbt Beschränkungen von 3 übergeordneten Elementen').waitFor();
    const text = await frameText(macro());
    expect(text).not.toContain('⟦');
    expect(text).not.toContain('To view this page, someone must be in every one of these');
    expect(text).not.toContain('Inherits restrictions from');

    // The same structure: as many tabs, the same four layers naming the same pages, in order.
    const tabs = await macro().getByRole('tab').allInnerTexts();
    expect(tabs).toHaveLength(englishTabs.length);
    expect(tabs).toEqual(expect.arrayContaining(['Wer ansehen kann', 'Person prüfen']));
    expect(tabs.filter((tab) => !isGerman(tab) || isEnglish(tab))).toEqual([]);
    const germanLayers = await layers();
    expect(germanLayers).toHaveLength(4);
    expect(germanLayers).not.toEqual(englishLayers);
    for (const [index, title] of [
      'Engineering',
      'Security',
      'Incident Response',
      'Incident Runbooks',
    ].entries()) {
      expect(germanLayers[index]).toContain(title);
    }
    // The config panel ran again in German too.
    await config().locator('html[lang="de-DE"]').waitFor();
    expect(await frameText(config())).not.toMatch(/⟦|Check a person/u);
  });

  it('keeps the language on the settings page, which Alice sees in German', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-alice&page=1013&locale=de-DE`);
    expect(await page().getByTestId('locale').inputValue()).toBe('de-DE');
    await page().locator('a[data-module-link="access-lens-settings"]').click();
    expect(await frameLocale('access-lens-settings')).toBe('de-DE');

    const tab = settings().getByRole('tab').first();
    await tab.waitFor({ timeout: APP_TIMEOUT });
    const tabs = await settings().getByRole('tab').allInnerTexts();
    expect(tabs.length).toBeGreaterThanOrEqual(2);
    expect(tabs).toEqual(expect.arrayContaining(['Übersicht', 'Befunde']));
    await settings()
      .getByRole('button', { name: /^(Erstes Audit ausführen|Audit jetzt ausführen)$/u })
      .waitFor();
    expect(tabs.filter((name) => !isGerman(name) || isEnglish(name))).toEqual([]);
    const buttons = (await settings().getByRole('button').allInnerTexts())
      .map((name) => name.trim())
      .filter((name) => name !== '');
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.filter((name) => !isGerman(name) || isEnglish(name))).toEqual([]);
    const text = await frameText(settings());
    expect(text).not.toContain('⟦');
    expect(text).not.toMatch(/Run (your first audit|audit now)/u);
  });

  it('shows the settings page in English by default', async () => {
    await page().goto(`${preview().url}/?site=legacy&as=u-alice&module=access-lens-settings`);
    await settings()
      .getByRole('button', { name: /^Run (your first audit|audit now)$/u })
      .waitFor({ timeout: APP_TIMEOUT });
    expect(await frameLocale('access-lens-settings')).toBe('en-US');
    expect(await frameText(settings())).not.toContain('⟦');
  });

  it('opens in the language npm start was given (--locale de-DE)', async () => {
    const inGerman = await startPreviewServer({
      build: preview().build,
      consent: 'assumed',
      locale: 'de-DE',
      log: () => undefined,
    });
    try {
      await page().goto(`${inGerman.url}/?site=legacy&as=u-bob&page=1013`);
      expect(await page().getByTestId('locale').inputValue()).toBe('de-DE');
      await macro().locator('html[lang="de-DE"]').waitFor();
      await macroAnswered();
      expect(await frameText(macro())).not.toMatch(/⟦|To view this page, someone must be/u);
      // And back to English with the switch.
      await page().getByTestId('locale').selectOption('en-US');
      await macro()
        .getByText('To view this page, someone must be in every one of these 4 lists:')
        .waitFor({ timeout: APP_TIMEOUT });
      expect(inGerman.pageErrors).toEqual([]);
    } finally {
      await inGerman.close();
    }
  });
});
