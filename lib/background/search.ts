/**
 * Background handlers of the popup's search messages (lib/messaging/search.ts). The index is
 * built once per corpus version and stored in the database's `cache` table (cleared whenever
 * the corpus reloads); a cold start loads it from there, names first, and it stays in memory
 * while the service worker lives. The reader's own articles and people are added to it
 * (./reader-index.ts, docs/adr/017-readers-articles.md): the bundled part is never rebuilt for them.
 */
import type { FactContextDb } from '../db';
import type { searchSchemas } from '../messaging/search';
import { SEARCH_INDEX_FORMAT, SearchIndex, TextSearch, type SearchCorpus } from '../search';
import { nameDocs, textDocs } from '../search/documents';
import { NameSearch } from '../search/names';
import type { EntityRef, SearchItem, SearchResults, SourceRef } from '../search/types';
import type { CorpusSource } from '../corpus/schema';
import { articleDate, isReaderId, outletOf, titleOf, type ReaderSourceRow } from '../reader/rows';
import type { HandlerTable } from './context';
import { withReaderPart } from './reader-index';
import { isSoundQuote, isSoundStatement, soundEntities } from '../reader/sound';

/** Cache rows (`db.cache`): the small names index first, the larger text index apart, so entity searches can start before it loads. */
export const SEARCH_NAMES_KEY = 'search-names';
export const SEARCH_TEXTS_KEY = 'search-texts';
/** The names index with the reader's people in it, stored with the list of them (`value.people`). */
export const SEARCH_READER_NAMES_KEY = 'search-names-reader';

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
  // One transaction for the reads: a cold start waits for this before its first answer.
  const [meta, row, people] = await db.transaction('r', db.meta, db.cache, db.readerEntities, () =>
    Promise.all([
      db.meta.get('corpus'),
      db.cache.get(SEARCH_NAMES_KEY),
      db.readerEntities.toCollection().primaryKeys() as Promise<string[]>,
    ]),
  );
  if (!meta) throw new Error('The corpus is not loaded');
  const version = meta.version;
  const stored = row && row.corpusVersion === version ? row.value : undefined;
  let result: { index: SearchIndex; version: string; outcome: PartOutcome } | null = null;
  if (stored !== undefined) {
    try {
      const { names, suggestions } = SearchIndex.namesFromStored(stored);
      result = { index: new SearchIndex(names, suggestions, null), version, outcome: 'stored' };
    } catch {
      // Written by an older index format, or damaged: build it again below.
    }
  }
  result ??= { index: await buildAndStore(db, version), version, outcome: 'built' };
  if (!people.length) return result;
  return { ...result, index: result.index.withNames(await readerNames(db, version, people)) };
}

/** The reader's people, sorted: what a stored names index with them must have been built from. */
const peopleStamp = (ids: readonly string[]) => [...ids].sort().join(' ');

/**
 * The names index of the bundled entities and the reader's people: stored apart, with the list
 * of people it holds; built again when that list changed (a person added or removed).
 */
export async function readerNames(db: FactContextDb, version: string, people: readonly string[]): Promise<NameSearch> {
  const stamp = peopleStamp(people);
  const row = await db.cache.get(SEARCH_READER_NAMES_KEY);
  const value = row?.value as { people?: unknown; names?: unknown } | undefined;
  if (row?.corpusVersion === version && value?.people === stamp) {
    try {
      return NameSearch.fromStored(value.names);
    } catch {
      // Damaged: build it again.
    }
  }
  const [entities, mine] = await Promise.all([db.entities.toArray(), db.readerEntities.toArray().then(soundEntities)]);
  const names = NameSearch.build(
    nameDocs({ entities: [...entities, ...mine], facts: [], quotes: [], events: [], sources: [] }),
  );
  await db.cache.put({
    key: SEARCH_READER_NAMES_KEY,
    corpusVersion: version,
    value: { people: peopleStamp(mine.map((e) => e.id)), names: names.toStored() },
  });
  return names;
}

/** Adds the text index: from storage, else built from the database and stored. */
async function loadTexts(
  db: FactContextDb,
  index: SearchIndex,
  version: string,
): Promise<{ index: SearchIndex; outcome: PartOutcome }> {
  if (index.texts) return { index: index.withTexts(await withReaderPart(db, version, index.texts)), outcome: 'built' };
  const stored = await storedPart(db, SEARCH_TEXTS_KEY, version);
  if (stored !== undefined) {
    let texts: TextSearch | null = null;
    try {
      texts = await SearchIndex.textsFromStoredAsync(stored);
    } catch {
      // As above: rebuild.
    }
    if (texts) return { index: index.withTexts(await withReaderPart(db, version, texts)), outcome: 'stored' };
  }
  const texts = TextSearch.build(textDocs(await readSearchCorpus(db)));
  await storeParts(db, version, [
    { key: SEARCH_TEXTS_KEY, value: { format: SEARCH_INDEX_FORMAT, texts: texts.toStored() } },
  ]);
  return { index: index.withTexts(await withReaderPart(db, version, texts)), outcome: 'built' };
}

