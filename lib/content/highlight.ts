/**
 * Wraps linked mentions in <mark data-entity> with mark.js, never in the page's own text nodes:
 * each page text node that holds a mention stands empty while a copy of ours is split and wrapped
 * (the twin model, lib/content/twins.ts), and gets its text back when we unmark. What the page
 * does meanwhile (scripts editing the text they see, frameworks setting new values, blocks taken
 * out) is followed there, without losing a character.
 */
import { inEditableMarkup } from './editing';
import { Mark } from './mark-js';
import type { Place } from './backoff';
import { SelectionKeeper, SelectionWatch } from './selection';
import { Twins, type Run } from './twins';
import type { EntityKind } from '../corpus/schema';
import type { Link } from '../match/link';
import type { Settings } from '../settings';
import type { TextChunk } from './scope';

export { MARK_CLASS } from './marks';
import { MARK_CLASS } from './marks';
import { MARK_PART_CHARS, MARK_PART_NODES, MAX_NODES_PER_CALL, PIECE_CHARS } from './limits';
export { MARK_PART_CHARS, MARK_PART_NODES } from './limits';

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

/** Links to mark in a run of text nodes, and where each node's text was read (for the back-off). */
export interface MarkPart {
  chunk: TextChunk;
  links: MarkedLink[];
  /** Per node of `chunk`, the block it was read in. */
  places?: (Place | null)[];
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

let mentionCounter = 0;

export class Highlighter {
  private readonly twins = new Twins((marks) => this.forgetMarks(marks));
  /** Every mention made, by id (a mention split over several marks has one entry). */
  readonly mentions = new Map<string, MentionInfo>();
  /**
   * What each of our marks means, kept here: the page can rewrite a mark's data-entity or
   * data-mention, never this map.
   */
  private meaning = new WeakMap<Element, MentionInfo>();

  private readonly className: string;
  /** The reader's selection, asked about only when it may exist (asking lays the page out). */
  readonly selection: SelectionWatch;

  constructor(
    private readonly doc: Document,
    /** Marks join the tab order only when the user asked for it: forty names must not mean forty tab stops. */
    private readonly tabbable = false,
    private readonly style: HighlightStyle = 'underline',
    /** Whether a text node is editable (checked just before marking it). */
    private readonly editable: (node: Node) => boolean = inEditableMarkup,
  ) {
    this.className = style === 'background' ? `${MARK_CLASS} ${BACKGROUND_CLASS}` : MARK_CLASS;
    this.selection = new SelectionWatch(doc);
  }

  /** Is this node one we created (a mark, the text in it, a copy or piece of a page's text, an anchor)? */
  isOwn(node: Node): boolean {
    return this.twins.isOwn(node);
  }

  /** Is this a page text node one of our runs stands in for (emptied, our copy after it)? */
  standsIn(node: Node): boolean {
    return this.twins.standsIn(node);
  }

  /** The mention one of our marks stands for, from our own memory; undefined for anything else. */
  mentionOf(target: EventTarget | null): MentionInfo | undefined {
    if (!(target instanceof Element) || !target.isConnected) return undefined;
    const info = this.meaning.get(target);
    // A mark whose mention was taken down (restored, muted) means nothing any more.
    return info && this.mentions.get(info.id) === info ? info : undefined;
  }

  /** Is this one of our marks (not a look-alike of the page's)? */
  isOwnMark(node: Node): boolean {
    return node.nodeType === Node.ELEMENT_NODE && this.meaning.has(node as Element) && this.twins.isOwn(node);
  }

