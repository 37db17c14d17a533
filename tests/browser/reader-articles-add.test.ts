/**
 * Adding an article from the card and the keyboard command, in Chromium with the built extension
 * (issue 17; docs/adr/026-adding-from-the-card.md). The card's "Add this page as a source" and the
 * command open the extension's confirmation page (`add.html?tab=<id>`) for the page's own tab,
 * with the popup's preview; the reader confirms there and the article is stored (its quote then
 * in a bundled entity's card); the same text again stores nothing, an updated text is a new
 * version beside the old one. The page cannot add itself: untrusted clicks, even straight on our
 * button, do nothing, and messages forged from its content script open at worst a confirmation
 * the reader dismisses. Saved pages with only Open Graph metadata, or only a `<time datetime>`,
 * show each field with the method that found it. Every move of the reader is real input (mouse,
 * keys through the DevTools protocol, which reach the browser's own shortcuts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension, type ExtensionBrowser } from '@/scripts/browsers/chromium';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { READER_TABLES } from '@/lib/db';
import { builtCorpus, collectErrors, evaluateInContentScript, readDatabase, tabIdOf, waitForStatus } from './support';
import {
  cardControl,
  cardText,
  cdpOf,
  centreOf,
  clickNode,
  onCard,
  restPointerOn,
  waitForArmed,
  waitForCard,
  waitForNoCard,
} from './card-support';

const FIXTURES = join(import.meta.dirname, '../fixtures/articles');
const fixture = (name: string) => readFileSync(join(FIXTURES, `${name}.html`), 'utf8');
const expected = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as {
    canonical: { url: string; method: string };
    metadata: Record<string, { method: string } | null>;
  };

const STORY_PATH = '/reader/allies-revisit-limits.html';
/** The same article after the outlet changed it (a paragraph added): another address, the same canonical link. */
const UPDATED_PATH = '/reader/allies-revisit-limits-updated.html';
const OPEN_GRAPH_PATH = '/saved/open-graph.html';
const TIME_ONLY_PATH = '/saved/time-only.html';
const BUNDLED_ARTICLE = '/articles/us-uk-open-to-deeper-strikes.html';
const QUOTE = 'We have adjusted and adapted as needs have changed';
const UPDATE = "the leaders' meeting had been moved to April";
const ADD_BUTTON = 'Add this page as a source';
/** The command's suggested key (wxt.config.ts `commands`). */
const SHORTCUT = 'Alt+Shift+D';

/** How the preview names each method (lib/reader/views.ts FIELD_METHOD_LABELS, CANONICAL_METHOD_LABELS). */
const METHOD_WORDS: Record<string, string> = {
  'json-ld': 'the page’s structured data (JSON-LD)',
  'open-graph': 'the page’s Open Graph',
  'time-element': 'a date in the page’s article',
  readability: 'the page’s text (Readability)',
  'page-url': 'the page’s own address',
  'link-canonical': 'the page’s canonical link',
};

let ext: ExtensionBrowser;
let server: PageServer;
/** The options page, kept open: it reads the database and asks for tab ids. */
let options: Page;

/** Where the Open Graph page was saved from (its `og:url`): a canonical address must be of the page's own site. */
const OPEN_GRAPH_SITE = 'https://www.sample-daily.example';

