/**
 * The reader's own articles in Chromium with the built extension (issue 17): on a saved news page
 * served locally, the reader adds the article through the popup (preview, then confirm); its
 * quote and dated statements then show in a card on another page, in the popup's search and in
 * the timeline, each labelled as the reader's article with its outlet, date and source sentence;
 * removing it from the options page brings every table back to what it was before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension, type ExtensionBrowser } from '@/scripts/browsers/chromium';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { READER_TABLES } from '@/lib/db';
import { builtCorpus, collectErrors, readDatabase, tabIdOf, waitForStatus } from './support';
import { cardText, onCard, restPointerOn, waitForCard, waitForNoCard } from './card-support';

const STORY_PATH = '/reader/allies-revisit-limits.html';
const STORY = readFileSync(join(import.meta.dirname, '../fixtures/articles/reader-story.html'), 'utf8');
/** A bundled article that mentions Antony Blinken: his card there shows what the reader added. */
const BUNDLED_ARTICLE = '/articles/us-uk-open-to-deeper-strikes.html';
const QUOTE = 'We have adjusted and adapted as needs have changed';
const MONDAY = 'On Monday, Volodymyr Zelensky asked the allies again for permission';

let ext: ExtensionBrowser;
let server: PageServer;
/** The options page, kept open: it reads the database and lists the reader's articles. */
let options: Page;

beforeAll(async () => {
  server = await servePages({ ...corpusPages(builtCorpus()), [STORY_PATH]: STORY });
  ext = await launchChromiumWithExtension();
  options = await ext.context.newPage();
  await options.goto(ext.extensionUrl('options.html'));
}, 60_000);
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** Every reader table, and the reader's search rows: what an addition writes and a removal must undo. */
async function readerState(): Promise<Record<string, unknown[]>> {
  const db = await readDatabase(options);
  const out: Record<string, unknown[]> = {};
  for (const t of READER_TABLES) out[t] = db[t] ?? [];
  out.readerSearchRows = (db.cache ?? []).filter((r) => String((r as { key: string }).key).startsWith('search-reader'));
  return out;
}

async function openNews(path: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(server.url(path));
  await waitForStatus(page, 'ready');
  return page;
}

async function openPopup(tabId?: number): Promise<{ popup: Page; errors: string[] }> {
  const popup = await ext.context.newPage();
  const errors = collectErrors(popup);
  await popup.goto(ext.extensionUrl(tabId === undefined ? 'popup.html' : `popup.html?tab=${tabId}`));
  await popup.locator('input[type="search"]').waitFor();
  return { popup, errors };
}

/** Blinken's card on a bundled article, opened by resting the pointer on his first mark. */
async function blinkenCard(): Promise<string> {
  const page = await openNews(BUNDLED_ARTICLE);
  await restPointerOn(page, 'mark[data-entity="antony-blinken"]');
  await waitForCard(page, 'Antony Blinken', 30_000);
  // Its sections open, as a reader opens them, to read what they hold.
  await onCard(page, 'function () { for (const s of this.querySelectorAll("details")) s.open = true; }');
  const text = (await cardText(page)) ?? '';
  await page.mouse.move(0, 0);
  await waitForNoCard(page, 30_000).catch(() => {});
  await page.close();
  return text;
}

/** The reader's hits for a query in the popup's search. */
async function searchReader(query: string): Promise<{ popup: Page; texts: string[] }> {
  const { popup } = await openPopup();
  await popup.locator('input[type="search"]').fill(query);
  const all = popup.getByRole('listbox', { name: 'Results' }).getByRole('option');
  await all.first().waitFor({ timeout: 30_000 });
  const texts = await popup.locator('[role="option"][data-origin="reader"]').allTextContents();
  return { popup, texts };
}

async function timelineEntries(): Promise<{ panel: Page; reader: string[] }> {
  const panel = await ext.context.newPage();
  await panel.goto(ext.extensionUrl('sidepanel.html'));
  await panel.locator('[data-event]').first().waitFor({ timeout: 30_000 });
  const reader = await panel.locator('[data-event][data-origin="reader"]').allTextContents();
  return { panel, reader };
}

