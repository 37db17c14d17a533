/**
 * The card's trust checks without a browser: keyboard intent (lib/cards/gestures.ts), hit
 * testing (lib/content/hit-test.ts) and where a press lands (components/card/guard.ts). jsdom
 * makes no trusted events and lays nothing out, so the browser's answers are stubbed here; the
 * real ones are in tests/browser/hostile-card.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostIntact, landsOn, pressPoint, visuallyIntact } from '@/components/card/guard';
import { KeyboardIntent } from '@/lib/cards/gestures';
import { elementAtPoint, insideRects, nodeAtPoint, watchPointer } from '@/lib/content/hit-test';

/** An event as the browser would hand it over (jsdom's own are never trusted). */
const fakeKey = (key: string, extra: Partial<KeyboardEvent> = {}) =>
  ({
    key,
    isTrusted: true,
    eventPhase: 0,
    defaultPrevented: false,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    ...extra,
  }) as KeyboardEvent;
const fakeFocus = (isTrusted = true) => ({ isTrusted }) as FocusEvent;

const rect = (left: number, top: number, width: number, height: number) =>
  ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top }) as DOMRect;

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('style');
});

describe('keyboard intent', () => {
  it('counts a focus right after a trusted Tab the page did not prevent', () => {
    const intent = new KeyboardIntent();
    intent.keydown(fakeKey('Tab'));
    expect(intent.isReaderFocus(fakeFocus())).toBe(true);
    intent.keydown(fakeKey('Tab', { shiftKey: true }));
    expect(intent.isReaderFocus(fakeFocus())).toBe(true);
  });

  it('never counts script focus: no Tab before it', () => {
    const intent = new KeyboardIntent();
    expect(intent.isReaderFocus(fakeFocus())).toBe(false);
    intent.keydown(fakeKey('a'));
    expect(intent.isReaderFocus(fakeFocus())).toBe(false);
    intent.keydown(fakeKey('Escape'));
    expect(intent.isReaderFocus(fakeFocus())).toBe(false);
  });

  it('ignores a Tab the page faked, prevented, or that is still being dispatched', () => {
    const intent = new KeyboardIntent();
    intent.keydown(fakeKey('Tab', { isTrusted: false }));
    expect(intent.isReaderFocus(fakeFocus())).toBe(false);
    intent.keydown(fakeKey('Tab', { defaultPrevented: true }));
    expect(intent.isReaderFocus(fakeFocus())).toBe(false);
    // The page's own keydown handler focusing our mark: the keydown is still at the target.
    intent.keydown(fakeKey('Tab', { eventPhase: 2 }));
    expect(intent.isReaderFocus(fakeFocus())).toBe(false);
    intent.keydown(fakeKey('Tab', { ctrlKey: true }));
    expect(intent.isReaderFocus(fakeFocus())).toBe(false);
  });

  it('lets only the first focus after a Tab count, and none in a later task', () => {
    vi.useFakeTimers();
    const intent = new KeyboardIntent();
    intent.keydown(fakeKey('Tab'));
    expect(intent.isReaderFocus(fakeFocus())).toBe(true);
    expect(intent.isReaderFocus(fakeFocus())).toBe(false);
    intent.keydown(fakeKey('Tab'));
    vi.advanceTimersByTime(0);
    expect(intent.isReaderFocus(fakeFocus())).toBe(false);
  });

  it('never counts a focus on an element out of the tab order as the Tab’s (a page moving focus from its blur handler)', () => {
    const intent = new KeyboardIntent();
    intent.keydown(fakeKey('Tab'));
    expect(intent.isReaderTabTo(fakeFocus(), { tabIndex: -1 })).toBe(false);
    intent.keydown(fakeKey('Tab'));
    expect(intent.isReaderTabTo(fakeFocus(), null)).toBe(false);
    intent.keydown(fakeKey('Tab'));
    expect(intent.isReaderTabTo(fakeFocus(), { tabIndex: 0 })).toBe(true);
    // Like isReaderFocus, it consumes the Tab: the page's second focus gets nothing.
    expect(intent.isReaderTabTo(fakeFocus(), { tabIndex: 0 })).toBe(false);
  });

  it('ignores an untrusted focus even right after a Tab', () => {
    const intent = new KeyboardIntent();
    intent.keydown(fakeKey('Tab'));
    expect(intent.isReaderFocus(fakeFocus(false))).toBe(false);
  });
});

