/**
 * The names index: one document per entity (name, aliases, and each written together without
 * spaces) in an inverted index (inverted.ts), searched on every keystroke with every word as a
 * prefix, typos tolerated from FUZZY_MIN_CHARS letters, words combined with OR. Ranked by
 * name-match tier first (rank.ts), then by score; each kind's total is exact, and only the few
 * shown get highlights.
 */
import * as v from 'valibot';
import { ENTITY_KINDS, type EntityKind } from '../corpus/schema';
import type { NameDoc } from './documents';
import { marked } from './highlight';
import {
  checkStringTable,
  fuzzyTerms,
  InvertedIndex,
  StoredSegment,
  stringAt,
  StringTable,
  stringTable,
  topK,
  typedArray,
  type IndexSettings,
} from './inverted';
import { FUZZY_MIN_CHARS, maxEdits } from './options';
import { nameTier, TIER_EXACT, TIER_NAME_PREFIX, TIER_OTHER, TIER_WORD_PREFIX, type NameTier } from './rank';
import { compact, foldTerm, tokenize } from './text';
import type { MarkedText, SearchGroup, SearchHit } from './types';

/** How much each field counts: the canonical name most; the run-together form catches "stormshadow". */
const BOOST = { name: 3, compact: 2, alias: 1.5 } as const;
type NameField = keyof typeof BOOST;
const NAME_FIELDS: readonly NameField[] = ['name', 'alias', 'compact'];
const BOOSTS = NAME_FIELDS.map((f) => BOOST[f]);

export const NAME_SETTINGS: IndexSettings = {
  fields: NAME_FIELDS,
  tokenize,
  term: (token) => foldTerm(token) || null,
};

/**
 * What name hits show and rank by, in columns (entity `n` is position `n`) of few large values,
 * which IndexedDB reads back much faster than ten thousand small objects: the names are the part
 * of the index a cold start reads before its first answer.
 */
const Entries = v.object({
  ids: StringTable,
  /** Positions in ENTITY_KINDS. */
  kinds: typedArray<Uint8Array<ArrayBuffer>>('Uint8Array'),
  names: StringTable,
  /** Every entity's other spellings (shown when one of them matched), one after the other. */
  aliases: StringTable,
  /** Entity `n`'s aliases are `aliases[aliasStarts[n] … aliasStarts[n + 1])`. */
  aliasStarts: typedArray<Uint32Array<ArrayBuffer>>('Uint32Array'),
  /** Folded name and aliases, for the tiers: entity `n`'s start at `aliasStarts[n] + n`, the name, then one per alias. */
  keys: StringTable,
});
type Entries = v.InferOutput<typeof Entries>;

function entriesOf(docs: readonly NameDoc[]): Entries {
  const aliasStarts = new Uint32Array(docs.length + 1);
  docs.forEach((d, n) => (aliasStarts[n + 1] = aliasStarts[n]! + d.aliases.length));
  return {
    ids: stringTable(docs.map((d) => d.id)),
    kinds: Uint8Array.from(docs, (d) => ENTITY_KINDS.indexOf(d.kind)),
    names: stringTable(docs.map((d) => d.name)),
    aliases: stringTable(docs.flatMap((d) => d.aliases)),
    aliasStarts,
    keys: stringTable(docs.flatMap((d) => d.keys)),
  };
}

/** Throws unless the columns describe `count` entities. */
function checkEntries(e: Entries, count: number): void {
  if (e.kinds.length !== count || e.aliasStarts.length !== count + 1 || e.kinds.some((k) => k >= ENTITY_KINDS.length))
    throw new Error('damaged names index: entries');
  for (let n = 0; n < count; n++)
    if (e.aliasStarts[n + 1]! < e.aliasStarts[n]!) throw new Error('damaged names index: aliases');
  const aliasCount = e.aliasStarts[count]!;
  checkStringTable(e.ids, count);
  checkStringTable(e.names, count);
  checkStringTable(e.aliases, aliasCount);
  checkStringTable(e.keys, count + aliasCount);
}

export const StoredNames = v.object({ segments: v.array(StoredSegment), entries: Entries });
export type StoredNames = v.InferOutput<typeof StoredNames>;

