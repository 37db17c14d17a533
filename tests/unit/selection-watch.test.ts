/**
 * The selection is asked about only when it may exist (lib/content/selection.ts): in Chromium
 * every read of a Selection's state lays the page out, so asking before each of our DOM changes
 * cost a whole-page layout per change. Once read empty, a watched document is not asked again
 * until an event says the selection may have changed; one not watched is asked every time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SelectionWatch } from '@/lib/content/selection';

const isOwn = () => false;

describe('SelectionWatch', () => {
  let text: Text;
  let asked: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    document.body.innerHTML = '<p>Joe Biden met the press.</p>';
    text = document.querySelector('p')!.firstChild as Text;
    document.getSelection()!.removeAllRanges();
    asked = vi.spyOn(document, 'getSelection');
  });
  afterEach(() => {
    asked.mockRestore();
  });

  it('asks a watched document once while it holds no selection', () => {
    const watch = new SelectionWatch(document);
    const control = new AbortController();
    watch.watch(control.signal);
    for (let i = 0; i < 5; i++) expect(watch.keeper(isOwn)).toBeNull();
    expect(asked).toHaveBeenCalledTimes(1);
    control.abort();
  });

  it.each(['selectionchange', 'selectstart', 'pointerdown', 'keydown', 'focusin'])(
    'asks again after %s, and keeps the selection it finds',
    (type) => {
      const watch = new SelectionWatch(document);
      const control = new AbortController();
      watch.watch(control.signal);
      expect(watch.keeper(isOwn)).toBeNull();
      document.getSelection()!.setBaseAndExtent(text, 4, text, 9);
      document.dispatchEvent(new Event(type));
      expect(watch.keeper(isOwn)).not.toBeNull();
      // While a selection exists, every change asks: the reader may move it at any time.
      expect(watch.keeper(isOwn)).not.toBeNull();
      expect(asked.mock.calls.length).toBeGreaterThanOrEqual(3);
      control.abort();
    },
  );

  it('asks every time when not watched, or no longer watched', () => {
    const unwatched = new SelectionWatch(document);
    unwatched.keeper(isOwn);
    unwatched.keeper(isOwn);
    expect(asked).toHaveBeenCalledTimes(2);

    const watch = new SelectionWatch(document);
    const control = new AbortController();
    watch.watch(control.signal);
    watch.keeper(isOwn);
    control.abort();
    // No listener any more: a selection made now would go unseen, so the document is asked.
    document.getSelection()!.setBaseAndExtent(text, 0, text, 3);
    expect(watch.keeper(isOwn)).not.toBeNull();
  });
});

describe('marking a page', () => {
  it('asks the selection once per write slice, not before each change', async () => {
    const { PageScanner } = await import('@/lib/content/scanner');
    document.body.innerHTML = `<article>${Array.from(
      { length: 60 },
      (_, i) => `<p>Paragraph ${i}: Joe Biden spoke, and Joe Biden left for Delaware the same day.</p>`,
    ).join('')}</article>`;
    document.getSelection()!.removeAllRanges();
    // One write slice (the clock stands still): the selection is asked once for it, not per group.
    const clock = vi.spyOn(performance, 'now').mockReturnValue(0);
    const asked = vi.spyOn(document, 'getSelection');
    const scanner = new PageScanner({
      doc: document,
      entities: [
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
      ],
    });
    await scanner.start([document.querySelector('article')!]);
    expect(document.querySelectorAll('mark').length).toBeGreaterThanOrEqual(120);
    expect(asked).toHaveBeenCalledTimes(1);
    scanner.stop();
    asked.mockRestore();
    clock.mockRestore();
  });
});
