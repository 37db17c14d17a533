/**
 * Loads the card UI (entrypoints/card-ui.ts) the first time a reader reaches for a card: a
 * trusted pointer resting on a mark, a Tab onto one, a tap on one, a request from the popup or a
 * keyboard command; and in idle time once the page has marks, so the first card shows without
 * waiting. Keeps the content script itself small. Marks take no pointer events, so a mark under
 * the pointer is found by hit testing (./hit-test.ts), and what it means by `page.mentionOf`.
 */
import type { CardLoaderPage, CardPage } from '../cards/card-page';
import { KeyboardIntent } from '../cards/gestures';
import { loadPart } from './part-loader';
import { elementAtPoint, watchPointer, type Point, type PointerSample } from './hit-test';

/** Where the loaded UI module leaves its entry point, in the content script's own world. */
export const CARD_UI_GLOBAL = '__factContextAttachCards';

/** Without requestIdleCallback, the UI loads this long after the page first has marks. */
const IDLE_FALLBACK_MS = 1000;

/** The part of the card UI the loader needs (components/card/card-host.tsx). */
export interface CardUi {
  pointerAt(sample: PointerSample): void;
  keyboardFocus(mark: HTMLElement): void;
  tap(mark: HTMLElement): void;
  move(direction: 1 | -1): void;
  focusEntity(entityId: string): boolean;
}

type AttachCards = (page: CardPage) => CardUi;

export function lazyCards(page: CardLoaderPage): void {
  const { doc, ctx } = page;
  let loading: Promise<CardUi | null> | null = null;
  const load = () =>
    (loading ??= loadPart<AttachCards>('/card-ui.js', CARD_UI_GLOBAL)
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

  /** One of our marks under the point (a page's look-alike is not in our memory). */
  const markAt = (point: Point): HTMLElement | null => {
    const hit = elementAtPoint(doc, point, (el) => page.mentionOf(el));
    return hit ? (hit.value.mark ?? null) : null;
  };

  // Listeners that exist from the start of highlighting until the UI is loaded; it brings its
  // own. A page without an article (most pages) gets none.
  const stopLoaders = new AbortController();
  let armed = false;
  const arm = () => {
    armed = true;
    const signal = AbortSignal.any([ctx.signal, stopLoaders.signal]);
    const options = { signal, capture: true };
    const keyboard = new KeyboardIntent();
    watchPointer(doc, signal, (sample) => {
      if (markAt(sample)) void load().then((ui) => ui?.pointerAt(sample));
    });
    doc.addEventListener('keydown', (e) => keyboard.keydown(e), options);
    doc.addEventListener(
      'focusin',
      (e) => {
        // Only focus the reader moved there with Tab; a script's mark.focus() loads nothing.
        const mark = e.target as HTMLElement;
        if (keyboard.isReaderTabTo(e, mark) && page.mentionOf(mark)) void load().then((ui) => ui?.keyboardFocus(mark));
      },
      options,
    );
    let lastPointerType = 'mouse';
    doc.addEventListener('pointerdown', (e) => e.isTrusted && (lastPointerType = e.pointerType), options);
    doc.addEventListener(
      'click',
      (e) => {
        const type = (e as PointerEvent).pointerType || lastPointerType;
        if (!e.isTrusted || type !== 'touch') return;
        const mark = markAt({ x: e.clientX, y: e.clientY });
        if (!mark) return;
        // The tap is ours (it opens a card), not the page's.
        e.preventDefault();
        e.stopPropagation();
        void load().then((ui) => ui?.tap(mark));
      },
      options,
    );
  };

  const markOf = (entityId: string) => page.mentionMarks().find((m) => page.mentionOf(m)?.entityId === entityId);
  page.onFocusRequest((entityId) => {
    if (!markOf(entityId)) return false;
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
      else setTimeout(() => !ctx.isInvalid && void load(), IDLE_FALLBACK_MS);
    }
  });
}
