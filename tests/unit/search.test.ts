/** The corpus search (lib/search): ranking, typo and spacing tolerance, highlights, storage. */
import { describe, expect, it } from 'vitest';
import type { CorpusBundle, CorpusEntity } from '@/lib/corpus/schema';
import { SearchIndex, SEARCH_INDEX_FORMAT } from '@/lib/search';
import { nameDocs } from '@/lib/search/documents';
import { highlight, pieces } from '@/lib/search/highlight';
import { prefixTier } from '@/lib/search/names';
import { FUZZY_MIN_CHARS } from '@/lib/search/options';
import { nameTier, TIER_EXACT, TIER_NAME_PREFIX, TIER_OTHER, TIER_WORD_PREFIX } from '@/lib/search/rank';
import { compact, foldPhrase, words } from '@/lib/search/text';
import type { SearchResults } from '@/lib/search/types';
import { loadCorpus } from '@/scripts/corpus/read';
import { miniSearchNames } from './search-reference';

const corpus = loadCorpus().bundle!;
const index = SearchIndex.build(corpus);

/** The indexed text of a corpus item, to check a hit really matched. */
function itemText(kind: string, id: string): string {
  if (kind === 'fact') return corpus.facts.find((f) => f.id === id)!.text;
  if (kind === 'quote') {
    const q = corpus.quotes.find((x) => x.id === id)!;
    return `${q.text} ${q.context}`;
  }
  if (kind === 'event') return corpus.events.find((e) => e.id === id)!.title;
  const s = corpus.sources.find((x) => x.id === id)!;
  return `${s.title} ${s.publisher ?? ''}`;
}

const firstHit = (r: SearchResults) => r.groups[0]?.hits[0];
const shown = (r: SearchResults, hit: { title: { text: string; highlights: { start: number; end: number }[] } }) =>
  hit.title.highlights.map((h) => hit.title.text.slice(h.start, h.end));

function entity(id: string, name: string, kind: CorpusEntity['kind'], aliases: string[] = []): CorpusEntity {
  return {
    id,
    kind,
    name,
    aliases: [name, ...aliases],
    aliasDetails: [name, ...aliases].map((text) => ({ text, ambiguous: null })),
    titles: [],
    topics: [],
    excludes: [],
    description: null,
    country: null,
    roles: [],
    properties: [],
    sourceIds: [],
    relatedIds: [],
  };
}

describe('text folding', () => {
  it('folds case and diacritics, and removes spaces and dashes for the run-together form', () => {
    expect(foldPhrase('  Radosław   SIKORSKI ')).toBe('radoslaw sikorski');
    expect(compact('Storm Shadow')).toBe('stormshadow');
    expect(compact('F-16')).toBe('f16');
    expect(words('Storm Shadow, F-16').map((w) => [w.text, w.start, w.end])).toEqual([
      ['Storm', 0, 5],
      ['Shadow', 6, 12],
      ['F', 14, 15],
      ['16', 16, 18],
    ]);
  });
});

describe('name tiers', () => {
  it('ranks an exact name over a name prefix over a word prefix over anything else', () => {
    const keys = ['storm shadow', 'scalp eg'];
    expect(nameTier('storm shadow', keys)).toEqual({ tier: TIER_EXACT, keyIndex: 0 });
    expect(nameTier('stormshadow', keys)).toEqual({ tier: TIER_EXACT, keyIndex: 0 });
    expect(nameTier('scalp eg', keys)).toEqual({ tier: TIER_EXACT, keyIndex: 1 });
    expect(nameTier('storm', keys).tier).toBe(TIER_NAME_PREFIX);
    expect(nameTier('shad', keys).tier).toBe(TIER_WORD_PREFIX);
    expect(nameTier('hadow', keys).tier).toBe(TIER_OTHER);
    expect(nameTier('', keys).tier).toBe(TIER_OTHER);
  });
});

describe('highlights', () => {
  it('marks matched words as ranges, and a run-together term across the words it spells', () => {
    expect(highlight('Storm Shadow missiles', new Set(['storm']))).toEqual([{ start: 0, end: 5 }]);
    expect(highlight('Storm Shadow missiles', new Set(['stormshadow']))).toEqual([{ start: 0, end: 12 }]);
    expect(highlight('the F-16 jets', new Set(['f16']))).toEqual([{ start: 4, end: 8 }]);
    expect(highlight('Radosław Sikorski', new Set(['radoslaw']))).toEqual([{ start: 0, end: 8 }]);
    expect(highlight('nothing here', new Set(['storm']))).toEqual([]);
  });

  it('splits a text into plain and matched pieces that join back to the text', () => {
    const text = 'Volodymyr Zelensky met Zelensky’s aides';
    const parts = pieces({ text, highlights: highlight(text, new Set(['zelensky'])) });
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['Zelensky', 'Zelensky']);
  });
});

