/**
 * The rows every card reads whole: the claims (a card shows where sources disagree about its
 * entity) and the names of those who take a position in a claim; the sources cards cite, read by
 * key as cards need them; and each card once built. Kept per database: a card request then reads
 * only the rows of entities never asked for, a request for ids that are not in the corpus (a
 * content script pushed by a page) reads one lookup by key, and a card asked again costs a map
 * lookup. Everything is kept per database object: a new bundle opens a new database
 * (lib/db/loader.ts), and a pack, which rewrites the corpus tables in place, forgets it all
 * (`forgetCardRows`).
 *
 * The reader's own articles and people change while the database stays open: their few keys are
 * kept apart (`readerCardRows`), and every change of them forgets those and the cards built
 * (`forgetReaderCards`), never the bundled rows. What a card shows of the reader's articles comes
 * from its entity's digest (lib/reader/digests.ts), kept at write time: one row per entity and the
 * few items it names, however many articles the reader added.
 */
import { buildCard, type CardData, type ReadingRows } from '../cards/card-data';
import type { CorpusClaim, CorpusSource } from '../corpus/schema';
import type { FactContextDb } from '../db';
import { readDigests, rebuildDigests } from '../db/reader';
import type { EntityDigest } from '../reader/digests';
import { soundEntities, soundQuotes, soundSources, soundStatements } from '../reader/sound';

/** The reader's share of a card whose entity no current version mentions or quotes. */
const noReading = (): ReadingRows => ({
  quotes: [],
  statements: [],
  sources: new Map(),
  coverage: { sources: 0, from: null, to: null },
});

export interface SharedCardRows {
  claims: CorpusClaim[];
  /**
   * The sources cards have cited so far, read by id when a card first needs them: an archive's
   * 5,000 sources (their whole texts) read up front made a stopped worker's first card 3.8x
   * slower than with the five bundled articles (scripts/bench/pack-browser.ts).
   */
  sources: Map<string, CorpusSource>;
  /** Names of entities that speak in the claims. */
  names: Map<string, string>;
  /** Cards built so far, by entity id (a card depends on the corpus and the reader's data). */
  cards: Map<string, CardData>;
  /** Counts the changes of the reader's data: a card built before the last one is not kept. */
  generation: number;
}

/** What every card needs to know of the reader's data: which ids are the reader's people, whether any version is current. */
export interface ReaderCardRows {
  entityIds: ReadonlySet<string>;
  /** Whether any version is current (their digests say the rest). */
  anyCurrent: boolean;
}

const readerRows = new WeakMap<FactContextDb, Promise<ReaderCardRows>>();

