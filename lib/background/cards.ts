/** Background handlers for cards: their data, and their actions. */
import { browser } from '#imports';
import { buildCard, type CardData, type ReadingRows } from '../cards/card-data';
import type { FactContextDb } from '../db';
import { getRecentChanges, recordChange, setEntityMuted, setSiteEnabled, undoChange } from '../settings/store';
import { readerPath } from '../timeline/url';
import { hostnameOf } from '../actions/hosts';
import { openTimeline } from '../actions/timeline';
import type { ReaderSourceRow } from '../reader/rows';
import { soundQuotes, soundSources, soundStatements } from '../reader/sound';
import { readerCardRows, sharedCardRows } from './card-rows';
import type { HandlerTable } from './context';

type CardMessages =
  | 'cs.getCards'
  | 'page.getEntityCard'
  | 'cs.openTimeline'
  | 'cs.openReader'
  | 'cs.muteEntity'
  | 'cs.disableSite'
  | 'cs.undoChange';

/**
 * A card's Undo takes back its own tab's change for this long; older changes are undone from the
 * popup's list (a page holding on to an undo must not reverse the reader's settings much later).
 */
export const PAGE_UNDO_MS = 5 * 60_000;

/** The cards of several entities: built once from their own rows and the rows every card shares (./card-rows.ts). */
export async function cardsFor(db: FactContextDb, entityIds: readonly string[]): Promise<Record<string, CardData>> {
  const shared = await sharedCardRows(db);
  const { claims, sources: sourceMap, names, entityIds: known, cards: built } = shared;
  const reader = await readerCardRows(db);
  const unique = [...new Set(entityIds)].filter((id) => known.has(id) || reader.entityIds.has(id));
  const missing = unique.filter((id) => !built.has(id));
  if (missing.length) {
    const generation = shared.generation;
    const mine = reader.current.size > 0 || reader.entityIds.size > 0;
    const [entities, people, facts, quotes, events, reading] = await Promise.all([
      db.entities.bulkGet(missing),
      reader.entityIds.size ? db.readerEntities.bulkGet(missing) : missing.map(() => undefined),
      db.facts.where('entityIds').anyOf(missing).toArray(),
      db.quotes.where('speakerId').anyOf(missing).toArray(),
      db.events.where('entityIds').anyOf(missing).toArray(),
      mine ? readingRowsOf(db, missing, reader.current) : null,
    ]);
    const cards = new Map<string, CardData>();
    missing.forEach((id, i) => {
      const entity = entities[i] ?? people[i];
      if (!entity) return;
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
          reading: reading ? readingFor(reading, id) : undefined,
        }),
      );
    });
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

/** The reader's rows about any of `entityIds`: current versions only, hidden items left out. */
async function readingRowsOf(
  db: FactContextDb,
  entityIds: readonly string[],
  current: ReadonlySet<string>,
): Promise<ReadingRows> {
  const [quotes, statements, mentioning] = await Promise.all([
    db.readerQuotes.where('speakerId').anyOf(entityIds).toArray().then(soundQuotes),
    // Multi-entry indexes: a row about two of the ids would come twice without distinct().
    db.readerStatements.where('entityIds').anyOf(entityIds).distinct().toArray().then(soundStatements),
    db.readerSources.where('entityIds').anyOf(entityIds).distinct().toArray().then(soundSources),
  ]);
  const isShown = (row: { sourceId: string; hidden: boolean }) => current.has(row.sourceId) && !row.hidden;
  const sources = new Map<string, ReaderSourceRow>();
  for (const s of mentioning) if (s.current === 1) sources.set(s.id, s);
  const shownQuotes = quotes.filter(isShown);
  const shownStatements = statements.filter(isShown);
  // A quote's speaker may be a person the reader added after the article: not among its mentions.
  const others = [...new Set([...shownQuotes, ...shownStatements].map((r) => r.sourceId))].filter(
    (id) => !sources.has(id),
  );
  for (const s of soundSources(await db.readerSources.bulkGet(others))) sources.set(s.id, s);
  // An item whose version is damaged has no citation to show: left out with it.
  return {
    quotes: shownQuotes.filter((q) => sources.has(q.sourceId)),
    statements: shownStatements.filter((s) => sources.has(s.sourceId)),
    sources,
  };
}

/** One entity's share of the rows read for several. */
function readingFor(rows: ReadingRows, entityId: string): ReadingRows {
  const quotes = rows.quotes.filter((q) => q.speakerId === entityId);
  const statements = rows.statements.filter((s) => s.entityIds.includes(entityId));
  const ids = new Set([...quotes, ...statements].map((r) => r.sourceId));
  const sources = new Map([...rows.sources].filter(([id, s]) => ids.has(id) || s.entityIds.includes(entityId)));
  return { quotes, statements, sources };
}

export const cardHandlers: HandlerTable<CardMessages> = {
  async 'cs.getCards'({ entityIds }, _sender, ctx) {
    return cardsFor(await ctx.db(), entityIds);
  },

  async 'page.getEntityCard'({ entityId }, _sender, ctx) {
    const card = (await cardsFor(await ctx.db(), [entityId]))[entityId];
    if (!card) throw new Error(`No entity ${entityId}`);
    return card;
  },

  async 'cs.openTimeline'({ entityId }, sender) {
    await openTimeline(entityId, sender.tabId !== null ? { tabId: sender.tabId } : null);
    return null;
  },

  async 'cs.openReader'({ sourceId, quote }) {
    await browser.tabs.create({ url: browser.runtime.getURL(readerPath(sourceId, quote) as '/reader.html') });
    return null;
  },

  async 'cs.muteEntity'({ entityId }, sender, ctx) {
    if (!(await setEntityMuted(entityId, true))) return null;
    const name = (await (await ctx.db()).entities.get(entityId))?.name ?? null;
    await recordChange({
      kind: 'mute',
      entityId,
      name,
      host: hostnameOf(sender.url),
      at: Date.now(),
      tabId: sender.tabId,
    });
    return null;
  },

  async 'cs.disableSite'(_data, sender) {
    const host = hostnameOf(sender.url);
    if (!host) throw new Error('Only a web page can be turned off');
    if (!(await setSiteEnabled(host, false))) return null;
    await recordChange({ kind: 'site-off', entityId: null, name: null, host, at: Date.now(), tabId: sender.tabId });
    return null;
  },

  async 'cs.undoChange'(change, sender) {
    const host = hostnameOf(sender.url);
    const since = Date.now() - PAGE_UNDO_MS;
    // Only the change this tab made from this site, recently; the newest such.
    const mine = (await getRecentChanges()).find(
      (c) =>
        c.kind === change.kind &&
        c.tabId === sender.tabId &&
        c.host === host &&
        c.at >= since &&
        (change.kind !== 'mute' || c.entityId === change.entityId),
    );
    if (!mine || !(await undoChange(mine.id))) throw new Error('There is nothing to undo from this page');
    return null;
  },
};
