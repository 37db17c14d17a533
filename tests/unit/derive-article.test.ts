/**
 * deriveArticle as a whole: on an article of the bundled corpus (real news text), mentions are the
 * web's matcher and linker over the same paragraphs; on generated and hostile texts, every derived
 * item is verbatim at its offsets and keeps its sentence, and the limits hold.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { contentHash, deriveArticle } from '@/lib/derive';
import { MAX_DERIVED_CHARS, MAX_QUOTES } from '@/lib/derive/limits';
import { DerivedArticle } from '@/lib/derive/schema';
import { paragraphs } from '@/lib/derive/sentences';
import { MAX_TEXT_CHARS } from '@/lib/extract/limits';
import type { ExtractedArticle } from '@/lib/extract/schema';
import { buildMatcher } from '@/lib/match/matcher';
import { Linker, newPageEvidence } from '@/lib/match/link';
import { tokenize } from '@/lib/match/text';
import { toMatcherEntity } from '@/lib/messaging/protocol';
import { CORPUS_DIR, loadCorpus } from '@/scripts/corpus/read';

const bundle = loadCorpus(CORPUS_DIR).bundle!;
const ENTITIES = bundle.entities.map(toMatcherEntity);
const ADDED = new Date('2026-12-01T10:00:00Z');
/** Whole-article runs on 250,000 characters take seconds on a shared two-core machine: a generous bound. */
const HEAVY_MS = 60_000;

function article(text: string, published: string | null = '2024-09-11'): ExtractedArticle {
  return {
    pageUrl: 'https://news.example.com/a',
    canonical: { url: 'https://news.example.com/a', method: 'link-canonical' },
    text,
    truncated: false,
    metadata: {
      title: { value: 'A title', method: 'json-ld' },
      published: published ? { value: published, date: published, precision: 'day', method: 'json-ld' } : null,
      modified: null,
      authors: null,
      publisher: null,
      language: 'en',
    },
  };
}

/** Every derived item is the text at its offsets, inside its sentence, which is the text at its offsets. */
function expectVerbatim(d: DerivedArticle) {
  const text = d.source.text;
  const inSentence = (r: { start: number; end: number }, s: { start: number; end: number }) =>
    expect(s.start <= r.start && r.end <= s.end).toBe(true);
  for (const q of d.quotes) {
    expect(text.slice(q.start, q.end)).toBe(q.text);
    expect(text.slice(q.sentence.start, q.sentence.end)).toBe(q.sentence.text);
    inSentence(q, q.sentence);
    if (q.cue) inSentence(q.cue, q.sentence);
  }
  for (const s of d.statements) {
    expect(text.slice(s.sentence.start, s.sentence.end)).toBe(s.sentence.text);
    expect(text.slice(s.expression.start, s.expression.end)).toBe(s.expression.text);
    inSentence(s.expression, s.sentence);
    // Every entity of a statement is mentioned in its sentence.
    for (const id of s.entityIds) {
      const m = d.mentions.find((x) => x.entityId === id)!;
      expect(m.occurrences.some((o) => o.start >= s.sentence.start && o.end <= s.sentence.end)).toBe(true);
    }
  }
  for (const m of d.mentions) for (const o of m.occurrences) inSentence(o, o.sentence);
  for (const p of d.people) {
    for (const m of p.mentions) {
      expect(p.forms).toContain(text.slice(m.start, m.end));
      inSentence(m, m.sentence);
    }
  }
  expect(v.is(DerivedArticle, d)).toBe(true);
}

