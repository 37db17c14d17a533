/**
 * `tab.extractArticle` in the content script (its loader, lib/content/loader.ts, and the page's
 * answers, lib/content/index.ts), in jsdom with WXT's fake browser: the extractor bundle loads only when an extension page asks, only on a page with an
 * article; it reads a copy of the page, so the page (marks included) is left exactly as it was;
 * a page without an article, or one that opted out, gets a refusal with its reason.
 */
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type * as Protocol from '@/lib/messaging/protocol';
import type { MatcherEntity, MessageType } from '@/lib/messaging/protocol';
import { ContentScriptContext } from '@/lib/content/context';
import { PAGE_GLOBAL } from '@/lib/content/detector-entry';
import { EXTRACTOR_GLOBAL } from '@/lib/content/extractor-entry';
import { PageScanner, type ScannerOptions } from '@/lib/content/scanner';
import { probe, PROBE_GLOBAL } from '@/lib/content/probe';
import { extractArticle } from '@/lib/extract';
import { ExtractedArticle } from '@/lib/extract/schema';
import { compactMatcherNames } from '@/lib/messaging/matcher-names';

const loads = vi.hoisted(() => ({ files: [] as string[] }));

vi.mock('@/lib/content/part-loader', () => ({
  loadPart: async (file: string, name: string) => {
    // A file is fetched once (the browser's module map); each entry point is read from it.
    if (!loads.files.includes(file)) loads.files.push(file);
    if (file === '/extractor.js') {
      expect(name).toBe(EXTRACTOR_GLOBAL);
      return extractArticle;
    }
    if (name === PAGE_GLOBAL) {
      const { startContent } = await import('@/lib/content');
      return startContent;
    }
    return (options: ScannerOptions) => new PageScanner(options);
  },
}));

vi.mock('@/lib/messaging/protocol', async (original) => {
  const actual = await original<typeof Protocol>();
  return {
    ...actual,
    request: vi.fn(async (type: MessageType) =>
      type === 'cs.getMatcherEntities' ? compactMatcherNames('test', ENTITIES) : null,
    ),
  };
});

const ENTITIES: MatcherEntity[] = [
  {
    id: 'jane-roe',
    kind: 'person',
    name: 'Jane Roe',
    aliasDetails: [{ text: 'Jane Roe', ambiguous: null }],
    titles: [],
    topics: [],
    excludes: [],
    relatedIds: [],
  },
];

const filler =
  'Officials in several capitals spent the week weighing what the next months would bring, and how much support would reach the front before winter. ';
const ARTICLE = `<article><h1>Talks in the capital</h1>
  <p>${filler}Jane Roe met the ministers on Monday to discuss the order.</p>
  <p>${filler}${filler}“We will keep talking,” Jane Roe said.</p>
  <p>${filler}${filler}</p></article>`;

let ctx: ContentScriptContext;

beforeEach(() => {
  loads.files.length = 0;
  delete (globalThis as Record<string, unknown>)[PROBE_GLOBAL];
  document.documentElement.removeAttribute('data-fact-context');
  document.adoptedStyleSheets = [];
  ctx = new ContentScriptContext('content');
});
afterEach(() => {
  ctx.notifyInvalidated();
  document.body.innerHTML = '';
});

async function start(html: string, status: string) {
  document.body.innerHTML = html;
  const { startLoader } = await import('@/lib/content/loader');
  startLoader(ctx);
  await vi.waitFor(() => expect(probe().status).toBe(status), { timeout: 5000, interval: 10 });
}

/** Sends the content script a tab message as an extension page does (the wire format of requestTab). */
function sendTab(type: string, data: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    // The fake event's trigger passes every argument on; its type names two (message, sender).
    const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown>;
    const sendResponse = (response: { res: unknown }) => resolve(response.res);
    void trigger({ id: 1, type, data, timestamp: Date.now() }, {}, sendResponse);
  });
}

/** What an extension page gets when it asks this tab for its article. */
function askForArticle(): Promise<Protocol.Result<Protocol.ArticleExtraction>> {
  return sendTab('tab.extractArticle', undefined) as Promise<Protocol.Result<Protocol.ArticleExtraction>>;
}

describe('tab.extractArticle', () => {
  it('loads the extractor only when asked, and reads a copy: the page stays exactly as it was', async () => {
    await start(ARTICLE, 'ready');
    expect(document.querySelector('mark[data-entity="jane-roe"]')).not.toBeNull();
    expect(loads.files).toEqual(['/detector.js']);
    const page = document.documentElement.outerHTML;
    const answer = await askForArticle();
    expect(loads.files).toEqual(['/detector.js', '/extractor.js']);
    if (!answer.ok || !answer.value.ok) throw new Error(JSON.stringify(answer));
    const { article } = answer.value;
    expect(v.is(ExtractedArticle, article)).toBe(true);
    expect(article.text).toContain('“We will keep talking,” Jane Roe said.');
    expect(article.pageUrl).toBe(location.href.replace(/#.*$/, ''));
    expect(document.documentElement.outerHTML).toBe(page);
  });

  it('refuses a page without an article, without loading the extractor', async () => {
    await start('<nav><a href="/a">A</a> <a href="/b">B</a></nav><p>Welcome.</p>', 'no-article');
    expect(await askForArticle()).toEqual({ ok: true, value: { ok: false, reason: 'no-article' } });
    expect(loads.files).not.toContain('/extractor.js');
  });

  it('refuses a page that opted out', async () => {
    document.documentElement.setAttribute('data-fact-context', 'off');
    await start(ARTICLE, 'opted-out');
    expect(await askForArticle()).toEqual({ ok: true, value: { ok: false, reason: 'opted-out' } });
    expect(loads.files).toEqual([]);
  });

  it('validates its data like every tab message', async () => {
    await start(ARTICLE, 'ready');
    expect(await sendTab('tab.extractArticle', { store: true })).toEqual({
      ok: false,
      error: 'Invalid tab.extractArticle data',
    });
    expect(loads.files).not.toContain('/extractor.js');
  });
});
