/**
 * The reader's selection (or caret), kept across our own DOM changes. Emptying a page's text
 * node, removing our copy of it or unwrapping a mark moves every range that points into those
 * nodes (the DOM collapses them to the node's start or to its parent). Before a change we note
 * where the selection's ends are; the change says where the text they point into went
 * (`move`); after it, the ends are put back at the same characters.
 */

/**
 * Events after which the document may hold a selection it did not hold before: the reader's
 * input comes with pointerdown, keydown, focusin or selectstart before it selects; a page
 * script's own selection is announced by selectionchange.
 */
const SELECTION_EVENTS = ['selectionchange', 'selectstart', 'pointerdown', 'keydown', 'focusin'] as const;

/**
 * Whether the document may hold a selection, without asking it each time: in Chromium every
 * read of a Selection's state (rangeCount, anchorNode, type...) lays the document out first, so
 * asking before each of our DOM changes laid out the whole page once per change (measured: 200
 * reads after small edits of a 4,000-paragraph page took 450 ms, against 3 ms without; on a 1 MB
 * article, 260 forced layouts and 1.2 s). Once read empty, the answer holds until one of
 * SELECTION_EVENTS or `recheck()` (once per write slice); a document not watched is asked every time.
 */
export class SelectionWatch {
  private mayHold = true;
  private watching = false;

  constructor(private readonly doc: Document) {}

  /** Follows the events until `signal` aborts (then it asks every time again). */
  watch(signal: AbortSignal): void {
    if (signal.aborted) return;
    const options = { capture: true, passive: true, signal };
    const changed = () => {
      this.mayHold = true;
    };
    for (const type of SELECTION_EVENTS) this.doc.addEventListener(type, changed, options);
    this.watching = true;
    signal.addEventListener('abort', () => {
      this.watching = false;
      this.mayHold = true;
    });
  }

  /**
   * Asks again at the next change, whatever the events said: a page can stop events before they
   * reach us, and announces its own selection only a task later (the scanner calls this before
   * each write slice).
   */
  recheck(): void {
    this.mayHold = true;
  }

  /** A keeper of the selection before a change, or null when the document holds none. */
  keeper(isOwn: (node: Node) => boolean): SelectionKeeper | null {
    if (!this.mayHold) return null;
    const selection = this.doc.getSelection?.();
    if (!selection || selection.rangeCount === 0) {
      if (this.watching) this.mayHold = false;
      return null;
    }
    return SelectionKeeper.start(this.doc, isOwn);
  }
}

/** A boundary point: a node and an offset in it. */
export interface Point {
  node: Node;
  offset: number;
}

/** Where a point at `offset` in a node went, or null when the change did not move it. */
export type Relocate = (offset: number) => Point | null;

export class SelectionKeeper {
  private readonly moves = new Map<Node, Relocate>();

  private constructor(
    private readonly selection: Selection,
    private readonly anchor: Point,
    private readonly focus: Point,
  ) {}

  /**
   * Notes the document's selection before a change, or returns null when there is none (the
   * usual case: nothing to keep, nothing to pay). A point between the children of one of our
   * marks (`isOwn`) is noted at the text beside it, which outlives the mark.
   */
  static start(doc: Document, isOwn: (node: Node) => boolean): SelectionKeeper | null {
    const selection = doc.getSelection?.();
    if (!selection || selection.rangeCount !== 1 || !selection.anchorNode || !selection.focusNode) return null;
    const at = (node: Node, offset: number): Point => {
      if (node.nodeType !== Node.ELEMENT_NODE || !isOwn(node)) return { node, offset };
      const after = node.childNodes[offset];
      if (after?.nodeType === Node.TEXT_NODE) return { node: after, offset: 0 };
      const before = node.childNodes[offset - 1];
      if (before?.nodeType === Node.TEXT_NODE) return { node: before, offset: (before as Text).length };
      return { node, offset };
    };
    return new SelectionKeeper(
      selection,
      at(selection.anchorNode, selection.anchorOffset),
      at(selection.focusNode, selection.focusOffset),
    );
  }

  /** Whether an end of the selection lies in `node` (only those moves need saying). */
  holds(node: Node): boolean {
    return this.anchor.node === node || this.focus.node === node;
  }

  /** Says where the text of `node` goes; evaluated after the whole change. The first word stands. */
  move(node: Node, to: Relocate): void {
    if (this.holds(node) && !this.moves.has(node)) this.moves.set(node, to);
  }

  /** Puts the selection's ends back where their characters now are. */
  finish(): void {
    const anchor = this.relocated(this.anchor);
    const focus = this.relocated(this.focus);
    if (!anchor && !focus) return;
    const s = this.selection;
    // An end we did not move is where the DOM's own range update left it.
    const a = anchor ?? (s.anchorNode ? { node: s.anchorNode, offset: s.anchorOffset } : this.anchor);
    const f = focus ?? (s.focusNode ? { node: s.focusNode, offset: s.focusOffset } : this.focus);
    try {
      s.setBaseAndExtent(a.node, a.offset, f.node, f.offset);
    } catch {
      // A point the page moved out of the document meanwhile: leave the selection as the DOM left it.
    }
  }

  private relocated(point: Point): Point | null {
    const to = this.moves.get(point.node);
    return to ? to(point.offset) : null;
  }
}
