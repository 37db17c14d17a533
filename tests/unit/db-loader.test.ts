/**
 * The corpus loader against fake-indexeddb: atomic load, idempotent reload, upgrade from an
 * older schema, and rebuilds of a database that is corrupt, unreadable or from a newer version.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CorpusBundle } from '@/lib/corpus/schema';
import { FactContextDb, SCHEMA_HISTORY, SCHEMA_VERSION } from '@/lib/db';
import { ensureCorpus, loadBundle } from '@/lib/db/loader';
import { loadCorpus } from '@/scripts/corpus/read';
import { getMutedEntities, mutedEntitiesItem } from '@/lib/settings/store';
import { join } from 'node:path';

const fixture = loadCorpus(join(import.meta.dirname, '../fixtures/corpus/valid')).bundle!;
let counter = 0;
const names: string[] = [];
function freshName() {
  const name = `test-db-${++counter}`;
  names.push(name);
  return name;
}
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

/** A second corpus version: one more fact, a different version string. */
function nextVersion(bundle: CorpusBundle): CorpusBundle {
  return {
    ...bundle,
    version: `${bundle.version}-next`,
    facts: [...bundle.facts, { ...bundle.facts[0]!, id: 'extra-fact' }],
  };
}

async function snapshot(db: FactContextDb) {
  return {
    meta: await db.meta.get('corpus'),
    sources: await db.sources.toArray(),
    entities: await db.entities.toArray(),
    facts: await db.facts.toArray(),
    quotes: await db.quotes.toArray(),
    events: await db.events.toArray(),
    claims: await db.claims.toArray(),
  };
}

describe('ensureCorpus', () => {
  it('loads the whole bundle into an empty database', async () => {
    const name = freshName();
    const { db, outcome } = await ensureCorpus(fixture, { name });
    expect(outcome).toBe('loaded');
    const snap = await snapshot(db);
    expect(snap.meta?.version).toBe(fixture.version);
    expect(snap.entities.map((e) => e.id).sort()).toEqual(fixture.entities.map((e) => e.id).sort());
    expect(snap.facts).toHaveLength(fixture.facts.length);
    expect(snap.events[0]?.sourceIds).toEqual(['sample-article']);
    expect(snap.sources[0]?.text).toBe(fixture.sources[0]?.text);
    db.close();
  });

  it('changes nothing when the same version is loaded twice', async () => {
    const name = freshName();
    const first = await ensureCorpus(fixture, { name });
    const before = await snapshot(first.db);
    first.db.close();
    const second = await ensureCorpus(fixture, { name });
    expect(second.outcome).toBe('current');
    expect(await snapshot(second.db)).toEqual(before);
    second.db.close();
  });

  it('replaces the corpus when the bundle version changes', async () => {
    const name = freshName();
    const first = await ensureCorpus(fixture, { name });
    await first.db.cache.put({ key: 'search-index', corpusVersion: fixture.version, value: 'old index' });
    first.db.close();
    const { db, outcome } = await ensureCorpus(nextVersion(fixture), { name });
    expect(outcome).toBe('loaded');
    // Derived data of the old corpus goes with it.
    expect(await db.cache.count()).toBe(0);
    expect((await db.facts.toArray()).map((f) => f.id)).toContain('extra-fact');
    expect((await db.meta.get('corpus'))?.version).toBe(`${fixture.version}-next`);
    db.close();
  });

  it('keeps the previous complete corpus when a load fails halfway', async () => {
    const name = freshName();
    const { db } = await ensureCorpus(fixture, { name });
    const before = await snapshot(db);
    // Two facts with one id: bulkAdd fails after sources and entities were already written.
    const broken = { ...nextVersion(fixture), facts: [fixture.facts[0]!, fixture.facts[0]!] };
    await expect(loadBundle(db, broken)).rejects.toThrow();
    expect(await snapshot(db)).toEqual(before);
    db.close();
  });

  it('rebuilds a database whose tables disagree with its meta row (corrupt)', async () => {
    const name = freshName();
    const { db } = await ensureCorpus(fixture, { name });
    await db.facts.clear();
    db.close();
    const log = vi.fn();
    const result = await ensureCorpus(fixture, { name, log });
    expect(result.outcome).toBe('rebuilt');
    expect(result.reason).toMatch(/table facts holds 0 rows, expected 2/);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('rebuilding the corpus database'));
    expect(await result.db.facts.count()).toBe(fixture.facts.length);
    result.db.close();
  });

  it('rebuilds a database from a newer extension version', async () => {
    const name = freshName();
    const newer = new Dexie(name);
    newer.version(SCHEMA_VERSION + 5).stores({ somethingElse: 'id' });
    await newer.open();
    await newer.table('somethingElse').add({ id: 1 });
    newer.close();
    const log = vi.fn();
    const result = await ensureCorpus(fixture, { name, log });
    expect(result.outcome).toBe('rebuilt');
    expect(result.reason).toMatch(/newer than this extension's/);
    expect(await result.db.entities.count()).toBe(fixture.entities.length);
    result.db.close();
  });

  it('rebuilds a database of the same name with a foreign layout', async () => {
    const name = freshName();
    const foreign = new Dexie(name);
    foreign.version(SCHEMA_VERSION).stores({ meta: 'key' });
    await foreign.open();
    await foreign.table('meta').put({ key: 'corpus', version: 'x', counts: {} });
    foreign.close();
    const result = await ensureCorpus(fixture, { name, log: () => {} });
    expect(result.outcome).toBe('rebuilt');
    expect(await result.db.sources.count()).toBe(fixture.sources.length);
    result.db.close();
  });

  it('never touches the user data kept in extension storage', async () => {
    const name = freshName();
    await mutedEntitiesItem.setValue(['jane-roe']);
    const { db } = await ensureCorpus(fixture, { name });
    await db.facts.clear();
    db.close();
    const rebuilt = await ensureCorpus(nextVersion(fixture), { name, log: () => {} });
    expect(rebuilt.outcome).toBe('rebuilt');
    expect(await getMutedEntities()).toEqual(['jane-roe']);
    expect(await fakeBrowser.storage.local.get('mutedEntities')).toEqual({ mutedEntities: ['jane-roe'] });
    rebuilt.db.close();
  });
});

