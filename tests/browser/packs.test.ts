/**
 * Corpus packs with the built extension. Chromium: a broken pack is refused on the options page
 * with its reason and the database unchanged; a larger pack's import is cancelled while it runs
 * (its progress shown) and leaves the database unchanged; a pack is previewed, cancelled, imported (its
 * people then highlighted on a news page and found by the popup's search), exported and removed
 * (its people no longer highlighted). Firefox: import and removal through the same page.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { launchFirefoxWithExtension, openExtensionPage, type FirefoxWithExtension } from '@/scripts/browsers/firefox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionBrowser } from '@/scripts/browsers/chromium';
import { renderNewsPage } from '@/scripts/pages/news-page';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { encodePack } from '@/lib/pack/write';
import { formatPackProblem, readPack } from '@/lib/pack/read';
import { syntheticPack } from '@/scripts/corpus-pack-synthetic';
import type { PackDocument } from '@/lib/pack/format';
import { readDatabase, waitForFirefoxStatus, waitForStatus } from './support';

const STORY = '/pack/story.html';
let ext: ExtensionBrowser;
let server: PageServer;
let options: Page;
let dir: string;
let doc: PackDocument;
let goodFile: string;
let brokenFile: string;
/** Large enough that its import runs for a while (seconds of checking) to be cancelled. */
let largeFile: string;

