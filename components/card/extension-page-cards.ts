/**
 * Hover cards on the extension's own pages (the reading view): the same card UI as on the web,
 * fed by the extension page's own requests instead of a content script.
 */
import type { CardData } from '@/lib/cards/card-data';
import type { CardPage } from '@/lib/cards/card-page';
import type { PageScanner } from '@/lib/content/scanner';
import { browser } from '#imports';
import { openTimeline } from '@/lib/actions/timeline';
import { request } from '@/lib/messaging/protocol';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { getSettings } from '@/lib/settings/store';
import { readerPath } from '@/lib/timeline/url';
import { setEntityMuted } from '../options/stored';
import { attachCards } from './card-host';

/** Attaches cards to the marks `scanner` makes in `doc`; returns the function that removes them. */
export function attachExtensionPageCards(doc: Document, scanner: PageScanner): () => void {
  const controller = new AbortController();
  let settings: Settings = DEFAULT_SETTINGS;
  void getSettings().then((s) => (settings = s));
  const cards = new Map<string, Promise<CardData | undefined>>();
  // The panel opens beside this page; asked for now, as it must be opened inside the reader's click.
  let windowId: number | null = null;
  void Promise.resolve()
    .then(() => browser.tabs.getCurrent())
    .then(
      (tab) => (windowId = tab?.windowId ?? null),
      () => {},
    );
  const page: CardPage = {
    ctx: {
      signal: controller.signal,
      get isInvalid() {
        return controller.signal.aborted;
      },
      onInvalidated: (callback) => controller.signal.addEventListener('abort', callback),
    },
    doc,
    settings: () => settings,
    mentionOf: (target) => scanner.mentionOf(target),
    mentionMarks: () => scanner.mentionMarks(),
    card(entityId) {
      if (!cards.has(entityId))
        cards.set(
          entityId,
          request('page.getEntityCard', { entityId }).catch(() => undefined),
        );
      return cards.get(entityId)!;
    },
    // The reading view marks once; the scanner's own onChange belongs to the view.
    onChange: () => {},
    onFocusRequest: () => {},
    onMoveRequest: () => {},
    actions: {
      timeline: async (entityId) => void (await openTimeline(entityId, windowId !== null ? { windowId } : null)),
      openSource: async (sourceId, quote) => location.assign(readerPath(sourceId, quote)),
      mute: async (entityId) => void (await setEntityMuted(entityId, true)),
      undo: async (change) => {
        if (change.kind === 'mute') await setEntityMuted(change.entityId, false);
      },
    },
  };
  const host = attachCards(page);
  return () => {
    host.destroy();
    controller.abort();
  };
}
