/**
 * The popup's search on a generated corpus of 10,000 entities (with 20,000 facts, 10,000 quotes,
 * 10,000 events and 1,000 sources): building the index, storing and loading it, and each
 * keystroke of a few typed queries. Baselines from the same run: the substring scan over names
 * the popup used before this index, and building the index on open instead of loading it.
 *
 * With a built extension (`npm run build`) it also opens popup.html in Chromium with the same
 * corpus written into the extension's database, and times the popup from opening to a
 * focused field, and to the first results, with the index loaded from storage vs built on open;
 * and each keystroke's search as the popup sends it (message to the background and back).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { normalizeAlias } from '../../lib/corpus/names';
import type { CorpusBundle } from '../../lib/corpus/schema';
import { SearchIndex } from '../../lib/search';
import {
  CHROME_BUILD_DIR,
  launchChromiumWithExtension,
  stopServiceWorkers,
  type ExtensionBrowser,
} from '../browsers/chromium';
import { buildBaselineExtension, unpackedExtensionId } from './baseline';
import { generateCorpus, KEYSTROKES } from './search-corpus';
import { median, percentile, type Bench, type Figure } from './types';

/**
 * Targets (issue 15), each a ratio to a baseline of the same run: a keystroke's search at the
 * 95th percentile within half the substring scan over every name; the search field focused within
 * 1.5x the time to open and focus an empty extension page with one input; the first results of a
 * popup whose worker was stopped within 2x those of a popup whose worker runs.
 */
const KEYSTROKE_MAX_RATIO = 0.5;
const FOCUS_MAX_RATIO = 1.5;
const COLD_RESULTS_MAX_RATIO = 2;
/** Repeats of each measurement; the median (or the 95th percentile for keystrokes) is reported. */
const REPEATS = 5;
const POPUP_REPEATS = 5;

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

/** The popup before this index: every name and alias normalised and scanned for the query. */
function substringScan(corpus: CorpusBundle, query: string): string[] {
  const q = normalizeAlias(query);
  return corpus.entities
    .filter((e) => [e.name, ...e.aliases].some((n) => normalizeAlias(n).includes(q)))
    .map((e) => e.id);
}

/** Each keystroke of the typed queries, on one index (timed first, before the other measurements leave garbage behind). */
function keystrokeFigures(corpus: CorpusBundle): Figure[] {
  const index = SearchIndex.build(corpus);
  const top = index.search('storm').groups[0]?.hits[0]?.id;
  const zel = index.search('zelenski').groups[0]?.hits[0]?.id;
  if (top !== 'storm-shadow' || zel !== 'volodymyr-zelensky') {
    throw new Error(`wrong answers on the generated corpus: storm → ${top}, zelenski → ${zel}`);
  }
  // Warm up the JIT on other queries first, as a popup that has searched once would be.
  for (const q of ['warm', 'up', 'x']) index.search(q);
  // Each keystroke's time is the median of REPEATS runs of the whole typing sequence (a busy
  // machine's pauses are not the search's); the figures are across keystrokes. The baseline is
  // timed apart so that neither pays for the other's garbage.
  const runs = new Map<string, { search: number[]; scan: number[] }>(
    KEYSTROKES.map((q) => [q, { search: [], scan: [] }]),
  );
  for (let i = 0; i < REPEATS; i++) {
    for (const q of KEYSTROKES) runs.get(q)!.search.push(time(() => index.search(q))[1]);
  }
  for (let i = 0; i < REPEATS; i++) {
    for (const q of KEYSTROKES) runs.get(q)!.scan.push(time(() => substringScan(corpus, q))[1]);
  }
  const perKey = [...runs.values()].map((r) => median(r.search));
  const scan = [...runs.values()].map((r) => median(r.scan));
  const p95 = percentile(perKey, 95);
  return [
    {
      name: `search per keystroke, median (${KEYSTROKES.length} keys)`,
      value: median(perKey),
      unit: 'ms',
      baseline: { name: 'substring scan of every name', value: median(scan) },
    },
    {
      name: 'search per keystroke, 95th percentile',
      value: p95,
      unit: 'ms',
      baseline: { name: 'substring scan of every name', value: percentile(scan, 95) },
      ratio: { max: KEYSTROKE_MAX_RATIO },
    },
  ];
}

