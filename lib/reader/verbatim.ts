/**
 * Checks that every item of a derived article is verbatim in its text: `text.slice(start, end)` is
 * the item, character for character. `deriveArticle` builds them so; the check runs again before
 * anything is stored (a derivation may come from an extension page, or from a stored preview).
 */
import type { DerivedArticle } from '../derive/schema';

/** The first item that is not verbatim in the text, described; null when every one is. */
export function verbatimProblem(derived: DerivedArticle): string | null {
  const { text } = derived.source;
  const at = (start: number, end: number) => (start <= end && end <= text.length ? text.slice(start, end) : null);
  const range = (start: number, end: number) => start <= end && end <= text.length;
  for (const q of derived.quotes) {
    if (at(q.start, q.end) !== q.text) return `quote at ${q.start} is not the text's`;
    if (at(q.sentence.start, q.sentence.end) !== q.sentence.text) return `the sentence of the quote at ${q.start}`;
    if (q.cue && !range(q.cue.start, q.cue.end)) return `the attribution of the quote at ${q.start}`;
  }
  for (const s of derived.statements) {
    if (at(s.sentence.start, s.sentence.end) !== s.sentence.text) return `statement at ${s.sentence.start}`;
    if (at(s.expression.start, s.expression.end) !== s.expression.text)
      return `the date expression of the statement at ${s.sentence.start}`;
  }
  for (const m of derived.mentions)
    for (const o of m.occurrences)
      if (!range(o.start, o.end) || !range(o.sentence.start, o.sentence.end)) return `a mention of ${m.entityId}`;
  for (const p of derived.people)
    for (const m of p.mentions)
      if (!range(m.start, m.end) || !range(m.sentence.start, m.sentence.end)) return `a mention of ${p.name}`;
  return null;
}
