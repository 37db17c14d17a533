/**
 * The order in which a pass marks its blocks: those on the reader's screen first, then the ones
 * below it (where reading goes on), then the ones above. Every block is marked in the end; the
 * order only decides what the reader sees first on a long page.
 */
import type { TextChunk } from './scope';

/**
 * Passes with fewer blocks to mark than this are marked in document order: they are done in a
 * few write slices, and finding the screen would cost a layout read for nothing.
 */
export const VIEWPORT_ORDER_MIN_CHUNKS = 24;

/** The chunk's box, read from its block (or its first text's parent). */
function boxOf(chunk: TextChunk): DOMRect | null {
  const node = chunk.block ?? chunk.nodes[0]?.parentNode;
  return node instanceof Element ? node.getBoundingClientRect() : null;
}

/**
 * Indexes of `chunks` (in document order) in marking order. Chunks follow one another down the
 * page in document order, so the screen's first and last chunk are found by binary search: about
 * twenty box reads, before our first mark (the layout they read is the page's own, already done
 * or due for its first frame). A page whose blocks are not in vertical order gets a less useful
 * order, never a wrong result.
 */
export function markingOrder(chunks: readonly TextChunk[]): number[] {
  const all = chunks.map((_, i) => i);
  const win = chunks[0]?.nodes[0]?.ownerDocument?.defaultView;
  if (chunks.length < VIEWPORT_ORDER_MIN_CHUNKS || !win) return all;
  const height = win.innerHeight;
  /** The first index whose chunk satisfies `past` (false for a prefix, true after). */
  const first = (past: (box: DOMRect) => boolean): number => {
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const box = boxOf(chunks[mid]!);
      if (box && past(box)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const top = first((box) => box.bottom > 0);
  const bottom = Math.max(
    top,
    first((box) => box.top >= height),
  );
  if (top === 0) return all;
  return [...all.slice(top, bottom), ...all.slice(bottom), ...all.slice(0, top)];
}