/** A name group with the best tier among its hits (groups are ordered by it). */
export type NameGroup = SearchGroup & { best: number };

/** Every entity a query matches: ascending, with its score (MiniSearch's: summed, times the words matched) and tier. */
export interface NameMatches {
  count: number;
  docs: Uint32Array;
  scores: Float64Array;
  tiers: Uint8Array;
}

/**
 * Single letters beside other words are left out of the name search ("joseph r biden", "storm s"):
 * as prefixes they match thousands of names and add nothing the other words do not. A single
 * letter alone is kept: it is all the reader typed so far.
 */
export function nameQuery(folded: string): string {
  const words = folded.split(' ');
  return words.length > 1 ? words.filter((w) => w.length > 1).join(' ') || folded : folded;
}

/** Whether a folded query is one word too short for typos: every entity it matches has a word starting with it. */
function isShortWord(folded: string): boolean {
  return folded.length < FUZZY_MIN_CHARS && !folded.includes(' ') && queryWords(folded).join(' ') === folded;
}

/** The index terms of a (reduced) query, as the index made them from the names. */
function queryWords(query: string): string[] {
  return tokenize(query)
    .map(NAME_SETTINGS.term)
    .filter((t): t is string => !!t);
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

/** Whether a query word (a prefix, with `edits` typos allowed) reaches a term, as the index's `expand` decides. */
function reaches(word: string, edits: number, term: string): boolean {
  return term.startsWith(word) || (edits > 0 && fuzzyTerms([term], word, edits).length > 0);
}

export class NameSearch {
  private readonly keys: (string[] | undefined)[] = [];
  private readonly compacts: (string[] | undefined)[] = [];

  private constructor(
    private readonly index: InvertedIndex,
    private readonly entries: Entries,
  ) {}

  static build(docs: readonly NameDoc[]): NameSearch {
    const index = InvertedIndex.build(
      NAME_SETTINGS,
      docs.map((d) => [d.name, d.alias, d.compact]),
    );
    return new NameSearch(index, entriesOf(docs));
  }

  /** Throws when `stored` is not a whole names index of this format. */
  static fromStored(stored: unknown): NameSearch {
    const s = v.parse(StoredNames, stored);
    const index = InvertedIndex.fromStored(NAME_SETTINGS, s.segments);
    checkEntries(s.entries, index.docCount);
    return new NameSearch(index, s.entries);
  }

  toStored(): StoredNames {
    return { segments: this.index.toStored(), entries: this.entries };
  }

  get size(): number {
    return this.entries.kinds.length;
  }

  /** Every entity matching the folded query, with its score and tier (`search` shows the best few). */
  match(folded: string): NameMatches {
    const query = nameQuery(folded);
    const words = queryWords(query);
    const acc = this.index.scores();
    // A word typed twice adds its score twice but counts once among the words matched (MiniSearch's
    // rule): each distinct word is scored as often as it was typed, under one number.
    const typed = new Map<string, number>();
    for (const word of words) typed.set(word, (typed.get(word) ?? 0) + 1);
    [...typed].forEach(([word, times], number) => {
      const expansions = this.index.expand(word, true, maxEdits(word));
      for (let t = 0; t < times; t++) this.index.score(expansions, BOOSTS, acc, number);
    });
    const docs = acc.docs();
    const scores = new Float64Array(docs.length);
    for (let i = 0; i < docs.length; i++) scores[i] = acc.scores[docs[i]!]! * acc.words[docs[i]!]!;
    acc.reset();
    // A query of one short word, nothing left out (no typos, so every match starts a word of the
    // names): the cheaper tier, which agrees with nameTier there. "7 rin" is tiered as typed.
    const short = isShortWord(folded);
    const tiers = new Uint8Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      const n = docs[i]!;
      const keys = this.keysOf(n);
      tiers[i] = short ? prefixTier(folded, keys, this.compactsOf(n)).tier : nameTier(folded, keys).tier;
    }
    return { count: docs.length, docs, scores, tiers };
  }

  /** One group per kind with matches: its total, and its best `perGroup` (tier first, then score). */
  search(folded: string, perGroup: number): NameGroup[] {
    const m = this.match(folded);
    const byKind = new Map<EntityKind, number[]>();
    for (let i = 0; i < m.count; i++) {
      const kind = ENTITY_KINDS[this.entries.kinds[m.docs[i]!]!]!;
      const list = byKind.get(kind);
      if (list) list.push(i);
      else byKind.set(kind, [i]);
    }
    const words = queryWords(nameQuery(folded));
    const groups: NameGroup[] = [];
    for (const [kind, positions] of byKind) {
      const best = topK(positions.length, perGroup, (a, b) => {
        const pa = positions[a]!;
        const pb = positions[b]!;
        return m.tiers[pa]! - m.tiers[pb]! || m.scores[pb]! - m.scores[pa]!;
      }).map((i) => positions[i]!);
      const hits = best.map((i) => this.hit(m.docs[i]!, folded, words, m.scores[i]!));
      groups.push({ kind, total: positions.length, hits, best: hits[0]?.tier ?? TIER_OTHER });
    }
    return groups;
  }

  private aliasesOf(n: number): string[] {
    const { aliases, aliasStarts } = this.entries;
    const out: string[] = [];
    for (let i = aliasStarts[n]!; i < aliasStarts[n + 1]!; i++) out.push(stringAt(aliases, i));
    return out;
  }

  private keysOf(n: number): string[] {
    let out = this.keys[n];
    if (!out) {
      const { keys, aliasStarts } = this.entries;
      out = [];
      for (let i = aliasStarts[n]! + n; i <= aliasStarts[n + 1]! + n; i++) out.push(stringAt(keys, i));
      this.keys[n] = out;
    }
    return out;
  }

  private compactsOf(n: number): string[] {
    return (this.compacts[n] ??= this.keysOf(n).map((k) => k.replaceAll(' ', '')));
  }

  /**
   * A shown hit. The words of the entity's names that the query reached (as MiniSearch reported
   * them: each index term with the fields holding it) decide what is marked.
   */
  private hit(n: number, folded: string, words: readonly string[], score: number): SearchHit {
    const name = stringAt(this.entries.names, n);
    const aliases = this.aliasesOf(n);
    const keys = this.keysOf(n);
    const { tier, keyIndex } = isShortWord(folded)
      ? prefixTier(folded, keys, this.compactsOf(n))
      : nameTier(folded, keys);
    const match = new Map<string, Set<NameField>>();
    const note = (term: string | null, field: NameField) => {
      if (!term || !words.some((w) => reaches(w, maxEdits(w), term))) return;
      const fields = match.get(term) ?? new Set<NameField>();
      fields.add(field);
      match.set(term, fields);
    };
    for (const token of tokenize(name)) note(NAME_SETTINGS.term(token), 'name');
    for (const alias of aliases) for (const token of tokenize(alias)) note(NAME_SETTINGS.term(token), 'alias');
    for (const label of [name, ...aliases]) note(compact(label), 'compact');

    const make = (terms: Set<string>): SearchHit => {
      const title = marked(name, terms);
      let alias: MarkedText | null = keyIndex > 0 ? marked(aliases[keyIndex - 1]!, terms) : null;
      if (!alias && !title.highlights.length) {
        // Another spelling matched: show the one that did.
        alias =
          aliases
            .map((a) => marked(a, terms))
            .filter((m) => m.highlights.length)
            .sort((a, b) => b.highlights.length - a.highlights.length)[0] ?? null;
      }
      return {
        kind: ENTITY_KINDS[this.entries.kinds[n]!]!,
        id: stringAt(this.entries.ids, n),
        title,
        detail: null,
        alias,
        date: null,
        datePrecision: null,
        tier,
        score,
      };
    };
    // Words matched as words come first; a run-together match ("stormshadow") marks the words it
    // spells only when nothing else matched, so "storm" marks "Storm", not all of "Storm Shadow".
    const asWords = make(
      new Set([...match].filter(([, fields]) => [...fields].some((f) => f !== 'compact')).map(([t]) => t)),
    );
    return asWords.title.highlights.length || asWords.alias?.highlights.length ? asWords : make(new Set(match.keys()));
  }
}