/** About what a stored value takes: typed arrays' bytes, strings' characters (one byte each in ASCII), summed over the structure. */
function storedBytes(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((n: number, x) => n + storedBytes(x), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, x) => n + storedBytes(x), 0);
  return 8;
}

/** Building, storing and loading the index. */
function storageFigures(corpus: CorpusBundle): Figure[] {
  const builds: number[] = [];
  let index!: SearchIndex;
  for (let i = 0; i < REPEATS; i++) {
    const [built, ms] = time(() => SearchIndex.build(corpus));
    index = built;
    builds.push(ms);
  }
  const [stored, serializeMs] = time(() => index.toStored());
  const { names, texts } = stored;
  const bytes = storedBytes(names) + storedBytes(texts);
  const loads: number[] = [];
  const nameLoads: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    // structuredClone: what reading the row back from IndexedDB does.
    loads.push(time(() => SearchIndex.fromStored(structuredClone(stored)))[1]);
    nameLoads.push(time(() => SearchIndex.namesFromStored(structuredClone(names)))[1]);
  }
  return [
    { name: `index build, ${corpus.entities.length} entities + items`, value: median(builds), unit: 'ms' },
    { name: 'stored index size (both parts)', value: bytes / 1e6, unit: 'MB' },
    { name: 'index serialize (toStored)', value: serializeMs, unit: 'ms' },
    {
      name: 'index load from stored',
      value: median(loads),
      unit: 'ms',
      baseline: { name: 'building it', value: median(builds) },
    },
    {
      name: 'names index load from stored (answers entity searches)',
      value: median(nameLoads),
      unit: 'ms',
      baseline: { name: 'building the whole index', value: median(builds) },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Chromium: the built extension with the generated corpus in its database
// ---------------------------------------------------------------------------------------------

/**
 * Records, from navigation start, when the search field got focus and when the first results for
 * "storm" (typed the moment the field is focused) were on screen.
 */
const POPUP_PROBE = `
  window.__probe = { focused: 0, results: 0 };
  document.addEventListener('focusin', (e) => {
    if (window.__probe.focused || !(e.target instanceof HTMLInputElement)) return;
    window.__probe.focused = performance.now();
    e.target.value = 'storm';
    e.target.dispatchEvent(new Event('input', { bubbles: true }));
  });
  new MutationObserver(() => {
    if (!window.__probe.results && document.querySelector('[role="option"][data-id="storm-shadow"]')) {
      window.__probe.results = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
`;

/**
 * Replaces the corpus in the extension's database with `corpus`, keeping the bundled version so the
 * background takes it as current (the loader checks the version and the row counts only).
 */
export async function seedDatabase(page: Page, corpus: CorpusBundle): Promise<void> {
  await page.evaluate(async (c) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('fact-context');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const tables = ['sources', 'entities', 'facts', 'quotes', 'events', 'claims'] as const;
    const tx = db.transaction([...tables, 'meta', 'cache'], 'readwrite');
    const meta = tx.objectStore('meta');
    const current = await new Promise<{ version: string }>((resolve) => {
      const r = meta.get('corpus');
      r.onsuccess = () => resolve(r.result as { version: string });
    });
    tx.objectStore('cache').clear();
    for (const t of tables) {
      const store = tx.objectStore(t);
      store.clear();
      for (const row of c[t] as { evidence?: { sourceId: string }[]; positions?: { sourceId: string }[] }[]) {
        const sourceIds = row.evidence ?? row.positions;
        store.put(sourceIds ? { ...row, sourceIds: [...new Set(sourceIds.map((x) => x.sourceId))] } : row);
      }
    }
    meta.put({
      key: 'corpus',
      version: current.version,
      loadedAt: Date.now(),
      counts: Object.fromEntries(tables.map((t) => [t, c[t].length])),
    });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, corpus);
}

export async function clearSearchCache(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('fact-context');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const tx = db.transaction('cache', 'readwrite');
    tx.objectStore('cache').clear();
    await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
    db.close();
  });
}

