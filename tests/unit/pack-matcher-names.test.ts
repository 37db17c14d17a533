/**
 * The matcher's names in compact form (issue 18): exact when expanded, much smaller than the
 * matcher's entities, built once per corpus version and stored, rebuilt after an import, and what
 * a content script's `cs.getMatcherEntities` gets.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CorpusBundle } from '@/lib/corpus/schema';
import { ensureCorpus } from '@/lib/db/loader';
import { dispatch, type HandlerContext } from '@/lib/background/handlers';
import { MATCHER_NAMES_KEY, matcherNames } from '@/lib/background/matcher-names';
import { compactMatcherNames, expandMatcherNames, type MatcherNames } from '@/lib/messaging/matcher-names';
import { toMatcherEntity, type MatcherEntity } from '@/lib/messaging/protocol';
import { bundledCorpus, importPack, mergedCorpus } from '@/lib/pack/merge';
import { importIntoDb, removeFromDb } from '@/lib/pack/store';
import { loadCorpus } from '@/scripts/corpus/read';
import { checked } from './pack-support';

const bundle: CorpusBundle = loadCorpus().bundle!;
const names: string[] = [];
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});
async function freshDb() {
  const name = `names-db-${names.length}-${Date.now()}`;
  names.push(name);
  return (await ensureCorpus(bundle, { name })).db;
}

const json = (x: unknown) => JSON.stringify(x).length;
/** The bundled corpus's matcher entities in the database's order (by id). */
const bundled = () => bundle.entities.map(toMatcherEntity).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('compact matcher names', () => {
  it('expand exactly to the matcher entities: plain, ambiguous and common aliases, names apart from the first alias', async () => {
    const pack = await checked({ id: 'desk', sources: 40, entities: 80 });
    const imported = importPack(bundledCorpus(bundle), pack);
    if (!imported.ok) throw new Error('refused');
    const entities: MatcherEntity[] = [
      ...mergedCorpus(imported.corpus).entities.map(toMatcherEntity),
      {
        id: 'odd-one',
        kind: 'person',
        name: 'Not An Alias',
        aliasDetails: [
          { text: 'Jo Odd', ambiguous: null, common: 'many bear it' },
          { text: 'Odd', ambiguous: 'shared with odd-two' },
        ],
        titles: ['Minister'],
        topics: [],
        excludes: ['Odd Fellows'],
        relatedIds: ['odd-two'],
      },
      {
        id: 'no-alias',
        kind: 'weapon',
        name: 'Nameless',
        aliasDetails: [],
        titles: [],
        topics: [],
        excludes: [],
        relatedIds: [],
      },
    ];
    expect(entities.some((e) => e.aliasDetails.some((a) => a.ambiguous !== null))).toBe(true);
    // Through JSON, as a message carries it.
    const compact = JSON.parse(JSON.stringify(compactMatcherNames('v1', entities))) as MatcherNames;
    expect(expandMatcherNames(compact)).toEqual(entities);
    expect(compact.corpusVersion).toBe('v1');
    // Titles, topics and kinds shared by many people are written once.
    expect(json(compact)).toBeLessThan(json(entities) / 2);
  });

  it('refuses a word index out of range', () => {
    const names: MatcherNames = {
      corpusVersion: 'v',
      words: ['person'],
      entities: [['a', 3, null, ['A'], [], [], [], []]],
    };
    expect(() => expandMatcherNames(names)).toThrow('out of range');
  });

  it('are built once per corpus version, stored, rebuilt after an import or a removal, and sent to content scripts', async () => {
    const db = await freshDb();
    const ctx: HandlerContext = { db: async () => db, setBadge: async () => {}, bundle };
    const contentScript = { fromExtensionPage: false, tabId: 7, url: 'https://news.example/a' };
    const read = vi.spyOn(db.entities, 'toArray');

    const first = await dispatch('cs.getMatcherEntities', undefined, contentScript, ctx);
    if (!first.ok) throw new Error(first.error);
    const meta = await db.meta.get('corpus');
    expect((first.value as MatcherNames).corpusVersion).toBe(meta!.version);
    expect(expandMatcherNames(first.value as MatcherNames)).toEqual(bundled());
    expect((await db.cache.get(MATCHER_NAMES_KEY))?.corpusVersion).toBe(meta!.version);
    expect(read).toHaveBeenCalledTimes(1);
    // The next pages read the stored row, not the entities.
    await dispatch('cs.getMatcherEntities', undefined, contentScript, ctx);
    await dispatch('cs.getMatcherEntities', undefined, contentScript, ctx);
    expect(read).toHaveBeenCalledTimes(1);

    await importIntoDb(db, bundle, await checked({ id: 'desk' }));
    const afterImport = await matcherNames(db);
    expect(afterImport.corpusVersion).toBe((await db.meta.get('corpus'))!.version);
    expect(afterImport.corpusVersion).not.toBe(meta!.version);
    expect(expandMatcherNames(afterImport)).toEqual((await db.entities.toArray()).map(toMatcherEntity));
    expect(afterImport.entities.length).toBeGreaterThan(bundle.entities.length);
    expect(read).toHaveBeenCalledTimes(3); // built once for the new version (the comparison above read once more)
    await matcherNames(db);
    expect(read).toHaveBeenCalledTimes(3);

    await removeFromDb(db, bundle, 'desk');
    expect(expandMatcherNames(await matcherNames(db))).toEqual(bundled());
    read.mockRestore();
    db.close();
  });
});
