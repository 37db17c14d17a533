/**
 * The hover card on web pages: one `<fact-context-card>` host with an open shadow root (no page
 * CSS reaches the card, none of ours leaks), the card rendered in it by Preact, anchored to the
 * mark with Floating UI. One delegated set of listeners, all removed by the content script's
 * AbortSignal; `destroy()` removes the host.
 */
import { autoUpdate, computePosition, flip, inline, offset, shift, size } from '@floating-ui/dom';
import { render } from 'preact';
import type { ContentPage } from '@/lib/content';
import { EntityCard } from './EntityCard';
import css from './card.css?inline';

/** Grace after the pointer leaves the mark or card: time to cross the gap into the card. */
export const CLOSE_DELAY_MS = 300;
/** Gap between the mention and the card. */
const CARD_OFFSET_PX = 6;
/** The card keeps this far from the viewport's edges. */
const VIEWPORT_PADDING_PX = 8;
/** The card's height bounds: tall enough for a fact or two, short enough to read at a glance. */
const MIN_CARD_HEIGHT_PX = 160;
const MAX_CARD_HEIGHT_PX = 520;
/** Above page content, including sticky headers and most overlays. */
const TOP_Z_INDEX = '2147483646';

const TITLE_ID = 'fact-context-card-title';

/** Dark card on dark pages: the first opaque background from the mark up decides. */
function pageIsDark(from: Element): boolean {
  for (let el: Element | null = from; el; el = el.parentElement) {
    const match = /rgba?\(([^)]+)\)/.exec(getComputedStyle(el).backgroundColor);
    if (!match) continue;
    const [r = 255, g = 255, b = 255, a = 1] = match[1]!.split(',').map((x) => Number.parseFloat(x));
    if (a < 0.5) continue;
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5;
  }
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

export interface CardHost {
  open(mark: HTMLElement, options?: { focusCard?: boolean }): Promise<void>;
  /** Hover intent on a mark: opens after the open delay unless the pointer leaves first. */
  hover(mark: HTMLElement): void;
  /** Focuses the first mention of an entity and opens its card. */
  focusEntity(entityId: string): boolean;
  close(options?: { returnFocus?: boolean }): void;
  /** Moves focus to the next or previous mention, and announces it. */
  move(direction: 1 | -1): void;
  destroy(): void;
}

