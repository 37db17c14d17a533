/**
 * The search's inverted index (lib/search/inverted.ts) and the two searches built on it, checked
 * against references: a plain scan of every document decides what matches and how many, and
 * MiniSearch (ADR 008's engine) how it scores. Over the real corpus and a generated one.
 */
import { describe, expect, it } from 'vitest';
import type { CorpusBundle } from '@/lib/corpus/schema';
import { SearchIndex } from '@/lib/search';
import { nameDocs, textDocs, type TextDoc } from '@/lib/search/documents';
import { marked } from '@/lib/search/highlight';
import { Accumulator, fuzzyTerms, InvertedIndex, prefixRange, topK, type IndexSettings } from '@/lib/search/inverted';
import { nameQuery, NameSearch } from '@/lib/search/names';
import { nameTier } from '@/lib/search/rank';
import { foldPhrase, tokenize } from '@/lib/search/text';
import { searchTerms, TextSearch } from '@/lib/search/texts';
import { ITEM_TYPES, type ItemType, type SearchGroup } from '@/lib/search/types';
import { generateCorpus, KEYSTROKES, random } from '@/scripts/bench/search-corpus';
import { loadCorpus } from '@/scripts/corpus/read';
import {
  docTerms,
  levenshtein,
  miniSearchNames,
  miniSearchTexts,
  reaches,
  sameScore,
  scanGroup,
} from './search-reference';

const PER_GROUP = 5;
/** The comparisons with a plain scan take seconds on a busy two-core machine. */
const SCAN_TIMEOUT_MS = 120_000;
const real = loadCorpus().bundle!;
/** Smaller than the bench's 10,000 entities, the same generator: a plain scan of every document per query stays quick. */
const generated = generateCorpus(2_000);

/** Misspellings of a word: a letter dropped, two swapped, one replaced. */
function typos(word: string): string[] {
  if (word.length < 4) return [];
  const mid = word.length >> 1;
  return [
    word.slice(0, mid) + word.slice(mid + 1),
    word.slice(0, mid - 1) + word[mid] + word[mid - 1] + word.slice(mid + 1),
    `${word.slice(0, mid)}q${word.slice(mid + 1)}`,
  ];
}

/** Queries from a corpus's own text: every word, its prefixes, its typos, and word pairs from the same document. */
function queriesFrom(docs: readonly TextDoc[], limit: number): string[] {
  const next = random(7);
  const out = new Set<string>();
  const words = [...new Set(docs.flatMap((d) => [...docTerms(d)]))].sort();
  for (let i = 0; i < limit; i++) {
    const w = words[Math.floor(next() * words.length)]!;
    out.add(w);
    for (let n = 3; n < w.length; n++) out.add(w.slice(0, n));
    for (const t of typos(w)) out.add(t);
    const doc = docs[Math.floor(next() * docs.length)]!;
    const own = [...docTerms(doc)];
    const a = own[Math.floor(next() * own.length)];
    const b = own[Math.floor(next() * own.length)];
    if (a && b) {
      out.add(`${a} ${b}`);
      out.add(`${a} ${b.slice(0, Math.max(4, b.length - 2))}`);
      out.add(`${a} ${b.slice(0, 2)}`);
    }
  }
  return [...out];
}

/** A value with its typed arrays as plain arrays (typed arrays of two realms never compare equal). */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as Uint32Array);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** The group of `kind` in a search's answer. */
const groupOf = (groups: SearchGroup[], kind: ItemType) => groups.find((g) => g.kind === kind);

/**
 * Every rule of a text group at once: the total is the plain scan's count, every item it matches
 * is the scan's (no more, no fewer), scores are MiniSearch's, and the hits are the best of them
 * (top-k dropped none) with the words that matched marked.
 */
