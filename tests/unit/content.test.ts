/**
 * The content script's orchestration (lib/content/index.ts `startContent`) in jsdom, with the real
 * detector and WXT's fake browser: which card requests it makes, which switch changes it acts on,
 * what it leaves on a page where it marks nothing, and the statuses it reports.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type * as Protocol from '@/lib/messaging/protocol';
import type { MatcherEntity, MessageType } from '@/lib/messaging/protocol';
import { ContentScriptContext } from '@/lib/content/context';
import { PageScanner, type ScannerOptions } from '@/lib/content/scanner';
import { probe, PROBE_GLOBAL } from '@/lib/content/probe';
import { compactMatcherNames } from '@/lib/messaging/matcher-names';

const requests = vi.hoisted(() => ({ log: [] as { type: string; data: unknown }[] }));
const detector = vi.hoisted(() => ({
  create: null as null | ((options: ScannerOptions) => unknown),
}));

vi.mock('@/lib/content/part-loader', () => ({
  loadPart: async () => (options: ScannerOptions) => detector.create!(options),
}));

vi.mock('@/lib/messaging/protocol', async (original) => {
  const actual = await original<typeof Protocol>();
  return {
    ...actual,
    request: vi.fn(async (type: MessageType, data?: unknown) => {
      requests.log.push({ type, data });
      if (type === 'cs.getMatcherEntities') return compactMatcherNames('test', ENTITIES);
      if (type === 'cs.getCards') {
        const ids = (data as { entityIds: string[] }).entityIds;
        return Object.fromEntries(ids.map((id) => [id, { entity: { id } }]));
      }
      return null;
    }),
  };
});

const person = (id: string, name: string, aliases: string[] = [name]): MatcherEntity => ({
  id,
  kind: 'person',
  name,
  aliasDetails: aliases.map((text) => ({ text, ambiguous: null })),
  titles: [],
  topics: [],
  excludes: [],
  relatedIds: [],
});
const ENTITIES: MatcherEntity[] = [
  person('jane-roe', 'Jane Roe'),
  person('john-doe', 'John Doe'),
  person('ada-quill', 'Ada Quill'),
  { ...person('skyfall', 'Skyfall'), kind: 'weapon' },
];

const filler =
  'Officials in several capitals spent the week weighing what the next months would bring, and how much support would reach the front before winter. ';
const ARTICLE = `<article><h1>Talks</h1>
  <p>${filler}Jane Roe met John Doe on Monday to discuss the Skyfall order.</p>
  <p>${filler}${filler}Jane Roe said the rockets would arrive in March.</p>
  <p>${filler}${filler}</p></article>`;

let ctx: ContentScriptContext;

beforeEach(async () => {
  requests.log.length = 0;
  detector.create = (options) => new PageScanner(options);
  delete (globalThis as Record<string, unknown>)[PROBE_GLOBAL];
  document.documentElement.removeAttribute('data-fact-context');
  document.adoptedStyleSheets = [];
  ctx = new ContentScriptContext('content');
});
afterEach(() => {
  ctx.notifyInvalidated();
  document.body.innerHTML = '';
});

async function start(html: string) {
  document.body.innerHTML = html;
  const { startContent } = await import('@/lib/content');
  const page = startContent(ctx);
  return page;
}

/** Waits until the probe says `status` (a conclusion of the content script). */
async function until(status: string, timeoutMs = 5000) {
  await vi.waitFor(() => expect(probe().status).toBe(status), { timeout: timeoutMs, interval: 10 });
}

/** Our marks by entity, with the elements themselves. */
const marks = () => Array.from(document.querySelectorAll<HTMLElement>('mark[data-entity]'));
const entitiesMarked = () => [...new Set(marks().map((m) => m.dataset.entity))].sort();

