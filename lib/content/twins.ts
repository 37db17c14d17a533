/**
 * No text lost: the twin model (docs/adr/011-text-preservation.md).
 *
 * We never split or wrap a page's own text node. To mark a page text node P holding V, an empty
 * text node of ours (the anchor) and a copy holding V are put right after P, and P is emptied;
 * mark.js then splits and wraps the copy. The anchor and everything made from the copy (pieces,
 * marks, the text inside marks) form P's **run**: the text the page would see in P.
 *
 * That removes the old guess between "a framework set a new value" and "a script edited the
 * text it saw":
 * - A script that walks text nodes (hyphenation, smart quotes, translation, the reader's own
 *   edits) edits the nodes it sees: ours. What it writes there is the page's text from then on:
 *   we only ever unwrap our marks around it, and put a run back whole only when it reads exactly
 *   as we made it. Such a script maps P's empty text to empty text: a write of the same value.
 * - A framework sets the whole value of the node it rendered (`node.nodeValue = text`): a
 *   non-empty write into P. The run is then a stale copy of P's old value: the part of it that
 *   still stands for P goes (the anchor and our nodes right after it, up to the first node the
 *   page put among them, which in a page without us would have split P there).
 * - A framework removing P on its own (our anchor still in place) takes P's text with it: the
 *   run's text goes back into the detached P, so it returns whole if re-inserted. P and the
 *   anchor removed together is a clean-up of empty text nodes (`normalize()`): the text stays.
 * - A block taken out of the document with P and its run ends the run (no observer sees into a
 *   detached tree): P gets back the text that stands for it, as the page's scripts left it.
 *
 * Invariant (tests/unit/text-property.test.ts): every change we make keeps the document's text
 * exactly, except removing a stale copy right after the page overwrote or removed its node.
 */
import type { Place } from './backoff';
import type { SelectionKeeper } from './selection';

/** One page text node and the nodes of ours that stand in for its text. */
export interface Run {
  /** The page's text node, empty while the run stands in for it. */
  readonly page: Text;
  /** Its text when we copied it. */
  readonly value: string;
  /** An empty text node of ours right after `page`: the run's own nodes follow it. */
  readonly anchor: Text;
  /** Every node we made for the run: anchor, copies and pieces, marks and their text, tails. */
  readonly nodes: Set<Node>;
  /** Our marks in the run now. */
  marks: HTMLElement[];
  /** What `page` holds as far as we know ('' unless a script wrote into it with the run). */
  pageData: string;
  /** Where the run was marked, for the re-render back-off. */
  readonly place: Place | null;
}

/** The run's text in document order, as seen by the page, and the nodes holding it. */
interface Prefix {
  /** The anchor, our text nodes and whole marks that stand for the page's node, in order. */
  nodes: Node[];
  text: string;
  /** A mark of ours where the page put its own node among our text: cut there. */
  cut: HTMLElement | null;
}

const isText = (n: Node): n is Text => n.nodeType === Node.TEXT_NODE;

export class Twins {
  /** Runs in the document, with marks or a page node to give back. */
  private readonly live = new Set<Run>();
  private readonly byPage = new WeakMap<Node, Run>();
  private readonly byNode = new WeakMap<Node, Run>();

  constructor(
    /** Told about marks that leave the page (unwrapped, removed, put back), to forget what they meant. */
    private readonly marksGone: (marks: readonly HTMLElement[]) => void,
  ) {}

  /** The run a node of ours belongs to. */
  runOf(node: Node): Run | undefined {
    return this.byNode.get(node);
  }

  /** Is this a node we made (a mark, the text in it, a copy, a piece, an anchor)? */
  isOwn(node: Node): boolean {
    return this.byNode.has(node);
  }

  /** Is this a page text node that a run stands in for? Such a node is never copied again. */
  standsIn(node: Node): boolean {
    return this.byPage.has(node);
  }

  /** How many runs stand for page nodes now. */
  get size(): number {
    return this.live.size;
  }

  /** Every run still standing for a page node, for `removeAll`. */
  runs(): Run[] {
    return [...this.live];
  }

