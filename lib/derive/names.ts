/**
 * Names of people as we keep them: trimmed to the name itself, no title before it ("Secretary
 * David Lammy" is "David Lammy"), no punctuation or possessive after it; and compared by their
 * folded words. The library that finds them is in lib/derive/library-names.ts, loaded apart.
 */
import { foldToken } from '../match/text';

export interface NameSpan {
  start: number;
  end: number;
}

/**
 * Words that stand before a name without being part of it: honorifics, offices and ranks. A
 * library's person span often takes them in ("President Joe Biden").
 */
export const TITLE_WORDS: ReadonlySet<string> = new Set(
  (
    'mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father president vice prime minister ' +
    'secretary foreign defense defence state home interior finance treasury general gen senator sen rep ' +
    'representative congressman congresswoman gov governor mayor judge justice king queen prince princess pope ' +
    'chancellor ambassador envoy spokesman spokeswoman spokesperson chairman chairwoman chair director chief ' +
    'commander colonel col lieutenant lt captain capt major maj sergeant sgt admiral adm marshal officer ' +
    'premier speaker leader deputy former late of the u.s us u.k uk un eu nato cardinal archbishop bishop sheikh ' +
    'emir crown elect attorney agent detective inspector coach writer reporter correspondent editor columnist ' +
    'photographer analyst producer'
  ).split(' '),
);

/** Trims a span of `text` to the name: no leading titles, quotes or trailing punctuation and possessive. */
export function trimName(text: string, span: NameSpan): NameSpan | null {
  let { start, end } = span;
  const slice = () => text.slice(start, end);
  for (;;) {
    const before = slice();
    const lead = /^[\s“"‘'(\[]+/.exec(before);
    if (lead) start += lead[0].length;
    const trail = /(?:[’']s|[’'])?[\s,.;:!?)\]”"’'—–-]*$/.exec(slice());
    if (trail && trail[0]) end -= trail[0].length;
    // A leading title word, when a name follows it.
    const first = /^([\p{L}.]+)\.?\s+(?=\p{Lu})/u.exec(slice());
    if (first && TITLE_WORDS.has(foldToken(first[1]!).replace(/\.$/, ''))) start += first[0].length;
    if (slice() === before) break;
  }
  const name = slice();
  // A name is letters, marks, spaces, dots, hyphens and apostrophes on one line, and starts with a capital.
  if (!name || !/^\p{Lu}[\p{L}\p{M} .'’-]*$/u.test(name)) return null;
  return { start, end };
}

/** A name's words, folded, for comparing forms ("Mr Obama", "Barack Obama", "OBAMA"). */
export function nameWords(name: string): string[] {
  return (name.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map(foldToken);
}