describe('hit testing', () => {
  it('is inside a box only within its edges, and never inside an empty box', () => {
    const boxes = [rect(10, 10, 50, 20), rect(0, 40, 30, 20)];
    expect(insideRects(boxes, { x: 10, y: 10 })).toBe(true);
    expect(insideRects(boxes, { x: 5, y: 50 })).toBe(true);
    expect(insideRects(boxes, { x: 61, y: 15 })).toBe(false);
    expect(insideRects(boxes, { x: 40, y: 50 })).toBe(false);
    expect(insideRects([rect(0, 0, 0, 10)], { x: 0, y: 5 })).toBe(false);
  });

  /** A paragraph with one mark; the browser's caret lookup and the mark's boxes stubbed. */
  function page(at: { node: Node | null }, markBoxes = [rect(100, 100, 60, 20)]) {
    document.body.innerHTML = '<p>Said <mark id="m">Joe Biden</mark> today.</p>';
    const mark = document.getElementById('m')!;
    mark.getClientRects = () => markBoxes as unknown as DOMRectList;
    const caret = vi.fn((_x: number, _y: number, _options?: unknown) =>
      at.node ? { offsetNode: at.node, offset: 0 } : null,
    );
    Object.defineProperty(document, 'caretPositionFromPoint', { value: caret, configurable: true });
    return { mark, caret, text: mark.firstChild!, before: document.querySelector('p')!.firstChild! };
  }

  it('finds our mark under the pointer from the text node the caret lands in', () => {
    const at: { node: Node | null } = { node: null };
    const { mark, text } = page(at);
    at.node = text;
    const hit = elementAtPoint(document, { x: 120, y: 110 }, (el) => (el === mark ? 'joe-biden' : undefined));
    expect(hit).toEqual({ element: mark, value: 'joe-biden' });
  });

  it('finds nothing when the caret snaps to the mark from blank space beside it', () => {
    const at: { node: Node | null } = { node: null };
    const { mark, text } = page(at);
    at.node = text;
    expect(elementAtPoint(document, { x: 400, y: 110 }, (el) => (el === mark ? 1 : undefined))).toBeNull();
  });

  it('finds nothing over other text, or over a look-alike the page made', () => {
    const at: { node: Node | null } = { node: null };
    const { mark, before } = page(at);
    at.node = before;
    expect(elementAtPoint(document, { x: 120, y: 110 }, (el) => (el === mark ? 1 : undefined))).toBeNull();
    at.node = mark.firstChild;
    expect(elementAtPoint(document, { x: 120, y: 110 }, () => undefined)).toBeNull();
    at.node = null;
    expect(elementAtPoint(document, { x: 120, y: 110 }, () => 1)).toBeNull();
  });

  it('looks inside the page’s shadow roots that hold marks', () => {
    const at: { node: Node | null } = { node: null };
    const { caret, text } = page(at);
    at.node = text;
    const root = document.createElement('div').attachShadow({ mode: 'open' });
    nodeAtPoint(document, { x: 1, y: 2 }, [root]);
    expect(caret).toHaveBeenLastCalledWith(1, 2, { shadowRoots: [root] });
    nodeAtPoint(document, { x: 1, y: 2 });
    expect(caret).toHaveBeenLastCalledWith(1, 2);
  });

  it('falls back to caretRangeFromPoint where the standard call is missing', () => {
    document.body.innerHTML = '<p>text</p>';
    const text = document.querySelector('p')!.firstChild!;
    Object.defineProperty(document, 'caretPositionFromPoint', { value: undefined, configurable: true });
    Object.defineProperty(document, 'caretRangeFromPoint', {
      value: () => ({ startContainer: text }),
      configurable: true,
    });
    expect(nodeAtPoint(document, { x: 0, y: 0 })).toBe(text);
  });

  it('samples trusted mouse moves at most once a frame, and never touch or untrusted moves', () => {
    const frames: (() => void)[] = [];
    let handler: ((e: PointerEvent) => void) | null = null;
    // A document that hands over its listener (jsdom's own events are never trusted).
    const doc = {
      defaultView: { requestAnimationFrame: (cb: () => void) => frames.push(cb) },
      addEventListener: (_type: string, listener: (e: PointerEvent) => void) => (handler = listener),
    } as unknown as Document;
    const samples: { x: number; y: number }[] = [];
    const controller = new AbortController();
    watchPointer(doc, controller.signal, (s) => samples.push({ x: s.x, y: s.y }));
    const move = (x: number, isTrusted = true, pointerType = 'mouse') =>
      handler!({ clientX: x, clientY: 1, isTrusted, pointerType, target: null } as unknown as PointerEvent);
    move(1);
    move(2);
    move(3, false);
    move(4, true, 'touch');
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(samples).toEqual([{ x: 2, y: 1 }]);
    move(5);
    controller.abort();
    frames.shift()!();
    expect(samples).toEqual([{ x: 2, y: 1 }]);
  });
});