describe('search over the bundled corpus', () => {
  it('lists Storm Shadow first for "storm", marking the word typed', () => {
    const r = index.search('storm');
    expect(r.groups[0]!.kind).toBe('weapon');
    const hit = firstHit(r)!;
    expect(hit.id).toBe('storm-shadow');
    expect(shown(r, hit)).toEqual(['Storm']);
  });

  it.each([
    ['zelenski', 'volodymyr-zelensky'],
    ['Zelenksy', 'volodymyr-zelensky'],
    ['volodymir zelensky', 'volodymyr-zelensky'],
    ['stormshadow', 'storm-shadow'],
    ['storm shadw', 'storm-shadow'],
    ['atacms', 'atacms'],
    ['ATACMS', 'atacms'],
    ['radoslaw', 'radoslaw-sikorski'],
    ['Radosław', 'radoslaw-sikorski'],
    ['f16', 'f-16'],
    ['fath360', 'fath-360'],
    ['blinkin', 'antony-blinken'],
    ['lammy', 'david-lammy'],
  ])('finds %s → %s as the top result', (query, id) => {
    expect(firstHit(index.search(query))?.id).toBe(id);
  });

  it('shows the other spelling that matched when the name did not', () => {
    const hit = firstHit(index.search('SCALP'))!;
    expect(hit.id).toBe('storm-shadow');
    expect(hit.alias?.text).toBe('SCALP');
    expect(hit.alias?.highlights).toEqual([{ start: 0, end: 5 }]);
  });

  it('searches facts, quotes, events and sources too, each group ranked and capped', () => {
    const r = index.search('escalation');
    const kinds = r.groups.map((g) => g.kind);
    expect(kinds).toContain('fact');
    expect(kinds).toContain('quote');
    for (const g of r.groups) {
      expect(g.hits.length).toBeLessThanOrEqual(5);
      expect(g.total).toBeGreaterThanOrEqual(g.hits.length);
      const scores = g.hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const h of g.hits) expect(itemText(h.kind, h.id), h.id).toMatch(/escalat/i);
    }
    const fact = r.groups.find((g) => g.kind === 'fact')!.hits[0]!;
    expect(corpus.facts.find((f) => f.id === fact.id)?.text).toBe(fact.title.text);
    expect(fact.date).toMatch(/^\d{4}/);
  });

  it('matches every word of a prose query, the last one as a prefix, and ignores a short word being typed', () => {
    const r = index.search('ukraine long-range missi');
    const prose = r.groups.filter((g) => !['person', 'weapon', 'weapon-class'].includes(g.kind));
    expect(prose.length).toBeGreaterThan(0);
    for (const g of prose) {
      for (const h of g.hits) {
        const text = itemText(h.kind, h.id);
        for (const word of [/ukrain/i, /long/i, /range/i, /missi/i]) expect(text, h.id).toMatch(word);
      }
    }
    // "ukraine long-range missi r": the trailing "r" is not yet a word to search by.
    const typing = index.search('ukraine long-range missi r');
    expect(typing.groups.filter((g) => g.kind === 'fact')).toEqual(prose.filter((g) => g.kind === 'fact'));
  });

  it('finds a source by its title and an event by its title', () => {
    const source = corpus.sources[0]!;
    const bySource = index.search(source.title);
    expect(bySource.groups.find((g) => g.kind === 'source')?.hits[0]?.id).toBe(source.id);
    const event = corpus.events[0]!;
    expect(index.search(event.title).groups.find((g) => g.kind === 'event')?.hits[0]?.id).toBe(event.id);
  });

  it('answers nothing for an empty or punctuation-only query, and nothing for gibberish', () => {
    expect(index.search('   ').groups).toEqual([]);
    expect(index.search('—!?').groups).toEqual([]);
    expect(index.search('qqxxjjzz').total).toBe(0);
  });

  it('suggests well-covered entities of more than one kind', () => {
    expect(index.suggestions.length).toBeGreaterThan(2);
    expect(new Set(index.suggestions.map((s) => s.kind)).size).toBeGreaterThan(1);
    for (const s of index.suggestions) expect(corpus.entities.find((e) => e.id === s.id)?.name).toBe(s.name);
  });
});

describe('ranking', () => {
  const small: Pick<CorpusBundle, 'entities' | 'facts' | 'quotes' | 'events' | 'sources'> = {
    entities: [
      entity('shadow-storm-operation', 'Shadow Storm Operation', 'weapon', ['Storm Ops']),
      entity('stormy-weather', 'Stormy Weather', 'person'),
      entity('storm', 'Storm', 'weapon'),
      entity('john-storm', 'John Storm', 'person'),
    ],
    facts: [],
    quotes: [],
    events: [],
    sources: [],
  };
  const smallIndex = SearchIndex.build(small);

  it('puts the exact name first, then names that start with the query, then names with a word that does', () => {
    const r = smallIndex.search('storm');
    const weapons = r.groups.find((g) => g.kind === 'weapon')!.hits.map((h) => [h.id, h.tier]);
    expect(weapons).toEqual([
      ['storm', TIER_EXACT],
      ['shadow-storm-operation', TIER_NAME_PREFIX],
    ]);
    const people = r.groups.find((g) => g.kind === 'person')!.hits.map((h) => [h.id, h.tier]);
    expect(people).toEqual([
      ['stormy-weather', TIER_NAME_PREFIX],
      ['john-storm', TIER_WORD_PREFIX],
    ]);
    // The group holding the exact match comes first.
    expect(r.groups[0]!.kind).toBe('weapon');
  });
});

