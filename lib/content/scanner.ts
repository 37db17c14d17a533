/**
 * Finds and highlights mentions on one page: scans the article regions in time slices, then
 * follows the page's changes with one batched MutationObserver. One cleanup path: `stop()`
 * removes every mark and stops every observer, listener and timer.
 *
 * Bounded (lib/content/limits.ts): every step is linear in what it reads, or capped by a named
 * limit; a page that keeps undoing our marks is backed off from (lib/content/backoff.ts); past a
 * per-page work budget the scanner stops for that page and says why (`stoppedReason`).
 */
import type { MatcherEntity } from '../messaging/protocol';
import { buildMatcher, type Candidate, type Matcher } from '../match/matcher';
import { Linker, newPageEvidence, type Link, type MatchedText, type PageEvidence } from '../match/link';
import { tokenize, type Token } from '../match/text';
import { RerenderHistory, type Place } from './backoff';
import { watchCopy } from './copy';
import { inDesignMode, inEditableMarkup, isEditable, watchEditing } from './editing';
import {
  Highlighter,
  MARK_CLASS,
  MARK_PART_CHARS,
  MARK_PART_NODES,
  type HighlightStyle,
  type MarkedLink,
  type MarkPart,
} from './highlight';
import {
  DESIGN_MODE_POLL_MS,
  ANSWER_MS,
  MARK_FLUSH_NODES,
  MAX_BATCH_NODES,
  MAX_DEPTH,
  MAX_DIRTY_BLOCKS,
  MUTATION_BATCH_MS,
  PAGE_REPEAT_WINDOW_MS,
  PAGE_WORK_BUDGET_MS,
  ROOT_SEARCH_MS,
  SCAN_SEGMENT_CHARS,
} from './limits';
import { readPageMetadata } from './page-metadata';
import { probeMoment } from './probe';
import { FrameMeter, SLICE_MS, WorkBudget, writeSliceMs, yieldAfterWrite, yieldToPage } from './schedule';
import { EXCLUDED_SELECTOR, findArticleRoots, walkChunks, type TextChunk } from './scope';
import { markingOrder } from './viewport';
export { MUTATION_BATCH_MS } from './limits';

export { MAX_PAGE_UNMARKS } from './backoff';
export { SLICE_MS } from './schedule';

/** Why the scanner stopped on its own for a page. */
export type StopReason = 'work-budget' | 're-render-loop';

export interface ScanResult {
  linked: number;
  roots: number;
  /** Why the scanner stopped for this page on its own (every mark removed), or null while it runs. */
  stoppedReason: StopReason | null;
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
  /** Main-thread milliseconds allowed on this page (PAGE_WORK_BUDGET_MS unless given). */
  workBudgetMs?: number;
  /** Called right before marks go into the page (the content script puts the marks' stylesheet in with the first). */
  beforeMark?: () => void;
}

/** Several parts as one (mark.js concatenates its context's text nodes in the same order). */
function mergeParts(parts: readonly MarkPart[]): MarkPart {
  if (parts.length === 1) return parts[0]!;
  const merged: TextChunk = { nodes: [], starts: [], text: '' };
  const links: MarkedLink[] = [];
  const places: (Place | null)[] = [];
  for (const { chunk, links: own, places: where } of parts) {
    const offset = merged.text.length;
    merged.nodes.push(...chunk.nodes);
    merged.starts.push(...chunk.starts.map((s) => s + offset));
    merged.text += chunk.text;
    for (const l of own) links.push({ ...l, start: l.start + offset, end: l.end + offset });
    for (let i = 0; i < chunk.nodes.length; i++) places.push(where?.[i] ?? null);
  }
  return { chunk: merged, links, places };
}

/** Tags that make a block to rescan when something inside changed. */
const BLOCKISH = new Set('P LI H1 H2 H3 H4 H5 H6 BLOCKQUOTE TD TH DD DT FIGCAPTION ARTICLE SECTION DIV'.split(' '));

