/**
 * Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi, with the Firefox build
 * installed as a temporary add-on. Never downloads a browser.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_BUILD_DIR = resolve(
  import.meta.dirname,
  '../..',
  process.env.FACT_CONTEXT_OUT_DIR ?? '.output',
  'firefox-mv2',
);

export interface FirefoxWithExtension {
  browser: Browser;
  extensionId: string;
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
    extraPrefsFirefox: {
      // A closed network: no update, telemetry or remote-settings traffic.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'extensions.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  const extensionId = await browser.installExtension(extensionDir);
  return { browser, extensionId, close: () => browser.close() };
}
