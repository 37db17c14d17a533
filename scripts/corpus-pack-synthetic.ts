/**
 * A synthetic pack for tests and the bench: made-up articles and people, deterministic for a
 * seed, that passes every rule (every quote verbatim, every entity with a fact, every source
 * cited). At the default size it is a newsroom's archive: 5,000 sources, 10,000 people with
 * 30,000 aliases, 100,000 quotes and events.
 *
 * `npx tsx scripts/corpus-pack-synthetic.ts OUT.fcpack [SOURCES]` writes one.
 */
import { writeFileSync } from 'node:fs';
import type { PackContent, PackDocument } from '../lib/pack/format';
import { encodePack, makePack, type PackInfo } from '../lib/pack/write';
import { entityIdFromName } from '../lib/corpus/names';

export interface SyntheticOptions {
  seed?: number;
  sources?: number;
  entities?: number;
  quotesPerSource?: number;
  eventsPerSource?: number;
  claims?: number;
  /** Pack id. */
  id?: string;
  /** The prefix of every item id (packs with the same prefix have the same item ids). */
  prefix?: string;
  version?: string;
}

/** The scale: 5,000 sources, 10,000 people (30,000 aliases), 70,000 quotes + 30,000 events. */
export const ARCHIVE_SIZE = {
  sources: 5_000,
  entities: 10_000,
  quotesPerSource: 14,
  eventsPerSource: 6,
  claims: 500,
} as const;

