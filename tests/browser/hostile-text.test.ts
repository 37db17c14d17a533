/**
 * No text lost, and the page keeps running, in real Chromium with the built extension (issue 13
 * §1, §5, §7; docs/adr/011-text-preservation.md). Each page behaves as a hostile or merely busy
 * site does: scripts rewriting every text node after we marked (hyphenation, smart quotes,
 * upper-casing), an article made editable where the reader retypes and pastes over marked words
 * with the real keyboard, design mode, copying marked text into editors, a DOM nested 30,000
 * deep, thousands of articles with a live ticker, a page that re-renders whatever we mark.
 *
 * The oracle is the page itself: a mirror of the article that the page opted out gets the same
 * edits, and the two must read the same, while marked and after the extension is turned off. The
 * random-edits property of tests/unit/text-property.test.ts runs here too, in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension, type ExtensionBrowser } from '@/scripts/browsers/chromium';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { toMatcherEntity } from '@/lib/messaging/protocol';
import { articleHtml } from '../text-edits';
import { builtCorpus, contentProbe, settledMarks, waitForStatus } from './support';
import { EDITED_PHRASE, PARAGRAPHS, propertyPage, textPage } from './text-pages';

const entities = builtCorpus().entities.map(toMatcherEntity);
const names = [...new Set(entities.flatMap((e) => e.aliasDetails.filter((a) => !a.ambiguous).map((a) => a.text)))];
/** Seeds and steps of the in-browser property run (each step is one page edit, checked at once). */
const PROPERTY_SEEDS = [1, 2, 3];
const PROPERTY_ROUNDS = 8;
const PROPERTY_STEPS_PER_ROUND = 40;

/** The deep-DOM page: elements nested this deep (the measurement: 79 s before). */
const DEEP_NESTING = 30_000;
/** The many-articles page: this many <article> elements, and a ticker rewritten this often. */
const ARTICLE_COUNT = 3_000;
const TICKER_MS = 100;

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

/** A page-side counter of its own 16 ms timer ticks and animation frames (`window.__ticks()`). */
const TICKS = `
window.__tick = { timer: 0, frames: 0 };
setInterval(() => window.__tick.timer++, 16);
(function frame() { window.__tick.frames++; requestAnimationFrame(frame); })();
`;

