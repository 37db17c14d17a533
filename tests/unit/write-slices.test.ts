/**
 * How the scanner writes its marks (lib/content/schedule.ts, lib/content/viewport.ts, ADR 021):
 * all links decided first, then marks written in short slices with a timer between them (the
 * browser lays out each slice's changes in a frame of its own, and the page's due timers run
 * first), the blocks on screen first.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MatcherEntity } from '@/lib/messaging/protocol';
import { PageScanner } from '@/lib/content/scanner';
import { FrameMeter, LONG_TASK_MS, WRITE_SLICE_MS, writeSliceMs } from '@/lib/content/schedule';
import { markingOrder, VIEWPORT_ORDER_MIN_CHUNKS } from '@/lib/content/viewport';
import { collectChunks } from '@/lib/content/scope';
import { SelectionWatch } from '@/lib/content/selection';

const ENTITIES: MatcherEntity[] = [
  {
    id: 'joe-biden',
    kind: 'person',
    name: 'Joe Biden',
    aliasDetails: [{ text: 'Joe Biden', ambiguous: null }],
    titles: [],
    topics: [],
    excludes: [],
    relatedIds: [],
  },
];

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('write slices', () => {
  it('writes marks in slices of about WRITE_SLICE_MS, each followed by a timer, never all at once', async () => {
    const paragraphs = 300;
    document.body.innerHTML = `<article>${Array.from(
      { length: paragraphs },
      (_, i) => `<p>Paragraph ${i}: Joe Biden spoke, and later Joe Biden left for Delaware.</p>`,
    ).join('')}</article>`;
    // A clock that moves a little with every reading: each step of work takes time.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (now += 0.05));
    // Reading yields through the scheduler (stubbed: at once); writing yields through a timer.
    vi.stubGlobal('scheduler', { postTask: (callback: () => void) => Promise.resolve(callback()) });
    const marksAtEachWriteYield: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((handler: () => void, ms?: number) => {
      if (!ms) marksAtEachWriteYield.push(document.querySelectorAll('mark').length);
      return realSetTimeout(handler, ms);
    }) as typeof setTimeout);

    const rechecks = vi.spyOn(SelectionWatch.prototype, 'recheck');
    const scanner = new PageScanner({ doc: document, entities: ENTITIES });
    await scanner.start([document.querySelector('article')!]);
    const total = document.querySelectorAll('mark').length;
    // The selection is asked anew before every write slice: no event can be trusted to say it changed.
    expect(rechecks.mock.calls.length).toBeGreaterThan(marksAtEachWriteYield.length);
    expect(total).toBe(paragraphs * 2);
    // Many write slices, none writing more than a slice's worth of marks.
    expect(marksAtEachWriteYield.length).toBeGreaterThan(5);
    const perSlice = [...marksAtEachWriteYield, total].map((n, i, all) => n - (all[i - 1] ?? 0));
    expect(Math.max(...perSlice)).toBeLessThan(total / 4);
    expect(WRITE_SLICE_MS).toBeLessThanOrEqual(4);
    scanner.stop();
  });
});

describe('marking order', () => {
  /** A page of `n` paragraphs 100 px tall each, scrolled so that the screen starts at `scroll`. */
  function chunksAt(n: number, scroll: number) {
    document.body.innerHTML = `<article>${Array.from({ length: n }, (_, i) => `<p>Block ${i} text.</p>`).join('')}</article>`;
    const paragraphs = [...document.querySelectorAll('p')];
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const i = paragraphs.indexOf(this as HTMLParagraphElement);
      const top = i * 100 - scroll;
      return { top, bottom: top + 100, left: 0, right: 500, width: 500, height: 100, x: 0, y: top } as DOMRect;
    });
    vi.stubGlobal('innerHeight', 800);
    return collectChunks(document.querySelector('article')!);
  }

  it('puts the blocks on screen first, then those below, then those above', () => {
    const chunks = chunksAt(100, 5_000);
    const order = markingOrder(chunks);
    expect(order.slice(0, 8)).toEqual([50, 51, 52, 53, 54, 55, 56, 57]);
    expect(order.slice(8, 10)).toEqual([58, 59]);
    expect(order.slice(-50)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...order].sort((a, b) => a - b)).toEqual(chunks.map((_, i) => i));
  });

  it('keeps document order at the top of the page, and for a short pass without reading a box', () => {
    expect(markingOrder(chunksAt(100, 0))).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const short = chunksAt(VIEWPORT_ORDER_MIN_CHUNKS - 1, 5_000);
    const read = vi.mocked(Element.prototype.getBoundingClientRect);
    read.mockClear();
    expect(markingOrder(short)).toEqual(short.map((_, i) => i));
    expect(read).not.toHaveBeenCalled();
  });
});

describe('write slices follow the cost of the frames', () => {
  it('stay short while frames are cheap, and grow (up to the long-task line) where each frame is already long', () => {
    expect(writeSliceMs(0)).toBe(WRITE_SLICE_MS);
    expect(writeSliceMs(30)).toBe(WRITE_SLICE_MS);
    expect(writeSliceMs(LONG_TASK_MS)).toBe(WRITE_SLICE_MS);
    expect(writeSliceMs(80)).toBe(40);
    expect(writeSliceMs(400)).toBe(LONG_TASK_MS);
  });

  it('measure a frame from its animation-frame callback to the first task after it', async () => {
    const callbacks: FrameRequestCallback[] = [];
    const win = {
      requestAnimationFrame: (cb: FrameRequestCallback) => callbacks.push(cb),
      cancelAnimationFrame: vi.fn(),
    } as unknown as Window;
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const meter = new FrameMeter(win);
    meter.start();
    expect(callbacks).toHaveLength(1);
    // The frame: our callback, then 120 ms of style, layout and paint before the next task.
    callbacks.shift()!(0);
    now = 120;
    await vi.waitFor(() => expect(meter.last).toBe(120));
    meter.stop();
    expect(win.cancelAnimationFrame).toHaveBeenCalled();
  });
});

describe('text the page moved after we read it', () => {
  it('is not marked where it landed (an opted-out section, a form field)', async () => {
    document.body.innerHTML = `<article>${Array.from(
      { length: 40 },
      (_, i) => `<p id="p${i}">Paragraph ${i}: Joe Biden spoke, and later Joe Biden left for Delaware.</p>`,
    ).join('')}</article><div id="off" data-fact-context="off"></div><textarea id="field"></textarea>`;
    let moved = false;
    const scanner = new PageScanner({
      doc: document,
      entities: ENTITIES,
      // Right before our first mark: every link is decided, the page moves text it still holds.
      beforeMark: () => {
        if (moved) return;
        moved = true;
        document.getElementById('off')!.append(document.getElementById('p30')!.firstChild!);
        document.getElementById('field')!.append(document.getElementById('p31')!.firstChild!);
      },
    });
    const field = document.getElementById('field') as HTMLTextAreaElement;
    await scanner.start([document.querySelector('article')!]);
    expect(document.querySelectorAll('#off mark, #field mark')).toHaveLength(0);
    expect(field.value).toBe('Paragraph 31: Joe Biden spoke, and later Joe Biden left for Delaware.');
    expect(document.querySelectorAll('#p0 mark')).toHaveLength(2);
    scanner.stop();
  });
});