  /**
   * Makes `page`'s run: an anchor and copies of its text (`pieces`, joined, are its text), after
   * it; the page node is emptied. Returns the copies, ours to split and wrap.
   */
  copy(page: Text, pieces: readonly string[], place: Place | null, keep: SelectionKeeper | null): Text[] {
    const doc = page.ownerDocument;
    const anchor = doc.createTextNode('');
    const copies = pieces.map((text) => doc.createTextNode(text));
    const run: Run = {
      page,
      value: page.data,
      anchor,
      nodes: new Set<Node>([anchor, ...copies]),
      marks: [],
      pageData: '',
      place,
    };
    page.after(anchor, ...copies);
    page.data = '';
    this.byPage.set(page, run);
    for (const n of run.nodes) this.byNode.set(n, run);
    this.live.add(run);
    keep?.move(page, (offset) => this.pointAt(run, offset));
    return copies;
  }

  /** Cuts a text node of ours into pieces (ours too); `pieces` joined are its text. */
  cut(node: Text, pieces: readonly string[], keep: SelectionKeeper | null): Text[] {
    const run = this.byNode.get(node);
    if (!run || pieces.length < 2) return [node];
    const rest = pieces.slice(1).map((text) => node.ownerDocument.createTextNode(text));
    node.data = pieces[0]!;
    node.after(...rest);
    for (const n of rest) this.claim(run, n);
    const all = [node, ...rest];
    keep?.move(node, (offset) => pointAmong(all, offset));
    return all;
  }

  /** A node mark.js made from `from` (ours): it joins `from`'s run. */
  adopt(from: Node, made: Node, mark: boolean): void {
    const run = this.byNode.get(from);
    if (!run) return;
    this.claim(run, made);
    if (mark) run.marks.push(made as HTMLElement);
    this.live.add(run);
  }

  /** Drops an empty text node of ours that mark.js left (never the anchor): no text changes. */
  dropEmpty(node: Text): void {
    const run = this.byNode.get(node);
    if (!run || node === run.anchor || node.data) return;
    node.remove();
    run.nodes.delete(node);
    this.byNode.delete(node);
  }

  /**
   * Before a rescan: a run that reads exactly as we made it is put back (the page's node gets
   * its text, ours go); any other has its marks unwrapped where they are and stays a run, so a
   * later write of the page into its own node still replaces the whole text it stands for.
   */
  restore(run: Run, keep: SelectionKeeper | null): void {
    if (!this.sync(run)) return;
    if (this.intact(run)) this.collapse(run, keep);
    else this.unwrap(run, keep);
  }

  /**
   * For good (stop, editable text): the run ends. The text that stands for the page's node,
   * edited or not, goes back into it when it lies right after it (as a page without us would
   * hold it, so a framework's later write replaces exactly that); anything else stays as it is,
   * our marks unwrapped.
   */
  release(run: Run, keep: SelectionKeeper | null): void {
    if (!this.sync(run)) return;
    if (run.page.nextSibling === run.anchor) this.collapse(run, keep);
    else this.end(run, keep);
  }

  /** Every run with a node under `root` (its open shadow roots included). Linear in `root`'s subtree. */
  runsWithin(root: Node): Run[] {
    const found = new Set<Run>();
    const note = (n: Node) => {
      const run = this.byPage.get(n) ?? this.byNode.get(n);
      if (run) found.add(run);
    };
    const visit = (start: Node) => {
      note(start);
      const doc = start.ownerDocument ?? (start as Document);
      const walker = doc.createTreeWalker(start, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        note(n);
        const shadow = (n as Element).shadowRoot;
        if (shadow) visit(shadow);
      }
    };
    if (root.nodeType === Node.ELEMENT_NODE && (root as Element).shadowRoot) visit((root as Element).shadowRoot!);
    visit(root);
    return [...found];
  }

