/**
 * The hover card on web pages: DOM glue around the card's state machine (lib/cards/machine.ts).
 * Listeners turn the reader's trusted input into machine events; the machine's effects become
 * DOM calls here. Nothing else decides when the card opens, stays, closes or may act.
 *
 * The card lives in a **closed** shadow root on a plain `div` host (a page cannot define `div`
 * as a custom element, so it cannot take the host over first; docs/adr/012-card-and-trust.md).
 * The host's inline `!important` styles keep page CSS out; a host the page moved, restyled or
 * removed is dropped and a fresh one made for the next card. What a mark means comes from the
 * content script's memory (`page.mentionOf`), never from the mark's attributes. Every action
 * checks that its event is trusted, that the card was visible long enough to be armed, and that
 * the press landed on the card itself. All listeners go with the page's AbortSignal.
 */
import { autoUpdate, computePosition, flip, inline, offset, shift, size } from '@floating-ui/dom';
import { render } from 'preact';
import type { CardData } from '@/lib/cards/card-data';
import type { CardMention, CardPage, UndoableChange } from '@/lib/cards/card-page';
import { KeyboardIntent } from '@/lib/cards/gestures';
import {
  ARMING_MS,
  CLOSE_DELAY_MS,
  initialCardState,
  transition,
  type CardEffect,
  type CardEvent,
  type CardState,
  type Timings,
} from '@/lib/cards/machine';
import { elementAtPoint, watchPointer, type Point, type PointerSample } from '@/lib/content/hit-test';
import { probe } from '@/lib/content/probe';
import { EntityCard } from './EntityCard';
import { hostIntact, landsOn, visuallyIntact } from './guard';
import { Notice, type NoticeContent } from './Notice';
import css from './card.css?inline';

/** IntersectionObserver v2 reports visibility at most this often (the smallest delay it accepts). */
const VISIBILITY_DELAY_MS = 100;
/** How long the offer to undo a mute or site switch stays (longer while the reader is on it). */
export const UNDO_SHOWN_MS = 10_000;
/** How long a refusal from the background stays on screen. */
const REFUSAL_SHOWN_MS = 8000;
/** Gap between the mention and the card. */
const CARD_OFFSET_PX = 6;
/** The card keeps this far from the viewport's edges. */
const VIEWPORT_PADDING_PX = 8;
/** The card's height bounds: tall enough for a fact or two, short enough to read at a glance. */
const MIN_CARD_HEIGHT_PX = 160;
const MAX_CARD_HEIGHT_PX = 520;
/** The highest z-index there is: above the page's sticky headers and overlays. */
const TOP_Z_INDEX = '2147483647';

const TITLE_ID = 'fact-context-card-title';

/** The host's own look, inline and `!important`: no page rule can change it. */
const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  top: '0',
  left: '0',
  'z-index': TOP_Z_INDEX,
  display: 'block',
};

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

/** An IntersectionObserver v2 entry (not in TypeScript's DOM types yet). */
type VisibilityEntry = IntersectionObserverEntry & { isVisible?: boolean };

/** Does the browser report whether an element is actually visible (IntersectionObserver v2)? */
function hasVisibilityTracking(view: Window): boolean {
  const entry = (view as unknown as { IntersectionObserverEntry?: { prototype: object } }).IntersectionObserverEntry;
  return !!entry && 'isVisible' in entry.prototype;
}

export interface CardHost {
  /** The reader's pointer rests here (the loader passes on the move that loaded the UI). */
  pointerAt(sample: PointerSample): void;
  /** The reader moved keyboard focus onto this mark (the loader saw the Tab). */
  keyboardFocus(mark: HTMLElement): void;
  /** The reader tapped this mark (the loader already took the tap from the page). */
  tap(mark: HTMLElement): void;
  /** Focuses the first mention of an entity and opens its card. */
  focusEntity(entityId: string): boolean;
  /** Moves focus to the next or previous mention, opens its card, and announces it. */
  move(direction: 1 | -1): void;
  destroy(): void;
}

/** The parts of our shadow host; a fresh set whenever the page tampered with the last. */
interface HostParts {
  host: HTMLElement;
  shadow: ShadowRoot;
  dialog: HTMLElement;
  live: HTMLElement;
  notices: HTMLElement;
  style: string;
  watcher: MutationObserver;
}