/** Opens popup.html and returns when its field was focused and when "storm" showed results (ms from navigation start). */
export async function openPopupOnce(ext: ExtensionBrowser): Promise<{ focused: number; results: number }> {
  const page = await ext.context.newPage();
  await page.addInitScript(POPUP_PROBE);
  await page.goto(ext.extensionUrl('popup.html'));
  await page.waitForFunction(
    () => (window as unknown as { __probe: { results: number } }).__probe.results > 0,
    undefined,
    {
      timeout: 60_000,
    },
  );
  const probe = await page.evaluate(
    () => (window as unknown as { __probe: { focused: number; results: number } }).__probe,
  );
  await page.close();
  return probe;
}

/** Time to wait for the background's text index at most (a cold load takes well under a second). */
const TEXT_INDEX_TIMEOUT_MS = 30_000;

/** Waits until the background has its text index loaded (searches answer `complete`). */
export async function waitForTextIndex(page: Page): Promise<void> {
  const until = Date.now() + TEXT_INDEX_TIMEOUT_MS;
  while (Date.now() < until) {
    const complete = await page.evaluate(async () => {
      const answer = (await chrome.runtime.sendMessage({
        id: 0,
        type: 'page.search',
        data: { query: 'x' },
        timestamp: Date.now(),
      })) as { res?: { value?: { complete?: boolean } } };
      return answer?.res?.value?.complete === true;
    });
    if (complete) return;
    await page.waitForTimeout(50);
  }
  throw new Error('the background never finished loading its text index');
}

/** Opens the baseline extension's empty page and returns when its one input got focus (ms from navigation start). */
export async function openEmptyPageOnce(ext: ExtensionBrowser, url: string): Promise<number> {
  const page = await ext.context.newPage();
  await page.addInitScript(POPUP_PROBE);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __probe: { focused: number } }).__probe.focused > 0);
  const focused = await page.evaluate(() => (window as unknown as { __probe: { focused: number } }).__probe.focused);
  await page.close();
  return focused;
}

/**
 * One message per keystroke from an extension page to the background and back: the search, or
 * (the baseline) a message the background answers without work.
 */
async function roundTrips(page: Page, search: boolean): Promise<number[]> {
  return page.evaluate(
    async ({ keys, search }) => {
      const times: number[] = [];
      let id = 0;
      for (const query of keys) {
        const start = performance.now();
        await chrome.runtime.sendMessage(
          search
            ? { id: ++id, type: 'page.search', data: { query }, timestamp: Date.now() }
            : { id: ++id, type: 'cs.reportMentions', data: { linked: 0 }, timestamp: Date.now() },
        );
        times.push(performance.now() - start);
      }
      return times;
    },
    { keys: KEYSTROKES, search },
  );
}

