/**
 * The reader's part of the search index (docs/adr/017-readers-articles.md). The bundled text index
 * is built once per corpus version and never rebuilt for the reader; the reader's documents come
 * after it as segments of their own (`TextSearch.add`, ADR 015):
 *
 * - adding an article appends one batch per kind, stored as one more cache row
 *   (`search-reader:<seq>`) in the addition's own transaction;
 * - after an addition, the newest rows are merged by size class (MERGE_FANOUT rows of one class
 *   make one of the next), each merge rebuilt from those articles' rows alone;
 * - anything else (a removal, a new version replacing the old one's documents, hiding an item, a
 *   person added) rebuilds the reader's part alone from the reader's rows, in that change's
 *   transaction: the bundled batches are reused as they are.
 *
 * Cache rows go with the corpus version (lib/db/loader.ts clears them with it); a reader's part
 * that is missing, of another version or out of step with the reader's rows is rebuilt on load.
 */
import * as v from 'valibot';
import type { FactContextDb } from '../db';
import { currentRows, currentSourceIds, rowsOf, type VersionItems } from '../db/reader';
import { readerTextDocs } from '../reader/documents';
import { MERGE_FANOUT } from '../reader/limits';
import type { ReaderQuoteRow } from '../reader/rows';
import { SEARCH_INDEX_FORMAT, TextSearch } from '../search';
import type { TextDoc } from '../search/documents';
import { StoredTextBatch } from '../search/texts';

/** Keys of the reader's cache rows: this prefix and a zero-padded sequence number (read back in order). */
export const READER_INDEX_PREFIX = 'search-reader:';
const SEQ_DIGITS = 8;

const StoredReaderPart = v.object({
  format: v.literal(SEARCH_INDEX_FORMAT),
  /** The current versions whose documents these batches hold. */
  sourceIds: v.array(v.string()),
  batches: v.array(StoredTextBatch),
});
type StoredReaderPart = v.InferOutput<typeof StoredReaderPart>;

/** One stored row of the reader's part, as a worker keeps track of it. */
export interface PartRow {
  key: string;
  /** How many versions' documents it holds. */
  sources: number;
  /** How many of the reader's batches it holds (they come in the order of the rows). */
  batches: number;
}

/** What a worker keeps of the text index, to add to it or rebuild the reader's part alone. */
export interface TextParts {
  bundled: StoredTextBatch[];
  reader: StoredTextBatch[];
  /** The stored rows the reader's batches come from, oldest first. */
  rows: PartRow[];
  /** The next cache row's number. */
  nextSeq: number;
}

const parts = new WeakMap<TextSearch, TextParts>();

export const readerRowKey = (seq: number) => `${READER_INDEX_PREFIX}${String(seq).padStart(SEQ_DIGITS, '0')}`;

/** The parts of a text index this module made (null for one it did not: then it holds no reader documents). */
export function partsOf(texts: TextSearch): TextParts | null {
  return parts.get(texts) ?? null;
}

function combine(known: TextParts): TextSearch {
  const texts = TextSearch.fromStored({ batches: [...known.bundled, ...known.reader] });
  parts.set(texts, known);
  return texts;
}

/** Names of the speakers the reader's quotes name by entity (bundled and the reader's). */
async function speakerNames(db: FactContextDb, quotes: readonly ReaderQuoteRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(quotes.flatMap((q) => (q.speakerId ? [q.speakerId] : [])))];
  if (!ids.length) return new Map();
  const [bundled, reader] = await Promise.all([db.entities.bulkGet(ids), db.readerEntities.bulkGet(ids)]);
  const names = new Map<string, string>();
  ids.forEach((id, i) => {
    const e = bundled[i] ?? reader[i];
    if (e) names.set(id, e.name);
  });
  return names;
}

/** The reader's search documents of the current versions (or of `rows`), and those versions' ids. */
export async function readerDocs(
  db: FactContextDb,
  rows?: VersionItems,
): Promise<{ docs: TextDoc[]; sourceIds: string[] }> {
  const items = rows ?? (await currentRows(db));
  const names = await speakerNames(db, items.quotes);
  return { docs: readerTextDocs({ ...items, names }), sourceIds: items.sources.map((s) => s.id) };
}

/**
 * The bundled text index with the reader's part added: from the stored rows when they are whole
 * and match the reader's current versions, else rebuilt from the reader's rows and stored.
 */
export async function withReaderPart(db: FactContextDb, version: string, bundled: TextSearch): Promise<TextSearch> {
  const bundledBatches = bundled.toStored().batches;
  const [rows, current] = await db.transaction('r', db.cache, db.readerSources, () =>
    Promise.all([db.cache.where('key').startsWith(READER_INDEX_PREFIX).toArray(), currentSourceIds(db)]),
  );
  if (!current.length && !rows.length) {
    parts.set(bundled, { bundled: bundledBatches, reader: [], rows: [], nextSeq: 0 });
    return bundled;
  }
  try {
    const stored = rows.map((r) => {
      if (r.corpusVersion !== version) throw new Error('another corpus version');
      return v.parse(StoredReaderPart, r.value);
    });
    const covered = stored.flatMap((p) => p.sourceIds);
    const wanted = new Set(current);
    if (covered.length !== wanted.size || covered.some((id) => !wanted.has(id))) throw new Error('out of step');
    const last = rows.at(-1);
    const nextSeq = last ? Number(last.key.slice(READER_INDEX_PREFIX.length)) + 1 : 0;
    return combine({
      bundled: bundledBatches,
      reader: stored.flatMap((p) => p.batches),
      rows: stored.map((p, i) => ({ key: rows[i]!.key, sources: p.sourceIds.length, batches: p.batches.length })),
      nextSeq,
    });
  } catch {
    // Missing, damaged, of another corpus version or out of step: rebuild the reader's part.
  }
  return db.transaction(
    'rw',
    [db.cache, db.meta, db.readerSources, db.readerQuotes, db.readerStatements, db.entities, db.readerEntities],
    async () => {
      if ((await db.meta.get('corpus'))?.version !== version)
        throw new Error('The corpus changed while the index loaded');
      // Awaited inside the scope: Dexie keeps a transaction open only for promises awaited in it.
      return await rebuildReaderPart(db, version, bundledBatches);
    },
  );
}

