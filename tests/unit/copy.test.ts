/**
 * Copying marked text yields the page's own markup (issue 13 §7; lib/content/copy.ts): the
 * clipboard gets the selection's markup with our marks unwrapped, found by identity (a page's
 * look-alike mark with our class and attributes is the page's and is copied as it is), and its
 * plain text; a copy the page handled itself, or one without our marks, is left alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MatcherEntity } from '@/lib/messaging/protocol';
import { PageScanner } from '@/lib/content/scanner';
import { MARK_CLASS } from '@/lib/content/marks';

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

let scanner: PageScanner | null = null;
afterEach(() => {
  scanner?.stop();
  scanner = null;
  document.body.textContent = '';
});

/** A copy event as the browser fires it, with a clipboard that records what is set. */
function copyEvent(): { event: Event; data: Map<string, string> } {
  const data = new Map<string, string>();
  const event = new Event('copy', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', {
    value: { setData: (type: string, value: string) => data.set(type, value) },
  });
  return { event, data };
}

async function marked(): Promise<HTMLElement> {
  document.body.innerHTML =
    '<article><p id="p">Yesterday <b>Joe Biden</b> met the press, and later Joe Biden left. ' +
    `A page's own <mark class="${MARK_CLASS}" data-entity="x">look-alike</mark> stays.</p></article>`;
  const article = document.querySelector('article')!;
  scanner = new PageScanner({ doc: document, entities: ENTITIES });
  await scanner.start([article]);
  return document.querySelector<HTMLElement>('#p')!;
}

function selectAll(el: Element): void {
  document.getSelection()!.selectAllChildren(el);
}

describe('copying a selection that holds our marks', () => {
  it('puts the page’s own markup on the clipboard, with no mark or attribute of ours', async () => {
    const p = await marked();
    expect(p.querySelectorAll('mark[data-mention]')).toHaveLength(2);
    selectAll(p);
    const { event, data } = copyEvent();
    p.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    const html = data.get('text/html')!;
    expect(html).toBe(
      "Yesterday <b>Joe Biden</b> met the press, and later Joe Biden left. A page's own " +
        `<mark class="${MARK_CLASS}" data-entity="x">look-alike</mark> stays.`,
    );
    expect(html).not.toContain('data-mention');
    expect(data.get('text/plain')).toBe(p.textContent);
    // The page itself is as it was: our marks are still there.
    expect(p.querySelectorAll('mark[data-mention]')).toHaveLength(2);
  });

  it('cuts the ends of a selection that starts and ends inside our marks', async () => {
    const p = await marked();
    const marks = p.querySelectorAll('mark[data-mention]');
    document.getSelection()!.setBaseAndExtent(marks[0]!.firstChild!, 4, marks[1]!.firstChild!, 3);
    const { event, data } = copyEvent();
    p.dispatchEvent(event);
    expect(data.get('text/html')).toBe('<b>Biden</b> met the press, and later Joe');
    expect(data.get('text/plain')).toBe('Biden met the press, and later Joe');
  });
});

describe('copies we leave alone', () => {
  it('a copy the page handled itself', async () => {
    const p = await marked();
    selectAll(p);
    p.addEventListener('copy', (e) => e.preventDefault(), { once: true });
    const { event, data } = copyEvent();
    p.dispatchEvent(event);
    expect(data.size).toBe(0);
  });

  it('a selection without our marks (the page’s look-alike is not ours)', async () => {
    const p = await marked();
    const lookAlike = p.querySelector(`mark[data-entity="x"]`)!;
    selectAll(lookAlike);
    const { event, data } = copyEvent();
    p.dispatchEvent(event);
    expect(data.size).toBe(0);
    expect(event.defaultPrevented).toBe(false);
  });
});
