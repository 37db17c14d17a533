/**
 * The names index: one MiniSearch document per entity (name, aliases, and both written
 * together without spaces), searched with prefixes and typo tolerance on every keystroke.
 * Ranked by name-match tier first (rank.ts), then by MiniSearch's score.
 */
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { EntityKind } from '../corpus/schema';
import type { NameDoc } from './documents';
import { marked } from './highlight';
import { nameTier } from './rank';
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

const OPTIONS: Options<NameDoc & { n: number }> = {
  idField: 'n',
  fields: ['name', 'alias', 'compact'],
  tokenize,
  processTerm: (term) => foldTerm(term) || null,
  searchOptions: {
    // The canonical name counts most; the run-together form catches "stormshadow".
    boost: { name: 3, compact: 2, alias: 1.5 },
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

export class NameSearch {
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
    return this.index.search(nameQuery(folded)).map((result) => {
      const entry = this.entries[result.id as number]!;
      const { tier, keyIndex } = nameTier(folded, entry.keys);
      return { kind: entry.kind, tier, score: result.score, show: () => this.hit(entry, result, tier, keyIndex) };
    });
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
