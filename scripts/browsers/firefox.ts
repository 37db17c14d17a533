/**
 * Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi, with the Firefox build
 * installed as a temporary add-on. Never downloads a browser.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_BUILD_DIR = resolve(
  import.meta.dirname,
  '../..',
  process.env.FACT_CONTEXT_OUT_DIR ?? '.output',
  'firefox-mv2',
);

/** The add-on's id (wxt.config.ts) and the internal UUID this profile gives it, fixed so its pages have a known address. */
const ADDON_ID = 'fact-context@example.org';
export const EXTENSION_UUID = '5f0c7e2a-3c1d-4b8e-9a6f-fac7c0e7e417';

export interface FirefoxWithExtension {
  browser: Browser;
  extensionId: string;
  /** The moz-extension:// address of one of the add-on's pages (`popup.html`, `sidepanel.html`...). */
  extensionUrl: (page: string) => string;
  close: () => Promise<void>;
}

export async function launchFirefoxWithExtension(
  options: { extensionDir?: string; headless?: boolean } = {},
): Promise<FirefoxWithExtension> {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`Firefox not found at ${FIREFOX_PATH}: run npm run setup`);
  const extensionDir = options.extensionDir ?? FIREFOX_BUILD_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`No build in ${extensionDir}: run npm run build:firefox`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: options.headless ?? true,
    // Lets WebDriver BiDi open the add-on's own moz-extension:// pages (popup, sidebar, options).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      // A closed network: no update, telemetry or remote-settings traffic.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'extensions.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      // The add-on's pages at a known moz-extension:// address.
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: EXTENSION_UUID }),
    },
  });
  const extensionId = await browser.installExtension(extensionDir);
  return {
    browser,
    extensionId,
    extensionUrl: (page) => `moz-extension://${EXTENSION_UUID}/${page}`,
    close: () => browser.close(),
  };
}

/**
 * Opens one of the add-on's pages in a new tab. WebDriver BiDi navigates there (the browser runs
 * with --remote-allow-system-access) but reports no load for moz-extension:// documents, so the
 * navigation is not awaited: the page is ready once its document says so.
 */
export async function openExtensionPage(ff: FirefoxWithExtension, page: string): Promise<Page> {
  const tab = await ff.browser.newPage();
  const url = ff.extensionUrl(page);
  void tab.goto(url, { timeout: 0 }).catch(() => {
    // Settles only when the tab closes: the document itself is awaited below.
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await tab.evaluate(() => `${location.href} ${document.readyState}`).catch(() => '');
    if (ready === `${url} complete`) return tab;
    if (Date.now() > deadline) throw new Error(`${url} did not open (${ready})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
