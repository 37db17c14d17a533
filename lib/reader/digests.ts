/**
 * What a card needs of the reader's articles about one entity, kept at write time
 * (docs/adr/025-adding-fast.md): how many current versions mention or quote it and the span of
 * their dates (the card's coverage line), and its newest shown quotes and dated statements, as
 * many as a card shows, in the card's order. A card then reads one row for its entity and the few
 * items it shows, however many articles the reader added: reading every row about the entities
 * took 380 ms for a card request of four entities with 1,000 articles added (fake-indexeddb,
 * scripts/bench/reader.ts), 40 times the same request with none.
 *
 * Pure: built from the rows (`digestsOf`) or updated with one more version (`withVersion`); both
 * give the same digests (tests/unit/reader-digests.test.ts).
 */
import * as v from 'valibot';
import { coverageOf, QUOTES_SHOWN, STATEMENTS_SHOWN, type DateRef, type ReadingCoverage } from '../cards/card-data';
import { DATE_PRECISIONS } from '../corpus/schema';
import { sortDate, type ReaderQuoteRow, type ReaderSourceRow, type ReaderStatementRow } from './rows';

/** A quote or statement a card may show, with what the card orders it by. */
export interface DigestItem {
  id: string;
  sourceId: string;
  /** The date cards order it by: its article's for a quote, its own for a statement. */
  date: string;
  /** Its offset in the text: the order of items of one date. */
  start: number;
}

/** One entity's share of the reader's current versions, as its card shows it. */
export interface EntityDigest extends ReadingCoverage {
  entityId: string;
  /** Its newest shown quotes, in the card's order, at most as many as a card shows. */
  quotes: DigestItem[];
  /** Its newest shown dated statements, likewise. */
  statements: DigestItem[];
}

/** The rows digests are made of: current versions (sound ones) and their quotes and statements. */
export interface DigestRows {
  sources: readonly ReaderSourceRow[];
  quotes: readonly ReaderQuoteRow[];
  statements: readonly ReaderStatementRow[];
}

/**
 * Which digests a stored set was made for: the card's limits are part of it, so a build that
 * shows more items rebuilds them.
 */
export const DIGEST_FORMAT = `digest-1-q${QUOTES_SHOWN}-s${STATEMENTS_SHOWN}`;

const DateRefSchema = v.strictObject({ date: v.string(), precision: v.picklist(DATE_PRECISIONS) });
const Item = v.strictObject({ id: v.string(), sourceId: v.string(), date: v.string(), start: v.number() });
/** A stored digest, checked as it is read back (a damaged one makes the set rebuilt). */
export const StoredDigest = v.strictObject({
  entityId: v.string(),
  sources: v.pipe(v.number(), v.integer(), v.minValue(0)),
  from: v.nullable(DateRefSchema),
  to: v.nullable(DateRefSchema),
  quotes: v.pipe(v.array(Item), v.maxLength(QUOTES_SHOWN)),
  statements: v.pipe(v.array(Item), v.maxLength(STATEMENTS_SHOWN)),
});

/** Newest first by a date of any precision, as cards order them; then by offset; then by id. */
function cardOrder(a: DigestItem, b: DigestItem): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const newest = (items: DigestItem[], max: number) => items.sort(cardOrder).slice(0, max);

function earlier(a: DateRef | null, b: DateRef | null): DateRef | null {
  if (!a || !b) return a ?? b;
  return b.date.localeCompare(a.date) < 0 ? b : a;
}

function later(a: DateRef | null, b: DateRef | null): DateRef | null {
  if (!a || !b) return a ?? b;
  return b.date.localeCompare(a.date) >= 0 ? b : a;
}

/** The digests of every entity the rows mention or quote. */
export function digestsOf(rows: DigestRows): Map<string, EntityDigest> {
  const sources = new Map(rows.sources.filter((s) => s.current === 1).map((s) => [s.id, s]));
  const out = new Map<string, EntityDigest>();
  const digest = (entityId: string) => {
    let d = out.get(entityId);
    if (!d) {
      d = { entityId, sources: 0, from: null, to: null, quotes: [], statements: [] };
      out.set(entityId, d);
    }
    return d;
  };
  // Each version counts once for each entity it mentions or holds a shown item of.
  const about = new Map<string, Set<string>>(
    [...sources.keys()].map((id) => [id, new Set(sources.get(id)!.entityIds)]),
  );
  for (const q of rows.quotes) {
    const source = sources.get(q.sourceId);
    if (!source || q.hidden || !q.speakerId) continue;
    about.get(source.id)!.add(q.speakerId);
    digest(q.speakerId).quotes.push({ id: q.id, sourceId: q.sourceId, date: sortDate(source).date, start: q.start });
  }
  for (const s of rows.statements) {
    if (!sources.has(s.sourceId) || s.hidden) continue;
    for (const entityId of s.entityIds) {
      about.get(s.sourceId)!.add(entityId);
      digest(entityId).statements.push({ id: s.id, sourceId: s.sourceId, date: s.date, start: s.sentence.start });
    }
  }
  for (const [sourceId, entityIds] of about) {
    const one = coverageOf([sources.get(sourceId)!]);
    for (const entityId of entityIds) {
      const d = digest(entityId);
      d.sources += one.sources;
      d.from = earlier(d.from, one.from);
      d.to = later(d.to, one.to);
    }
  }
  for (const d of out.values()) {
    d.quotes = newest(d.quotes, QUOTES_SHOWN);
    d.statements = newest(d.statements, STATEMENTS_SHOWN);
  }
  return out;
}

/** Two digests of one entity over versions apart, as one. */
function merged(a: EntityDigest, b: EntityDigest): EntityDigest {
  return {
    entityId: a.entityId,
    sources: a.sources + b.sources,
    from: earlier(a.from, b.from),
    to: later(a.to, b.to),
    quotes: newest([...a.quotes, ...b.quotes], QUOTES_SHOWN),
    statements: newest([...a.statements, ...b.statements], STATEMENTS_SHOWN),
  };
}

/**
 * The digests `before` become with one more current version (`rows`, a new article's): only
 * those of the entities it mentions or quotes change, and they are returned. `before` holds the
 * stored digests of those entities (absent: none yet).
 */
export function withVersion(before: ReadonlyMap<string, EntityDigest>, rows: DigestRows): Map<string, EntityDigest> {
  const out = new Map<string, EntityDigest>();
  for (const [entityId, d] of digestsOf(rows)) {
    const old = before.get(entityId);
    out.set(entityId, old ? merged(old, d) : d);
  }
  return out;
}
