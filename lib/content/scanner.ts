/**
 * Finds and highlights mentions on one page: scans the article regions in time slices, then
 * follows the page's changes with one batched MutationObserver. One cleanup path: `stop()`
 * removes every mark and stops every observer and timer.
 */
import type { MatcherEntity } from '../messaging/protocol';
import { buildMatcher, type Candidate, type Matcher } from '../match/matcher';
import { Linker, newPageState, type PageState } from '../match/link';
import { tokenize, type Token } from '../match/text';
import {
  Highlighter,
  MARK_CLASS,
  MARK_PART_CHARS,
  MARK_PART_NODES,
  type HighlightStyle,
  type MarkedLink,
} from './highlight';
import { readPageMetadata } from './page-metadata';
import { probeMoment } from './probe';
import { EXCLUDED_SELECTOR, findArticleRoots, walkChunks, type TextChunk } from './scope';

/** Work between two yields to the page: well under the 50 ms long-task line, room left in each frame. */
export const SLICE_MS = 8;
/**
 * Text nodes per mark.js call: amortises its fixed cost, keeps its per-node cost small. Measured
 * on the bench's 1 MB article (median of 5 loads, first to last mark): 2 → 295 ms, 6 → 290,
 * 12 → 280, 24 → 286, 48 → 317, 96 → 350.
 */
const MARK_BATCH_NODES = 12;

/**
 * Text tokenised and matched in one go. A larger block (a page that puts a whole article in one
 * paragraph or one text node) is read in segments, with yields between; each segment's last few
 * tokens are read again with the next, so a name across a cut is found whole.
 */
const SCAN_SEGMENT_CHARS = 32_000;

/** Several chunks as one (mark.js concatenates its context's text nodes in the same order). */
function mergeChunks(parts: readonly { chunk: TextChunk; links: MarkedLink[] }[]): {
  chunk: TextChunk;
  links: MarkedLink[];
} {
  if (parts.length === 1) return parts[0]!;
  const merged: TextChunk = { nodes: [], starts: [], text: '' };
  const links: MarkedLink[] = [];
  for (const { chunk, links: own } of parts) {
    const offset = merged.text.length;
    merged.nodes.push(...chunk.nodes);
    merged.starts.push(...chunk.starts.map((s) => s + offset));
    merged.text += chunk.text;
    for (const l of own) links.push({ ...l, start: l.start + offset, end: l.end + offset });
  }
  return { chunk: merged, links };
}

/** Page changes are gathered this long before one rescan: a live blog adding ten posts costs one pass. */
export const MUTATION_BATCH_MS = 120;

/**
 * A block whose marks the page removed this many times (a sanitiser, a framework that owns its
 * markup) is left unmarked from then on: marking it again would start an endless tug of war.
 */
export const MAX_PAGE_UNMARKS = 3;

export interface ScanResult {
  linked: number;
  roots: number;
}

export interface ScannerOptions {
  doc: Document;
  entities: readonly MatcherEntity[];
  /** Put marks in the tab order (a user setting). */
  tabbable?: boolean;
  /** Underline (the default) or a background tint (a user setting). */
  highlightStyle?: HighlightStyle;
  /** Called after every pass with the number of linked mentions on the page. */
  onChange?: (result: ScanResult) => void;
  /** Called right before marks go into the page (the content script puts the marks' stylesheet in with the first). */
  beforeMark?: () => void;
}

