/**
 * Near-miss spellings of long, distinctive names ("Zelenksy", "Stoltenburg"): names indexed by
 * their first and last letters and length, then an exact edit distance to the few in reach.
 * (An index of every name's deletion variants took 4 s to build for 30,000 names.)
 */

/** Only names and words of at least this many letters: shorter ones have too many neighbours. */
export const NEAR_MIN_LETTERS = 7;
/** Longer words are no name's misspelling worth looking up (and would cost more variants). */
export const NEAR_MAX_LETTERS = 24;
/** From this many letters on, two edits are allowed; below, one. */
export const NEAR_TWO_EDITS_LETTERS = 10;

export function maxEdits(letters: number): number {
  return letters >= NEAR_TWO_EDITS_LETTERS ? 2 : 1;
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions and transpositions of
 * neighbours), stopping early once it exceeds `limit`. Strings are at most NEAR_MAX_LETTERS long.
 * Three rolling rows of one reused buffer: a lookup compares a word with dozens of names.
 */
const ROW = NEAR_MAX_LETTERS + 1;
const rowsBuffer = new Int32Array(ROW * 3);
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (b.length >= ROW) return a === b ? 0 : limit + 1;
  const rows = rowsBuffer;
  for (let j = 0; j <= b.length; j++) rows[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const cur = (i % 3) * ROW;
    const prev = ((i - 1) % 3) * ROW;
    const prev2 = ((i + 1) % 3) * ROW; // row i - 2
    rows[cur] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[prev + j]! + 1, rows[cur + j - 1]! + 1, rows[prev + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[prev2 + j - 2]! + 1);
      rows[cur + j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
  }
  return rows[(a.length % 3) * ROW + b.length]!;
}

/**
 * Names by first letter, last letter and length. A near miss keeps both ends of the name (the
 * rule below), and differs in length by at most its allowed edits, so a lookup reads a few small
 * buckets and compares each name there exactly. Building is one map insertion per name.
 */
export class NearIndex<T> {
  /** Per bucket, its names and their values side by side (no object per name). */
  private buckets = new Map<string, { words: string[]; values: T[] }>();
  private count = 0;

  /** Adds a folded name; shorter or longer names than the limits are ignored. */
  add(word: string, value: T): void {
    if (word.length < NEAR_MIN_LETTERS || word.length > NEAR_MAX_LETTERS) return;
    const key = bucketKey(word, word.length);
    const bucket = this.buckets.get(key);
    if (bucket) {
      bucket.words.push(word);
      bucket.values.push(value);
    } else this.buckets.set(key, { words: [word], values: [value] });
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /**
   * The names within their allowed edits of `word` (by the shorter of the two) that share its
   * first and last letters, with the distance. Exact matches are included with distance 0.
   */
  near(word: string): { word: string; value: T; distance: number }[] {
    if (!this.count || word.length < NEAR_MIN_LETTERS || word.length > NEAR_MAX_LETTERS) return [];
    const depth = maxEdits(word.length);
    const out: { word: string; value: T; distance: number }[] = [];
    for (let d = -depth; d <= depth; d++) {
      const bucket = this.buckets.get(bucketKey(word, word.length + d));
      if (!bucket) continue;
      for (let i = 0; i < bucket.words.length; i++) {
        const name = bucket.words[i]!;
        const limit = maxEdits(Math.min(name.length, word.length));
        const distance = editDistance(word, name, limit);
        if (distance <= limit) out.push({ word: name, value: bucket.values[i]!, distance });
      }
    }
    return out;
  }
}

function bucketKey(word: string, length: number): string {
  return `${word[0]!}${word.at(-1)!}${length}`;
}
