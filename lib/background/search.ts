/**
 * Background handlers of the popup's search messages (lib/messaging/search.ts). The index is
 * built once per corpus version and stored in the database's `cache` table (cleared whenever
 * the corpus reloads); a cold start loads it from there, names first, and it stays in memory
 * while the service worker lives.
 */
import type { FactContextDb } from '../db';
import type { searchSchemas } from '../messaging/search';
import { SEARCH_INDEX_FORMAT, SearchIndex, TextSearch, type SearchCorpus } from '../search';
import { textDocs } from '../search/documents';
import type { EntityRef, SearchItem, SourceRef } from '../search/types';
import type { CorpusSource } from '../corpus/schema';
import type { HandlerTable } from './context';

/** Cache rows (`db.cache`): the small names index first, the larger text index apart, so entity searches can start before it loads. */
export const SEARCH_NAMES_KEY = 'search-names';
export const SEARCH_TEXTS_KEY = 'search-texts';

export type PartOutcome = 'stored' | 'built';

/** The index a worker answers from: names at once, texts as soon as they are loaded. */
export interface LiveIndex {
  current: SearchIndex;
  /** Resolves with the complete index (names and texts). */
  complete: Promise<SearchIndex>;
}

/** One live index per open database (a rebuilt database is a new object, with a new index). */
const live = new WeakMap<FactContextDb, Promise<LiveIndex>>();

/** Drops the worker's live index after the corpus tables changed under it (a pack imported or removed). */
export function forgetSearchIndex(db: FactContextDb): void {
  live.delete(db);
}

async function readSearchCorpus(db: FactContextDb): Promise<SearchCorpus> {
  const [entities, facts, quotes, events, sources] = await db.transaction(
    'r',
    [db.entities, db.facts, db.quotes, db.events, db.sources],
    () =>
      Promise.all([
        db.entities.toArray(),
        db.facts.toArray(),
        db.quotes.toArray(),
        db.events.toArray(),
        db.sources.toArray(),
      ]),
  );
  return { entities, facts, quotes, events, sources };
}

/** Stores parts of the index, only if the corpus did not change while they were built. */
async function storeParts(db: FactContextDb, version: string, parts: { key: string; value: unknown }[]): Promise<void> {
  await db.transaction('rw', db.meta, db.cache, async () => {
    if ((await db.meta.get('corpus'))?.version !== version) return;
    await db.cache.bulkPut(parts.map(({ key, value }) => ({ key, corpusVersion: version, value })));
  });
}

async function storedPart(db: FactContextDb, key: string, version: string): Promise<unknown> {
  const row = await db.cache.get(key);
  return row && row.corpusVersion === version ? row.value : undefined;
}

/** Builds both indexes from the database and stores them. */
async function buildAndStore(db: FactContextDb, version: string): Promise<SearchIndex> {
  const index = SearchIndex.build(await readSearchCorpus(db));
  const stored = index.toStored();
  await storeParts(db, version, [
    { key: SEARCH_NAMES_KEY, value: stored.names },
    { key: SEARCH_TEXTS_KEY, value: stored.texts },
  ]);
  return index;
}

/** The names index from storage (texts still to load), or both built and stored. */
async function loadNames(db: FactContextDb): Promise<{ index: SearchIndex; version: string; outcome: PartOutcome }> {
  // One transaction for both reads: a cold start waits for this before its first answer.
  const [meta, row] = await db.transaction('r', db.meta, db.cache, () =>
    Promise.all([db.meta.get('corpus'), db.cache.get(SEARCH_NAMES_KEY)]),
  );
  if (!meta) throw new Error('The corpus is not loaded');
  const version = meta.version;
  const stored = row && row.corpusVersion === version ? row.value : undefined;
  if (stored !== undefined) {
    try {
      const { names, suggestions } = SearchIndex.namesFromStored(stored);
      return { index: new SearchIndex(names, suggestions, null), version, outcome: 'stored' };
    } catch {
      // Written by an older index format, or damaged: build it again below.
    }
  }
  return { index: await buildAndStore(db, version), version, outcome: 'built' };
}

/** Adds the text index: from storage, else built from the database and stored. */
async function loadTexts(
  db: FactContextDb,
  index: SearchIndex,
  version: string,
): Promise<{ index: SearchIndex; outcome: PartOutcome }> {
  if (index.texts) return { index, outcome: 'built' };
  const stored = await storedPart(db, SEARCH_TEXTS_KEY, version);
  if (stored !== undefined) {
    try {
      return { index: index.withTexts(await SearchIndex.textsFromStoredAsync(stored)), outcome: 'stored' };
    } catch {
      // As above: rebuild.
    }
  }
  const texts = TextSearch.build(textDocs(await readSearchCorpus(db)));
  await storeParts(db, version, [
    { key: SEARCH_TEXTS_KEY, value: { format: SEARCH_INDEX_FORMAT, texts: texts.toStored() } },
  ]);
  return { index: index.withTexts(texts), outcome: 'built' };
}

