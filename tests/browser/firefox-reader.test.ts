/**
 * The reader's own articles in Debian's Firefox ESR (issue 17's main path): on a saved news page,
 * the reader adds the article through the add-on's popup (preview, then confirm, with real
 * clicks), and a bundled entity's card on another page then shows its quote, labelled as the
 * reader's article with its outlet and date.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, openExtensionPage, type FirefoxWithExtension } from '@/scripts/browsers/firefox';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { firefoxCard, firefoxOpenCardSections, firefoxRestPointerOn, waitForFirefoxCard } from './card-support';
import { builtCorpus, firefoxReaderVersions, waitForFirefoxStatus } from './support';

const STORY_PATH = '/reader/allies-revisit-limits.html';
const STORY = readFileSync(join(import.meta.dirname, '../fixtures/articles/reader-story.html'), 'utf8');
const QUOTE = 'We have adjusted and adapted as needs have changed';

let ff: FirefoxWithExtension;
let server: PageServer;
/** One of the add-on's own pages, kept open to ask content scripts and read the database. */
let extPage: Page;

beforeAll(async () => {
  server = await servePages({ ...corpusPages(builtCorpus()), [STORY_PATH]: STORY });
  ff = await launchFirefoxWithExtension();
  extPage = await openExtensionPage(ff, 'options.html');
}, 120_000);
afterAll(async () => {
  await ff?.close();
  await server?.close();
});

/** The id of the one tab whose content script answers (the add-on has no "tabs" permission to read URLs). */
async function webTabId(): Promise<number> {
  return extPage.evaluate(async () => {
    const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
    for (const tab of await ext.tabs.query({})) {
      if (tab.id === undefined) continue;
      try {
        const answer = (await ext.tabs.sendMessage(tab.id, {
          id: 0,
          type: 'tab.getPageReport',
          data: undefined,
          timestamp: Date.now(),
        })) as { res?: { ok: boolean } } | undefined;
        if (answer?.res?.ok) return tab.id;
      } catch {
        // No content script in this tab.
      }
    }
    throw new Error('no web page answers');
  });
}

/** Clicks a button with the real pointer (a trusted click), once it is there. */
async function press(page: Page, selector: string, timeout = 60_000): Promise<void> {
  const button = await page.waitForSelector(selector, { timeout, visible: true });
  await button!.click();
}

describe('Firefox: the reader adds an article', () => {
  it('through the popup, and its quote shows in a bundled entity’s card, labelled as theirs', async () => {
    const story = await ff.browser.newPage();
    await story.goto(server.url(STORY_PATH));
    expect(await waitForFirefoxStatus(extPage, 'ready')).toBe('ready');
    const storyTab = await webTabId();

    const popup = await openExtensionPage(ff, `popup.html?tab=${storyTab}`);
    await popup.bringToFront();
    await press(popup, 'section.add-article button.add-button');
    await popup.waitForSelector('.add-preview [data-field="title"]', { timeout: 60_000 }).catch(async (e: unknown) => {
      // Say what the popup shows instead (a refusal is in its words).
      throw new Error(`${String(e)}; the popup says: ${await popup.$eval('.add-article', (el) => el.textContent)}`);
    });
    expect(await popup.$eval('.add-preview [data-field="outlet"]', (el) => el.textContent)).toContain(
      'The Example Ledger',
    );
    const quotes = await popup.$$eval('.add-preview [data-item="quote"]', (els) => els.map((el) => el.textContent));
    expect(quotes.some((q) => q?.includes(QUOTE))).toBe(true);
    expect(await firefoxReaderVersions(extPage)).toBe(0);
    await press(popup, '.add-preview button.add-button');
    await popup.waitForSelector('[data-outcome="added"]', { timeout: 60_000 });
    expect(await firefoxReaderVersions(extPage)).toBe(1);
    await popup.close();
    await story.close();

    const page = await ff.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(server.url('/articles/us-uk-open-to-deeper-strikes.html'));
    await waitForFirefoxStatus(extPage, 'ready');
    await firefoxRestPointerOn(page, 'mark[data-entity="antony-blinken"]');
    const closed = await waitForFirefoxCard(page, 'Antony Blinken', { timeoutMs: 30_000 });
    // Its sections open, as a reader opens them, to read what they hold.
    await firefoxOpenCardSections(page, closed);
    const card = (await firefoxCard(page, 'Antony Blinken'))!;
    expect(card.text).toContain(QUOTE);
    expect(card.text).toMatch(/your article: The Example Ledger · 5 Mar(ch)? 2026/);
    expect(card.text).toMatch(/\d+ bundled, 1 of your articles/);
    await page.close();
  }, 300_000);
});
