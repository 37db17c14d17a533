/**
 * The text indexes: facts, quotes, event titles and source titles, one inverted index per kind
 * (inverted.ts). Prose is matched on every word of the query (AND), the last word as a prefix,
 * with typo tolerance when that finds little. A search costs the postings it reads plus the few
 * hits it shows: scores add up in typed arrays, the best few are selected without sorting the
 * rest, and only they get highlights.
 */
import * as v from 'valibot';
import { DATE_PRECISIONS } from '../corpus/schema';
import type { TextDoc } from './documents';
import { marked } from './highlight';
import {
  checkStringTable,
  InvertedIndex,
  StoredSegment,
  stringAt,
  StringTable,
  stringTable,
  topK,
  typedArray,
  type Expansion,
  type IndexSettings,
} from './inverted';
import { maxEdits } from './options';
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

const indexTerm = (term: string) => {
  const t = foldTerm(term);
  return t && !STOP_WORDS.has(t) ? t : null;
};

/** A query word as prose is searched by it, or null when it is left out (stop word, too short). */
const searchTerm = (term: string) => {
  const t = indexTerm(term);
  return t && t.length >= MIN_TEXT_TERM_CHARS ? t : null;
};

/** The words of a query that the text search uses (the last one is searched as a prefix). */
export function searchTerms(query: string): string[] {
  const terms = tokenize(query)
    .map(searchTerm)
    .filter((t): t is string => !!t);
  if (terms.length > 1 && terms.at(-1)!.length < MIN_TRAILING_PREFIX_CHARS) terms.pop();
  return terms;
}

/** Fields of every text document: what is shown (text) and what else finds it (a quote's speaker and context, a source's publisher). */
export const TEXT_SETTINGS: IndexSettings = { fields: ['text', 'extra'], tokenize, term: indexTerm };
/** The shown text counts twice what finds it besides. */
const BOOSTS = [2, 1] as const;

/**
 * What the hits of a batch of documents show: four strings per document (item id, text, detail,
 * date; a missing one as '') and a byte of flags (which are missing, the date's precision). Two
 * large values, which IndexedDB reads back far faster than thousands of small objects.
 */
const Entries = v.object({ strings: StringTable, flags: typedArray<Uint8Array<ArrayBuffer>>('Uint8Array') });
type Entries = v.InferOutput<typeof Entries>;
const STRINGS_PER_ENTRY = 4;
const NO_DETAIL = 1;
const NO_DATE = 2;
/** The date's precision is kept in bits 2–3: 0 none, else its position in DATE_PRECISIONS plus one. */
const PRECISION_SHIFT = 2;

/**
 * Part of one kind's index as stored: a segment and the entries of its documents. The first
 * build stores one per kind; documents added later (inverted.ts) come as more, after it.
 */
export const StoredTextBatch = v.object({ kind: v.picklist(ITEM_TYPES), segment: StoredSegment, entries: Entries });
export type StoredTextBatch = v.InferOutput<typeof StoredTextBatch>;
export interface StoredTexts {
  batches: StoredTextBatch[];
}

/** One query word's matches in one kind: documents ascending, their scores, and the terms it reached. */
interface WordMatches {
  docs: Uint32Array;
  scores: Float64Array;
  expansions: Expansion[];
}

/** Documents that match every word of a query, ascending, with their summed scores. */
interface Matches {
  count: number;
  docs: Uint32Array;
  scores: Float64Array;
  words: WordMatches[];
}

function entriesOf(docs: readonly TextDoc[]): Entries {
  const flags = Uint8Array.from(
    docs,
    (d) =>
      (d.detail === null ? NO_DETAIL : 0) |
      (d.date === null ? NO_DATE : 0) |
      ((d.datePrecision === null ? 0 : DATE_PRECISIONS.indexOf(d.datePrecision) + 1) << PRECISION_SHIFT),
  );
  return { strings: stringTable(docs.flatMap((d) => [d.itemId, d.text, d.detail ?? '', d.date ?? ''])), flags };
}

/** Throws unless `e` describes `count` documents. */
function checkEntries(e: Entries, count: number): void {
  if (e.flags.length !== count || e.flags.some((f) => f >> PRECISION_SHIFT > DATE_PRECISIONS.length))
    throw new Error('damaged text entries');
  checkStringTable(e.strings, count * STRINGS_PER_ENTRY);
}

/** One document's entry, read from its batch's columns. */
function entryAt(e: Entries, i: number) {
  const at = i * STRINGS_PER_ENTRY;
  const flags = e.flags[i]!;
  const precision = flags >> PRECISION_SHIFT;
  return {
    itemId: stringAt(e.strings, at),
    text: stringAt(e.strings, at + 1),
    detail: flags & NO_DETAIL ? null : stringAt(e.strings, at + 2),
    date: flags & NO_DATE ? null : stringAt(e.strings, at + 3),
    datePrecision: precision ? DATE_PRECISIONS[precision - 1]! : null,
  };
}

