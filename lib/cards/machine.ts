/**
 * When the hover card opens, stays, closes and may act: a pure transition function
 * `transition(state, event, timings) -> { state, effects }`, after Wikipedia's Page Previews
 * (its ADR 0002, "contain and manage state", and its preview reducer). The DOM glue (components/card/card-host.tsx)
 * only turns browser events into `CardEvent`s and `CardEffect`s into DOM calls; every path is
 * unit-tested without a browser (tests/unit/card-machine.test.ts).
 *
 * Timers are effects: the glue starts them and sends back `{ type: 'timer', token }`. Every timer
 * gets a fresh token and the state keeps only the live one, so a timer that was superseded or
 * cancelled arrives stale and changes nothing (nothing is ever cleared).
 *
 * The rules (docs/adr/012-card-and-trust.md):
 * - A card opens from a trusted pointer resting on a mention (after the reader's open delay),
 *   from keyboard focus the reader moved there (Tab), from our own shortcut or popup request,
 *   or from a tap. A focus that page script caused opens nothing.
 * - It stays while the reader's pointer or keyboard focus is on its mention or in the card (a
 *   tap-opened card until the next tap), and closes after a grace period once neither is.
 * - Escape closes it; focus returns to the mention only when the reader was working from the
 *   keyboard (or focus was inside the card, which would otherwise drop to the page), and a
 *   card dismissed under a resting pointer stays closed until the pointer leaves that mention.
 * - Its actions work only once it has been visible for `armingMs` without a break.
 */

/** Grace after the pointer and focus leave the mark and card: time to cross the gap into the card. */
export const CLOSE_DELAY_MS = 300;
/**
 * A card's actions work only once it has been on screen, visible and unobscured, this long
 * without a break: a page that slides a card under the reader's click or key press gets nothing.
 * Chromium's own permission prompts ignore presses for a double-click interval after they
 * appear (about 500 ms) for the same reason.
 */
export const ARMING_MS = 500;

/** How the card on screen was opened. */
export type Opener = 'hover' | 'keyboard' | 'request' | 'tap';

export interface Timings {
  /** Hover intent: a pointer resting this long on a mention opens its card. */
  readonly openDelayMs: number;
  /** Grace after the pointer and focus leave: time to cross the gap into the card. */
  readonly closeDelayMs: number;
  /** How long the card must have been visible, unbroken, before its actions work. */
  readonly armingMs: number;
}

export type TimerKind = 'open' | 'close' | 'arm';

/** `M` is whatever names a mention (the glue uses the highlighter's mention objects, tests use strings). */
export interface CardState<M> {
  /** The card on screen (or being fetched and placed: `ready` false). */
  readonly shown: {
    readonly mention: M;
    readonly opener: Opener;
    readonly token: number;
    readonly ready: boolean;
  } | null;
  /** Hover intent: the pointer rests on this mention; its card opens when the timer `token` fires. */
  readonly pending: { readonly mention: M; readonly token: number } | null;
  /** Token of the running grace timer, or null. */
  readonly closing: number | null;
  /** Token of the running arming timer, or null. */
  readonly arming: number | null;
  /** Is the shown card reported visible (unobscured, Chromium; placed, elsewhere)? */
  readonly visible: boolean;
  /** May the card's actions run? */
  readonly armed: boolean;
  /** Where the reader's pointer is (mouse or pen). */
  readonly pointer: { readonly mention: M | null; readonly inCard: boolean };
  /** Where the reader put keyboard focus: a mention reached from the keyboard, or inside the card. */
  readonly focus: { readonly mention: M | null; readonly inCard: boolean };
  /** Closed with Escape while the pointer rested on it: no hover reopens it until the pointer leaves. */
  readonly dismissed: M | null;
  /** The next timer or card token. */
  readonly next: number;
}