describe('where a press lands', () => {
  const STYLE = 'position: fixed;';
  function host() {
    const el = document.createElement('div');
    el.setAttribute('style', STYLE);
    const shadow = el.attachShadow({ mode: 'closed' });
    const button = document.createElement('button');
    button.innerHTML = '<span>Stop highlighting</span>';
    shadow.append(button);
    document.documentElement.append(el);
    button.getClientRects = () => [rect(10, 10, 100, 20)] as unknown as DOMRectList;
    return { el, shadow, button };
  }
  const click = (detail: number, x = 0, y = 0) => ({ isTrusted: true, detail, clientX: x, clientY: y }) as MouseEvent;

  it('a pointer click lands where it was; a key press on the control’s first box', () => {
    const { button, el } = host();
    expect(pressPoint(click(1, 40, 15), button)).toEqual({ x: 40, y: 15 });
    expect(pressPoint(click(0), button)).toEqual({ x: 60, y: 20 });
    button.getClientRects = () => [] as unknown as DOMRectList;
    expect(pressPoint(click(0), button)).toBeNull();
    el.remove();
  });

  it('lands on the control only when our host is on top there and the control inside it', () => {
    const { el, shadow, button } = host();
    const top = vi.fn<(x: number, y: number) => Element | null>(() => el);
    const inside = vi.fn<(x: number, y: number) => Element | null>(() => button.firstElementChild);
    Object.defineProperty(document, 'elementFromPoint', { value: top, configurable: true });
    Object.defineProperty(shadow, 'elementFromPoint', { value: inside, configurable: true });
    expect(landsOn(click(1, 40, 15), button, el, shadow, STYLE)).toBe(true);
    expect(top).toHaveBeenLastCalledWith(40, 15);
    // Something of the page's on top.
    top.mockReturnValueOnce(document.body);
    expect(landsOn(click(1, 40, 15), button, el, shadow, STYLE)).toBe(false);
    // Our host on top, but another of our elements there (the press missed the control).
    inside.mockReturnValueOnce(document.createElement('p'));
    expect(landsOn(click(1, 40, 15), button, el, shadow, STYLE)).toBe(false);
    el.remove();
  });

  it('never lands on a host the page moved, restyled or added to', () => {
    const { el, shadow, button } = host();
    Object.defineProperty(document, 'elementFromPoint', { value: () => el, configurable: true });
    Object.defineProperty(shadow, 'elementFromPoint', { value: () => button, configurable: true });
    expect(hostIntact(el, STYLE)).toBe(true);
    const label = document.createElement('label');
    document.body.append(label);
    label.append(el);
    expect(hostIntact(el, STYLE)).toBe(false);
    expect(landsOn(click(1, 40, 15), button, el, shadow, STYLE)).toBe(false);
    document.documentElement.append(el);
    el.setAttribute('style', `${STYLE} opacity: 0`);
    expect(hostIntact(el, STYLE)).toBe(false);
    el.setAttribute('style', STYLE);
    el.setAttribute('inert', '');
    expect(hostIntact(el, STYLE)).toBe(false);
    el.removeAttribute('inert');
    el.append(document.createElement('span'));
    expect(hostIntact(el, STYLE)).toBe(false);
    el.remove();
  });

  it('never lands on a host the page dimmed, filtered or transformed from an ancestor', () => {
    const { el, shadow, button } = host();
    Object.defineProperty(document, 'elementFromPoint', { value: () => el, configurable: true });
    Object.defineProperty(shadow, 'elementFromPoint', { value: () => button, configurable: true });
    expect(visuallyIntact(el)).toBe(true);
    for (const css of ['opacity: 0.01', 'filter: opacity(0.1)', 'transform: scale(3)', 'mix-blend-mode: multiply']) {
      document.documentElement.setAttribute('style', css);
      expect(visuallyIntact(el), css).toBe(false);
      expect(landsOn(click(1, 40, 15), button, el, shadow, STYLE), css).toBe(false);
    }
    document.documentElement.removeAttribute('style');
    expect(landsOn(click(1, 40, 15), button, el, shadow, STYLE)).toBe(true);
    el.remove();
  });
});
