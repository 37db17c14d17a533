/**
 * Shared pieces of the reader's-articles unit tests: a background over the real bundled corpus in
 * fake-indexeddb, whose tab extracts saved pages (tests/fixtures/articles) with the real extractor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { expect } from 'vitest';
import { dispatch, type HandlerContext, type SenderInfo } from '@/lib/background/handlers';
import { TabLimits } from '@/lib/background/limits';
import { READER_TABLES, type FactContextDb } from '@/lib/db';
import { ensureCorpus } from '@/lib/db/loader';
import { extractArticle } from '@/lib/extract';
import type { MessageReturns, MessageType } from '@/lib/messaging/protocol';
import { loadCorpus } from '@/scripts/corpus/read';

export const bundle = loadCorpus().bundle!;
export const extensionPage: SenderInfo = {
  fromExtensionPage: true,
  tabId: null,
  url: 'chrome-extension://id/popup.html',
};
export const contentScript: SenderInfo = { fromExtensionPage: false, tabId: 7, url: 'https://news.example/story' };

const DIR = join(import.meta.dirname, '../fixtures/articles');
/** Where the saved story is served: its canonical link is relative to this. */
export const STORY_URL = 'https://ledger.example/reader/allies-revisit-limits.html';

export function fixtureHtml(name: string): string {
  return readFileSync(join(DIR, `${name}.html`), 'utf8');
}

/** The answer a tab's content script gives for a page (the real extractor on a parsed copy). */
export function extracted(html: string, url = STORY_URL): unknown {
  return extractArticle(new DOMParser().parseFromString(html, 'text/html'), { url });
}

export interface Background {
  db: FactContextDb;
  ctx: HandlerContext;
  /** What the tab shows now (its content script's answer to `tab.extractArticle`). */
  tab: { answer: unknown };
  clock: { now: number };
  ask: <T extends MessageType>(type: T, data?: unknown, sender?: SenderInfo) => Promise<MessageReturns[T]>;
  send: (type: string, data?: unknown, sender?: SenderInfo) => ReturnType<typeof dispatch>;
  close: () => Promise<void>;
}

let counter = 0;

export async function background(): Promise<Background> {
  const name = `reader-test-${++counter}`;
  await Dexie.delete(name);
  const { db } = await ensureCorpus(bundle, { name });
  const tab = { answer: extracted(fixtureHtml('reader-story')) };
  const clock = { now: Date.parse('2026-03-06T12:00:00Z') };
  const ctx: HandlerContext = {
    db: async () => db,
    setBadge: async () => {},
    extractArticle: async () => tab.answer,
    now: () => clock.now,
    // Its own limits, on the test's clock (a shared default would count every test's changes).
    limits: new TabLimits(() => clock.now),
  };
  const send = (type: string, data?: unknown, sender: SenderInfo = extensionPage) => dispatch(type, data, sender, ctx);
  const ask = async <T extends MessageType>(type: T, data?: unknown, sender: SenderInfo = extensionPage) => {
    const result = await send(type, data, sender);
    if (!result.ok) throw new Error(result.error);
    return result.value as MessageReturns[T];
  };
  return {
    db,
    ctx,
    tab,
    clock,
    ask,
    send,
    close: async () => {
      db.close();
      await Dexie.delete(name);
    },
  };
}

/** Previews what the tab shows and confirms it, a second after the last addition. */
export async function addShown(bg: Background) {
  bg.clock.now += 1000;
  const preview = await bg.ask('page.previewArticle', { tabId: 1 });
  if (!preview.ok) throw new Error(preview.message);
  return { preview, added: await bg.ask('page.addArticle', { token: preview.token }) };
}

/** Every reader table's rows and the reader's search rows, for before/after comparisons. */
export async function readerSnapshot(db: FactContextDb, withPreviews = false) {
  const out: Record<string, unknown[]> = {};
  for (const t of READER_TABLES) if (withPreviews || t !== 'readerPreviews') out[t] = await db[t].toArray();
  out.searchRows = await db.cache.where('key').startsWith('search-reader').toArray();
  return out;
}

/** The reader's hits of a search, as `kind:id`. */
export async function readerHits(bg: Background, query: string): Promise<string[]> {
  const results = await bg.ask('page.search', { query });
  expect(results.complete).toBe(true);
  return results.groups.flatMap((g) => g.hits.filter((h) => h.fromReading).map((h) => `${h.kind}:${h.id}`));
}

/** The story with its text changed (a made-up update), at the same canonical URL. */
export function updatedStory(): unknown {
  return extracted(fixtureHtml('reader-story-updated'));
}

/** A short article of its own at its own URL, with one quote by a speaker the corpus lacks. */
export function otherArticle(n: number, speaker = 'Hanna Example'): unknown {
  const filler =
    'Officials in several capitals spent the week weighing what the next months would bring, and how much support would reach the front before winter. ';
  const html = `<html lang="en"><head><title>Report ${n}</title>
    <meta property="og:title" content="Report number ${n} on the talks" />
    <meta property="og:site_name" content="Sample Daily" />
    <meta property="article:published_time" content="2026-0${1 + (n % 9)}-1${n % 10}T08:00:00Z" />
    </head><body><article><h1>Report number ${n} on the talks</h1>
    <p>${filler}Antony Blinken spoke to reporters in report ${n} on Tuesday about the missiles.</p>
    <p>“We will keep talking for as long as it takes, in report ${n},” said ${speaker}, a spokesperson for the ministry.</p>
    <p>${filler}${filler}</p></article></body></html>`;
  return extracted(html, `https://daily.example/news/report-${n}`);
}