/** mulberry32: a small seeded generator, so the same seed gives the same pack everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES =
  'ka lo mi ra su ten vor bel dan fi gor hel ish jun kem lir mon nar ost pel quin rus sat tor ul ven wil yar zem'.split(
    ' ',
  );
const MONTHS = 'January February March April May June July August September October November December'.split(' ');
const PLACES = ['Kyiv', 'Warsaw', 'Brussels', 'Geneva', 'Vilnius', 'Riga', 'Tallinn', 'Helsinki', 'Oslo', 'Prague'];
const NOUNS = [
  'the air defence plan',
  'the grain corridor',
  'the aid package',
  'the border talks',
  'the ceasefire proposal',
  'the energy deal',
  'the training mission',
  'the loan guarantee',
];
const VERBS = ['hold', 'expand', 'review', 'delay', 'fund', 'sign', 'extend', 'reconsider'];
const FILLER = [
  'Officials spoke on condition of anonymity because the talks were not public.',
  'The ministry did not respond to a request for comment on Tuesday evening.',
  'Analysts said the outcome would depend on decisions made in the coming weeks.',
  'Earlier drafts of the plan had circulated among diplomats for several days.',
  'The meeting ran past midnight and resumed the following morning.',
  'Several delegations asked for more time to consult their governments.',
];

/** A capitalised made-up word, unique for each n below 29^parts. */
function word(n: number, parts: number): string {
  let out = '';
  for (let i = 0; i < parts; i++) {
    out += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** People per topic word: a desk's beat. */
const PEOPLE_PER_TOPIC = 50;
const topicOf = (person: number) => `${word(Math.floor(person / PEOPLE_PER_TOPIC), 2)}gate`;

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const pad = (n: number) => String(n).padStart(2, '0');

export function syntheticContent(options: SyntheticOptions = {}): PackContent {
  const { seed = 1, sources: sourceCount = 20, entities: entityCount = 40 } = options;
  const quotesPerSource = options.quotesPerSource ?? 3;
  const eventsPerSource = options.eventsPerSource ?? 1;
  const claimCount = Math.min(options.claims ?? 2, sourceCount - 1);
  const prefix = options.prefix ?? 'synthetic';
  const rng = random(seed);

  const people = Array.from({ length: entityCount }, (_, i) => {
    const first = word(Math.floor(rng() * SYLLABLES.length ** 2), 2);
    // Surnames: three syllables from the index (unique), so no alias is shared.
    const last = word(i, 3);
    const name = `${first} ${last}`;
    return { id: entityIdFromName(name), name, first, last, index: i };
  });
  const personOf = (n: number) => people[n % people.length]!;

  const sources = Array.from({ length: sourceCount }, (_, s) => {
    const id = `${prefix}-source-${String(s).padStart(5, '0')}`;
    const month = 1 + Math.floor(rng() * 12);
    const day = 1 + Math.floor(rng() * 28);
    const dateline = `Published on ${day} ${MONTHS[month - 1]} 2024.`;
    const lead = `${pick(rng, PLACES)} — Talks on ${pick(rng, NOUNS)} continued for a ${['second', 'third', 'fourth'][s % 3]} day.`;
    const lines = [dateline, lead];
    const facts = [0, 1].map((k) => {
      const p = personOf(2 * s + k);
      const quote = `${p.name} told reporters in ${pick(rng, PLACES)} that ${pick(rng, NOUNS)} would ${pick(rng, VERBS)} by ${pick(rng, MONTHS)}`;
      lines.push(`${quote}.`);
      return { id: `${id}-fact-${k}`, entities: [p.id], text: `${p.name} spoke about the plan.`, quote };
    });
    const quotes = Array.from({ length: quotesPerSource }, (_, q) => {
      const p = personOf(s * 7 + q * 13);
      const text = `We will ${pick(rng, VERBS)} ${pick(rng, NOUNS)} in ${pick(rng, PLACES)} before ${pick(rng, MONTHS)} (${s}.${q})`;
      lines.push(`“${text},” ${p.last} said.`);
      if (q % 3 === 2) lines.push(pick(rng, FILLER));
      return {
        id: `${id}-quote-${q}`,
        speaker: p.id,
        text,
        date: null,
        context: `Remarks reported in ${id}`,
        reportedBy: null,
      };
    });
    const events = Array.from({ length: eventsPerSource }, (_, e) => {
      const eventDay = 1 + Math.floor(rng() * 28);
      const sentence = `On ${eventDay} ${MONTHS[month - 1]} 2024, ${pick(rng, NOUNS)} was ${pick(rng, ['signed', 'delayed', 'announced', 'extended'])} in ${pick(rng, PLACES)} (${s}.${e})`;
      lines.push(`${sentence}.`);
      return {
        id: `${id}-event-${e}`,
        title: `Event ${s}.${e}`,
        date: `2024-${pad(month)}-${pad(eventDay)}`,
        precision: 'day' as const,
        method: 'stated' as const,
        entities: [personOf(2 * s).id],
        evidence: [{ source: id, quote: sentence }],
      };
    });
    lines.push(pick(rng, FILLER), pick(rng, FILLER));
    return {
      source: {
        id,
        title: `Report ${s}: ${lead.slice(lead.indexOf('Talks'))}`,
        titleKind: 'headline' as const,
        published: { date: `2024-${pad(month)}-${pad(day)}`, precision: 'day' as const, method: 'stated' as const },
        datingEvidence: [dateline],
        position: { stance: (['yes', 'no', 'partly'] as const)[s % 3]!, summary: 'Talks continue.', quote: lead },
        facts,
        quotes,
        text: `${lines.join('\n')}\n`,
      },
      events,
    };
  });

  const claims = Array.from({ length: claimCount }, (_, c) => {
    const a = sources[c]!.source;
    const b = sources[c + 1]!.source;
    return {
      id: `${prefix}-claim-${c}`,
      question: `Did the talks in report ${c} continue?`,
      entities: [personOf(2 * c).id],
      positions: [
        { source: a.id, speaker: null, stance: 'yes' as const, summary: 'They did.', quote: a.position.quote },
        { source: b.id, speaker: null, stance: 'no' as const, summary: 'They did not.', quote: b.position.quote },
      ],
    };
  });

  return {
    sources: sources.map((s) => s.source),
    entities: people.map((p) => ({
      id: p.id,
      name: p.name,
      kind: 'person' as const,
      aliases: [p.name, p.last, `${p.first.charAt(0)}. ${p.last}`],
      titles: ['Minister'],
      // Topic words shared by groups of people, as on a real desk: a topic held by every entity
      // would make the linker's per-page topic notes cost O(entities) per source.
      topics: [topicOf(p.index)],
    })),
    events: sources.flatMap((s) => s.events),
    claims,
  };
}

export function syntheticInfo(options: SyntheticOptions = {}): PackInfo {
  return {
    id: options.id ?? 'synthetic',
    name: 'Synthetic archive',
    description: `Generated with seed ${options.seed ?? 1}`,
    version: options.version ?? '1.0.0',
    publisher: 'Fact Context tests',
    licence: 'CC0-1.0',
    created: '2026-01-01',
  };
}

export async function syntheticPack(options: SyntheticOptions = {}): Promise<PackDocument> {
  return makePack(syntheticInfo(options), syntheticContent(options));
}

if (process.argv[1] === import.meta.filename) {
  const [out, sources] = process.argv.slice(2);
  if (!out) throw new Error('usage: npx tsx scripts/corpus-pack-synthetic.ts OUT.fcpack [SOURCES]');
  const scale = sources ? Number(sources) / ARCHIVE_SIZE.sources : 1;
  const doc = await syntheticPack({
    ...ARCHIVE_SIZE,
    sources: Math.round(ARCHIVE_SIZE.sources * scale),
    entities: Math.round(ARCHIVE_SIZE.entities * scale),
  });
  writeFileSync(out, await encodePack(doc));
}
