/**
 * The cards' digests of the reader's articles (lib/reader/digests.ts): built whole or one version
 * at a time they are the same; a card built from its digest is the card built from every row
 * about its entity; the background keeps them in step through every kind of change, rebuilds
 * them when they are missing or out of step, and a card reads a handful of rows however many
 * articles there are.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCard, QUOTES_SHOWN, STATEMENTS_SHOWN, type ReadingRows } from '@/lib/cards/card-data';
import { cardsFor, forgetReaderCards } from '@/lib/background/card-rows';
import type { FactContextDb } from '@/lib/db';
import { DIGEST_PREFIX, DIGESTS_KEY } from '@/lib/db/reader';
import { digestsOf, withVersion, type DigestRows, type EntityDigest } from '@/lib/reader/digests';
import type { ReaderQuoteRow, ReaderSourceRow, ReaderStatementRow } from '@/lib/reader/rows';
import { soundQuotes, soundSources, soundStatements } from '@/lib/reader/sound';
import { addShown, background, bundle, otherArticle, updatedStory, type Background } from './reader-support';

/** A small deterministic generator (mulberry32): the same cases on every run. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

const ENTITIES = ['antony-blinken', 'david-lammy', 'volodymyr-zelensky', 'keir-starmer'];
/** Few dates and offsets, so that items tie on both (the order between them is by id). */
const DATES = ['2024', '2024-09', '2024-09-11', '2026-03-05', '2026-03'];

/** Versions with quotes and statements, of every kind the rules tell apart. */
function generated(seed: number, versions: number): DigestRows {
  const r = random(seed);
  const sources: ReaderSourceRow[] = [];
  const quotes: ReaderQuoteRow[] = [];
  const statements: ReaderStatementRow[] = [];
  for (let i = 0; i < versions; i++) {
    const id = `reader-${String(i).padStart(4, '0')}-v1`;
    const dated = r.pick([true, true, false]);
    const date = r.pick(DATES);
    sources.push({
      id,
      current: r.pick([1, 1, 1, 0]),
      versionDate: `2026-0${1 + Math.floor(r.next() * 9)}-01T00:00:00.000Z`,
      metadata: {
        title: null,
        published: dated
          ? { date, precision: ['year', 'month', 'day'][date.split('-').length - 1], method: 'json-ld' }
          : null,
        modified: null,
        authors: null,
        publisher: null,
        language: null,
      },
      entityIds: ENTITIES.filter(() => r.next() < 0.4),
    } as unknown as ReaderSourceRow);
    for (let q = 0; q < Math.floor(r.next() * 4); q++) {
      const start = r.pick([10, 20, 30]);
      quotes.push({
        id: `${id}-q${start}-${start + 5 + q}`,
        sourceId: id,
        speakerId: r.pick([...ENTITIES, null]),
        start,
        text: 'words',
        sentence: { start, end: start + 5, text: 'x' },
        hidden: r.next() < 0.2,
      } as unknown as ReaderQuoteRow);
    }
    for (let s = 0; s < Math.floor(r.next() * 4); s++) {
      const start = r.pick([10, 20, 30]);
      statements.push({
        id: `${id}-s${start}-${start + s}`,
        sourceId: id,
        entityIds: ENTITIES.filter(() => r.next() < 0.5).slice(0, 3),
        date: r.pick(DATES),
        sentence: { start, end: start + 5, text: 'x' },
        hidden: r.next() < 0.2,
      } as unknown as ReaderStatementRow);
    }
  }
  return { sources, quotes, statements: statements.filter((s) => s.entityIds.length) };
}

/** The digests of `rows`, built one version at a time as additions build them. */
function oneAtATime(rows: DigestRows): Map<string, EntityDigest> {
  const all = new Map<string, EntityDigest>();
  for (const source of rows.sources) {
    const version = {
      sources: [source],
      quotes: rows.quotes.filter((q) => q.sourceId === source.id),
      statements: rows.statements.filter((s) => s.sourceId === source.id),
    };
    for (const [id, d] of withVersion(all, version)) all.set(id, d);
  }
  return all;
}

/** What a card reads of the reader's rows without digests: every row about its entity, in id order. */
function everyRow(rows: DigestRows, entityId: string): ReadingRows {
  const current = new Map(rows.sources.filter((s) => s.current === 1).map((s) => [s.id, s]));
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : 1);
  const quotes = rows.quotes.filter((q) => q.speakerId === entityId && !q.hidden && current.has(q.sourceId)).sort(byId);
  const statements = rows.statements
    .filter((s) => s.entityIds.includes(entityId) && !s.hidden && current.has(s.sourceId))
    .sort(byId);
  const ids = new Set([...quotes, ...statements].map((r) => r.sourceId));
  const sources = new Map([...current].filter(([id, s]) => ids.has(id) || s.entityIds.includes(entityId)));
  return { quotes, statements, sources };
}

