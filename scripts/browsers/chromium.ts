/**
 * Debian's Chromium with the built extension loaded, driven by playwright-core. Never downloads
 * a browser. Google Chrome 137+ ignores --load-extension; Chromium honours it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROME_BUILD_DIR = resolve(
  import.meta.dirname,
  '../..',
  process.env.FACT_CONTEXT_OUT_DIR ?? '.output',
  'chrome-mv3',
);

/** Flags for a closed network: no background connections that would be refused anyway. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  extensionUrl: (page: string) => string;
  close: () => Promise<void>;
}

export async function launchChromiumWithExtension(
  options: {
    extensionDir?: string;
    /** Other unpacked extensions to load beside ours (the bench's baseline extension). */
    extraExtensionDirs?: string[];
    headless?: boolean;
    viewport?: { width: number; height: number };
  } = {},
): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? CHROME_BUILD_DIR;
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run npm run setup`);
  if (!existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`No build in ${extensionDir}: run npm run build`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'fact-context-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    args: [
      ...CHROMIUM_FLAGS,
      `--disable-extensions-except=${[extensionDir, ...(options.extraExtensionDirs ?? [])].join(',')}`,
      `--load-extension=${[extensionDir, ...(options.extraExtensionDirs ?? [])].join(',')}`,
    ],
  });
  const serviceWorker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    extensionUrl: (page) => `chrome-extension://${extensionId}/${page}`,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Stops the extension's service worker, as Chrome does when it is idle (DevTools protocol). */
export async function stopServiceWorkers(context: BrowserContext): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
