/**
 * The content script's loader (lib/content/loader.ts), in jsdom with WXT's fake browser: on a page
 * without an article it loads nothing more and answers the extension's pages itself; where an
 * article is found (at once, or later in a single-page app) it loads the rest, which answers from
 * then on; it ignores messages that are not ours.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type * as Protocol from '@/lib/messaging/protocol';
import type { MatcherEntity, MessageType } from '@/lib/messaging/protocol';
import { ContentScriptContext } from '@/lib/content/context';
import { PAGE_GLOBAL } from '@/lib/content/detector-entry';
import { ARTICLE_RECHECK_MS, startLoader } from '@/lib/content/loader';
import { PageScanner, type ScannerOptions } from '@/lib/content/scanner';
import { probe, PROBE_GLOBAL } from '@/lib/content/probe';
import { compactMatcherNames } from '@/lib/messaging/matcher-names';

const loads = vi.hoisted(() => ({ files: [] as string[] }));

vi.mock('@/lib/content/part-loader', () => ({
  loadPart: async (file: string, name: string) => {
    if (!loads.files.includes(file)) loads.files.push(file);
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
const ARTICLE_BODY = `<h1>Talks</h1><p>${filler}Jane Roe met the press on Monday.</p><p>${filler}${filler}</p>`;

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

/** Sends a message as an extension page does (requestTab's wire format); undefined when nobody answers. */
function send(message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown[]>;
    void trigger(message, {}, (response: { res: unknown }) => resolve(response.res)).then((returned) => {
      // A listener that does not answer returns nothing (not `true`).
      if (!returned.some((r) => r === true)) resolve(undefined);
    });
  });
}
const report = () => send({ id: 1, type: 'tab.getPageReport', data: undefined, timestamp: 0 });

const status = (expected: string) =>
  vi.waitFor(() => expect(probe().status).toBe(expected), { timeout: 5000, interval: 10 });

describe('the loader', () => {
  it('on a page without an article: loads nothing, answers itself, touches nothing', async () => {
    document.body.innerHTML = '<nav><a href="/">Home</a></nav><p>Short teaser about Jane Roe.</p>';
    const html = document.documentElement.outerHTML;
    startLoader(ctx);
    await status('no-article');
    expect(await report()).toEqual({
      ok: true,
      value: { status: 'no-article', fingerprint: null, host: 'localhost', entities: [] },
    });
    expect(await send({ id: 2, type: 'tab.focusMention', data: { entityId: 'jane-roe' }, timestamp: 0 })).toEqual({
      ok: true,
      value: false,
    });
    // Checked here as the page's own handlers check them once loaded.
    expect(await send({ id: 3, type: 'tab.focusMention', data: { entityId: 42 }, timestamp: 0 })).toEqual({
      ok: false,
      error: 'Invalid tab.focusMention data',
    });
    expect(await send({ id: 4, type: 'tab.moveFocus', data: { direction: 'sideways' }, timestamp: 0 })).toEqual({
      ok: false,
      error: 'Invalid tab.moveFocus data',
    });
    expect(await send({ id: 5, type: 'tab.getPageReport', data: { junk: 1 }, timestamp: 0 })).toEqual({
      ok: false,
      error: 'Invalid tab.getPageReport data',
    });
    expect(loads.files).toEqual([]);
    expect(document.documentElement.outerHTML).toBe(html);
  });

  it('loads the rest where an article is found, and the rest answers from then on', async () => {
    document.body.innerHTML = `<article>${ARTICLE_BODY}</article>`;
    startLoader(ctx);
    // Asked before the rest has loaded: answered once it has.
    const early = report();
    await status('ready');
    expect(loads.files).toEqual(['/detector.js']);
    expect(document.querySelector('mark[data-entity="jane-roe"]')).not.toBeNull();
    // The early answer is the page's, never a conclusion it had not reached.
    expect(await early).toMatchObject({ ok: true, value: { status: 'reading' } });
    expect(await report()).toMatchObject({
      ok: true,
      value: { status: 'ready', entities: [{ id: 'jane-roe', count: 1 }] },
    });
    // Its data validated by the page's own handlers.
    expect(await send({ id: 3, type: 'tab.moveFocus', data: { direction: 'sideways' }, timestamp: 0 })).toEqual({
      ok: false,
      error: 'Invalid tab.moveFocus data',
    });
  });

  it('loads the rest when a single-page app renders an article later', async () => {
    document.body.innerHTML = '<div id="app"><p>Loading…</p></div>';
    startLoader(ctx);
    await status('no-article');
    document.querySelector('#app')!.innerHTML = `<article>${ARTICLE_BODY}</article>`;
    await vi.waitFor(() => expect(probe().status).toBe('ready'), { timeout: ARTICLE_RECHECK_MS + 5000, interval: 20 });
    expect(loads.files).toEqual(['/detector.js']);
    expect(document.querySelector('mark[data-entity="jane-roe"]')).not.toBeNull();
  });

  it('answers nothing that is not a tab message of ours, and nothing once the extension is gone', async () => {
    document.body.innerHTML = '<p>Nothing here.</p>';
    startLoader(ctx);
    await status('no-article');
    expect(await send({ type: 'cs.getCards', data: { entityIds: [] } })).toBeUndefined();
    expect(await send('tab.getPageReport')).toBeUndefined();
    ctx.notifyInvalidated();
    expect(await report()).toBeUndefined();
  });
});