/** The block to rescan when `node` changed: its nearest block-level ancestor (or its own element), null past MAX_DEPTH. */
function blockOf(node: Node): Node | null {
  const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentNode;
  if (!el) return null;
  let at: Node | null = el;
  for (let steps = 0; at && at.nodeType === Node.ELEMENT_NODE; steps++, at = at.parentNode) {
    if (steps > MAX_DEPTH) return null;
    if (BLOCKISH.has((at as Element).tagName)) return at;
  }
  return el;
}

export class PageScanner {
  private readonly matcher: Matcher;
  private readonly linker: Linker;
  private readonly kinds: Map<string, MarkedLink['kind']>;
  private readonly highlighter: Highlighter;
  private readonly history = new RerenderHistory(MUTATION_BATCH_MS);
  private readonly budget: WorkBudget;
  private readonly listeners = new AbortController();
  private page: PageEvidence = newPageEvidence();
  private roots: Element[] = [];
  private rootSet = new Set<Element>();
  private lastRootSearch = -Infinity;
  private observer: MutationObserver | null = null;
  private readonly observed = new Set<Node>();
  /** Blocks the page changed, waiting for the next rescan; `dirtyAll` when too many to list. */
  private dirty = new Set<Node>();
  private dirtyAll = false;
  /** Blocks whose marking waits for the re-render back-off, with when. */
  private deferred = new Map<Node, number>();
  /** Changed blocks outside every root, waiting for the next search for roots (ROOT_SEARCH_MS). */
  private outside = new Set<Node>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private deferTimer: ReturnType<typeof setTimeout> | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private designModePoll: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  /** The document is in design mode: nothing is marked until it leaves it. */
  private paused = false;
  /** Bumped whenever text may have become editable: chunks read before are checked again. */
  private editableEpoch = 0;
  /** Editing hosts the reader focused or typed in (found editable by `isContentEditable`). */
  private readonly released = new WeakSet<Element>();
  private anyReleased = false;
  /** When the page last changed something where nothing of ours was. */
  private lastIndependent = -Infinity;
  /** The back-off gave up on a block the page kept undoing our marks in. */
  private gaveUp = false;
  /** Why the scanner stopped for this page on its own, or null while it runs (or was stopped from outside). */
  stoppedReason: StopReason | null = null;

  constructor(private readonly options: ScannerOptions) {
    this.matcher = buildMatcher(options.entities);
    // One matcher for the page: the linker scans the page's metadata with it too.
    this.linker = new Linker(options.entities, {
      metadata: () => readPageMetadata(options.doc),
      matcher: this.matcher,
    });
    this.kinds = new Map(options.entities.map((e) => [e.id, e.kind]));
    this.highlighter = new Highlighter(
      options.doc,
      options.tabbable ?? false,
      options.highlightStyle,
      (node) => inEditableMarkup(node) || this.insideReleased(node),
    );
    this.budget = new WorkBudget(options.workBudgetMs ?? PAGE_WORK_BUDGET_MS);
  }

  /** Is this one of our marks, not a look-alike the page made to borrow our card? */
  isOwnMark(target: EventTarget | null): target is HTMLElement {
    return target instanceof HTMLElement && target.matches(`mark.${MARK_CLASS}`) && this.highlighter.isOwnMark(target);
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
    this.setRoots(roots);
    // The bench attributes long tasks to this window of work (lib/content/probe.ts).
    probeMoment('scan-start');
    // Watch from the start: a page that changes while the first pass runs (hydration, a live
    // blog's first update) is followed too. Our own changes are absorbed as we make them.
    this.observe();
    this.listen();
    if (inDesignMode(this.options.doc)) this.enterDesignMode();
    else await this.enqueue(() => this.scanNodes(this.roots));
    probeMoment('scan-end');
    return this.result();
  }

  /** Removes every mark, stops watching. Safe to call twice. */
  stop(): void {
    this.stopped = true;
    this.observer?.disconnect();
    this.observer = null;
    this.listeners.abort();
    for (const t of [this.timer, this.deferTimer, this.searchTimer]) if (t) clearTimeout(t);
    if (this.designModePoll) clearInterval(this.designModePoll);
    this.timer = this.deferTimer = this.searchTimer = this.designModePoll = null;
    this.dirty.clear();
    this.outside.clear();
    this.deferred.clear();
    this.highlighter.removeAll();
  }

