/**
 * Which of our marks lies under a point. Marks take no pointer events (lib/content/marks.css:
 * `pointer-events: none`), so the page's own click handlers see the page's elements (a link, a
 * paragraph) as `event.target`, never a MARK; hover and taps on a mark are found here instead, by
 * asking the browser which text lies under the pointer. `document.caretPositionFromPoint`
 * returns the text node inside a `pointer-events: none` mark in Chromium and Firefox alike.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

type CaretDocument = Document & {
  caretPositionFromPoint?: (
    x: number,
    y: number,
    options?: { shadowRoots?: ShadowRoot[] },
  ) => { offsetNode: Node; offset: number } | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

/** The node whose text lies at the point (the standard call; WebKit's older one where it is missing). */
export function nodeAtPoint(doc: Document, { x, y }: Point, shadowRoots: readonly ShadowRoot[] = []): Node | null {
  const d = doc as CaretDocument;
  if (typeof d.caretPositionFromPoint === 'function') {
    const position = shadowRoots.length
      ? d.caretPositionFromPoint(x, y, { shadowRoots: [...shadowRoots] })
      : d.caretPositionFromPoint(x, y);
    return position?.offsetNode ?? null;
  }
  if (typeof d.caretRangeFromPoint === 'function') return d.caretRangeFromPoint(x, y)?.startContainer ?? null;
  return null;
}

/** Is the point inside one of the boxes (inclusive: a pointer on the edge of a word is on it)? */
export function insideRects(rects: ArrayLike<DOMRectReadOnly>, { x, y }: Point): boolean {
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i]!;
    if (r.width > 0 && r.height > 0 && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return true;
  }
  return false;
}

/**
 * The element whose text lies under the point, when `accept` takes it and the point is inside one
 * of its boxes (a caret position snaps to the nearest text, so a point in the blank space after a
 * line's last word would otherwise count as that word).
 */
export function elementAtPoint<T>(
  doc: Document,
  point: Point,
  accept: (element: Element) => T | undefined,
  shadowRoots: readonly ShadowRoot[] = [],
): { element: Element; value: T } | null {
  const node = nodeAtPoint(doc, point, shadowRoots);
  if (!node) return null;
  const element =
    node.nodeType === Node.TEXT_NODE
      ? node.parentElement
      : node.nodeType === Node.ELEMENT_NODE
        ? (node as Element)
        : null;
  if (!element) return null;
  const value = accept(element);
  if (value === undefined) return null;
  return insideRects(element.getClientRects(), point) ? { element, value } : null;
}

export interface PointerSample extends Point {
  /** The event's target as the document sees it (our card's host for a pointer over the card). */
  readonly target: EventTarget | null;
}

/**
 * Calls `onSample` with the latest trusted mouse or pen position at most once per frame: hit
 * testing on every pointermove of a fast mouse would cost the page for nothing.
 */
export function watchPointer(doc: Document, signal: AbortSignal, onSample: (sample: PointerSample) => void): void {
  const view = doc.defaultView;
  let latest: PointerSample | null = null;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const sample = latest;
    latest = null;
    if (sample && !signal.aborted) onSample(sample);
  };
  doc.addEventListener(
    'pointermove',
    (e) => {
      if (!e.isTrusted || e.pointerType === 'touch') return;
      latest = { x: e.clientX, y: e.clientY, target: e.target };
      if (scheduled) return;
      scheduled = true;
      if (view?.requestAnimationFrame) view.requestAnimationFrame(flush);
      else setTimeout(flush, 0);
    },
    { capture: true, passive: true, signal },
  );
}
