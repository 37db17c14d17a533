/**
 * Pages that keep undoing our marks. Two kinds, told apart by what the block reads afterwards:
 * - the page strips our marks and keeps its text (a sanitiser, a framework restoring its
 *   markup): after MAX_PAGE_UNMARKS times with the same text, that text is not marked again;
 * - the page re-renders the block over our marks (a ticker, or a page that re-renders whatever
 *   we mark, even with new text): followed at once FREE_RERENDERS times in a row, then with
 *   waits that double, and given up after MAX_RERENDERS. Marks that last RERENDER_FORGET_MS
 *   start the count again.
 * A block the page replaced with a new element is counted on the element that held it.
 */
import {
  FREE_RERENDERS,
  MAX_PAGE_REPEATS,
  MAX_REMEMBERED_TEXTS,
  MAX_RERENDERS,
  PAGE_REPEAT_WINDOW_MS,
  PLACE_LEVELS,
  RERENDER_FORGET_MS,
} from './limits';

/**
 * A block whose marks the page removed this many times keeping its text (a sanitiser, a
 * framework that owns its markup) is left unmarked from then on: marking it again would start
 * an endless tug of war.
 */
export const MAX_PAGE_UNMARKS = 3;

/** Where we marked: the block, the element holding it then, and the block's text then. */
export interface Place {
  block: Node;
  parent: Node | null;
  text: string;
  /** Set once the page undid our marks here: counted once per marking. */
  undone?: boolean;
}

export type Verdict = { kind: 'mark' } | { kind: 'wait'; until: number } | { kind: 'never' };

interface Count {
  times: number;
  markedAt: number;
  undoneAt: number;
}

export class RerenderHistory {
  private readonly texts = new Map<string, number>();
  private readonly counts = new WeakMap<Node, Count>();
  /** When the page undid marks it had undone before, oldest first (the last MAX_PAGE_REPEATS). */
  private readonly recentRepeats: number[] = [];

  /** `baseMs`: the first wait past FREE_RERENDERS (the mutation batch delay). */
  constructor(private readonly baseMs: number) {}

  /** We marked at `place` now. */
  marked(place: Place, now: number): void {
    for (const node of [place.block, place.parent]) if (node) this.count(node).markedAt = now;
  }

  /** The page undid our marks at `place` (rewrote, stripped, replaced or removed them). */
  undone(place: Place, now: number): void {
    if (place.undone) return;
    place.undone = true;
    // Stripping (the block still there, our marks gone): counted by its text. A block taken out
    // whole (a re-render into a new element, a list row recycled) strips nothing.
    if (place.block.isConnected) {
      const key = textKey(place.text);
      const times = (this.texts.get(key) ?? 0) + 1;
      this.texts.delete(key);
      this.texts.set(key, times);
      if (this.texts.size > MAX_REMEMBERED_TEXTS) this.texts.delete(this.texts.keys().next().value!);
    }
    const node = place.block.isConnected ? place.block : place.parent?.isConnected ? place.parent : null;
    if (!node) return;
    const count = this.count(node);
    count.times = now - count.markedAt >= RERENDER_FORGET_MS ? 1 : count.times + 1;
    count.undoneAt = now;
    // A repeat (a block the page undid before, again): one step of a loop. Taking a whole
    // article out at once (a single-page navigation) undoes each block once, and is no loop.
    if (count.times < 2) return;
    this.recentRepeats.push(now);
    if (this.recentRepeats.length > MAX_PAGE_REPEATS) this.recentRepeats.shift();
  }

  /**
   * The page changed `block` where nothing of ours was (it re-renders on its own, a ticker): the
   * counts of the block and of the elements above it that a re-render is looked for in start
   * again.
   */
  independent(block: Node): void {
    let node: Node | null = block;
    for (let level = 0; node && level <= PLACE_LEVELS; level++, node = node.parentNode) {
      const c = this.counts.get(node);
      if (c) c.times = 0;
    }
  }

  /** Whether we marked at `place` at most `ms` before `now`: a change that quick answers our marks. */
  markedWithin(place: Place, now: number, ms: number): boolean {
    const at = this.counts.get(place.block)?.markedAt;
    return at !== undefined && now - at <= ms;
  }

  /** Whether the page undid marks again MAX_PAGE_REPEATS times within PAGE_REPEAT_WINDOW_MS: a loop with us. */
  inLoop(now: number): boolean {
    return this.recentRepeats.length >= MAX_PAGE_REPEATS && now - this.recentRepeats[0]! <= PAGE_REPEAT_WINDOW_MS;
  }

  /** Whether to mark a block reading `text` now, later, or never. */
  verdict(block: Node, text: string, now: number): Verdict {
    if ((this.texts.get(textKey(text)) ?? 0) >= MAX_PAGE_UNMARKS) return { kind: 'never' };
    let worst: Count | undefined;
    let node: Node | null = block;
    for (let level = 0; node && level <= PLACE_LEVELS; level++, node = node.parentNode) {
      const c = this.counts.get(node);
      if (c && (!worst || c.times > worst.times)) worst = c;
    }
    if (!worst || worst.times <= FREE_RERENDERS) return { kind: 'mark' };
    if (worst.times >= MAX_RERENDERS) return { kind: 'never' };
    const until = worst.undoneAt + this.baseMs * 2 ** (worst.times - FREE_RERENDERS);
    return until <= now ? { kind: 'mark' } : { kind: 'wait', until };
  }

  private count(node: Node): Count {
    let c = this.counts.get(node);
    if (!c) this.counts.set(node, (c = { times: 0, markedAt: 0, undoneAt: 0 }));
    return c;
  }
}

/** A short key for a block's text (length and FNV-1a): blocks can be a megabyte long. */
function textKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(36)}`;
}
