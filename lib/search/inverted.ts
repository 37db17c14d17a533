/**
 * A compact inverted index, the engine under both search indexes (names.ts, texts.ts; ADR 015).
 *
 * Documents are numbered from 0. The vocabulary is a sorted array of terms, so a prefix is a
 * range found by binary search and a typo-tolerant lookup is a walk of that array that shares
 * the edit-distance rows of common prefixes (what a trie would do, without the trie). Each
 * field's postings are typed arrays (document numbers ascending, term frequencies), and BM25 is
 * computed at query time from frequencies and field lengths: adding documents later appends a
 * segment and changes no stored byte of the earlier ones.
 *
 * The scoring is MiniSearch's (BM25+ with its parameters, its weights for prefix and typo
 * matches, field boosts), which ADR 008 chose and measured: rankings stay what they were, and
 * tests compare the two.
 */
import * as v from 'valibot';

/** BM25+ as MiniSearch computes it: term saturation k, length normalization b, and the floor d every match earns. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
/** How much a word reached as a prefix counts against the word itself (MiniSearch's weight), before its length discount. */
export const PREFIX_WEIGHT = 0.375;
/** How much a word reached through a typo counts (MiniSearch's weight), before its distance discount. */
export const FUZZY_WEIGHT = 0.45;
/**
 * Term frequencies are kept in 16 bits: BM25 saturates long before (k = 1.2), so a higher count
 * would change no ranking.
 */
const MAX_TF = 0xffff;
/** Separates the stored vocabulary's terms (never inside a term: terms are runs of letters and digits). */
const TERM_SEPARATOR = '\n';

/** How an index reads its documents: which fields, split into which terms. */
export interface IndexSettings {
  fields: readonly string[];
  /** The tokens of a field's text; a field's length is the number of distinct tokens (as MiniSearch counts it). */
  tokenize: (text: string) => string[];
  /** A token's term, or null to leave it out (a stop word). */
  term: (token: string) => string | null;
}

/**
 * A typed array of the kind named, from any realm: IndexedDB gives back typed arrays of its own
 * realm in some environments (fake-indexeddb under jsdom), where `instanceof` says no.
 */
export const typedArray = <T extends ArrayBufferView>(name: string) =>
  v.custom<T>((x) => Object.prototype.toString.call(x) === `[object ${name}]`, `Expected a ${name}`);

const Postings = v.object({
  /** Term `i`'s postings are at `[starts[i], starts[i + 1])`. */
  starts: typedArray<Uint32Array<ArrayBuffer>>('Uint32Array'),
  /** Document numbers, ascending within each term. */
  docs: typedArray<Uint32Array<ArrayBuffer>>('Uint32Array'),
  /** How often the term occurs in that document's field. */
  tfs: typedArray<Uint16Array<ArrayBuffer>>('Uint16Array'),
  /** Each of the segment's documents' length in this field (index: document number − the segment's `base`). */
  lengths: typedArray<Uint32Array<ArrayBuffer>>('Uint32Array'),
});
/** One field's postings in a segment. */
export type FieldPostings = v.InferOutput<typeof Postings>;

/** A batch of documents indexed together: built once, never changed, stored as it is. */
export interface Segment {
  /** The number of the segment's first document; the others follow it. */
  base: number;
  count: number;
  /** Sorted in UTF-16 code unit order (as `<` compares). */
  terms: string[];
  /** One per field, in the settings' order. */
  fields: FieldPostings[];
}

/** A segment as stored: typed arrays, which IndexedDB keeps and gives back as they are (no parsing). */
export const StoredSegment = v.object({
  base: v.number(),
  count: v.number(),
  terms: v.string(),
  fields: v.array(Postings),
});
export type StoredSegment = v.InferOutput<typeof StoredSegment>;

/**
 * Many strings as one: their concatenation and where each ends. IndexedDB reads back one long
 * string and one typed array far faster than tens of thousands of short strings, whatever they hold.
 */
export const StringTable = v.object({ text: v.string(), ends: typedArray<Uint32Array<ArrayBuffer>>('Uint32Array') });
export type StringTable = v.InferOutput<typeof StringTable>;

