/** Types for the two mark.js source modules lib/content/mark-js.ts builds on (mark.js 8.11.1). */
declare module 'mark.js/src/lib/domiterator' {
  export default class DOMIterator {
    constructor(ctx: unknown, iframes?: boolean, exclude?: string[], iframesTimeout?: number);
    protected ctx: unknown;
    createIterator(ctx: Node, whatToShow: number, filter: (node: Node) => number): unknown;
    /** The contexts without duplicates and without those inside another (pairwise `contains`). */
    getContexts(): Node[];
  }
}

declare module 'mark.js/src/lib/mark' {
  import type DOMIterator from 'mark.js/src/lib/domiterator';

  export default class Mark {
    constructor(ctx: Node | readonly Node[]);
    protected ctx: unknown;
    protected get opt(): { iframes: boolean; exclude: string[]; iframesTimeout: number };
    protected get iterator(): DOMIterator;
    /** Wraps [start, end) of `node` in a mark; returns the text node split off after it. */
    protected wrapRangeInTextNode(node: Text, start: number, end: number): Text;
    markRanges(ranges: readonly { start: number; length: number }[], options: Mark.MarkRangesOptions): void;
  }
  namespace Mark {
    interface MarkRangesOptions {
      element?: string;
      className?: string;
      each?: (element: Element, range: { start: number; length: number }) => void;
    }
  }
}