function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class PageScanner {
  private readonly matcher: Matcher;
  private readonly linker: Linker;
  private readonly kinds: Map<string, MarkedLink['kind']>;
  private readonly highlighter: Highlighter;
  private page: PageState = newPageState();
  private roots: Element[] = [];
  private observer: MutationObserver | null = null;
  private pending: MutationRecord[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  /** In how many of our passes the page then removed our marks, per block; see MAX_PAGE_UNMARKS. */
  private unmarked = new WeakMap<Node, number>();
  /** Blocks counted since our last pass: a sanitiser unwrapping five marks one by one is one refusal. */
  private unmarkedSincePass = new Set<Node>();
  /** The text of each block as we rescanned it, to tell a page stripping our marks from one rewriting its text. */
  private markedText = new WeakMap<Node, string>();
  private refusedBlocks = 0;

  constructor(private readonly options: ScannerOptions) {
    this.matcher = buildMatcher(options.entities);
    this.linker = new Linker(options.entities, { metadata: () => readPageMetadata(options.doc) });
    this.kinds = new Map(options.entities.map((e) => [e.id, e.kind]));
    this.highlighter = new Highlighter(options.doc, options.tabbable ?? false, options.highlightStyle);
  }

  /** Is this one of our marks, not a look-alike the page made to borrow our card? */
  isOwnMark(target: EventTarget | null): target is HTMLElement {
    return target instanceof HTMLElement && target.matches(`mark.${MARK_CLASS}`) && this.highlighter.isOwn(target);
  }

  /** The first mark of each mention, in document order. */
  mentionMarks(): HTMLElement[] {
    return this.highlighter.mentionMarks();
  }

  mentionCount(): number {
    return this.highlighter.mentionCount();
  }

  mention(id: string) {
    return this.highlighter.mentions.get(id);
  }

  /** The mention one of our marks stands for (our own memory, never the mark's attributes). */
  mentionOf(target: EventTarget | null) {
    return this.highlighter.mentionOf(target);
  }

  /** Mentions per entity id. */
  entityCounts(): Map<string, number> {
    return this.highlighter.entityCounts();
  }

  /** Scans the article regions now present, then watches for changes. */
  async start(roots = findArticleRoots(this.options.doc)): Promise<ScanResult> {
    this.roots = roots;
    // The bench attributes long tasks to this window of work (lib/content/probe.ts).
    probeMoment('scan-start');
    // Watch from the start: a page that changes while the first pass runs (hydration, a live
    // blog's first update) is followed too. Our own changes are absorbed as we make them.
    this.observe();
    await this.enqueue(() => this.scanNodes(roots));
    probeMoment('scan-end');
    return this.result();
  }

  /** Removes every mark, stops watching. Safe to call twice. */
  stop(): void {
    this.stopped = true;
    this.observer?.disconnect();
    this.observer = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
    this.highlighter.removeAll();
  }

  private result(): ScanResult {
    return { linked: this.highlighter.mentionCount(), roots: this.roots.length };
  }

  /** Runs passes one after the other, never two at once. */
  private enqueue(pass: () => Promise<void>): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.stopped) return;
      await pass();
      if (!this.stopped) this.options.onChange?.(this.result());
    });
    return this.running;
  }

  private async scanNodes(nodes: readonly Node[]): Promise<void> {
    // Collect per top-level child, so even a huge article is read in slices.
    const chunks: TextChunk[] = [];
    let sliceStart = performance.now();
    const pause = async () => {
      if (performance.now() - sliceStart > SLICE_MS) {
        this.takePageRecords();
        await yieldToPage();
        sliceStart = performance.now();
      }
    };
    for (const node of nodes) {
      if (this.refused(node)) continue;
      const parts =
        node.nodeType === Node.ELEMENT_NODE && node.childNodes.length > 1 ? Array.from(node.childNodes) : [node];
      for (const part of parts) {
        if (this.stopped) return;
        if (part.nodeType === Node.ELEMENT_NODE && (part as Element).matches(EXCLUDED_SELECTOR)) continue;
        if (!part.isConnected) continue;
        for (const chunk of walkChunks(part)) {
          if (!chunk) await pause();
          else if (!this.refused(chunk.nodes[0]!)) chunks.push(chunk);
          if (this.stopped) return;
        }
        await pause();
      }
    }
    // Link all chunks of the pass together: a full name anywhere is evidence for a surname anywhere.
    const prepared = [];
    for (const chunk of chunks) {
      const { tokens, candidates } = await this.read(chunk.text, pause);
      if (candidates.length) prepared.push({ chunk, text: chunk.text, tokens, candidates });
      await pause();
    }
    const decisions = [];
    for (const p of prepared) {
      decisions.push(this.linker.decide(p, this.page));
      await pause();
    }
    // Marks go in with few mark.js calls (each has a fixed cost), each over a handful of
    // paragraphs (each call's cost grows with its nodes): chunks are merged up to a size.
    let batch: { chunk: TextChunk; links: MarkedLink[] }[] = [];
    let batchNodes = 0;
    const flush = () => {
      if (!batch.length) return;
      this.takePageRecords();
      this.options.beforeMark?.();
      if (this.highlighter.mark(mergeChunks(batch)).length) probeMoment('first-mark');
      this.absorbOwnMutations();
      batch = [];
      batchNodes = 0;
    };
    for (let i = 0; i < prepared.length; i++) {
      if (this.stopped) return;
      const { chunk } = prepared[i]!;
      const chunkLinks = this.linker.resolve(prepared[i]!, decisions[i]!, this.page);
      const large = chunk.text.length > MARK_PART_CHARS || chunk.nodes.length > MARK_PART_NODES;
      if (large && performance.now() - sliceStart > SLICE_MS) {
        flush();
        await pause();
        if (this.stopped) return;
      }
      if (chunkLinks.length && chunk.nodes.every((n) => n.isConnected)) {
        const links = chunkLinks.map((l) => ({ ...l, kind: this.kinds.get(l.entityId) ?? 'person' }));
        // A large block is marked in parts (cutting long text nodes is our own change, absorbed).
        this.takePageRecords();
        const parts = this.highlighter.parts(chunk, links);
        this.absorbOwnMutations();
        for (const part of parts) {
          if (this.stopped) return;
          batch.push(part);
          batchNodes += part.chunk.nodes.length;
          if (batchNodes >= MARK_BATCH_NODES) flush();
          if (performance.now() - sliceStart > SLICE_MS) {
            flush();
            await pause();
          }
        }
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        flush();
        await pause();
      }
    }
    flush();
  }

  /**
   * Tokens and candidate matches of a block's text, read in segments when it is large: the same
   * as reading it at once. A segment keeps the matches that start early enough to have seen every
   * token they could need (the matcher's longest phrase, and more); the next segment starts
   * after them, where a reading from the start would be too.
   */
  private async read(text: string, pause: () => Promise<void>): Promise<{ tokens: Token[]; candidates: Candidate[] }> {
    if (text.length <= SCAN_SEGMENT_CHARS) {
      const tokens = tokenize(text);
      return { tokens, candidates: this.matcher.scan(text, tokens) };
    }
    const overlap = this.matcher.longest + 2;
    const tokens: Token[] = [];
    const candidates: Candidate[] = [];
    let from = 0;
    let size = SCAN_SEGMENT_CHARS;
    for (;;) {
      const to = Math.min(text.length, from + size);
      const last = to === text.length;
      const segment = tokenize(text.slice(from, to));
      if (!last && segment.length <= overlap) {
        size *= 2; // a few enormous tokens: read further before cutting
        continue;
      }
      for (const t of segment) {
        t.start += from;
        t.end += from;
      }
      let keep = last ? segment.length : segment.length - overlap;
      const found = this.matcher.scan(text, segment).filter((c) => last || c.firstToken < keep);
      if (found.length) keep = Math.max(keep, found.at(-1)!.lastToken);
      const offset = tokens.length;
      for (const c of found)
        candidates.push({ ...c, firstToken: c.firstToken + offset, lastToken: c.lastToken + offset });
      for (let i = 0; i < keep; i++) tokens.push(segment[i]!);
      if (last) return { tokens, candidates };
      from = segment[keep]!.start;
      size = SCAN_SEGMENT_CHARS;
      await pause();
    }
  }

  /**
   * Drops the mutation records our own change just caused. Call it right after each change we
   * make, with the page's records taken before it (`takePageRecords`): what is queued at any
   * other time is the page's.
   */
  private absorbOwnMutations(): void {
    this.observer?.takeRecords();
  }

  /** Hands the page's queued changes to `acceptPageRecords` (before we change the DOM ourselves). */
  private takePageRecords(): void {
    if (this.observer) this.acceptPageRecords(this.observer.takeRecords());
  }

  /** Page changes: counted, repaired at once, and batched for one rescan. */
  private acceptPageRecords(records: MutationRecord[]): void {
    if (!records.length) return;
    this.countPageUnmarks(records);
    // Repair at once, before the page paints: a framework that rewrote or removed a text
    // node we split must not show our stale pieces beside its new text.
    this.repair(records);
    // What the repair itself changed is ours, not the page's.
    this.absorbOwnMutations();
    this.pending.push(...records);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.enqueue(() => this.handleMutations());
    }, MUTATION_BATCH_MS);
  }

  private observe(): void {
    if (this.stopped || this.observer || !this.options.doc.body) return;
    this.observer = new MutationObserver((records) => this.acceptPageRecords(records));
    this.observer.observe(this.options.doc.body, { childList: true, subtree: true, characterData: true });
  }

  private isOurs(node: Node): boolean {
    if (this.highlighter.isOwn(node)) return true;
    return node.nodeType === Node.ELEMENT_NODE && (node as Element).matches(`mark.${MARK_CLASS}, fact-context-card`);
  }

  /**
   * Notes the blocks whose marks the page took out while keeping their text: our mark replaced
   * by its own words in one change, or the block reading as it did when we last marked it.
   * A framework that re-renders new text over our marks (a ticker) is not refusing them.
   */
  private countPageUnmarks(records: readonly MutationRecord[]): void {
    const text = (nodes: NodeList) => Array.from(nodes, (n) => n.textContent ?? '').join('');
    for (const r of records) {
      if (r.type !== 'childList' || !r.target.isConnected) continue;
      const removedMark = Array.from(r.removedNodes).some(
        (n) => n.nodeType === Node.ELEMENT_NODE && this.highlighter.isOwn(n),
      );
      if (!removedMark) continue;
      const block = blockOf(r.target);
      const before = this.markedText.get(block);
      const textKept =
        text(r.addedNodes) === text(r.removedNodes) || (before !== undefined && block.textContent === before);
      if (!textKept) continue;
      if (this.unmarkedSincePass.has(block)) continue;
      this.unmarkedSincePass.add(block);
      const times = (this.unmarked.get(block) ?? 0) + 1;
      this.unmarked.set(block, times);
      if (times === MAX_PAGE_UNMARKS) this.refusedBlocks++;
    }
  }

  /** Whether `node` lies in a block the page keeps free of marks. */
  private refused(node: Node): boolean {
    if (!this.refusedBlocks) return false;
    for (let at: Node | null = node; at; at = at.parentNode)
      if ((this.unmarked.get(at) ?? 0) >= MAX_PAGE_UNMARKS) return true;
    return false;
  }

  private repair(records: readonly MutationRecord[]): void {
    let removed = false;
    for (const r of records) {
      if (r.type === 'characterData' && this.highlighter.isSplit(r.target))
        this.highlighter.pageChangedText(r.target as Text);
      else if (r.removedNodes.length) removed = true;
    }
    if (removed) this.highlighter.sweepDetached();
  }

  private async handleMutations(): Promise<void> {
    const records = this.pending.splice(0);
    this.unmarkedSincePass.clear();
    if (!records.length) return;
    const blocks = new Set<Node>();
    let rootsGone = false;
    for (const r of records) {
      if (r.type === 'characterData') {
        const node = r.target as Text;
        if (!this.isOurs(node)) blocks.add(blockOf(node));
        continue;
      }
      for (const node of Array.from(r.addedNodes)) {
        if (this.isOurs(node) || !node.isConnected) continue;
        blocks.add(blockOf(node));
      }
      if (r.removedNodes.length && this.roots.some((root) => !root.isConnected)) rootsGone = true;
    }
    // Single-page navigation may replace the article: look for the regions again.
    const roots = findArticleRoots(this.options.doc);
    const newRoots = roots.filter((r) => !this.roots.includes(r));
    if (rootsGone || newRoots.length) {
      this.roots = roots;
      if (rootsGone) this.page = newPageState();
    }
    const targets = new Set<Node>(newRoots);
    for (const b of blocks) {
      if (!b.isConnected) continue;
      const containing = this.roots.filter((root) => b !== root && b.contains(root));
      if (containing.length) {
        containing.forEach((root) => targets.add(root));
        continue;
      }
      if (!this.roots.some((root) => root.contains(b))) continue;
      if (b.nodeType === Node.ELEMENT_NODE && (b as Element).closest(EXCLUDED_SELECTOR)) continue;
      if (b.parentElement?.closest(EXCLUDED_SELECTOR)) continue;
      targets.add(b);
    }
    const outer = [...targets].filter((t) => ![...targets].some((o) => o !== t && o.contains(t)));
    if (!outer.length) return;
    this.takePageRecords();
    for (const t of outer) this.highlighter.removeWithin(t);
    this.absorbOwnMutations();
    for (const t of outer) this.markedText.set(t, t.textContent ?? '');
    await this.scanNodes(outer);
  }
}

const BLOCKISH = 'p, li, h1, h2, h3, h4, h5, h6, blockquote, td, th, dd, dt, figcaption, article, section, div';

/** The block to rescan when `node` changed: its nearest block-level ancestor (or itself). */
function blockOf(node: Node): Node {
  const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  return el?.closest(BLOCKISH) ?? el ?? node;
}
