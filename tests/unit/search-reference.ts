/**
 * Reference implementations the search index is checked against (tests/unit/search*.test.ts):
 * a plain scan of every document for what matches, and MiniSearch (the engine ADR 008 chose and
 * ADR 015 replaced) for how it scores.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { NameDoc, TextDoc } from '@/lib/search/documents';
import { maxEdits, FUZZINESS, FUZZY_MIN_CHARS, MAX_FUZZY_EDITS } from '@/lib/search/options';
import { searchTerms, TEXT_SETTINGS } from '@/lib/search/texts';
import { foldTerm, tokenize } from '@/lib/search/text';
import type { ItemType } from '@/lib/search/types';

/** Levenshtein distance, the textbook way (the whole table, row by row; UTF-16 code units). */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

const termsOfDoc = new WeakMap<TextDoc, Set<string>>();

/** The index terms of a text document (its shown text and what else finds it). */
export function docTerms(doc: TextDoc): Set<string> {
  let out = termsOfDoc.get(doc);
  if (out) return out;
  out = new Set<string>();
  for (const field of [doc.text, doc.extra])
    for (const token of TEXT_SETTINGS.tokenize(field)) {
      const term = TEXT_SETTINGS.term(token);
      if (term) out.add(term);
    }
  termsOfDoc.set(doc, out);
  return out;
}

/** Whether a query word reaches a document term: itself, as a prefix when it is the last word, within its typo reach when `fuzzy`. */
export function reaches(word: string, last: boolean, fuzzy: boolean, term: string): boolean {
  if (term === word || (last && term.startsWith(word))) return true;
  const edits = maxEdits(word);
  return fuzzy && edits > 0 && Math.abs(term.length - word.length) <= edits && levenshtein(term, word) <= edits;
}

/** The items of `kind` that match a folded query, by scanning every document (no index). */
export function scanTexts(docs: readonly TextDoc[], kind: ItemType, folded: string, fuzzy: boolean): Set<string> {
  const words = searchTerms(folded);
  const out = new Set<string>();
  if (!words.length) return out;
  // Which words each word reaches, decided once per distinct word of the documents.
  const reached = new Map<string, boolean[]>();
  const reachedBy = (term: string) => {
    let r = reached.get(term);
    if (!r) reached.set(term, (r = words.map((w, i) => reaches(w, i === words.length - 1, fuzzy, term))));
    return r;
  };
  for (const doc of docs) {
    if (doc.kind !== kind) continue;
    const terms = [...docTerms(doc)];
    if (words.every((_, i) => terms.some((t) => reachedBy(t)[i]))) out.add(doc.itemId);
  }
  return out;
}

/** What a group of `kind` holds by the rules (typos only when the words as typed find fewer than `perGroup`). */
export function scanGroup(docs: readonly TextDoc[], kind: ItemType, folded: string, perGroup: number) {
  const exact = scanTexts(docs, kind, folded, false);
  return exact.size >= perGroup
    ? { fuzzy: false, ids: exact }
    : { fuzzy: true, ids: scanTexts(docs, kind, folded, true) };
}

const fuzziness = (term: string) => (term.length >= FUZZY_MIN_CHARS ? FUZZINESS : false);

/** One kind's texts in MiniSearch with ADR 008's options, scoring one word at a time as the old index did. */
export function miniSearchTexts(docs: readonly TextDoc[], kind: ItemType) {
  const mine = docs.filter((d) => d.kind === kind);
  const options: Options<TextDoc & { n: number }> = {
    idField: 'n',
    fields: ['text', 'extra'],
    tokenize,
    processTerm: TEXT_SETTINGS.term,
    searchOptions: { boost: { text: 2, extra: 1 }, maxFuzzy: MAX_FUZZY_EDITS },
  };
  const index = new MiniSearch(options);
  index.addAll(mine.map((d, n) => ({ ...d, n })));
  /** Item id → score: the sum of each word's score over the items every word matched (the old AND). */
  return (folded: string, fuzzy: boolean): Map<string, number> => {
    const words = searchTerms(folded);
    let out: Map<string, number> | null = null;
    words.forEach((w, i) => {
      const found = new Map<string, number>();
      for (const r of index.search(w, { prefix: i === words.length - 1, fuzzy: fuzzy ? fuzziness : false }))
        found.set(mine[r.id as number]!.itemId, r.score);
      if (!out) out = found;
      else {
        const both = new Map<string, number>();
        for (const [id, score] of out) if (found.has(id)) both.set(id, score + found.get(id)!);
        out = both;
      }
    });
    return out ?? new Map<string, number>();
  };
}

/** The names in MiniSearch with ADR 008's options (every word a prefix, typos, OR). */
export function miniSearchNames(docs: readonly NameDoc[]) {
  const index = new MiniSearch<NameDoc & { n: number }>({
    idField: 'n',
    fields: ['name', 'alias', 'compact'],
    tokenize,
    processTerm: (term) => foldTerm(term) || null,
    searchOptions: {
      boost: { name: 3, compact: 2, alias: 1.5 },
      prefix: true,
      fuzzy: fuzziness,
      maxFuzzy: MAX_FUZZY_EDITS,
      combineWith: 'OR',
    },
  });
  index.addAll(docs.map((d, n) => ({ ...d, n })));
  /** Entity id → score, for a query already reduced as the names search reduces it. */
  return (query: string): Map<string, number> =>
    new Map(index.search(query).map((r) => [docs[r.id as number]!.id, r.score]));
}

/** Scores equal up to the rounding of sums taken in another order. */
export function sameScore(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * The two stored parts as format 3 (ADR 008: MiniSearch JSON, entries as JSON) wrote them, to check
 * that the background rebuilds such an index instead of reading it.
 */
export function format3Parts(names: readonly NameDoc[], texts: readonly TextDoc[]) {
  const nameIndex = new MiniSearch<NameDoc & { n: number }>({
    idField: 'n',
    fields: ['name', 'alias', 'compact'],
    tokenize,
    processTerm: (term) => foldTerm(term) || null,
  });
  nameIndex.addAll(names.map((d, n) => ({ ...d, n })));
  const shards = (['fact', 'quote', 'event', 'source'] as const).map((kind) => {
    const mine = texts.filter((d) => d.kind === kind);
    const index = new MiniSearch<TextDoc & { n: number }>({
      idField: 'n',
      fields: ['text', 'extra'],
      tokenize,
      processTerm: TEXT_SETTINGS.term,
    });
    index.addAll(mine.map((d, n) => ({ ...d, n })));
    const entries = mine.map(({ kind, itemId, text, detail, date, datePrecision }) => ({
      kind,
      itemId,
      text,
      detail,
      date,
      datePrecision,
    }));
    return { kind, index: JSON.stringify(index), entries: JSON.stringify(entries) };
  });
  return {
    names: {
      format: 3,
      names: {
        index: JSON.stringify(nameIndex),
        entries: JSON.stringify(names.map(({ id, kind, name, aliases, keys }) => ({ id, kind, name, aliases, keys }))),
      },
      suggestions: [],
    },
    texts: { format: 3, texts: { shards } },
  };
}