export function readerCardRows(db: FactContextDb): Promise<ReaderCardRows> {
  let reader = readerRows.get(db);
  if (!reader) {
    reader = Promise.all([
      db.readerEntities.toCollection().primaryKeys(),
      db.readerSources.where('current').equals(1).limit(1).primaryKeys(),
    ]).then(([entityIds, current]) => ({
      entityIds: new Set(entityIds as string[]),
      anyCurrent: current.length > 0,
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

/**
 * After the corpus tables changed in the same database (a pack imported or removed,
 * lib/pack/handlers.ts): everything is read again when a card is next asked for.
 */
export function forgetCardRows(db: FactContextDb): void {
  rows.delete(db);
  readerRows.delete(db);
}

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
  const claims = await db.claims.toArray();
  const speakerIds = [
    ...new Set(claims.flatMap((c) => c.positions.map((p) => p.speakerId)).filter((x): x is string => !!x)),
  ];
  const speakers = await db.entities.bulkGet(speakerIds);
  return {
    claims,
    sources: new Map(),
    names: new Map(speakers.filter((e) => !!e).map((e) => [e!.id, e!.name])),
    cards: new Map(),
    generation: 0,
  };
}

/** The cards of several entities: built once from their own rows and the rows every card shares (./card-rows.ts). */
export async function cardsFor(db: FactContextDb, entityIds: readonly string[]): Promise<Record<string, CardData>> {
  const shared = await sharedCardRows(db);
  const { claims, sources: sourceMap, names, cards: built } = shared;
  const reader = await readerCardRows(db);
  const unique = [...new Set(entityIds)];
  const unbuilt = unique.filter((id) => !built.has(id));
  if (unbuilt.length) {
    const generation = shared.generation;
    const mine = reader.anyCurrent || reader.entityIds.size > 0;
    // Which of them exist, by key: ids in no table (a content script pushed by a page) read
    // nothing more. (A set of every entity id, read up front, took 40 ms with an archive's 10,000.)
    const [rows, mineRows] = await Promise.all([
      db.entities.bulkGet(unbuilt),
      reader.entityIds.size
        ? db.readerEntities.bulkGet(unbuilt).then((r) => r.map((x) => soundEntities([x])[0]))
        : unbuilt.map(() => undefined),
    ]);
    const found = unbuilt.flatMap((id, i) => {
      const entity = rows[i] ?? mineRows[i];
      return entity ? [{ id, entity }] : [];
    });
    const missing = found.map((f) => f.id);
    const [facts, quotes, events, reading] = await Promise.all([
      // A row about two of the entities asked for comes once (a multi-entry index gives it per key).
      db.facts.where('entityIds').anyOf(missing).distinct().toArray(),
      db.quotes.where('speakerId').anyOf(missing).toArray(),
      db.events.where('entityIds').anyOf(missing).distinct().toArray(),
      mine && missing.length ? readingRowsOf(db, missing) : null,
    ]);
    // The sources these cards may cite, read now: only those (see SharedCardRows.sources).
    await readCitedSources(db, sourceMap, [
      ...found.flatMap(({ entity: e }) => [
        ...e.roles.map((r) => r.sourceId),
        ...e.properties.map((p) => p.sourceId),
        ...(e.country ? [e.country.sourceId] : []),
      ]),
      ...facts.map((f) => f.sourceId),
      ...quotes.map((q) => q.sourceId),
      ...claims
        .filter((c) => missing.some((id) => c.entityIds.includes(id) || c.positions.some((p) => p.speakerId === id)))
        .flatMap((c) => c.positions.map((p) => p.sourceId)),
    ]);
    const cards = new Map<string, CardData>();
    for (const { id, entity } of found)
      cards.set(
        id,
        buildCard({
          entity,
          facts: facts.filter((f) => f.entityIds.includes(id)),
          quotes: quotes.filter((q) => q.speakerId === id),
          claims,
          events: events.filter((e) => e.entityIds.includes(id)),
          sources: sourceMap,
          names,
          reading: reading ? (reading.get(id) ?? noReading()) : undefined,
        }),
      );
    // Built from the reader's data as it was: kept only if it has not changed meanwhile.
    if (shared.generation === generation) for (const [id, card] of cards) built.set(id, card);
    return Object.fromEntries(
      unique.flatMap((id) => {
        const card = built.get(id) ?? cards.get(id);
        return card ? [[id, card]] : [];
      }),
    );
  }
  const cards: Record<string, CardData> = {};
  for (const id of unique) {
    const card = built.get(id);
    if (card) cards[id] = card;
  }
  return cards;
}

/** Reads the sources among `ids` that `sources` does not hold yet, by key, into it. */
async function readCitedSources(db: FactContextDb, sources: Map<string, CorpusSource>, ids: string[]): Promise<void> {
  const unread = [...new Set(ids)].filter((id) => !sources.has(id));
  if (!unread.length) return;
  const rows = await db.sources.bulkGet(unread);
  for (const row of rows) if (row) sources.set(row.id, row);
}

/** Work on the digests a change left for after its answer (lib/background/reader.ts), per database. */
const pendingDigests = new WeakMap<FactContextDb, Promise<unknown>>();

/** Cards wait for `work` before they read the digests. */
export function digestsPending(db: FactContextDb, work: Promise<unknown>): void {
  pendingDigests.set(db, work);
}

/**
 * The cards' digests of `entityIds` (lib/reader/digests.ts), rebuilt from the reader's rows first
 * when the stored ones are missing or out of step (after a corpus load cleared them, or rows an
 * older build wrote, or a worker stopped before it updated them).
 */
async function digestsFor(db: FactContextDb, entityIds: readonly string[]): Promise<Map<string, EntityDigest>> {
  await pendingDigests.get(db);
  const stored = await readDigests(db, entityIds);
  if (stored) return stored;
  const all = await db.transaction(
    'rw',
    [db.cache, db.meta, db.readerSources, db.readerQuotes, db.readerStatements],
    // Awaited inside the scope: Dexie keeps a transaction open only for promises awaited in it.
    async () => (await readDigests(db, entityIds)) ?? (await rebuildDigests(db)),
  );
  return new Map(entityIds.flatMap((id) => (all.get(id) ? [[id, all.get(id)!] as const] : [])));
}

/**
 * What the reader's articles give each of `entityIds`' cards: the items its digest names (read by
 * key: a handful per entity, however many articles there are), their versions, and the coverage
 * the digest counted. Items a damaged row lost are left out with it.
 */
async function readingRowsOf(db: FactContextDb, entityIds: readonly string[]): Promise<Map<string, ReadingRows>> {
  const digests = await digestsFor(db, entityIds);
  const all = [...digests.values()];
  const unique = (ids: string[]) => [...new Set(ids)].sort();
  const [quotes, statements] = await Promise.all([
    db.readerQuotes
      .bulkGet(unique(all.flatMap((d) => d.quotes.map((q) => q.id))))
      .then((rows) => soundQuotes(rows.filter((r) => !!r))),
    db.readerStatements
      .bulkGet(unique(all.flatMap((d) => d.statements.map((s) => s.id))))
      .then((rows) => soundStatements(rows.filter((r) => !!r))),
  ]);
  const sourceRows = await db.readerSources.bulkGet(unique([...quotes, ...statements].map((r) => r.sourceId)));
  const sources = new Map(soundSources(sourceRows.filter((r) => !!r)).map((s) => [s.id, s]));
  const quoteOf = new Map(quotes.filter((q) => sources.has(q.sourceId)).map((q) => [q.id, q]));
  const statementOf = new Map(statements.filter((s) => sources.has(s.sourceId)).map((s) => [s.id, s]));
  const out = new Map<string, ReadingRows>();
  for (const d of all) {
    // In the order of their ids: what the card orders by (date, offset) it orders; ties stay by id.
    const mine = {
      quotes: unique(d.quotes.map((q) => q.id)).flatMap((id) => (quoteOf.has(id) ? [quoteOf.get(id)!] : [])),
      statements: unique(d.statements.map((s) => s.id)).flatMap((id) =>
        statementOf.has(id) ? [statementOf.get(id)!] : [],
      ),
    };
    const ids = new Set([...mine.quotes, ...mine.statements].map((r) => r.sourceId));
    out.set(d.entityId, {
      ...mine,
      sources: new Map([...ids].map((id) => [id, sources.get(id)!])),
      coverage: { sources: d.sources, from: d.from, to: d.to },
    });
  }
  return out;
}
