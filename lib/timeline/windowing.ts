/**
 * Which rows of a long list to render: those in view plus a margin above and below. Rows have
 * different heights; each is known once measured and estimated before. The rows not rendered are
 * stood in for by padding, so the scroll bar stays true to the whole list.
 */

export interface ListWindow {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Height of the rows above `start`, and below `end - 1`. */
  padTop: number;
  padBottom: number;
}

/** offsets[i] is the top of row i; offsets[count] the height of the whole list. */
export function rowOffsets(heights: readonly number[]): Float64Array {
  const offsets = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + heights[i]!;
  return offsets;
}

/** The last index i in [0, count] with offsets[i] <= y. */
function rowAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The rows that meet [top - overscan, top + height + overscan], `top` measured from the top of
 * the list. Never empty while the list is not.
 */
export function visibleWindow(offsets: Float64Array, top: number, height: number, overscan: number): ListWindow {
  const count = offsets.length - 1;
  const total = offsets[count]!;
  if (count === 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const start = Math.min(rowAt(offsets, Math.max(0, top - overscan)), count - 1);
  const bottom = top + height + overscan;
  let end = rowAt(offsets, bottom);
  if (offsets[end]! < bottom) end += 1;
  end = Math.max(start + 1, Math.min(end, count));
  return { start, end, padTop: offsets[start]!, padBottom: total - offsets[end]! };
}

/** Every row: what a short list renders. */
export function fullWindow(count: number): ListWindow {
  return { start: 0, end: count, padTop: 0, padBottom: 0 };
}
