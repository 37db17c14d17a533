/**
 * No text lost in Firefox (issue 13 §1; docs/adr/011-text-preservation.md): an article made
 * contenteditable after marking, and design mode, where the reader retypes a selection of several
 * marked words with the real keyboard; and a hyphenation script rewriting every text node. The
 * oracle is the page's own mirror of the article (opted out, same edits): the two must read the
 * same, marked and after the extension is turned off. Chromium: tests/browser/hostile-text.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, openExtensionPage, type FirefoxWithExtension } from '@/scripts/browsers/firefox';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { waitForFirefoxStatus } from './support';
import { EDITED_PHRASE, textPage } from './text-pages';

let ff: FirefoxWithExtension;
let server: PageServer;
/** One of the add-on's own pages: asks the content script what it concluded, switches the add-on. */
let extPage: Page;

beforeAll(async () => {
  server = await servePages({ '/text.html': textPage() });
  ff = await launchFirefoxWithExtension();
  extPage = await openExtensionPage(ff, 'popup.html');
});
afterAll(async () => {
  await ff?.close();
  await server?.close();
});

async function setEnabled(enabled: boolean): Promise<void> {
  await extPage.evaluate(
    (v) =>
      (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.set({ settings: { enabled: v } }),
    enabled,
  );
}

async function open(): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.goto(server.url('/text.html'));
  await waitForFirefoxStatus(extPage, 'ready');
  return page;
}

const marksIn = (page: Page, selector: string) =>
  page.evaluate((s) => document.querySelectorAll(`${s} mark[data-entity]`).length, selector);

/** Waits until `read` returns `want` (marks land and leave in time slices). */
async function until<T>(read: () => Promise<T>, want: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (want(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Same {
  ours: string;
  mirror: string;
}
async function expectSameText(page: Page): Promise<void> {
  const { ours, mirror } = await page.evaluate(() => (window as unknown as { __same: () => Same }).__same());
  expect(ours).toBe(mirror);
}

/** Turns the add-on off: the article reads as its mirror, with no mark left; then on again. */
async function expectSameWhenOff(page: Page): Promise<void> {
  await setEnabled(false);
  expect(
    await until(
      () => marksIn(page, ''),
      (n) => n === 0,
    ),
  ).toBe(0);
  await expectSameText(page);
  await setEnabled(true);
}

/** Selects `phrase` in the mirror, types; then the same in the article. */
async function typeOverBoth(page: Page, phrase: string, typed: string): Promise<void> {
  for (const root of ['#m', '#a']) {
    await page.evaluate(
      (r, p) =>
        (window as unknown as { __select: (root: Element, p: string) => void }).__select(document.querySelector(r)!, p),
      root,
      phrase,
    );
    await page.keyboard.type(typed);
  }
}

describe('Firefox: editable text', () => {
  it('an article made contenteditable after marking: retyping a selection of marked words loses nothing', async () => {
    const page = await open();
    expect(
      await until(
        () => marksIn(page, '#a'),
        (n) => n > 5,
      ),
    ).toBeGreaterThan(5);
    await page.evaluate(() => {
      for (const id of ['#a', '#m']) (document.querySelector(id) as HTMLElement).contentEditable = 'true';
    });
    expect(
      await until(
        () => marksIn(page, '#a'),
        (n) => n === 0,
      ),
    ).toBe(0);
    await expectSameText(page);
    await page.focus('#a');
    await typeOverBoth(page, EDITED_PHRASE, 'the president met the prime minister there');
    await expectSameText(page);
    expect(await page.evaluate(() => document.querySelector('#a')!.textContent)).toContain('prime minister there');
    await new Promise((r) => setTimeout(r, 800));
    expect(await marksIn(page, '#a')).toBe(0);
    await expectSameWhenOff(page);
    await page.close();
  });

  it('designMode on after marking: the first key press finds no mark, and typing loses nothing', async () => {
    const page = await open();
    expect(
      await until(
        () => marksIn(page, '#a'),
        (n) => n > 5,
      ),
    ).toBeGreaterThan(5);
    await page.evaluate(() => (document.designMode = 'on'));
    await typeOverBoth(page, EDITED_PHRASE, 'the president met the prime minister there');
    await expectSameText(page);
    expect(await page.evaluate(() => document.querySelector('#a')!.textContent)).toContain('prime minister there');
    expect(await marksIn(page, '')).toBe(0);
    await page.evaluate(() => (document.designMode = 'off'));
    await expectSameWhenOff(page);
    await page.close();
  });
});

describe('Firefox: a hyphenation script', () => {
  it('rewrites every text node after we marked: the page holds exactly what it wrote', async () => {
    const page = await open();
    expect(
      await until(
        () => marksIn(page, '#a'),
        (n) => n > 5,
      ),
    ).toBeGreaterThan(5);
    await page.evaluate(() =>
      (window as unknown as { __everyTextNode: (n: string) => void }).__everyTextNode('hyphenate'),
    );
    await expectSameText(page);
    await new Promise((r) => setTimeout(r, 800));
    await expectSameText(page);
    await expectSameWhenOff(page);
    await page.close();
  });
});