/** The complete index, and how each part was obtained (tests and the bench look at this). */
export async function loadOrBuildIndex(
  db: FactContextDb,
): Promise<{ index: SearchIndex; names: PartOutcome; texts: PartOutcome }> {
  const n = await loadNames(db);
  const t = await loadTexts(db, n.index, n.version);
  return { index: t.index, names: n.outcome, texts: t.outcome };
}

/**
 * After the reader added or removed a person: the worker's index gets the names index of the
 * bundled entities and the reader's people now (stored, or built once), its texts unchanged.
 */
export async function refreshLiveNames(db: FactContextDb): Promise<void> {
  const entry = live.get(db);
  if (!entry) return;
  const state = await entry;
  const index = await state.complete;
  const { index: names } = await loadNames(db);
  const next = index.withNames(names.names);
  state.current = next;
  state.complete = Promise.resolve(next);
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

/**
 * The complete index of a worker (names and texts, the reader's part in both), loaded if need be;
 * `update` replaces it once a change of the reader's data has committed.
 */
export async function liveTexts(db: FactContextDb): Promise<{
  index: SearchIndex;
  version: string;
  update: (next: SearchIndex) => void;
}> {
  const state = await liveIndexFor(db);
  const index = await state.complete;
  const meta = await db.meta.get('corpus');
  if (!meta) throw new Error('The corpus is not loaded');
  return {
    index,
    version: meta.version,
    update: (next) => {
      state.current = next;
      state.complete = Promise.resolve(next);
    },
  };
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

/** Names of entities, bundled or the reader's, in the order asked (unknown ids left out). */
export async function entityRefs(db: FactContextDb, ids: readonly string[]): Promise<EntityRef[]> {
  const unique = [...new Set(ids)];
  const [rows, mine] = await Promise.all([db.entities.bulkGet(unique), db.readerEntities.bulkGet(unique)]);
  return unique.flatMap((_, i) => {
    const e = rows[i] ?? mine[i];
    return e ? [{ id: e.id, name: e.name, kind: e.kind }] : [];
  });
}

function readerSourceRef(s: ReaderSourceRow | undefined, id: string): SourceRef {
  if (!s) return { id, title: id, publisher: null, publishedAt: '', datePrecision: 'year' };
  const date = articleDate(s);
  return {
    id,
    title: titleOf(s),
    publisher: outletOf(s),
    publishedAt: date?.date ?? '',
    datePrecision: date?.precision ?? 'year',
  };
}

/** A quote or dated statement of the reader's articles, as a search result opens it. */
async function readerSearchItem(db: FactContextDb, type: SearchItem['type'], id: string): Promise<SearchItem> {
  const missing = () => new Error(`No ${type} ${id}`);
  if (type === 'quote') {
    const q = await db.readerQuotes.get(id);
    if (!isSoundQuote(q) || q.hidden) throw missing();
    const source = await db.readerSources.get(q.sourceId);
    const [speaker] = q.speakerId ? await entityRefs(db, [q.speakerId]) : [];
    const date = source ? articleDate(source) : null;
    return {
      type,
      id,
      text: q.text,
      speaker: speaker ?? null,
      speakerName: q.speaker?.name ?? null,
      context: q.sentence.text,
      reportedBy: null,
      date: date?.date ?? null,
      datePrecision: date?.precision ?? null,
      dateNote: null,
      source: readerSourceRef(source, q.sourceId),
      fromReading: true,
    };
  }
  if (type === 'event') {
    const st = await db.readerStatements.get(id);
    if (!isSoundStatement(st) || st.hidden) throw missing();
    const source = await db.readerSources.get(st.sourceId);
    return {
      type,
      id,
      title: st.sentence.text,
      date: st.date,
      datePrecision: st.precision,
      dateNote: st.note,
      evidence: [{ quote: st.sentence.text, source: readerSourceRef(source, st.sourceId) }],
      entities: await entityRefs(db, st.entityIds),
      fromReading: true,
    };
  }
  // A source of the reader's has no position on the corpus's question and no `page.getSource`
  // text: its own view answers it.
  throw new Error(`${id} is one of your articles: page.getReaderSource opens it`);
}

/** Results with the reader's items flagged (`fromReading`), so a view can label them and open them with the reader's messages. */
function flagReading(results: SearchResults): SearchResults {
  return {
    ...results,
    groups: results.groups.map((g) => ({
      ...g,
      hits: g.hits.map((h) => (isReaderId(h.id) ? { ...h, fromReading: true as const } : h)),
    })),
  };
}

async function searchItem(db: FactContextDb, type: SearchItem['type'], id: string): Promise<SearchItem> {
  if (isReaderId(id)) return readerSearchItem(db, type, id);
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
    return flagReading((await liveIndexFor(await ctx.db())).current.search(query));
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
