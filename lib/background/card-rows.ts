/**
 * The rows every card reads whole: the claims (a card shows where sources disagree about its
 * entity), the sources (for citations), the names of those who take a position in a claim, and
 * the set of entity ids; and each card once built. Read once per database and kept: a card
 * request then reads only the rows of entities never asked for, a request for ids that are not
 * in the corpus (a content script pushed by a page) reads nothing at all, and a card asked again
 * costs a map lookup. The corpus only changes when the background loads a new bundle, which opens
 * a new database (lib/db/loader.ts), so everything is kept per database object.
 *
 * The reader's own articles and people change while the database stays open: their few keys are
 * kept apart (`readerCardRows`), and every change of them forgets those and the cards built
 * (`forgetReaderCards`), never the bundled rows.
 */
import type { CardData } from '../cards/card-data';
import type { CorpusClaim, CorpusSource } from '../corpus/schema';
import type { FactContextDb } from '../db';

export interface SharedCardRows {
  claims: CorpusClaim[];
  sources: Map<string, CorpusSource>;
  /** Names of entities that speak in the claims. */
  names: Map<string, string>;
  entityIds: ReadonlySet<string>;
  /** Cards built so far, by entity id (a card depends on the corpus and the reader's data). */
  cards: Map<string, CardData>;
  /** Counts the changes of the reader's data: a card built before the last one is not kept. */
  generation: number;
}

/** What every card needs to know of the reader's data: which ids are the reader's people, which versions are current. */
export interface ReaderCardRows {
  entityIds: ReadonlySet<string>;
  /** Current versions (keys only). */
  current: ReadonlySet<string>;
}

const readerRows = new WeakMap<FactContextDb, Promise<ReaderCardRows>>();

export function readerCardRows(db: FactContextDb): Promise<ReaderCardRows> {
  let reader = readerRows.get(db);
  if (!reader) {
    reader = Promise.all([
      db.readerEntities.toCollection().primaryKeys(),
      db.readerSources.where('current').equals(1).primaryKeys(),
    ]).then(([entityIds, current]) => ({
      entityIds: new Set(entityIds as string[]),
      current: new Set(current as string[]),
    }));
    reader.catch(() => readerRows.delete(db));
    readerRows.set(db, reader);
  }
  return reader;
}

/** After any change of the reader's articles or people: cards are built again when next asked for. */
export async function forgetReaderCards(db: FactContextDb): Promise<void> {
  readerRows.delete(db);
  const shared = await rows.get(db)?.catch(() => null);
  if (shared) {
    shared.generation++;
    shared.cards.clear();
  }
}

const rows = new WeakMap<FactContextDb, Promise<SharedCardRows>>();

export function sharedCardRows(db: FactContextDb): Promise<SharedCardRows> {
  let shared = rows.get(db);
  if (!shared) {
    shared = read(db);
    // A failed read is tried again by the next request.
    shared.catch(() => rows.delete(db));
    rows.set(db, shared);
  }
  return shared;
}

async function read(db: FactContextDb): Promise<SharedCardRows> {
  const [claims, sources, entityIds] = await Promise.all([
    db.claims.toArray(),
    db.sources.toArray(),
    db.entities.toCollection().primaryKeys(),
  ]);
  const speakerIds = [
    ...new Set(claims.flatMap((c) => c.positions.map((p) => p.speakerId)).filter((x): x is string => !!x)),
  ];
  const speakers = await db.entities.bulkGet(speakerIds);
  return {
    claims,
    sources: new Map(sources.map((s) => [s.id, s])),
    names: new Map(speakers.filter((e) => !!e).map((e) => [e!.id, e!.name])),
    entityIds: new Set(entityIds as string[]),
    cards: new Map(),
    generation: 0,
  };
}
