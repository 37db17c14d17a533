/**
 * lib/content/mark-js.ts: mark.js with a text-node list instead of a live NodeIterator. It must
 * see exactly what mark.js's own iterator sees, mark exactly as upstream mark.js does, and never
 * register a NodeIterator with the page's document.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import UpstreamMark from 'mark.js';
import { ListNodeIterator, listNodes, Mark } from '@/lib/content/mark-js';

const HTML =
  '<p>Joe <em>Biden</em> met <b>Keir <i>Starmer</i></b> and<script>x</script> Lammy.</p>' +
  '<div>Storm <span>Shadow</span><style>.a{}</style> and <code>ATACMS</code></div>';

function fixture(): HTMLElement {
  const root = document.createElement('section');
  root.innerHTML = HTML;
  document.body.append(root);
  return root;
}

afterEach(() => {
  document.body.textContent = '';
  vi.restoreAllMocks();
});

/** mark.js's DOMIterator.getIteratorNode: how it steps through an iterator. */
function markJsWalk(itr: { nextNode(): Node | null; previousNode(): Node | null }): Node[] {
  const out: Node[] = [];
  for (;;) {
    const prev = itr.previousNode();
    const node = prev === null ? itr.nextNode() : itr.nextNode() && itr.nextNode();
    if (!node) return out;
    out.push(node);
  }
}

const rejectInScript = (n: Node) =>
  n.parentNode?.nodeName === 'SCRIPT' || n.parentNode?.nodeName === 'STYLE'
    ? NodeFilter.FILTER_REJECT
    : NodeFilter.FILTER_ACCEPT;

describe('listNodes and ListNodeIterator', () => {
  it('list what a NodeIterator lists, for elements, text roots and filters', () => {
    const root = fixture();
    const roots: Node[] = [root, root.firstChild!, root.querySelector('em')!.firstChild!, root.querySelector('div')!];
    for (const r of roots) {
      for (const show of [NodeFilter.SHOW_TEXT, NodeFilter.SHOW_ELEMENT, NodeFilter.SHOW_ALL]) {
        const live = document.createNodeIterator(r, show, rejectInScript);
        const expected: Node[] = [];
        for (let n = live.nextNode(); n; n = live.nextNode()) expected.push(n);
        expect(listNodes(r, show, rejectInScript)).toEqual(expected);
      }
    }
  });

  it("step like a NodeIterator under mark.js's previous/next walk", () => {
    const root = fixture();
    const live = document.createNodeIterator(root, NodeFilter.SHOW_TEXT, rejectInScript);
    const listed = new ListNodeIterator(listNodes(root, NodeFilter.SHOW_TEXT, rejectInScript));
    const walked = markJsWalk(listed);
    expect(walked).toEqual(markJsWalk(live));
    expect(walked.map((n) => n.textContent).join('')).toBe(
      'Joe Biden met Keir Starmer and Lammy.Storm Shadow and ATACMS',
    );
  });
});

describe('Mark', () => {
  it('marks ranges exactly as upstream mark.js does', () => {
    const ranges = [
      { start: 0, length: 9 },
      { start: 14, length: 12 },
      { start: 31, length: 5 },
    ];
    const ours = fixture();
    const theirs = fixture();
    const texts = (el: Element) => Array.from(el.querySelectorAll('p, div'), (b) => Array.from(b.childNodes));
    const eachOurs: string[] = [];
    const eachTheirs: string[] = [];
    new Mark(texts(ours).flat()).markRanges(ranges, {
      element: 'mark',
      className: 'x',
      each: (el) => eachOurs.push(el.textContent ?? ''),
    });
    new UpstreamMark(texts(theirs).flat() as unknown as HTMLElement[]).markRanges(ranges, {
      element: 'mark',
      className: 'x',
      each: (el) => eachTheirs.push(el.textContent ?? ''),
    });
    expect(ours.innerHTML).toBe(theirs.innerHTML);
    expect(eachOurs).toEqual(eachTheirs);
    expect(eachOurs).toEqual(['Joe ', 'Biden', 'Keir ', 'Starmer', 'Lammy']);
  });

  it('marks a list of text nodes (one given twice) exactly as upstream mark.js does', () => {
    const ours = fixture();
    const theirs = fixture();
    const textNodes = (el: Element) => {
      const nodes = listNodes(el, NodeFilter.SHOW_TEXT, rejectInScript) as Text[];
      return [...nodes, nodes[0]!];
    };
    const ranges = [
      { start: 4, length: 5 },
      { start: 19, length: 7 },
    ];
    new Mark(textNodes(ours)).markRanges(ranges, { element: 'mark' });
    new UpstreamMark(textNodes(theirs) as unknown as HTMLElement[]).markRanges(ranges, { element: 'mark' });
    expect(ours.innerHTML).toBe(theirs.innerHTML);
    expect(Array.from(ours.querySelectorAll('mark'), (m) => m.textContent)).toEqual(['Biden', 'Starmer']);
  });

  it('registers no NodeIterator with the document', () => {
    const root = fixture();
    const created = vi.spyOn(Document.prototype, 'createNodeIterator');
    new Mark(root).markRanges([{ start: 0, length: 3 }], { element: 'mark' });
    expect(root.querySelector('mark')?.textContent).toBe('Joe');
    expect(created).not.toHaveBeenCalled();
  });
});
