/** The background's search messages: the index built once per corpus version, stored, reloaded. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import Dexie from 'dexie';
import { dispatch, type HandlerContext, type SenderInfo } from '@/lib/background/handlers';
import {
  liveIndexFor,
  loadOrBuildIndex,
  SEARCH_NAMES_KEY,
  SEARCH_TEXTS_KEY,
  warmSearchIndex,
} from '@/lib/background/search';
import { ensureCorpus } from '@/lib/db/loader';
import { MAX_ENTITY_IDS_PER_REQUEST, MAX_QUERY_LENGTH } from '@/lib/messaging/shared';
import { SearchIndex, SEARCH_INDEX_FORMAT } from '@/lib/search';
import { nameDocs, textDocs } from '@/lib/search/documents';
import type { SearchItem, SearchResults } from '@/lib/search/types';
import { loadCorpus } from '@/scripts/corpus/read';
import { format3Parts } from './search-reference';

const fixture = loadCorpus(join(import.meta.dirname, '../fixtures/corpus/valid')).bundle!;
const extensionPage: SenderInfo = { fromExtensionPage: true, tabId: null, url: 'chrome-extension://id/popup.html' };
const contentScript: SenderInfo = { fromExtensionPage: false, tabId: 7, url: 'https://news.example/story' };
const DB = 'search-test';

const opened: { close: () => void }[] = [];

async function open(bundle = fixture) {
  const { db } = await ensureCorpus(bundle, { name: DB });
  opened.push(db);
  const ctx: HandlerContext = { db: async () => db, setBadge: async () => {} };
  return { db, ctx };
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) db.close();
  await Dexie.delete(DB);
});

async function ok<T>(promise: Promise<{ ok: boolean; value?: unknown; error?: string }>): Promise<T> {
  const result = await promise;
  expect(result).toMatchObject({ ok: true });
  return result.value as T;
}

describe('search index storage', () => {
  it('builds the index once, stores it with the corpus version, and loads it on a cold start', async () => {
    const { db } = await open();
    const build = vi.spyOn(SearchIndex, 'build');
    const first = await loadOrBuildIndex(db);
    expect(first).toMatchObject({ names: 'built', texts: 'built' });
    expect(build).toHaveBeenCalledTimes(1);
    for (const key of [SEARCH_NAMES_KEY, SEARCH_TEXTS_KEY]) {
      expect(await db.cache.get(key)).toMatchObject({
        corpusVersion: fixture.version,
        value: { format: SEARCH_INDEX_FORMAT },
      });
    }

    const cold = await loadOrBuildIndex(db);
    expect(cold).toMatchObject({ names: 'stored', texts: 'stored' });
    expect(build).toHaveBeenCalledTimes(1);
    expect(cold.index.search('roe').groups[0]?.hits[0]?.id).toBe('jane-roe');
    expect(cold.index.search('rockets').groups.find((g) => g.kind === 'fact')?.hits[0]?.id).toBe(
      'skyfall-rockets-arrive-march',
    );
  });

  it('answers names before the text index is loaded, then everything, and keeps it in memory', async () => {
    const { db } = await open();
    await loadOrBuildIndex(db);
    const reads = vi.spyOn(db.cache, 'get');
    const state = await liveIndexFor(db);
    expect(state.current.search('skyfall')).toMatchObject({ complete: false, groups: [{ kind: 'weapon' }] });
    const full = await state.complete;
    expect(state.current).toBe(full);
    const complete = full.search('skyfall');
    expect(complete.complete).toBe(true);
    expect(complete.groups.map((g) => g.kind)).toContain('fact');
    expect(await liveIndexFor(db)).toBe(state);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('can be warmed ahead of the first search (on install), building and storing every part', async () => {
    const { db } = await open();
    await warmSearchIndex(db);
    expect((await liveIndexFor(db)).current.search('rockets').complete).toBe(true);
    expect((await db.cache.toCollection().primaryKeys()).sort()).toEqual([SEARCH_NAMES_KEY, SEARCH_TEXTS_KEY]);
  });

  it('rebuilds when the corpus changes (the reload clears the cache) or a stored part is of another format', async () => {
    const { db } = await open();
    await loadOrBuildIndex(db);
    db.close();
    const next = { ...fixture, version: `${fixture.version}-next` };
    const reopened = await open(next);
    expect(await reopened.db.cache.count()).toBe(0);
    expect(await loadOrBuildIndex(reopened.db)).toMatchObject({ names: 'built', texts: 'built' });
    expect((await reopened.db.cache.get(SEARCH_NAMES_KEY))?.corpusVersion).toBe(next.version);

    await reopened.db.cache.update(SEARCH_TEXTS_KEY, { value: { format: 0 } });
    expect(await loadOrBuildIndex(reopened.db)).toMatchObject({ names: 'stored', texts: 'built' });
    await reopened.db.cache.update(SEARCH_NAMES_KEY, { corpusVersion: 'older' });
    expect(await loadOrBuildIndex(reopened.db)).toMatchObject({ names: 'built', texts: 'built' });
    expect(await loadOrBuildIndex(reopened.db)).toMatchObject({ names: 'stored', texts: 'stored' });
  });
});

describe('an index stored by an older format', () => {
  it('is rebuilt, not read, and stored again in the current format', async () => {
    const { db } = await open();
    await loadOrBuildIndex(db);
    // What format 3 (MiniSearch JSON) stored for this very corpus.
    const corpus = { ...fixture };
    const old = format3Parts(nameDocs(corpus), textDocs(corpus));
    await db.cache.bulkPut([
      { key: SEARCH_NAMES_KEY, corpusVersion: fixture.version, value: old.names },
      { key: SEARCH_TEXTS_KEY, corpusVersion: fixture.version, value: old.texts },
    ]);
    const build = vi.spyOn(SearchIndex, 'build');
    const rebuilt = await loadOrBuildIndex(db);
    expect(rebuilt).toMatchObject({ names: 'built', texts: 'built' });
    expect(build).toHaveBeenCalledTimes(1);
    for (const key of [SEARCH_NAMES_KEY, SEARCH_TEXTS_KEY]) {
      expect((await db.cache.get(key))?.value).toMatchObject({ format: SEARCH_INDEX_FORMAT });
    }
    expect(rebuilt.index.search('rockets').groups.find((g) => g.kind === 'fact')?.hits[0]?.id).toBe(
      'skyfall-rockets-arrive-march',
    );
    expect(await loadOrBuildIndex(db)).toMatchObject({ names: 'stored', texts: 'stored' });
  });

  it('is rebuilt when a stored part of this format is damaged', async () => {
    const { db } = await open();
    await loadOrBuildIndex(db);
    const row = (await db.cache.get(SEARCH_NAMES_KEY))!;
    const value = row.value as { names: { segments: { fields: { docs: Uint32Array }[] }[] } };
    value.names.segments[0]!.fields[0]!.docs = new Uint32Array(1);
    await db.cache.put(row);
    expect(await loadOrBuildIndex(db)).toMatchObject({ names: 'built' });
  });
});

describe('search messages', () => {
  it('answers page.search with grouped, highlighted results', async () => {
    const { ctx } = await open();
    await (
      await liveIndexFor(await ctx.db())
    ).complete;
    const r = await ok<SearchResults>(dispatch('page.search', { query: 'skyfal' }, extensionPage, ctx));
    expect(r.query).toBe('skyfal');
    expect(r.groups[0]).toMatchObject({ kind: 'weapon', hits: [{ id: 'skyfall', title: { text: 'Skyfall' } }] });
    expect(r.groups[0]!.hits[0]!.title.highlights).toEqual([{ start: 0, end: 7 }]);
    const fact = r.groups.find((g) => g.kind === 'fact');
    expect(fact?.hits.map((h) => h.id)).toContain('skyfall-rockets-arrive-march');
  });

  it('answers suggestions and entity names', async () => {
    const { ctx } = await open();
    const suggestions = await ok<{ id: string }[]>(
      dispatch('page.getSearchSuggestions', undefined, extensionPage, ctx),
    );
    expect(suggestions.map((s) => s.id).sort()).toEqual(['jane-roe', 'skyfall']);
    expect(await ok(dispatch('page.getEntityNames', { entityIds: ['skyfall', 'nobody'] }, extensionPage, ctx))).toEqual(
      {
        skyfall: { id: 'skyfall', name: 'Skyfall', kind: 'weapon' },
      },
    );
  });

  it('answers each item type with its source and date', async () => {
    const { ctx } = await open();
    const get = (type: SearchItem['type'], id: string) =>
      ok<SearchItem>(dispatch('page.getSearchItem', { type, id }, extensionPage, ctx));
    const source = {
      id: 'sample-article',
      title: 'Sample article',
      publisher: null,
      publishedAt: '2024-06-05',
      datePrecision: 'day',
    };
    expect(await get('fact', 'skyfall-rockets-arrive-march')).toMatchObject({
      type: 'fact',
      text: 'Skyfall rockets will arrive in March.',
      quote: 'the Skyfall rockets “will arrive in March.”',
      source,
      entities: [
        { id: 'skyfall', name: 'Skyfall', kind: 'weapon' },
        { id: 'jane-roe', name: 'Jane Roe', kind: 'person' },
      ],
    });
    expect(await get('quote', 'roe-arrive-in-march')).toMatchObject({
      speaker: { id: 'jane-roe' },
      date: '2024-06-03',
      datePrecision: 'day',
      source,
    });
    expect(await get('event', 'roe-order-confirmed')).toMatchObject({
      date: '2024-06-03',
      evidence: [{ quote: 'confirmed the order on 3 June 2024', source }],
    });
    expect(await get('source', 'sample-article')).toMatchObject({
      publishedAt: '2024-06-05',
      position: { stance: 'unclear' },
    });
    const missing = await dispatch('page.getSearchItem', { type: 'fact', id: 'no-such-fact' }, extensionPage, ctx);
    expect(missing).toEqual({ ok: false, error: 'No fact no-such-fact' });
  });

  it.each([
    ['page.search', 'a query over the length limit', { query: 'x'.repeat(MAX_QUERY_LENGTH + 1) }],
    ['page.search', 'a query that is not a string', { query: 42 }],
    ['page.search', 'extra fields', { query: 'a', extra: true }],
    ['page.getSearchItem', 'an unknown item type', { type: 'entity', id: 'jane-roe' }],
    ['page.getSearchItem', 'an id with markup', { type: 'fact', id: '<img src=x>' }],
    [
      'page.getEntityNames',
      'too many ids',
      { entityIds: Array.from({ length: MAX_ENTITY_IDS_PER_REQUEST + 1 }, (_, i) => `e-${i}`) },
    ],
  ])('rejects %s with %s', async (type, _label, data) => {
    const { ctx } = await open();
    const result = await dispatch(type, data, extensionPage, ctx);
    expect(result.ok).toBe(false);
    expect((result as { error: string }).error).toMatch(new RegExp(`^Invalid ${type.replace('.', '\\.')} data`));
  });

  it('is not available to content scripts', async () => {
    const { ctx } = await open();
    for (const type of ['page.search', 'page.getSearchSuggestions', 'page.getSearchItem', 'page.getEntityNames']) {
      const result = await dispatch(type, { query: 'roe' }, contentScript, ctx);
      expect(result).toEqual({ ok: false, error: `${type} is not available to content scripts` });
    }
  });
});