beforeAll(async () => {
  doc = await syntheticPack({ id: 'browser-desk', sources: 6, entities: 12, quotesPerSource: 2, claims: 2 });
  dir = mkdtempSync(join(tmpdir(), 'fc-packs-'));
  const bytes = await encodePack(doc);
  goodFile = join(dir, 'desk.fcpack');
  brokenFile = join(dir, 'broken.fcpack');
  writeFileSync(goodFile, bytes);
  writeFileSync(brokenFile, bytes.slice(0, Math.floor(bytes.byteLength / 2)));
  largeFile = join(dir, 'archive.fcpack');
  writeFileSync(
    largeFile,
    await encodePack(await syntheticPack({ id: 'browser-archive', sources: 600, entities: 1200, quotesPerSource: 4 })),
  );
  // One news page with every article of the pack: its people's full names, in prose.
  const text = doc.sources.map((s) => s.text).join('\n');
  server = await servePages({
    [STORY]: renderNewsPage({
      title: 'Talks continue',
      text,
      publisher: 'The Local Ledger',
      date: '2024-05-01',
      titleIsHeadline: true,
    }),
  });
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const packPerson = () => doc.entities[0]!;
const packMarks = (page: Page) =>
  page.evaluate(
    (ids) => ids.reduce((n, id) => n + document.querySelectorAll(`mark[data-entity="${id}"]`).length, 0),
    doc.entities.map((e) => e.id),
  );

async function openStory(): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(server.url(STORY));
  // Concluded: marked what it links (nothing, when no entity is known).
  await waitForStatus(page, 'ready');
  return page;
}

const counts = async () => {
  const db = await readDatabase(options);
  return Object.fromEntries(Object.entries(db).map(([k, rows]) => [k, k === 'cache' ? 0 : rows.length]));
};

describe('corpus packs on the options page (Chromium)', () => {
  beforeAll(async () => {
    ext = await launchChromiumWithExtension();
    options = await ext.context.newPage();
    await options.goto(ext.extensionUrl('options.html'));
    await options.getByText('None: only the bundled corpus.').waitFor();
  });
  afterAll(() => ext?.close());

  it('refuses a broken pack with its reason, and changes nothing', async () => {
    const before = await counts();
    await options.locator('input[type="file"]').setInputFiles(brokenFile);
    const alert = options.locator('[data-pack-refused]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/nothing was changed.*pack: \(file\): is truncated or damaged/);
    expect(await counts()).toEqual(before);
    expect(await options.getByText('None: only the bundled corpus.').count()).toBe(1);
  });

  it('previews a pack and cancels: nothing imported', async () => {
    const before = await counts();
    await options.locator('input[type="file"]').setInputFiles(goodFile);
    const preview = options.locator('[data-pack-preview]');
    await preview.waitFor();
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain('Synthetic archive');
    expect(text).toContain('6 sources, 12 entities, 12 facts, 12 quotes, 6 events, 2 disputed claims');
    await options.getByRole('button', { name: 'Cancel' }).click();
    await preview.waitFor({ state: 'detached' });
    expect(await counts()).toEqual(before);
  });

  it('cancels an import while it runs: its progress shown, the database unchanged', async () => {
    const before = await counts();
    await options.locator('input[type="file"]').setInputFiles(largeFile);
    await options.locator('[data-pack-preview]').waitFor({ timeout: 120_000 });
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    const bar = options.getByRole('progressbar', { name: /^Importing / });
    // A stage reported by the background, before the writing has committed.
    await expect
      .poll(() => bar.getAttribute('aria-valuetext'), { timeout: 60_000 })
      .toMatch(/^(Reading the file|Checking every source, quote and name) \(step [12] of 3\)$/);
    await options.getByRole('button', { name: 'Cancel' }).click();
    await options
      .getByText('Import of Synthetic archive cancelled: nothing was changed.')
      .waitFor({ timeout: 120_000 });
    expect(await bar.count()).toBe(0);
    expect(await counts()).toEqual(before);
    expect((await readDatabase(options)).packs).toEqual([]);
    expect(await options.getByText('None: only the bundled corpus.').count()).toBe(1);
  });

  it('imports a pack: its people are highlighted on a page and found by search', async () => {
    const page = await openStory();
    expect(await packMarks(page), 'nothing marked before the import').toBe(0);
    await page.close();

    await options.locator('input[type="file"]').setInputFiles(goodFile);
    await options.locator('[data-pack-preview]').waitFor();
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    await options.locator('[data-pack-done]').waitFor({ timeout: 60_000 });
    await options.locator('[data-pack-id="browser-desk"]').waitFor();
    const db = await readDatabase(options);
    expect(db.packs).toHaveLength(1);
    expect((db.sources as { id: string }[]).filter((s) => s.id.startsWith('browser-desk--'))).toHaveLength(6);

    const story = await openStory();
    await expect.poll(() => packMarks(story), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(
      await story.evaluate((id) => document.querySelectorAll(`mark[data-entity="${id}"]`).length, packPerson().id),
    ).toBeGreaterThan(0);
    await story.close();

    const popup = await ext.context.newPage();
    await popup.goto(ext.extensionUrl('popup.html'));
    await popup.locator('input[type="search"]').fill(packPerson().name);
    const first = popup.getByRole('listbox', { name: 'Results' }).getByRole('option').first();
    await expect.poll(() => first.getAttribute('data-id'), { timeout: 20_000 }).toBe(packPerson().id);
    await popup.close();
  });

  it('exports the imported pack: the same manifest and content, so the same hash', async () => {
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Export Synthetic archive' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('browser-desk-1.0.0.fcpack');
    // Chromium's gzip is not Node's byte for byte; what the pack says is the same.
    const exported = await readPack(new Uint8Array(readFileSync((await download.path())!)));
    if (!exported.ok) throw new Error(exported.problems.map(formatPackProblem).join('\n'));
    expect(exported.manifest).toEqual(doc.manifest);
    expect(exported.content).toEqual({
      sources: doc.sources,
      entities: doc.entities,
      events: doc.events,
      claims: doc.claims,
    });
  });

  it('removes the pack: everything it brought goes', async () => {
    await options.getByRole('button', { name: 'Remove Synthetic archive' }).click();
    await options.getByText('None: only the bundled corpus.').waitFor();
    const db = await readDatabase(options);
    expect(db.packs).toHaveLength(0);
    expect((db.sources as { id: string }[]).filter((s) => s.id.includes('--'))).toEqual([]);
    const story = await openStory();
    expect(await packMarks(story)).toBe(0);
    await story.close();
  });
});

describe('corpus packs on the options page (Firefox)', () => {
  let ff: FirefoxWithExtension;
  let ffOptions: FirefoxPage;
  /** The add-on's popup page, kept open to ask the one web page's content script for its status. */
  let ffPopup: FirefoxPage;

  beforeAll(async () => {
    ff = await launchFirefoxWithExtension();
    ffOptions = await openExtensionPage(ff, 'options.html');
    ffPopup = await openExtensionPage(ff, 'popup.html');
    await waitForText(ffOptions, 'None: only the bundled corpus.');
  });
  afterAll(() => ff?.close());

  /** Waits until the page's text contains `text`. */
  async function waitForText(page: FirefoxPage, text: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await page.evaluate((t) => document.body.textContent?.includes(t) ?? false, text))) {
      if (Date.now() > deadline) throw new Error(`"${text}" never appeared`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Clicks the button with this exact text or accessible label. */
  const click = (page: FirefoxPage, name: string) =>
    page.evaluate((n) => {
      const button = [...document.querySelectorAll('button')].find(
        (b) => b.textContent === n || b.getAttribute('aria-label') === n,
      );
      if (!button) throw new Error(`no button ${n}`);
      button.click();
    }, name);

  /** Chooses a file in the page's file picker, as the reader's choice would (a change event). */
  const choose = (page: FirefoxPage, path: string) =>
    page.evaluate(
      (base64, name) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
        const files = new DataTransfer();
        files.items.add(new File([bytes], name));
        input.files = files.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      readFileSync(path).toString('base64'),
      path.split('/').at(-1)!,
    );

  async function storyMarks(): Promise<number> {
    const page = await ff.browser.newPage();
    await page.goto(server.url(STORY));
    expect(await waitForFirefoxStatus(ffPopup)).toBe('ready');
    const count = await page.evaluate(
      (ids) => ids.reduce((n, id) => n + document.querySelectorAll(`mark[data-entity="${id}"]`).length, 0),
      doc.entities.map((e) => e.id),
    );
    await page.close();
    return count;
  }

  it('imports a pack (its people highlighted) and removes it (no longer)', async () => {
    expect(await storyMarks()).toBe(0);
    await choose(ffOptions, goodFile);
    await waitForText(ffOptions, '6 sources, 12 entities, 12 facts');
    await click(ffOptions, 'Import');
    await waitForText(ffOptions, 'Synthetic archive 1.0.0 imported.');
    await waitForText(ffOptions, 'Synthetic archive 1.0.0 · Fact Context tests · 6 sources'); // the list
    expect(await storyMarks()).toBeGreaterThan(0);

    await click(ffOptions, 'Remove Synthetic archive');
    await waitForText(ffOptions, 'None: only the bundled corpus.');
    expect(await storyMarks()).toBe(0);
  });

  it('refuses a broken pack with its reason', async () => {
    await choose(ffOptions, brokenFile);
    await waitForText(ffOptions, 'This pack cannot be imported; nothing was changed.');
    await waitForText(ffOptions, 'pack: (file): is truncated or damaged');
    await waitForText(ffOptions, 'None: only the bundled corpus.');
  });
});
