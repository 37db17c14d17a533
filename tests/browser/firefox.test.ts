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
    await page.goto(server.url(`${CSP_PREFIX}/articles/us-holds-firm-as-nato-allies-loosen.html`));
    await waitForFirefoxStatus(extPage, 'ready');
    await page.waitForSelector('mark[data-entity="emmanuel-macron"]');
    expect(
      await page.$eval('mark[data-entity="emmanuel-macron"]', (m) => getComputedStyle(m).textDecorationStyle),
    ).toBe('dotted');
    await page.focus('mark[data-entity="emmanuel-macron"]');
    const look = await page.waitForFunction(
      () => {
        const dialog = document
          .querySelector('fact-context-card')
          ?.shadowRoot?.querySelector('[role="dialog"]:not([hidden])');
        if (!dialog) return null;
        const s = getComputedStyle(dialog);
        return { position: s.position, background: s.backgroundColor };
      },
      { timeout: 15_000 },
    );
    const { position, background } = (await look.jsonValue())!;
    expect(position).toBe('fixed');
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    await page.close();
  });

  it('opens a hover card on keyboard focus, named by the entity', async () => {
    const page = await ff.browser.newPage();
    await page.goto(server.url('/articles/us-holds-firm-as-nato-allies-loosen.html'));
    await waitForFirefoxStatus(extPage, 'ready');
    await page.waitForSelector('mark[data-entity="emmanuel-macron"]');
    await page.focus('mark[data-entity="emmanuel-macron"]');
    const name = await page.waitForFunction(
      () => {
        const root = document.querySelector('fact-context-card')?.shadowRoot;
        const dialog = root?.querySelector('[role="dialog"]:not([hidden])');
        const id = dialog?.getAttribute('aria-labelledby');
        return id ? root!.getElementById(id)?.textContent : null;
      },
      { timeout: 15_000 },
    );
    expect(await name.jsonValue()).toBe('Emmanuel Macron');
    await page.close();
  });
});