  /** Stops on its own, says why (in the result and `stoppedReason`), and tells the listener. */
  private halt(reason: StopReason): void {
    if (this.stopped) return;
    this.stoppedReason = reason;
    this.stop();
    this.options.onChange?.(this.result());
  }

  private result(): ScanResult {
    return { linked: this.highlighter.mentionCount(), roots: this.roots.length, stoppedReason: this.stoppedReason };
  }

  private setRoots(roots: Element[]): void {
    this.roots = roots;
    this.rootSet = new Set(roots);
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

  /** Counts `work`'s time against the page's budget; stops for the page once it is spent. */
  private measured(work: () => void): void {
    this.budget.measure(work);
    if (this.budget.exceeded) this.halt('work-budget');
  }

  private listen(): void {
    const { doc } = this.options;
    const signal = this.listeners.signal;
    this.highlighter.selection.watch(signal);
    watchEditing(doc, { check: () => this.checkDesignMode(), editing: (host) => this.release(host) }, signal);
    if (doc.defaultView) watchCopy(doc.defaultView, (n) => this.highlighter.isOwnMark(n), signal);
  }

  /** Whether `node` lies in a host released as editable: one walk up, at most MAX_DEPTH steps. */
  private insideReleased(node: Node): boolean {
    if (!this.anyReleased) return false;
    let at: Node | null = node;
    for (let steps = 0; at && steps <= MAX_DEPTH; steps++, at = at.parentNode)
      if (this.released.has(at as Element)) return true;
    return false;
  }

  /** Text under `root` became editable (or is about to be edited): our marks leave it at once. */
  private release(root: Element): void {
    if (this.stopped) return;
    // Editable without the attribute (CSS): never marked again while the page lives.
    this.released.add(root);
    this.anyReleased = true;
    this.editableEpoch++;
    // Most key presses in an editor find nothing of ours: no walk of the host then.
    if (!this.highlighter.hasRuns()) return;
    this.takePageRecords();
    this.highlighter.releaseWithin(root);
    this.absorbOwnMutations();
  }

  /**
   * What no event can be trusted to say between two write slices (a page can stop events before
   * they reach our listeners, and its own selectionchange comes a task late): the selection is
   * asked again, and design mode looked at, once per slice.
   */
  private beforeWriteSlice(): void {
    this.highlighter.selection.recheck();
    this.checkDesignMode();
  }

  private checkDesignMode(): void {
    if (this.stopped) return;
    const on = inDesignMode(this.options.doc);
    if (on && !this.paused) this.enterDesignMode();
    else if (!on && this.paused) this.leaveDesignMode();
  }

  /** The whole document became editable: every mark goes, nothing is marked until it leaves design mode. */
  private enterDesignMode(): void {
    this.paused = true;
    this.editableEpoch++;
    this.takePageRecords();
    this.highlighter.removeAll();
    this.absorbOwnMutations();
    this.designModePoll ??= setInterval(() => this.checkDesignMode(), DESIGN_MODE_POLL_MS);
  }

  private leaveDesignMode(): void {
    this.paused = false;
    if (this.designModePoll) clearInterval(this.designModePoll);
    this.designModePoll = null;
    this.dirtyAll = true;
    this.schedule();
  }

  private async scanNodes(nodes: readonly Node[]): Promise<void> {
    // Collect per top-level child, so even a huge article is read in slices.
    const chunks: TextChunk[] = [];
    /**
     * Where each chunk's text nodes were when read: a node the page moved since (into an
     * opted-out section, a form field, a link) is not marked where it landed; its new place is
     * the page's change, rescanned as such.
     */
    const parents = new WeakMap<TextChunk, (Node | null)[]>();
    let sliceStart = performance.now();
    const epoch = this.editableEpoch;
    const pause = async () => {
      if (performance.now() - sliceStart <= SLICE_MS) return;
      this.takePageRecords();
      this.budget.spend(performance.now() - sliceStart);
      if (this.budget.exceeded) return this.halt('work-budget');
      await yieldToPage();
      sliceStart = performance.now();
    };
    const done = () => this.stopped || this.paused;
    for (const node of nodes) {
      // An article root is read child by child (its blocks); any other target (a block the page
      // changed) whole: read child by child, a paragraph's text nodes were each a chunk of their
      // own, so a ticker's "Now speaking: <name> at <n>" was read as "<name>" alone.
      const parts =
        node.nodeType === Node.ELEMENT_NODE && node.childNodes.length > 1 && this.rootSet.has(node as Element)
          ? Array.from(node.childNodes)
          : [node];
      for (const part of parts) {
        if (done()) return;
        if (part.nodeType === Node.ELEMENT_NODE && (part as Element).matches(EXCLUDED_SELECTOR)) continue;
        if (!part.isConnected) continue;
        for (const chunk of walkChunks(part)) {
          if (!chunk) await pause();
          else {
            chunks.push(chunk);
            parents.set(
              chunk,
              chunk.nodes.map((n) => n.parentNode),
            );
          }
          if (done()) return;
        }
        await pause();
      }
    }
    // Link all chunks of the pass together: a full name anywhere is evidence for a surname anywhere.
    // Every chunk is evidence (topic words, vocabulary), those without a name too: a paragraph
    // about the State Department supports "Matt Miller" two paragraphs up (ADR 014). Only chunks
    // with candidates are linked and marked.
    const prepared = [];
    const decisions = [];
    for (const chunk of chunks) {
      const { tokens, candidates } = await this.read(chunk.text, pause);
      const read = { chunk, text: chunk.text, tokens, candidates };
      const decided = this.linker.decide(read, this.page);
      if (candidates.length) {
        prepared.push(read);
        decisions.push(decided);
      }
      await pause();
      if (done()) return;
    }
    // Every link is decided before the first mark, so marks can go in where the reader looks
    // first: a full name below the fold still names a surname on the first screen.
    const toMark: { read: MatchedText & { chunk: TextChunk }; links: Link[] }[] = [];
    for (let i = 0; i < prepared.length; i++) {
      const links = this.linker.resolve(prepared[i]!, decisions[i]!, this.page);
      if (links.length) toMark.push({ read: prepared[i]!, links });
      await pause();
      if (done()) return;
    }
    // Marks go in with few mark.js calls (each has a fixed cost), each over a handful of
    // paragraphs (each call's cost grows with its nodes): chunks are merged up to a size. Writing
    // is sliced apart from reading: the browser lays out what each write slice changed before the
    // next (lib/content/schedule.ts, yieldAfterWrite).
    let batch: MarkPart[] = [];
    let batchNodes = 0;
    const flush = () => {
      if (!batch.length) return;
      this.takePageRecords();
      if (!this.paused) {
        this.options.beforeMark?.();
        if (this.highlighter.mark(mergeParts(batch)).length) probeMoment('first-mark');
      }
      this.absorbOwnMutations();
      for (const part of batch) this.observeRootOf(part.chunk.nodes[0]);
      batch = [];
      batchNodes = 0;
    };
    await pause();
    if (done()) return;
    this.beforeWriteSlice();
    if (done()) return;
    let writeStart = performance.now();
    const frames = new FrameMeter(this.options.doc.defaultView);
    const written = async () => {
      if (performance.now() - writeStart <= writeSliceMs(frames.last)) return;
      flush();
      this.takePageRecords();
      this.budget.spend(performance.now() - writeStart);
      if (this.budget.exceeded) return this.halt('work-budget');
      frames.start();
      await yieldAfterWrite();
      writeStart = sliceStart = performance.now();
      this.beforeWriteSlice();
    };
    try {
      for (const i of markingOrder(toMark.map((m) => m.read.chunk))) {
        if (done()) return;
        const { read, links: chunkLinks } = toMark[i]!;
        const { chunk } = read;
        const large = chunk.text.length > MARK_PART_CHARS || chunk.nodes.length > MARK_PART_NODES;
        if (large) await written();
        if (done()) return;
        const place = this.placeFor(chunk, epoch);
        const where = parents.get(chunk);
        const unmoved = chunk.nodes.every((n, k) => n.isConnected && n.parentNode === where?.[k]);
        if (place && unmoved) {
          const links = chunkLinks.map((l) => ({ ...l, kind: this.kinds.get(l.entityId) ?? 'person' }));
          this.history.marked(place, performance.now());
          // A large block is marked in parts (copying long text nodes as pieces is our own change, absorbed).
          this.takePageRecords();
          const parts = this.highlighter.parts(chunk, links, place);
          this.absorbOwnMutations();
          for (const part of parts) {
            if (done()) return;
            batch.push(part);
            batchNodes += part.chunk.nodes.length;
            if (batchNodes >= MARK_FLUSH_NODES) flush();
            await written();
          }
        }
        await written();
      }
    } finally {
      frames.stop();
    }
    sliceStart = writeStart;
    if (!done()) flush();
    this.budget.spend(performance.now() - sliceStart);
    if (this.budget.exceeded) this.halt('work-budget');
    // Every block we marked, the page undid until we gave up on it: nothing of ours stays on the
    // page, and the page keeps undoing whatever we mark. We stop for it and say so.
    else if (this.gaveUp && !done() && this.onlyAnswering(performance.now()) && this.highlighter.mentionCount() === 0)
      this.halt('re-render-loop');
  }

  /**
   * Where a chunk would be marked, or null when it must not be now: text that became editable
   * since it was read, a block the page keeps stripping or re-rendering (given up, or waiting
   * for the back-off, then rescanned).
   */
  private placeFor(chunk: TextChunk, epoch: number): Place | null {
    const block = chunk.block ?? chunk.nodes[0]!.parentNode ?? chunk.nodes[0]!;
    if (epoch !== this.editableEpoch && isEditable(chunk.nodes[0]!)) return null;
    const verdict = this.history.verdict(block, chunk.text, performance.now());
    if (verdict.kind === 'never') {
      this.gaveUp = true;
      return null;
    }
    if (verdict.kind === 'wait') {
      this.defer(block, verdict.until);
      return null;
    }
    return { block, parent: block.parentNode, text: chunk.text };
  }

  /** Rescans `block` once the back-off allows (at `until`). */
  private defer(block: Node, until: number): void {
    const known = this.deferred.get(block);
    if (known !== undefined && known <= until) return;
    this.deferred.set(block, until);
    this.armDeferTimer();
  }

  private armDeferTimer(): void {
    if (this.deferTimer) clearTimeout(this.deferTimer);
    this.deferTimer = null;
    if (!this.deferred.size || this.stopped) return;
    const next = Math.min(...this.deferred.values());
    this.deferTimer = setTimeout(
      () => {
        this.deferTimer = null;
        const now = performance.now();
        for (const [block, at] of this.deferred) {
          if (at > now) continue;
          this.deferred.delete(block);
          this.dirty.add(block);
        }
        this.armDeferTimer();
        this.schedule();
      },
      Math.max(0, next - performance.now()),
    );
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

  /** Page changes: applied to our runs at once, counted for the back-off, and noted for one rescan. */
  private acceptPageRecords(records: MutationRecord[]): void {
    if (!records.length || this.stopped) return;
    let looping = false;
    this.measured(() => {
      // Repair at once, before the page paints: a framework that rewrote or removed a text node
      // we copied must not show our stale copy beside its new text.
      const now = performance.now();
      // Changes that touch nothing of ours: the page re-rendering on its own clock (a ticker),
      // not in answer to our marks. Noted before the repair, which ends the runs it touches.
      const untouched = records.filter((r) => !this.touchesOurs(r));
      const undone = this.highlighter.pageChanged(records);
      for (const place of undone) this.history.undone(place, now);
      const answered = undone.filter((place) => this.history.markedWithin(place, now, ANSWER_MS));
      const independent = withoutRemovalsOf(untouched, answered);
      // A block the page changes while we do not mark it is re-rendered anyway: following it costs
      // no more than the page's own pace, so its back-off starts again. A page that re-renders only
      // in answer to our marks stays quiet while we wait, and is backed off from.
      for (const r of independent) {
        const block = blockOf(r.target);
        if (block) this.history.independent(block);
      }
      if (independent.length) this.lastIndependent = now;
      looping = this.history.inLoop(now) && this.onlyAnswering(now);
      const blocks = new Map<Node, Node | null>();
      const dirty = (node: Node) => {
        if (!blocks.has(node)) blocks.set(node, blockOf(node));
      };
      let added = 0;
      for (const r of records) {
        if (r.type === 'attributes') {
          // contenteditable set or changed: editable text is the reader's, our marks leave it.
          if (isEditable(r.target)) this.highlighter.releaseWithin(r.target);
          this.editableEpoch++;
          continue;
        }
        if (r.type === 'characterData') {
          dirty(r.target);
          continue;
        }
        let ours = false;
        for (const n of Array.from(r.removedNodes)) ours ||= this.isOurs(n);
        for (const n of Array.from(r.addedNodes)) {
          if (this.isOurs(n)) ours = true;
          else if (n.isConnected && ++added <= MAX_BATCH_NODES) dirty(n);
        }
        // The page moved our nodes (unwrapped a mark), or added more than we place one by one.
        if (ours || added > MAX_BATCH_NODES) dirty(r.target);
      }
      // What the repair itself changed is ours, not the page's.
      this.absorbOwnMutations();
      for (const block of blocks.values()) if (block) this.dirty.add(block);
      if (this.dirty.size > MAX_DIRTY_BLOCKS) {
        this.dirty.clear();
        this.dirtyAll = true;
      }
    });
    // A page that undoes whatever we mark, everywhere: we stop feeding its loop, and say so.
    if (looping) return this.halt('re-render-loop');
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || (!this.dirty.size && !this.dirtyAll)) return;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.enqueue(() => this.handleMutations());
    }, MUTATION_BATCH_MS);
  }

  private observe(): void {
    if (this.stopped || this.observer || !this.options.doc.body) return;
    this.observer = new MutationObserver((records) => this.acceptPageRecords(records));
    this.observeRoot(this.options.doc.body);
  }

  private observeRoot(root: Node): void {
    if (!this.observer || this.observed.has(root)) return;
    this.observed.add(root);
    this.observer.observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['contenteditable'],
    });
  }

  /** Marks in a page's shadow root are followed there too (the body's observer does not see inside). */
  private observeRootOf(node: Node | undefined): void {
    const root = node?.getRootNode();
    if (root && root !== this.options.doc && root.nodeType === Node.DOCUMENT_FRAGMENT_NODE) this.observeRoot(root);
  }

  /**
   * A node we made (a mark, a copy of the page's text): known by identity, never by a name or
   * class the page could give its own nodes. The card's host needs no check: it hangs off the
   * document element, outside the observed body, with its content in a closed shadow root.
   */
  private isOurs(node: Node): boolean {
    return this.highlighter.isOwn(node);
  }

  /**
   * Whether the page has changed nothing but what we marked for PAGE_REPEAT_WINDOW_MS: its changes
   * answer our marks (a loop with us), it does not live on its own clock (a ticker, a live blog),
   * which we follow at its own pace.
   */
  private onlyAnswering(now: number): boolean {
    return now - this.lastIndependent > PAGE_REPEAT_WINDOW_MS;
  }

  /** Whether a page change touched a node of ours or a page node one of our runs stands in for. */
  private touchesOurs(r: MutationRecord): boolean {
    const h = this.highlighter;
    if (h.isOwn(r.target) || h.standsIn(r.target)) return true;
    if (r.type !== 'childList') return false;
    for (const n of Array.from(r.removedNodes)) if (h.isOwn(n) || h.standsIn(n)) return true;
    for (const n of Array.from(r.addedNodes)) if (h.isOwn(n) || h.standsIn(n)) return true;
    return false;
  }

  /**
   * The root holding `node`, 'excluded' when an excluded element lies between, or null (outside
   * every root, or deeper than MAX_DEPTH): one walk up, never a comparison with every root.
   */
  private rootOf(node: Node): Element | 'excluded' | null {
    let at: Node | null = node;
    for (let steps = 0; at && steps <= MAX_DEPTH; steps++, at = at.parentNode) {
      if (at.nodeType !== Node.ELEMENT_NODE) continue;
      if (this.rootSet.has(at as Element)) return at as Element;
      if ((at as Element).matches(EXCLUDED_SELECTOR)) return 'excluded';
    }
    return null;
  }

  private async handleMutations(): Promise<void> {
    if (this.paused || this.stopped) return;
    let outer: Node[] = [];
    this.measured(() => {
      const now = performance.now();
      const dirty = [...this.dirty];
      const all = this.dirtyAll;
      this.dirty.clear();
      this.dirtyAll = false;
      const rootsGone = this.roots.some((root) => !root.isConnected);
      const targets = new Set<Node>();
      const outside = new Set<Node>();
      for (const b of dirty) {
        if (!b.isConnected) continue;
        const root = this.rootOf(b);
        if (root === 'excluded') continue;
        if (root) targets.add(b);
        else outside.add(b);
      }
      let newRoots: Element[] = [];
      // Single-page navigation may replace the article: look for the regions again (at once when
      // one was taken out, at most once per ROOT_SEARCH_MS for changes outside them).
      if (rootsGone || all || (outside.size && now - this.lastRootSearch >= ROOT_SEARCH_MS)) {
        this.lastRootSearch = now;
        const roots = findArticleRoots(this.options.doc);
        newRoots = roots.filter((r) => !this.rootSet.has(r));
        if (rootsGone || newRoots.length) {
          this.setRoots(roots);
          if (rootsGone) this.page = newPageEvidence();
        }
      } else if (outside.size) {
        // Looked for again later (a change around a root still rescans it below, now).
        for (const b of outside) this.outside.add(b);
        if (this.outside.size > MAX_DIRTY_BLOCKS) {
          this.outside.clear();
          this.dirtyAll = true;
        }
        this.searchTimer ??= setTimeout(
          () => {
            this.searchTimer = null;
            for (const b of this.outside) this.dirty.add(b);
            this.outside.clear();
            this.schedule();
          },
          this.lastRootSearch + ROOT_SEARCH_MS - now,
        );
      }
      // A change around a root (a wrapper re-rendered) rescans the roots inside it.
      if (outside.size)
        for (const root of this.roots) {
          let at: Node | null = root.parentNode;
          for (let steps = 0; at && steps < MAX_DEPTH; steps++, at = at.parentNode)
            if (outside.has(at)) {
              targets.add(root);
              break;
            }
        }
      for (const r of newRoots) targets.add(r);
      if (all) for (const r of this.roots) targets.add(r);
      // The outermost targets only: one walk up from each.
      outer = [...targets].filter((t) => {
        if (!t.isConnected || this.rootOf(t) === 'excluded') return false;
        let at = t.parentNode;
        for (let steps = 0; at && steps < MAX_DEPTH; steps++, at = at.parentNode) if (targets.has(at)) return false;
        return true;
      });
      if (!outer.length) return;
      this.takePageRecords();
      for (const t of outer) this.highlighter.removeWithin(t);
      this.absorbOwnMutations();
    });
    if (outer.length && !this.stopped) await this.scanNodes(outer);
  }
}

/**
 * Of the page's changes that touched none of our nodes themselves, those that took out a whole
 * block with our marks inside (a re-render into a new element) right after we marked it
 * (ANSWER_MS) answer our marks all the same:
 * they are not the page's own clock, and must not reset its back-off. The top of each undone
 * place's detached tree is what the page removed.
 */
function withoutRemovalsOf(records: MutationRecord[], undone: readonly Place[]): MutationRecord[] {
  if (!undone.length) return records;
  const removed = new Set<Node>();
  for (const place of undone) {
    let top: Node = place.block;
    for (let steps = 0; steps < MAX_DEPTH && top.parentNode; steps++) top = top.parentNode;
    if (!top.isConnected) removed.add(top);
  }
  if (!removed.size) return records;
  return records.filter((r) => r.type !== 'childList' || !Array.from(r.removedNodes).some((n) => removed.has(n)));
}
