/**
 * The popup search bench's generated corpus (scripts/bench/search.ts), apart so that unit tests
 * can search it too (tests/unit/search-index.test.ts) without loading the browser drivers.
 */
import type { CorpusBundle, CorpusEntity, EntityKind } from '../../lib/corpus/schema';
import { loadCorpus } from '../corpus/read';

export const ENTITY_COUNT = 10_000;

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same corpus. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka lo mi ra ne to vi sa de lu po ri an el os ur ja ko be zy mar tin sen dor vel gra sto lin'.split(
  ' ',
);
const WORDS = (
  'minister said talks missile weapons supply range strike border defense army meeting allies support ' +
  'decision policy government officials week report statement ukraine russia summit president foreign ' +
  'approval restrictions deliveries launchers aid package crisis conflict territory pressure sanctions ' +
  'agreement visit capital security council vote budget parliament troops front attack drones shells'
).split(' ');

function word(next: () => number, syllables: number): string {
  let w = '';
  for (let i = 0; i < syllables; i++) w += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
  return w[0]!.toUpperCase() + w.slice(1);
}

function sentence(next: () => number, n: number, names: string[] = []): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(next() * WORDS.length)]!);
  for (const name of names) out.splice(Math.floor(next() * out.length), 0, name);
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/**
 * A corpus in the bundle's shape with `entities` entities (the real corpus's own among them, so
 * "storm" and "zelenski" mean what they mean in the extension) and items in about the real
 * corpus's proportions.
 */
export function generateCorpus(entities = ENTITY_COUNT): CorpusBundle {
  const next = random(42);
  const real = loadCorpus().bundle;
  if (!real) throw new Error('the corpus has problems');
  const kinds: EntityKind[] = [
    'person',
    'person',
    'person',
    'person',
    'person',
    'person',
    'person',
    'weapon',
    'weapon',
    'weapon-class',
  ];
  const list: CorpusEntity[] = [...real.entities];
  const ids = new Set(list.map((e) => e.id));
  while (list.length < entities) {
    const kind = kinds[Math.floor(next() * kinds.length)]!;
    const name =
      kind === 'person'
        ? `${word(next, 2)} ${word(next, 2 + Math.floor(next() * 2))}`
        : `${word(next, 2)}-${Math.floor(next() * 900) + 100}`;
    const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    if (ids.has(id)) continue;
    ids.add(id);
    const aliases =
      kind === 'person'
        ? [name, name.split(' ')[1]!, `${name.split(' ')[0]![0]}. ${name.split(' ')[1]}`]
        : [name, name.replace('-', '')];
    list.push({
      ...real.entities[0]!,
      id,
      kind,
      name,
      aliases,
      aliasDetails: aliases.map((text) => ({ text, ambiguous: null })),
      roles: [],
      properties: [],
      country: null,
      sourceIds: [],
      relatedIds: [],
    });
  }
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const sources = Array.from({ length: entities / 10 }, (_, i) => ({
    ...real.sources[i % real.sources.length]!,
    id: `source-${i}`,
    title: sentence(next, 8),
    publisher: i % 3 ? `${word(next, 2)} News` : null,
    text: '',
  }));
  const facts = Array.from({ length: entities * 2 }, (_, i) => {
    const e = pick(list);
    return {
      id: `fact-${i}`,
      entityIds: [e.id],
      text: sentence(next, 12, [e.name]),
      sourceId: pick(sources).id,
      quote: '',
    };
  });
  const quotes = Array.from({ length: entities }, (_, i) => ({
    ...real.quotes[0]!,
    id: `quote-${i}`,
    speakerId: pick(list).id,
    text: sentence(next, 18),
    sourceId: pick(sources).id,
    context: sentence(next, 4),
  }));
  const events = Array.from({ length: entities }, (_, i) => {
    const e = pick(list);
    return {
      ...real.events[0]!,
      id: `event-${i}`,
      title: sentence(next, 7, [e.name]),
      entityIds: [e.id],
      evidence: [{ sourceId: pick(sources).id, quote: '' }],
    };
  });
  return { ...real, version: `bench-${entities}`, sources, entities: list, facts, quotes, events, claims: [] };
}

/** What a reader types, one keystroke at a time: each prefix is one search. */
export const TYPED = ['storm', 'zelenski', 'stormshadow', 'atacms', 'radoslaw', 'blinken', 'missile range', 'ministr'];
export const KEYSTROKES = TYPED.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)));