  /**
   * The page's changes (one MutationObserver batch), applied to our runs at once, before the page
   * paints. Returns the runs whose marks the page undid (rewrote, removed, took out, unwrapped).
   */
  pageChanged(records: readonly MutationRecord[]): Run[] {
    const undone = new Set<Run>();
    const pageWritten = new Set<Run>();
    const ownWritten = new Set<Run>();
    const pageMoved = new Set<Run>();
    const anchorGone = new Set<Run>();
    let removals = false;
    for (const r of records) {
      if (r.type === 'characterData') {
        const run = this.byPage.get(r.target);
        if (run) pageWritten.add(run);
        else {
          const own = this.byNode.get(r.target);
          if (own) ownWritten.add(own);
        }
        continue;
      }
      if (r.type !== 'childList') continue;
      const inMark = this.byNode.get(r.target);
      if (inMark) {
        // The page changed what is inside one of our marks.
        ownWritten.add(inMark);
        undone.add(inMark);
      }
      for (const n of Array.from(r.removedNodes)) {
        const run = this.byPage.get(n);
        if (run) {
          pageMoved.add(run);
          continue;
        }
        const own = this.byNode.get(n);
        if (!own) {
          removals = true;
          continue;
        }
        ownWritten.add(own);
        if (n === own.anchor) anchorGone.add(own);
        if (n.nodeType === Node.ELEMENT_NODE) undone.add(own);
      }
      for (const n of Array.from(r.addedNodes)) {
        const run = this.byPage.get(n);
        if (run) pageMoved.add(run);
        const own = this.byNode.get(n);
        if (own) ownWritten.add(own);
      }
    }
    for (const run of pageWritten) {
      if (!this.byPage.has(run.page)) continue;
      const data = run.page.data;
      if (data === run.pageData) continue; // the same value written again (a script mapping '' to '')
      if (ownWritten.has(run)) {
        // A script that wrote our nodes and the page's in one go: its text, in its node.
        run.pageData = data;
        continue;
      }
      this.overwritten(run);
      undone.add(run);
    }
    for (const run of pageMoved) {
      if (!this.byPage.has(run.page)) continue;
      const { page, anchor } = run;
      if (page.parentNode) {
        // The page moved its node: the text it holds goes with it.
        if (page.nextSibling !== anchor) this.follow(run);
        continue;
      }
      if (anchor.parentNode && !anchorGone.has(run)) {
        // The page removed its node on its own: the text goes with it.
        this.removedByPage(run);
        undone.add(run);
      } else {
        // Its node and our anchor went together: a clean-up of empty text nodes. Keep the text.
        this.end(run, null);
      }
    }
    if (removals) {
      for (const run of this.live) {
        if (run.page.isConnected || !run.page.parentNode || pageMoved.has(run)) continue;
        // Taken out of the document with its block (a hidden tab, a recycled row): no observer
        // sees a framework's write into it there, so the run ends now. The text standing for the
        // page's node, as scripts edited it, goes back into that node (as a page without us
        // would hold it, so a later write replaces exactly that); anything else stays in place.
        this.release(run, null);
        undone.add(run);
      }
    }
    return [...undone];
  }

  /** Whether the run reads exactly as we made it, right after the page's (empty) node. */
  private intact(run: Run): boolean {
    const { page, anchor } = run;
    if (page.data !== '' || page.nextSibling !== anchor || anchor.data !== '') return false;
    let text = '';
    for (let n = anchor.nextSibling; n && this.byNode.get(n) === run; n = n.nextSibling) {
      if (isText(n)) text += n.data;
      else {
        for (const c of Array.from(n.childNodes)) {
          if (!isText(c) || this.byNode.get(c) !== run) return false;
          text += c.data;
        }
      }
    }
    return text === run.value;
  }

  /**
   * What still stands for the page's node: the anchor and our nodes right after it, up to the
   * first node the page put among them (a page without us would have split its node there).
   */
  private prefix(run: Run): Prefix {
    const nodes: Node[] = [];
    let text = '';
    if (!run.anchor.parentNode) return { nodes, text, cut: null };
    for (let n: Node | null = run.anchor; n && this.byNode.get(n) === run; n = n.nextSibling) {
      if (isText(n)) {
        text += n.data;
        nodes.push(n);
        continue;
      }
      for (const c of Array.from(n.childNodes)) {
        if (!isText(c) || this.byNode.get(c) !== run) return { nodes, text, cut: n as HTMLElement };
        text += c.data;
        nodes.push(c);
      }
      nodes.push(n);
    }
    return { nodes, text, cut: null };
  }

