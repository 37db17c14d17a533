/** Near-miss spellings: the distance against a plain reference, and the index against a scan of every name. */
import { describe, expect, it } from 'vitest';
import { editDistance, maxEdits, NEAR_MAX_LETTERS, NEAR_MIN_LETTERS, NearIndex } from '@/lib/match/spelling';
import { inflections, INFLECTING_LANGUAGES, uninflected } from '@/lib/match/variants';

/** Optimal string alignment distance, the textbook way (full table, no early stop). */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i ? (j ? 0 : i) : j)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/** A deterministic generator, so a failure names its case. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function mutate(word: string, edits: number, next: () => number): string {
  let w = word;
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(next() * w.length);
    const c = 'aeiounrst'[Math.floor(next() * 9)]!;
    const op = Math.floor(next() * 4);
    if (op === 0) w = w.slice(0, i) + c + w.slice(i);
    else if (op === 1 && w.length > 1) w = w.slice(0, i) + w.slice(i + 1);
    else if (op === 2) w = w.slice(0, i) + c + w.slice(i + 1);
    else if (i + 1 < w.length) w = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  }
  return w;
}

describe('editDistance', () => {
  it('agrees with the textbook distance up to its limit, and more than the limit past it', () => {
    const next = random(7);
    for (let n = 0; n < 2000; n++) {
      const a = mutate('stoltenberg'.slice(0, 4 + Math.floor(next() * 8)), 2, next);
      const b = mutate(a, Math.floor(next() * 4), next);
      for (const limit of [1, 2]) {
        const want = reference(a, b);
        const got = editDistance(a, b, limit);
        if (want <= limit) expect(got, `${a} ${b} ${limit}`).toBe(want);
        else expect(got, `${a} ${b} ${limit}`).toBeGreaterThan(limit);
      }
    }
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('zelenksy', 'zelensky', 2)).toBe(1);
  });
});

describe('NearIndex', () => {
  it('finds exactly the names a scan of every name finds: same ends, within the shorter word’s edits', () => {
    const next = random(11);
    const names = Array.from({ length: 400 }, (_, i) =>
      mutate('abcdefghijklmnopqrstuvwxyz'.slice(i % 9, (i % 9) + 7 + (i % 8)), 3, next),
    ).filter((w) => w.length >= NEAR_MIN_LETTERS && w.length <= NEAR_MAX_LETTERS);
    const index = new NearIndex<number>();
    names.forEach((w, i) => index.add(w, i));
    expect(index.size).toBe(names.length);
    for (let n = 0; n < 500; n++) {
      const word = mutate(names[Math.floor(next() * names.length)]!, Math.floor(next() * 3), next);
      const want = names
        .map((w, i) => ({ w, i, limit: maxEdits(Math.min(w.length, word.length)) }))
        .filter(({ w }) => word.length >= NEAR_MIN_LETTERS && w[0] === word[0] && w.at(-1) === word.at(-1))
        .filter(({ w }) => word.length <= NEAR_MAX_LETTERS && Math.abs(w.length - word.length) <= maxEdits(word.length))
        .filter(({ w, limit }) => reference(word, w) <= limit)
        .map(({ i }) => i)
        .sort((a, b) => a - b);
      const got = index
        .near(word)
        .map((h) => h.value)
        .sort((a, b) => a - b);
      expect(got, word).toEqual(want);
    }
  });

  it('ignores names outside its length limits', () => {
    const index = new NearIndex<string>();
    index.add('short', 'x');
    index.add('a'.repeat(NEAR_MAX_LETTERS + 1), 'y');
    expect(index.size).toBe(0);
  });
});

describe('uninflected', () => {
  it('finds the word behind every form the inflection rules make, in each language', () => {
    const words = ['trump', 'donald', 'sikorski', 'zelenska', 'selenskyj', 'andrij', 'blinken', 'radosław', 'sybiha'];
    for (const language of INFLECTING_LANGUAGES)
      for (const word of words)
        for (const form of inflections(word, language)) expect(uninflected(form, language), form).toContain(word);
  });

  it('offers nothing for a language without rules, or a word too short to be a stem and an ending', () => {
    expect(uninflected('trumpa', 'en')).toEqual([]);
    expect(uninflected('abcs', 'de')).toEqual([]);
  });
});