export type CardEvent<M> =
  /** The reader's pointer (mouse or pen, trusted) now rests on a mention, in the card, or elsewhere. */
  | { type: 'pointer'; mention: M | null; inCard: boolean }
  /**
   * Focus moved: onto a mention (`keyboard` true only when the reader moved it there with Tab),
   * into the card, or elsewhere.
   */
  | { type: 'focus'; mention: M | null; inCard: boolean; keyboard: boolean }
  /** Our own shortcut or the popup asked to show this mention's card (its mark already has focus). */
  | { type: 'request'; mention: M; focusCard: boolean }
  /** A trusted touch tap on a mention, or elsewhere on the page (null); taps inside the card are its own. */
  | { type: 'tap'; mention: M | null }
  /** A trusted mouse or pen press: on a mention, in the card, or elsewhere. */
  | { type: 'press'; mention: M | null; inCard: boolean }
  /** A trusted Escape key press. */
  | { type: 'escape' }
  /** A trusted Enter or ArrowDown on a focused mention: into its card. */
  | { type: 'enter'; mention: M }
  | { type: 'timer'; timer: TimerKind; token: number }
  /** The card for `token` is rendered and placed. */
  | { type: 'ready'; token: number }
  /** No card for `token` (no data, or its mark left the page while it loaded). */
  | { type: 'failed'; token: number }
  /** The card for `token` became visible or stopped being visible. */
  | { type: 'visible'; token: number; visible: boolean }
  /** A mention's marks left the page; without a mention: our card's host was tampered with. */
  | { type: 'gone'; mention?: M }
  /** The reader activated one of the card's actions (a trusted event that landed on the card). */
  | { type: 'activate' };

export type CardEffect<M> =
  | { type: 'start-timer'; timer: TimerKind; token: number; ms: number }
  /** Fetch, render and place the card of `mention`; send `ready` or `failed` with `token`. */
  | { type: 'open'; mention: M; opener: Opener; token: number; focusCard: boolean }
  /** Take the card down; focus `mention`'s mark again when `returnFocus`. */
  | { type: 'close'; mention: M; returnFocus: boolean }
  | { type: 'focus-card' }
  /** The triggering event was ours: prevent its default and stop it reaching the page. */
  | { type: 'consume' }
  /** Run the action that was activated. */
  | { type: 'act' };

export interface Transition<M> {
  state: CardState<M>;
  effects: CardEffect<M>[];
}

export function initialCardState<M>(): CardState<M> {
  return {
    shown: null,
    pending: null,
    closing: null,
    arming: null,
    visible: false,
    armed: false,
    pointer: { mention: null, inCard: false },
    focus: { mention: null, inCard: false },
    dismissed: null,
    next: 1,
  };
}

/** Is the shown card held open by the reader's pointer or focus (or by the tap that opened it)? */
export function isHeld<M>(state: CardState<M>): boolean {
  const { shown, pointer, focus } = state;
  if (!shown) return false;
  return (
    shown.opener === 'tap' ||
    pointer.inCard ||
    focus.inCard ||
    (pointer.mention !== null && pointer.mention === shown.mention) ||
    (focus.mention !== null && focus.mention === shown.mention)
  );
}

export function transition<M>(state: CardState<M>, event: CardEvent<M>, timings: Timings): Transition<M> {
  const out: CardEffect<M>[] = [];
  const next = step(state, event, timings, out);
  return { state: keepGrace(next, timings, out), effects: out };
}

/** A fresh token, and the state that has used it. */
function token<M>(state: CardState<M>): [CardState<M>, number] {
  return [{ ...state, next: state.next + 1 }, state.next];
}

function close<M>(state: CardState<M>, out: CardEffect<M>[], returnFocus = false): CardState<M> {
  if (!state.shown) return state;
  out.push({ type: 'close', mention: state.shown.mention, returnFocus });
  return { ...state, shown: null, closing: null, arming: null, visible: false, armed: false };
}

function open<M>(
  state: CardState<M>,
  mention: M,
  opener: Opener,
  focusCard: boolean,
  out: CardEffect<M>[],
): CardState<M> {
  let s: CardState<M> = { ...state, pending: null, dismissed: null };
  if (s.shown && s.shown.mention === mention) {
    // Already showing: a deliberate keyboard or request open makes it a keyboard card (Escape then
    // returns focus); nothing else changes.
    const stronger = (opener === 'keyboard' || opener === 'request') && s.shown.opener === 'hover';
    if (stronger) s = { ...s, shown: { ...s.shown, opener } };
    if (focusCard && s.shown!.ready) out.push({ type: 'focus-card' });
    return s;
  }
  const [closed, id] = token(close(s, out));
  out.push({ type: 'open', mention, opener, token: id, focusCard });
  return { ...closed, shown: { mention, opener, token: id, ready: false }, visible: false, armed: false, arming: null };
}

