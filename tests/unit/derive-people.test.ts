/**
 * The people finder on hand-annotated real articles (tests/fixtures/people/gold.json: each text
 * with every form of a person's name it writes, and its source). The floors sit just under what
 * was measured when `compromise` was chosen (docs/adr/016-reader-articles.md): a change that finds
 * fewer real names or more false ones fails here. `scripts/reader/people-eval.ts` prints the full
 * comparison with `wink-nlp`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveArticle } from '@/lib/derive';
import { findNames } from '@/lib/derive/library-names';
import { nameWords } from '@/lib/derive/names';
import { People } from '@/lib/derive/people';
import { toMatcherEntity } from '@/lib/messaging/protocol';
import { CORPUS_DIR, loadCorpus } from '@/scripts/corpus/read';

interface Gold {
  source: string;
  text: string;
  people: string[];
}
const GOLD = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/people/gold.json'), 'utf8')) as Gold[];
const key = (name: string) => nameWords(name).join(' ');

/** Measured: precision 71.4%, recall 72.4% on 12 articles (76 name forms). */
const MIN_PRECISION = 0.68;
const MIN_RECALL = 0.68;

describe('finding people’s names in real articles', () => {
  it('the annotation covers at least 10 real articles, every name form in its text', () => {
    expect(GOLD.length).toBeGreaterThanOrEqual(10);
    for (const g of GOLD) {
      expect(g.source).toMatch(/^https?:\/\//);
      for (const p of g.people) expect(g.text).toContain(p);
    }
  });

  it(`precision ≥ ${MIN_PRECISION * 100}% and recall ≥ ${MIN_RECALL * 100}% of name forms`, { timeout: 60_000 }, () => {
    let right = 0;
    let wrong = 0;
    let missed = 0;
    for (const g of GOLD) {
      const people = new People(g.text, [], findNames(g.text), []);
      const found = new Set(people.mentions.map((m) => key(g.text.slice(m.start, m.end))));
      const expected = new Set(g.people.map(key));
      for (const f of found)
        if (expected.has(f)) right++;
        else wrong++;
      for (const e of expected) if (!found.has(e)) missed++;
    }
    const precision = right / (right + wrong);
    const recall = right / (right + missed);
    console.info(`people: precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}%`);
    expect(precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(recall).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it('offers names the corpus lacks, never a corpus person, each with its mentions', { timeout: 60_000 }, async () => {
    const entities = loadCorpus(CORPUS_DIR).bundle!.entities.map(toMatcherEntity);
    const wapo = GOLD.find((g) => g.source.includes('netanyahu'))!;
    const d = await deriveArticle(
      {
        pageUrl: 'https://news.example.com/a',
        canonical: { url: 'https://news.example.com/a', method: 'page-url' },
        text: wapo.text,
        truncated: false,
        metadata: { title: null, published: null, modified: null, authors: null, publisher: null, language: 'en' },
      },
      entities,
      { addedAt: new Date('2026-12-01T00:00:00Z') },
    );
    const offered = d.people.map((p) => p.name);
    expect(offered).toEqual(expect.arrayContaining(['Benjamin Netanyahu', 'Martin Indyk', 'Robert M. Danin', 'Obama']));
    // Vladimir Putin is in the corpus: never offered.
    expect(offered.some((n) => /Putin/.test(n))).toBe(false);
    const netanyahu = d.people.find((p) => p.name === 'Benjamin Netanyahu')!;
    expect(netanyahu.forms).toEqual(expect.arrayContaining(['Benjamin Netanyahu', 'Netanyahu']));
    for (const m of netanyahu.mentions) expect(netanyahu.forms).toContain(wapo.text.slice(m.start, m.end));
  });
});