describe('short prefixes', () => {
  // Queries of one word shorter than FUZZY_MIN_CHARS are ranked with prefixTier (lib/search/names.ts):
  // they must find exactly what MiniSearch (ADR 008's engine) finds, tiered as nameTier tiers them.
  const prefixes = new Set<string>();
  for (const e of corpus.entities)
    for (const key of [e.name, ...e.aliases].map(foldPhrase))
      for (const word of [...key.split(' '), key.replaceAll(' ', '')])
        for (let n = 1; n < FUZZY_MIN_CHARS; n++) if (word.length >= n) prefixes.add(word.slice(0, n));
  prefixes.add('qz');

  it('finds the same entities as MiniSearch for every prefix of every name word, at the same tier', () => {
    expect(prefixes.size).toBeGreaterThan(100);
    const docs = nameDocs(corpus);
    const reference = miniSearchNames(docs);
    for (const prefix of prefixes) {
      const m = index.names.match(prefix);
      const found = Array.from(m.docs, (n, i) => `${docs[n]!.id}:${m.tiers[i]}`);
      const expected = [...reference(prefix).keys()].map(
        (id) => `${id}:${nameTier(prefix, docs.find((d) => d.id === id)!.keys).tier}`,
      );
      expect(found.sort(), prefix).toEqual(expected.sort());
    }
  });

  it('ranks a name that starts with the prefix first, and shows the matched words', () => {
    const r = index.search('sto');
    const hit = r.groups.find((g) => g.kind === 'weapon')!.hits[0]!;
    expect(hit.id).toBe('storm-shadow');
    expect(hit.tier).toBe(TIER_NAME_PREFIX);
    expect(shown(r, hit)).toEqual(['Storm']);
  });

  it('agrees with nameTier for one-word prefixes', () => {
    for (const e of corpus.entities) {
      const keys = [e.name, ...e.aliases].map(foldPhrase);
      const compacts = keys.map((k) => k.replaceAll(' ', ''));
      for (const prefix of prefixes) {
        const matches = keys.some((k) => ` ${k}`.includes(` ${prefix}`)) || compacts.some((k) => k.startsWith(prefix));
        if (matches)
          expect(prefixTier(prefix, keys, compacts).tier, `${e.id} ${prefix}`).toBe(nameTier(prefix, keys).tier);
      }
    }
  });
});

describe('storage', () => {
  it('round-trips through its stored form and answers the same', () => {
    const stored = index.toStored();
    expect(stored.names.format).toBe(SEARCH_INDEX_FORMAT);
    expect(stored.texts.format).toBe(SEARCH_INDEX_FORMAT);
    // structuredClone: what IndexedDB does to a stored value (the index is typed arrays, not JSON).
    const loaded = SearchIndex.fromStored(structuredClone(stored));
    // Scores are sums of floats: the same up to rounding, whatever order the loaded index adds them in.
    const rounded = (r: SearchResults) =>
      r.groups.map((g) => ({ ...g, hits: g.hits.map((h) => ({ ...h, score: Math.round(h.score * 1e6) })) }));
    for (const q of ['storm', 'zelenski', 'escalation', 'stormshadow']) {
      expect(rounded(loaded.search(q))).toEqual(rounded(index.search(q)));
    }
    expect(loaded.suggestions).toEqual(index.suggestions);
  });

  it('searches names alone while the text index is not loaded, and says so', () => {
    const { names, suggestions } = SearchIndex.namesFromStored(index.toStored().names);
    const namesOnly = new SearchIndex(names, suggestions, null).search('atacms');
    expect(namesOnly.complete).toBe(false);
    expect(namesOnly.groups.map((g) => g.kind)).toEqual(['weapon']);
    expect(index.search('atacms').complete).toBe(true);
  });

  it('refuses a stored index of another format', () => {
    const stored = index.toStored();
    expect(() => SearchIndex.namesFromStored({ ...stored.names, format: SEARCH_INDEX_FORMAT + 1 })).toThrow();
    expect(() => SearchIndex.textsFromStored({ ...stored.texts, format: SEARCH_INDEX_FORMAT - 1 })).toThrow();
    expect(() => SearchIndex.namesFromStored(null)).toThrow();
  });
});
