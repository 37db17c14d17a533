/**
 * The reader's part of the search index (docs/adr/017-readers-articles.md). The bundled text index
 * is built once per corpus version and never rebuilt for the reader; the reader's documents come
 * after it as segments of their own (`TextSearch.add`, ADR 015):
 *
 * - adding an article appends one batch per kind, stored as one more cache row
 *   (`search-reader:<seq>`) in the addition's own transaction;
 * - anything else (a removal, a new version replacing the old one's documents, hiding an item, a
 *   person added, too many batches) rebuilds the reader's part alone from the reader's rows, in
 *   that change's transaction: the bundled batches are reused as they are.
 *
 * Cache rows go with the corpus version (lib/db/loader.ts clears them with it); a reader's part
 * that is missing, of another version or out of step with the reader's rows is rebuilt on load.
 */
import * as v from 'valibot';
import type { FactContextDb } from '../db';
import { currentRows, currentSourceIds } from '../db/reader';
import { readerTextDocs } from '../reader/documents';
import { MAX_READER_INDEX_BATCHES } from '../reader/limits';
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

/** What a worker keeps of the text index, to add to it or rebuild the reader's part alone. */
export interface TextParts {
  bundled: StoredTextBatch[];
  reader: StoredTextBatch[];
  /** The next cache row's number. */
  nextSeq: number;
}

const parts = new WeakMap<TextSearch, TextParts>();

export const readerRowKey = (seq: number) => `${READER_INDEX_PREFIX}${String(seq).padStart(SEQ_DIGITS, '0')}`;

/** The parts of a text index this module made (null for one it did not: then it holds no reader documents). */
export function partsOf(texts: TextSearch): TextParts | null {
  return parts.get(texts) ?? null;
}

function combine(bundled: StoredTextBatch[], reader: StoredTextBatch[], nextSeq: number): TextSearch {
  const texts = TextSearch.fromStored({ batches: [...bundled, ...reader] });
  parts.set(texts, { bundled, reader, nextSeq });
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

/** The reader's search documents of the current versions, and those versions' ids. */
export async function readerDocs(db: FactContextDb): Promise<{ docs: TextDoc[]; sourceIds: string[] }> {
  const rows = await currentRows(db);
  const names = await speakerNames(db, rows.quotes);
  return { docs: readerTextDocs({ ...rows, names }), sourceIds: rows.sources.map((s) => s.id) };
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
    parts.set(bundled, { bundled: bundledBatches, reader: [], nextSeq: 0 });
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
    return combine(
      bundledBatches,
      stored.flatMap((p) => p.batches),
      nextSeq,
    );
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
 * Rebuilds the reader's part from the reader's rows and replaces its stored rows. Call inside a
 * read-write transaction over the reader's tables, the cache and the entities; returns the new
 * index (to put live once the transaction has committed).
 */
export async function rebuildReaderPart(
  db: FactContextDb,
  version: string,
  bundled: StoredTextBatch[],
): Promise<TextSearch> {
  const { docs, sourceIds } = await readerDocs(db);
  const texts = TextSearch.fromStored({ batches: bundled });
  const reader = docs.length ? texts.add(docs) : [];
  await db.cache.where('key').startsWith(READER_INDEX_PREFIX).delete();
  if (sourceIds.length) {
    const value: StoredReaderPart = { format: SEARCH_INDEX_FORMAT, sourceIds, batches: reader };
    await db.cache.put({ key: readerRowKey(0), corpusVersion: version, value });
  }
  parts.set(texts, { bundled, reader, nextSeq: 1 });
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
  const known = partsOf(live) ?? { bundled: live.toStored().batches, reader: [], nextSeq: 0 };
  const texts = combine(known.bundled, known.reader, known.nextSeq);
  const added = docs.length ? texts.add(docs) : [];
  parts.set(texts, { bundled: known.bundled, reader: [...known.reader, ...added], nextSeq: known.nextSeq + 1 });
  const value: StoredReaderPart = { format: SEARCH_INDEX_FORMAT, sourceIds: [sourceId], batches: added };
  return { texts, row: { key: readerRowKey(known.nextSeq), corpusVersion: version, value } };
}

/** Whether the reader's part has grown into enough segments to merge them (MAX_READER_INDEX_BATCHES). */
export function needsMerge(texts: TextSearch): boolean {
  return (partsOf(texts)?.reader.length ?? 0) > MAX_READER_INDEX_BATCHES;
}