export function stringTable(strings: readonly string[]): StringTable {
  const ends = new Uint32Array(strings.length);
  let at = 0;
  strings.forEach((s, i) => (ends[i] = at += s.length));
  return { text: strings.join(''), ends };
}

/** String `i` of a table. */
export function stringAt(table: StringTable, i: number): string {
  return table.text.slice(i ? table.ends[i - 1] : 0, table.ends[i]);
}

/** Throws unless the table holds `count` strings that fit its text. */
export function checkStringTable(table: StringTable, count: number): void {
  const { ends, text } = table;
  if (ends.length !== count || (count && ends[count - 1] !== text.length)) throw new Error('damaged string table');
  for (let i = 1; i < count; i++) if (ends[i]! < ends[i - 1]!) throw new Error('damaged string table');
}

/** A term the query reached, where it is in each segment (−1: absent there), and what a match through it weighs. */
export interface Expansion {
  term: string;
  weight: number;
  at: Int32Array;
}

/** The first index in sorted `terms` whose term is not below `key`. */
function lowerBound(terms: readonly string[], key: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (terms[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The end of the run of terms starting with `prefix` that begins at `from` in sorted `terms` (every
 * term from `from` on sorts at or after `prefix`). Gallops first: the run is often short.
 */
function prefixEnd(terms: readonly string[], prefix: string, from: number): number {
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < terms.length && terms[hi]!.startsWith(prefix)) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, terms.length);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (terms[mid]!.startsWith(prefix)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The range `[start, end)` of sorted `terms` that start with `prefix`. */
export function prefixRange(terms: readonly string[], prefix: string): [number, number] {
  const start = lowerBound(terms, prefix);
  return [start, prefixEnd(terms, prefix, start)];
}

/**
 * The terms of sorted `terms` within `maxEdits` Levenshtein edits (insertions, deletions,
 * substitutions of UTF-16 code units, as MiniSearch counts them) of `query`, with their distance.
 * Consecutive terms share the rows of their common prefix, and a prefix whose every row entry
 * exceeds `maxEdits` skips every term that starts with it: the cost of a trie walk.
 */
export function fuzzyTerms(
  terms: readonly string[],
  query: string,
  maxEdits: number,
): { index: number; distance: number }[] {
  const m = query.length;
  const maxLen = m + maxEdits;
  const width = m + 1;
  const cap = maxEdits + 1;
  // rows[depth * width + j]: the distance between the current term's first `depth` code units and
  // the query's first `j`, capped at maxEdits + 1 (every larger value decides the same).
  const rows = new Uint8Array((maxLen + 1) * width);
  for (let j = 0; j <= m; j++) rows[j] = Math.min(j, cap);
  const q = Array.from({ length: m }, (_, j) => query.charCodeAt(j));
  const out: { index: number; distance: number }[] = [];
  let previous = '';
  let valid = 0;
  let i = 0;
  while (i < terms.length) {
    const t = terms[i]!;
    let depth = 0;
    const shared = Math.min(valid, t.length);
    while (depth < shared && t.charCodeAt(depth) === previous.charCodeAt(depth)) depth++;
    const upto = Math.min(t.length, maxLen);
    let dead = 0;
    for (let d = depth + 1; d <= upto; d++) {
      const c = t.charCodeAt(d - 1);
      const p = (d - 1) * width;
      const r = d * width;
      let min = Math.min(d, cap);
      rows[r] = min;
      for (let j = 1; j <= m; j++) {
        const value = Math.min(
          rows[p + j]! + 1,
          rows[r + j - 1]! + 1,
          rows[p + j - 1]! + (q[j - 1] === c ? 0 : 1),
          cap,
        );
        rows[r + j] = value;
        if (value < min) min = value;
      }
      if (min > maxEdits) {
        dead = d;
        break;
      }
    }
    previous = t;
    if (dead) {
      // No term that starts with these `dead` code units can come within reach.
      valid = dead;
      i = prefixEnd(terms, t.slice(0, dead), i + 1);
      continue;
    }
    valid = upto;
    if (t.length <= maxLen) {
      const distance = rows[t.length * width + m]!;
      if (distance <= maxEdits) out.push({ index: i, distance });
      i++;
    } else {
      // Every later term that starts with these maxLen code units is as much too long.
      i = prefixEnd(terms, t.slice(0, maxLen), i + 1);
    }
  }
  return out;
}

/**
 * Per-document scores summed across the terms of a query, in arrays as long as the index (reused
 * from query to query: only the documents touched are reset).
 */
export class Accumulator {
  readonly scores: Float64Array;
  /** How many distinct query words matched each document. */
  readonly words: Uint8Array;
  private readonly lastWord: Int32Array;
  private readonly touched: Uint32Array;
  private size = 0;

  constructor(docCount: number) {
    this.scores = new Float64Array(docCount);
    this.words = new Uint8Array(docCount);
    this.lastWord = new Int32Array(docCount);
    this.touched = new Uint32Array(docCount);
  }

  get count(): number {
    return this.size;
  }

  /**
   * Adds `score` (always > 0) to `doc`, matched by the query's word number `word`. A word's
   * postings are added together: `words` counts the changes of word number per document.
   */
  add(doc: number, score: number, word: number): void {
    if (this.scores[doc] === 0) this.touched[this.size++] = doc;
    this.scores[doc]! += score;
    if (this.lastWord[doc] !== word + 1) {
      this.lastWord[doc] = word + 1;
      this.words[doc]!++;
    }
  }

  /** The documents touched, ascending. */
  docs(): Uint32Array {
    const n = this.size;
    const docCount = this.scores.length;
    // Few documents: sort them; many: one pass over the scores finds them in order for less.
    if (n * 16 < docCount) return this.touched.slice(0, n).sort();
    const out = new Uint32Array(n);
    let k = 0;
    for (let d = 0; d < docCount && k < n; d++) if (this.scores[d] !== 0) out[k++] = d;
    return out;
  }

  /** Forgets every score, ready for the next query. */
  reset(): void {
    for (let i = 0; i < this.size; i++) {
      const d = this.touched[i]!;
      this.scores[d] = 0;
      this.words[d] = 0;
      this.lastWord[d] = 0;
    }
    this.size = 0;
  }
}

/** Growable typed columns of (term id, document, frequency) triples, while a segment is built. */
class TripleBuffer {
  terms = new Uint32Array(1024);
  docs = new Uint32Array(1024);
  tfs = new Uint16Array(1024);
  size = 0;

  push(term: number, doc: number, tf: number): void {
    if (this.size === this.terms.length) {
      const terms = new Uint32Array(this.size * 2);
      const docs = new Uint32Array(this.size * 2);
      const tfs = new Uint16Array(this.size * 2);
      terms.set(this.terms);
      docs.set(this.docs);
      tfs.set(this.tfs);
      this.terms = terms;
      this.docs = docs;
      this.tfs = tfs;
    }
    this.terms[this.size] = term;
    this.docs[this.size] = doc;
    this.tfs[this.size] = tf;
    this.size++;
  }
}

/** Indexes `docs` (each an array of field texts, in the settings' order) as documents `base`, `base + 1`, … */
export function buildSegment(settings: IndexSettings, docs: readonly (readonly string[])[], base: number): Segment {
  const ids = new Map<string, number>();
  const buffers = settings.fields.map(() => new TripleBuffer());
  const lengths = settings.fields.map(() => new Uint32Array(docs.length));
  docs.forEach((doc, n) => {
    settings.fields.forEach((_, f) => {
      const tokens = settings.tokenize(doc[f] ?? '');
      lengths[f]![n] = new Set(tokens).size;
      const counts = new Map<string, number>();
      for (const token of tokens) {
        const term = settings.term(token);
        if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
      }
      for (const [term, tf] of counts) {
        let id = ids.get(term);
        if (id === undefined) ids.set(term, (id = ids.size));
        buffers[f]!.push(id, base + n, Math.min(tf, MAX_TF));
      }
    });
  });
  const terms = [...ids.keys()].sort();
  for (const term of terms) if (term.includes(TERM_SEPARATOR)) throw new Error(`a term with a line break: ${term}`);
  // Sorted position of each term id.
  const rank = new Uint32Array(terms.length);
  terms.forEach((term, r) => (rank[ids.get(term)!] = r));
  const fields = buffers.map((buffer, f): FieldPostings => {
    // Counting sort by term; documents were pushed in ascending order and stay so within each term.
    const starts = new Uint32Array(terms.length + 1);
    for (let i = 0; i < buffer.size; i++) starts[rank[buffer.terms[i]!]! + 1]!++;
    for (let t = 0; t < terms.length; t++) starts[t + 1]! += starts[t]!;
    const next = starts.slice(0, terms.length);
    const postingDocs = new Uint32Array(buffer.size);
    const tfs = new Uint16Array(buffer.size);
    for (let i = 0; i < buffer.size; i++) {
      const at = next[rank[buffer.terms[i]!]!]!++;
      postingDocs[at] = buffer.docs[i]!;
      tfs[at] = buffer.tfs[i]!;
    }
    return { starts, docs: postingDocs, tfs, lengths: lengths[f]! };
  });
  return { base, count: docs.length, terms, fields };
}

/** Throws unless `s` is a whole segment of `fieldCount` fields (a damaged stored row is rebuilt, never half read). */
function checkSegment(s: Segment, fieldCount: number, base: number): void {
  const bad = (why: string) => new Error(`damaged search segment: ${why}`);
  if (s.base !== base || !Number.isInteger(s.count) || s.count < 0) throw bad('numbering');
  if (s.fields.length !== fieldCount) throw bad('fields');
  for (const f of s.fields) {
    const postings = f.starts[s.terms.length];
    if (
      f.starts.length !== s.terms.length + 1 ||
      f.starts[0] !== 0 ||
      f.docs.length !== postings ||
      f.tfs.length !== postings
    )
      throw bad('postings');
    for (let t = 0; t < s.terms.length; t++) if (f.starts[t + 1]! < f.starts[t]!) throw bad('postings');
    // One pass over the postings (a millisecond for the bench's texts): a number out of range
    // would index past the lengths and the scores.
    for (const doc of f.docs) if (doc < base || doc >= base + s.count) throw bad('document numbers');
    if (f.lengths.length !== s.count) throw bad('lengths');
  }
}

/**
 * The index: segments of documents numbered in one sequence, searched as one (word statistics
 * are summed across segments at query time).
 */
export class InvertedIndex {
  private readonly segments: Segment[] = [];
  private docTotal = 0;
  /** Per field: the sum of every document's length, for the average BM25 normalizes by. */
  private readonly lengthTotals: number[];
  private accumulator: Accumulator | null = null;

  constructor(readonly settings: IndexSettings) {
    this.lengthTotals = settings.fields.map(() => 0);
  }

  static build(settings: IndexSettings, docs: readonly (readonly string[])[]): InvertedIndex {
    const index = new InvertedIndex(settings);
    index.add(docs);
    return index;
  }

  /** Throws when `stored` is not a list of whole segments for these settings. */
  static fromStored(settings: IndexSettings, stored: unknown): InvertedIndex {
    const index = new InvertedIndex(settings);
    for (const s of v.parse(v.array(StoredSegment), stored)) {
      index.append({ ...s, terms: s.terms ? s.terms.split(TERM_SEPARATOR) : [] });
    }
    return index;
  }

  toStored(): StoredSegment[] {
    return this.segments.map(storedSegment);
  }

  get docCount(): number {
    return this.docTotal;
  }

  /**
   * Indexes more documents, numbered after the last: a new segment, returned in its stored form
   * (store it beside the others; nothing already stored changes).
   */
  add(docs: readonly (readonly string[])[]): StoredSegment {
    const segment = buildSegment(this.settings, docs, this.docTotal);
    this.append(segment);
    return storedSegment(segment);
  }

  private append(segment: Segment): void {
    checkSegment(segment, this.settings.fields.length, this.docTotal);
    this.segments.push(segment);
    this.docTotal += segment.count;
    segment.fields.forEach((f, i) => {
      let total = 0;
      for (const length of f.lengths) total += length;
      this.lengthTotals[i]! += total;
    });
    this.accumulator = null;
  }

  /**
   * The terms a query word reaches, with their weights (MiniSearch's rules): the word itself
   * (1), the longer words it starts when `prefix` (less the longer they are), and the words within
   * `maxEdits` edits of it (less the more edits), each term once, as its best kind of match.
   */
  expand(word: string, prefix: boolean, maxEdits: number): Expansion[] {
    const found = new Map<string, Expansion>();
    const note = (term: string, weight: number, segment: number, at: number) => {
      let e = found.get(term);
      if (!e) {
        e = { term, weight, at: new Int32Array(this.segments.length).fill(-1) };
        found.set(term, e);
      }
      e.at[segment] = at;
    };
    this.segments.forEach((s, k) => {
      if (prefix) {
        const [start, end] = prefixRange(s.terms, word);
        for (let i = start; i < end; i++) {
          const term = s.terms[i]!;
          const distance = term.length - word.length;
          note(term, distance ? (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance) : 1, k, i);
        }
      } else {
        const i = lowerBound(s.terms, word);
        if (s.terms[i] === word) note(word, 1, k, i);
      }
      if (maxEdits > 0) {
        for (const { index, distance } of fuzzyTerms(s.terms, word, maxEdits)) {
          const term = s.terms[index]!;
          // A prefix match or the word itself counts as such, never as a typo.
          if (distance && !(prefix && term.startsWith(word)))
            note(term, (FUZZY_WEIGHT * term.length) / (term.length + distance), k, index);
        }
      }
    });
    return [...found.values()];
  }

  /**
   * Adds every posting of `expansions` to `into` as the query's word number `word`: BM25 per
   * field, times the field's boost and the expansion's weight, summed over fields and terms.
   */
  score(expansions: readonly Expansion[], boosts: readonly number[], into: Accumulator, word: number): void {
    const n = this.docTotal;
    for (let f = 0; f < boosts.length; f++) {
      const boost = boosts[f]!;
      const average = this.lengthTotals[f]! / n;
      for (const e of expansions) {
        let df = 0;
        for (let k = 0; k < this.segments.length; k++) {
          const at = e.at[k]!;
          if (at < 0) continue;
          const { starts } = this.segments[k]!.fields[f]!;
          df += starts[at + 1]! - starts[at]!;
        }
        if (!df) continue;
        const weight = e.weight * boost * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (let k = 0; k < this.segments.length; k++) {
          const at = e.at[k]!;
          if (at < 0) continue;
          const segment = this.segments[k]!;
          const { starts, docs, tfs, lengths } = segment.fields[f]!;
          const base = segment.base;
          for (let p = starts[at]!, end = starts[at + 1]!; p < end; p++) {
            const doc = docs[p]!;
            const tf = tfs[p]!;
            const norm = 1 - BM25.b + (BM25.b * lengths[doc - base]!) / average;
            into.add(doc, weight * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * norm)), word);
          }
        }
      }
    }
  }

  /** The accumulator for this index's documents (one, reused: reset it after use). */
  scores(): Accumulator {
    this.accumulator ??= new Accumulator(this.docTotal);
    return this.accumulator;
  }

  /** Whether `doc` holds `e`'s term, as a bit per field (1 << field number); 0 when it does not. */
  fieldsOf(doc: number, e: Expansion): number {
    let mask = 0;
    for (let k = 0; k < this.segments.length; k++) {
      const at = e.at[k]!;
      const segment = this.segments[k]!;
      if (at < 0 || doc < segment.base || doc >= segment.base + segment.count) continue;
      segment.fields.forEach(({ starts, docs }, f) => {
        // Binary search of the term's postings (ascending).
        let lo = starts[at]!;
        let hi = starts[at + 1]!;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (docs[mid]! < doc) lo = mid + 1;
          else hi = mid;
        }
        if (lo < starts[at + 1]! && docs[lo] === doc) mask |= 1 << f;
      });
    }
    return mask;
  }
}

function storedSegment(s: Segment): StoredSegment {
  return { base: s.base, count: s.count, terms: s.terms.join(TERM_SEPARATOR), fields: s.fields };
}

/**
 * The positions of the `k` first of `0 … count − 1` in the order `compare` gives (negative: the
 * first argument goes before), ties kept in position order, without sorting the rest: a popup
 * shows a few per group of thousands.
 */
export function topK(count: number, k: number, compare: (a: number, b: number) => number): number[] {
  const best: number[] = [];
  if (k <= 0) return best;
  for (let i = 0; i < count; i++) {
    if (best.length === k && compare(i, best[k - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && compare(i, best[at - 1]!) < 0) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
