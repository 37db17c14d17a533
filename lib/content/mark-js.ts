/**
 * mark.js with one part replaced: how it lists a context's text nodes.
 *
 * mark.js walks each context with `document.createNodeIterator`. A NodeIterator stays registered
 * with its document until garbage collection, and every node removal (mark.js makes one per mark)
 * visits every registered iterator. Thousands of `markRanges` calls on a long article therefore
 * made each mark slower than the one before (measured in Chromium: 6,000 wraps took 0.1 s with no
 * live iterators, 0.9 s with 7,000). This version lists the same nodes with a TreeWalker, which
 * the document does not track, and replays NodeIterator's cursor over that list: mark.js sees the
 * same nodes in the same order and wraps them itself, as before.
 */
import DOMIterator from 'mark.js/src/lib/domiterator';
import MarkJs from 'mark.js/src/lib/mark';

/** A NodeIterator's cursor over a fixed list: `nextNode` returns the node after it, `previousNode` the one before. */
export class ListNodeIterator {
  private at = 0;
  constructor(private readonly nodes: readonly Node[]) {}

  nextNode(): Node | null {
    return this.at < this.nodes.length ? this.nodes[this.at++]! : null;
  }

  previousNode(): Node | null {
    return this.at > 0 ? this.nodes[--this.at]! : null;
  }
}

/** The nodes a NodeIterator over `root` would return, filter included (its FILTER_REJECT skips only the node). */
export function listNodes(root: Node, whatToShow: number, filter: (node: Node) => number): Node[] {
  const shows = (node: Node) => (whatToShow >> (node.nodeType - 1)) & 1;
  const nodes: Node[] = [];
  const doc = root.ownerDocument ?? (root as Document);
  // A TreeWalker never returns its root; a NodeIterator does.
  if (shows(root) && filter(root) === NodeFilter.FILTER_ACCEPT) nodes.push(root);
  // A text node has nothing below it: no walker needed (the highlighter passes thousands).
  if (root.nodeType === Node.TEXT_NODE) return nodes;
  const walker = doc.createTreeWalker(root, whatToShow);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (filter(n) === NodeFilter.FILTER_ACCEPT) nodes.push(n);
  return nodes;
}

class ListDomIterator extends DOMIterator {
  override createIterator(ctx: Node, whatToShow: number, filter: (node: Node) => number): ListNodeIterator {
    return new ListNodeIterator(listNodes(ctx, whatToShow, filter));
  }

  /**
   * mark.js drops contexts inside other contexts by testing every pair (quadratic in the
   * hundreds of text nodes a call may get). Text nodes contain no other node: for a list of
   * them only duplicates need dropping.
   */
  override getContexts(): Node[] {
    const ctx = this.ctx;
    if (Array.isArray(ctx) && ctx.every((n: Node) => n.nodeType === Node.TEXT_NODE)) return [...new Set<Node>(ctx)];
    return super.getContexts();
  }
}

/** Told about each wrap: the text node split, the mark made from it, the text node split off after it. */
export type OnWrap = (node: Text, mark: HTMLElement, tail: Text) => void;

export class Mark extends MarkJs {
  constructor(
    ctx: Node | readonly Node[],
    private readonly onWrap?: OnWrap,
  ) {
    super(ctx);
  }

  protected override get iterator(): DOMIterator {
    return new ListDomIterator(this.ctx, this.opt.iframes, this.opt.exclude, this.opt.iframesTimeout);
  }

  protected override wrapRangeInTextNode(node: Text, start: number, end: number): Text {
    const tail = super.wrapRangeInTextNode(node, start, end);
    // mark.js puts the mark right before the text it splits off after it.
    this.onWrap?.(node, tail.previousSibling as HTMLElement, tail);
    return tail;
  }
}