/** The first position at or after `from` in ascending `docs` whose document is not below `doc`. */
function seek(docs: Uint32Array, doc: number, from: number): number {
  // Gallop, then halve: the lists of an AND advance together, usually by little.
  let step = 1;
  let hi = from;
  while (hi < docs.length && docs[hi]! < doc) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, docs.length);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (docs[mid]! < doc) from = mid + 1;
    else hi = mid;
  }
  return from;
}

/** One kind's index (facts, quotes, events or sources): its words, its entries, its word cache. */
class KindIndex {
  private readonly termCache = new Map<string, WordMatches>();

  /** Each batch's entries and its first document's number, in order. */
  private readonly entries: { base: number; entries: Entries }[] = [];

  private constructor(
    readonly kind: ItemType,
    private readonly index: InvertedIndex,
  ) {}

  static empty(kind: ItemType): KindIndex {
    return new KindIndex(kind, new InvertedIndex(TEXT_SETTINGS));
  }

  static fromStored(kind: ItemType, batches: readonly StoredTextBatch[]): KindIndex {
    const k = new KindIndex(
      kind,
      InvertedIndex.fromStored(
        TEXT_SETTINGS,
        batches.map((b) => b.segment),
      ),
    );
    for (const b of batches) {
      checkEntries(b.entries, b.segment.count);
      k.entries.push({ base: b.segment.base, entries: b.entries });
    }
    return k;
  }

  /** Indexes more documents of this kind after those it has; returns the batch to store. */
  add(docs: readonly TextDoc[]): StoredTextBatch {
    const entries = entriesOf(docs);
    const segment = this.index.add(docs.map((d) => [d.text, d.extra]));
    this.entries.push({ base: segment.base, entries });
    this.termCache.clear();
    return { kind: this.kind, segment, entries };
  }

  /** Document `doc`'s entry (what its hit shows). */
  private entry(doc: number) {
    let b = this.entries.length - 1;
    while (b > 0 && this.entries[b]!.base > doc) b--;
    const { base, entries } = this.entries[b]!;
    return entryAt(entries, doc - base);
  }

  itemId(doc: number): string {
    return this.entry(doc).itemId;
  }

  /**
   * This kind's group: the number of items matching all the words (the last one as a prefix), and
   * the best `perGroup` of them as hits. Typos are tolerated only when the words as typed find
   * fewer than `perGroup` items: a common word already matches thousands, and its fuzzy
   * variants would only add cost.
   */
  search(terms: string[], perGroup: number): SearchGroup | null {
    let matches = this.match(terms, false);
    if (matches.count < perGroup) matches = this.match(terms, true);
    if (!matches.count) return null;
    const { scores, docs } = matches;
    const best = topK(matches.count, perGroup, (a, b) => scores[b]! - scores[a]!);
    return {
      kind: this.kind,
      total: matches.count,
      hits: best.map((i) => this.hit(docs[i]!, scores[i]!, matches.words)),
    };
  }

  /**
   * The items matching every term (the last as a prefix; `fuzzy`: within typo reach), with
   * the sum of each word's score: what MiniSearch's AND gives, word by word so that each word's
   * matches are computed once while the next word is typed.
   */
  match(terms: string[], fuzzy: boolean): Matches {
    const words = terms.map((t, i) => this.matchesOf(t, i === terms.length - 1, fuzzy));
    if (words.length === 1)
      return { count: words[0]!.docs.length, docs: words[0]!.docs, scores: words[0]!.scores, words };
    // Walk the smallest list; find each of its documents in the others (all ascending).
    const order = [...words].sort((a, b) => a.docs.length - b.docs.length);
    const [smallest, ...others] = order;
    const at = new Uint32Array(others.length);
    const docs = new Uint32Array(smallest!.docs.length);
    const scores = new Float64Array(smallest!.docs.length);
    let count = 0;
    outer: for (let i = 0; i < smallest!.docs.length; i++) {
      const doc = smallest!.docs[i]!;
      let score = smallest!.scores[i]!;
      for (let o = 0; o < others.length; o++) {
        const other = others[o]!;
        const p = seek(other.docs, doc, at[o]!);
        at[o] = p;
        if (p >= other.docs.length) break outer;
        if (other.docs[p] !== doc) continue outer;
        score += other.scores[p]!;
      }
      docs[count] = doc;
      scores[count++] = score;
    }
    return { count, docs, scores, words };
  }

