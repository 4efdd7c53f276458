/**
 * The local preview in a real browser: Debian's chromium driven by playwright-core opens the
 * preview server (started here, on a free port) and looks at what the app's UI Kit modules
 * render with Atlaskit. Skipped, and counted as skipped, where /usr/bin/chromium is missing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startPreviewServer } from '../../dev/preview/server';
import type { PreviewServer } from '../../dev/preview/server';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  process.stderr.write(
    `test/browser: SKIPPED — ${CHROMIUM} not found. Install Debian's chromium (apt-get install chromium) to run the browser tests.\n`,
  );
}

const describeInBrowser = hasChromium ? describe : describe.skip;

describeInBrowser('local preview in chromium', () => {
  let preview: PreviewServer;
  let browser: Browser;
  let page: Page;
  const terminal: string[] = [];

  beforeAll(async () => {
    preview = await startPreviewServer({ log: (line) => terminal.push(line) });
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
    await browser.close();
    await preview.close();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  afterEach(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const name = (expect.getState().currentTestName ?? 'test')
      .replace(/[^a-z0-9]+/gi, '-')
      .toLowerCase();
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    await page.close();
    // Anything the page reported as an error (an app crash, an unsupported component) fails the test.
    expect(preview.pageErrors).toEqual([]);
  });

  const macro = (): FrameLocator => page.frameLocator('iframe[name="access-lens-macro"]');

  async function frameText(frame: FrameLocator): Promise<string> {
    return frame.locator('body').innerText();
  }

  it('renders the macro with Atlaskit components for Bob on page 1004', async () => {
    await page.goto(`${preview.url}/?as=u-bob&page=1004`);
    await page.locator('h1.page-title', { hasText: 'ADR-001: Use PostgreSQL' }).waitFor();

    const heading = macro().getByRole('heading', { name: /ADR-001: Use PostgreSQL/ });
    await heading.waitFor({ timeout: 15_000 });

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

  it('shows the not-visible state with no page data when Dan opens page 1013', async () => {
    await page.goto(`${preview.url}/?as=u-bob&page=1004`);
    await macro()
      .getByRole('heading', { name: /ADR-001/ })
      .waitFor({ timeout: 15_000 });

    await page.getByTestId('identity').selectOption('u-dan');
    await page.locator('nav.tree a[data-page-id="1013"]').click();
    await page.locator('h1.page-title', { hasText: 'Breach Playbook' }).waitFor();

    await macro()
      .getByText(/not visible|isn.t visible/i)
      .first()
      .waitFor({ timeout: 15_000 });
    const text = await frameText(macro());
    expect(text).not.toContain('Breach Playbook');
    expect(text).not.toMatch(/Priya|Incident Runbooks/);
    expect(page.url()).toContain('as=u-dan');
    expect(page.url()).toContain('page=1013');
  });

  it('re-runs the macro with the new config when a config field changes', async () => {
    await page.goto(`${preview.url}/?as=u-bob&page=1004`);
    const tab = macro().getByRole('tab', { name: 'Check a person' });
    await tab.waitFor({ timeout: 15_000 });

    const config = page.frameLocator('iframe[name="access-lens-macro-config"]');
    await config.getByLabel('Check a person').uncheck();

    await tab.waitFor({ state: 'detached', timeout: 15_000 });
    await macro().getByRole('tab', { name: 'Who can view' }).waitFor();
    const src = await page.locator('iframe[name="access-lens-macro"]').getAttribute('src');
    expect(new URL(src ?? '', preview.url).searchParams.get('config')).toContain('tabs');
  });
});