/** What a card reads with digests: the items its digest names, their versions, its coverage. */
function fromDigest(rows: DigestRows, digest: EntityDigest | undefined): ReadingRows {
  if (!digest)
    return { quotes: [], statements: [], sources: new Map(), coverage: { sources: 0, from: null, to: null } };
  const named = (items: { id: string }[]) => new Set(items.map((i) => i.id));
  const q = named(digest.quotes);
  const s = named(digest.statements);
  const quotes = rows.quotes.filter((x) => q.has(x.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const statements = rows.statements.filter((x) => s.has(x.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const ids = new Set([...quotes, ...statements].map((r) => r.sourceId));
  return {
    quotes,
    statements,
    sources: new Map(rows.sources.filter((x) => ids.has(x.id)).map((x) => [x.id, x])),
    coverage: { sources: digest.sources, from: digest.from, to: digest.to },
  };
}

describe('digests', () => {
  it('are the same built whole or one version at a time, and keep a card’s share of items at most', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rows = generated(seed, 1 + (seed % 25));
      const whole = digestsOf(rows);
      expect(oneAtATime(rows), `seed ${seed}`).toEqual(whole);
      for (const d of whole.values()) {
        expect(d.quotes.length).toBeLessThanOrEqual(QUOTES_SHOWN);
        expect(d.statements.length).toBeLessThanOrEqual(STATEMENTS_SHOWN);
      }
    }
  });

  it('give every card what every row about its entity gives: items, order among ties, coverage', () => {
    const entities = new Map(bundle.entities.map((e) => [e.id, e]));
    for (let seed = 1; seed <= 60; seed++) {
      const rows = generated(seed, 1 + (seed % 25));
      const digests = digestsOf(rows);
      for (const id of ENTITIES) {
        // With and without a bundled quote: the reader's quotes leave it a place when there is one.
        for (const bundledQuotes of [[], bundle.quotes.filter((q) => q.speakerId === id)]) {
          const card = (reading: ReadingRows) =>
            buildCard({
              entity: entities.get(id)!,
              facts: [],
              quotes: bundledQuotes,
              claims: [],
              events: [],
              sources: new Map(bundle.sources.map((s) => [s.id, s])),
              names: new Map(),
              reading,
            });
          expect(card(fromDigest(rows, digests.get(id))), `seed ${seed}, ${id}`).toEqual(card(everyRow(rows, id)));
        }
      }
    }
  });
});

describe('the background’s digests', () => {
  let bg: Background;
  afterEach(async () => {
    vi.restoreAllMocks();
    await bg.close();
  });

  /** The current rows as the database holds them (damaged ones left out, as every view leaves them). */
  async function stored(db: FactContextDb): Promise<DigestRows> {
    return {
      sources: soundSources(await db.readerSources.toArray()),
      quotes: soundQuotes(await db.readerQuotes.toArray()),
      statements: soundStatements(await db.readerStatements.toArray()),
    };
  }

  /** Every card the background gives equals the card built from every row about its entity. */
  async function expectCardsFromEveryRow(ids: string[]) {
    await forgetReaderCards(bg.db);
    const cards = await cardsFor(bg.db, ids);
    const db = bg.db;
    const rows = await stored(db);
    const [sources, claims] = await Promise.all([db.sources.toArray(), db.claims.toArray()]);
    const speakers = await db.entities.bulkGet([
      ...new Set(claims.flatMap((c) => c.positions.flatMap((p) => (p.speakerId ? [p.speakerId] : [])))),
    ]);
    // The bundled rows as the background reads them: in the index's order, each once.
    const once = <T extends { id: string }>(list: T[]) => [...new Map(list.map((x) => [x.id, x])).values()];
    const facts = once(await db.facts.where('entityIds').anyOf(ids).toArray());
    const quotes = await db.quotes.where('speakerId').anyOf(ids).toArray();
    const events = once(await db.events.where('entityIds').anyOf(ids).toArray());
    for (const id of ids) {
      const entity = (await db.entities.get(id)) ?? (await db.readerEntities.get(id))!;
      const expected = buildCard({
        entity,
        facts: facts.filter((f) => f.entityIds.includes(id)),
        quotes: quotes.filter((q) => q.speakerId === id),
        claims,
        events: events.filter((e) => e.entityIds.includes(id)),
        sources: new Map(sources.map((s) => [s.id, s])),
        names: new Map(speakers.flatMap((e) => (e ? [[e.id, e.name] as const] : []))),
        reading: everyRow(rows, id),
      });
      expect(cards[id], id).toEqual(expected);
    }
  }

  it('stay in step through additions, a new version, hiding, people added and removed, and removals', async () => {
    bg = await background();
    const ids = ['antony-blinken', 'volodymyr-zelensky', 'david-lammy', 'long-range-missile'];
    const first = await addShown(bg);
    await expectCardsFromEveryRow(ids); // digests built by this first card, from the rows
    for (let n = 1; n <= 5; n++) {
      bg.tab.answer = otherArticle(n);
      await addShown(bg);
      await expectCardsFromEveryRow(ids); // each addition added to them
    }
    bg.tab.answer = updatedStory();
    await addShown(bg);
    await expectCardsFromEveryRow(ids);
    const quote = (await bg.db.readerQuotes.where('speakerId').equals('antony-blinken').first())!;
    await bg.ask('page.setReaderItemHidden', { kind: 'quote', id: quote.id, hidden: true });
    await expectCardsFromEveryRow(ids);
    const person = await bg.ask('page.addReaderEntity', { name: 'Hanna Example', aliases: [] });
    await expectCardsFromEveryRow([...ids, person.id]);
    expect((await cardsFor(bg.db, [person.id]))[person.id]!.quotes.filter((q) => q.fromReading)).not.toEqual([]);
    await bg.ask('page.removeReaderEntity', { entityId: person.id });
    await bg.ask('page.removeReaderArticle', { articleId: first.added.articleId });
    await expectCardsFromEveryRow(ids);
    await bg.ask('page.removeAllReaderData');
    await expectCardsFromEveryRow(ids);
    expect(await bg.db.cache.where('key').startsWith(DIGEST_PREFIX).count()).toBe(0);
  }, 60_000);

  it('are updated after an addition’s answer, and a card asked meanwhile waits for them', async () => {
    bg = await background();
    const ids = ['antony-blinken', 'volodymyr-zelensky'];
    await addShown(bg);
    await expectCardsFromEveryRow(ids); // the digests exist from now on
    // The digests' update is held until released: the addition answers without it.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const bulkGet = bg.db.cache.bulkGet.bind(bg.db.cache);
    const spy = vi.spyOn(bg.db.cache, 'bulkGet').mockImplementationOnce((async (keys: string[]) => {
      await held;
      return bulkGet(keys);
    }) as never);
    bg.tab.answer = otherArticle(1);
    const { added } = await addShown(bg);
    expect(added.outcome).toBe('added');
    let answered = false;
    const card = cardsFor(bg.db, ids).then((c) => ((answered = true), c));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spy).toHaveBeenCalled();
    expect(answered).toBe(false);
    release();
    expect((await card)['antony-blinken']!.coverage.reading).toBe(2);
    await expectCardsFromEveryRow(ids);
  });

  it('are rebuilt from the rows when missing or out of step, and a card reads a handful of rows', async () => {
    bg = await background();
    for (let n = 1; n <= 6; n++) {
      bg.tab.answer = otherArticle(n);
      await addShown(bg);
    }
    const ids = ['antony-blinken'];
    await expectCardsFromEveryRow(ids);
    // Cleared with the corpus (the loader clears every cache row): rebuilt by the next card.
    await bg.db.cache.where('key').startsWith('reader-digest').delete();
    await expectCardsFromEveryRow(ids);
    expect(await bg.db.cache.get(DIGESTS_KEY)).toBeDefined();
    // An addition an older build made, with no digest: out of step, rebuilt.
    await bg.db.readerSources.update((await bg.db.readerSources.toCollection().first())!.id, { current: 0 });
    await expectCardsFromEveryRow(ids);

    // A cold card reads its digest and the items it names by key: no row of the reader's is read by index.
    const byIndex = [
      vi.spyOn(bg.db.readerQuotes, 'where'),
      vi.spyOn(bg.db.readerStatements, 'where'),
      vi.spyOn(bg.db.readerSources, 'toArray'),
    ];
    const quotesRead = vi.spyOn(bg.db.readerQuotes, 'bulkGet');
    await forgetReaderCards(bg.db);
    const card = (await cardsFor(bg.db, ids))['antony-blinken']!;
    for (const spy of byIndex) expect(spy).not.toHaveBeenCalled();
    expect(quotesRead.mock.calls.flatMap(([keys]) => keys).length).toBeLessThanOrEqual(QUOTES_SHOWN);
    expect(card.coverage.reading).toBe(5);
  }, 60_000);
});
