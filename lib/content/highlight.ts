/**
 * Wraps linked mentions in <mark data-entity> with mark.js, and undoes it exactly: every text
 * node mark.js splits keeps its identity and gets its original text back, so a page framework
 * that holds references to its text nodes never sees a node it does not know.
 */
import { Mark } from './mark-js';
import type { EntityKind } from '../corpus/schema';
import type { Link } from '../match/link';
import type { Settings } from '../settings';
import type { TextChunk } from './scope';

export { MARK_CLASS } from './marks';
import { MARK_CLASS } from './marks';
/** mark.js re-offsets every following node per match: keep each call's context small. */
const MAX_NODES_PER_CALL = 64;
/**
 * mark.js rebuilds its context's whole text per match, so one text node of a megabyte with
 * thousands of names took seconds in one task. Text nodes longer than this that hold links are
 * cut into pieces of about this size (at a space, never inside a link) before marking.
 */
const PIECE_CHARS = 1_000;
/** Text per marking step: a larger block is marked in parts, so the scanner can yield between them. */
export const MARK_PART_CHARS = 8_000;
/** Text nodes per marking step, for the same reason (a paragraph of thousands of spans). */
export const MARK_PART_NODES = 256;

/** The user's highlight-style setting. */
export type HighlightStyle = Settings['highlightStyle'];

/** Class added beside MARK_CLASS for the "background" highlight setting (marks.css). */
const BACKGROUND_CLASS = 'fact-context-background';

/** marks.css's colours, for marks in a page's shadow roots, which that stylesheet cannot reach. */
const KIND_RGB: Record<EntityKind, string> = {
  person: '61 123 224',
  weapon: '217 96 43',
  'weapon-class': '155 93 229',
};

/** The declarations of marks.css for one mark, inline (shadow roots only: rare, so the parse cost is too). */
function inlineMarkStyle(kind: EntityKind, style: HighlightStyle): string {
  const rgb = KIND_RGB[kind];
  return style === 'background'
    ? `background:rgb(${rgb} / 22%)!important;color:inherit!important;text-decoration:none!important`
    : 'background:none!important;color:inherit!important;' +
        `text-decoration:underline dotted rgb(${rgb})!important;text-underline-offset:.18em!important`;
}

export interface MarkedLink extends Link {
  kind: EntityKind;
}

/** What we keep about each mention: which entity, and why it was linked. */
export interface MentionInfo {
  /** The mention's id (also written in its marks' data-mention, for outside checks only: never read back). */
  id: string;
  entityId: string;
  alias: string;
  evidence: Link['evidence'];
  /** The mention's first mark (a mention split over inline elements has several). */
  mark: HTMLElement | null;
  /** Every mark of the mention, in document order. */
  marks: HTMLElement[];
}

interface SplitRecord {
  original: string;
  /** The node's text as we left it: anything else means the page rewrote it. */
  left: string;
  /** Marks and text pieces mark.js put after the node, in order. */
  fragments: ChildNode[];
}

/** A long text node we cut before marking: `pieces` follow it, each then marked on its own. */
interface PieceRecord {
  original: string;
  /** The node's text as we left it (its first piece). */
  left: string;
  pieces: Text[];
}

/** How a split node is put back; see `Highlighter.restore`. */
type RestoreMode = 'undo' | 'changed' | 'kept' | 'detached';

let mentionCounter = 0;

export class Highlighter {
  private splits = new Map<Text, SplitRecord>();
  private pieces = new Map<Text, PieceRecord>();
  /** How `restore` left a node that was also cut into pieces, for `join` right after it. */
  private leftAs = new Map<Text, 'changed' | 'kept'>();
  private ownNodes = new WeakSet<Node>();
  /** Every mention made, by id (a mention split over several marks has one entry). */
  readonly mentions = new Map<string, MentionInfo>();
  /**
   * What each of our marks means, kept here: the page can rewrite a mark's data-entity or
   * data-mention, never this map.
   */
  private meaning = new WeakMap<Element, MentionInfo>();

  private readonly className: string;

  constructor(
    private readonly doc: Document,
    /** Marks join the tab order only when the user asked for it: forty names must not mean forty tab stops. */
    private readonly tabbable = false,
    private readonly style: HighlightStyle = 'underline',
  ) {
    this.className = style === 'background' ? `${MARK_CLASS} ${BACKGROUND_CLASS}` : MARK_CLASS;
  }

