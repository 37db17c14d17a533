/**
 * Editable text is the reader's: we never mark inside it, and unwrap our marks wherever text
 * becomes editable, before the first edit reaches it:
 * - `contenteditable` set on an ancestor after marking: seen as an attribute change by the
 *   scanner's MutationObserver;
 * - `document.designMode = 'on'`: no mutation says so, so it is checked on the first of
 *   focusin, selectionchange, pointerdown, keydown and beforeinput (capture phase, passive),
 *   `beforeinput` being the last moment before an edit;
 * - focus moving into an editing host (`isContentEditable`), or an edit starting in one.
 */

/** Elements that make their content editable (the attribute; `isContentEditable` covers the rest). */
export const EDITABLE_SELECTOR = '[contenteditable]:not([contenteditable="false"])';

/** Whether the document is in design mode (every node editable). */
export function inDesignMode(doc: Document): boolean {
  return doc.designMode === 'on';
}

/** Whether `node`'s text is editable: design mode, an editing host, or inside one. */
export function isEditable(node: Node | null): boolean {
  const el = node && (node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement);
  if (!el) return false;
  if (inDesignMode(el.ownerDocument)) return true;
  const known = (el as HTMLElement).isContentEditable as boolean | undefined;
  // Environments without isContentEditable (jsdom) fall back to the attribute.
  return known ?? el.closest(EDITABLE_SELECTOR) !== null;
}

/**
 * Whether `node` lies in editable text by what the DOM says (design mode, a `contenteditable`
 * ancestor): a walk up, with no style computed (`isContentEditable` computes style in Chromium,
 * too costly before every mark.js call). Checked just before marking.
 */
export function inEditableMarkup(node: Node): boolean {
  const doc = node.ownerDocument;
  if (doc && inDesignMode(doc)) return true;
  const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  return el?.closest(EDITABLE_SELECTOR) != null;
}

/** The outermost editable element containing `el` (the editing host). */
export function editingHost(el: Element): Element {
  let host = el;
  while (host.parentElement && isEditable(host.parentElement)) host = host.parentElement;
  return host;
}

export interface EditWatchHandlers {
  /** Look whether the document entered or left design mode. */
  check(): void;
  /** The reader is about to edit inside this editing host. */
  editing(host: Element): void;
}

/** Events that come before any edit: checked in the capture phase, never delayed (passive). */
const BEFORE_EDIT = ['focusin', 'pointerdown', 'keydown', 'beforeinput'] as const;

/** Listens for text becoming editable until `signal` aborts. */
export function watchEditing(doc: Document, handlers: EditWatchHandlers, signal: AbortSignal): void {
  const options = { capture: true, passive: true, signal };
  for (const type of BEFORE_EDIT) {
    doc.addEventListener(
      type,
      (event) => {
        handlers.check();
        if (inDesignMode(doc)) return;
        const target = event.target;
        if (target instanceof Element && isEditable(target)) handlers.editing(editingHost(target));
      },
      options,
    );
  }
  doc.addEventListener('selectionchange', () => handlers.check(), options);
}