  /** A write of the page we could not see (its node was out of the document): handled now. */
  private sync(run: Run): boolean {
    if (!this.byPage.has(run.page)) return false;
    if (run.page.data !== run.pageData) {
      this.overwritten(run);
      return false;
    }
    return true;
  }

  /** The page set a new value in its node: our copy of the old one is stale and goes. */
  private overwritten(run: Run): void {
    const { nodes, cut } = this.prefix(run);
    for (const n of nodes) n.parentNode?.removeChild(n);
    if (cut) this.unwrapMark(run, cut, null);
    this.end(run, null);
  }

  /** The page removed its node on its own: the text our run holds for it goes back into it. */
  private removedByPage(run: Run): void {
    const { nodes, text, cut } = this.prefix(run);
    run.page.data += text;
    for (const n of nodes) n.parentNode?.removeChild(n);
    if (cut) this.unwrapMark(run, cut, null);
    this.end(run, null);
  }

  /** The page moved its node elsewhere: what stands for its text moves right after it. */
  private follow(run: Run): void {
    const { nodes } = this.prefix(run);
    const top = nodes.filter((n) => n.parentNode === run.anchor.parentNode);
    run.page.after(...(top as ChildNode[]));
  }

  /**
   * Gives the page's node the text that stands for it (the run's text up to the first node the
   * page put among ours) and removes our nodes holding it; the run ends. Keeps the document's
   * text exactly: that text lies right after the page's node.
   */
  private collapse(run: Run, keep: SelectionKeeper | null): void {
    const { page } = run;
    const { nodes, text, cut } = this.prefix(run);
    if (keep) {
      let base = page.length;
      for (const n of nodes) {
        if (!isText(n)) continue;
        const from = base;
        keep.move(n, (offset) => ({ node: page, offset: from + offset }));
        base += n.length;
      }
    }
    for (const n of nodes) n.parentNode?.removeChild(n);
    if (cut) this.unwrapMark(run, cut, keep);
    if (text) page.data += text;
    this.end(run, keep);
  }

  /** Unwraps our marks where they are (their text stays, in the same nodes). */
  private unwrap(run: Run, keep: SelectionKeeper | null): void {
    for (const mark of run.marks) this.unwrapMark(run, mark, keep);
    this.marksGone(run.marks);
    run.marks = [];
  }

  private unwrapMark(run: Run, mark: HTMLElement, keep: SelectionKeeper | null): void {
    run.nodes.delete(mark);
    this.byNode.delete(mark);
    const parent = mark.parentNode;
    if (!parent) return;
    const children = Array.from(mark.childNodes);
    if (keep) for (const c of children) keep.move(c, (offset) => ({ node: c, offset }));
    for (const c of children) parent.insertBefore(c, mark);
    parent.removeChild(mark);
  }

  /** Ends a run: marks unwrapped in place, every node left as it is (an empty anchor aside). */
  private end(run: Run, keep: SelectionKeeper | null): void {
    this.unwrap(run, keep);
    // Empty, and the page never saw text in it: the DOM leaves a point in it where it was.
    if (!run.anchor.data) run.anchor.remove();
    this.forget(run);
  }

  private forget(run: Run): void {
    this.live.delete(run);
    this.byPage.delete(run.page);
    for (const n of run.nodes) this.byNode.delete(n);
    run.nodes.clear();
  }

  private claim(run: Run, node: Node): void {
    run.nodes.add(node);
    this.byNode.set(node, run);
  }

  /** The point at `offset` of the run's text (as seen by the page). */
  private pointAt(run: Run, offset: number): { node: Node; offset: number } {
    return pointAmong(this.prefix(run).nodes.filter(isText), offset) ?? { node: run.anchor, offset: 0 };
  }
}

/** The point at `offset` of the text of `texts` joined (in the first node that holds it). */
function pointAmong(texts: readonly Text[], offset: number): { node: Node; offset: number } | null {
  let base = 0;
  let last: Text | null = null;
  for (const t of texts) {
    if (!t.length) continue;
    if (offset < base + t.length) return { node: t, offset: offset - base };
    base += t.length;
    last = t;
  }
  return last ? { node: last, offset: last.length } : null;
}