beforeAll(async () => {
  const pages: Record<string, string> = {
    ...corpusPages(builtCorpus()),
    [STORY_PATH]: fixture('reader-story'),
    [UPDATED_PATH]: fixture('reader-story-updated'),
    [TIME_ONLY_PATH]: fixture('time-only'),
  };
  server = await servePages(pages);
  // Served here as from its own site: its addresses moved to this server's (the server reads `pages` per request).
  pages[OPEN_GRAPH_PATH] = fixture('open-graph').replaceAll(OPEN_GRAPH_SITE, server.origin);
  ext = await launchChromiumWithExtension();
  options = await ext.context.newPage();
  await options.goto(ext.extensionUrl('options.html'));
  // Every message the background receives, as it receives it (a listener beside ours).
  await ext.serviceWorker.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { seenTypes: string[] }).seenTypes = seen;
    chrome.runtime.onMessage.addListener((message: { type?: unknown }) => void seen.push(String(message?.type)));
  });
}, 120_000);
afterEach(async () => {
  // Each test starts with only the options page open (a failed one may leave a confirmation).
  for (const p of ext.context.pages()) if (p !== options) await p.close();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

const seenTypes = () => ext.serviceWorker.evaluate(() => (globalThis as unknown as { seenTypes: string[] }).seenTypes);

/** The reader's rows, table by table (previews apart: a preview is no source, and waits out its time to live). */
async function readerRows(): Promise<Record<string, unknown[]>> {
  const db = await readDatabase(options);
  const out: Record<string, unknown[]> = {};
  for (const t of READER_TABLES) if (t !== 'readerPreviews') out[t] = db[t] ?? [];
  out.readerSearchRows = (db.cache ?? []).filter((r) => String((r as { key: string }).key).startsWith('search-reader'));
  return out;
}

async function openNews(path: string, status: 'ready' | readonly ('ready' | 'no-article')[] = 'ready') {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(server.url(path));
  await waitForStatus(page, status);
  return page;
}

/** The extension's confirmation pages open now. */
const addPages = () => ext.context.pages().filter((p) => p.url().includes('/add.html'));

/** Waits for the confirmation page that `act` opens, and for its preview (or its refusal). */
async function confirmationOpenedBy(act: () => Promise<void>): Promise<{ add: Page; errors: string[] }> {
  const opened = ext.context.waitForEvent('page', { timeout: 30_000 });
  await act();
  const add = await opened;
  // A tab the extension opens may first show about:blank.
  await add.waitForURL(/\/add\.html\?tab=\d+$/, { timeout: 30_000 });
  const errors = collectErrors(add);
  await add.locator('.add-preview, .add-article .error').first().waitFor({ timeout: 60_000 });
  return { add, errors };
}

/** The reader's keys, as the keyboard sends them: raw key events reach the browser's own shortcuts. */
async function pressShortcut(page: Page, shortcut: string): Promise<void> {
  const key = shortcut.split('+').at(-1)!;
  const ALT = 1;
  const SHIFT = 8;
  await page.bringToFront();
  const cdp = await cdpOf(page);
  for (const type of ['rawKeyDown', 'keyUp'] as const)
    await cdp.send('Input.dispatchKeyEvent', {
      type,
      modifiers: ALT | SHIFT,
      key,
      code: `Key${key}`,
      windowsVirtualKeyCode: key.charCodeAt(0),
      nativeVirtualKeyCode: key.charCodeAt(0),
    });
}

/** Opens a person's card by resting the pointer on their first mark, and waits until its buttons are armed. */
async function armedCard(page: Page, entityId: string, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await restPointerOn(page, `mark[data-entity="${entityId}"]`);
  await waitForCard(page, name, 30_000);
  await waitForArmed(page, 30_000);
}

/** Blinken's card on a bundled article, with its sections open as a reader opens them. */
async function blinkenCard(): Promise<string> {
  const page = await openNews(BUNDLED_ARTICLE);
  await restPointerOn(page, 'mark[data-entity="antony-blinken"]');
  await waitForCard(page, 'Antony Blinken', 30_000);
  await onCard(page, 'function () { for (const s of this.querySelectorAll("details")) s.open = true; }');
  const text = (await cardText(page)) ?? '';
  await page.close();
  return text;
}

const field = (add: Page, name: string) => add.locator(`.add-preview [data-field="${name}"]`).textContent();

describe('adding from the card and the keyboard', () => {
  it('the card’s button opens the confirmation, the reader confirms, and its quote shows in a card; the command opens it again; an update is a new version', async () => {
    const before = await readerRows();
    expect(before.readerSources).toEqual([]);
    const story = await openNews(STORY_PATH);
    const storyTab = await tabIdOf(options, story);

    // The card's button, clicked by the reader: the confirmation opens for this very tab.
    await armedCard(story, 'antony-blinken', 'Antony Blinken');
    const button = await cardControl(story, 'button', ADD_BUTTON);
    expect(button).not.toBeNull();
    const { add, errors } = await confirmationOpenedBy(() => clickNode(story, button!));
    expect(add.url()).toBe(ext.extensionUrl(`add.html?tab=${storyTab}`));
    // The card has done its part.
    await waitForNoCard(story, 30_000);
    expect(await field(add, 'title')).toContain('Allies revisit limits on long-range strikes');
    expect(await field(add, 'outlet')).toContain('The Example Ledger');
    expect(await field(add, 'date')).toContain('to the day, from the page’s structured data (JSON-LD)');
    const quotes = await add.locator('.add-preview [data-item="quote"]').allTextContents();
    expect(quotes.some((q) => q.includes(QUOTE) && q.includes('Antony Blinken'))).toBe(true);
    // Nothing stored before the reader confirms.
    expect(await readerRows()).toEqual(before);
    await add.getByRole('button', { name: 'Add to your articles' }).click();
    await add.locator('[data-outcome="added"]').waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
    const stored = await readerRows();
    expect(stored.readerSources).toHaveLength(1);
    expect((stored.readerTexts![0] as { text: string }).text).toContain(QUOTE);
    // Back to the article: the confirmation closes.
    await add.getByRole('button', { name: 'Back to the article' }).click();
    await expect.poll(() => addPages().length, { timeout: 30_000 }).toBe(0);

    // The quote in a bundled entity's card on another page, labelled as the reader's.
    const card = await blinkenCard();
    expect(card).toContain(QUOTE);
    expect(card).toMatch(/your article: The Example Ledger · 5 Mar(ch)? 2026/);

    // The command on the same page: the same confirmation, which says the text is stored already.
    const again = await confirmationOpenedBy(() => pressShortcut(story, SHORTCUT));
    expect(again.add.url()).toBe(ext.extensionUrl(`add.html?tab=${storyTab}`));
    await again.add.locator('.add-preview [data-outcome="unchanged"]').waitFor();
    expect(await again.add.getByRole('button', { name: 'Add to your articles' }).count()).toBe(0);
    await again.add.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => addPages().length, { timeout: 30_000 }).toBe(0);
    expect(await readerRows()).toEqual(stored);
    expect(again.errors).toEqual([]);

    // The outlet updated the article (same canonical address): a new version, the old text kept as it was.
    const updated = await openNews(UPDATED_PATH);
    const newer = await confirmationOpenedBy(() => pressShortcut(updated, SHORTCUT));
    expect(newer.add.url()).toBe(ext.extensionUrl(`add.html?tab=${await tabIdOf(options, updated)}`));
    await newer.add.locator('.add-preview [data-outcome="new-version"]').waitFor();
    await newer.add.getByRole('button', { name: 'Add to your articles' }).click();
    await newer.add.locator('[data-outcome="new-version"][role="status"]').waitFor({ timeout: 60_000 });
    expect(await newer.add.locator('[role="status"]').textContent()).toContain('Added as version 2');
    const versions = await readerRows();
    const sources = versions.readerSources as { id: string; version: number; current: number; versionDate: string }[];
    expect(sources.map((s) => [s.version, s.current]).sort()).toEqual([
      [1, 0],
      [2, 1],
    ]);
    const v1 = sources.find((s) => s.version === 1)!;
    const v2 = sources.find((s) => s.version === 2)!;
    expect(v2.versionDate >= v1.versionDate).toBe(true);
    const texts = versions.readerTexts as { id: string; text: string }[];
    // The first version's text exactly as it was stored; the change only in the second.
    expect(texts.find((t) => t.id === v1.id)).toEqual(stored.readerTexts![0]);
    expect(texts.find((t) => t.id === v1.id)!.text).not.toContain(UPDATE);
    expect(texts.find((t) => t.id === v2.id)!.text).toContain(UPDATE);
    expect(newer.errors).toEqual([]);
    await newer.add.close();
    await updated.close();
    await story.close();
  }, 300_000);

  it('the options page lists the command with its key', async () => {
    await options.reload();
    const shortcuts = options.getByRole('list', { name: 'Keyboard shortcuts' });
    await shortcuts.waitFor();
    const row = shortcuts.getByRole('listitem').filter({ hasText: 'Add this page’s article to your sources' });
    expect(await row.locator('kbd').textContent()).toBe(SHORTCUT);
  });
});

describe('a page cannot add itself', () => {
  it('clicks the page dispatches, even straight on our button, open nothing; the reader’s own click does', async () => {
    const story = await openNews(STORY_PATH);
    await armedCard(story, 'antony-blinken', 'Antony Blinken');
    const button = await cardControl(story, 'button', ADD_BUTTON);
    expect(button).not.toBeNull();
    const at = await centreOf(story, button!);
    const rowsBefore = await readerRows();
    const seenBefore = (await seenTypes()).length;

    // The page's own world: clicks on whatever is at the button's place (our host, all it can reach of the card).
    expect(
      await story.evaluate(({ x, y }) => {
        const under = document.elementFromPoint(x, y) as HTMLElement | null;
        under?.dispatchEvent(
          new MouseEvent('click', { bubbles: true, composed: true, clientX: x, clientY: y, detail: 1 }),
        );
        under?.click();
        under?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
        return under?.parentElement === document.documentElement && under.shadowRoot === null;
      }, at),
    ).toBe(true);
    // More than a page can do: synthetic clicks straight on our button inside the closed root.
    const cdp = await cdpOf(story);
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: button! })) as {
      object: { objectId: string };
    };
    await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: `function () {
        this.click();
        this.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
        this.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      }`,
    });
    await story.waitForTimeout(1500);
    expect(addPages()).toEqual([]);
    expect((await seenTypes()).slice(seenBefore)).not.toContain('cs.openAddArticle');
    expect(await readerRows()).toEqual(rowsBefore);

    // The reader's own click on the same button does open it (so the above would have shown).
    const { add } = await confirmationOpenedBy(() => clickNode(story, button!));
    expect((await seenTypes()).slice(seenBefore)).toContain('cs.openAddArticle');
    await add.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => addPages().length, { timeout: 30_000 }).toBe(0);
    expect(await readerRows()).toEqual(rowsBefore);
    await story.close();
  }, 180_000);

  it('messages forged from its content script at worst open a confirmation the reader dismisses: nothing is stored', async () => {
    const page = await openNews(TIME_ONLY_PATH, ['ready', 'no-article']);
    const pageTab = await tabIdOf(options, page);
    const otherTab = await tabIdOf(options, await openNews(STORY_PATH));
    const rowsBefore = await readerRows();

    // What a content script the page took over could send, in the message format of our contract.
    const forge = async (type: string, data: unknown): Promise<void> => {
      const message = JSON.stringify({ id: 0, type, data, timestamp: 0 });
      await evaluateInContentScript(
        page,
        `globalThis.__forged ??= [];
        chrome.runtime.sendMessage(${message}).then(
          (answer) => globalThis.__forged.push({ type: ${JSON.stringify(type)}, answer }),
          (error) => globalThis.__forged.push({ type: ${JSON.stringify(type)}, error: String(error) }));
        'sent'`,
      );
    };
    const answers = async () =>
      (await evaluateInContentScript<{ type: string; answer?: { res?: { ok: boolean } } }[]>(
        page,
        'globalThis.__forged ?? []',
      )) ?? [];
    // Another tab's confirmation, a preview, a write with a made-up token, a person: all refused.
    await forge('cs.openAddArticle', { tabId: otherTab });
    await forge('page.previewArticle', { tabId: pageTab });
    await forge('page.addArticle', { token: '0123456789abcdef0123456789abcdef' });
    await forge('page.addReaderEntity', { name: 'Page Person', aliases: [] });
    await expect.poll(async () => (await answers()).length, { timeout: 30_000 }).toBe(4);
    for (const a of await answers()) expect(a.answer?.res?.ok, a.type).toBe(false);
    await page.waitForTimeout(500);
    expect(addPages()).toEqual([]);

    // The one it may send opens a confirmation, for its own tab only, which the reader dismisses.
    const { add } = await confirmationOpenedBy(() => forge('cs.openAddArticle', undefined));
    expect(add.url()).toBe(ext.extensionUrl(`add.html?tab=${pageTab}`));
    await add.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => addPages().length, { timeout: 30_000 }).toBe(0);
    expect(await readerRows()).toEqual(rowsBefore);
  }, 180_000);
});

