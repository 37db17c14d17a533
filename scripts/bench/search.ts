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
import type { CorpusBundle, CorpusEntity, EntityKind } from '../../lib/corpus/schema';
import { SearchIndex } from '../../lib/search';
import {
  CHROME_BUILD_DIR,
  launchChromiumWithExtension,
  stopServiceWorkers,
  type ExtensionBrowser,
} from '../browsers/chromium';
import { loadCorpus } from '../corpus/read';
import { buildBaselineExtension, unpackedExtensionId } from './baseline';
import { median, percentile, type Bench, type Figure } from './types';

export const ENTITY_COUNT = 10_000;
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

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same corpus. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka lo mi ra ne to vi sa de lu po ri an el os ur ja ko be zy mar tin sen dor vel gra sto lin'.split(
  ' ',
);
const WORDS = (
  'minister said talks missile weapons supply range strike border defense army meeting allies support ' +
  'decision policy government officials week report statement ukraine russia summit president foreign ' +
  'approval restrictions deliveries launchers aid package crisis conflict territory pressure sanctions ' +
  'agreement visit capital security council vote budget parliament troops front attack drones shells'
).split(' ');

function word(next: () => number, syllables: number): string {
  let w = '';
  for (let i = 0; i < syllables; i++) w += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
  return w[0]!.toUpperCase() + w.slice(1);
}

function sentence(next: () => number, n: number, names: string[] = []): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(next() * WORDS.length)]!);
  for (const name of names) out.splice(Math.floor(next() * out.length), 0, name);
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/**
 * A corpus in the bundle's shape with `entities` entities (the real corpus's own among them, so
 * "storm" and "zelenski" mean what they mean in the extension) and items in about the real
 * corpus's proportions.
 */
export function generateCorpus(entities = ENTITY_COUNT): CorpusBundle {
  const next = random(42);
  const real = loadCorpus().bundle;
  if (!real) throw new Error('the corpus has problems');
  const kinds: EntityKind[] = [
    'person',
    'person',
    'person',
    'person',
    'person',
    'person',
    'person',
    'weapon',
    'weapon',
    'weapon-class',
  ];
  const list: CorpusEntity[] = [...real.entities];
  const ids = new Set(list.map((e) => e.id));
  while (list.length < entities) {
    const kind = kinds[Math.floor(next() * kinds.length)]!;
    const name =
      kind === 'person'
        ? `${word(next, 2)} ${word(next, 2 + Math.floor(next() * 2))}`
        : `${word(next, 2)}-${Math.floor(next() * 900) + 100}`;
    const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    if (ids.has(id)) continue;
    ids.add(id);
    const aliases =
      kind === 'person'
        ? [name, name.split(' ')[1]!, `${name.split(' ')[0]![0]}. ${name.split(' ')[1]}`]
        : [name, name.replace('-', '')];
    list.push({
      ...real.entities[0]!,
      id,
      kind,
      name,
      aliases,
      aliasDetails: aliases.map((text) => ({ text, ambiguous: null })),
      roles: [],
      properties: [],
      country: null,
      sourceIds: [],
      relatedIds: [],
    });
  }
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const sources = Array.from({ length: entities / 10 }, (_, i) => ({
    ...real.sources[i % real.sources.length]!,
    id: `source-${i}`,
    title: sentence(next, 8),
    publisher: i % 3 ? `${word(next, 2)} News` : null,
    text: '',
  }));
  const facts = Array.from({ length: entities * 2 }, (_, i) => {
    const e = pick(list);
    return {
      id: `fact-${i}`,
      entityIds: [e.id],
      text: sentence(next, 12, [e.name]),
      sourceId: pick(sources).id,
      quote: '',
    };
  });
  const quotes = Array.from({ length: entities }, (_, i) => ({
    ...real.quotes[0]!,
    id: `quote-${i}`,
    speakerId: pick(list).id,
    text: sentence(next, 18),
    sourceId: pick(sources).id,
    context: sentence(next, 4),
  }));
  const events = Array.from({ length: entities }, (_, i) => {
    const e = pick(list);
    return {
      ...real.events[0]!,
      id: `event-${i}`,
      title: sentence(next, 7, [e.name]),
      entityIds: [e.id],
      evidence: [{ sourceId: pick(sources).id, quote: '' }],
    };
  });
  return { ...real, version: `bench-${entities}`, sources, entities: list, facts, quotes, events, claims: [] };
}

/** What a reader types, one keystroke at a time: each prefix is one search. */
const TYPED = ['storm', 'zelenski', 'stormshadow', 'atacms', 'radoslaw', 'blinken', 'missile range', 'ministr'];
const KEYSTROKES = TYPED.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)));

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
  const bytes =
    names.names.index.length +
    names.names.entries.length +
    texts.texts.shards.reduce((n, shard) => n + shard.index.length + shard.entries.length, 0);
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
async function seedDatabase(page: Page, corpus: CorpusBundle): Promise<void> {
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

async function clearSearchCache(page: Page): Promise<void> {
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
async function openPopupOnce(ext: ExtensionBrowser): Promise<{ focused: number; results: number }> {
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
async function waitForTextIndex(page: Page): Promise<void> {
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
async function openEmptyPageOnce(ext: ExtensionBrowser, url: string): Promise<number> {
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