  /** Is this node one we created (a mark or a split-off piece of text)? */
  isOwn(node: Node): boolean {
    return this.ownNodes.has(node);
  }

  /** The mention one of our marks stands for, from our own memory; undefined for anything else. */
  mentionOf(target: EventTarget | null): MentionInfo | undefined {
    if (!(target instanceof Element) || !target.isConnected) return undefined;
    const info = this.meaning.get(target);
    // A mark whose mention was taken down (restored, muted) means nothing any more.
    return info && this.mentions.get(info.id) === info ? info : undefined;
  }

  isSplit(node: Node): boolean {
    return node.nodeType === Node.TEXT_NODE && (this.splits.has(node as Text) || this.pieces.has(node as Text));
  }

  /**
   * A block's links in parts of at most about MARK_PART_CHARS of text in MARK_PART_NODES text
   * nodes, none cutting a link, so
   * the scanner can yield between them; long text nodes holding links are cut into pieces first.
   */
  parts(chunk: TextChunk, links: readonly MarkedLink[]): { chunk: TextChunk; links: MarkedLink[] }[] {
    if (chunk.text.length <= MARK_PART_CHARS && chunk.nodes.length <= MARK_PART_NODES)
      return [{ chunk, links: [...links] }];
    const sorted = [...links].sort((a, b) => a.start - b.start);
    const linkStarts = sorted.map((l) => l.start);
    const nodes: Text[] = [];
    const starts: number[] = [];
    chunk.nodes.forEach((node, k) => {
      nodes.push(node);
      starts.push(chunk.starts[k]!);
      if (node.data.length <= PIECE_CHARS || this.splits.has(node) || this.pieces.has(node)) return;
      const from = chunk.starts[k]!;
      const original = node.data;
      // The links that may touch this node: a link starting before it may run into it.
      const firstLink = Math.max(0, firstAtOrAfter(linkStarts, from) - 1);
      const holdsLink = sorted
        .slice(firstLink, firstAtOrAfter(linkStarts, from + original.length))
        .some((l) => l.end > from && l.start < from + original.length);
      if (!holdsLink) return;
      const cuts = cutPoints(original, from, sorted, firstLink);
      if (!cuts.length) return;
      // New nodes for the pieces and one truncation: splitting the same long node again and
      // again would copy its remaining text every time.
      const pieces = cuts.map((cut, i) =>
        node.ownerDocument.createTextNode(original.slice(cut - from, (cuts[i + 1] ?? from + original.length) - from)),
      );
      node.data = original.slice(0, cuts[0]! - from);
      node.after(...pieces);
      pieces.forEach((piece, i) => {
        this.ownNodes.add(piece);
        nodes.push(piece);
        starts.push(cuts[i]!);
      });
      this.pieces.set(node, { original, left: node.data, pieces });
    });
    // Node starts a link runs across (a mention split over inline elements): no part ends there.
    const crossed = new Set<number>();
    for (const l of sorted) {
      for (let i = firstAtOrAfter(starts, l.start + 1); i < starts.length && starts[i]! < l.end; i++) crossed.add(i);
    }
    const out: { chunk: TextChunk; links: MarkedLink[] }[] = [];
    let next = 0;
    for (let first = 0; first < nodes.length; ) {
      let end = first + 1;
      const full = (at: number) => starts[at]! - starts[first]! >= MARK_PART_CHARS || at - first >= MARK_PART_NODES;
      while (end < nodes.length && (!full(end) || crossed.has(end))) end++;
      const from = starts[first]!;
      const to = end < nodes.length ? starts[end]! : chunk.text.length;
      const own: MarkedLink[] = [];
      for (; next < sorted.length && sorted[next]!.start < to; next++) {
        const l = sorted[next]!;
        own.push({ ...l, start: l.start - from, end: l.end - from });
      }
      if (own.length) {
        out.push({
          chunk: {
            nodes: nodes.slice(first, end),
            starts: starts.slice(first, end).map((s) => s - from),
            text: chunk.text.slice(from, to),
          },
          links: own,
        });
      }
      first = end;
    }
    return out;
  }