describe('deriveArticle on a bundled article', () => {
  const source = bundle.sources.find((s) => s.id === 'us-uk-open-to-deeper-strikes')!;

  it('mentions are exactly what the web’s matcher and linker find over the same paragraphs', async () => {
    const d = await deriveArticle(article(source.text), ENTITIES, { addedAt: ADDED });
    const matcher = buildMatcher(ENTITIES);
    const linker = new Linker(ENTITIES);
    const paras = paragraphs(source.text);
    const chunks = paras.map((p) => {
      const tokens = tokenize(p.text);
      return { text: p.text, tokens, candidates: matcher.scan(p.text, tokens) };
    });
    const expected = new Map<string, number>();
    for (const links of linker.link(chunks, newPageEvidence())) {
      for (const l of links) expected.set(l.entityId, (expected.get(l.entityId) ?? 0) + 1);
    }
    expect(new Map(d.mentions.map((m) => [m.entityId, m.count]))).toEqual(expected);
    expect(d.mentions.map((m) => m.entityId)).toEqual(
      expect.arrayContaining(['antony-blinken', 'david-lammy', 'volodymyr-zelensky', 'joe-biden', 'keir-starmer']),
    );
    // The compiled corpus says the same of this source (its list also counts entities its items cite).
    for (const m of d.mentions) expect(source.entityIds).toContain(m.entityId);
  });

  it('quotes, dated statements and the source are derived, verbatim, with their methods', async () => {
    const d = await deriveArticle(article(source.text), ENTITIES, { addedAt: ADDED });
    expectVerbatim(d);
    expect(d.source.contentHash).toBe(await contentHash(source.text));
    expect(d.source.versionDate).toBe('2026-12-01T10:00:00.000Z');
    // The corpus's own quote of Blinken is found, with him as the speaker.
    const blinken = bundle.quotes.find((q) => q.sourceId === source.id && q.speakerId === 'antony-blinken')!;
    expect(d.quotes.some((q) => q.text.startsWith(blinken.text) && q.speaker?.entityId === 'antony-blinken')).toBe(
      true,
    );
    // "During a visit to Kyiv on Wednesday" dates the visit to the article's own Wednesday.
    const visit = d.statements.find((s) => s.expression.text === 'on Wednesday')!;
    expect(visit).toMatchObject({ date: '2024-09-11', precision: 'day', method: 'relative' });
    expect(visit.note).toMatch(/article dated Wed 11 Sep 2024/);
    // Nobody the corpus knows is offered as a new person.
    const known = new Set(ENTITIES.flatMap((e) => e.aliasDetails.map((a) => a.text)));
    for (const p of d.people) expect(known.has(p.name)).toBe(false);
  });

  it('without the name library, corpus speakers and dated statements are the same', async () => {
    const full = await deriveArticle(article(source.text), ENTITIES, { addedAt: ADDED });
    const fast = await deriveArticle(article(source.text), ENTITIES, { addedAt: ADDED, nameLibrary: false });
    const corpusSpeakers = (d: typeof full) =>
      d.quotes.filter((q) => q.speaker?.entityId).map((q) => [q.start, q.speaker!.entityId]);
    expect(corpusSpeakers(fast)).toEqual(corpusSpeakers(full));
    expect(fast.statements).toEqual(full.statements);
    expect(fast.mentions).toEqual(full.mentions);
    expectVerbatim(fast);
  });

  it('the same text gives the same hash; one changed character gives another', async () => {
    const a = await contentHash(source.text);
    expect(await contentHash(source.text)).toBe(a);
    expect(await contentHash(source.text.replace('Kyiv', 'Kiev'))).not.toBe(a);
  });

  it('without an article date only stated dates are kept', async () => {
    const d = await deriveArticle(article(source.text, null), ENTITIES, { addedAt: ADDED });
    expect(d.statements.every((s) => s.method === 'stated')).toBe(true);
  });

  it('refuses an extracted article that breaks its schema (the content script is not trusted)', async () => {
    await expect(
      deriveArticle({ ...article('x'), text: 'y'.repeat(MAX_TEXT_CHARS + 1) }, ENTITIES, { addedAt: ADDED }),
    ).rejects.toThrow();
    await expect(
      deriveArticle({ ...article('x'), pageUrl: 'javascript:alert(1)' }, ENTITIES, { addedAt: ADDED }),
    ).rejects.toThrow();
  });
});

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '“We will not give up,” Blinken said.',
  'Lammy said on Tuesday that the talks had gone well.',
  '"It is a long road," he added.',
  '‘Scare’ quotes',
  'Zelensky met Biden last week in New York.',
  '“Unclosed quote',
  '”',
  '"',
  'The so-called “peace plan” was dead, Dmitry Peskov told reporters in Moscow.',
  'Kremlin spokesman Dmitry Peskov said: “Nothing has changed since March.”',
  'According to Keir Starmer, “the decision is not yet made.”',
  '\u00a0',
  '—',
  'Mr.',
  'U.S.',
  '😀',
  'yesterday',
  'on 6 September',
  '\n',
  '\n\n',
  ' ',
];

