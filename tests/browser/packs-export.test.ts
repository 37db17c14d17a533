/**
 * Exports as packs with the built extension (Chromium): the reader adds an article from the
 * popup, then "Export your articles" on the options page downloads a `.fcpack` that the
 * importer's own reader (lib/pack/read.ts) accepts, with the article's text, quote and people;
 * "Export everything" downloads one that holds the bundled corpus and the article too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionBrowser } from '@/scripts/browsers/chromium';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { formatPackProblem, readPack, type CheckedPack } from '@/lib/pack/read';
import { waitForStatus } from './support';

const STORY_PATH = '/reader/allies-revisit-limits.html';
const STORY = readFileSync(join(import.meta.dirname, '../fixtures/articles/reader-story.html'), 'utf8');
const QUOTE = 'We have adjusted and adapted as needs have changed';

let ext: ExtensionBrowser;
let server: PageServer;

beforeAll(async () => {
  server = await servePages({ [STORY_PATH]: STORY });
  ext = await launchChromiumWithExtension();
}, 60_000);
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** Clicks a button that saves a file and reads the file the browser downloaded, as the importer would. */
async function downloaded(page: Page, name: string): Promise<{ fileName: string; pack: CheckedPack }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name }).click(),
  ]);
  const path = await download.path();
  const result = await readPack(new Uint8Array(readFileSync(path)));
  if (!result.ok) throw new Error(result.problems.map(formatPackProblem).join('\n'));
  return { fileName: download.suggestedFilename(), pack: result };
}

describe('exports as packs (Chromium)', () => {
  it("exports the reader's articles and everything from the options page as files the importer accepts", async () => {
    const options = await ext.context.newPage();
    await options.goto(ext.extensionUrl('options.html'));
    // Nothing added yet: nothing of the reader's to export.
    await expect.poll(() => options.getByRole('button', { name: 'Export your articles' }).isDisabled()).toBe(true);
    await options.getByText('Nothing to export yet').waitFor({ timeout: 30_000 });

    const story = await ext.context.newPage();
    await story.goto(server.url(STORY_PATH));
    await waitForStatus(story, 'ready');
    await story.bringToFront();
    const tabId = await options.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return tab!.id!;
    });
    const popup = await ext.context.newPage();
    await popup.goto(ext.extensionUrl(`popup.html?tab=${tabId}`));
    await popup.getByRole('button', { name: 'Add this article to your sources' }).click({ timeout: 30_000 });
    await popup.getByRole('button', { name: 'Add to your articles' }).click({ timeout: 60_000 });
    await expect.poll(() => popup.locator('[data-outcome="added"]').count(), { timeout: 60_000 }).toBe(1);
    await popup.close();

    await options.reload();
    await options.getByRole('list', { name: 'Your articles' }).waitFor({ timeout: 30_000 });
    expect(await options.getByText('Nothing to export yet').count()).toBe(0);
    const yours = await downloaded(options, 'Export your articles');
    expect(yours.fileName).toMatch(/^fact-context-your-articles-\d{4}-\d{2}-\d{2}\.fcpack$/);
    expect(yours.pack.manifest.id).toBe('your-articles');
    expect(yours.pack.content.sources).toHaveLength(1);
    const text = yours.pack.content.sources[0]!.text;
    expect(text).toContain(QUOTE);
    expect(yours.pack.bundle.quotes.map((q) => [q.speakerId, q.text])).toContainEqual([
      'antony-blinken',
      expect.stringContaining(QUOTE),
    ]);
    const [version] = yours.pack.content.reader!.versions;
    expect(version!.derived.source.canonicalUrl).toBe(server.url('/reader/allies-revisit-limits'));
    expect(version!.derived.source.metadata.publisher).toEqual({ value: 'The Example Ledger', method: 'json-ld' });
    for (const q of version!.derived.quotes) expect(text.slice(q.start, q.end)).toBe(q.text);
    expect(await options.getByRole('status').textContent()).toContain(yours.fileName);

    const everything = await downloaded(options, 'Export everything');
    expect(everything.fileName).toMatch(/^fact-context-everything-\d{4}-\d{2}-\d{2}\.fcpack$/);
    expect(everything.pack.content.sources.map((s) => s.text)).toContain(text);
    expect(everything.pack.bundle.sources.length).toBeGreaterThan(1);
    expect(everything.pack.content.reader!.versions).toHaveLength(1);
    await options.close();
  }, 240_000);
});
