/**
 * The reader's part of the search index (lib/background/reader-index.ts): an addition appends one
 * stored row and builds nothing else; a removal rebuilds the reader's part alone; the bundled part
 * is never rebuilt for the reader; whatever the changes, the index answers exactly as one built
 * from scratch over the same documents; a cold start loads it from storage, and a reader's part
 * out of step with the reader's rows is rebuilt.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveIndexFor, loadOrBuildIndex, SEARCH_NAMES_KEY, SEARCH_TEXTS_KEY } from '@/lib/background/search';
import { READER_INDEX_PREFIX, readerDocs } from '@/lib/background/reader-index';
import { MERGE_FANOUT } from '@/lib/reader/limits';
import { NameSearch, SearchIndex, TextSearch } from '@/lib/search';
import { nameDocs, suggestionsFor, textDocs } from '@/lib/search/documents';
import type { SearchResults } from '@/lib/search/types';
import { addShown, background, otherArticle, readerHits, updatedStory, type Background } from './reader-support';

let bg: Background;
beforeEach(async () => {
  bg = await background();
  // The worker's index is loaded (and stored) before the reader changes anything.
  await (
    await liveIndexFor(bg.db)
  ).complete;
});
afterEach(async () => {
  vi.restoreAllMocks();
  await bg.close();
});

const QUERIES = ['adjusted adapted', 'blinken', 'missiles', 'allies revisit', 'report talking', 'zelensky permission'];

/**
 * The same queries on an index built at once from the bundled corpus (read from the database, in
 * its order, as the background built its index) and the reader's current documents.
 */
async function fromScratch(): Promise<Map<string, SearchResults>> {
  const { docs } = await readerDocs(bg.db);
  const db = bg.db;
  const [entities, facts, quotes, events, sources, people] = await Promise.all([
    db.entities.toArray(),
    db.facts.toArray(),
    db.quotes.toArray(),
    db.events.toArray(),
    db.sources.toArray(),
    db.readerEntities.toArray(),
  ]);
  const corpus = { entities, facts, quotes, events, sources };
  const index = new SearchIndex(
    NameSearch.build(nameDocs({ ...corpus, entities: [...entities, ...people] })),
    suggestionsFor(corpus),
    TextSearch.build([...textDocs(corpus), ...docs]),
  );
  return new Map(QUERIES.map((q) => [q, index.search(q)]));
}

/** The background's answers, without the `fromReading` flags the fresh index cannot know. */
async function answers(): Promise<Map<string, SearchResults>> {
  const out = new Map<string, SearchResults>();
  for (const q of QUERIES) {
    const r = await bg.ask('page.search', { query: q });
    expect(r.complete).toBe(true);
    out.set(q, {
      ...r,
      groups: r.groups.map((g) => ({ ...g, hits: g.hits.map(({ fromReading: _f, ...h }) => h) })),
    });
  }
  return out;
}

const readerRows = () => bg.db.cache.where('key').startsWith(READER_INDEX_PREFIX).toArray();