export function attachCards(page: CardPage): CardHost {
  const { doc, ctx } = page;
  const view = doc.defaultView ?? window;
  const timings = (): Timings => ({
    openDelayMs: page.settings().openDelayMs,
    closeDelayMs: CLOSE_DELAY_MS,
    armingMs: ARMING_MS,
  });
  const keyboard = new KeyboardIntent();
  let state: CardState<CardMention> = initialCardState();
  let parts: HostParts | null = null;
  let stopAutoUpdate: (() => void) | null = null;
  let visibility: IntersectionObserver | null = null;
  /** The kind of the reader's last press: a click after a touch press is a tap. */
  let lastPointerType = 'mouse';
  /** When the pointer last came to rest on a mention (the bench's card timing starts there). */
  let restedAt = 0;
  /** The notice on screen; an older one's timer then changes nothing. */
  let noticeToken = 0;
  /** Shadow roots of the page that hold marks: the hit test must look inside them. */
  let markRoots: ShadowRoot[] | null = null;
  /** Where the reader's pointer last was (trusted moves only). */
  let pointer: Point | null = null;
  /** Where the card sits on screen, and where the pointer was when it came there. */
  let cardAt: Point | null = null;
  let pointerWhenPlaced: Point | null = null;
  /**
   * Has the reader moved the pointer since the card came to where it is? A card the page moves
   * (by scrolling, or by moving its mention) under a pointer at rest must not take the press the
   * reader meant for what was there before: a pointer press acts only after the pointer moved.
   */
  const pointerMovedSincePlaced = () =>
    pointer !== null &&
    (pointerWhenPlaced === null || pointer.x !== pointerWhenPlaced.x || pointer.y !== pointerWhenPlaced.y);

  // ---------------------------------------------------------------------------------------------
  // The host
  // ---------------------------------------------------------------------------------------------

  /** Still where we put it, as we styled it, with nothing added: else the page has been at it. */
  const intact = (p: HostParts) => hostIntact(p.host, p.style);

  const dropHost = () => {
    const p = parts;
    if (!p) return;
    parts = null;
    p.watcher.disconnect();
    visibility?.disconnect();
    visibility = null;
    stopAutoUpdate?.();
    stopAutoUpdate = null;
    render(null, p.dialog);
    render(null, p.notices);
    p.host.remove();
  };

  const ensureHost = (): HostParts => {
    if (parts && intact(parts)) return parts;
    dropHost();
    // A plain div: the one element name no page can define first (custom element names need a hyphen).
    const host = doc.createElement('div');
    for (const [property, value] of Object.entries(HOST_STYLE)) host.style.setProperty(property, value, 'important');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = css;
    const dialog = doc.createElement('div');
    dialog.className = 'fc-card';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-labelledby', TITLE_ID);
    dialog.tabIndex = -1;
    dialog.hidden = true;
    dialog.style.cssText = 'top:0;left:0;';
    const live = doc.createElement('div');
    live.className = 'fc-live';
    live.setAttribute('aria-live', 'polite');
    const notices = doc.createElement('div');
    notices.className = 'fc-notices';
    notices.setAttribute('role', 'status');
    shadow.append(style, dialog, live, notices);
    doc.documentElement.append(host);
    const watcher = new MutationObserver(() => {
      if (parts && !intact(parts)) {
        dropHost();
        run({ type: 'gone' });
      }
    });
    const next: HostParts = {
      host,
      shadow,
      dialog,
      live,
      notices,
      style: host.getAttribute('style') ?? '',
      watcher,
    };
    watcher.observe(doc.documentElement, { childList: true });
    watcher.observe(host, { attributes: true, childList: true });
    parts = next;
    return next;
  };

  const inCard = (target: EventTarget | null) => !!parts && target === parts.host;

  // ---------------------------------------------------------------------------------------------
  // Events in, effects out
  // ---------------------------------------------------------------------------------------------

  const queue: { event: CardEvent<CardMention>; source?: Event }[] = [];
  let running = false;
  /** Runs one event through the machine (queued if an effect sends another), and returns its effects. */
  function run(event: CardEvent<CardMention>, source?: Event): CardEffect<CardMention>[] {
    if (ctx.isInvalid) return [];
    if (running) {
      queue.push({ event, source });
      return [];
    }
    running = true;
    try {
      const result = transition(state, event, timings());
      state = result.state;
      for (const effect of result.effects) apply(effect, source);
      for (let next = queue.shift(); next; next = queue.shift()) {
        const more = transition(state, next.event, timings());
        state = more.state;
        for (const effect of more.effects) apply(effect, next.source);
      }
      return result.effects;
    } finally {
      running = false;
      // For the DevTools protocol only (tests): the page cannot see into our closed root.
      parts?.dialog.toggleAttribute('data-armed', state.armed);
    }
  }

  function apply(effect: CardEffect<CardMention>, source?: Event): void {
    switch (effect.type) {
      case 'start-timer':
        if (effect.timer === 'open') restedAt = performance.now();
        setTimeout(() => run({ type: 'timer', timer: effect.timer, token: effect.token }), effect.ms);
        return;
      case 'open':
        void show(effect.mention, effect.token, effect.focusCard);
        return;
      case 'close':
        hide(effect.mention, effect.returnFocus);
        return;
      case 'focus-card':
        parts?.dialog.focus({ preventScroll: true });
        return;
      case 'consume':
        source?.preventDefault();
        source?.stopPropagation();
        return;
      case 'act':
        // Read by the action's own handler from run()'s answer.
        return;
    }
  }

  const setExpanded = (mention: CardMention, expanded: boolean) => {
    for (const mark of mention.marks) if (mark.isConnected) mark.setAttribute('aria-expanded', String(expanded));
  };

  /** The mention under a point: our marks only, from our own memory. */
  const mentionAt = (point: Point): CardMention | null =>
    elementAtPoint(doc, point, (el) => page.mentionOf(el), (markRoots ??= findMarkRoots()))?.value ?? null;

  /** Found when the pointer first moves after marking changed, not on every pass. */
  const findMarkRoots = () => [
    ...new Set(
      page
        .mentionMarks()
        .map((m) => m.getRootNode())
        .filter((r): r is ShadowRoot => r !== doc && r.nodeType === Node.DOCUMENT_FRAGMENT_NODE),
    ),
  ];

  const pointerEvent = (sample: PointerSample): CardEvent<CardMention> =>
    inCard(sample.target)
      ? { type: 'pointer', mention: null, inCard: true }
      : { type: 'pointer', mention: mentionAt(sample), inCard: false };

  async function show(mention: CardMention, token: number, focusCard: boolean): Promise<void> {
    const data = await page.card(mention.entityId).catch(() => undefined);
    if (state.shown?.token !== token) return;
    const mark = mention.mark;
    if (!data || !mark || page.mentionOf(mark) !== mention || ctx.isInvalid) {
      run({ type: 'failed', token });
      return;
    }
    const { dialog } = ensureHost();
    stopAutoUpdate?.();
    setExpanded(mention, true);
    dialog.dataset.theme = pageIsDark(mark) ? 'dark' : 'light';
    // Laid out but unseen until placed: no flash at the corner of the window.
    dialog.style.visibility = 'hidden';
    dialog.hidden = false;
    renderCard(dialog, data, mention);
    let placed = false;
    const place = () =>
      void computePosition(mark, dialog, {
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
              dialog.style.maxHeight = `${Math.max(MIN_CARD_HEIGHT_PX, Math.min(MAX_CARD_HEIGHT_PX, availableHeight))}px`;
            },
          }),
        ],
      }).then(({ x, y }) => {
        if (state.shown?.token !== token) return;
        // Whole pixels: crisp text, and the same rendering wherever the card lands.
        const at = { x: Math.round(x), y: Math.round(y) };
        Object.assign(dialog.style, { left: `${at.x}px`, top: `${at.y}px`, visibility: 'visible' });
        const moved = cardAt !== null && (cardAt.x !== at.x || cardAt.y !== at.y);
        if (!placed || moved) pointerWhenPlaced = pointer;
        cardAt = at;
        if (moved) {
          // A card that moved is armed again from zero, wherever it now is.
          run({ type: 'visible', token, visible: false });
          run({
            type: 'visible',
            token,
            visible: hasVisibilityTracking(view) || (!!parts && visuallyIntact(parts.host)),
          });
        }
        if (placed) return;
        placed = true;
        const shown = state.shown;
        probe().card = {
          entityId: mention.entityId,
          restedAt: shown?.opener === 'hover' ? restedAt : null,
          shownAt: performance.now(),
        };
        run({ type: 'ready', token });
        watchVisibility(dialog, token);
        if (focusCard) dialog.focus({ preventScroll: true });
      });
    stopAutoUpdate = autoUpdate(mark, dialog, place);
  }

  /** Tells the machine when the card is visible: IntersectionObserver v2 where there is one. */
  function watchVisibility(dialog: HTMLElement, token: number): void {
    visibility?.disconnect();
    visibility = null;
    if (hasVisibilityTracking(view)) {
      visibility = new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            const visible = (entry as VisibilityEntry).isVisible === true;
            run({ type: 'visible', token, visible });
          }
        },
        { trackVisibility: true, delay: VISIBILITY_DELAY_MS } as IntersectionObserverInit,
      );
      visibility.observe(dialog);
    } else {
      // No way to ask (Firefox): placed and nothing dims it starts the arming delay; every
      // action checks again where it lands (`landsOnCard`).
      run({ type: 'visible', token, visible: !!parts && visuallyIntact(parts.host) });
    }
  }

  function hide(mention: CardMention, returnFocus: boolean): void {
    stopAutoUpdate?.();
    stopAutoUpdate = null;
    cardAt = null;
    visibility?.disconnect();
    visibility = null;
    if (parts) {
      render(null, parts.dialog);
      parts.dialog.hidden = true;
    }
    setExpanded(mention, false);
    if (returnFocus && mention.mark?.isConnected) mention.mark.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------------------------------------
  // Actions: trusted, armed, and landing on the card
  // ---------------------------------------------------------------------------------------------

  /** Did the press land on this control of our card (./guard.ts)? */
  const landsOnCard = (event: Event, control: Element) =>
    !!parts && landsOn(event, control, parts.host, parts.shadow, parts.style);

  /** Whether this event may act for the reader: trusted, on an armed visible card, where it landed. */
  function mayAct(event: Event | undefined): boolean {
    if (!event?.isTrusted) return false;
    // Reports the observer has computed but not yet delivered count first (an overlay put up
    // moments ago).
    const token = state.shown?.token;
    if (visibility && token !== undefined)
      for (const entry of visibility.takeRecords())
        run({ type: 'visible', token, visible: (entry as VisibilityEntry).isVisible === true });
    const control = event.currentTarget;
    if (!(control instanceof Element) || !landsOnCard(event, control)) return false;
    // A pointer's click (detail > 0; a key's is 0) counts only if the pointer moved to it.
    const byPointer = event instanceof MouseEvent && event.detail > 0 && lastPointerType !== 'touch';
    if (byPointer && !pointerMovedSincePlaced()) return false;
    return run({ type: 'activate' }).some((e) => e.type === 'act');
  }

  /** Shows a notice; `focus` puts keyboard focus on its first button (the card it replaces is gone). */
  function notify(content: NoticeContent, ms: number, focus = false): void {
    const { notices } = ensureHost();
    const token = ++noticeToken;
    let pausedAt: number | null = null;
    const dismiss = () => {
      if (token === noticeToken && parts?.notices === notices) render(null, notices);
    };
    let timer = setTimeout(dismiss, ms);
    // Stays while the reader's pointer or focus is on it (WCAG 2.2.1: time to act).
    const hold = () => {
      clearTimeout(timer);
      pausedAt ??= Date.now();
    };
    const release = () => {
      if (pausedAt === null) return;
      pausedAt = null;
      clearTimeout(timer);
      timer = setTimeout(dismiss, ms / 2);
    };
    const shownAt = performance.now();
    render(
      <Notice
        content={content}
        onHold={hold}
        onRelease={release}
        onDismiss={dismiss}
        mayUndo={(event) => {
          // The same trust as the card's own buttons: trusted, landed on it, and armed (a second
          // click meant for the button that was there a moment ago must not undo).
          if (!event.isTrusted || performance.now() - shownAt < ARMING_MS) return false;
          const control = event.currentTarget;
          return control instanceof Element && landsOnCard(event, control);
        }}
      />,
      notices,
    );
    if (focus) notices.querySelector('button')?.focus({ preventScroll: true });
  }
  /** Runs an action for the reader; a refusal from the background is said, in its own words. */
  function perform(work: () => Promise<void>, failure: string, done?: () => void): void {
    work().then(
      () => done?.(),
      (error: unknown) =>
        notify({ text: `${failure}: ${error instanceof Error ? error.message : String(error)}` }, REFUSAL_SHOWN_MS),
    );
  }

  function offerUndo(text: string, change: UndoableChange, focus: boolean): void {
    const undo = page.actions.undo;
    notify(
      {
        text,
        undo: undo
          ? () =>
              perform(
                () => undo(change),
                'Could not undo',
                () => notify({ text: 'Undone.' }, REFUSAL_SHOWN_MS),
              )
          : undefined,
      },
      UNDO_SHOWN_MS,
      focus,
    );
  }

  /** A click that a key press made (Enter or Space on a button): its reader works from the keyboard. */
  const fromKeyboard = (event: Event) => (event as MouseEvent).detail === 0;

  function renderCard(dialog: HTMLElement, card: CardData, mention: CardMention): void {
    const { actions } = page;
    const siteOff = actions.siteOff;
    const addArticle = actions.addArticle;
    const closeCard = () => {
      if (state.shown?.mention === mention) run({ type: 'gone', mention });
    };
    render(
      <EntityCard
        card={card}
        titleId={TITLE_ID}
        why={{ alias: mention.alias, evidence: mention.evidence }}
        actions={{
          onTimeline: (event) => {
            if (mayAct(event)) perform(() => actions.timeline(card.id), 'Could not open the timeline');
          },
          onOpenSource: (sourceId, quote, event) => {
            if (mayAct(event)) perform(() => actions.openSource(sourceId, quote), 'Could not open the source');
          },
          onMute: (event) => {
            if (!mayAct(event)) return;
            perform(
              () => actions.mute(card.id),
              `Could not stop highlighting ${card.name}`,
              () => {
                closeCard();
                offerUndo(
                  `${card.name} is no longer highlighted on any site.`,
                  { kind: 'mute', entityId: card.id },
                  fromKeyboard(event),
                );
              },
            );
          },
          ...(siteOff
            ? {
                onSiteOff: (event: Event) => {
                  if (!mayAct(event)) return;
                  perform(siteOff, 'Could not turn Fact Context off on this site', () => {
                    closeCard();
                    offerUndo(
                      `Fact Context is off on ${location.hostname}.`,
                      { kind: 'site-off' },
                      fromKeyboard(event),
                    );
                  });
                },
              }
            : {}),
          ...(addArticle
            ? {
                // Opens the confirmation in a tab of its own, which takes the reader there; the
                // card has done its part. Nothing is stored before the reader confirms there.
                onAddArticle: (event: Event) => {
                  if (mayAct(event)) perform(addArticle, 'Could not open “Add this article”', closeCard);
                },
              }
            : {}),
        }}
      />,
      dialog,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Moving between mentions, and requests from the popup
  // ---------------------------------------------------------------------------------------------

  function announce(text: string): void {
    ensureHost().live.textContent = text;
  }

  function request(mark: HTMLElement, focusCard = false): boolean {
    const mention = page.mentionOf(mark);
    if (!mention) return false;
    // Our own focus first (a script focus: it opens nothing by itself), then the request.
    mark.focus({ preventScroll: true });
    run({ type: 'request', mention, focusCard });
    return true;
  }

  function move(direction: 1 | -1): void {
    const marks = page.mentionMarks();
    if (!marks.length) return;
    const active = page.mentionOf(doc.activeElement) ?? state.shown?.mention;
    const at = active ? marks.findIndex((m) => page.mentionOf(m) === active) : -1;
    const next = marks[(at + direction + marks.length) % marks.length]!;
    next.scrollIntoView({
      block: 'center',
      behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    });
    request(next);
    announce(`${next.textContent ?? ''}, mention ${marks.indexOf(next) + 1} of ${marks.length}`);
  }

  function focusEntity(entityId: string): boolean {
    const mark = page.mentionMarks().find((m) => page.mentionOf(m)?.entityId === entityId);
    if (!mark) return false;
    mark.scrollIntoView({ block: 'center' });
    return request(mark);
  }

  // ---------------------------------------------------------------------------------------------
  // Listeners: the reader's input, translated
  // ---------------------------------------------------------------------------------------------

  const options = { signal: ctx.signal, capture: true };
  watchPointer(doc, ctx.signal, (sample) => run(pointerEvent(sample)));
  doc.addEventListener(
    'pointermove',
    (e) => {
      if (e.isTrusted && e.pointerType !== 'touch') pointer = { x: e.clientX, y: e.clientY };
    },
    { ...options, passive: true },
  );
  doc.addEventListener(
    'pointerout',
    (e) => {
      // The pointer left the window (or went into a frame): it rests on nothing of ours.
      if (e.isTrusted && e.pointerType !== 'touch' && e.relatedTarget === null)
        run({ type: 'pointer', mention: null, inCard: false });
    },
    options,
  );
  doc.addEventListener(
    'pointerdown',
    (e) => {
      if (!e.isTrusted) return;
      lastPointerType = e.pointerType;
      if (e.pointerType === 'touch') return;
      const onCard = inCard(e.target);
      run({ type: 'press', mention: onCard ? null : mentionAt({ x: e.clientX, y: e.clientY }), inCard: onCard });
    },
    options,
  );
  doc.addEventListener(
    'click',
    (e) => {
      // Touch: a tap on a mention opens its card (and only then is the tap ours), a second tap
      // on it or a tap elsewhere closes it. Taps inside the card are the card's.
      const type = (e as PointerEvent).pointerType || lastPointerType;
      if (!e.isTrusted || type !== 'touch' || inCard(e.target)) return;
      run({ type: 'tap', mention: mentionAt({ x: e.clientX, y: e.clientY }) }, e);
    },
    options,
  );
  doc.addEventListener('keydown', (e) => keyboard.keydown(e), options);
  doc.addEventListener(
    'keydown',
    (e) => {
      if (!e.isTrusted) return;
      if (e.key === 'Escape') run({ type: 'escape' }, e);
      else if (e.key === 'Enter' || e.key === 'ArrowDown') {
        const mention = page.mentionOf(e.target);
        if (mention) run({ type: 'enter', mention }, e);
      }
    },
    options,
  );
  doc.addEventListener(
    'focusin',
    (e) => {
      if (inCard(e.target))
        return void run({ type: 'focus', mention: null, inCard: true, keyboard: keyboard.isReaderFocus(e) });
      const target = e.target as HTMLElement | null;
      run({
        type: 'focus',
        mention: page.mentionOf(target) ?? null,
        inCard: false,
        keyboard: keyboard.isReaderTabTo(e, target),
      });
    },
    options,
  );
  doc.addEventListener(
    'focusout',
    (e) => {
      // Focus went nowhere on the page (its element went away, another window, the browser's UI).
      if (e.relatedTarget === null) run({ type: 'focus', mention: null, inCard: false, keyboard: false });
    },
    options,
  );

  page.onFocusRequest(focusEntity);
  page.onMoveRequest((direction) => {
    if (!page.mentionMarks().length) return false;
    move(direction);
    return true;
  });
  const followMarks = () => {
    // Marks removed (switch off, mute, page change): the card goes with its mention.
    const { shown, pending } = state;
    for (const mention of [shown?.mention, pending?.mention]) {
      if (mention && (!mention.mark || page.mentionOf(mention.mark) !== mention)) run({ type: 'gone', mention });
    }
    markRoots = null;
  };
  page.onChange(followMarks);
  followMarks();

  const destroy = () => {
    const shown = state.shown;
    if (shown) hide(shown.mention, false);
    state = initialCardState();
    dropHost();
  };
  ctx.onInvalidated(destroy);

  return {
    pointerAt: (sample) => run(pointerEvent(sample)),
    keyboardFocus(mark) {
      const mention = page.mentionOf(mark);
      if (mention && doc.activeElement === mark) run({ type: 'focus', mention, inCard: false, keyboard: true });
    },
    tap(mark) {
      const mention = page.mentionOf(mark);
      if (mention) run({ type: 'tap', mention });
    },
    focusEntity,
    move,
    destroy,
  };
}
