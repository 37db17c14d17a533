/**
 * Detection and highlighting in Chromium, on the seed articles served as news pages and on saved
 * test pages with their expected results beside them (tests/fixtures/pages).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '@/scripts/browsers/chromium';
import type { PageServer } from '@/scripts/pages/server';
import {
  builtCorpus,
  collectErrors,
  contentProbe,
  countMarks,
  fixturePages,
  goldCounts,
  settledMarks,
  startSession,
  stopSession,
  waitForStatus,
} from './support';

const bundle = builtCorpus();
const fixtures = fixturePages();
let ext: ExtensionBrowser;
let server: PageServer;
let extPage: Page;

beforeAll(async () => {
  ({ ext, server, extPage } = await startSession('popup.html'));
});
afterAll(() => stopSession({ ext, server }));

/** Writes extension storage as the popup and options page will (WXT's `local:` items). */
async function setStorage(values: Record<string, unknown>): Promise<void> {
  await extPage.evaluate((v) => chrome.storage.local.set(v), values);
}

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await ext.context.newPage();
  const errors = collectErrors(page);
  await page.goto(server.url(path));
  await waitForStatus(page);
  return { page, errors };
}

const state = async (page: Page) => (await contentProbe(page))?.status;

describe('seed articles', () => {
  for (const source of bundle.sources.filter((s) => s.seed)) {
    it(`links every gold mention of ${source.seed} with the right id, and nothing else`, async () => {
      const { page, errors } = await open(`/articles/${source.id}.html`);
      expect(await state(page)).toBe('ready');
      expect(await settledMarks(page)).toEqual(goldCounts(source.seed!));
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe('saved pages', () => {
  for (const [name, expected] of Object.entries(fixtures.expected)) {
    it(`${name}: ${expected.status}, ${JSON.stringify(expected.marks)}`, async () => {
      const { page, errors } = await open(`/fixtures/${name}.html`);
      if (name === 'live-blog') await page.locator('body[data-done]').waitFor();
      expect(await settledMarks(page, 800)).toEqual(expected.marks);
      expect(await state(page)).toBe(expected.status);
      if (expected.splitMentions !== undefined) {
        const split = await page.evaluate(() => {
          const byMention = new Map<string, number>();
          for (const m of Array.from(document.querySelectorAll<HTMLElement>('mark[data-mention]'))) {
            byMention.set(m.dataset.mention!, (byMention.get(m.dataset.mention!) ?? 0) + 1);
          }
          return [...byMention.values()].filter((n) => n > 1).length;
        });
        expect(split).toBe(expected.splitMentions);
      }
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('hostile: leaves fields, attributes, code, scripts and page marks untouched', async () => {
    const { page } = await open('/fixtures/hostile.html');
    await settledMarks(page);
    const facts = await page.evaluate(() => ({
      input: (document.getElementById('field') as HTMLInputElement).value,
      area: (document.getElementById('area') as HTMLTextAreaElement).value,
      editorMarks: document.querySelectorAll('#editor mark, [contenteditable] mark').length,
      ourMarksOutsideArticleText: Array.from(document.querySelectorAll('mark[data-entity]')).filter((m) =>
        m.closest(
          'nav, footer, aside, form, pre, code, svg, [aria-hidden], [data-fact-context="off"], #comments, mark:not([data-entity])',
        ),
      ).length,
      pageMark: document.querySelector('mark:not([data-entity])')?.outerHTML,
      h1Title: document.querySelector('h1')?.getAttribute('title'),
      linkAttr: document.querySelector('a[data-name]')?.getAttribute('data-name'),
      pageData: (window as unknown as { pageData: string }).pageData,
      markupText: document.getElementById('markup')?.textContent,
      markupElements: document.getElementById('markup')?.querySelectorAll(':not(mark)').length,
    }));
    expect(facts).toEqual({
      input: 'Keir Starmer',
      area: 'Antony Blinken said',
      editorMarks: 0,
      ourMarksOutsideArticleText: 0,
      pageMark: '<mark>Keir Starmer</mark>',
      h1Title: 'Keir Starmer',
      linkAttr: 'David Lammy',
      pageData: 'Volodymyr Zelensky and Storm Shadow',
      markupText: '<img src=x onerror=alert(1)> next to Antony Blinken and <b>Lammy</b>.',
      markupElements: 0,
    });
    await page.close();
  });
});

describe('switches and page changes', () => {
  // The second page holds its whole article in one long text node, which is cut into pieces before marking.
  for (const path of ['/articles/us-uk-open-to-deeper-strikes.html', '/fixtures/one-paragraph.html']) {
    it(`restores the original text nodes exactly when turned off, and marks again when turned on: ${path}`, async () => {
      const page = await ext.context.newPage();
      // Record the page's own text nodes before the content script runs.
      await page.addInitScript(() => {
        document.addEventListener('DOMContentLoaded', () => {
          const walker = document.createTreeWalker(document.querySelector('article')!, NodeFilter.SHOW_TEXT);
          const nodes: { node: Text; data: string }[] = [];
          for (let n = walker.nextNode(); n; n = walker.nextNode())
            nodes.push({ node: n as Text, data: (n as Text).data });
          (window as unknown as { __original: typeof nodes; __html: string }).__original = nodes;
          (window as unknown as { __html: string }).__html = document.querySelector('article')!.innerHTML;
        });
      });
      await page.goto(server.url(path));
      await waitForStatus(page, 'ready');
      expect(Object.keys(await settledMarks(page)).length).toBeGreaterThan(5);
      await setStorage({ settings: { enabled: false } });
      await expect.poll(() => page.evaluate(() => document.querySelectorAll('mark').length)).toBe(0);
      const restored = await page.evaluate(() => {
        const w = window as unknown as { __original: { node: Text; data: string }[]; __html: string };
        const walker = document.createTreeWalker(document.querySelector('article')!, NodeFilter.SHOW_TEXT);
        const now: Text[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) now.push(n as Text);
        return {
          sameNodes:
            now.length === w.__original.length &&
            now.every((n, i) => n === w.__original[i]!.node && n.data === w.__original[i]!.data),
          sameHtml: document.querySelector('article')!.innerHTML === w.__html,
        };
      });
      expect(restored).toEqual({ sameNodes: true, sameHtml: true });
      expect(await state(page)).toBe('off');
      await setStorage({ settings: { enabled: true } });
      await expect
        .poll(() => page.evaluate(() => document.querySelectorAll('mark[data-entity]').length))
        .toBeGreaterThan(5);
      await page.close();
    });
  }

  it('applies a muted entity and a site switch at once in every open tab', async () => {
    const a = await open('/articles/us-uk-open-to-deeper-strikes.html');
    const b = await open('/articles/us-set-to-permit-long-range-missiles.html');
    for (const { page } of [a, b]) expect((await settledMarks(page))['joe-biden']).toBeGreaterThan(0);
    await setStorage({ mutedEntities: ['joe-biden'] });
    for (const { page } of [a, b]) {
      await expect
        .poll(() => page.evaluate(() => document.querySelectorAll('mark[data-entity="joe-biden"]').length))
        .toBe(0);
      expect((await settledMarks(page))['antony-blinken']).toBeGreaterThan(0);
    }
    await setStorage({ mutedEntities: [], disabledSites: ['127.0.0.1'] });
    for (const { page } of [a, b]) {
      await expect.poll(() => page.evaluate(() => document.querySelectorAll('mark').length)).toBe(0);
      expect(await state(page)).toBe('site-off');
    }
    await setStorage({ disabledSites: [] });
    for (const { page } of [a, b]) {
      await expect
        .poll(() => page.evaluate(() => document.querySelectorAll('mark[data-entity="joe-biden"]').length))
        .toBeGreaterThan(0);
    }
    await a.page.close();
    await b.page.close();
  });

  it('keeps marks out of the tab order unless the reader asks for it', async () => {
    const { page } = await open('/articles/kyiv-visit-limited-to-solidarity.html');
    await settledMarks(page);
    const tabIndexes = () =>
      page.evaluate(() => [
        ...new Set(Array.from(document.querySelectorAll('mark[data-entity]'), (m) => (m as HTMLElement).tabIndex)),
      ]);
    expect(await tabIndexes()).toEqual([-1]);
    await setStorage({ settings: { marksInTabOrder: true } });
    await expect.poll(tabIndexes).toEqual([0]);
    await setStorage({ settings: {} });
    await expect.poll(tabIndexes).toEqual([-1]);
    await page.close();
  });

  it('styles marks as a dotted underline by kind over the page’s own mark styles, or as a tint when asked', async () => {
    const hostile = await open('/fixtures/hostile-css.html');
    const shadow = await open('/fixtures/shadow-root.html');
    const weapons = await open('/articles/us-set-to-permit-long-range-missiles.html');
    for (const { page } of [hostile, shadow, weapons]) await settledMarks(page);
    /** Computed look of the first mark of an entity, looked for in the document and in open shadow roots. */
    const look = (page: Page, entityId: string) =>
      page.evaluate((id) => {
        const roots: (Document | ShadowRoot)[] = [document];
        for (const el of Array.from(document.querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
        const mark = roots.map((r) => r.querySelector(`mark[data-entity="${id}"]`)).find(Boolean);
        if (!mark) return null;
        const s = getComputedStyle(mark);
        return {
          line: s.textDecorationLine,
          style: s.textDecorationStyle,
          colour: s.textDecorationColor,
          background: s.backgroundColor,
        };
      }, entityId);
    const underline = (colour: string) => ({
      line: 'underline',
      style: 'dotted',
      colour,
      background: 'rgba(0, 0, 0, 0)',
    });
    const blue = 'rgb(61, 123, 224)';
    // hostile-css.html styles every <mark> lime, !important.
    expect(await look(hostile.page, 'keir-starmer')).toEqual(underline(blue));
    expect(await look(shadow.page, 'emmanuel-macron')).toEqual(underline(blue));
    expect(await look(shadow.page, 'jens-stoltenberg')).toEqual(underline(blue));
    expect(await look(weapons.page, 'atacms')).toEqual(underline('rgb(217, 96, 43)'));

    await setStorage({ settings: { highlightStyle: 'background' } });
    const tinted = (rgb: string) => expect.objectContaining({ line: 'none', background: `rgba(${rgb}, 0.22)` });
    await expect.poll(() => look(hostile.page, 'keir-starmer')).toEqual(tinted('61, 123, 224'));
    await expect.poll(() => look(shadow.page, 'jens-stoltenberg')).toEqual(tinted('61, 123, 224'));
    await expect.poll(() => look(weapons.page, 'atacms')).toEqual(tinted('217, 96, 43'));
    await setStorage({ settings: {} });
    await expect.poll(() => look(hostile.page, 'keir-starmer')).toEqual(underline(blue));
    for (const { page } of [hostile, shadow, weapons]) await page.close();
  });

  it('shows the number of linked mentions on the toolbar badge', async () => {
    const source = bundle.sources.find((s) => s.id === 'kyiv-visit-limited-to-solidarity')!;
    const { page } = await open(`/articles/${source.id}.html`);
    const total = Object.values(await settledMarks(page)).reduce((a, b) => a + b, 0);
    await page.bringToFront();
    // The extension has no "tabs" permission, so it cannot read tab URLs: take the active tab.
    await expect
      .poll(() =>
        extPage.evaluate(async () => {
          const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
          return tab?.id === undefined ? null : chrome.action.getBadgeText({ tabId: tab.id });
        }),
      )
      .toBe(String(total));
    await page.close();
  });

  it('keeps a React page that re-renders names every 200 ms working, with no errors', async () => {
    const { page, errors } = await open('/fixtures/react-rerender.html');
    await page.waitForFunction(() => (window as unknown as { __renders: number }).__renders >= 15, undefined, {
      timeout: 20_000,
    });
    // Sample the ticker many times while React keeps re-rendering: it must always read exactly
    // as React rendered it, with no stale or doubled names left by us.
    for (let sample = 0; sample < 12; sample++) {
      const reading = await page.evaluate(() => {
        const w = window as unknown as { __renders: number };
        const names = ['Joe Biden', 'Keir Starmer', 'Volodymyr Zelensky'];
        return {
          text: document.getElementById('ticker')!.textContent,
          expected: `Now speaking: ${names[w.__renders % 3]} at ${w.__renders}`,
        };
      });
      expect(reading.text).toBe(reading.expected);
      await page.waitForTimeout(70);
    }
    expect(await page.evaluate(() => (window as unknown as { __errors?: string[] }).__errors ?? [])).toEqual([]);
    // Marks follow the page: the filler paragraphs never hold names, the ticker and "even" ones do.
    await expect
      .poll(() =>
        page.evaluate(() => document.querySelectorAll('#ticker mark[data-entity], #even mark[data-entity]').length),
      )
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('loses no text and stops marking when the page keeps unwrapping its marks', async () => {
    const { page, errors } = await open('/fixtures/mark-remover.html');
    expect(await state(page)).toBe('ready');
    const seen = () => page.evaluate(() => (window as unknown as { __marksSeen: number }).__marksSeen);
    // The page unwraps every mark 30 ms after it appears; we try again a few times, then give up.
    await expect.poll(seen).toBeGreaterThan(10);
    await page.waitForTimeout(2000);
    const settled = await seen();
    await page.waitForTimeout(1500);
    expect(await seen()).toBe(settled);
    const { text, original, marks } = await page.evaluate(() => ({
      text: document.querySelector('article')!.textContent,
      original: (window as unknown as { __original: string }).__original,
      marks: document.querySelectorAll('article mark').length,
    }));
    expect(text).toBe(original);
    expect(marks).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __errors?: string[] }).__errors ?? [])).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('scans the new article after a single-page app replaces the old one', async () => {
    const { page, errors } = await open('/fixtures/react-navigation.html');
    expect(await settledMarks(page)).toEqual({ 'joe-biden': 1, 'keir-starmer': 1, 'storm-shadow': 1 });
    await page.click('#next');
    await expect
      .poll(() => page.evaluate(countMarks), { timeout: 10_000 })
      .toEqual({ 'vladimir-putin': 1, 'emmanuel-macron': 1 });
    expect(await page.evaluate(() => (window as unknown as { __errors?: string[] }).__errors ?? [])).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  // Last: it reloads the extension.
  it('removes its marks and stays quiet when the extension is reloaded under it', async () => {
    const { page, errors } = await open('/articles/reaction-starmer-in-washington.html');
    expect(Object.keys(await settledMarks(page)).length).toBeGreaterThan(3);
    await extPage.evaluate(() => chrome.runtime.reload()).catch(() => {});
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('mark').length), { timeout: 15_000 }).toBe(0);
    // Nothing of ours is left on the page: no attribute on its root, and the probe (in our own world) is cleared.
    expect(
      await page.evaluate(() => document.documentElement.getAttributeNames().filter((n) => n.includes('fact-context'))),
    ).toEqual([]);
    expect(await state(page)).toBeFalsy();
    expect(errors).toEqual([]);
    await page.close();
  });
});
