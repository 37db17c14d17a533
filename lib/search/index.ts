/**
 * The corpus search: two inverted indexes over plain corpus data (inverted.ts), one of entity
 * names and aliases (names.ts) and one of facts, quotes, events and sources (texts.ts). Built
 * once per corpus version and stored as typed arrays (lib/background/search.ts keeps them in the
 * database); loaded back without parsing or re-indexing, the small names index first. See
 * docs/adr/015-search-index.md (which follows 008).
 */
import * as v from 'valibot';
import { ENTITY_KINDS } from '../corpus/schema';
import { nameDocs, suggestionsFor, textDocs, type SearchCorpus } from './documents';
import { NameSearch, type StoredNames, type NameGroup } from './names';
import { TIER_OTHER } from './rank';
import { searchTerms, StoredTextBatch, TextSearch } from './texts';
import { foldPhrase } from './text';
import { RESULT_KINDS, type SearchResults, type SearchSuggestion } from './types';

export { NameSearch } from './names';
export { TextSearch } from './texts';
export type { SearchCorpus } from './documents';

/**
 * Bumped whenever the indexes' stored shape, fields or term processing change, so a stored index
 * of the old shape is rebuilt. 4: inverted indexes of typed arrays instead of MiniSearch JSON.
 */
export const SEARCH_INDEX_FORMAT = 4;
/** Results shown per group: a popup is small, and the best few answer "what do we know about X". */
export const HITS_PER_GROUP = 5;

const Suggestion = v.object({ id: v.string(), kind: v.picklist(ENTITY_KINDS), name: v.string() });
/** The names index and the suggestions: loaded first, enough to answer entity searches. */
export const StoredNamesPart = v.object({
  format: v.literal(SEARCH_INDEX_FORMAT),
  names: v.unknown(),
  suggestions: v.array(Suggestion),
});
/** The larger text indexes (batches of each kind), loaded after the names. */
export const StoredTextsPart = v.object({
  format: v.literal(SEARCH_INDEX_FORMAT),
  texts: v.object({ batches: v.array(StoredTextBatch) }),
});
export type StoredNamesPart = {
  format: typeof SEARCH_INDEX_FORMAT;
  names: StoredNames;
  suggestions: SearchSuggestion[];
};
export type StoredTextsPart = v.InferOutput<typeof StoredTextsPart>;

const KIND_ORDER = new Map(RESULT_KINDS.map((k, i) => [k, i]));

export class SearchIndex {
  constructor(
    readonly names: NameSearch,
    readonly suggestions: SearchSuggestion[],
    /** Null while the text index is still loading: searches then cover names only. */
    readonly texts: TextSearch | null,
  ) {}

  static build(corpus: SearchCorpus): SearchIndex {
    return new SearchIndex(
      NameSearch.build(nameDocs(corpus)),
      suggestionsFor(corpus),
      TextSearch.build(textDocs(corpus)),
    );
  }

  /** Throws when `stored` is not a names part of this format. */
  static namesFromStored(stored: unknown): { names: NameSearch; suggestions: SearchSuggestion[] } {
    const s = v.parse(StoredNamesPart, stored);
    return { names: NameSearch.fromStored(s.names), suggestions: s.suggestions };
  }

  /** Throws when `stored` is not a texts part of this format. */
  static textsFromStored(stored: unknown): TextSearch {
    return TextSearch.fromStored(v.parse(StoredTextsPart, stored).texts);
  }

  /** Like `textsFromStored`, one kind at a time, so searches of names go on meanwhile. */
  static textsFromStoredAsync(stored: unknown): Promise<TextSearch> {
    return TextSearch.fromStoredAsync(v.parse(StoredTextsPart, stored).texts);
  }

  /** Both parts at once (tests, bench); the background loads them one after the other. */
  static fromStored(stored: { names: unknown; texts: unknown }): SearchIndex {
    const { names, suggestions } = SearchIndex.namesFromStored(stored.names);
    return new SearchIndex(names, suggestions, SearchIndex.textsFromStored(stored.texts));
  }

  toStored(): { names: StoredNamesPart; texts: StoredTextsPart } {
    if (!this.texts) throw new Error('The text index is not loaded');
    return {
      names: { format: SEARCH_INDEX_FORMAT, names: this.names.toStored(), suggestions: this.suggestions },
      texts: { format: SEARCH_INDEX_FORMAT, texts: this.texts.toStored() },
    };
  }

  withTexts(texts: TextSearch): SearchIndex {
    return new SearchIndex(this.names, this.suggestions, texts);
  }

  /** The same index with another names index (the bundled entities and the reader's people). */
  withNames(names: NameSearch): SearchIndex {
    return new SearchIndex(names, this.suggestions, this.texts);
  }

  /** Results grouped by kind, best group first; each group ranked, exact and prefix name matches first. */
  search(query: string, perGroup = HITS_PER_GROUP): SearchResults {
    const complete = this.texts !== null;
    const folded = foldPhrase(query);
    if (!folded) return { query, groups: [], total: 0, complete };
    const groups: NameGroup[] = this.names.search(folded, perGroup);
    if (this.texts && searchTerms(folded).length) {
      for (const g of this.texts.search(folded, perGroup)) groups.push({ ...g, best: TIER_OTHER });
    }
    const total = groups.reduce((n, g) => n + g.total, 0);
    groups.sort((a, b) => a.best - b.best || KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!);
    return { query, total, complete, groups: groups.map(({ kind, total, hits }) => ({ kind, total, hits })) };
  }
}