/**
 * Rebuilds the reader's part from the reader's rows (the current ones, read here unless given)
 * and replaces its stored rows. Call inside a read-write transaction over the reader's tables,
 * the cache and the entities; returns the new index (to put live once the transaction has
 * committed).
 */
export async function rebuildReaderPart(
  db: FactContextDb,
  version: string,
  bundled: StoredTextBatch[],
  rows?: VersionItems,
): Promise<TextSearch> {
  const { docs, sourceIds } = await readerDocs(db, rows);
  const texts = TextSearch.fromStored({ batches: bundled });
  const reader = docs.length ? texts.add(docs) : [];
  await db.cache.where('key').startsWith(READER_INDEX_PREFIX).delete();
  const stored: PartRow[] = [];
  if (sourceIds.length) {
    const value: StoredReaderPart = { format: SEARCH_INDEX_FORMAT, sourceIds, batches: reader };
    await db.cache.put({ key: readerRowKey(0), corpusVersion: version, value });
    stored.push({ key: readerRowKey(0), sources: sourceIds.length, batches: reader.length });
  }
  parts.set(texts, { bundled, reader, rows: stored, nextSeq: 1 });
  return texts;
}

/**
 * The batches one more article adds, computed on a copy of the live index (the live one changes
 * only once the addition has committed), and the cache row that stores them.
 */
export function appendReaderDocs(
  live: TextSearch,
  version: string,
  sourceId: string,
  docs: readonly TextDoc[],
): { texts: TextSearch; row: { key: string; corpusVersion: string; value: StoredReaderPart } } {
  const known = partsOf(live) ?? { bundled: live.toStored().batches, reader: [], rows: [], nextSeq: 0 };
  const texts = combine(known);
  const added = docs.length ? texts.add(docs) : [];
  const key = readerRowKey(known.nextSeq);
  parts.set(texts, {
    bundled: known.bundled,
    reader: [...known.reader, ...added],
    rows: [...known.rows, { key, sources: 1, batches: added.length }],
    nextSeq: known.nextSeq + 1,
  });
  const value: StoredReaderPart = { format: SEARCH_INDEX_FORMAT, sourceIds: [sourceId], batches: added };
  return { texts, row: { key, corpusVersion: version, value } };
}

/** A row's size class: 0 for 1–3 versions, 1 for 4–15, 2 for 16–63… (powers of MERGE_FANOUT). */
function sizeClass(sources: number): number {
  let c = 0;
  for (let n = sources; n >= MERGE_FANOUT; n = Math.floor(n / MERGE_FANOUT)) c++;
  return c;
}

/** How many of the newest rows to merge into one: MERGE_FANOUT when they are of one size class, else none. */
export function rowsToMerge(texts: TextSearch): number {
  const rows = partsOf(texts)?.rows ?? [];
  if (rows.length < MERGE_FANOUT) return 0;
  const newest = rows.slice(-MERGE_FANOUT).map((r) => sizeClass(r.sources));
  return newest.every((c) => c === newest[0]) ? MERGE_FANOUT : 0;
}

/**
 * Merges the `count` newest rows of the reader's part into one, rebuilt from those versions' rows
 * alone (the older rows and the bundled part are kept as they are). Call inside a read-write
 * transaction over the cache and the reader's tables and entities; returns the new index (to put
 * live once it has committed), or null when the stored rows are not those the worker knows.
 */
export async function mergeNewest(
  db: FactContextDb,
  version: string,
  texts: TextSearch,
  count: number,
): Promise<TextSearch | null> {
  const known = partsOf(texts);
  if (!known || count < 2 || count > known.rows.length) return null;
  const merged = known.rows.slice(-count);
  const kept = known.rows.slice(0, -count);
  const stored = await db.cache.bulkGet(merged.map((r) => r.key));
  const sourceIds: string[] = [];
  for (const row of stored) {
    const part = row && row.corpusVersion === version ? v.safeParse(StoredReaderPart, row.value) : null;
    if (!part?.success) return null;
    sourceIds.push(...part.output.sourceIds);
  }
  const { docs } = await readerDocs(db, await rowsOf(db, sourceIds));
  const keptBatches = known.reader.slice(
    0,
    kept.reduce((n, r) => n + r.batches, 0),
  );
  const next = combine({ bundled: known.bundled, reader: keptBatches, rows: kept, nextSeq: known.nextSeq });
  const added = docs.length ? next.add(docs) : [];
  const key = merged[0]!.key;
  await db.cache.bulkDelete(merged.map((r) => r.key));
  const value: StoredReaderPart = { format: SEARCH_INDEX_FORMAT, sourceIds, batches: added };
  await db.cache.put({ key, corpusVersion: version, value });
  parts.set(next, {
    bundled: known.bundled,
    reader: [...keptBatches, ...added],
    rows: [...kept, { key, sources: sourceIds.length, batches: added.length }],
    nextSeq: known.nextSeq,
  });
  return next;
}
