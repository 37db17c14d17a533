/** Shared pieces of the real-browser tests. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import type { PageReport, PageStatus } from '@/lib/messaging/protocol';
import { launchChromiumWithExtension, type ExtensionBrowser } from '@/scripts/browsers/chromium';

export { contentProbe, evaluateInContentScript, waitForStatus } from '@/scripts/browsers/probe';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { loadCorpus } from '@/scripts/corpus/read';

/** The corpus the built extension was compiled from. */
export function builtCorpus() {
  const { bundle, problems } = loadCorpus(process.env.FACT_CONTEXT_CORPUS_DIR);
  if (!bundle) throw new Error(`corpus has problems: ${problems.length}`);
  return bundle;
}

/** Waits until the page's marks stop changing, then returns their counts. */
export async function settledMarks(page: Page, quietMs = 600): Promise<Record<string, number>> {
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    const now = JSON.stringify(await page.evaluate(countMarks));
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs) {
      return JSON.parse(now) as Record<string, number>;
    }
    await page.waitForTimeout(100);
  }
}

/** Collects console errors and uncaught exceptions of a page from now on. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Reads every store of the extension's database from one of its pages, with raw IndexedDB. */
export async function readDatabase(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('fact-context');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const out: Record<string, unknown[]> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      out[name] = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return out;
  });
}

const FIXTURES_DIR = join(import.meta.dirname, '../fixtures/pages');
const NODE_MODULES = join(import.meta.dirname, '../../node_modules');

export interface FixtureExpectation {
  status: string;
  marks: Record<string, number>;
  splitMentions?: number;
}

/** Saved test pages (tests/fixtures/pages/<name>.html) with their expected results beside them. */
export function fixturePages(): { pages: Record<string, string>; expected: Record<string, FixtureExpectation> } {
  const pages: Record<string, string> = {
    '/vendor/react.js': readFileSync(join(NODE_MODULES, 'react/umd/react.production.min.js'), 'utf8'),
    '/vendor/react-dom.js': readFileSync(join(NODE_MODULES, 'react-dom/umd/react-dom.production.min.js'), 'utf8'),
  };
  const expected: Record<string, FixtureExpectation> = {};
  for (const file of readdirSync(FIXTURES_DIR)) {
    if (!file.endsWith('.html')) continue;
    const name = file.slice(0, -'.html'.length);
    pages[`/fixtures/${file}`] = readFileSync(join(FIXTURES_DIR, file), 'utf8');
    const expectedFile = join(FIXTURES_DIR, `${name}.expected.json`);
    if (existsSync(expectedFile)) expected[name] = JSON.parse(readFileSync(expectedFile, 'utf8')) as FixtureExpectation;
  }
  return { pages, expected };
}

/** Linked mentions per entity id (a mention split over several marks counts once). */
export function countMarks(): Record<string, number> {
  const counts: Record<string, number> = {};
  const seen = new Set<string>();
  const visit = (root: Document | ShadowRoot) => {
    for (const m of Array.from(root.querySelectorAll<HTMLElement>('mark[data-entity]'))) {
      const mention = m.dataset.mention ?? '';
      if (seen.has(mention)) continue;
      seen.add(mention);
      counts[m.dataset.entity!] = (counts[m.dataset.entity!] ?? 0) + 1;
    }
    for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) visit(el.shadowRoot);
  };
  visit(document);
  return counts;
}

/** The seed-gold counts of one seed article, per entity id. */
export function goldCounts(seed: string): Record<string, number> {
  const gold = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/seed-gold.json'), 'utf8')) as {
    docs: { slug: string; gold: { id: string; count: number }[] }[];
  };
  const doc = gold.docs.find((d) => d.slug === seed);
  if (!doc) throw new Error(`no gold for ${seed}`);
  const counts: Record<string, number> = {};
  for (const g of doc.gold) counts[g.id] = (counts[g.id] ?? 0) + g.count;
  return counts;
}

export interface ExtensionSession {
  ext: ExtensionBrowser;
  server: PageServer;
  /** An extension page kept open to read and write extension storage and tabs. */
  extPage: Page;
}

/** Serves the corpus's articles and the saved pages, and starts Chromium with the extension. */
export async function startSession(extensionPage = 'popup.html'): Promise<ExtensionSession> {
  const server = await servePages({ ...corpusPages(builtCorpus()), ...fixturePages().pages });
  const ext = await launchChromiumWithExtension();
  const extPage = await ext.context.newPage();
  await extPage.goto(ext.extensionUrl(extensionPage));
  return { ext, server, extPage };
}

export async function stopSession(session: Partial<ExtensionSession> | undefined): Promise<void> {
  await session?.ext?.close();
  await session?.server?.close();
}

/**
 * Firefox: the reports of every tab whose content script answers, asked from one of the add-on's
 * own pages (`extPage`) with the same message the popup sends. Tests open one web page at a time.
 */
export async function firefoxPageReports(extPage: FirefoxPage): Promise<PageReport[]> {
  return extPage.evaluate(async () => {
    const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
    const reports: PageReport[] = [];
    for (const tab of await ext.tabs.query({})) {
      if (tab.id === undefined) continue;
      try {
        const answer = (await ext.tabs.sendMessage(tab.id, {
          id: 0,
          type: 'tab.getPageReport',
          data: undefined,
          timestamp: Date.now(),
        })) as { res?: { ok: boolean; value?: PageReport } } | undefined;
        if (answer?.res?.ok && answer.res.value) reports.push(answer.res.value);
      } catch {
        // No content script in this tab (the add-on's own page, a blank tab).
      }
    }
    return reports;
  });
}

/** Firefox: waits until the one web page's content script reports a conclusion (or one of `expected`). */
export async function waitForFirefoxStatus(
  extPage: FirefoxPage,
  expected?: PageStatus | readonly PageStatus[],
  timeoutMs = 30_000,
): Promise<PageStatus> {
  const wanted = expected === undefined ? null : ([] as PageStatus[]).concat(expected);
  const deadline = Date.now() + timeoutMs;
  let seen: PageStatus[] = [];
  for (;;) {
    seen = (await firefoxPageReports(extPage)).map((r) => r.status);
    if (seen.length > 1) throw new Error(`several pages answer: ${seen.join(', ')}`);
    const status = seen[0];
    // `reading` is no conclusion yet: without an expected status, wait for the first real one.
    if (status && (wanted ? wanted.includes(status) : status !== 'reading')) return status;
    if (Date.now() > deadline)
      throw new Error(`content script status ${seen.join()}; waited for ${wanted?.join(' or ') ?? 'any'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Chromium: the tab id of a web page, asked from an extension page (no "tabs" permission: the page is made active and the active tab asked for). */
export async function tabIdOf(extensionPage: Page, page: Page): Promise<number> {
  await page.bringToFront();
  return extensionPage.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab!.id!;
  });
}

/** Firefox: how many versions of the reader's articles are stored, read from the add-on's database by one of its pages. */
export async function firefoxReaderVersions(extPage: FirefoxPage): Promise<number> {
  return extPage.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('fact-context');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('readerSources').objectStore('readerSources').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}
