/**
 * Hover cards on the extension's own pages (the reading view): the same card UI as on the web,
 * fed by the extension page's own requests instead of a content script.
 */
import type { CardData } from '@/lib/cards/card-data';
import type { ContentPage } from '@/lib/content';
import type { PageScanner } from '@/lib/content/scanner';
import { request } from '@/lib/messaging/protocol';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { getMutedEntities, getSettings, mutedEntitiesItem } from '@/lib/settings/store';
import { panelPath, readerPath } from '@/lib/timeline/url';
import { attachCards } from './card-host';

/** Attaches cards to the marks `scanner` makes in `doc`; returns the function that removes them. */
export function attachExtensionPageCards(doc: Document, scanner: PageScanner): () => void {
  const controller = new AbortController();
  let settings: Settings = DEFAULT_SETTINGS;
  void getSettings().then((s) => (settings = s));
  const cards = new Map<string, Promise<CardData | undefined>>();
  const ctx = {
    signal: controller.signal,
    get isInvalid() {
      return controller.signal.aborted;
    },
    onInvalidated(callback: () => void) {
      controller.signal.addEventListener('abort', callback);
      return () => controller.signal.removeEventListener('abort', callback);
    },
  };
  const page = {
    ctx,
    doc,
    settings: () => settings,
    isOwnMark: (target: EventTarget | null) => scanner.isOwnMark(target),
    mentionMarks: () => scanner.mentionMarks(),
    mentionCount: () => scanner.mentionCount(),
    mention: (id: string) => scanner.mention(id),
    mentionOf: (target: EventTarget | null) => scanner.mentionOf(target),
    card(entityId: string) {
      if (!cards.has(entityId))
        cards.set(
          entityId,
          request('page.getEntityCard', { entityId }).catch(() => undefined),
        );
      return cards.get(entityId)!;
    },
    onChange: () => {},
    onFocusRequest: () => {},
    onMoveRequest: () => {},
    actions: {
      timeline: (entityId: string) => void window.open(panelPath({ entityIds: [entityId], sourceId: null }), '_blank'),
      openSource: (sourceId: string, quote?: string) => location.assign(readerPath(sourceId, quote)),
      mute: (entityId: string) =>
        void getMutedEntities().then((muted) =>
          muted.includes(entityId) ? undefined : mutedEntitiesItem.setValue([...muted, entityId]),
        ),
    },
  } as unknown as ContentPage;
  const host = attachCards(page);
  return () => {
    host.destroy();
    controller.abort();
  };
}
