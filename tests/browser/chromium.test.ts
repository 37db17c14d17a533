/**
 * The built Chrome extension in Debian's Chromium: it installs, loads the whole corpus into its
 * database, its pages open without console errors, its content script runs on a local news page,
 * and it answers correctly after the service worker was stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, stopServiceWorkers, type ExtensionBrowser } from '@/scripts/browsers/chromium';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { builtCorpus, collectErrors, readDatabase, waitForStatus } from './support';

const bundle = builtCorpus();
let ext: ExtensionBrowser;
let server: PageServer;

beforeAll(async () => {
  server = await servePages(corpusPages(bundle));
  ext = await launchChromiumWithExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('Chromium', () => {
  it('loads the whole bundled corpus into its database', async () => {
    const page = await ext.context.newPage();
    const errors = collectErrors(page);
    await page.goto(ext.extensionUrl('options.html'));
    await page.getByText(`Corpus ${bundle.version}`).waitFor();
    const db = await readDatabase(page);
    expect(db.meta).toEqual([expect.objectContaining({ key: 'corpus', version: bundle.version })]);
    for (const table of ['sources', 'entities', 'facts', 'quotes', 'events', 'claims'] as const) {
      const ids = (db[table] as { id: string }[]).map((r) => r.id).sort();
      expect(ids, table).toEqual(bundle[table].map((r) => r.id).sort());
    }
    const stored = new Map((db.sources as { id: string; text: string }[]).map((s) => [s.id, s.text]));
    for (const s of bundle.sources) expect(stored.get(s.id), s.id).toBe(s.text);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens popup.html with a focused search field and no console errors', async () => {
    const page = await ext.context.newPage();
    const errors = collectErrors(page);
    await page.goto(ext.extensionUrl('popup.html'));
    const search = page.locator('input[type="search"]');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await search.fill('lammy');
    await expect.poll(() => page.getByRole('listbox', { name: 'Results' }).innerText()).toContain('David Lammy');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens sidepanel.html with every event dated in a <time datetime>, in date order', async () => {
    const page = await ext.context.newPage();
    const errors = collectErrors(page);
    await page.goto(ext.extensionUrl('sidepanel.html'));
    const events = page.locator('[data-event]');
    await expect.poll(() => events.count()).toBe(bundle.events.length);
    const datetimes = await page
      .locator('[data-event] > time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    expect(datetimes).toHaveLength(bundle.events.length);
    for (const d of datetimes) expect(d).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
    expect(datetimes).toEqual([...datetimes].sort());
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs its content script on a local news page without changing the page text', async () => {
    const page = await ext.context.newPage();
    const errors = collectErrors(page);
    const source = bundle.sources[0]!;
    await page.goto(server.url(`/articles/${source.id}.html`));
    await waitForStatus(page, 'ready');
    expect(await page.locator('article').innerText()).toContain(source.text.split('\n').filter(Boolean).at(-1)!.trim());
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers correctly after its service worker was stopped (cold start)', async () => {
    await stopServiceWorkers(ext.context);
    const page = await ext.context.newPage();
    await page.goto(ext.extensionUrl('popup.html'));
    await page.locator('input[type="search"]').fill('blinken');
    await expect.poll(() => page.getByRole('listbox', { name: 'Results' }).innerText()).toContain('Antony Blinken');
    const news = await ext.context.newPage();
    await stopServiceWorkers(ext.context);
    await news.goto(server.url(`/articles/${bundle.sources.at(-1)!.id}.html`));
    await waitForStatus(news, 'ready');
    await page.close();
    await news.close();
  });
});