describe('saved pages with little metadata show each field with the method that found it', () => {
  for (const { name, visit, path } of [
    { name: 'open-graph', visit: OPEN_GRAPH_PATH, path: OPEN_GRAPH_PATH },
    // With the tracking parameter and fragment it was saved with: the canonical address drops both.
    { name: 'time-only', visit: `${TIME_ONLY_PATH}?fbclid=abc123#comments`, path: TIME_ONLY_PATH },
  ]) {
    it(`${name}: the confirmation says how each field was found, and the stored version keeps it`, async () => {
      const want = expected(name);
      const canonical = want.canonical.url.startsWith(OPEN_GRAPH_SITE)
        ? want.canonical.url.replace(OPEN_GRAPH_SITE, server.origin)
        : server.url(path);
      const page = await openNews(visit, ['ready', 'no-article']);
      const tab = await tabIdOf(options, page);
      // The confirmation for that tab, as the card or the command opens it.
      const add = await ext.context.newPage();
      const errors = collectErrors(add);
      await add.goto(ext.extensionUrl(`add.html?tab=${tab}`));
      await add.locator('.add-preview').waitFor({ timeout: 60_000 });
      const meta = want.metadata;
      expect(await field(add, 'title')).toContain(`from ${METHOD_WORDS[meta.title!.method]!}`);
      expect(await field(add, 'date')).toContain(`from ${METHOD_WORDS[meta.published!.method]!}`);
      expect(await field(add, 'byline')).toContain(`from ${METHOD_WORDS[meta.authors!.method]!}`);
      // The address exactly (parameters and fragment dropped), then how it was found.
      expect(await field(add, 'url')).toContain(`${canonical} (from ${METHOD_WORDS[want.canonical.method]!}`);
      const outlet = (await field(add, 'outlet')) ?? '';
      if (meta.publisher) expect(outlet).toContain(`from ${METHOD_WORDS[meta.publisher.method]!}`);
      else expect(outlet).toContain('the page names no publisher');
      await add.getByRole('button', { name: 'Add to your articles' }).click();
      await add.locator('[data-outcome="added"]').waitFor({ timeout: 60_000 });
      const source = ((await readerRows()).readerSources as { canonicalUrl: string; metadata: typeof meta }[]).find(
        (s) => s.canonicalUrl === canonical,
      )!;
      for (const key of ['title', 'published', 'modified', 'authors', 'publisher'] as const)
        expect(source.metadata[key]?.method ?? null, key).toBe(meta[key]?.method ?? null);
      expect(errors).toEqual([]);
    }, 180_000);
  }
});