  /**
   * A block's links in parts of at most about MARK_PART_CHARS of text in MARK_PART_NODES text
   * nodes, none cutting a link, so the scanner can yield between them; a long text node holding
   * links is copied as pieces first (the page's node stands empty, lib/content/twins.ts).
   */
  parts(chunk: TextChunk, links: readonly MarkedLink[], place: Place | null = null): MarkPart[] {
    if (chunk.text.length <= MARK_PART_CHARS && chunk.nodes.length <= MARK_PART_NODES)
      return [{ chunk, links: [...links], places: chunk.nodes.map(() => place) }];
    const sorted = [...links].sort((a, b) => a.start - b.start);
    const linkStarts = sorted.map((l) => l.start);
    const nodes: Text[] = [];
    const starts: number[] = [];
    const keep = this.selection.keeper((n) => this.isOwnMark(n));
    chunk.nodes.forEach((node, k) => {
      const from = chunk.starts[k]!;
      const original = node.data;
      const cuts = node.data.length > PIECE_CHARS ? this.cutsFor(node, from, sorted, linkStarts) : [];
      if (!cuts.length || !node.isConnected || original !== chunk.text.slice(from, from + original.length)) {
        nodes.push(node);
        starts.push(from);
        return;
      }
      const texts = cuts.map((cut, i) => original.slice(cut - from, (cuts[i + 1] ?? from + original.length) - from));
      texts.unshift(original.slice(0, cuts[0]! - from));
      // New nodes for the pieces and no splitText: splitting the same long node again and again
      // would copy its remaining text every time.
      const pieces = this.twins.isOwn(node)
        ? this.twins.cut(node, texts, keep)
        : this.twins.copy(node, texts, place, keep);
      let at = from;
      for (const piece of pieces) {
        nodes.push(piece);
        starts.push(at);
        at += piece.data.length;
      }
    });
    keep?.finish();
    // Node starts a link runs across (a mention split over inline elements): no part ends there.
    const crossed = new Set<number>();
    for (const l of sorted) {
      for (let i = firstAtOrAfter(starts, l.start + 1); i < starts.length && starts[i]! < l.end; i++) crossed.add(i);
    }
    const out: MarkPart[] = [];
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
          places: nodes.slice(first, end).map(() => place),
        });
      }
      first = end;
    }
    return out;
  }

  /** Where to cut a long text node holding links (chunk offsets), or none. */
  private cutsFor(node: Text, from: number, sorted: readonly MarkedLink[], linkStarts: readonly number[]): number[] {
    if (this.twins.standsIn(node)) return [];
    const length = node.data.length;
    // The links that may touch this node: a link starting before it may run into it.
    const firstLink = Math.max(0, firstAtOrAfter(linkStarts, from) - 1);
    const holdsLink = sorted
      .slice(firstLink, firstAtOrAfter(linkStarts, from + length))
      .some((l) => l.end > from && l.start < from + length);
    return holdsLink ? cutPoints(node.data, from, sorted, firstLink) : [];
  }

  /** Marks the links of one chunk; returns the mention ids made. */
  mark({ chunk, links, places }: MarkPart): string[] {
    if (!links.length) return [];
    const made: string[] = [];
    for (const group of groupsOf(chunk, links)) {
      // The page may have changed or removed these nodes since they were read: leave them be.
      const unchanged = group.nodes.every(
        (n, k) =>
          n.isConnected &&
          n.data === chunk.text.slice(chunk.starts[group.first + k], chunk.starts[group.first + k + 1]),
      );
      // Never in editable text (checked again here: the page may have made it editable since).
      if (!unchanged || group.nodes.some(this.editable)) continue;
      const touched = this.touchedNodes(chunk, group);
      // A page node a run already stands in for (a script wrote into it): not copied twice.
      if (touched.some(([, n]) => this.twins.standsIn(n))) continue;
      const keep = this.selection.keeper((n) => this.isOwnMark(n));
      // Page text nodes holding a link get their copy; ours are split as they are.
      const copies = new Map<Text, Text>();
      for (const [k, n] of touched) {
        if (!this.twins.isOwn(n)) copies.set(n, this.twins.copy(n, [n.data], places?.[k] ?? null, keep)[0]!);
      }
      const nodes = group.nodes.map((n) => copies.get(n) ?? n);
      // Small range objects: mark.js serialises every range it is given into a log line.
      const ranges = group.links.map((l, i) => ({ start: l.start - group.offset, length: l.end - l.start, i }));
      const mentionOf: string[] = [];
      // marks.css cannot reach into a page's shadow root: marks there carry their style inline.
      const inShadowRoot = nodes[0]!.getRootNode() !== this.doc;
      const split: Text[] = [];
      const marker = new Mark(nodes, (node, mark, tail) => {
        this.twins.adopt(node, mark, true);
        if (mark.firstChild) this.twins.adopt(node, mark.firstChild, false);
        this.twins.adopt(node, tail, false);
        split.push(node, tail);
      });
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
      // Empty text mark.js left before a mark that starts a node or after one that ends it.
      for (const t of split) this.twins.dropEmpty(t);
      keep?.finish();
    }
    return made;
  }

  /** The nodes of a group that a link touches: those mark.js will split. */
  private touchedNodes(chunk: TextChunk, group: Group): [number, Text][] {
    const touched: [number, Text][] = [];
    let l = 0;
    group.nodes.forEach((node, k) => {
      const from = chunk.starts[group.first + k]!;
      const to = from + node.data.length;
      while (l < group.links.length && group.links[l]!.end <= from) l++;
      for (let m = l; m < group.links.length && group.links[m]!.start < to; m++) {
        if (group.links[m]!.end > from) {
          touched.push([group.first + k, node]);
          return;
        }
      }
    });
    return touched;
  }

  private decorate(el: HTMLElement, link: MarkedLink, mention: string, inShadowRoot: boolean): void {
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

  /** Marks that left the page: their mentions mean nothing any more. */
  private forgetMarks(marks: readonly HTMLElement[]): void {
    for (const mark of marks) {
      const info = this.meaning.get(mark);
      if (info && this.mentions.get(info.id) === info) this.mentions.delete(info.id);
    }
  }

  /** Applies one batch of the page's changes to our runs (at once, before paint); returns where it undid our marks. */
  pageChanged(records: readonly MutationRecord[]): Place[] {
    const places = new Set<Place>();
    for (const run of this.twins.pageChanged(records)) if (run.place) places.add(run.place);
    return [...places];
  }

  /** Whether any page text node stands in for our copy now (a cheap test before a walk). */
  hasRuns(): boolean {
    return this.twins.size > 0;
  }

  /** Removes every mark and gives every page text node its text back (or leaves the page's edits in place). */
  removeAll(): void {
    // Taking marks down is rare and may follow a page's own selection in the same task (before its
    // selectionchange): the selection is asked, never assumed.
    const keep = SelectionKeeper.start(this.doc, (n) => this.isOwnMark(n));
    for (const run of this.twins.runs()) this.twins.release(run, keep);
    keep?.finish();
    this.mentions.clear();
  }

  /** Before rescanning `root`: our marks under it are taken down (runs put back when exact). */
  removeWithin(root: Node): void {
    this.each(root, (run, keep) => this.twins.restore(run, keep));
  }

  /** Text under `root` became editable: our marks and copies leave it for good, the selection kept. */
  releaseWithin(root: Node): void {
    this.each(root, (run, keep) => this.twins.release(run, keep));
  }

  private each(root: Node, act: (run: Run, keep: SelectionKeeper | null) => void): void {
    const runs = this.twins.runsWithin(root);
    if (!runs.length) return;
    const keep = SelectionKeeper.start(this.doc, (n) => this.isOwnMark(n));
    for (const run of runs) act(run, keep);
    keep?.finish();
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

/** Text nodes marked by one mark.js call, with their links. */
interface Group {
  nodes: Text[];
  /** Index of the first node in the chunk. */
  first: number;
  /** Chunk offset of the first node's text. */
  offset: number;
  links: MarkedLink[];
}

/** Splits a chunk into groups of at most MAX_NODES_PER_CALL nodes, never cutting a link. */
function groupsOf(chunk: TextChunk, links: readonly MarkedLink[]): Group[] {
  const groups: Group[] = [];
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
