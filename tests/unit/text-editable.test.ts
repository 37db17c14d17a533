/**
 * Editable text is the reader's (issue 13 §1, §7; docs/adr/011-text-preservation.md): when text
 * becomes editable after marking, our marks leave it before the reader's edit lands, the page's
 * own text nodes hold their text again, the reader's selection stays on the same characters, and
 * nothing is marked there again while it stays editable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MatcherEntity } from '@/lib/messaging/protocol';
import { MUTATION_BATCH_MS, PageScanner } from '@/lib/content/scanner';

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

const TEXT = 'On Friday Joe Biden met the press, and later Joe Biden left for Delaware.';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Long enough for a batch of page changes to be rescanned. */
const settle = () => sleep(MUTATION_BATCH_MS * 2 + 100);
/** The MutationObserver's delivery (a microtask). */
const delivered = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

let scanner: PageScanner | null = null;
afterEach(() => {
  scanner?.stop();
  scanner = null;
  document.body.textContent = '';
  document.body.removeAttribute('contenteditable');
  (document as { designMode: string }).designMode = 'off';
});

async function marked() {
  document.body.innerHTML = `<article><p id="p">${TEXT}</p><p id="q">${TEXT}</p></article>`;
  const article = document.querySelector('article')!;
  const p = document.querySelector('#p')!;
  const pageNode = p.firstChild as Text;
  scanner = new PageScanner({ doc: document, entities: ENTITIES });
  await scanner.start([article]);
  expect(p.querySelectorAll('mark')).toHaveLength(2);
  return { article, p, pageNode };
}

describe('text made editable after marking', () => {
  it('loses our marks at once, the page’s node holding its text again, and is not marked again', async () => {
    const { p, pageNode } = await marked();
    p.setAttribute('contenteditable', 'true');
    await delivered();
    expect(p.querySelectorAll('mark')).toHaveLength(0);
    expect(Array.from(p.childNodes)).toEqual([pageNode]);
    expect(pageNode.data).toBe(TEXT);
    await settle();
    expect(p.querySelectorAll('mark')).toHaveLength(0);
    // The paragraph next to it is not editable: its marks stay.
    expect(document.querySelectorAll('#q mark')).toHaveLength(2);
  });

  it('loses our marks when an ancestor of the article becomes editable, and no rescan marks it again', async () => {
    const { article } = await marked();
    document.body.setAttribute('contenteditable', '');
    await delivered();
    expect(article.querySelectorAll('mark')).toHaveLength(0);
    expect(article.textContent).toBe(TEXT + TEXT);
    // A change inside (the reader typing) makes the block dirty: still nothing marked.
    (document.querySelector('#q')!.firstChild as Text).appendData(' Joe Biden again.');
    await settle();
    expect(article.querySelectorAll('mark')).toHaveLength(0);
  });

  it('keeps the reader’s selection on the same characters', async () => {
    const { p } = await marked();
    const marks = p.querySelectorAll('mark');
    const selection = document.getSelection()!;
    // From inside the first mark ("Biden") to inside the second ("Joe").
    selection.setBaseAndExtent(marks[0]!.firstChild!, 4, marks[1]!.firstChild!, 3);
    const selected = selection.toString();
    expect(selected).toBe('Biden met the press, and later Joe');
    p.setAttribute('contenteditable', 'true');
    await delivered();
    expect(p.querySelectorAll('mark')).toHaveLength(0);
    expect(selection.toString()).toBe(selected);
  });

  it('keeps what a script wrote into our copy when it becomes editable', async () => {
    const { p, pageNode } = await marked();
    // A hyphenation script edits the text nodes it sees (our copy's pieces).
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null)
      n.data = n.data.replace('Delaware', 'Dela\u00adware');
    await delivered();
    p.setAttribute('contenteditable', 'true');
    await delivered();
    expect(p.querySelectorAll('mark')).toHaveLength(0);
    expect(p.textContent).toBe(TEXT.replace('Delaware', 'Dela\u00adware'));
    // The text that stands for the page's node is back in it.
    expect(pageNode.data).toBe(p.textContent);
  });
});

describe('design mode', () => {
  it('takes every mark down before the reader’s first key press, and marks nothing while on', async () => {
    const { article } = await marked();
    (document as { designMode: string }).designMode = 'on';
    // No event says so: the first key press (capture phase, before its edit) does.
    document.querySelector('#p')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true }));
    expect(article.querySelectorAll('mark')).toHaveLength(0);
    expect(article.textContent).toBe(TEXT + TEXT);
    (document.querySelector('#q')!.firstChild as Text).appendData(' Joe Biden again.');
    await settle();
    expect(article.querySelectorAll('mark')).toHaveLength(0);
  });

  it('marks again once the document leaves design mode', async () => {
    const { article } = await marked();
    (document as { designMode: string }).designMode = 'on';
    document.dispatchEvent(new Event('selectionchange'));
    expect(article.querySelectorAll('mark')).toHaveLength(0);
    (document as { designMode: string }).designMode = 'off';
    document.dispatchEvent(new Event('selectionchange'));
    await settle();
    expect(article.querySelectorAll('mark')).toHaveLength(4);
    expect(article.textContent).toBe(TEXT + TEXT);
  });
});

describe('focus moving into an editing host the page made without an attribute change we saw', () => {
  it('takes the host’s marks down on focus', async () => {
    const { p } = await marked();
    // Editable without an attribute (CSS -webkit-user-modify, say): jsdom has no
    // isContentEditable, so the test says it for the paragraph.
    Object.defineProperty(p, 'isContentEditable', { value: true, configurable: true });
    p.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(p.querySelectorAll('mark')).toHaveLength(0);
    expect(p.textContent).toBe(TEXT);
    // The reader types a name there: no rescan marks it again.
    (p.firstChild as Text).appendData(' Joe Biden again.');
    await settle();
    expect(p.querySelectorAll('mark')).toHaveLength(0);
    expect(document.querySelectorAll('#q mark')).toHaveLength(2);
  });
});
