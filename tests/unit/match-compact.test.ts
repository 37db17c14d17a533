/**
 * The compact matcher (lib/match/phrases.ts, the trie's integer nodes, NameVariants' rows; ADR
 * 023) against the matcher it replaced (./match-reference.ts): on random alias sets and random
 * texts made of their words (inflected, misspelt, pluralised, possessive, in other cases, with
 * other separators), both give exactly the same candidates, targets included.
 */
import { describe, expect, it } from 'vitest';
import type { MatcherEntity } from '@/lib/messaging/protocol';
import { buildMatcher } from '@/lib/match/matcher';
import { PhraseTable, AMBIGUOUS, BLOCK, NONE } from '@/lib/match/phrases';
import { tokenize } from '@/lib/match/text';
import { buildReferenceMatcher } from './match-reference';

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'sen', 'tor', 'vel', 'zy', 'ski', 'ń', 'łe', 'bi', 'den', 'ov', 'a'];
const SEPARATORS = [' ', ' ', ' ', '-', '–', "'", '. ', ', ', '\n'];
const KINDS = ['person', 'person', 'weapon', 'weapon-class'] as const;

type Next = () => number;
const pick = <T>(next: Next, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

function word(next: Next, vocabulary: string[]): string {
  // Reuse words often, so names share first names, surnames and prefixes.
  if (vocabulary.length && next() < 0.6) return pick(next, vocabulary);
  let w = '';
  const parts = 1 + Math.floor(next() * 5);
  for (let i = 0; i < parts; i++) w += pick(next, SYLLABLES);
  const r = next();
  w = r < 0.6 ? w[0]!.toUpperCase() + w.slice(1) : r < 0.7 ? w.toUpperCase() : w;
  vocabulary.push(w);
  return w;
}

function phrase(next: Next, vocabulary: string[], maxWords = 3): string {
  const n = 1 + Math.floor(next() * maxWords);
  let out = word(next, vocabulary);
  for (let i = 1; i < n; i++) out += pick(next, SEPARATORS) + word(next, vocabulary);
  return out;
}

function entities(next: Next, count: number): MatcherEntity[] {
  const vocabulary: string[] = [];
  const out: MatcherEntity[] = [];
  for (let i = 0; i < count; i++) {
    const aliases = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
      // Sometimes an alias of an earlier entity (shared), or a spelling that folds like another.
      const earlier = out.length && next() < 0.1 ? pick(next, pick(next, out).aliasDetails).text : null;
      const text = earlier ?? phrase(next, vocabulary);
      const r = next();
      return {
        text,
        ambiguous: r < 0.2 ? 'shared' : null,
        ...(r > 0.85 ? { common: 'a common name' } : {}),
      };
    });
    const first = aliases[0]!.text;
    if (next() < 0.2) aliases.push({ text: first.replace(/ /g, '-').toLowerCase(), ambiguous: null });
    if (next() < 0.2) aliases.push({ text: first.replace(/-/g, ' '), ambiguous: next() < 0.5 ? 'x' : null });
    out.push({
      id: `e${i % Math.max(1, count - 3)}`, // a few ids twice: the matcher must not care
      kind: pick(next, KINDS),
      name: first,
      aliasDetails: aliases,
      titles: next() < 0.5 ? [phrase(next, vocabulary, 2)] : [],
      topics: next() < 0.5 ? [phrase(next, vocabulary, 2)] : [],
      excludes: next() < 0.3 ? [`${phrase(next, vocabulary, 1)} ${first}`, `${first} ${word(next, vocabulary)}`] : [],
      relatedIds: [],
    });
  }
  return out;
}

function mutate(w: string, next: Next): string {
  const i = Math.floor(next() * w.length);
  const r = next();
  if (r < 0.2 && i + 1 < w.length) return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  if (r < 0.4) return w.slice(0, i) + pick(next, ['a', 'e', 'n']) + w.slice(i);
  if (r < 0.5) return w.slice(0, i) + w.slice(i + 1);
  if (r < 0.6) return w.toLowerCase();
  if (r < 0.7) return w.toUpperCase();
  return w + pick(next, ['s', 'es', 'a', 'owi', 'iego', 'em', "'s", '’', 'u', 'y']);
}

