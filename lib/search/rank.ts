/**
 * Name-match tiers: a name typed exactly, or the start of it, beats any text score. Within a tier
 * the index's score (BM25 with field boosts) decides.
 */

export const TIER_EXACT = 0;
export const TIER_NAME_PREFIX = 1;
export const TIER_WORD_PREFIX = 2;
export const TIER_OTHER = 3;

export interface NameTier {
  tier: number;
  /** Which key (0 = the name, then the aliases) earned the tier; -1 when none did. */
  keyIndex: number;
}

/**
 * The best tier any of an entity's folded names reaches for a folded query.
 * `query` and `keys` are folded phrases (lower case, no diacritics, words joined by single spaces).
 */
export function nameTier(query: string, keys: readonly string[]): NameTier {
  const q = query;
  const qc = q.replaceAll(' ', '');
  let best: NameTier = { tier: TIER_OTHER, keyIndex: -1 };
  if (!qc) return best;
  keys.forEach((key, keyIndex) => {
    const kc = key.replaceAll(' ', '');
    let tier = TIER_OTHER;
    if (key === q || kc === qc) tier = TIER_EXACT;
    else if (key.startsWith(q) || kc.startsWith(qc)) tier = TIER_NAME_PREFIX;
    else if (` ${key}`.includes(` ${q}`)) tier = TIER_WORD_PREFIX;
    if (tier < best.tier) best = { tier, keyIndex };
  });
  return best;
}
