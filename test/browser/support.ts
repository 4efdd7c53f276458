/**
 * What every browser test of the preview needs: the preview on the built-in demo site, one
 * headless Chromium for the file, a page per test with a screenshot after it, and the check that
 * nothing failed in the app meanwhile. Tests are skipped, and say so, where /usr/bin/chromium is
 * missing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { startPreviewServer } from '../../dev/preview/server';
import type { PreviewServer } from '../../dev/preview/server';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
/** App answers come from a simulator on loopback; generous for slow CI machines. */
export const APP_TIMEOUT = 15_000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  process.stderr.write(
    `test/browser: SKIPPED — ${CHROMIUM} not found. Install Debian's chromium (apt-get install chromium) to run the browser tests.\n`,
  );
}

export const describeInBrowser = hasChromium ? describe : describe.skip;

export interface InBrowser {
  readonly preview: () => PreviewServer;
  readonly browser: () => Browser;
  readonly page: () => Page;
  /** The macro's frame on the page shown. */
  readonly macro: () => FrameLocator;
  /** The macro's configuration panel. */
  readonly macroConfig: () => FrameLocator;
  /** The app's settings page. */
  readonly settings: () => FrameLocator;
}

export interface InBrowserOptions {
  /** Every line the preview server prints, as it prints it. */
  readonly log?: (line: string) => void;
}

/** Starts the preview and the browser for the file, and a page for each test. */
export function usePreviewInBrowser(options: InBrowserOptions = {}): InBrowser {
  let preview: PreviewServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    // Everyone has allowed access already; the consent step is tested on its own.
    preview = await startPreviewServer({
      consent: 'assumed',
      log: options.log ?? (() => undefined),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
  });

  beforeEach(async () => {
    page = await browser!.newPage({
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
    });
    // A wait that fails names what it waited for, before jest's own test timeout.
    page.setDefaultTimeout(APP_TIMEOUT);
  });

  afterEach(async () => {
    const shown = page!;
    mkdirSync(SCREENSHOTS, { recursive: true });
    const name = (expect.getState().currentTestName ?? 'test')
      .replace(/[^a-z0-9]+/gi, '-')
      .toLowerCase();
    await shown
      .addStyleTag({ content: '.sidebar,.content,.config{max-height:none!important}' })
      .catch(() => undefined);
    await shown.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    await shown.close();
    expect(preview!.pageErrors).toEqual([]);
    expect(await preview!.jobErrors()).toEqual([]);
  });

  return {
    preview: () => preview!,
    browser: () => browser!,
    page: () => page!,
    macro: () => page!.frameLocator('iframe[name="access-lens-macro"]'),
    macroConfig: () => page!.frameLocator('iframe[name="access-lens-macro-config"]'),
    settings: () => page!.frameLocator('iframe[name="access-lens-settings"]'),
  };
}

/**
 * A Select that has a placeholder but no label: react-select describes its combobox by the
 * placeholder's element (`aria-describedby`), so it is found by what it shows. A labelled field
 * is better found with `getByRole('combobox', { name })`.
 */
export async function comboboxShowing(frame: FrameLocator, placeholder: string): Promise<Locator> {
  const shown = frame.getByText(placeholder, { exact: true });
  const id = await shown.getAttribute('id');
  if (id === null) throw new Error(`The text "${placeholder}" is not a Select's placeholder`);
  return frame.locator(`[role="combobox"][aria-describedby~="${id}"]`);
}
