/**
 * The reader's tables in the corpus database (schema version 4, docs/adr/017-readers-articles.md):
 * the upgrade from version 3 with rows, and every way the bundled corpus is loaded again (a new
 * bundle version, corrupt corpus tables, a database from a newer extension) leaving the reader's
 * articles and people as they were.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FactContextDb, READER_TABLES, SCHEMA_HISTORY, SCHEMA_VERSION } from '@/lib/db';
import { ensureCorpus, loadBundle } from '@/lib/db/loader';
import { liveIndexFor } from '@/lib/background/search';
import { addShown, background, bundle, readerHits, readerSnapshot, type Background } from './reader-support';

const NAME = 'reader-db-test';
let bg: Background | null = null;
afterEach(async () => {
  await bg?.close();
  bg = null;
  await Dexie.delete(NAME);
});

/** A background with one article and one person added, and a preview waiting. */
async function withReaderData(): Promise<Background> {
  const b = await background();
  await addShown(b);
  await b.ask('page.addReaderEntity', { name: 'Hanna Example', aliases: [] });
  await b.ask('page.previewArticle', { tabId: 1 });
  return b;
}

/** Reopens the background's database as a fresh worker would, with `load` deciding what to do. */
async function reopen(b: Background, next = bundle) {
  const name = b.db.name;
  b.db.close();
  const log = vi.fn();
  const result = await ensureCorpus(next, { name, log });
  b.db = result.db;
  b.ctx.db = async () => result.db;
  return { ...result, log };
}

describe('schema version 4 (the reader’s tables)', () => {
  it('upgrades a version 3 database with rows: the corpus and its cache stay, the reader’s tables are added', async () => {
    const old = new FactContextDb(NAME, undefined, 3);
    await old.open();
    await loadBundle(old, bundle);
    await old.cache.put({ key: 'search-names', corpusVersion: bundle.version, value: { kept: true } });
    // Every table version 3 has, with its rows.
    const v3Tables = [...new Set(SCHEMA_HISTORY.filter((h) => h.version <= 3).flatMap((h) => Object.keys(h.stores)))];
    expect(v3Tables.sort()).toEqual(old.tables.map((t) => t.name).sort());
    const before: Record<string, unknown[]> = {};
    for (const t of v3Tables) {
      before[t] = await old.table(t).toArray();
      expect(before[t]!.length, t).toBeGreaterThan(0);
    }
    old.close();

    const { db, outcome } = await ensureCorpus(bundle, { name: NAME });
    expect(outcome).toBe('current');
    expect(db.verno).toBe(SCHEMA_VERSION);
    // Version 4 added the reader's tables; later versions (5: corpus packs) only add more.
    expect(Object.keys(SCHEMA_HISTORY.find((h) => h.version === 4)!.stores).sort()).toEqual([...READER_TABLES].sort());
    for (const t of Object.keys(before)) expect(await db.table(t).toArray(), t).toEqual(before[t]);
    expect((await db.cache.get('search-names'))?.value).toEqual({ kept: true });
    for (const t of READER_TABLES) expect(await db[t].count(), t).toBe(0);
    // The new tables and their indexes work.
    await db.readerSources.add({ id: 'reader-a-v1', articleId: 'reader-a', current: 1, entityIds: ['x'] } as never);
    expect(await db.readerSources.where('entityIds').equals('x').primaryKeys()).toEqual(['reader-a-v1']);
    expect(await db.readerSources.where('current').equals(1).count()).toBe(1);
    db.close();
  });
});

describe('loading the bundled corpus again keeps the reader’s data', () => {
  it('a new bundle version replaces the corpus and its index; the reader’s rows stay and are searchable again', async () => {
    bg = await withReaderData();
    const before = await readerSnapshot(bg.db, true);
    const next = { ...bundle, version: `${bundle.version}-next` };
    const { outcome } = await reopen(bg, next);
    expect(outcome).toBe('loaded');
    const after = await readerSnapshot(bg.db, true);
    // The reader's search rows went with the old corpus's index; everything else is untouched.
    expect({ ...after, searchRows: [] }).toEqual({ ...before, searchRows: [] });
    expect(after.searchRows).toEqual([]);
    await (
      await liveIndexFor(bg.db)
    ).complete;
    expect(await readerHits(bg, 'adjusted adapted')).toHaveLength(1);
    expect(await readerHits(bg, 'hanna')).toEqual(['person:reader-hanna-example']);
  });

  it('corrupt corpus tables are loaded again in place, the reader’s tables untouched', async () => {
    bg = await withReaderData();
    await bg.db.facts.clear();
    const before = await readerSnapshot(bg.db, true);
    const { outcome, reason, log } = await reopen(bg);
    expect(outcome).toBe('rebuilt');
    expect(reason).toMatch(/table facts holds 0 rows/);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('rebuilding the corpus database'));
    expect(await bg.db.facts.count()).toBe(bundle.facts.length);
    // In place: even the waiting preview (which a new database would not keep) is still there. The
    // reader's search rows went with the corpus's cache, to be rebuilt from the reader's rows.
    expect(await readerSnapshot(bg.db, true)).toEqual({ ...before, searchRows: [] });
    const card = await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' });
    expect(card.quotes.some((q) => q.fromReading)).toBe(true);
  });

  it('a database from a newer extension is rebuilt, the reader’s articles and people carried over', async () => {
    bg = await withReaderData();
    const before = await readerSnapshot(bg.db);
    const name = bg.db.name;
    bg.db.close();
    // What a newer extension would do: this schema's history, then a later version with one more table.
    const newer = new Dexie(name);
    for (const step of SCHEMA_HISTORY) newer.version(step.version).stores(step.stores);
    newer.version(SCHEMA_VERSION + 1).stores({ somethingNew: 'id' });
    await newer.open();
    newer.close();
    const { outcome, reason } = await reopen(bg);
    expect(outcome).toBe('rebuilt');
    expect(reason).toMatch(/newer than this extension's/);
    const after = await readerSnapshot(bg.db);
    expect({ ...after, searchRows: [] }).toEqual({ ...before, searchRows: [] });
    expect(await bg.db.readerPreviews.count()).toBe(0);
    expect(await bg.db.entities.count()).toBe(bundle.entities.length);
    await (
      await liveIndexFor(bg.db)
    ).complete;
    expect(await readerHits(bg, 'adjusted adapted')).toHaveLength(1);
  });
});
