/**
 * The names index: one MiniSearch document per entity (name, aliases, and both written
 * together without spaces), searched with prefixes and typo tolerance on every keystroke.
 * Ranked by name-match tier first (rank.ts), then by MiniSearch's score.
 */
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { EntityKind } from '../corpus/schema';
import type { NameDoc } from './documents';
import { marked } from './highlight';
import { nameTier, TIER_EXACT, TIER_NAME_PREFIX, TIER_WORD_PREFIX, type NameTier } from './rank';
import { foldTerm, tokenize } from './text';
import type { MarkedText, SearchHit } from './types';
import { FUZZY_MIN_CHARS, FUZZINESS, MAX_FUZZY_EDITS, type Candidate } from './options';

/** What a names hit shows and ranks by, kept beside the index (MiniSearch ids are positions in this list). */
export interface NameEntry {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  keys: string[];
}

export interface StoredNames {
  index: string;
  entries: string;
}

/** How much each field counts (MiniSearch's boosts, and the short-prefix path's ranking). */
const BOOST = { name: 3, compact: 2, alias: 1.5 } as const;
type NameField = keyof typeof BOOST;

const OPTIONS: Options<NameDoc & { n: number }> = {
  idField: 'n',
  fields: ['name', 'alias', 'compact'],
  tokenize,
  processTerm: (term) => foldTerm(term) || null,
  searchOptions: {
    // The canonical name counts most; the run-together form catches "stormshadow".
    boost: { ...BOOST },
    prefix: true,
    fuzzy: (term) => (term.length >= FUZZY_MIN_CHARS ? FUZZINESS : false),
    maxFuzzy: MAX_FUZZY_EDITS,
    combineWith: 'OR',
  },
};

/**
 * Single letters beside other words are left out of the name search ("joseph r biden", "storm s"):
 * as prefixes they match thousands of names and add nothing the other words do not. A single
 * letter alone is kept: it is all the reader typed so far.
 */
function nameQuery(folded: string): string {
  const words = folded.split(' ');
  return words.length > 1 ? words.filter((w) => w.length > 1).join(' ') || folded : folded;
}

/**
 * Every word of every entity's names (and each name run together), sorted, with the entry and
 * field it comes from: a query of one short word (a prefix only, no typo tolerance below
 * FUZZY_MIN_CHARS) is answered by a binary search here. Through MiniSearch, "s" or "mi" scored
 * thousands of prefix matches on every keystroke: the slowest keystrokes of the popup.
 */
interface WordList {
  words: string[];
  entries: number[];
  fields: NameField[];
  /** Each entry's keys run together, beside `entry.keys`. */
  compacts: string[][];
}

function wordList(entries: readonly NameEntry[]): WordList {
  const rows: [string, number, NameField][] = [];
  entries.forEach((entry, n) => {
    entry.keys.forEach((key, k) => {
      const field: NameField = k === 0 ? 'name' : 'alias';
      const parts = key.split(' ');
      for (const word of parts) rows.push([word, n, field]);
      if (parts.length > 1) rows.push([parts.join(''), n, 'compact']);
    });
  });
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  return {
    words: rows.map((r) => r[0]),
    entries: rows.map((r) => r[1]),
    fields: rows.map((r) => r[2]),
    compacts: entries.map((e) => e.keys.map((k) => k.replaceAll(' ', ''))),
  };
}

/**
 * `nameTier` for a query of one word that starts a word of the entity's names: the same answer,
 * without the general case's work (`rank.ts`; a unit test keeps the two in step).
 */
export function prefixTier(word: string, keys: readonly string[], compacts: readonly string[]): NameTier {
  let best: NameTier = { tier: TIER_WORD_PREFIX, keyIndex: -1 };
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const kc = compacts[k]!;
    if (key === word || kc === word) return { tier: TIER_EXACT, keyIndex: k };
    if (best.tier > TIER_NAME_PREFIX && (key.startsWith(word) || kc.startsWith(word)))
      best = { tier: TIER_NAME_PREFIX, keyIndex: k };
    else if (best.keyIndex < 0 && (key.includes(` ${word}`) || key.startsWith(word)))
      best = { tier: TIER_WORD_PREFIX, keyIndex: k };
  }
  return best;
}

