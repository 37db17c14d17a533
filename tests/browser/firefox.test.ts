/**
 * The built Firefox add-on in Debian's Firefox ESR: it installs as a temporary add-on, its
 * background loads the corpus into its database, and its content script runs on a local news
 * page and gets the corpus's names from the background.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, openExtensionPage, type FirefoxWithExtension } from '@/scripts/browsers/firefox';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { CSP_PREFIX, servePages, type PageServer } from '@/scripts/pages/server';
import { firefoxCard, firefoxCardButton, firefoxRestPointerOn, waitForFirefoxCard } from './card-support';
import { builtCorpus, countMarks, fixturePages, goldCounts, waitForFirefoxStatus } from './support';

const bundle = builtCorpus();
const fixtures = fixturePages();
let ff: FirefoxWithExtension;
let server: PageServer;
/** One of the add-on's own pages, kept open to ask the content script what it concluded. */
let extPage: Page;

beforeAll(async () => {
  server = await servePages({ ...corpusPages(bundle), ...fixtures.pages });
  ff = await launchFirefoxWithExtension();
  extPage = await openExtensionPage(ff, 'popup.html');
});
afterAll(async () => {
  await ff?.close();
  await server?.close();
});

/** Mentions per entity once marking has settled: marks land in time slices, so two readings a little apart must agree. */
async function settledCounts(page: { evaluate: (fn: typeof countMarks) => Promise<Record<string, number>> }) {
  let last = '';
  for (;;) {
    const now = JSON.stringify(await page.evaluate(countMarks));
    if (now === last) return JSON.parse(last) as Record<string, number>;
    last = now;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('Firefox', () => {
  it('installs as a temporary add-on', () => {
    expect(ff.extensionId).toBe('fact-context@example.org');
  });

  it('runs its content script, which gets the corpus from the background', async () => {
    const page = await ff.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const source = bundle.sources.at(-1)!;
    await page.goto(server.url(`/articles/${source.id}.html`));
    expect(await waitForFirefoxStatus(extPage)).toBe('ready');
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const source of bundle.sources.filter((s) => s.seed)) {
    it(`links every gold mention of ${source.seed}, and nothing else`, async () => {
      const page = await ff.browser.newPage();
      await page.goto(server.url(`/articles/${source.id}.html`));
      await waitForFirefoxStatus(extPage, 'ready');
      expect(await settledCounts(page)).toEqual(goldCounts(source.seed!));
      await page.close();
    });
  }

  it('marks an article held in one long text node, cut into pieces, every character kept', async () => {
    const page = await ff.browser.newPage();
    await page.goto(server.url('/fixtures/one-paragraph.html'));
    await waitForFirefoxStatus(extPage, 'ready');
    const original = fixtures.pages['/fixtures/one-paragraph.html']!;
    expect(await settledCounts(page)).toEqual(fixtures.expected['one-paragraph']!.marks);
    const text = await page.evaluate(() => document.querySelector('article p')!.textContent);
    expect(original).toContain(`<p>${text}</p>`);
    await page.close();
  });

  it('marks and opens a styled card under a strict Content-Security-Policy', async () => {
    const page = await ff.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(server.url(`${CSP_PREFIX}/articles/us-holds-firm-as-nato-allies-loosen.html`));
    await waitForFirefoxStatus(extPage, 'ready');
    await page.waitForSelector('mark[data-entity="emmanuel-macron"]');
    expect(
      await page.$eval('mark[data-entity="emmanuel-macron"]', (m) => getComputedStyle(m).textDecorationStyle),
    ).toBe('dotted');
    await firefoxRestPointerOn(page, 'mark[data-entity="emmanuel-macron"]');
    const { style } = await waitForFirefoxCard(page, 'Emmanuel Macron');
    expect(style.position).toBe('fixed');
    expect(style.background).not.toBe('rgba(0, 0, 0, 0)');
    await page.close();
  });

  it('opens a card when the reader tabs to a name, not when script focuses it, in a root the page cannot open', async () => {
    await extPage.evaluate(() =>
      (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.set({
        settings: { marksInTabOrder: true },
      }),
    );
    const page = await ff.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(server.url('/articles/us-holds-firm-as-nato-allies-loosen.html'));
    await waitForFirefoxStatus(extPage, 'ready');
    await page.waitForSelector('mark[data-entity="emmanuel-macron"][tabindex="0"]');
    // The page's script focuses the mark: no card.
    await page.$eval('mark[data-entity="emmanuel-macron"]', (m) => (m as HTMLElement).focus());
    await new Promise((r) => setTimeout(r, 800));
    expect(await firefoxCard(page)).toBeNull();
    await page.$eval('mark[data-entity="emmanuel-macron"]', (m) => (m as HTMLElement).blur());
    // The reader's Tab: a card named by the entity.
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      if (
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.entity === 'emmanuel-macron')
      )
        break;
    }
    const card = await waitForFirefoxCard(page, 'Emmanuel Macron');
    expect(card.text).toMatch(/Based on \d+ sources?/);
    // The page sees a host with no shadow root it can open.
    expect(
      await page.evaluate(() =>
        Array.from(document.documentElement.children)
          .filter((el) => el !== document.head && el !== document.body)
          .map((el) => el.shadowRoot),
      ),
    ).toEqual([null]);
    await extPage.evaluate(() =>
      (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.set({ settings: {} }),
    );
    await page.close();
  });

  it('acts on a real click once the card has been visible for its arming delay, never on a faded card', async () => {
    const storage = () =>
      extPage.evaluate(() =>
        (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.get('mutedEntities'),
      ) as Promise<{ mutedEntities?: string[] }>;
    const page = await ff.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(server.url('/fixtures/hostile-card.html'));
    await waitForFirefoxStatus(extPage, 'ready');
    await firefoxRestPointerOn(page, 'mark[data-entity="keir-starmer"]');
    // Past the arming delay (lib/cards/machine.ts ARMING_MS), then the page fades the whole document.
    let card = await waitForFirefoxCard(page, 'Keir Starmer', { armed: true });
    let at = await firefoxCardButton(page, card, 'Stop highlighting');
    await page.evaluate(() => (document.documentElement.style.opacity = '0.01'));
    await page.mouse.click(at.x, at.y);
    await new Promise((r) => setTimeout(r, 500));
    expect((await storage()).mutedEntities ?? []).toEqual([]);
    // Unfaded, the reader's click works.
    await page.evaluate(() => (document.documentElement.style.opacity = ''));
    card = await waitForFirefoxCard(page, 'Keir Starmer');
    at = await firefoxCardButton(page, card, 'Stop highlighting');
    await page.mouse.click(at.x, at.y);
    await expect.poll(async () => (await storage()).mutedEntities, { timeout: 10_000 }).toEqual(['keir-starmer']);
    await extPage.evaluate(() =>
      (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.set({
        mutedEntities: [],
        recentChanges: [],
      }),
    );
    await page.close();
  });
});
