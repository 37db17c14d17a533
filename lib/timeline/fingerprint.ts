/**
 * Which corpus article is the tab showing? The content script sends the start of the page's
 * article text, whitespace folded (PageReport.fingerprint); the corpus article whose text holds
 * it is the one. When a page glues something of its own to that text (a dateline, a byline in the
 * same block), no source holds the whole fingerprint; then the source holding the most runs of
 * it wins, as long as it holds at least one.
 */

/** Runs of the fingerprint looked for when it is not found whole: long enough to be one article's own words. */
export const FINGERPRINT_WINDOW = 60;
/** A shorter fingerprint could be a stock phrase that many articles share. */
export const MIN_FINGERPRINT_LENGTH = 40;

export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Runs of FINGERPRINT_WINDOW characters starting at each word of the fingerprint. */
function windows(fingerprint: string): string[] {
  const starts = [0];
  for (let i = fingerprint.indexOf(' '); i !== -1; i = fingerprint.indexOf(' ', i + 1)) starts.push(i + 1);
  return starts
    .filter((s) => s + FINGERPRINT_WINDOW <= fingerprint.length)
    .map((s) => fingerprint.slice(s, s + FINGERPRINT_WINDOW));
}

export interface FingerprintCandidate {
  id: string;
  text: string;
}

/** The id of the source the fingerprint comes from, or null. */
export function matchFingerprint(fingerprint: string, sources: Iterable<FingerprintCandidate>): string | null {
  const needle = foldWhitespace(fingerprint);
  if (needle.length < MIN_FINGERPRINT_LENGTH) return null;
  const runs = windows(needle);
  let best: { id: string; score: number } | null = null;
  for (const source of sources) {
    const text = foldWhitespace(source.text);
    if (text.includes(needle)) return source.id;
    const score = runs.filter((run) => text.includes(run)).length;
    if (score > 0 && (!best || score > best.score)) best = { id: source.id, score };
  }
  return best?.id ?? null;
}