function pages(): Record<string, string> {
  const deep = `
// Hidden by style, as in the issue's measurement (laid out, 30,000 levels crash the renderer
// itself); the extension does not read styles, so it walks them all.
const holder = document.createElement('div');
holder.style.display = 'none';
let at = holder;
for (let i = 0; i < ${DEEP_NESTING}; i++) { const s = document.createElement('span'); s.append('level ' + i + ' '); at.append(s); at = s; }
document.querySelector('#a').append(holder);
${TICKS}`;
  const manyArticles = Array.from(
    { length: ARTICLE_COUNT },
    (_, i) =>
      `<article><p>Item ${i}. ${PARAGRAPHS[i % PARAGRAPHS.length]} ${PARAGRAPHS[(i + 1) % PARAGRAPHS.length]} ${PARAGRAPHS[(i + 2) % PARAGRAPHS.length]}</p></article>`,
  ).join('\n');
  const ticker = `
${TICKS}
const ticker = document.querySelector('#ticker');
let n = 0;
setInterval(() => { ticker.textContent = 'Update ' + (++n) + ': Joe Biden and Keir Starmer spoke again.'; }, ${TICKER_MS});`;
  // Re-renders any block where one of our marks appears, as a framework owning its markup does.
  const rerender = `
${TICKS}
window.__renders = 0;
const original = new Map();
for (const p of document.querySelectorAll('#a p')) original.set(p, p.innerHTML);
new MutationObserver(() => {
  for (const [p, html] of original) {
    if (!p.querySelector('mark')) continue;
    window.__renders++;
    p.innerHTML = html;
  }
}).observe(document.querySelector('#a'), { childList: true, subtree: true, characterData: true });`;
  return {
    '/text.html': textPage(),
    '/deep.html': textPage(deep),
    '/many.html': textPage(ticker, PARAGRAPHS, `<div id="ticker">Update 0</div>\n${manyArticles}`),
    '/rerender.html': textPage(rerender),
    ...Object.fromEntries(
      PROPERTY_SEEDS.map((seed) => [`/property-${seed}.html`, propertyPage(seed, names, articleHtml(seed, names, 10))]),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

let ext: ExtensionBrowser;
let server: PageServer;
let extPage: Page;

beforeAll(async () => {
  server = await servePages(pages());
  ext = await launchChromiumWithExtension();
  extPage = await ext.context.newPage();
  await extPage.goto(ext.extensionUrl('popup.html'));
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function setEnabled(enabled: boolean): Promise<void> {
  await extPage.evaluate((v) => chrome.storage.local.set({ settings: { enabled: v } }), enabled);
}

async function open(path: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(server.url(path));
  await waitForStatus(page, 'ready');
  return page;
}

const marksIn = (page: Page, selector: string) =>
  page.evaluate((s) => document.querySelectorAll(`${s} mark[data-entity]`).length, selector);

/** The marked article and its mirror read the same. */
async function expectSameText(page: Page): Promise<void> {
  const { ours, mirror } = await page.evaluate(() => (window as unknown as { __same: () => Same }).__same());
  expect(ours).toBe(mirror);
}
interface Same {
  ours: string;
  mirror: string;
}

/** Turns the extension off, checks the article reads as its mirror with no mark left, and on again. */
async function expectSameWhenOff(page: Page): Promise<void> {
  await setEnabled(false);
  await expect.poll(() => marksIn(page, ''), { timeout: 15_000 }).toBe(0);
  await expectSameText(page);
  await setEnabled(true);
}

// ---------------------------------------------------------------------------------------------
// Scripts that rewrite every text node
// ---------------------------------------------------------------------------------------------

describe('Chromium: scripts that rewrite every text node after we marked', () => {
  for (const name of ['hyphenate', 'smartQuotes', 'upperCase'] as const) {
    it(`${name}: the page holds exactly what the script wrote, marked and after turning off`, async () => {
      const page = await open('/text.html');
      expect(await marksIn(page, '#a')).toBeGreaterThan(5);
      await page.evaluate(
        (n) => (window as unknown as { __everyTextNode: (n: string) => void }).__everyTextNode(n),
        name,
      );
      await expectSameText(page);
      await settledMarks(page);
      await expectSameText(page);
      if (name === 'hyphenate') {
        // A hyphenated name is still a name: marked, its soft hyphen kept inside the mark.
        const hyphenatedMarks = await page.evaluate(
          () =>
            Array.from(document.querySelectorAll('#a mark[data-entity]')).filter((m) =>
              m.textContent!.includes('\u00ad'),
            ).length,
        );
        expect(hyphenatedMarks).toBeGreaterThan(0);
      }
      // The script runs again over whatever we marked meanwhile: still exact.
      await page.evaluate(
        (n) => (window as unknown as { __everyTextNode: (n: string) => void }).__everyTextNode(n),
        name,
      );
      await expectSameText(page);
      await expectSameWhenOff(page);
      await page.close();
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Editable text
// ---------------------------------------------------------------------------------------------

/** Selects `phrase` in the article and in its mirror in turn, doing the same real keyboard input in each. */
async function editBoth(page: Page, phrase: string, input: (page: Page) => Promise<void>): Promise<void> {
  for (const root of ['#m', '#a']) {
    await page.evaluate(
      ([r, p]) =>
        (window as unknown as { __select: (root: Element, p: string) => void }).__select(
          document.querySelector(r!)!,
          p!,
        ),
      [root, phrase],
    );
    await input(page);
  }
}

describe('Chromium: editable text', () => {
  it('an article made contenteditable after marking: the reader retypes and pastes over marked words, nothing lost', async () => {
    const page = await open('/text.html');
    expect(await marksIn(page, '#a')).toBeGreaterThan(5);
    await page.evaluate(() => {
      for (const id of ['#a', '#m']) (document.querySelector(id) as HTMLElement).contentEditable = 'true';
    });
    // Our marks leave editable text at once.
    await expect.poll(() => marksIn(page, '#a')).toBe(0);
    await expectSameText(page);
    // Retyped, with the real keyboard, over a selection of several words and two names.
    await editBoth(page, EDITED_PHRASE, (p) => p.keyboard.type('the president met the prime minister there'));
    await expectSameText(page);
    // Pasted over another selection: text copied from the textarea with the real keyboard.
    await page.evaluate(() => {
      const ta = document.querySelector('#ta') as HTMLTextAreaElement;
      ta.value = 'Olaf Scholz and Joe Biden';
    });
    await page.focus('#ta');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await editBoth(page, 'Volodymyr Zelensky said again', async (p) => {
      await p.keyboard.press('Control+V');
    });
    await expectSameText(page);
    expect(await page.evaluate(() => document.querySelector('#a')!.textContent)).toContain('Olaf Scholz and Joe Biden');
    // Nothing is marked again while editable, and nothing of ours is in what the page would save.
    await settledMarks(page);
    expect(await marksIn(page, '#a')).toBe(0);
    expect(await page.evaluate(() => document.querySelector('#a')!.innerHTML)).not.toMatch(
      /fact-context|data-mention|data-entity/,
    );
    await expectSameWhenOff(page);
    await page.close();
  });

  it('designMode on after marking: the first key press finds no mark, and typing loses nothing', async () => {
    const page = await open('/text.html');
    expect(await marksIn(page, '#a')).toBeGreaterThan(5);
    await page.evaluate(() => (document.designMode = 'on'));
    // No event says so: the reader's first key press must already find our marks gone.
    await editBoth(page, EDITED_PHRASE, (p) => p.keyboard.type('the president met the prime minister there'));
    await expectSameText(page);
    expect(await marksIn(page, '')).toBe(0);
    await settledMarks(page);
    expect(await marksIn(page, '')).toBe(0);
    await page.evaluate(() => (document.designMode = 'off'));
    await expectSameWhenOff(page);
    await page.close();
  });
});

// ---------------------------------------------------------------------------------------------
// Copy
// ---------------------------------------------------------------------------------------------

describe('Chromium: copying marked text', () => {
  for (const target of ['#box', '#ta']) {
    it(`into ${target === '#box' ? 'a contenteditable editor' : 'a textarea'} carries no mark or attribute of ours`, async () => {
      const page = await open('/text.html');
      expect(await marksIn(page, '#a p:first-of-type')).toBeGreaterThan(0);
      await page.evaluate(() => getSelection()!.selectAllChildren(document.querySelector('#a p')!));
      await page.keyboard.press('Control+C');
      await page.focus(target);
      await page.keyboard.press('Control+V');
      const pasted = await page.evaluate((t) => {
        const el = document.querySelector(t)!;
        return {
          html: el instanceof HTMLTextAreaElement ? el.value : el.innerHTML,
          text: el instanceof HTMLTextAreaElement ? el.value : el.textContent,
        };
      }, target);
      const paragraph = await page.evaluate(() => document.querySelector('#m p')!.textContent!);
      expect(pasted.text!.trim()).toBe(paragraph);
      expect(pasted.html).not.toMatch(/<mark|fact-context|data-entity|data-mention|aria-haspopup/);
      await page.close();
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Pages that would keep us busy
// ---------------------------------------------------------------------------------------------

/** The page's 16 ms timer ticks and frames during `ms` of its life. */
async function ticksDuring(page: Page, ms: number): Promise<{ timer: number; frames: number }> {
  const before = await page.evaluate(() => ({
    ...(window as unknown as { __tick: { timer: number; frames: number } }).__tick,
  }));
  await page.waitForTimeout(ms);
  const after = await page.evaluate(() => ({
    ...(window as unknown as { __tick: { timer: number; frames: number } }).__tick,
  }));
  return { timer: after.timer - before.timer, frames: after.frames - before.frames };
}

describe('Chromium: pages that would keep us busy', () => {
  it(`a DOM nested ${DEEP_NESTING} deep: the article is marked in seconds, its text intact`, async () => {
    const page = await ext.context.newPage();
    const started = Date.now();
    await page.goto(server.url('/deep.html'));
    await waitForStatus(page, ['ready', 'over-budget'], 60_000);
    // 79 s before the walk was made linear; allow for a busy machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await marksIn(page, '#a')).toBeGreaterThan(5);
    const deepText = await page.evaluate(() => document.querySelector('#a > div')!.textContent!.length);
    expect(deepText).toBeGreaterThan(100_000);
    await page.close();
  });

  it(`${ARTICLE_COUNT} articles and a live ticker: the page keeps its timers and frames once marked`, async () => {
    const page = await ext.context.newPage();
    await page.goto(server.url('/many.html'));
    await waitForStatus(page, ['ready', 'over-budget'], 60_000);
    await settledMarks(page, 1000);
    // The ticker keeps changing the page; our following it must leave the page its time.
    const { timer } = await ticksDuring(page, 3_000);
    // 3 s of 16 ms ticks is about 187; the old code kept the main thread ~80% busy for ever.
    expect(timer).toBeGreaterThan(100);
    await page.close();
  });

  it('a page that re-renders every block we mark: marking backs off, then stops, the page responsive and its text intact', async () => {
    const page = await ext.context.newPage();
    await page.goto(server.url('/rerender.html'));
    await waitForStatus(page, ['ready', 'over-budget'], 30_000);
    // The status says we stopped for this page.
    await expect
      .poll(async () => (await contentProbe(page))?.status, { timeout: 30_000, interval: 250 })
      .toBe('over-budget');
    const renders = await page.evaluate(() => (window as unknown as { __renders: number }).__renders);
    const { timer } = await ticksDuring(page, 2_000);
    expect(timer).toBeGreaterThan(60);
    // No more re-renders: we gave up on the page.
    expect(await page.evaluate(() => (window as unknown as { __renders: number }).__renders)).toBe(renders);
    expect(await marksIn(page, '#a')).toBe(0);
    await expectSameText(page);
    await page.close();
  });
});

// ---------------------------------------------------------------------------------------------
// The property, in the browser
// ---------------------------------------------------------------------------------------------

interface EditorGlobal {
  __editor: { step(): string; texts(): { ours: string; mirror: string } };
}

describe('Chromium: random page edits against a mirror (the property of tests/unit/text-property.test.ts)', () => {
  for (const seed of PROPERTY_SEEDS) {
    it(`seed ${seed}: after every edit, our rescans, turning off and on, the page reads as its mirror`, async () => {
      const page = await open(`/property-${seed}.html`);
      expect(await marksIn(page, '#a')).toBeGreaterThan(0);
      const history: string[] = [];
      for (let round = 0; round < PROPERTY_ROUNDS; round++) {
        const failure = await page.evaluate(
          async ([steps, r]) => {
            const editor = (window as unknown as EditorGlobal).__editor;
            const done: string[] = [];
            for (let i = 0; i < steps!; i++) {
              const what = editor.step();
              done.push(what);
              // The MutationObserver's delivery, and now and then our rescans (a batch is 120 ms).
              await new Promise((resolve) => setTimeout(resolve, i % 10 === 9 ? 300 : 0));
              const { ours, mirror } = editor.texts();
              if (ours !== mirror) {
                let at = 0;
                while (ours[at] === mirror[at]) at++;
                return {
                  round: r,
                  step: i,
                  done: done.slice(-10),
                  ours: ours.slice(at - 30, at + 50),
                  mirror: mirror.slice(at - 30, at + 50),
                };
              }
            }
            return { done };
          },
          [PROPERTY_STEPS_PER_ROUND, round] as const,
        );
        if ('ours' in failure) throw new Error(`seed ${seed}: ${JSON.stringify(failure, null, 1)}`);
        history.push(...failure.done);
        // Our own unmarking and marking, between rounds.
        if (round % 3 === 2) {
          await setEnabled(false);
          await expect.poll(() => marksIn(page, '')).toBe(0);
          const { ours, mirror } = await page.evaluate(() => (window as unknown as EditorGlobal).__editor.texts());
          expect(ours).toBe(mirror);
          await setEnabled(true);
          await waitForStatus(page, ['ready', 'no-article']);
        }
      }
      await setEnabled(false);
      await expect.poll(() => marksIn(page, '')).toBe(0);
      const { ours, mirror } = await page.evaluate(() => (window as unknown as EditorGlobal).__editor.texts());
      expect(ours).toBe(mirror);
      await setEnabled(true);
      expect(history.length).toBe(PROPERTY_ROUNDS * PROPERTY_STEPS_PER_ROUND);
      await page.close();
    });
  }
});