async function browserFigures(corpus: CorpusBundle): Promise<Figure[]> {
  if (!existsSync(join(CHROME_BUILD_DIR, 'manifest.json'))) {
    console.log(`  (no build in ${CHROME_BUILD_DIR}: run npm run build for the Chromium figures)`);
    return [];
  }
  const baselineDir = buildBaselineExtension();
  const emptyPage = `chrome-extension://${unpackedExtensionId(baselineDir)}/empty.html`;
  const ext = await launchChromiumWithExtension({ extraExtensionDirs: [baselineDir] });
  try {
    const page = await ext.context.newPage();
    await page.goto(ext.extensionUrl('options.html'));
    await page.locator('.corpus-summary').waitFor();
    await seedDatabase(page, corpus);
    await stopServiceWorkers(ext.context);

    const empty: number[] = [];
    const built: { focused: number; results: number }[] = [];
    const stored: { focused: number; results: number }[] = [];
    const warm: { focused: number; results: number }[] = [];
    for (let i = 0; i < POPUP_REPEATS; i++) {
      // Baseline: no stored index, so the worker builds it on open.
      await clearSearchCache(page);
      await stopServiceWorkers(ext.context);
      built.push(await openPopupOnce(ext));
      // The stored index, after the worker was stopped (a cold start).
      await stopServiceWorkers(ext.context);
      stored.push(await openPopupOnce(ext));
      // The worker still running, the index in memory.
      await waitForTextIndex(page);
      warm.push(await openPopupOnce(ext));
      // Baseline: any extension page with one field, opened and focused.
      empty.push(await openEmptyPageOnce(ext, emptyPage));
    }
    // A cold worker until every part of the index answers: loaded from storage vs built.
    const fullStored: number[] = [];
    const fullBuilt: number[] = [];
    for (let i = 0; i < POPUP_REPEATS; i++) {
      await stopServiceWorkers(ext.context);
      let start = Date.now();
      await waitForTextIndex(page);
      fullStored.push(Date.now() - start);
      await clearSearchCache(page);
      await stopServiceWorkers(ext.context);
      start = Date.now();
      await waitForTextIndex(page);
      fullBuilt.push(Date.now() - start);
    }
    // Single searches through the message channel, the whole index loaded: the same answers as
    // the index built here, so both figures measure the same work.
    await waitForTextIndex(page);
    const probe = 'missile';
    const inBrowser = await page.evaluate(async (query) => {
      const answer = (await chrome.runtime.sendMessage({
        id: 0,
        type: 'page.search',
        data: { query },
        timestamp: Date.now(),
      })) as {
        res?: { value?: { total?: number } };
      };
      return answer?.res?.value?.total;
    }, probe);
    const expected = SearchIndex.build(corpus).search(probe).total;
    if (inBrowser !== expected) throw new Error(`Chromium found ${inBrowser} for "${probe}", expected ${expected}`);
    const trips: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      trips.push(...(await roundTrips(page, true)));
      bare.push(...(await roundTrips(page, false)));
    }

    const focused = median(stored.map((p) => p.focused));
    const first = median(stored.map((p) => p.results));
    const warmFirst = median(warm.map((p) => p.results));
    return [
      {
        name: 'Chromium: popup open to focused search field',
        value: focused,
        unit: 'ms',
        baseline: { name: 'an empty extension page with one input, focused', value: median(empty) },
        ratio: { max: FOCUS_MAX_RATIO },
      },
      {
        name: 'Chromium: popup open to "storm" results, worker stopped, stored index',
        value: first,
        unit: 'ms',
        baseline: { name: 'the same with the worker running', value: warmFirst },
        ratio: { max: COLD_RESULTS_MAX_RATIO },
      },
      {
        name: 'Chromium: popup open to "storm" results, worker stopped, index built on open',
        value: median(built.map((p) => p.results)),
        unit: 'ms',
        baseline: { name: 'the same with the worker running', value: warmFirst },
      },
      {
        name: 'Chromium: worker stopped to complete index (names + texts), stored',
        value: median(fullStored),
        unit: 'ms',
        baseline: { name: 'building it instead', value: median(fullBuilt) },
      },
      {
        name: 'Chromium: page.search round trip per keystroke, 95th pct',
        value: percentile(trips, 95),
        unit: 'ms',
        baseline: { name: 'a message answered without work', value: percentile(bare, 95) },
      },
    ];
  } finally {
    await ext.close();
  }
}

const bench: Bench = {
  title: 'Popup search (10,000 generated entities)',
  needsBuild: true,
  async run() {
    const corpus = generateCorpus();
    const keystrokes = keystrokeFigures(corpus);
    return [...storageFigures(corpus), ...keystrokes, ...(await browserFigures(corpus))];
  },
};
export default bench;
