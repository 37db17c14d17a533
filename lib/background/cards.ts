/** Background handlers for cards: their data, and their actions. */
import { browser } from '#imports';
import { buildCard, type CardData } from '../cards/card-data';
import type { FactContextDb } from '../db';
import { timelineRequestItem } from '../session';
import { disabledSitesItem, getDisabledSites, getMutedEntities, mutedEntitiesItem } from '../settings/store';
import { panelPath, readerPath } from '../timeline/url';
import { sharedCardRows } from './card-rows';
import type { HandlerTable } from './context';

type CardMessages =
  | 'cs.getCards'
  | 'page.getEntityCard'
  | 'cs.openTimeline'
  | 'cs.openReader'
  | 'cs.muteEntity'
  | 'cs.disableSite';

/** The cards of several entities: built once from their own rows and the rows every card shares (./card-rows.ts). */
export async function cardsFor(db: FactContextDb, entityIds: readonly string[]): Promise<Record<string, CardData>> {
  const { claims, sources: sourceMap, names, entityIds: known, cards: built } = await sharedCardRows(db);
  const unique = [...new Set(entityIds)].filter((id) => known.has(id));
  const missing = unique.filter((id) => !built.has(id));
  if (missing.length) {
    const [entities, facts, quotes, events] = await Promise.all([
      db.entities.bulkGet(missing),
      db.facts.where('entityIds').anyOf(missing).toArray(),
      db.quotes.where('speakerId').anyOf(missing).toArray(),
      db.events.where('entityIds').anyOf(missing).toArray(),
    ]);
    for (const entity of entities) {
      if (!entity) continue;
      built.set(
        entity.id,
        buildCard({
          entity,
          facts: facts.filter((f) => f.entityIds.includes(entity.id)),
          quotes: quotes.filter((q) => q.speakerId === entity.id),
          claims,
          events: events.filter((e) => e.entityIds.includes(entity.id)),
          sources: sourceMap,
          names,
        }),
      );
    }
  }
  const cards: Record<string, CardData> = {};
  for (const id of unique) {
    const card = built.get(id);
    if (card) cards[id] = card;
  }
  return cards;
}

function hostnameOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? hostname : null;
  } catch {
    return null;
  }
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
    await timelineRequestItem.setValue({ entityIds: [entityId], at: Date.now() });
    const panelUrl = panelPath({ entityIds: [entityId], sourceId: null });
    try {
      if (browser.sidePanel && sender.tabId !== null) {
        await browser.sidePanel.open({ tabId: sender.tabId });
        return null;
      }
      const firefox = (browser as unknown as { sidebarAction?: { open: () => Promise<void> } }).sidebarAction;
      if (firefox) {
        await firefox.open();
        return null;
      }
    } catch {
      // Both browsers want a user gesture to open their panel; without one, a tab will do.
    }
    await browser.tabs.create({ url: browser.runtime.getURL(panelUrl as '/sidepanel.html') });
    return null;
  },

  async 'cs.openReader'({ sourceId, quote }) {
    await browser.tabs.create({ url: browser.runtime.getURL(readerPath(sourceId, quote) as '/reader.html') });
    return null;
  },

  async 'cs.muteEntity'({ entityId }) {
    const muted = await getMutedEntities();
    if (!muted.includes(entityId)) await mutedEntitiesItem.setValue([...muted, entityId]);
    return null;
  },

  async 'cs.disableSite'(_data, sender) {
    const host = hostnameOf(sender.url);
    if (!host) throw new Error('Only a web page can be turned off');
    const sites = await getDisabledSites();
    if (!sites.includes(host)) await disabledSitesItem.setValue([...sites, host]);
    return null;
  },
};