function checkTexts(
  corpus: Pick<CorpusBundle, 'entities' | 'facts' | 'quotes' | 'events' | 'sources'>,
  queries: string[],
) {
  const docs = textDocs(corpus);
  const texts = TextSearch.build(docs);
  const byId = new Map(docs.map((d) => [`${d.kind}:${d.itemId}`, d]));
  const mini = new Map(ITEM_TYPES.map((k) => [k, miniSearchTexts(docs, k)]));
  let compared = 0;
  for (const query of queries) {
    const folded = foldPhrase(query);
    const groups = texts.search(folded, PER_GROUP);
    for (const kind of ITEM_TYPES) {
      const expected = scanGroup(docs, kind, folded, PER_GROUP);
      const group = groupOf(groups, kind);
      const where = `${kind} "${query}"`;
      expect(group?.total ?? 0, where).toBe(expected.ids.size);
      if (!group) continue;
      compared++;
      const found = texts.matches(kind, folded, expected.fuzzy);
      expect(new Set(found.keys()), where).toEqual(expected.ids);
      const scores = mini.get(kind)!(folded, expected.fuzzy);
      for (const [id, score] of found) expect(sameScore(score, scores.get(id)!), `${where} ${id}`).toBe(true);
      // The hits are the best PER_GROUP by score (ties: the earlier item), marked where the query reached.
      const ranked = [...found].sort((a, b) => b[1] - a[1]).slice(0, PER_GROUP);
      expect(
        group.hits.map((h) => h.id),
        where,
      ).toEqual(ranked.map(([id]) => id));
      const words = searchTerms(folded);
      for (const hit of group.hits) {
        const doc = byId.get(`${kind}:${hit.id}`)!;
        const reached = new Set(
          [...docTerms(doc)].filter((t) => words.some((w, i) => reaches(w, i === words.length - 1, expected.fuzzy, t))),
        );
        expect(hit.title, where).toEqual(marked(doc.text, reached));
        expect(hit.detail, where).toEqual(doc.detail === null ? null : marked(doc.detail, reached));
      }
    }
  }
  return compared;
}

