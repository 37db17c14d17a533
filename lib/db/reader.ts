/**
 * Reads and writes of the reader's own articles (docs/adr/017-readers-articles.md). Each function
 * here is one step; the background runs the steps of one addition or removal inside one
 * transaction (`readerTransaction`), so a crash or a full disk leaves the previous state whole.
 */
import Dexie, { type Table } from 'dexie';
import * as v from 'valibot';
import { PREVIEW_TTL_MS, MAX_PENDING_PREVIEWS } from '../reader/limits';
import type {
  ReaderPreviewRow,
  ReaderQuoteRow,
  ReaderSourceRow,
  ReaderStatementRow,
  ReaderTextRow,
  VersionRows,
} from '../reader/rows';
import type { DerivedArticle } from '../derive/schema';
import { READER_TABLES, type FactContextDb } from './index';
import { soundQuotes, soundSources, soundStatements } from '../reader/sound';
import { DIGEST_FORMAT, digestsOf, StoredDigest, withVersion, type EntityDigest } from '../reader/digests';

/**
 * Runs `body` in one read-write transaction over every reader table and the cache (the search
 * rows), reading the corpus's entities (speakers' names) and meta row as it needs.
 */
export function readerTransaction<T>(db: FactContextDb, body: () => Promise<T>): Promise<T> {
  return db.transaction('rw', [...READER_TABLES.map((t) => db[t]), db.cache, db.meta, db.entities], body);
}

/** Every version stored for a canonical URL, oldest first. */
export async function versionsOf(db: FactContextDb, canonicalUrl: string): Promise<ReaderSourceRow[]> {
  const rows = await db.readerSources.where('canonicalUrl').equals(canonicalUrl).toArray();
  return rows.sort((a, b) => a.version - b.version);
}

/** Every version of an article, oldest first. */
export async function versionsOfArticle(db: FactContextDb, articleId: string): Promise<ReaderSourceRow[]> {
  const rows = await db.readerSources.where('articleId').equals(articleId).toArray();
  return rows.sort((a, b) => a.version - b.version);
}

/** Ids of the current versions (keys only: no row is read). */
export async function currentSourceIds(db: FactContextDb): Promise<string[]> {
  return (await db.readerSources.where('current').equals(1).primaryKeys()) as string[];
}

/**
 * Adds one version; the article's earlier versions stop being current. Every write is asked for at
 * once (none waits for another): the database works through them while the caller goes on.
 */
export async function putVersion(db: FactContextDb, rows: VersionRows, earlier: readonly ReaderSourceRow[]) {
  const stale = earlier.filter((s) => s.current === 1).map((s) => s.id);
  await Promise.all([
    stale.length ? db.readerSources.where('id').anyOf(stale).modify({ current: 0 }) : null,
    db.readerSources.add(rows.source),
    db.readerTexts.add(rows.text),
    db.readerQuotes.bulkAdd(rows.quotes),
    db.readerStatements.bulkAdd(rows.statements),
  ]);
}

/** Replaces a version's derived items (a derivation run again on the same text). */
export async function replaceDerived(db: FactContextDb, rows: VersionRows): Promise<void> {
  const id = rows.source.id;
  await db.readerQuotes.where('sourceId').equals(id).delete();
  await db.readerStatements.where('sourceId').equals(id).delete();
  await db.readerSources.put(rows.source);
  await db.readerTexts.put(rows.text);
  await db.readerQuotes.bulkAdd(rows.quotes);
  await db.readerStatements.bulkAdd(rows.statements);
}

/** Removes every version of an article and all that was derived from it. */
export async function deleteArticle(db: FactContextDb, articleId: string): Promise<string[]> {
  const ids = (await db.readerSources.where('articleId').equals(articleId).primaryKeys()) as string[];
  if (!ids.length) return ids;
  await db.readerQuotes.where('sourceId').anyOf(ids).delete();
  await db.readerStatements.where('sourceId').anyOf(ids).delete();
  await db.readerTexts.bulkDelete(ids);
  await db.readerSources.bulkDelete(ids);
  return ids;
}

/** Removes everything the reader added: articles, people, previews. */
export async function clearReader(db: FactContextDb): Promise<void> {
  await Promise.all(READER_TABLES.map((t) => db[t].clear()));
}