describe('schema upgrades', () => {
  it('keeps its history append-only and ordered', () => {
    const versions = SCHEMA_HISTORY.map((s) => s.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  for (const old of SCHEMA_HISTORY.slice(0, -1)) {
    it(`upgrades a version ${old.version} database with rows to version ${SCHEMA_VERSION}`, async () => {
      const name = freshName();
      const oldDb = new FactContextDb(name, undefined, old.version);
      await oldDb.open();
      await loadBundle(oldDb, fixture);
      if (old.version < 2) {
        // Rows as version 1 wrote them: events and claims without sourceIds.
        await oldDb.events.toCollection().modify((row) => {
          delete (row as { sourceIds?: string[] }).sourceIds;
        });
        await oldDb.claims.toCollection().modify((row) => {
          delete (row as { sourceIds?: string[] }).sourceIds;
        });
      }
      oldDb.close();

      const { db, outcome } = await ensureCorpus(fixture, { name });
      expect(outcome).toBe('current');
      expect(db.verno).toBe(SCHEMA_VERSION);
      const events = await db.events.where('sourceIds').equals('sample-article').toArray();
      expect(events.map((e) => e.id)).toEqual(['roe-order-confirmed']);
      const claims = await db.claims.where('sourceIds').equals('sample-article').toArray();
      expect(claims.map((c) => c.id)).toEqual(['when-do-rockets-arrive']);
      // Version 3's cache table is there and usable.
      await db.cache.put({ key: 'k', corpusVersion: fixture.version, value: 1 });
      expect(await db.cache.get('k')).toEqual({ key: 'k', corpusVersion: fixture.version, value: 1 });
      db.close();
    });
  }
});