describe('the reader’s part of the search index', () => {
  it('an addition appends one stored row, and builds or writes nothing of the bundled index', async () => {
    const bundled = await bg.db.cache.get(SEARCH_TEXTS_KEY);
    const names = await bg.db.cache.get(SEARCH_NAMES_KEY);
    const build = vi.spyOn(TextSearch, 'build');
    const full = vi.spyOn(SearchIndex, 'build');
    const put = vi.spyOn(bg.db.cache, 'put');
    await addShown(bg);
    bg.tab.answer = otherArticle(1);
    const { added } = await addShown(bg);
    expect(build).not.toHaveBeenCalled();
    expect(full).not.toHaveBeenCalled();
    expect(put.mock.calls.map(([row]) => row.key)).toEqual([
      `${READER_INDEX_PREFIX}00000000`,
      `${READER_INDEX_PREFIX}00000001`,
    ]);
    expect((await readerRows()).map((r) => (r.value as { sourceIds: string[] }).sourceIds)).toEqual([
      [expect.any(String)],
      [added.sourceId],
    ]);
    expect(await bg.db.cache.get(SEARCH_TEXTS_KEY)).toEqual(bundled);
    expect(await bg.db.cache.get(SEARCH_NAMES_KEY)).toEqual(names);
    expect(await answers()).toEqual(await fromScratch());
  });

  it('a removal rebuilds the reader’s part alone', async () => {
    const first = await addShown(bg);
    bg.tab.answer = otherArticle(1);
    await addShown(bg);
    const bundled = await bg.db.cache.get(SEARCH_TEXTS_KEY);
    const build = vi.spyOn(TextSearch, 'build');
    const put = vi.spyOn(bg.db.cache, 'put');
    await bg.ask('page.removeReaderArticle', { articleId: first.added.articleId });
    expect(build).not.toHaveBeenCalled();
    // Of the search rows, only the reader's part is written (the cards' digests are rebuilt beside it).
    const searchRows = put.mock.calls.map(([row]) => row.key).filter((key) => key.startsWith('search'));
    expect(searchRows).toEqual([`${READER_INDEX_PREFIX}00000000`]);
    expect(await bg.db.cache.get(SEARCH_TEXTS_KEY)).toEqual(bundled);
    expect(await readerHits(bg, 'adjusted adapted')).toEqual([]);
    expect(await readerHits(bg, 'report talking')).not.toEqual([]);
    expect(await answers()).toEqual(await fromScratch());
  });

  it('answers as an index built from scratch after additions, a new version, hiding and removals', async () => {
    await addShown(bg);
    for (const n of [1, 2, 3]) {
      bg.tab.answer = otherArticle(n);
      await addShown(bg);
    }
    expect(await answers()).toEqual(await fromScratch());
    bg.tab.answer = updatedStory();
    await addShown(bg);
    expect(await answers()).toEqual(await fromScratch());
    const quote = (await bg.db.readerQuotes.toArray()).find((q) => q.text.includes('report 2'))!;
    await bg.ask('page.setReaderItemHidden', { kind: 'quote', id: quote.id, hidden: true });
    expect(await answers()).toEqual(await fromScratch());
    await bg.ask('page.removeReaderArticle', { articleId: quote.articleId });
    await bg.ask('page.addReaderEntity', { name: 'Hanna Example', aliases: [] });
    expect(await answers()).toEqual(await fromScratch());
  });

  it('a cold start loads the reader’s part from storage; one out of step is rebuilt', async () => {
    const { added } = await addShown(bg);
    const build = vi.spyOn(TextSearch, 'build');
    const cold = await loadOrBuildIndex(bg.db);
    expect(cold.texts).toBe('stored');
    expect(build).not.toHaveBeenCalled();
    const hits = cold.index.search('adjusted adapted').groups.flatMap((g) => g.hits.map((h) => h.id));
    expect(hits).toContain(`${added.sourceId}-q421-549`);

    // The row lost behind our back (or left from before a crash): rebuilt from the reader's rows.
    await bg.db.cache.where('key').startsWith(READER_INDEX_PREFIX).delete();
    const rebuilt = await loadOrBuildIndex(bg.db);
    expect(rebuilt.index.search('adjusted adapted').groups.flatMap((g) => g.hits.map((h) => h.id))).toEqual(hits);
    expect(await readerRows()).toHaveLength(1);
    expect(build).not.toHaveBeenCalled();
  });

  it('merges its newest rows by size class, each article indexed a handful of times, not at every merge', async () => {
    // Four rows of one article make one of four; four of those one of sixteen; the next stays apart.
    const articles = MERGE_FANOUT * MERGE_FANOUT + 1;
    const add = vi.spyOn(TextSearch.prototype, 'add');
    for (let n = 0; n < articles; n++) {
      bg.tab.answer = otherArticle(n);
      await addShown(bg);
    }
    const sizes = async () => (await readerRows()).map((r) => (r.value as { sourceIds: string[] }).sourceIds.length);
    await vi.waitFor(async () => expect(await sizes()).toEqual([MERGE_FANOUT * MERGE_FANOUT, 1]));
    // Each article's source document was indexed when it was added, then once per merge it went
    // through (into a row of four, then of sixteen): merging all at each merge would index it again each time.
    const indexed = add.mock.calls.flatMap(([docs]) => docs.filter((d) => d.kind === 'source')).length;
    expect(indexed).toBe(articles + 2 * MERGE_FANOUT * MERGE_FANOUT);
    expect(await answers()).toEqual(await fromScratch());
    // A cold start reads the merged rows as they are stored (a rebuild would make one row of all).
    await loadOrBuildIndex(bg.db);
    expect(await sizes()).toEqual([MERGE_FANOUT * MERGE_FANOUT, 1]);
  }, 60_000);
});