/** The rows the reader's search documents are made of: current versions, their quotes and statements. */
export async function currentRows(db: FactContextDb): Promise<VersionItems> {
  return itemsOf(db, await db.readerSources.where('current').equals(1).toArray());
}

/** The same for some versions only (by id), in the same order. */
export async function rowsOf(db: FactContextDb, sourceIds: readonly string[]): Promise<VersionItems> {
  const sources = await db.readerSources.bulkGet([...sourceIds]);
  return itemsOf(
    db,
    sources.filter((s): s is ReaderSourceRow => !!s),
  );
}

/** Versions (sound ones, in the order they were added) with their quotes and statements. */
export interface VersionItems {
  sources: ReaderSourceRow[];
  quotes: ReaderQuoteRow[];
  statements: ReaderStatementRow[];
}

async function itemsOf(db: FactContextDb, rows: ReaderSourceRow[]): Promise<VersionItems> {
  const sources = soundSources(rows);
  // In the order the articles were added: the order a rebuilt index numbers them in.
  sources.sort((a, b) => a.versionDate.localeCompare(b.versionDate) || a.id.localeCompare(b.id));
  const ids = sources.map((s) => s.id);
  // One `equals` per version, not `anyOf`: a cursor walked from key to key took 350 ms for 64
  // versions in fake-indexeddb, 12 ms this way (and a key range each is the quicker path in browsers).
  const perVersion = <T>(table: Table<T, string>) =>
    Promise.all(ids.map((id) => table.where('sourceId').equals(id).toArray())).then((lists) => lists.flat());
  const [quotes, statements] = await Promise.all([
    perVersion(db.readerQuotes).then(soundQuotes),
    perVersion(db.readerStatements).then(soundStatements),
  ]);
  const order = new Map(ids.map((id, i) => [id, i]));
  const byPlace = <T extends { sourceId: string; id: string }>(a: T, b: T) =>
    order.get(a.sourceId)! - order.get(b.sourceId)! || a.id.localeCompare(b.id);
  return { sources, quotes: quotes.sort(byPlace), statements: statements.sort(byPlace) };
}

// ---- the cards' digests (lib/reader/digests.ts) -----------------------------------------------

/** Cache rows of the digests: this prefix and the entity's id; and the row that says what they cover. */
export const DIGEST_PREFIX = 'reader-digest:';
export const DIGESTS_KEY = 'reader-digests';

