/**
 * The extension's own pages in Debian's Firefox ESR, as a Firefox user meets them: the popup
 * (search, the page status of a real tab, the switches), the options page (its changes reach an
 * open tab at once), the sidebar's timeline with its filters, and the reading view. Pages are
 * opened at their moz-extension:// address (scripts/browsers/firefox.ts), the popup pointed at a
 * tab with `?tab=<id>` as in the Chromium tests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, openExtensionPage, type FirefoxWithExtension } from '@/scripts/browsers/firefox';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { builtCorpus, countMarks, waitForFirefoxStatus } from './support';

const bundle = builtCorpus();
const ARTICLE = '/articles/us-uk-open-to-deeper-strikes.html';
let ff: FirefoxWithExtension;
let server: PageServer;
/** One of the add-on's pages, kept open to read and write its storage and ask its content scripts. */
let extPage: Page;

beforeAll(async () => {
  server = await servePages(corpusPages(bundle));
  ff = await launchFirefoxWithExtension();
  extPage = await openExtensionPage(ff, 'options.html');
});
afterAll(async () => {
  await ff?.close();
  await server?.close();
});
// Each test starts with the add-on's page alone: a page left open by a failed test would answer too.
afterEach(async () => {
  for (const page of await ff.browser.pages()) if (page !== extPage) await page.close();
});

type Ext = { storage: typeof chrome.storage; tabs: typeof chrome.tabs };

async function resetStorage(): Promise<void> {
  await extPage.evaluate(async () => {
    const b = (globalThis as unknown as { browser: Ext }).browser;
    await b.storage.local.set({ settings: {}, disabledSites: [], mutedEntities: [] });
  });
}

/** The id of the one web page's tab: the tab whose content script answers (tests keep one open). */
async function webTabId(): Promise<number> {
  return extPage.evaluate(async () => {
    const b = (globalThis as unknown as { browser: Ext }).browser;
    for (const tab of await b.tabs.query({})) {
      if (tab.id === undefined) continue;
      try {
        await b.tabs.sendMessage(tab.id, { id: 0, type: 'tab.getPageReport', data: undefined, timestamp: Date.now() });
        return tab.id;
      } catch {
        // Not a page with our content script.
      }
    }
    throw new Error('no web page answers');
  });
}

async function openArticle(path = ARTICLE): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.goto(server.url(path));
  await waitForFirefoxStatus(extPage, 'ready');
  return page;
}

const marked = (page: Page) => page.evaluate(countMarks);

/** Polls `read` until `accept` holds, or fails with the last value after `timeoutMs`. */
async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The ids of the popup's results, in order. */
const resultIds = (popup: Page) =>
  popup.$$eval('[role="listbox"] [role="option"]', (els) => els.map((e) => e.getAttribute('data-id')));

describe('Firefox: the popup', () => {
  it('focuses its search field and finds Storm Shadow first for "storm", Zelensky for a misspelling', async () => {
    const popup = await openExtensionPage(ff, 'popup.html');
    await until(
      () => popup.evaluate(() => document.activeElement?.matches('input[type="search"]') ?? false),
      (focused) => focused,
    );
    await popup.keyboard.type('storm');
    expect(
      (
        await until(
          () => resultIds(popup),
          (ids) => ids.length > 0,
        )
      )[0],
    ).toBe('storm-shadow');
    await popup.$eval('input[type="search"]', (el) => {
      (el as HTMLInputElement).value = '';
    });
    await popup.type('input[type="search"]', 'zelenski');
    expect(
      (
        await until(
          () => resultIds(popup),
          (ids) => ids[0] === 'volodymyr-zelensky',
        )
      )[0],
    ).toBe('volodymyr-zelensky');
    await popup.keyboard.press('Enter');
    await until(
      () => popup.$eval('h2', (h) => h.textContent).catch(() => null),
      (text) => text === 'Volodymyr Zelensky',
    );
    await popup.close();
  });

  it('lists what the tab marked, with counts, and turns the site off and back on', async () => {
    await resetStorage();
    const news = await openArticle();
    const counts = await until(
      () => marked(news),
      (c) => Object.keys(c).length > 3,
    );
    const popup = await openExtensionPage(ff, `popup.html?tab=${await webTabId()}`);
    const listed = await until(
      () =>
        popup.$$eval('.page-entity', (els) =>
          els.map((e) => [
            e.getAttribute('data-entity-id'),
            Number(e.querySelector('.count')!.textContent!.split(' ')[0]),
          ]),
        ),
      (rows) => rows.length === Object.keys(counts).length,
    );
    expect(Object.fromEntries(listed)).toEqual(counts);

    const siteSwitch = await popup.waitForSelector('::-p-aria([name="On 127.0.0.1"][role="switch"])');
    await siteSwitch!.click();
    await until(
      () => marked(news),
      (c) => Object.keys(c).length === 0,
    );
    await waitForFirefoxStatus(extPage, 'site-off');
    await siteSwitch!.click();
    await until(
      () => marked(news),
      (c) => JSON.stringify(c) === JSON.stringify(counts),
    );
    await popup.close();
    await news.close();
  });
});