  /** One query word's matches, remembered for the next keystrokes (the last TERM_CACHE_SIZE words). */
  private matchesOf(term: string, prefix: boolean, fuzzy: boolean): WordMatches {
    const key = `${prefix ? 'p' : 'w'}${fuzzy ? 'f' : ''}:${term}`;
    const cached = this.termCache.get(key);
    if (cached) {
      this.termCache.delete(key);
      this.termCache.set(key, cached);
      return cached;
    }
    const expansions = this.index.expand(term, prefix, fuzzy ? maxEdits(term) : 0);
    const acc = this.index.scores();
    this.index.score(expansions, BOOSTS, acc, 0);
    const docs = acc.docs();
    const scores = new Float64Array(docs.length);
    for (let i = 0; i < docs.length; i++) scores[i] = acc.scores[docs[i]!]!;
    acc.reset();
    const matches: WordMatches = { docs, scores, expansions };
    this.termCache.set(key, matches);
    if (this.termCache.size > TERM_CACHE_SIZE) this.termCache.delete(this.termCache.keys().next().value!);
    return matches;
  }

  /** A shown hit: the words of this document that the query reached are marked (looked up for it alone). */
  private hit(doc: number, score: number, words: readonly WordMatches[]): SearchHit {
    const terms = new Set<string>();
    for (const w of words) for (const e of w.expansions) if (this.index.fieldsOf(doc, e)) terms.add(e.term);
    const { itemId, text, detail, date, datePrecision } = this.entry(doc);
    return {
      kind: this.kind,
      id: itemId,
      title: marked(text, terms),
      detail: detail === null ? null : marked(detail, terms),
      alias: null,
      date,
      datePrecision,
      tier: TIER_OTHER,
      score,
    };
  }
}

/** Lets other work (a message waiting for an answer) run between two long synchronous steps. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function byKind(batches: readonly StoredTextBatch[]): Map<ItemType, StoredTextBatch[]> {
  const out = new Map<ItemType, StoredTextBatch[]>(ITEM_TYPES.map((k) => [k, []]));
  for (const b of batches) out.get(b.kind)!.push(b);
  return out;
}

/**
 * Facts, quotes, events and sources, one index per kind: each kind is its own result group, ranked
 * by its own word statistics, and a stored index loads one kind at a time with a pause between.
 */
export class TextSearch {
  private constructor(
    private readonly kinds: KindIndex[],
    /** Every batch indexed, in order: the stored form, to which additions only append. */
    private readonly batches: StoredTextBatch[],
  ) {}

  static build(docs: readonly TextDoc[]): TextSearch {
    const search = new TextSearch(
      ITEM_TYPES.map((kind) => KindIndex.empty(kind)),
      [],
    );
    search.add(docs);
    return search;
  }

  /** Throws when `stored` is not whole batches of this format (the caller rebuilds). */
  static fromStored(stored: StoredTexts): TextSearch {
    const batches = byKind(stored.batches);
    return new TextSearch(
      ITEM_TYPES.map((kind) => KindIndex.fromStored(kind, batches.get(kind)!)),
      [...stored.batches],
    );
  }

  /** Like `fromStored`, one kind at a time, letting searches of names run in between. */
  static async fromStoredAsync(stored: StoredTexts): Promise<TextSearch> {
    const batches = byKind(stored.batches);
    const kinds: KindIndex[] = [];
    for (const kind of ITEM_TYPES) {
      await nextTask();
      kinds.push(KindIndex.fromStored(kind, batches.get(kind)!));
    }
    return new TextSearch(kinds, [...stored.batches]);
  }

  toStored(): StoredTexts {
    return { batches: [...this.batches] };
  }

  /**
   * Indexes more items after those already indexed (the reader's own articles, issue 17): each
   * kind with new items gets a new segment, and the batches returned are all there is to store,
   * beside the stored ones.
   */
  add(docs: readonly TextDoc[]): StoredTextBatch[] {
    const added = this.kinds.flatMap((k) => {
      const mine = docs.filter((d) => d.kind === k.kind);
      return mine.length ? [k.add(mine)] : [];
    });
    this.batches.push(...added);
    return added;
  }
  /** One group per kind with matches. */
  search(folded: string, perGroup: number): SearchGroup[] {
    const terms = searchTerms(folded);
    if (!terms.length) return [];
    return this.kinds.map((k) => k.search(terms, perGroup)).filter((g): g is SearchGroup => g !== null);
  }

  /** Every item of `kind` matching the folded query (`fuzzy`: within typo reach), as item ids with scores (tests compare it with a plain scan). */
  matches(kind: ItemType, folded: string, fuzzy: boolean): Map<string, number> {
    const k = this.kinds.find((x) => x.kind === kind)!;
    const terms = searchTerms(folded);
    const out = new Map<string, number>();
    if (!terms.length) return out;
    const m = k.match(terms, fuzzy);
    for (let i = 0; i < m.count; i++) out.set(k.itemId(m.docs[i]!), m.scores[i]!);
    return out;
  }
}