/** The complete index, and how each part was obtained (tests and the bench look at this). */
export async function loadOrBuildIndex(
  db: FactContextDb,
): Promise<{ index: SearchIndex; names: PartOutcome; texts: PartOutcome }> {
  const n = await loadNames(db);
  const t = await loadTexts(db, n.index, n.version);
  return { index: t.index, names: n.outcome, texts: t.outcome };
}

/** The worker's live index: resolves once names can be searched; texts follow. */
export function liveIndexFor(db: FactContextDb): Promise<LiveIndex> {
  let entry = live.get(db);
  if (!entry) {
    entry = loadNames(db).then(({ index, version }) => {
      const state: LiveIndex = { current: index, complete: Promise.resolve(index) };
      state.complete = loadTexts(db, index, version).then(({ index: full }) => (state.current = full));
      state.complete.catch((error: unknown) => {
        // Searches keep answering names (marked incomplete); the next worker start tries again.
        console.warn('[fact-context] the text search index could not be loaded', error);
      });
      return state;
    });
    live.set(db, entry);
    // A failure is not remembered: the next search tries again.
    entry.catch(() => live.delete(db));
  }
  return entry;
}

/** Loads (or builds) the index ahead of the first search, e.g. when the corpus is installed. */
export async function warmSearchIndex(db: FactContextDb): Promise<void> {
  await (
    await liveIndexFor(db)
  ).complete;
}

function sourceRef(s: CorpusSource | undefined, id: string): SourceRef {
  if (!s) return { id, title: id, publisher: null, publishedAt: '', datePrecision: 'year' };
  return {
    id: s.id,
    title: s.title,
    publisher: s.publisher,
    publishedAt: s.publishedAt,
    datePrecision: s.datePrecision,
  };
}

async function entityRefs(db: FactContextDb, ids: readonly string[]): Promise<EntityRef[]> {
  const rows = await db.entities.bulkGet([...new Set(ids)]);
  return rows.filter((e) => !!e).map((e) => ({ id: e.id, name: e.name, kind: e.kind }));
}

async function searchItem(db: FactContextDb, type: SearchItem['type'], id: string): Promise<SearchItem> {
  const missing = () => new Error(`No ${type} ${id}`);
  if (type === 'fact') {
    const f = await db.facts.get(id);
    if (!f) throw missing();
    const source = sourceRef(await db.sources.get(f.sourceId), f.sourceId);
    return { type, id, text: f.text, quote: f.quote, source, entities: await entityRefs(db, f.entityIds) };
  }
  if (type === 'quote') {
    const q = await db.quotes.get(id);
    if (!q) throw missing();
    const [speaker] = await entityRefs(db, [q.speakerId]);
    return {
      type,
      id,
      text: q.text,
      speaker: speaker ?? null,
      context: q.context,
      reportedBy: q.reportedBy,
      date: q.date,
      datePrecision: q.datePrecision,
      dateNote: q.dateNote,
      source: sourceRef(await db.sources.get(q.sourceId), q.sourceId),
    };
  }
  if (type === 'event') {
    const e = await db.events.get(id);
    if (!e) throw missing();
    const sources = await db.sources.bulkGet(e.evidence.map((x) => x.sourceId));
    return {
      type,
      id,
      title: e.title,
      date: e.date,
      datePrecision: e.datePrecision,
      dateNote: e.dateNote,
      evidence: e.evidence.map((x, i) => ({ quote: x.quote, source: sourceRef(sources[i], x.sourceId) })),
      entities: await entityRefs(db, e.entityIds),
    };
  }
  const s = await db.sources.get(id);
  if (!s) throw missing();
  return {
    type,
    id,
    title: s.title,
    publisher: s.publisher,
    author: s.author,
    publishedAt: s.publishedAt,
    datePrecision: s.datePrecision,
    position: { stance: s.position.stance, summary: s.position.summary },
    entities: await entityRefs(db, s.entityIds),
  };
}

export const searchHandlers: HandlerTable<keyof typeof searchSchemas> = {
  async 'page.search'({ query }, _sender, ctx) {
    return (await liveIndexFor(await ctx.db())).current.search(query);
  },

  async 'page.getSearchSuggestions'(_data, _sender, ctx) {
    return (await liveIndexFor(await ctx.db())).current.suggestions;
  },

  async 'page.getSearchItem'({ type, id }, _sender, ctx) {
    return searchItem(await ctx.db(), type, id);
  },

  async 'page.getEntityNames'({ entityIds }, _sender, ctx) {
    const refs = await entityRefs(await ctx.db(), entityIds);
    return Object.fromEntries(refs.map((r) => [r.id, r]));
  },
};