  /** Marks the links of one chunk; returns the mention ids made. */
  mark({ chunk, links }: { chunk: TextChunk; links: readonly MarkedLink[] }): string[] {
    if (!links.length) return [];
    const made: string[] = [];
    for (const group of groupsOf(chunk, links)) {
      const before = group.nodes.map((n) => n.data);
      // The page may have changed or removed these nodes since they were read: leave them be.
      const unchanged = group.nodes.every(
        (n, k) =>
          n.isConnected &&
          n.data === chunk.text.slice(chunk.starts[group.first + k], chunk.starts[group.first + k + 1]),
      );
      if (!unchanged) continue;
      // Small range objects: mark.js serialises every range it is given into a log line.
      const ranges = group.links.map((l, i) => ({ start: l.start - group.offset, length: l.end - l.start, i }));
      const mentionOf: string[] = [];
      // marks.css cannot reach into a page's shadow root: marks there carry their style inline.
      const inShadowRoot = group.nodes[0]!.getRootNode() !== this.doc;
      const marker = new Mark(group.nodes);
      marker.markRanges(ranges, {
        element: 'mark',
        className: this.className,
        each: (element, range) => {
          const i = (range as unknown as { i: number }).i;
          const link = group.links[i]!;
          let mention = mentionOf[i];
          if (!mention) {
            mention = mentionOf[i] = `fc${++mentionCounter}`;
            this.mentions.set(mention, {
              id: mention,
              entityId: link.entityId,
              alias: link.alias,
              evidence: link.evidence,
              mark: element as HTMLElement,
              marks: [],
            });
            made.push(mention);
          }
          const info = this.mentions.get(mention)!;
          info.marks.push(element as HTMLElement);
          this.meaning.set(element, info);
          this.decorate(element as HTMLElement, link, mention, inShadowRoot);
        },
      });
      // An empty node left after a mark that ended a text node would outlive the restore.
      marker.dropEmptyTails();
      group.nodes.forEach((node, i) => this.record(node, before[i]!));
    }
    return made;
  }

  private decorate(el: HTMLElement, link: MarkedLink, mention: string, inShadowRoot: boolean): void {
    this.ownNodes.add(el);
    el.dataset.entity = link.entityId;
    el.dataset.mention = mention;
    el.tabIndex = this.tabbable ? 0 : -1;
    // It opens a card: say so to assistive technology.
    el.setAttribute('role', 'button');
    el.setAttribute('aria-haspopup', 'dialog');
    el.setAttribute('aria-expanded', 'false');
    // Styled by marks.css through data-kind and the class.
    el.dataset.kind = link.kind;
    if (inShadowRoot) el.style.cssText = inlineMarkStyle(link.kind, this.style);
  }

  /** Remembers what mark.js put after `node` so it can be put back. */
  private record(node: Text, original: string): void {
    if (node.data === original) return;
    const existing = this.splits.get(node);
    const target = existing ? existing.original.length : original.length;
    const fragments: ChildNode[] = [];
    let covered = node.data.length;
    for (let n = node.nextSibling; n && covered < target; n = n.nextSibling) {
      fragments.push(n);
      this.ownNodes.add(n);
      covered += n.textContent?.length ?? 0;
    }
    if (existing) {
      existing.fragments.push(...fragments);
      existing.left = node.data;
    } else {
      this.splits.set(node, { original, left: node.data, fragments });
    }
  }

  /**
   * Puts back one split text node.
   * - `undo`: the node and our pieces as we left them: the original text goes back in the node.
   *   If the page rewrote the node meanwhile, it is treated as `changed`. If the page moved or
   *   removed some pieces (a sanitiser unwrapping marks), nothing is removed: our remaining
   *   marks are unwrapped where they are, so no character is lost, only left in several nodes.
   * - `changed`: the page rewrote the node's text: its value stays, our pieces are stale and go.
   * - `kept`: the page edited the node's own text (a script fixing quotes): every piece stays as
   *   text, our marks are unwrapped, for the rescan to mark again.
   * - `detached`: the page took the node out of the document. Taken out with our pieces
   *   untouched (a hidden tab, a recycled list row), it gets its text back, to return whole;
   *   otherwise what went with it stays as text and what it left behind in the page is stale.
   */
  private restore(node: Text, record: SplitRecord, mode: RestoreMode): void {
    this.splits.delete(node);
    for (const f of record.fragments) {
      const id = f.nodeType === Node.ELEMENT_NODE ? (f as HTMLElement).dataset.mention : undefined;
      if (id) this.mentions.delete(id);
    }
    if (mode === 'undo' && node.data !== record.left) mode = 'changed';
    if ((mode === 'undo' || mode === 'detached') && intact(node, record)) {
      for (const f of record.fragments) f.parentNode?.removeChild(f);
      node.data = record.original;
      return;
    }
    if (this.pieces.has(node)) this.leftAs.set(node, mode === 'changed' ? 'changed' : 'kept');
    for (const f of record.fragments) {
      this.ownNodes.delete(f);
      if (mode === 'changed' || (mode === 'detached' && f.isConnected)) f.parentNode?.removeChild(f);
      else if (f.nodeType === Node.ELEMENT_NODE && f.parentNode)
        (f as Element).replaceWith(...Array.from(f.childNodes));
    }
  }