describe('Firefox: the options page', () => {
  it('applies a change of kinds to an open tab at once', async () => {
    await resetStorage();
    const news = await openArticle();
    const before = await until(
      () => marked(news),
      (c) => Object.keys(c).length > 3,
    );
    const people = bundle.entities.filter((e) => e.kind === 'person').map((e) => e.id);
    expect(Object.keys(before).some((id) => people.includes(id))).toBe(true);
    const options = await openExtensionPage(ff, 'options.html');
    await options.waitForSelector('fieldset input[type="checkbox"]');
    const box = (
      await options.evaluateHandle(() =>
        Array.from(document.querySelectorAll('label'))
          .find((l) => l.textContent?.startsWith('People'))
          ?.querySelector('input'),
      )
    ).asElement() as ElementHandle<HTMLInputElement> | null;
    expect(box).not.toBeNull();
    await box!.click();
    // Weapons stay marked, people go (the tab re-marks, so wait for the new marks, not an empty moment).
    const weapons = Object.keys(before).filter((id) => !people.includes(id));
    expect(weapons.length).toBeGreaterThan(0);
    await until(
      () => marked(news),
      (c) => JSON.stringify(Object.keys(c).sort()) === JSON.stringify(weapons.sort()),
    );
    await box!.click();
    await until(
      () => marked(news),
      (c) => JSON.stringify(c) === JSON.stringify(before),
    );
    await options.close();
    await news.close();
  });
});

describe('Firefox: the sidebar timeline and the reading view', () => {
  it('lists every event in date order, and filters to one person from the filter list and the address', async () => {
    const panel = await openExtensionPage(ff, 'sidepanel.html');
    const dates = await until(
      () => panel.$$eval('[data-event] > time', (els) => els.map((t) => t.getAttribute('datetime'))),
      (d) => d.length === bundle.events.length,
    );
    expect(dates).toEqual([...dates].sort());
    // The filter list: add a person, and only their events stay.
    const blinken = bundle.events
      .filter((e) => e.entityIds.includes('antony-blinken'))
      .map((e) => e.id)
      .sort();
    await panel.click('details.filter-controls > summary');
    await panel.select('details.filter-controls select', 'antony-blinken');
    await until(
      () => panel.$$eval('[data-event]', (els) => els.map((e) => (e as HTMLElement).dataset.event!).sort()),
      (ids) => JSON.stringify(ids) === JSON.stringify(blinken),
    );
    await panel.close();

    const filtered = await openExtensionPage(ff, 'sidepanel.html?entity=antony-blinken');
    const expected = blinken;
    const shown = await until(
      () => filtered.$$eval('[data-event]', (els) => els.map((e) => (e as HTMLElement).dataset.event!).sort()),
      (ids) => ids.length === expected.length,
    );
    expect(shown).toEqual(expected);
    await filtered.close();
  });

  it('opens the reading view at a quote, highlighted, with the names marked', async () => {
    const fact = bundle.facts.find((f) => f.quote.length > 40)!;
    const reader = await openExtensionPage(
      ff,
      `reader.html?source=${fact.sourceId}&quote=${encodeURIComponent(fact.quote)}`,
    );
    const quote = await until(
      () => reader.$$eval('.fact-context-quote', (pieces) => pieces.map((q) => q.textContent).join('')).catch(() => ''),
      (text) => text.length > 0,
    );
    expect(quote).toBe(fact.quote);
    await until(
      () => reader.$$eval('.reader-article mark[data-entity]', (m) => m.length),
      (n) => n > 0,
    );
    await reader.close();
  });
});
