/**
 * Loads the card UI (entrypoints/card-ui.ts) the first time a reader reaches for a card: a
 * pointer resting on a mark, keyboard focus on one, a request from the popup or a keyboard
 * command; and in idle time once the page has marks, so the first card shows without waiting.
 * Keeps the content script itself small.
 */
import { loadBundle } from './bundle-loader';
import type { ContentPage } from './index';

/** Where the loaded UI module leaves its entry point, in the content script's own world. */
export const CARD_UI_GLOBAL = '__factContextAttachCards';

/** The part of the card UI the loader needs. */
export interface CardUi {
  hover(mark: HTMLElement): void;
  open(mark: HTMLElement): Promise<void>;
  move(direction: 1 | -1): void;
  focusEntity(entityId: string): boolean;
}

type AttachCards = (page: ContentPage) => CardUi;

export function lazyCards(page: ContentPage): void {
  const { doc, ctx } = page;
  let loading: Promise<CardUi | null> | null = null;
  const load = () =>
    (loading ??= loadBundle<AttachCards>('/card-ui.js', CARD_UI_GLOBAL)
      .then((attach) => {
        if (ctx.isInvalid) return null;
        const ui = attach(page);
        stopLoaders.abort();
        return ui;
      })
      .catch((error: unknown) => {
        console.warn('[fact-context] card UI failed to load', error);
        loading = null;
        return null;
      }));

  // Our marks only: a page's look-alike (same class and data attributes) loads nothing.
  const isMark = (t: EventTarget | null): t is HTMLElement => page.isOwnMark(t);
  // Listeners that exist from the start of highlighting until the UI is loaded; it brings its
  // own. A page without an article (most pages) gets none.
  const stopLoaders = new AbortController();
  let armed = false;
  const arm = () => {
    armed = true;
    const signal = AbortSignal.any([ctx.signal, stopLoaders.signal]);
    doc.addEventListener(
      'pointerover',
      (e) => isMark(e.target) && void load().then((ui) => ui?.hover(e.target as HTMLElement)),
      { signal, capture: true },
    );
    doc.addEventListener(
      'focusin',
      (e) => isMark(e.target) && void load().then((ui) => ui?.open(e.target as HTMLElement)),
      { signal, capture: true },
    );
  };

  page.onFocusRequest((entityId) => {
    if (!page.mentionMarks().some((m) => m.dataset.entity === entityId)) return false;
    void load().then((ui) => ui?.focusEntity(entityId));
    return true;
  });
  page.onMoveRequest((direction) => {
    if (!page.mentionMarks().length) return false;
    void load().then((ui) => ui?.move(direction));
    return true;
  });
  // Once the page has marks, fetch the UI when the browser is idle: the first card is then instant.
  page.onChange(() => {
    if (!armed && page.highlighting()) arm();
    if (!loading && page.mentionCount() > 0) {
      const idle = (globalThis as { requestIdleCallback?: (cb: () => void) => number }).requestIdleCallback;
      if (idle) idle(() => void load());
      else ctx.setTimeout(() => void load(), 1000);
    }
  });
}