  /**
   * Joins the pieces of a long text node we cut (after undoing their own marks), by the same
   * rules as `restore`: whole when all are in place with the original text, left as text when
   * the page moved them or edited the node, dropped when the page rewrote or dropped the node.
   */
  private join(node: Text, record: PieceRecord, mode: RestoreMode): void {
    this.pieces.delete(node);
    // The node's own marks may have been undone just before: how they were decides.
    const head = this.leftAs.get(node);
    this.leftAs.delete(node);
    if (head === 'changed' || (!head && mode === 'undo' && node.data !== record.left)) mode = 'changed';
    for (const piece of record.pieces) {
      const own = this.splits.get(piece);
      // The page cannot hold a piece to rewrite it whole: an edited piece was edited in place.
      if (own) this.restore(piece, own, mode === 'kept' ? (piece.data === own.left ? 'undo' : 'kept') : mode);
    }
    let whole = (mode === 'undo' || mode === 'detached') && !head;
    let text = node.data;
    let at = node.nextSibling;
    for (const piece of record.pieces) {
      if (!whole) break;
      whole = at === piece;
      text += piece.data;
      at = piece.nextSibling;
    }
    if (whole && text === record.original) {
      for (const piece of record.pieces) piece.parentNode?.removeChild(piece);
      node.data = record.original;
      return;
    }
    for (const piece of record.pieces) {
      this.ownNodes.delete(piece);
      if (mode === 'changed' || (mode === 'detached' && piece.isConnected)) piece.parentNode?.removeChild(piece);
    }
  }

  /** Restores the nodes for which `which` holds: marks first, then the pieces they were cut into. */
  private restoreWhere(which: (node: Text) => boolean, mode: RestoreMode): void {
    for (const [node, record] of [...this.splits])
      if (this.splits.get(node) === record && which(node)) this.restore(node, record, mode);
    for (const [node, record] of [...this.pieces])
      if (this.pieces.get(node) === record && which(node)) this.join(node, record, mode);
  }

  /** Removes every mark and restores the original text nodes. */
  removeAll(): void {
    this.mentions.clear();
    this.restoreWhere(() => true, 'undo');
    for (const el of Array.from(this.doc.querySelectorAll(`mark.${MARK_CLASS}`))) {
      if (this.ownNodes.has(el)) el.replaceWith(...Array.from(el.childNodes));
    }
  }

  /** Restores the split text nodes under `root` (before rescanning it). */
  removeWithin(root: Node): void {
    this.restoreWhere((node) => root.contains(node), 'undo');
  }

  /** The page changed the text of a node we split: keep its new text; drop our pieces when stale. */
  pageChangedText(node: Text): void {
    const split = this.splits.get(node);
    const pieces = this.pieces.get(node);
    const left = split?.left ?? pieces?.left;
    if (left === undefined || node.data === left) return; // the same text written again
    // Nearly what we left in the node (a script fixing its quotes): an edit of the node's own
    // text, and our pieces after it stand. Anything else is a new value for the whole node.
    const mode = left !== '' && nearly(node.data, left) ? 'kept' : 'changed';
    if (split) this.restore(node, split, mode);
    if (pieces) this.join(node, pieces, mode);
  }

  /** Puts back, or drops when stale, the pieces of split nodes that the page took out of the document. */
  sweepDetached(): void {
    this.restoreWhere((node) => !node.isConnected, 'detached');
  }

  /** The first mark of each mention on the page, in document order (shadow roots last). */
  mentionMarks(): HTMLElement[] {
    const firsts = new Set<HTMLElement>();
    for (const m of this.mentions.values()) if (m.mark?.isConnected) firsts.add(m.mark);
    // querySelectorAll returns the page's own marks in document order, cheaply; marks in shadow
    // roots are not among them and follow.
    const ordered = Array.from(this.doc.querySelectorAll<HTMLElement>(`mark.${MARK_CLASS}[data-mention]`)).filter((m) =>
      firsts.delete(m),
    );
    ordered.push(...firsts);
    return ordered;
  }