/** The first index in sorted `words` whose word is not below `prefix`. */
function lowerBound(words: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class NameSearch {
  private words: WordList | null = null;

  private constructor(
    private readonly index: MiniSearch,
    private readonly entries: NameEntry[],
  ) {}

  static build(docs: NameDoc[]): NameSearch {
    const index = new MiniSearch(OPTIONS);
    index.addAll(docs.map((d, n) => ({ ...d, n })));
    return new NameSearch(
      index,
      docs.map(({ id, kind, name, aliases, keys }) => ({ id, kind, name, aliases, keys })),
    );
  }

  static fromStored(stored: StoredNames): NameSearch {
    return new NameSearch(MiniSearch.loadJSON(stored.index, OPTIONS), JSON.parse(stored.entries) as NameEntry[]);
  }

  toStored(): StoredNames {
    return { index: JSON.stringify(this.index), entries: JSON.stringify(this.entries) };
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every entity matching the folded query, unranked; `show` turns the few shown into hits. */
  find(folded: string): Candidate[] {
    const query = nameQuery(folded);
    // One short word: the folded query is that word (nameQuery drops nothing from one word).
    if (query.length < FUZZY_MIN_CHARS && !query.includes(' ')) return this.findPrefix(query);
    return this.findIndexed(folded);
  }

  /** The general path, through MiniSearch, for any query (`find` takes the short-prefix path where it can; tests compare the two). */
  findIndexed(folded: string): Candidate[] {
    return this.index.search(nameQuery(folded)).map((result) => {
      const entry = this.entries[result.id as number]!;
      const { tier, keyIndex } = nameTier(folded, entry.keys);
      return { kind: entry.kind, tier, score: result.score, show: () => this.hit(entry, result, tier, keyIndex) };
    });
  }

  /**
   * The entities with a name word starting with `prefix` (what MiniSearch's prefix search finds
   * for one short word), scored as it weighs them: the field's boost, times how much of the word
   * the prefix covers.
   */
  private findPrefix(prefix: string): Candidate[] {
    const list = (this.words ??= wordList(this.entries));
    // Best score per entry, and the entries in the order first found: no object per match.
    const scores = new Float64Array(this.entries.length);
    const found: number[] = [];
    for (let i = lowerBound(list.words, prefix); i < list.words.length && list.words[i]!.startsWith(prefix); i++) {
      const n = list.entries[i]!;
      const score = (BOOST[list.fields[i]!] * prefix.length) / list.words[i]!.length;
      if (!scores[n]) found.push(n);
      if (score > scores[n]!) scores[n] = score;
    }
    return found.map((n) => {
      const entry = this.entries[n]!;
      const score = scores[n]!;
      const { tier, keyIndex } = prefixTier(prefix, entry.keys, list.compacts[n]!);
      return { kind: entry.kind, tier, score, show: () => this.prefixHit(entry, n, prefix, score, tier, keyIndex) };
    });
  }

  /** A hit of the short-prefix path, with MiniSearch's result shape: the words the prefix matched, by field. */
  private prefixHit(entry: NameEntry, n: number, prefix: string, score: number, tier: number, keyIndex: number) {
    const match: Record<string, NameField[]> = {};
    const note = (word: string, field: NameField) => {
      if (!word.startsWith(prefix)) return;
      const fields = (match[word] ??= []);
      if (!fields.includes(field)) fields.push(field);
    };
    entry.keys.forEach((key, k) => {
      const parts = key.split(' ');
      for (const word of parts) note(word, k === 0 ? 'name' : 'alias');
      if (parts.length > 1) note(parts.join(''), 'compact');
    });
    const result = { id: n, score, terms: Object.keys(match), queryTerms: [prefix], match } as SearchResult;
    return this.hit(entry, result, tier, keyIndex);
  }

  private hit(entry: NameEntry, result: SearchResult, tier: number, keyIndex: number): SearchHit {
    const make = (terms: Set<string>): SearchHit => {
      const title = marked(entry.name, terms);
      let alias: MarkedText | null = keyIndex > 0 ? marked(entry.aliases[keyIndex - 1]!, terms) : null;
      if (!alias && !title.highlights.length) {
        // Another spelling matched: show the one that did.
        alias =
          entry.aliases
            .map((a) => marked(a, terms))
            .filter((m) => m.highlights.length)
            .sort((a, b) => b.highlights.length - a.highlights.length)[0] ?? null;
      }
      return {
        kind: entry.kind,
        id: entry.id,
        title,
        detail: null,
        alias,
        date: null,
        datePrecision: null,
        tier,
        score: result.score,
      };
    };
    // Words matched as words come first; a run-together match ("stormshadow") marks the words it
    // spells only when nothing else matched, so "storm" marks "Storm", not all of "Storm Shadow".
    const asWords = make(new Set(result.terms.filter((t) => result.match[t]?.some((f) => f !== 'compact'))));
    return asWords.title.highlights.length || asWords.alias?.highlights.length ? asWords : make(new Set(result.terms));
  }
}