function text(next: Next, es: readonly MatcherEntity[], words: number): string {
  const names = es.flatMap((e) => [...e.aliasDetails.map((a) => a.text), ...e.excludes, ...e.titles, ...e.topics]);
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = next();
    let w =
      r < 0.5
        ? pick(next, names)
        : r < 0.8
          ? pick(next, names).split(/\s+/).at(-1)!
          : pick(next, ['the', 'And', 'said', 'War', '2024', '—']);
    if (next() < 0.35) w = mutate(w, next);
    parts.push(w, pick(next, [' ', ' ', ' ', ', ', '. ', '-', '\n', ' (', ') ']));
  }
  return parts.join('');
}

describe('compact matcher', () => {
  it('gives the reference matcher’s candidates on random alias sets and texts', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(seed);
      const es = entities(next, 5 + Math.floor(next() * 60));
      const compact = buildMatcher(es);
      const reference = buildReferenceMatcher(es);
      expect(compact.size).toBe(reference.size);
      expect(compact.longest).toBe(reference.longest);
      for (let t = 0; t < 6; t++) {
        const sample = text(next, es, 80);
        const tokens = tokenize(sample);
        // Twice: what a page first asks and what it asks again (from the made targets) agree.
        const want = reference.scan(sample, tokens);
        expect(compact.scan(sample, tokens), `seed ${seed}, text ${t}: ${sample}`).toEqual(want);
        expect(compact.scan(sample, tokens)).toEqual(want);
      }
    }
  });

  it('finds inflected and misspelt names as the reference does', () => {
    const es: MatcherEntity[] = [
      {
        id: 'zelensky',
        kind: 'person',
        name: 'Volodymyr Zelensky',
        aliasDetails: [
          { text: 'Volodymyr Zelensky', ambiguous: null },
          { text: 'Zelensky', ambiguous: null },
          { text: 'Zelenskyy', ambiguous: null },
        ],
        titles: ['President'],
        topics: [],
        excludes: [],
        relatedIds: [],
      },
      {
        id: 'trump',
        kind: 'person',
        name: 'Donald Trump',
        aliasDetails: [
          { text: 'Donald Trump', ambiguous: null },
          { text: 'Trump', ambiguous: 'a word' },
        ],
        titles: [],
        topics: [],
        excludes: ['Donald Trump Jr.'],
        relatedIds: [],
      },
    ];
    const sample =
      'Zelenksy met Donalda Trumpa; Selenskyjs Berater and Volodymyr Zelenskyys aide, then Donald Trump Jr.';
    const tokens = tokenize(sample);
    const got = buildMatcher(es).scan(sample, tokens);
    expect(got).toEqual(buildReferenceMatcher(es).scan(sample, tokens));
    expect(got.some((c) => c.near)).toBe(true);
    expect(got.some((c) => c.inflected === 'pl')).toBe(true);
    expect(got.some((c) => c.blocked)).toBe(true);
  });
});

describe('PhraseTable', () => {
  it('keeps each row’s case rule, flags and text, long phrases included', () => {
    const next = random(7);
    const es: MatcherEntity[] = [
      { id: 'a', kind: 'person', name: 'A', aliasDetails: [], titles: [], topics: [], excludes: [], relatedIds: [] },
    ];
    const table = new PhraseTable(es);
    const rows: { upper: boolean[]; flags: number; text: string }[] = [];
    for (let i = 0; i < 200; i++) {
      const upper = Array.from({ length: 1 + Math.floor(next() * 45) }, () => next() < 0.5);
      const flags = next() < 0.5 ? AMBIGUOUS : BLOCK;
      const text = `phrase ${i}`;
      expect(table.add(0, text, flags, upper)).toBe(i);
      rows.push({ upper, flags, text });
    }
    rows.forEach((r, row) => {
      expect(table.upperOf(row, r.upper.length)).toEqual(r.upper);
      r.upper.forEach((u, k) => expect(table.needsUpper(row, k)).toBe(u));
      const t = table.target(row, r.upper.length);
      expect(t).toMatchObject({ entityId: 'a', alias: r.text, block: r.flags === BLOCK, upper: r.upper });
      expect(table.target(row, r.upper.length)).toBe(t);
      expect(table.next[row]).toBe(NONE);
    });
  });
});
