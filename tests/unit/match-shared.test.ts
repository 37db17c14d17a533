/**
 * What a page holds for linking (issue 18, ADR 023): one matcher per page, shared by the page's
 * body and its metadata, and a linker that makes an entity's rules only when the page asks about
 * the entity, with the same links either way.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '@/scripts/corpus/read';
import { syntheticEntities } from '@/scripts/bench/synthetic';
import { PageScanner } from '@/lib/content/scanner';
import { buildMatcher } from '@/lib/match/matcher';
import { Linker, newPageEvidence, type PageMetadata } from '@/lib/match/link';
import { tokenize } from '@/lib/match/text';
import type * as MatcherModule from '@/lib/match/matcher';
import type * as TextModule from '@/lib/match/text';

const calls = vi.hoisted(() => ({ builds: 0, tokenized: 0 }));
vi.mock('@/lib/match/matcher', async (original) => {
  const m = await original<typeof MatcherModule>();
  return {
    ...m,
    buildMatcher: (...args: Parameters<typeof m.buildMatcher>) => {
      calls.builds++;
      return m.buildMatcher(...args);
    },
  };
});
vi.mock('@/lib/match/text', async (original) => {
  const m = await original<typeof TextModule>();
  return {
    ...m,
    tokenize: (text: string) => {
      calls.tokenized++;
      return m.tokenize(text);
    },
  };
});

const entities = loadCorpus().bundle!.entities;

afterEach(() => {
  document.head.textContent = '';
  document.body.textContent = '';
});

describe('one matcher per page', () => {
  it('builds one matcher for a page whose metadata the linker reads', async () => {
    document.head.innerHTML =
      '<meta name="keywords" content="Donald Trump, Election"><script type="application/ld+json">{"@type":"NewsArticle","about":{"name":"Antony Blinken"}}</script>';
    document.body.innerHTML = '<article><p>Trump supporters gathered outside the hotel on Tuesday night.</p></article>';
    calls.builds = 0;
    const scanner = new PageScanner({ doc: document, entities });
    try {
      await scanner.start([document.querySelector('article')!]);
      // The metadata was read and used: the bare surname links by it.
      expect(scanner.entityCounts().get('donald-trump')).toBe(1);
      expect(calls.builds).toBe(1);
    } finally {
      scanner.stop();
    }
  });

  it('links the same with the page body’s matcher as with one of its own', () => {
    const matcher = buildMatcher(entities);
    const cases: [string[], PageMetadata][] = [
      [['Trump supporters gathered outside the hotel on Tuesday night.'], { texts: ['Donald Trump'], language: 'en' }],
      [['Trump supporters gathered outside.'], { texts: ['Melania Trump', 'White House'], language: 'en' }],
      [['Matt Miller ranked the quarterbacks.'], { texts: ['State Department', 'Ukraine'], language: 'en' }],
      [['Austin said the aid would continue.'], { texts: ['Lloyd Austin', 'Pentagon'], language: 'en' }],
    ];
    for (const [paragraphs, metadata] of cases) {
      const run = (linker: Linker) => {
        const chunks = paragraphs.map((text) => {
          const tokens = tokenize(text);
          return { text, tokens, candidates: matcher.scan(text, tokens) };
        });
        return linker.link(chunks, newPageEvidence());
      };
      const own = run(new Linker(entities, { metadata: () => metadata }));
      calls.builds = 0;
      const shared = run(new Linker(entities, { metadata: () => metadata, matcher }));
      expect(shared).toEqual(own);
      expect(calls.builds).toBe(0);
    }
    // The cases are not all empty: the metadata decided something.
    const first = cases[0]!;
    const text = first[0][0]!;
    const tokens = tokenize(text);
    const [links] = new Linker(entities, { metadata: () => first[1], matcher }).link(
      [{ text, tokens, candidates: matcher.scan(text, tokens) }],
      newPageEvidence(),
    );
    expect(links!.map((l) => l.evidence.kind)).toEqual(['metadata']);
  });
});

describe('the linker’s rules', () => {
  it('are made for the entities a page asks about, not for the whole corpus up front', () => {
    const archive = syntheticEntities(10_000);
    calls.tokenized = 0;
    const linker = new Linker(archive);
    // Topic phrases are indexed up front (each distinct phrase once); names and titles are not read.
    const topics = new Set(archive.flatMap((e) => e.topics)).size;
    expect(calls.tokenized).toBeLessThanOrEqual(topics);
    const text = `${archive[5]!.name} spoke.`;
    const tokens = tokenize(text);
    const matcher = buildMatcher(archive);
    const [links] = linker.link([{ text, tokens, candidates: matcher.scan(text, tokens) }], newPageEvidence());
    expect(links!.map((l) => l.entityId)).toEqual([archive[5]!.id]);
  });
});
