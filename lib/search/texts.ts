/**
 * The text indexes: facts, quotes, event titles and source titles. Prose is matched on every
 * word of the query (AND), the last word as a prefix, with typo tolerance when that finds little.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { DatePrecision } from '../corpus/schema';
import type { TextDoc } from './documents';
import { marked } from './highlight';
import { FUZZY_MIN_CHARS, FUZZINESS, MAX_FUZZY_EDITS } from './options';
import { TIER_OTHER } from './rank';
import { foldTerm, tokenize } from './text';
import { ITEM_TYPES, type ItemType, type SearchGroup, type SearchHit } from './types';

/**
 * Prose is searched with words of at least this many letters: a shorter one matches most of the
 * vocabulary as a prefix, costs the most and narrows nothing.
 */
export const MIN_TEXT_TERM_CHARS = 3;
/**
 * A word being typed after others is used once it has this many letters: before that, as a
 * prefix, it matches a large part of the vocabulary ("missile ran…") and narrows little.
 */
export const MIN_TRAILING_PREFIX_CHARS = 4;
/**
 * Words whose matches are remembered: a query being typed keeps its earlier words, so each
 * keystroke computes only the word that changed.
 */
export const TERM_CACHE_SIZE = 8;

/** Words too common to search prose by (names keep every word: "De Croo"). */
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have he her his in is it its of on or she that the their they this to was were will with'.split(
    ' ',
  ),
);

/** What a text hit shows, kept beside the index (MiniSearch ids are positions in this list). */
export interface TextEntry {
  kind: ItemType;
  itemId: string;
  text: string;
  detail: string | null;
  date: string | null;
  datePrecision: DatePrecision | null;
}

export interface StoredShard {
  kind: ItemType;
  index: string;
  entries: string;
}

export interface StoredTexts {
  shards: StoredShard[];
}

/** One item's match of one or more words. */
interface TermMatch {
  /** Position in the entries (the MiniSearch id). */
  id: number;
  score: number;
  /** The document's words that matched (for highlighting). */
  terms: string[];
}

interface TermMatches {
  /** Best first. */
  list: TermMatch[];
  /** Built when another word's matches are checked against these. */
  byId: Map<number, TermMatch> | null;
}

const indexTerm = (term: string) => {
  const t = foldTerm(term);
  return t && !STOP_WORDS.has(t) ? t : null;
};

/** A query word as prose is searched by it, or null when it is left out (stop word, too short). */
const searchTerm = (term: string) => {
  const t = indexTerm(term);
  return t && t.length >= MIN_TEXT_TERM_CHARS ? t : null;
};

const fuzziness = (term: string) => (term.length >= FUZZY_MIN_CHARS ? FUZZINESS : false);

/** The words of a query that the text search uses (the last one is searched as a prefix). */
export function searchTerms(query: string): string[] {
  const terms = tokenize(query)
    .map(searchTerm)
    .filter((t): t is string => !!t);
  if (terms.length > 1 && terms.at(-1)!.length < MIN_TRAILING_PREFIX_CHARS) terms.pop();
  return terms;
}

const OPTIONS: Options<TextDoc & { n: number }> = {
  idField: 'n',
  fields: ['text', 'extra'],
  tokenize,
  processTerm: indexTerm,
  searchOptions: {
    boost: { text: 2, extra: 1 },
    processTerm: searchTerm,
    // `search` below asks MiniSearch for one word at a time (prefix and fuzziness per word) and
    // combines them itself.
    maxFuzzy: MAX_FUZZY_EDITS,
  },
};

/** One kind's index (facts, quotes, events or sources): its words, its entries, its word cache. */
class KindIndex {
  private readonly termCache = new Map<string, TermMatches>();

  constructor(
    readonly kind: ItemType,
    private readonly index: MiniSearch,
    private readonly entries: TextEntry[],
  ) {}

  static build(kind: ItemType, docs: TextDoc[]): KindIndex {
    const index = new MiniSearch(OPTIONS);
    index.addAll(docs.map((d, n) => ({ ...d, n })));
    return new KindIndex(
      kind,
      index,
      docs.map(({ kind, itemId, text, detail, date, datePrecision }) => ({
        kind,
        itemId,
        text,
        detail,
        date,
        datePrecision,
      })),
    );
  }

  static fromStored(stored: StoredShard): KindIndex {
    return new KindIndex(
      stored.kind,
      MiniSearch.loadJSON(stored.index, OPTIONS),
      JSON.parse(stored.entries) as TextEntry[],
    );
  }

  toStored(): StoredShard {
    return { kind: this.kind, index: JSON.stringify(this.index), entries: JSON.stringify(this.entries) };
  }

