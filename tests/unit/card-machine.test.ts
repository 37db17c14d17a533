/** The card's state machine (lib/cards/machine.ts), path by path, without a browser. */
import { describe, expect, it } from 'vitest';
import {
  initialCardState,
  isHeld,
  transition,
  type CardEffect,
  type CardEvent,
  type CardState,
  type Timings,
} from '@/lib/cards/machine';

const timings: Timings = { openDelayMs: 300, closeDelayMs: 300, armingMs: 500 };

/** Feeds events in order; keeps the state and every effect, and fires timers on request. */
class Run {
  state: CardState<string> = initialCardState<string>();
  effects: CardEffect<string>[] = [];
  last: CardEffect<string>[] = [];

  send(...events: CardEvent<string>[]): this {
    for (const event of events) {
      const { state, effects } = transition(this.state, event, timings);
      this.state = state;
      this.last = effects;
      this.effects.push(...effects);
    }
    return this;
  }

  /** The token of the latest timer of this kind that was started. */
  timer(kind: 'open' | 'close' | 'arm'): number {
    const started = this.effects.filter(
      (e): e is Extract<CardEffect<string>, { type: 'start-timer' }> => e.type === 'start-timer' && e.timer === kind,
    );
    const last = started.at(-1);
    if (!last) throw new Error(`no ${kind} timer started`);
    return last.token;
  }

  fire(kind: 'open' | 'close' | 'arm', token = this.timer(kind)): this {
    return this.send({ type: 'timer', timer: kind, token });
  }

  /** The token of the latest card opened. */
  opened(): number {
    const open = this.effects
      .filter((e): e is Extract<CardEffect<string>, { type: 'open' }> => e.type === 'open')
      .at(-1);
    if (!open) throw new Error('no card opened');
    return open.token;
  }

  /** Renders the latest card and reports it visible. */
  ready(): this {
    const token = this.opened();
    return this.send({ type: 'ready', token }, { type: 'visible', token, visible: true });
  }

  types(effects = this.last): string[] {
    return effects.map((e) => e.type);
  }
}

const pointer = (mention: string | null, inCard = false): CardEvent<string> => ({ type: 'pointer', mention, inCard });
const keyboardFocus = (mention: string): CardEvent<string> => ({
  type: 'focus',
  mention,
  inCard: false,
  keyboard: true,
});
const scriptFocus = (mention: string): CardEvent<string> => ({
  type: 'focus',
  mention,
  inCard: false,
  keyboard: false,
});

describe('hover', () => {
  it('opens after the open delay when the pointer still rests on the mention', () => {
    const run = new Run().send(pointer('a'));
    expect(run.last).toEqual([{ type: 'start-timer', timer: 'open', token: expect.any(Number), ms: 300 }]);
    run.fire('open');
    expect(run.last).toEqual([
      { type: 'open', mention: 'a', opener: 'hover', token: expect.any(Number), focusCard: false },
    ]);
    expect(run.state.shown).toMatchObject({ mention: 'a', opener: 'hover', ready: false });
  });

  it('opens nothing when the pointer merely passes over the mention', () => {
    const run = new Run().send(pointer('a'), pointer(null)).fire('open');
    expect(run.effects.some((e) => e.type === 'open')).toBe(false);
    expect(run.state.pending).toBeNull();
  });

  it('drops a stale open timer: the pointer left and came back, only the newer timer opens', () => {
    const run = new Run().send(pointer('a'));
    const first = run.timer('open');
    run.send(pointer(null), pointer('a'));
    run.fire('open', first);
    expect(run.types()).toEqual([]);
    expect(run.state.shown).toBeNull();
    run.fire('open');
    expect(run.types()).toEqual(['open']);
  });

  it('does not restart the open delay while the pointer moves within the same mention', () => {
    const run = new Run().send(pointer('a'));
    run.send(pointer('a'));
    expect(run.types()).toEqual([]);
  });

  it('moving onto another mention opens that one, closing the first', () => {
    const run = new Run().send(pointer('a')).fire('open').ready();
    run.send(pointer('b'));
    expect(run.types()).toEqual(['start-timer', 'start-timer']);
    run.fire('open');
    expect(run.last).toEqual([
      { type: 'close', mention: 'a', returnFocus: false },
      { type: 'open', mention: 'b', opener: 'hover', token: expect.any(Number), focusCard: false },
    ]);
  });
});

