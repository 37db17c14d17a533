/**
 * Copying marked text yields the page's own markup: without this, a rich-text editor receiving
 * the copy (the page's own, or another site's) gets our <mark> elements, their classes and
 * attributes, and keeps them with its content.
 *
 * A `copy` listener on the window, in the bubble phase, acts only when the page did not handle
 * the copy itself and the selection holds one of our marks: it writes the selection's markup
 * with our marks unwrapped as text/html and the selection's text as text/plain. Our marks are
 * found by identity while copying (never by class: a page may have look-alike marks of its own).
 */

/**
 * The contents of `range` as a fragment of `into` (an inert document: nothing loads or runs),
 * with the elements for which `isOwnMark` holds replaced by their children. `touched` says
 * whether any was met.
 */
export function cleanContents(
  range: Range,
  isOwnMark: (node: Node) => boolean,
  into: Document,
): { fragment: DocumentFragment; touched: boolean } {
  const fragment = into.createDocumentFragment();
  let touched = false;
  const { startContainer, startOffset, endContainer, endOffset } = range;
  /** A text node (or comment) cut to the part inside the range. */
  const sliced = (node: CharacterData): Node => {
    const copy = into.importNode(node, false) as CharacterData;
    const from = node === startContainer ? startOffset : 0;
    copy.data = node.data.slice(from, node === endContainer ? endOffset : node.length);
    return copy;
  };
  const root = range.commonAncestorContainer;
  for (let at: Node | null = root; at; at = at.parentNode) if (isOwnMark(at)) touched = true;
  if (root.nodeType === Node.TEXT_NODE || root.nodeType === Node.COMMENT_NODE) {
    fragment.appendChild(sliced(root as CharacterData));
    return { fragment, touched };
  }
  // Depth first with an explicit stack (a page may nest elements thousands deep). `whole`: the
  // node lies inside the range entirely, so nothing below it needs checking.
  const stack: { node: Node; out: Node; whole: boolean }[] = [];
  const pushChildren = (node: Node, out: Node, whole: boolean) => {
    const from = !whole && node === startContainer ? startOffset : 0;
    const to = !whole && node === endContainer ? endOffset : node.childNodes.length;
    for (let i = to - 1; i >= from; i--) stack.push({ node: node.childNodes[i]!, out, whole });
  };
  pushChildren(root, fragment, false);
  while (stack.length) {
    const { node, out, whole } = stack.pop()!;
    if (!whole && !range.intersectsNode(node)) continue;
    if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.COMMENT_NODE) {
      out.appendChild(whole ? into.importNode(node, false) : sliced(node as CharacterData));
      continue;
    }
    const own = isOwnMark(node);
    if (own) touched = true;
    const target = own ? out : out.appendChild(into.importNode(node, false));
    const partial =
      !whole &&
      (node === startContainer ||
        node === endContainer ||
        node.contains(startContainer) ||
        node.contains(endContainer));
    pushChildren(node, target, !partial);
  }
  return { fragment, touched };
}

/** Cleans copies of selections that hold our marks, until `signal` aborts. */
export function watchCopy(win: Window, isOwnMark: (node: Node) => boolean, signal: AbortSignal): void {
  let inert: Document | null = null;
  win.addEventListener(
    'copy',
    (event) => {
      if (event.defaultPrevented || !event.clipboardData) return;
      const selection = win.document.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return;
      inert ??= win.document.implementation.createHTMLDocument('');
      const holder = inert.createElement('div');
      let touched = false;
      for (let i = 0; i < selection.rangeCount; i++) {
        const part = cleanContents(selection.getRangeAt(i), isOwnMark, inert);
        touched ||= part.touched;
        holder.appendChild(part.fragment);
      }
      if (!touched) return;
      event.clipboardData.setData('text/html', serialize(holder));
      event.clipboardData.setData('text/plain', selection.toString());
      event.preventDefault();
    },
    { signal },
  );
}

/** The markup of `holder`'s children: our inert copy of the page's own markup, as a paste reads it. */
function serialize(holder: Element): string {
  // A read of a detached copy in an inert document, for the clipboard: nothing is rendered.
  // eslint-disable-next-line no-restricted-properties
  return holder.innerHTML;
}