describe('adding the article the reader is on', () => {
  it('previews, adds, shows it in cards, search and the timeline as theirs, and removes it whole', async () => {
    const before = await readerState();
    expect(before.readerSources).toEqual([]);
    const cardBefore = await blinkenCard();
    expect(cardBefore).not.toContain(QUOTE);

    // The popup on the story: nothing is read before the reader asks.
    const story = await openNews(STORY_PATH);
    const storyText = await story.evaluate(() => document.body.textContent);
    const { popup, errors } = await openPopup(await tabIdOf(options, story));
    const add = popup.getByRole('button', { name: 'Add this article to your sources' });
    await add.waitFor({ timeout: 30_000 });
    expect((await readerState()).readerPreviews).toEqual([]);
    await add.click();

    // The preview: what will be stored, each field with how it was found.
    const preview = popup.getByRole('region', { name: 'What will be added' });
    await preview.waitFor({ timeout: 60_000 });
    expect(await preview.locator('[data-field="title"]').textContent()).toContain(
      'Allies revisit limits on long-range strikes',
    );
    expect(await preview.locator('[data-field="outlet"]').textContent()).toContain('The Example Ledger');
    const date = (await preview.locator('[data-field="date"]').textContent()) ?? '';
    expect(date).toMatch(/5 Mar(ch)? 2026/);
    expect(date).toContain('to the day, from the page’s structured data (JSON-LD)');
    expect(await preview.locator('[data-field="url"]').textContent()).toContain(
      server.url('/reader/allies-revisit-limits'),
    );
    const quotes = await preview.locator('[data-item="quote"]').allTextContents();
    expect(quotes.some((q) => q.includes(QUOTE) && q.includes('Antony Blinken'))).toBe(true);
    const statements = await preview.locator('[data-item="statement"]').allTextContents();
    expect(statements.some((s) => s.includes(MONDAY) && s.includes('worked out from the article’s date'))).toBe(true);
    // Still nothing stored: only a preview waits for the reader's confirmation.
    expect((await readerState()).readerSources).toEqual([]);

    await popup.getByRole('button', { name: 'Add to your articles' }).click();
    await expect.poll(() => popup.locator('[data-outcome="added"]').count(), { timeout: 60_000 }).toBe(1);
    expect(errors).toEqual([]);
    await popup.close();
    const stored = await readerState();

    // The same text again: the preview says so and offers no addition; nothing changes.
    const again = await openPopup(await tabIdOf(options, story));
    await again.popup.getByRole('button', { name: 'Add this article to your sources' }).click();
    await again.popup.locator('[data-outcome="unchanged"]').waitFor({ timeout: 60_000 });
    expect(await again.popup.getByRole('button', { name: 'Add to your articles' }).count()).toBe(0);
    await again.popup.close();
    const { readerPreviews: _waiting, ...storedNow } = await readerState();
    const { readerPreviews: _none, ...storedThen } = stored;
    expect(storedNow).toEqual(storedThen);
    // The page read twice is the page it was: its text, every character (marks aside).
    expect(await story.evaluate(() => document.body.textContent)).toBe(storyText);
    expect(stored.readerSources).toHaveLength(1);
    expect((stored.readerTexts![0] as { text: string }).text).toContain(QUOTE);

    // The card of a bundled entity on another page: the quote, labelled as the reader's article.
    const card = await blinkenCard();
    expect(card).toContain(QUOTE);
    expect(card).toMatch(/your article: The Example Ledger · 5 Mar(ch)? 2026/);
    expect(card.toLowerCase()).toContain('dated, in your articles');
    // Once, though the page names both people the sentence is about (their cards come in one batch).
    expect(card.split('travelled to Kyiv together in September 2024').length - 1).toBe(1);
    expect(card).toMatch(/\(\d+ bundled, 1 of your articles\)/);

    // Search: the quote is found, marked as the reader's, and opens with its sentence and source.
    const found = await searchReader('adjusted adapted');
    expect(found.texts.some((t) => t.includes(QUOTE) && t.includes('from your article'))).toBe(true);
    await found.popup.locator('[role="option"][data-origin="reader"]').first().click();
    const item = found.popup.locator('[data-item-type="quote"][data-origin="reader"]');
    await item.waitFor({ timeout: 30_000 });
    const itemText = (await item.textContent()) ?? '';
    expect(itemText).toContain('from your article');
    expect(itemText).toContain(`“${QUOTE}`);
    expect(itemText).toContain('Blinken said at the time.');
    expect(itemText).toContain('The Example Ledger: Allies revisit limits on long-range strikes');
    await found.popup.close();

    // The timeline: the dated statements at their dates, labelled, filterable to the reader's articles.
    const { panel, reader } = await timelineEntries();
    expect(
      reader.some((t) => t.includes(MONDAY) && t.includes('Your article') && t.includes('The Example Ledger')),
    ).toBe(true);
    await panel.getByText('Filter options').click();
    await panel.getByLabel('Entries from').selectOption('reader');
    await expect.poll(() => panel.locator('[data-event][data-origin="bundled"]').count()).toBe(0);
    expect(await panel.locator('[data-event][data-origin="reader"]').count()).toBe(reader.length);
    await panel.close();

    // Removal from the options page: every table as it was before the addition.
    await options.reload();
    const listed = options.getByRole('list', { name: 'Your articles' }).getByRole('listitem');
    await expect.poll(() => listed.count(), { timeout: 30_000 }).toBe(1);
    expect(await listed.first().textContent()).toContain('Allies revisit limits on long-range strikes');
    await options.getByRole('button', { name: 'Remove “Allies revisit limits on long-range strikes”' }).click();
    await options.getByRole('status').filter({ hasText: 'was removed' }).waitFor({ timeout: 30_000 });
    // Every table as before; the one preview the reader never confirmed waits out its time to live
    // (lib/reader/limits.ts PREVIEW_TTL_MS), holding nothing any surface shows.
    const { readerPreviews: left, ...after } = await readerState();
    const { readerPreviews: _empty, ...beforeTables } = before;
    expect(after).toEqual(beforeTables);
    expect(left).toHaveLength(1);
    expect(await blinkenCard()).not.toContain(QUOTE);
    expect((await searchReader('adjusted adapted')).texts).toEqual([]);
    expect((await timelineEntries()).reader).toEqual([]);
    await story.close();
  }, 300_000);
});