describe('card requests', () => {
  it('asks the background only for entities it linked, batched, and never for made-up ids', async () => {
    const page = await start(ARTICLE);
    await until('ready');
    await vi.waitFor(() => expect(requests.log.some((r) => r.type === 'cs.getCards')).toBe(true));
    const before = requests.log.length;
    // A page that rewrote data-entity and focused the mark thousands of times.
    const made = await Promise.all(Array.from({ length: 3000 }, (_, i) => page.card(`made-up-${i}`)));
    expect(made.every((c) => c === undefined)).toBe(true);
    expect(await page.card('ada-quill')).toBeUndefined(); // in the corpus, not on this page
    expect(await page.card('jane-roe')).toEqual({ entity: { id: 'jane-roe' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(requests.log.slice(before)).toEqual([]);
    const batches = requests.log.filter((r) => r.type === 'cs.getCards');
    expect(batches).toEqual([{ type: 'cs.getCards', data: { entityIds: ['jane-roe', 'john-doe', 'skyfall'] } }]);
  });
});

describe('a change of the user’s switches touches only the pages it concerns', () => {
  /** Starts marking ARTICLE and records every DOM change from then on. */
  async function marked() {
    const page = await start(ARTICLE);
    await until('ready');
    expect(entitiesMarked()).toEqual(['jane-roe', 'john-doe', 'skyfall']);
    const elements = marks();
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((r) => records.push(...r));
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const untouched = async () => {
      await new Promise((r) => setTimeout(r, 50));
      records.push(...observer.takeRecords());
      expect(records).toEqual([]);
      expect(marks()).toEqual(elements);
    };
    return { page, untouched };
  }
  const set = (values: Record<string, unknown>) => fakeBrowser.storage.local.set(values);

  it('leaves the page exactly as it is when another site is turned off or on', async () => {
    const { untouched } = await marked();
    await set({ disabledSites: ['elsewhere.example'] });
    await set({ disabledSites: [] });
    await untouched();
  });

  it('leaves it when an entity the page never names is muted or unmuted', async () => {
    const { untouched } = await marked();
    await set({ mutedEntities: ['ada-quill'] });
    await set({ mutedEntities: [] });
    await untouched();
  });

  it('does not re-mark for a new open delay, and the card reads the new one', async () => {
    const { page, untouched } = await marked();
    await set({ settings: { openDelayMs: 900 } });
    await untouched();
    expect(page.settings().openDelayMs).toBe(900);
  });

  it('re-marks when an entity on the page is muted, and when it is unmuted', async () => {
    await marked();
    await set({ mutedEntities: ['john-doe'] });
    await vi.waitFor(() => expect(entitiesMarked()).toEqual(['jane-roe', 'skyfall']));
    await set({ mutedEntities: [] });
    await vi.waitFor(() => expect(entitiesMarked()).toEqual(['jane-roe', 'john-doe', 'skyfall']));
  });

  it('re-marks for this site, the kinds, the style and the switch', async () => {
    await marked();
    await set({ disabledSites: [location.hostname] });
    await until('site-off');
    expect(marks()).toEqual([]);
    await set({ disabledSites: [] });
    await until('ready');
    await vi.waitFor(() => expect(entitiesMarked()).toEqual(['jane-roe', 'john-doe', 'skyfall']));
    await set({ settings: { kinds: ['weapon'] } });
    await vi.waitFor(() => expect(entitiesMarked()).toEqual(['skyfall']));
    await set({ settings: { kinds: ['weapon'], highlightStyle: 'background' } });
    await vi.waitFor(() => expect(marks()[0]?.classList.contains('fact-context-background')).toBe(true));
    await set({ settings: { enabled: false } });
    await until('off');
    expect(marks()).toEqual([]);
  });
});

describe('what the page sees', () => {
  it('nothing at all on a page without an article: no attribute, node, stylesheet, event or console line', async () => {
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((r) => records.push(...r));
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const events: string[] = [];
    const listen = (e: Event) => events.push(e.type);
    window.addEventListener('message', listen);
    const console_ = vi.spyOn(console, 'warn');
    document.body.innerHTML = '<nav><a href="/">Home</a></nav><p>Short teaser about Jane Roe.</p>';
    records.push(...observer.takeRecords());
    records.length = 0;
    const { startContent } = await import('@/lib/content');
    startContent(ctx);
    await until('no-article');
    await new Promise((r) => setTimeout(r, 20));
    records.push(...observer.takeRecords());
    expect(records).toEqual([]);
    expect(events).toEqual([]);
    expect(document.adoptedStyleSheets).toEqual([]);
    expect(document.querySelectorAll('style, link')).toHaveLength(0);
    expect(console_).not.toHaveBeenCalled();
    window.removeEventListener('message', listen);
    observer.disconnect();
  });

  it('adopts the marks’ stylesheet with the first mark only, and drops it when marking stops', async () => {
    // Adopted where the document can (browsers), a <style> element where it cannot (jsdom).
    const ourStyles = () => document.adoptedStyleSheets.length + document.querySelectorAll('style').length;
    await start(`<article><p>${filler.repeat(4)} Nothing here is in the corpus.</p></article>`);
    await until('ready');
    expect(ourStyles()).toBe(0);
    ctx.notifyInvalidated();
    ctx = new ContentScriptContext('content');
    await start(ARTICLE);
    await until('ready');
    expect(ourStyles()).toBe(1);
    await fakeBrowser.storage.local.set({ settings: { enabled: false } });
    await until('off');
    expect(ourStyles()).toBe(0);
  });

  it('goes on marking when the page forges WXT’s start-up event', async () => {
    await start(ARTICLE);
    await until('ready');
    for (const name of [`${fakeBrowser.runtime.id}:content:wxt:content-script-started`, 'wxt:content-script-started']) {
      document.dispatchEvent(new CustomEvent(name, { detail: { contentScriptName: 'content', messageId: 'forged' } }));
      window.postMessage({ type: name, contentScriptName: 'content', messageId: 'forged' }, '*');
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(ctx.isInvalid).toBe(false);
    expect(entitiesMarked()).toEqual(['jane-roe', 'john-doe', 'skyfall']);
  });
});

describe('statuses', () => {
  it.each([
    ['a field', { stoppedReason: 'work-budget' }],
    ['a method', { stoppedReason: () => 'work-budget' }],
  ])('says over-budget when the scanner gave up on the page (the work budget, as %s)', async (_label, budget) => {
    detector.create = (options) => Object.assign(new PageScanner(options), budget);
    const page = await start(ARTICLE);
    await until('over-budget');
    expect(page.highlighting()).toBe(true);
  });

  it('waits on a server-rendered page before marking it, and says so to the popup only', async () => {
    const page = await start(`<div id="root">${ARTICLE}</div>`);
    await vi.waitFor(() => expect(requests.log.some((r) => r.type === 'cs.getMatcherEntities')).toBe(true));
    await new Promise((r) => setTimeout(r, 200));
    // Not concluded yet: the probe holds conclusions; nothing is marked.
    expect(probe().status).toBeNull();
    expect(marks()).toEqual([]);
    expect(page.highlighting()).toBe(false);
    await until('ready', 10_000);
    expect(entitiesMarked()).toEqual(['jane-roe', 'john-doe', 'skyfall']);
  });
});
