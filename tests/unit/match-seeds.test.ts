/**
 * The matcher and linker on the five seed articles, as plain text (one chunk per paragraph),
 * against the hand-checked mention counts in tests/fixtures/seed-gold.json (a copy of the
 * project's shared seed gold, kept in the repo so a clone alone passes): every mention linked
 * with the right id, nothing else. The real-browser tests check the same on the served pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMatcher, phraseKey } from '@/lib/match/matcher';
import { Linker, newPageEvidence } from '@/lib/match/link';
import { tokenize } from '@/lib/match/text';
import { loadCorpus } from '@/scripts/corpus/read';

const gold = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/seed-gold.json'), 'utf8')) as {
  universe: string[];
  docs: { slug: string; gold: { id: string; surface: string; count: number }[] }[];
};
const bundle = loadCorpus().bundle!;
const entities = bundle.entities;

function linkCounts(text: string): Record<string, number> {
  const matcher = buildMatcher(entities);
  const linker = new Linker(entities);
  const chunks = text
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const tokens = tokenize(line);
      return { text: line, tokens, candidates: matcher.scan(line, tokens) };
    });
  const counts: Record<string, number> = {};
  for (const links of linker.link(chunks, newPageEvidence()))
    for (const l of links) counts[l.entityId] = (counts[l.entityId] ?? 0) + 1;
  return counts;
}

describe('seed articles', () => {
  for (const doc of gold.docs) {
    it(`links exactly the gold mentions in ${doc.slug}`, () => {
      // The corpus keeps each seed article byte for byte, named by its seed slug.
      const text = bundle.sources.find((s) => s.seed === doc.slug)?.text;
      if (!text) throw new Error(`no corpus source for seed ${doc.slug}`);
      const expected: Record<string, number> = {};
      for (const g of doc.gold) expected[g.id] = (expected[g.id] ?? 0) + g.count;
      const actual = linkCounts(text);
      // Entities outside the gold's universe (and its own entries) are not judged by it.
      const universe = new Set([...gold.universe, ...gold.docs.flatMap((d) => d.gold.map((g) => g.id))]);
      const judged = Object.fromEntries(Object.entries(actual).filter(([id]) => universe.has(id)));
      expect(judged).toEqual(expected);
    });
  }
});

describe('canonical names', () => {
  it('links every entity written by its own name in full, whatever spellings the articles used', () => {
    // A name the corpus flags as ambiguous (Storm Shadow, drone) rightly needs evidence first.
    const plain = entities.filter(
      (e) => !e.aliasDetails.find((a) => phraseKey(a.text) === phraseKey(e.name))?.ambiguous,
    );
    expect(plain.length).toBeGreaterThan(entities.length - 5);
    // A name flagged common ("Matthew Miller") links only on a page with some of its topic words.
    const common = (e: (typeof entities)[number]) =>
      e.aliasDetails.find((a) => phraseKey(a.text) === phraseKey(e.name))?.common !== undefined;
    const wrong = plain.flatMap((e) => {
      const counts = linkCounts(`Reporters asked about ${e.name} on Tuesday.`);
      const expected = common(e) ? {} : { [e.id]: 1 };
      return JSON.stringify(counts) === JSON.stringify(expected) ? [] : [`${e.name}: ${JSON.stringify(counts)}`];
    });
    expect(wrong).toEqual([]);
    const commonNames = plain.filter(common);
    expect(commonNames.map((e) => e.id)).toContain('matthew-miller');
    const unsupported = commonNames.flatMap((e) => {
      const counts = linkCounts(`Reporters asked about ${e.name} on Tuesday, talking about ${e.topics[0]}.`);
      return counts[e.id] === 1 ? [] : [`${e.name}: ${JSON.stringify(counts)}`];
    });
    expect(unsupported).toEqual([]);
  });
});

describe('spellings other outlets use', () => {
  it('links formal names with initials and suffixes, transliterations and the ATACM singular', () => {
    const text =
      'President Joseph R. Biden Jr. met Secretary of Defense Lloyd J. Austin III and Antony J. Blinken.\n' +
      'Zelenskyi, Vasily Nebenzya and Nasser Kanani spoke; Ukraine wants more ATACM missiles and F16 jets.';
    expect(linkCounts(text)).toEqual({
      'joe-biden': 1,
      'lloyd-austin': 1,
      'antony-blinken': 1,
      'volodymyr-zelensky': 1,
      'vassily-nebenzia': 1,
      'nasser-kanaani': 1,
      atacms: 1,
      'f-16': 1,
    });
  });
  it('links "Sir Keir", the form British outlets use after the first mention, as one mark with the full name', () => {
    const text = 'Sir Keir Starmer flew to Washington. Sir Keir told reporters Storm Shadow was discussed.';
    const found = buildMatcher(entities)
      .scan(text)
      .map((c) => text.slice(c.start, c.end));
    expect(found).toEqual(['Sir Keir Starmer', 'Sir Keir', 'Storm Shadow']);
    expect(linkCounts(text)).toMatchObject({ 'keir-starmer': 2 });
  });
});