function step<M>(state: CardState<M>, event: CardEvent<M>, timings: Timings, out: CardEffect<M>[]): CardState<M> {
  switch (event.type) {
    case 'pointer': {
      const { mention, inCard } = event;
      let s: CardState<M> = { ...state, pointer: { mention, inCard } };
      if (s.dismissed !== null && s.dismissed !== mention) s = { ...s, dismissed: null };
      if (mention === null || mention === s.shown?.mention || mention === s.dismissed) {
        return { ...s, pending: null };
      }
      if (s.pending?.mention === mention) return s;
      const [timed, id] = token(s);
      out.push({ type: 'start-timer', timer: 'open', token: id, ms: timings.openDelayMs });
      return { ...timed, pending: { mention, token: id } };
    }

    case 'focus': {
      const { mention, inCard, keyboard } = event;
      if (inCard) return { ...state, focus: { mention: null, inCard: true } };
      // Only focus the reader moved with the keyboard counts; a script's focus holds nothing.
      if (mention === null || !keyboard) return { ...state, focus: { mention: null, inCard: false } };
      const s: CardState<M> = { ...state, focus: { mention, inCard: false } };
      return open(s, mention, 'keyboard', false, out);
    }

    case 'request':
      return open(
        { ...state, focus: { mention: event.mention, inCard: false } },
        event.mention,
        'request',
        event.focusCard,
        out,
      );

    case 'tap': {
      const { mention } = event;
      if (mention !== null && state.shown?.mention === mention) {
        out.push({ type: 'consume' });
        return close(state, out);
      }
      if (mention !== null) {
        out.push({ type: 'consume' });
        return open(state, mention, 'tap', false, out);
      }
      return close(state, out);
    }

    case 'press': {
      const { shown } = state;
      if (!shown || event.inCard || (event.mention !== null && event.mention === shown.mention)) return state;
      return close(state, out);
    }

    case 'escape': {
      const { shown, pending } = state;
      if (shown) {
        out.push({ type: 'consume' });
        const fromKeyboard = shown.opener === 'keyboard' || shown.opener === 'request' || state.focus.inCard;
        const s = close(state, out, fromKeyboard);
        return {
          ...s,
          pending: null,
          dismissed: shown.mention,
          focus: fromKeyboard ? { mention: null, inCard: false } : s.focus,
        };
      }
      // Nothing on screen: the key is the page's; only a card about to open is called off.
      if (pending) return { ...state, pending: null, dismissed: pending.mention };
      return state;
    }

    case 'enter': {
      const { shown } = state;
      if (!shown?.ready || shown.mention !== event.mention) return state;
      out.push({ type: 'consume' }, { type: 'focus-card' });
      return state;
    }

    case 'timer': {
      if (event.timer === 'open') {
        const { pending } = state;
        if (!pending || pending.token !== event.token) return state;
        // Hover intent: the pointer must still rest on the mention.
        if (state.pointer.mention !== pending.mention) return { ...state, pending: null };
        return open(state, pending.mention, 'hover', false, out);
      }
      if (event.timer === 'close') {
        if (state.closing !== event.token) return state;
        const s = { ...state, closing: null };
        return isHeld(s) ? s : close(s, out);
      }
      if (state.arming !== event.token || !state.visible) return state;
      return { ...state, arming: null, armed: true };
    }

    case 'ready': {
      const { shown } = state;
      if (!shown || shown.token !== event.token) return state;
      return { ...state, shown: { ...shown, ready: true } };
    }

    case 'failed': {
      const { shown } = state;
      if (!shown || shown.token !== event.token) return state;
      return { ...state, shown: null, closing: null, arming: null, visible: false, armed: false };
    }

    case 'visible': {
      const { shown } = state;
      if (!shown || shown.token !== event.token) return state;
      if (!event.visible) return { ...state, visible: false, armed: false, arming: null };
      if (state.visible) return state;
      const [s, id] = token(state);
      out.push({ type: 'start-timer', timer: 'arm', token: id, ms: timings.armingMs });
      return { ...s, visible: true, armed: false, arming: id };
    }

    case 'gone': {
      const { mention } = event;
      let s = state;
      if (mention === undefined || s.shown?.mention === mention) s = close(s, out);
      if (mention !== undefined && s.pending?.mention === mention) s = { ...s, pending: null };
      return s;
    }

    case 'activate':
      if (state.shown?.ready && state.armed) out.push({ type: 'act' });
      return state;
  }
}

/** After every event: a card nobody holds starts its grace timer; a held one drops it. */
function keepGrace<M>(state: CardState<M>, timings: Timings, out: CardEffect<M>[]): CardState<M> {
  if (!state.shown) return state.closing === null ? state : { ...state, closing: null };
  const held = isHeld(state);
  if (held && state.closing !== null) return { ...state, closing: null };
  if (!held && state.closing === null) {
    const [s, id] = token(state);
    out.push({ type: 'start-timer', timer: 'close', token: id, ms: timings.closeDelayMs });
    return { ...s, closing: id };
  }
  return state;
}