  /**
   * This kind's group: every item matching all the words (the last one as a prefix), best first,
   * the first `perGroup` as hits. Typos are tolerated only when the words as typed find fewer than
   * `perGroup` items: a common word already matches thousands, and its fuzzy variants would only
   * add cost.
   */
  search(terms: string[], perGroup: number): SearchGroup | null {
    let matches = this.allOf(terms, false);
    if (matches.length < perGroup) matches = this.allOf(terms, true);
    if (!matches.length) return null;
    return {
      kind: this.kind,
      total: matches.length,
      hits: matches.slice(0, perGroup).map((m) => this.hit(this.entries[m.id]!, m)),
    };
  }

  /**
   * Items matching every term, best first. What MiniSearch's AND does (scores summed), done
   * here so that each word's matches are computed once while the next word is typed.
   */
  private allOf(terms: string[], fuzzy: boolean): TermMatch[] {
    const perTerm = terms.map((t, i) => this.matchesOf(t, i === terms.length - 1, fuzzy));
    if (perTerm.length === 1) return perTerm[0]!.list;
    perTerm.sort((a, b) => a.list.length - b.list.length);
    const [smallest, ...others] = perTerm;
    const lookups = others.map((o) => (o.byId ??= new Map(o.list.map((m) => [m.id, m]))));
    const out: TermMatch[] = [];
    for (const first of smallest!.list) {
      let score = first.score;
      const matched = [...first.terms];
      let all = true;
      for (const lookup of lookups) {
        const m = lookup.get(first.id);
        if (!m) {
          all = false;
          break;
        }
        score += m.score;
        matched.push(...m.terms);
      }
      if (all) out.push({ id: first.id, score, terms: matched });
    }
    return out.sort((a, b) => b.score - a.score);
  }

  /** One query word's matches, best first, remembered for the next keystrokes (the last TERM_CACHE_SIZE words). */
  private matchesOf(term: string, prefix: boolean, fuzzy: boolean): TermMatches {
    const key = `${prefix ? 'p' : 'w'}${fuzzy ? 'f' : ''}:${term}`;
    const cached = this.termCache.get(key);
    if (cached) {
      this.termCache.delete(key);
      this.termCache.set(key, cached);
      return cached;
    }
    // Only what a match needs is kept: cached lists stay small for the garbage collector.
    const list = this.index
      .search(term, { prefix, fuzzy: fuzzy ? fuzziness : false })
      .map((r): TermMatch => ({ id: r.id as number, score: r.score, terms: r.terms }));
    const matches: TermMatches = { list, byId: null };
    this.termCache.set(key, matches);
    if (this.termCache.size > TERM_CACHE_SIZE) this.termCache.delete(this.termCache.keys().next().value!);
    return matches;
  }

  private hit(e: TextEntry, match: TermMatch): SearchHit {
    const terms = new Set(match.terms);
    return {
      kind: e.kind,
      id: e.itemId,
      title: marked(e.text, terms),
      detail: e.detail === null ? null : marked(e.detail, terms),
      alias: null,
      date: e.date,
      datePrecision: e.datePrecision,
      tier: TIER_OTHER,
      score: match.score,
    };
  }
}

/** Lets other work (a message waiting for an answer) run between two long synchronous steps. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Facts, quotes, events and sources, one index per kind: each kind is its own result group, ranked
 * by its own word statistics, and a stored index loads one kind at a time with a pause between
 * (MiniSearch's own `loadJSONAsync` pauses every 1,000 entries, which Chrome's timer clamping
 * stretches to seconds on a large corpus).
 */
export class TextSearch {
  private constructor(private readonly kinds: KindIndex[]) {}

  static build(docs: TextDoc[]): TextSearch {
    return new TextSearch(
      ITEM_TYPES.map((kind) =>
        KindIndex.build(
          kind,
          docs.filter((d) => d.kind === kind),
        ),
      ),
    );
  }

  static fromStored(stored: StoredTexts): TextSearch {
    return new TextSearch(stored.shards.map((s) => KindIndex.fromStored(s)));
  }

  /** Like `fromStored`, one kind at a time, letting searches of names run in between. */
  static async fromStoredAsync(stored: StoredTexts): Promise<TextSearch> {
    const kinds: KindIndex[] = [];
    for (const shard of stored.shards) {
      await nextTask();
      kinds.push(KindIndex.fromStored(shard));
    }
    return new TextSearch(kinds);
  }

  toStored(): StoredTexts {
    return { shards: this.kinds.map((k) => k.toStored()) };
  }

  /** One group per kind with matches. */
  search(folded: string, perGroup: number): SearchGroup[] {
    const terms = searchTerms(folded);
    if (!terms.length) return [];
    return this.kinds.map((k) => k.search(terms, perGroup)).filter((g): g is SearchGroup => g !== null);
  }
}