describe('the index parts', () => {
  const next = random(11);
  const vocabulary = (n: number, alphabet: string) =>
    [
      ...new Set(
        Array.from({ length: n }, () =>
          Array.from({ length: 1 + Math.floor(next() * 9) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(
            '',
          ),
        ),
      ),
    ].sort();

  it('finds a prefix as the range of the sorted vocabulary that starts with it', () => {
    const terms = vocabulary(800, 'abcd');
    const prefixes = new Set(terms.flatMap((t) => Array.from({ length: t.length }, (_, i) => t.slice(0, i + 1))));
    for (const p of [...prefixes, 'e', 'dddddddddd', '']) {
      const [start, end] = prefixRange(terms, p);
      const expected = terms.flatMap((t, i) => (t.startsWith(p) ? [i] : []));
      expect([start, end], p).toEqual([expected[0] ?? start, (expected.at(-1) ?? start - 1) + 1]);
    }
  });

  it('finds exactly the terms within the allowed edits, as the textbook distance does', () => {
    for (const alphabet of ['ab', 'abcde', 'abcdefghijklmnopqrstuvwxyzłé']) {
      const terms = vocabulary(600, alphabet);
      for (let q = 0; q < 40; q++) {
        const query = vocabulary(1, alphabet)[0]!;
        for (const edits of [1, 2]) {
          const expected = terms.flatMap((t, index) => {
            const distance = levenshtein(t, query);
            return distance <= edits ? [{ index, distance }] : [];
          });
          expect(fuzzyTerms(terms, query, edits), `${query} ${edits}`).toEqual(expected);
        }
      }
    }
  });

  it('selects the k best in order, ties in position order, as a full stable sort would', () => {
    for (let round = 0; round < 50; round++) {
      const scores = Array.from({ length: Math.floor(next() * 60) }, () => Math.floor(next() * 8));
      for (const k of [0, 1, 5, 100]) {
        const expected = scores
          .map((s, i) => [s, i] as const)
          .sort((a, b) => b[0] - a[0])
          .slice(0, k)
          .map(([, i]) => i);
        expect(topK(scores.length, k, (a, b) => scores[b]! - scores[a]!)).toEqual(expected);
      }
    }
  });

  it('sums scores per document, counts the words that matched each, and forgets them on reset', () => {
    const acc = new Accumulator(100);
    acc.add(7, 1, 0);
    acc.add(3, 2, 0);
    acc.add(7, 0.5, 0);
    acc.add(7, 1, 1);
    expect([...acc.docs()]).toEqual([3, 7]);
    expect([acc.scores[7], acc.words[7], acc.words[3]]).toEqual([2.5, 2, 1]);
    acc.reset();
    expect([acc.count, acc.scores[7], acc.words[7]]).toEqual([0, 0, 0]);
    // Many documents: found by a pass over the scores, still ascending.
    for (let d = 99; d >= 0; d -= 2) acc.add(d, 1, 0);
    expect([...acc.docs()]).toEqual(Array.from({ length: 50 }, (_, i) => i * 2 + 1));
  });

  it('stores segments as typed arrays and refuses a damaged one', () => {
    const settings: IndexSettings = { fields: ['a'], tokenize, term: (t) => t.toLowerCase() };
    const index = InvertedIndex.build(settings, [['Storm shadow'], ['storm']]);
    const stored = structuredClone(index.toStored());
    expect(InvertedIndex.fromStored(settings, stored).docCount).toBe(2);
    const damaged = structuredClone(stored);
    damaged[0]!.fields[0]!.docs = damaged[0]!.fields[0]!.docs.slice(1);
    expect(() => InvertedIndex.fromStored(settings, damaged)).toThrow(/damaged/);
    const outOfRange = structuredClone(stored);
    outOfRange[0]!.fields[0]!.docs[0] = 999;
    expect(() => InvertedIndex.fromStored(settings, outOfRange)).toThrow(/document numbers/);
    expect(() => InvertedIndex.fromStored(settings, JSON.parse(JSON.stringify(stored)))).toThrow();
    expect(() => InvertedIndex.fromStored({ ...settings, fields: ['a', 'b'] }, stored)).toThrow(/damaged/);
  });
});

describe('text search against a plain scan and MiniSearch', () => {
  it(
    'matches, counts, scores, ranks and marks as they do over the real corpus',
    () => {
      const docs = textDocs(real);
      const queries = [
        ...queriesFrom(docs, 60),
        'escalation',
        'ukraine long-range missi',
        'ukraine long-range missi r',
        'missile',
        'storm shadow',
        'zelensky',
        'missile missile',
        'qqxxjjzz',
      ];
      expect(checkTexts(real, queries)).toBeGreaterThan(200);
    },
    SCAN_TIMEOUT_MS,
  );

  it(
    'does the same over a generated corpus, keystroke by keystroke',
    () => {
      const docs = textDocs(generated);
      const queries = [...KEYSTROKES, 'missle', 'minster', 'goverment', 'missile rnage', ...queriesFrom(docs, 12)];
      expect(checkTexts(generated, queries)).toBeGreaterThan(100);
    },
    SCAN_TIMEOUT_MS,
  );

  it('shows every match when the group may hold them all (top-k drops nothing)', () => {
    const docs = textDocs(real);
    const texts = TextSearch.build(docs);
    for (const query of ['missile', 'ukraine', 'russia', 'minister', 'long range']) {
      const folded = foldPhrase(query);
      for (const g of texts.search(folded, 10_000)) {
        expect(g.hits.length, `${g.kind} ${query}`).toBe(g.total);
        expect(g.hits.map((h) => h.id).sort()).toEqual(
          [...scanGroup(docs, g.kind as ItemType, folded, 10_000).ids].sort(),
        );
      }
    }
  });
});

describe('names against MiniSearch', () => {
  function checkNames(corpus: CorpusBundle, queries: Iterable<string>) {
    const docs = nameDocs(corpus);
    const names = NameSearch.build(docs);
    const mini = miniSearchNames(docs);
    const keys = new Map(docs.map((d) => [d.id, d.keys]));
    const kinds = new Map(docs.map((d) => [d.id, d.kind]));
    const ids = docs.map((d) => d.id);
    for (const query of queries) {
      const folded = foldPhrase(query);
      if (!folded) continue;
      const m = names.match(folded);
      const expected = mini(nameQuery(folded));
      const found = new Map(Array.from(m.docs, (n, i) => [ids[n]!, i]));
      expect(new Set(found.keys()), query).toEqual(new Set(expected.keys()));
      for (const [id, i] of found) {
        expect(sameScore(m.scores[i]!, expected.get(id)!), `${query} ${id}`).toBe(true);
        expect(m.tiers[i], `${query} ${id}`).toBe(nameTier(folded, keys.get(id)!).tier);
      }
      // Each kind's group: its exact total, and its best by tier, then score.
      for (const g of names.search(folded, PER_GROUP)) {
        const all = [...found].filter(([id]) => kinds.get(id) === g.kind);
        expect(g.total, `${g.kind} ${query}`).toBe(all.length);
        const ranked = all
          .sort(([, a], [, b]) => m.tiers[a]! - m.tiers[b]! || m.scores[b]! - m.scores[a]! || m.docs[a]! - m.docs[b]!)
          .slice(0, PER_GROUP);
        expect(
          g.hits.map((h) => h.id),
          `${g.kind} ${query}`,
        ).toEqual(ranked.map(([id]) => id));
      }
    }
  }

  it(
    'finds, scores and tiers the same entities for every prefix of every name word, typos and several words',
    () => {
      const queries = new Set<string>([
        'zelenski',
        'Zelenksy',
        'volodymir zelensky',
        'storm shadw',
        'blinkin',
        'fath360',
        'storm s',
        'joseph r biden',
        'a b',
        'qz',
        'storm storm',
        'zelensky volodymyr zelensky',
      ]);
      for (const e of real.entities)
        for (const key of [e.name, ...e.aliases].map(foldPhrase))
          for (const word of [...key.split(' '), key.replaceAll(' ', '')]) {
            for (let n = 1; n <= word.length; n++) queries.add(word.slice(0, n));
            for (const t of typos(word)) queries.add(t);
          }
      expect(queries.size).toBeGreaterThan(500);
      checkNames(real, queries);
    },
    SCAN_TIMEOUT_MS,
  );

  it(
    'does the same on a generated corpus, keystroke by keystroke',
    () => {
      // And names as readers half-remember them: a random entity's words cut short, misspelt, paired.
      const next = random(5);
      const words = generated.entities.flatMap((e) => foldPhrase(e.name).split(' '));
      const pick = () => words[Math.floor(next() * words.length)]!;
      const remembered = Array.from({ length: 120 }, () => {
        const w = pick();
        const cut = w.slice(0, 1 + Math.floor(next() * w.length));
        const variants = [cut, ...typos(w)];
        const one = variants[Math.floor(next() * variants.length)]!;
        return next() < 0.4 ? `${one} ${pick().slice(0, 3)}` : one;
      });
      checkNames(generated, [...KEYSTROKES, 'kalo', 'missile ra', 'vilu mar', ...remembered]);
    },
    SCAN_TIMEOUT_MS,
  );
});

describe('typing', () => {
  it(
    'answers each keystroke typed in order exactly as a fresh index answers it alone',
    () => {
      const index = SearchIndex.build(generated);
      const stored = index.toStored();
      const queries = [...KEYSTROKES, 'missile', 'missil', 'missile rang', 'ministr', 'min', 'missle', 'missile'];
      for (const query of queries) {
        const fresh = SearchIndex.fromStored(structuredClone(stored));
        expect(index.search(query), query).toEqual(fresh.search(query));
      }
    },
    SCAN_TIMEOUT_MS,
  );
});

describe('adding documents', () => {
  const docs = textDocs(real);
  // Half of each kind first, the rest added later.
  const first = ITEM_TYPES.flatMap((k) => {
    const mine = docs.filter((d) => d.kind === k);
    return mine.slice(0, Math.ceil(mine.length / 2));
  });
  const later = docs.filter((d) => !first.includes(d));
  const queries = ['missile', 'ukraine missi', 'escalation', 'zelensky', 'storm shadow', 'long range', 'misile'];
  const answers = (t: TextSearch) => queries.map((q) => t.search(foldPhrase(q), PER_GROUP));
  const rounded = (groups: SearchGroup[][]) =>
    groups.map((gs) =>
      gs.map((g) => ({ ...g, hits: g.hits.map((h) => ({ ...h, score: Math.round(h.score * 1e9) })) })),
    );

  it('answers as if every document had been indexed at once, statistics included', () => {
    const whole = TextSearch.build(docs);
    const grown = TextSearch.build(first);
    grown.add(later);
    expect(rounded(answers(grown))).toEqual(rounded(answers(whole)));
  });

  it('only appends: what was stored stays as it was, and the new batches load beside it', () => {
    const grown = TextSearch.build(first);
    const before = grown.toStored().batches;
    const snapshot = structuredClone(before);
    const added = grown.add(later);
    expect(added.map((b) => b.kind)).toEqual(ITEM_TYPES.filter((k) => later.some((d) => d.kind === k)));
    expect(added.every((b) => b.segment.base > 0)).toBe(true);
    // The stored batches are untouched (the same objects, the same bytes): the new ones come after them.
    const after = grown.toStored().batches;
    expect(after.length).toBe(before.length + added.length);
    before.forEach((b, i) => expect(after[i]).toBe(b));
    expect(plain(after.slice(0, before.length))).toEqual(plain(snapshot));
    const loaded = TextSearch.fromStored(structuredClone({ batches: [...snapshot, ...added] }));
    expect(rounded(answers(loaded))).toEqual(rounded(answers(TextSearch.build(docs))));
  });
});
