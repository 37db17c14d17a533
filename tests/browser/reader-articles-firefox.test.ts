/**
 * Adding an article from the card in Debian's Firefox ESR (issue 17;
 * docs/adr/026-adding-from-the-card.md): the reader's real click on the card's "Add this page as a
 * source" opens the add-on's confirmation page for that tab; the reader confirms there, and a
 * bundled entity's card on another page then shows the article's quote, labelled as the reader's. A
 * click the page dispatches opens nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, openExtensionPage, type FirefoxWithExtension } from '@/scripts/browsers/firefox';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { servePages, type PageServer } from '@/scripts/pages/server';
import {
  firefoxCard,
  firefoxCardButton,
  firefoxOpenCardSections,
  firefoxRestPointerOn,
  waitForFirefoxCard,
} from './card-support';
import { builtCorpus, firefoxReaderVersions, waitForFirefoxStatus } from './support';

const STORY_PATH = '/reader/allies-revisit-limits.html';
const STORY = readFileSync(join(import.meta.dirname, '../fixtures/articles/reader-story.html'), 'utf8');
const QUOTE = 'We have adjusted and adapted as needs have changed';
const ADD_BUTTON = 'Add this page as a source';

let ff: FirefoxWithExtension;
let server: PageServer;
/** One of the add-on's own pages, kept open to read the database and the content scripts' status. */
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

/** The add-on's confirmation pages open now (their addresses, read from each tab). */
async function confirmations(): Promise<Page[]> {
  const found: Page[] = [];
  for (const page of await ff.browser.pages()) {
    const href = await page.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(ff.extensionUrl('add.html'))) found.push(page);
  }
  return found;
}

async function waitForConfirmation(timeoutMs = 30_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [page] = await confirmations();
    if (page) return page;
    if (Date.now() > deadline) throw new Error('no confirmation page opened');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Opens Blinken's card on a page and waits until its buttons are armed. */
async function armedBlinkenCard(page: Page) {
  await page.mouse.move(1, 1);
  await firefoxRestPointerOn(page, 'mark[data-entity="antony-blinken"]');
  return waitForFirefoxCard(page, 'Antony Blinken', { armed: true, timeoutMs: 30_000 });
}

describe('Firefox: adding from the card', () => {
  it('a dispatched click opens nothing; the reader’s click opens the confirmation, and the confirmed article’s quote shows in a card', async () => {
    const story = await ff.browser.newPage();
    await story.setViewport({ width: 1280, height: 900 });
    await story.goto(server.url(STORY_PATH));
    expect(await waitForFirefoxStatus(extPage, 'ready')).toBe('ready');

    const card = await armedBlinkenCard(story);
    const at = await firefoxCardButton(story, card, ADD_BUTTON);
    // The page's own clicks, where the button is: they reach only our host, and do nothing.
    await story.evaluate(({ x, y }) => {
      const under = document.elementFromPoint(x, y) as HTMLElement | null;
      under?.dispatchEvent(
        new MouseEvent('click', { bubbles: true, composed: true, clientX: x, clientY: y, detail: 1 }),
      );
      under?.click();
    }, at);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await confirmations()).toEqual([]);

    // The reader's own click.
    await story.mouse.move(at.x, at.y, { steps: 3 });
    await story.mouse.click(at.x, at.y);
    const add = await waitForConfirmation();
    await add.waitForSelector('.add-preview [data-field="title"]', { timeout: 60_000 }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; the page says: ${await add.$eval('main', (el) => el.textContent)}`);
    });
    expect(await add.$eval('.add-preview [data-field="outlet"]', (el) => el.textContent)).toContain(
      'The Example Ledger',
    );
    expect(await firefoxReaderVersions(extPage)).toBe(0);
    const confirm = await add.waitForSelector('.add-preview button.add-button', { visible: true });
    await confirm!.click();
    await add.waitForSelector('[data-outcome="added"]', { timeout: 60_000 });
    expect(await firefoxReaderVersions(extPage)).toBe(1);
    await add.close();
    await story.close();

    const page = await ff.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(server.url('/articles/us-uk-open-to-deeper-strikes.html'));
    await waitForFirefoxStatus(extPage, 'ready');
    await firefoxRestPointerOn(page, 'mark[data-entity="antony-blinken"]');
    await firefoxOpenCardSections(page, await waitForFirefoxCard(page, 'Antony Blinken', { timeoutMs: 30_000 }));
    const shown = (await firefoxCard(page, 'Antony Blinken'))!;
    expect(shown.text).toContain(QUOTE);
    expect(shown.text).toMatch(/your article: The Example Ledger · 5 Mar(ch)? 2026/);
    await page.close();
  }, 300_000);
});
