/** Settings both indexes share, each with its reason. */
import type { ResultKind, SearchHit } from './types';

/** Words shorter than this are matched exactly or as a prefix only: one edit in "ab" reaches half the vocabulary. */
export const FUZZY_MIN_CHARS = 4;
/** One edit per five characters ("zelenski" → "zelensky"), never more than MAX_FUZZY_EDITS. */
export const FUZZINESS = 0.2;
export const MAX_FUZZY_EDITS = 2;

/** A match before ranking: enough to sort and count it; `show` builds the hit (with highlights) for the few shown. */
export interface Candidate {
  kind: ResultKind;
  tier: number;
  score: number;
  show: () => SearchHit;
}
