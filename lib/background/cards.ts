/** Background handlers for cards: their data, and their actions. */
import { browser } from '#imports';
import { getRecentChanges, recordChange, setEntityMuted, setSiteEnabled, undoChange } from '../settings/store';
import { readerPath } from '../timeline/url';
import { hostnameOf } from '../actions/hosts';
import { openTimeline } from '../actions/timeline';
import { cardsFor } from './card-rows';
import type { HandlerTable } from './context';

// Built in ./card-rows.ts (no extension API there: the bench runs it in Node).
export { cardsFor };

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