describe('grace period', () => {
  it('closes after the grace period once the pointer leaves mention and card', () => {
    const run = new Run().send(pointer('a')).fire('open').ready();
    run.send(pointer(null));
    expect(run.last).toEqual([{ type: 'start-timer', timer: 'close', token: expect.any(Number), ms: 300 }]);
    run.fire('close');
    expect(run.last).toEqual([{ type: 'close', mention: 'a', returnFocus: false }]);
    expect(run.state.shown).toBeNull();
  });

  it('stays when the pointer leaves the mention into the card (the close timer arrives stale)', () => {
    const run = new Run().send(pointer('a')).fire('open').ready();
    run.send(pointer(null));
    const grace = run.timer('close');
    run.send(pointer(null, true));
    expect(run.state.closing).toBeNull();
    run.fire('close', grace);
    expect(run.types()).toEqual([]);
    expect(run.state.shown?.mention).toBe('a');
  });

  it('stays while keyboard focus is in the card, whatever the pointer does', () => {
    const run = new Run().send(keyboardFocus('a')).ready();
    run.send({ type: 'focus', mention: null, inCard: true, keyboard: true }, pointer('z'), pointer(null));
    expect(isHeld(run.state)).toBe(true);
    expect(run.effects.some((e) => e.type === 'start-timer' && e.timer === 'close')).toBe(false);
  });

  it('closes a keyboard card after the grace period once focus leaves mention and card', () => {
    const run = new Run().send(keyboardFocus('a')).ready();
    run.send({ type: 'focus', mention: null, inCard: false, keyboard: true });
    run.fire('close');
    expect(run.last).toEqual([{ type: 'close', mention: 'a', returnFocus: false }]);
  });
});

describe('focus', () => {
  it('opens nothing on a focus that script caused (mark.focus() from the page)', () => {
    const run = new Run().send(scriptFocus('a'));
    expect(run.effects).toEqual([]);
    expect(run.state.shown).toBeNull();
    expect(run.state.focus).toEqual({ mention: null, inCard: false });
  });

  it('opens at once on focus the reader moved with Tab', () => {
    const run = new Run().send(keyboardFocus('a'));
    expect(run.last).toEqual([
      { type: 'open', mention: 'a', opener: 'keyboard', token: expect.any(Number), focusCard: false },
    ]);
  });

  it('does not count a script focus as holding a hover card open', () => {
    const run = new Run().send(pointer('a')).fire('open').ready();
    run.send(scriptFocus('a'), pointer(null));
    run.fire('close');
    expect(run.types()).toEqual(['close']);
  });

  it('Enter on the focused mention moves focus into its card', () => {
    const run = new Run().send(keyboardFocus('a'));
    run.send({ type: 'enter', mention: 'a' });
    expect(run.types()).toEqual([]);
    run.ready().send({ type: 'enter', mention: 'a' });
    expect(run.types()).toEqual(['consume', 'focus-card']);
    run.send({ type: 'enter', mention: 'b' });
    expect(run.types()).toEqual([]);
  });
});

describe('Escape', () => {
  it('closes a hover card without returning focus, and it stays closed under the resting pointer', () => {
    const run = new Run().send(pointer('a')).fire('open').ready();
    run.send({ type: 'escape' });
    expect(run.last).toEqual([{ type: 'consume' }, { type: 'close', mention: 'a', returnFocus: false }]);
    // The pointer still rests on the mention and keeps moving over it: nothing reopens.
    run.send(pointer('a'), pointer('a'));
    expect(run.effects.filter((e) => e.type === 'start-timer' && e.timer === 'open')).toHaveLength(1);
    expect(run.state.pending).toBeNull();
    // Leaving and coming back is a new hover.
    run.send(pointer(null), pointer('a')).fire('open');
    expect(run.types()).toEqual(['open']);
  });

  it('closes a keyboard card, returns focus to the mention, and that focus reopens nothing', () => {
    const run = new Run().send(keyboardFocus('a')).ready();
    run.send({ type: 'escape' });
    expect(run.last).toEqual([{ type: 'consume' }, { type: 'close', mention: 'a', returnFocus: true }]);
    // The glue focuses the mark: a focus no Tab caused.
    run.send(scriptFocus('a'));
    expect(run.types()).toEqual([]);
    expect(run.state.shown).toBeNull();
  });

  it('returns focus to the mention when the reader was inside a hover card', () => {
    const run = new Run().send(pointer('a')).fire('open').ready();
    run.send({ type: 'focus', mention: null, inCard: true, keyboard: false }, { type: 'escape' });
    expect(run.last).toEqual([{ type: 'consume' }, { type: 'close', mention: 'a', returnFocus: true }]);
  });

  it('leaves the key to the page when no card is open', () => {
    expect(new Run().send({ type: 'escape' }).effects).toEqual([]);
  });

  it('calls off a card about to open without taking the key from the page', () => {
    const run = new Run().send(pointer('a'), { type: 'escape' });
    expect(run.types()).toEqual([]);
    run.fire('open');
    expect(run.state.shown).toBeNull();
  });

  it('a Tab back to the dismissed mention opens it again', () => {
    const run = new Run().send(pointer('a')).fire('open').ready().send({ type: 'escape' }, keyboardFocus('a'));
    expect(run.types()).toEqual(['open']);
  });
});

