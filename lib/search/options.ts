/** Settings both indexes share, each with its reason. */

/** Words shorter than this are matched exactly or as a prefix only: one edit in "ab" reaches half the vocabulary. */
export const FUZZY_MIN_CHARS = 4;
/** One edit per five characters ("zelenski" → "zelensky"), never more than MAX_FUZZY_EDITS. */
export const FUZZINESS = 0.2;
export const MAX_FUZZY_EDITS = 2;

/** The typos a word of the query may carry (MiniSearch's rounding of FUZZINESS): 0 below FUZZY_MIN_CHARS, 1 up to 7 letters, then 2. */
export function maxEdits(word: string): number {
  return word.length >= FUZZY_MIN_CHARS ? Math.min(MAX_FUZZY_EDITS, Math.round(word.length * FUZZINESS)) : 0;
}