const DigestsMarker = v.strictObject({
  format: v.literal(DIGEST_FORMAT),
  /** How many current versions the digests count (keys of `current` 1, damaged rows included). */
  current: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
type DigestsMarker = v.InferOutput<typeof DigestsMarker>;

/** The digests' rows are cache rows: cleared with the corpus like the search rows, then rebuilt. */
async function corpusVersion(db: FactContextDb): Promise<string> {
  return (await db.meta.get('corpus'))?.version ?? '';
}

const currentCount = (db: FactContextDb) => db.readerSources.where('current').equals(1).count();

/**
 * The stored digests of `entityIds` (an entity with none is absent), or null when the stored set
 * is missing, of another format, out of step with the current versions or damaged.
 */
export async function readDigests(
  db: FactContextDb,
  entityIds: readonly string[],
): Promise<Map<string, EntityDigest> | null> {
  const [marker, current, rows] = await db.transaction('r', db.cache, db.readerSources, () =>
    Promise.all([
      db.cache.get(DIGESTS_KEY),
      currentCount(db),
      db.cache.bulkGet(entityIds.map((id) => DIGEST_PREFIX + id)),
    ]),
  );
  const m = v.safeParse(DigestsMarker, marker?.value);
  if (!m.success || m.output.current !== current) return null;
  const out = new Map<string, EntityDigest>();
  for (const row of rows) {
    if (!row) continue;
    const d = v.safeParse(StoredDigest, row.value);
    if (!d.success) return null;
    out.set(d.output.entityId, d.output);
  }
  return out;
}

/**
 * Replaces every stored digest with those of the current rows (read here unless given). Call
 * inside a read-write transaction over the cache, the meta row and the reader's tables.
 */
export async function rebuildDigests(db: FactContextDb, rows?: VersionItems): Promise<Map<string, EntityDigest>> {
  const digests = digestsOf(rows ?? (await currentRows(db)));
  const [version, current] = await Promise.all([corpusVersion(db), currentCount(db)]);
  await db.cache.where('key').startsWith(DIGEST_PREFIX).delete();
  await db.cache.bulkPut(
    [...digests.values()].map((d) => ({ key: DIGEST_PREFIX + d.entityId, corpusVersion: version, value: d })),
  );
  const marker: DigestsMarker = { format: DIGEST_FORMAT, current };
  await db.cache.put({ key: DIGESTS_KEY, corpusVersion: version, value: marker });
  return digests;
}

/**
 * Adds a new article's version (current, the article's first) to the stored digests, when there
 * are digests in step to add it to; else leaves them for the next card to rebuild. Call inside
 * the addition's transaction.
 */
export async function addToDigests(db: FactContextDb, rows: VersionRows): Promise<void> {
  const marker = await db.cache.get(DIGESTS_KEY);
  const m = v.safeParse(DigestsMarker, marker?.value);
  if (!m.success) return;
  const version = { sources: [rows.source], quotes: rows.quotes, statements: rows.statements };
  const keys = [...digestsOf(version).keys()];
  const stored = await db.cache.bulkGet(keys.map((id) => DIGEST_PREFIX + id));
  const before = new Map<string, EntityDigest>();
  for (const row of stored) {
    if (!row) continue;
    const d = v.safeParse(StoredDigest, row.value);
    if (!d.success) {
      // A damaged digest cannot be added to: the whole set is rebuilt when next read.
      await db.cache.delete(DIGESTS_KEY);
      return;
    }
    before.set(d.output.entityId, d.output);
  }
  const after = withVersion(before, version);
  await db.cache.bulkPut(
    [...after.values()].map((d) => ({
      key: DIGEST_PREFIX + d.entityId,
      corpusVersion: marker!.corpusVersion,
      value: d,
    })),
  );
  const next: DigestsMarker = { format: DIGEST_FORMAT, current: m.output.current + 1 };
  await db.cache.put({ key: DIGESTS_KEY, corpusVersion: marker!.corpusVersion, value: next });
}

// ---- previews ---------------------------------------------------------------------------------

/** A preview's token: 128 random bits, hex. */
export function newToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Keeps a derived article for the reader's confirmation; drops expired previews and the oldest beyond the limit. */
export async function putPreview(
  db: FactContextDb,
  token: string,
  derived: DerivedArticle,
  now: number,
): Promise<void> {
  await db.transaction('rw', db.readerPreviews, async () => {
    await db.readerPreviews
      .where('createdAt')
      .below(now - PREVIEW_TTL_MS)
      .delete();
    const keys = (await db.readerPreviews.orderBy('createdAt').primaryKeys()) as string[];
    const excess = keys.length - (MAX_PENDING_PREVIEWS - 1);
    if (excess > 0) await db.readerPreviews.bulkDelete(keys.slice(0, excess));
    await db.readerPreviews.add({ token, createdAt: now, derived });
  });
}

/** The preview of `token` when it is still valid, removed (a token confirms once); call inside the addition's transaction. */
export async function takePreview(db: FactContextDb, token: string, now: number): Promise<ReaderPreviewRow | null> {
  const row = await db.readerPreviews.get(token);
  if (!row) return null;
  await db.readerPreviews.delete(token);
  return now - row.createdAt <= PREVIEW_TTL_MS ? row : null;
}

// ---- failures ---------------------------------------------------------------------------------

/** Whether an error (or the error inside a Dexie error) is the browser refusing more storage. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const name = (e as { name?: string }).name;
    if (name === 'QuotaExceededError' || name === Dexie.errnames.QuotaExceeded) return true;
    e = (e as { inner?: unknown }).inner;
  }
  return false;
}

/** A row's size as stored, roughly: its JSON in UTF-16 (IndexedDB keeps strings as such). */
export function approximateBytes(row: unknown): number {
  return JSON.stringify(row).length * 2;
}

/** Text rows' sizes: the bulk of what the reader stores. */
export async function textBytes(db: FactContextDb): Promise<number> {
  let bytes = 0;
  await db.readerTexts.each((row: ReaderTextRow) => (bytes += approximateBytes(row)));
  return bytes;
}