export function attachCards(page: ContentPage): CardHost {
  const { doc, ctx } = page;
  // Our marks only: a page's look-alike (same class and data attributes) opens nothing.
  const isMark = (target: EventTarget | null): target is HTMLElement => page.isOwnMark(target);
  let host: HTMLElement | null = null;
  let shadow: ShadowRoot | null = null;
  let dialog: HTMLElement | null = null;
  let live: HTMLElement | null = null;
  let current: HTMLElement | null = null;
  let stopAutoUpdate: (() => void) | null = null;
  let openTimer: ReturnType<typeof setTimeout> | null = null;
  let closeTimer: ReturnType<typeof setTimeout> | null = null;
  let lastPointerType = 'mouse';

  const ensureHost = () => {
    if (host?.isConnected && shadow && dialog && live) return;
    host = doc.createElement('fact-context-card');
    // Inline, against page rules that target unknown elements; the shadow root does the rest.
    for (const [property, value] of Object.entries({
      all: 'initial',
      position: 'fixed',
      top: '0',
      left: '0',
      'z-index': TOP_Z_INDEX,
      display: 'block',
    })) {
      host.style.setProperty(property, value, 'important');
    }
    shadow = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = css;
    dialog = doc.createElement('div');
    dialog.className = 'fc-card';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-labelledby', TITLE_ID);
    dialog.tabIndex = -1;
    dialog.hidden = true;
    dialog.style.cssText = 'top:0;left:0;';
    live = doc.createElement('div');
    live.className = 'fc-live';
    live.setAttribute('aria-live', 'polite');
    shadow.append(style, dialog, live);
    doc.documentElement.append(host);
  };

  const cancelTimers = () => {
    if (openTimer) clearTimeout(openTimer);
    if (closeTimer) clearTimeout(closeTimer);
    openTimer = closeTimer = null;
  };

  const piecesOf = (mark: HTMLElement) =>
    Array.from(doc.querySelectorAll<HTMLElement>(`mark[data-mention="${CSS.escape(mark.dataset.mention ?? '')}"]`));

  const setExpanded = (mark: HTMLElement | null, expanded: boolean) => {
    if (mark) for (const piece of piecesOf(mark)) piece.setAttribute('aria-expanded', String(expanded));
  };

  const close: CardHost['close'] = ({ returnFocus = false } = {}) => {
    // A pending open (the pointer already rests on another name) survives the close.
    if (closeTimer) clearTimeout(closeTimer);
    closeTimer = null;
    stopAutoUpdate?.();
    stopAutoUpdate = null;
    if (dialog) {
      render(null, dialog);
      dialog.hidden = true;
    }
    const was = current;
    setExpanded(was, false);
    current = null;
    if (returnFocus && was?.isConnected) was.focus({ preventScroll: true });
  };

  const open: CardHost['open'] = async (mark, { focusCard = false } = {}) => {
    cancelTimers();
    const mention = page.mention(mark.dataset.mention ?? '');
    const entityId = mark.dataset.entity;
    if (!entityId) return;
    const card = await page.card(entityId).catch(() => undefined);
    if (!card || !mark.isConnected || ctx.isInvalid) return;
    if (current && current !== mark) close();
    ensureHost();
    current = mark;
    setExpanded(mark, true);
    dialog!.dataset.theme = pageIsDark(mark) ? 'dark' : 'light';
    // Laid out but unseen until placed: no flash at the corner of the window.
    dialog!.style.visibility = 'hidden';
    dialog!.hidden = false;
    // Only trusted (user) clicks act: a page cannot press our buttons by dispatching events.
    const trusted =
      (fn: () => void) =>
      (event?: Event): void => {
        if (event && !event.isTrusted) return;
        fn();
      };
    render(
      <EntityCard
        card={card}
        titleId={TITLE_ID}
        why={mention ? { alias: mention.alias, evidence: mention.evidence } : null}
        actions={{
          onTimeline: trusted(() => page.actions.timeline(card.id)),
          onOpenSource: (sourceId, quote) => page.actions.openSource(sourceId, quote),
          onMute: trusted(() => {
            close();
            page.actions.mute(card.id);
          }),
          ...(page.actions.siteOff
            ? {
                onSiteOff: trusted(() => {
                  close();
                  page.actions.siteOff?.();
                }),
              }
            : {}),
        }}
      />,
      dialog!,
    );
    const anchor = piecesOf(mark)[0] ?? mark;
    const place = () =>
      void computePosition(anchor, dialog!, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          inline(),
          offset(CARD_OFFSET_PX),
          flip({ padding: VIEWPORT_PADDING_PX }),
          shift({ padding: VIEWPORT_PADDING_PX }),
          // Never taller than the room on the chosen side: the card scrolls inside instead.
          size({
            padding: VIEWPORT_PADDING_PX,
            apply({ availableHeight }) {
              if (dialog)
                dialog.style.maxHeight = `${Math.max(MIN_CARD_HEIGHT_PX, Math.min(MAX_CARD_HEIGHT_PX, availableHeight))}px`;
            },
          }),
        ],
      }).then(({ x, y }) => {
        // Whole pixels: crisp text, and the same rendering wherever the card lands.
        if (dialog)
          Object.assign(dialog.style, { left: `${Math.round(x)}px`, top: `${Math.round(y)}px`, visibility: 'visible' });
      });
    stopAutoUpdate = autoUpdate(anchor, dialog!, place);
    if (focusCard) dialog!.focus({ preventScroll: true });
  };

  function hover(mark: HTMLElement): void {
    if (current && current.dataset.mention === mark.dataset.mention) {
      if (closeTimer) clearTimeout(closeTimer);
      closeTimer = null;
      return;
    }
    if (openTimer) clearTimeout(openTimer);
    // Hover intent: a pointer merely passing over a name opens nothing.
    openTimer = setTimeout(() => {
      openTimer = null;
      if (mark.matches(':hover')) void open(mark);
    }, page.settings().openDelayMs);
  }

  const scheduleClose = () => {
    if (openTimer) clearTimeout(openTimer);
    openTimer = null;
    if (!current || closeTimer) return;
    closeTimer = setTimeout(() => {
      closeTimer = null;
      close();
    }, CLOSE_DELAY_MS);
  };

  const inCard = (target: EventTarget | null) =>
    target instanceof Node && !!host && (target === host || host.contains(target));

  function move(direction: 1 | -1): void {
    const marks = page.mentionMarks();
    if (!marks.length) return;
    const active = doc.activeElement instanceof HTMLElement && isMark(doc.activeElement) ? doc.activeElement : current;
    const at = active ? marks.findIndex((m) => m.dataset.mention === active.dataset.mention) : -1;
    const next = marks[(at + direction + marks.length) % marks.length]!;
    next.focus();
    next.scrollIntoView({
      block: 'center',
      behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    });
    ensureHost();
    const index = marks.indexOf(next) + 1;
    live!.textContent = `${next.textContent ?? ''}, mention ${index} of ${marks.length}`;
  }

  const options = { signal: ctx.signal, capture: true };
  doc.addEventListener(
    'pointerover',
    (e) => {
      if (inCard(e.target)) {
        if (closeTimer) clearTimeout(closeTimer);
        closeTimer = null;
        return;
      }
      if (!isMark(e.target) || e.pointerType === 'touch') return;
      hover(e.target);
    },
    options,
  );
  doc.addEventListener(
    'pointerout',
    (e) => {
      const to = e.relatedTarget;
      if (isMark(e.target) || inCard(e.target)) {
        if (inCard(to) || (isMark(to) && current && to.dataset.mention === current.dataset.mention)) return;
        if (isMark(e.target) && !current) {
          if (openTimer) clearTimeout(openTimer);
          openTimer = null;
          return;
        }
        scheduleClose();
      }
    },
    options,
  );
  doc.addEventListener(
    'focusin',
    (e) => {
      if (inCard(e.target)) {
        if (closeTimer) clearTimeout(closeTimer);
        closeTimer = null;
        return;
      }
      // Keyboard focus opens at once: no hover intent to wait for.
      if (isMark(e.target)) void open(e.target);
    },
    options,
  );
  doc.addEventListener(
    'focusout',
    (e) => {
      if (!current) return;
      const to = e.relatedTarget;
      if (inCard(to) || (isMark(to) && to.dataset.mention === current.dataset.mention)) return;
      if (isMark(e.target) || inCard(e.target)) scheduleClose();
    },
    options,
  );
  doc.addEventListener(
    'keydown',
    (e) => {
      if (!current) return;
      if (e.key === 'Escape') {
        e.stopPropagation();
        close({ returnFocus: true });
      } else if ((e.key === 'Enter' || e.key === 'ArrowDown') && isMark(e.target)) {
        // From the mention into its card.
        e.preventDefault();
        dialog?.focus({ preventScroll: true });
      }
    },
    options,
  );
  doc.addEventListener(
    'pointerdown',
    (e) => {
      lastPointerType = e.pointerType;
      if (current && !inCard(e.target) && !isMark(e.target)) close();
    },
    options,
  );
  doc.addEventListener(
    'click',
    (e) => {
      // Touch: a tap opens the card, a second tap on the same mention (or a tap outside) closes it.
      if (lastPointerType !== 'touch' || !isMark(e.target)) return;
      e.preventDefault();
      if (current && current.dataset.mention === e.target.dataset.mention) close();
      else void open(e.target);
    },
    options,
  );

  function focusEntity(entityId: string): boolean {
    const mark = page.mentionMarks().find((m) => m.dataset.entity === entityId);
    if (!mark) return false;
    mark.scrollIntoView({ block: 'center' });
    mark.focus({ preventScroll: true });
    void open(mark);
    return true;
  }
  page.onFocusRequest(focusEntity);
  page.onMoveRequest((direction) => {
    if (!page.mentionMarks().length) return false;
    move(direction);
    return true;
  });
  // Marks removed (switch off, mute, page change): the card goes with its mark.
  page.onChange(() => {
    if (current && !current.isConnected) close();
  });

  const destroy = () => {
    close();
    host?.remove();
    host = shadow = dialog = live = null;
  };
  ctx.onInvalidated(destroy);

  return {
    open,
    hover,
    focusEntity,
    close,
    move,
    destroy,
  };
}