describe('requests, presses and taps', () => {
  it('opens at once on our own request, into the card when asked, and Escape returns focus', () => {
    const run = new Run().send({ type: 'request', mention: 'a', focusCard: true });
    expect(run.last).toEqual([
      { type: 'open', mention: 'a', opener: 'request', token: expect.any(Number), focusCard: true },
    ]);
    run.ready().send({ type: 'escape' });
    expect(run.last).toContainEqual({ type: 'close', mention: 'a', returnFocus: true });
  });

  it('a mouse press outside the card and its mention closes it; inside or on the mention does not', () => {
    const run = new Run().send(keyboardFocus('a')).ready();
    run.send({ type: 'press', mention: null, inCard: true }, { type: 'press', mention: 'a', inCard: false });
    expect(run.state.shown).not.toBeNull();
    run.send({ type: 'press', mention: null, inCard: false });
    expect(run.types()).toEqual(['close']);
  });

  it('a tap opens the mention’s card at once and takes the tap from the page', () => {
    const run = new Run().send({ type: 'tap', mention: 'a' });
    expect(run.last).toEqual([
      { type: 'consume' },
      { type: 'open', mention: 'a', opener: 'tap', token: expect.any(Number), focusCard: false },
    ]);
  });

  it('a tap-opened card stays without a pointer or focus on it', () => {
    const run = new Run().send({ type: 'tap', mention: 'a' }).ready();
    expect(isHeld(run.state)).toBe(true);
    expect(run.effects.some((e) => e.type === 'start-timer' && e.timer === 'close')).toBe(false);
  });

  it('a second tap on the same mention closes it (and is ours); a tap elsewhere closes it (and is the page’s)', () => {
    const run = new Run().send({ type: 'tap', mention: 'a' }).ready().send({ type: 'tap', mention: 'a' });
    expect(run.types()).toEqual(['consume', 'close']);
    run.send({ type: 'tap', mention: 'a' }).ready().send({ type: 'tap', mention: null });
    expect(run.types()).toEqual(['close']);
  });

  it('a tap on another mention switches cards', () => {
    const run = new Run().send({ type: 'tap', mention: 'a' }).ready().send({ type: 'tap', mention: 'b' });
    expect(run.types()).toEqual(['consume', 'close', 'open']);
  });

  it('a tap elsewhere with no card is left to the page', () => {
    expect(new Run().send({ type: 'tap', mention: null }).effects).toEqual([]);
  });
});

describe('arming', () => {
  const opened = () => new Run().send(keyboardFocus('a'));

  it('refuses actions until the card has been visible for the arming delay', () => {
    const run = opened();
    run.send({ type: 'activate' });
    expect(run.types()).toEqual([]);
    const token = run.opened();
    run.send({ type: 'ready', token });
    run.send({ type: 'activate' });
    expect(run.types()).toEqual([]);
    run.send({ type: 'visible', token, visible: true });
    expect(run.last).toEqual([{ type: 'start-timer', timer: 'arm', token: expect.any(Number), ms: 500 }]);
    run.send({ type: 'activate' });
    expect(run.types()).toEqual([]);
    run.fire('arm').send({ type: 'activate' });
    expect(run.types()).toEqual(['act']);
  });

  it('disarms when the card stops being visible, and the old arming timer arrives stale', () => {
    const run = opened();
    const token = run.opened();
    run.send({ type: 'ready', token }, { type: 'visible', token, visible: true });
    const first = run.timer('arm');
    run.send({ type: 'visible', token, visible: false }, { type: 'visible', token, visible: true });
    run.fire('arm', first).send({ type: 'activate' });
    expect(run.types()).toEqual([]);
    run.fire('arm').send({ type: 'activate' });
    expect(run.types()).toEqual(['act']);
    run.send({ type: 'visible', token, visible: false }, { type: 'activate' });
    expect(run.types()).toEqual([]);
  });

  it('ignores visibility reports of a card no longer shown', () => {
    const run = opened();
    const old = run.opened();
    run.send({ type: 'ready', token: old }, { type: 'escape' }, keyboardFocus('b'));
    run.send({ type: 'visible', token: old, visible: true });
    expect(run.types()).toEqual([]);
    expect(run.state.visible).toBe(false);
  });

  it('starts disarmed for every new card', () => {
    const run = opened().ready().fire('arm');
    expect(run.state.armed).toBe(true);
    run.send(keyboardFocus('b'));
    expect(run.state.armed).toBe(false);
    run.send({ type: 'activate' });
    expect(run.types()).toEqual([]);
  });
});

describe('loading and marks leaving', () => {
  it('a card with no data closes quietly, and a stale failure changes nothing', () => {
    const run = new Run().send(keyboardFocus('a'));
    const token = run.opened();
    run.send(keyboardFocus('b'), { type: 'failed', token });
    expect(run.state.shown?.mention).toBe('b');
    run.send({ type: 'failed', token: run.opened() });
    expect(run.state.shown).toBeNull();
  });

  it('closes when its mention’s marks leave the page, or when its host is tampered with', () => {
    const run = new Run().send(keyboardFocus('a')).ready().send({ type: 'gone', mention: 'z' });
    expect(run.types()).toEqual([]);
    run.send({ type: 'gone', mention: 'a' });
    expect(run.types()).toEqual(['close']);
    run.send(keyboardFocus('b')).ready().send({ type: 'gone' });
    expect(run.types()).toEqual(['close']);
  });

  it('drops a pending hover whose mention left the page', () => {
    const run = new Run().send(pointer('a'), { type: 'gone', mention: 'a' }).fire('open');
    expect(run.state.shown).toBeNull();
  });
});