  /** Mentions per entity id: one pass over the mentions, nothing sorted. */
  entityCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.mentions.values())
      if (m.mark?.isConnected) counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
    return counts;
  }

  /** Mentions currently on the page. */
  mentionCount(): number {
    let total = 0;
    for (const m of this.mentions.values()) if (m.mark?.isConnected) total++;
    return total;
  }
}

/** Characters an edit in place may add, drop or change (quotes, a soft hyphen or two). */
const EDIT_SLACK = 3;

/** Whether `now` is `before` with a small edit: the same start and end around a few characters. */
function nearly(now: string, before: string): boolean {
  if (Math.abs(now.length - before.length) > EDIT_SLACK) return false;
  let head = 0;
  while (head < now.length && head < before.length && now[head] === before[head]) head++;
  let tail = 0;
  while (
    tail < now.length - head &&
    tail < before.length - head &&
    now[now.length - 1 - tail] === before[before.length - 1 - tail]
  )
    tail++;
  return head + tail >= Math.max(now.length, before.length) - EDIT_SLACK;
}

/** Whether what mark.js put after `node` is all still right after it, holding the original text. */
function intact(node: Text, record: SplitRecord): boolean {
  const ours = new Set<Node>(record.fragments);
  let text = node.data;
  let at: ChildNode | null = node.nextSibling;
  for (let i = 0; i < record.fragments.length; i++, at = at.nextSibling) {
    if (!at || !ours.has(at)) return false;
    text += at.textContent ?? '';
  }
  return text === record.original;
}

/** The index of the first value in ascending `values` that is at least `at`. */
function firstAtOrAfter(values: readonly number[], at: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where to cut a text node starting at `from` (chunk offsets) into pieces of about PIECE_CHARS:
 * at a space or a CJK stop, else (text without either, such as Chinese) at a character edge;
 * never inside a link (`links` sorted by start; none before `firstLink` reaches the node).
 */
function cutPoints(text: string, from: number, links: readonly MarkedLink[], firstLink: number): number[] {
  const cuts: number[] = [];
  const stop = /[\s。！？，、]/g;
  let last = 0;
  let l = firstLink;
  for (;;) {
    const target = last + PIECE_CHARS;
    if (text.length - target < PIECE_CHARS / 2) return cuts;
    stop.lastIndex = target;
    const m = stop.exec(text);
    let at = m && m.index - target < PIECE_CHARS ? m.index + 1 : characterEdge(text, target);
    at += from;
    while (l < links.length && links[l]!.end <= at) l++;
    if (l < links.length && links[l]!.start < at) at = links[l]!.end;
    if (at - from >= text.length) return cuts;
    cuts.push(at);
    last = at - from;
  }
}

let graphemes: Intl.Segmenter | null = null;

/** The first offset at or after `at` that splits no character a reader sees as one (emoji sequences, accents, flags). */
function characterEdge(text: string, at: number): number {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const from = Math.max(0, at - 32);
  for (const { index } of graphemes.segment(text.slice(from, at + 64))) if (from + index >= at) return from + index;
  return Math.min(text.length, at + 64);
}

/** Splits a chunk into groups of at most MAX_NODES_PER_CALL nodes, never cutting a link. */
function groupsOf(chunk: TextChunk, links: readonly MarkedLink[]) {
  const groups: { nodes: Text[]; first: number; offset: number; links: MarkedLink[] }[] = [];
  let start = 0;
  while (start < chunk.nodes.length) {
    let end = Math.min(chunk.nodes.length, start + MAX_NODES_PER_CALL);
    // Extend while a link crosses the boundary between node end-1 and node end.
    while (end < chunk.nodes.length && links.some((l) => l.start < chunk.starts[end]! && l.end > chunk.starts[end]!))
      end++;
    const from = chunk.starts[start]!;
    const to = end < chunk.nodes.length ? chunk.starts[end]! : chunk.text.length;
    const inGroup = links.filter((l) => l.start >= from && l.end <= to);
    if (inGroup.length)
      groups.push({ nodes: chunk.nodes.slice(start, end), first: start, offset: from, links: inGroup });
    start = end;
  }
  return groups;
}
