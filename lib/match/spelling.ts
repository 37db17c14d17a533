/**
 * Near-miss spellings of long, distinctive names ("Zelenksy", "Stoltenburg"): an index of the
 * names' deletion variants (the symmetric-deletion method), so that looking a word up costs a
 * bounded number of map lookups whatever the number of names, then an exact edit distance.
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
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = (rows[i] = [i] as number[]);
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row[j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row[j] = d;
      best = Math.min(best, d);
    }
    if (i > 0 && best > limit) return limit + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Every string made by deleting up to `depth` characters of `word` (with `word` itself). */
function deletions(word: string, depth: number): Set<string> {
  const out = new Set([word]);
  let frontier = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of frontier)
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    frontier = next;
  }
  return out;
}

export class NearIndex<T> {
  private variants = new Map<string, number[]>();
  private words: { word: string; value: T }[] = [];
  /** First and last letters, and lengths, of the names: most words are ruled out by these alone. */
  private ends = new Set<string>();
  private lengths = new Set<number>();

  /** Adds a folded name; shorter or longer names than the limits are ignored. */
  add(word: string, value: T): void {
    if (word.length < NEAR_MIN_LETTERS || word.length > NEAR_MAX_LETTERS) return;
    const n = this.words.push({ word, value }) - 1;
    this.ends.add(word[0]! + word.at(-1)!);
    this.lengths.add(word.length);
    for (const v of deletions(word, maxEdits(word.length))) {
      const list = this.variants.get(v);
      if (list) list.push(n);
      else this.variants.set(v, [n]);
    }
  }

  get size(): number {
    return this.words.length;
  }

  /**
   * The names within their allowed edits of `word` (by the shorter of the two) that share its
   * first and last letters, with the distance. Exact matches are included with distance 0. Words
   * whose ends or length no name has cost a set look-up; others a few dozen map look-ups.
   */
  near(word: string): { word: string; value: T; distance: number }[] {
    if (!this.words.length || word.length < NEAR_MIN_LETTERS || word.length > NEAR_MAX_LETTERS) return [];
    if (!this.ends.has(word[0]! + word.at(-1)!)) return [];
    const depth = maxEdits(word.length);
    let lengthFits = false;
    for (let d = -depth; d <= depth && !lengthFits; d++) lengthFits = this.lengths.has(word.length + d);
    if (!lengthFits) return [];
    const seen = new Set<number>();
    const out: { word: string; value: T; distance: number }[] = [];
    // The allowed edits depend on the shorter word, never more than the word's own: deleting that
    // many of its letters meets every name's deletions (the index holds each name's own depth).
    for (const v of deletions(word, depth)) {
      for (const n of this.variants.get(v) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        const entry = this.words[n]!;
        if (entry.word[0] !== word[0] || entry.word.at(-1) !== word.at(-1)) continue;
        const limit = maxEdits(Math.min(entry.word.length, word.length));
        const distance = editDistance(word, entry.word, limit);
        if (distance <= limit) out.push({ ...entry, distance });
      }
    }
    return out;
  }
}