describe('deriveArticle on generated texts (properties)', () => {
  it(
    'every quote, sentence, expression and name is verbatim at its offsets, on 150 random texts',
    { timeout: HEAVY_MS },
    async () => {
      for (let seed = 1; seed <= 150; seed++) {
        const next = random(seed);
        const parts: string[] = [];
        const count = 5 + Math.floor(next() * 40);
        for (let i = 0; i < count; i++) parts.push(PIECES[Math.floor(next() * PIECES.length)]!);
        const text = parts.join(next() < 0.5 ? ' ' : '').trim() || 'Empty.';
        const d = await deriveArticle(article(text), ENTITIES, { addedAt: ADDED });
        expectVerbatim(d);
      }
    },
  );
});

describe('deriveArticle on a hostile page', () => {
  it(
    'a page of nothing but quotations keeps at most MAX_QUOTES, says it capped, and stays small',
    { timeout: HEAVY_MS },
    async () => {
      const one = '“Go now, go now, go,” Biden said. ';
      const text = one.repeat(Math.floor(MAX_TEXT_CHARS / one.length)).trim();
      const started = performance.now();
      const d = await deriveArticle(article(text), ENTITIES, { addedAt: ADDED });
      const ms = performance.now() - started;
      expect(d.quotes).toHaveLength(MAX_QUOTES);
      expect(d.capped.quotes).toBe(true);
      expectVerbatim(d);
      const derivedChars = JSON.stringify({ ...d, source: null }).length;
      expect(derivedChars).toBeLessThan(MAX_DERIVED_CHARS * 2);
      console.info(
        `hostile page of ${text.length} characters: derived in ${ms.toFixed(0)} ms, ${derivedChars} characters`,
      );
    },
  );

  it(
    '60,000 quotation marks in one paragraph: no scare quote kept, in linear time',
    { timeout: HEAVY_MS },
    async () => {
      const text = '“a” '.repeat(60_000).trim();
      expect(text.split('“').length - 1).toBeGreaterThanOrEqual(60_000);
      const d = await deriveArticle(article(text), ENTITIES, { addedAt: ADDED });
      // One-word quotations without a speaker are scare quotes: none is kept.
      expect(d.quotes).toEqual([]);
      expectVerbatim(d);
    },
  );

  it('100,000 quotations cannot reach derive: the extracted text is capped before', () => {
    const text = '“We will win,” Biden said. '.repeat(100_000);
    expect(text.length).toBeGreaterThan(MAX_TEXT_CHARS);
    return expect(deriveArticle(article(text), ENTITIES, { addedAt: ADDED })).rejects.toThrow();
  });

  it('one endless sentence: items in it are not stored (no sentence of megabytes)', { timeout: HEAVY_MS }, async () => {
    const text = `Biden said on Tuesday ${'and then '.repeat(20_000)}“this is the end of it all.”`;
    const d = await deriveArticle(article(text), ENTITIES, { addedAt: ADDED });
    expect(d.quotes).toEqual([]);
    expect(d.statements).toEqual([]);
    expectVerbatim(d);
  });
});
