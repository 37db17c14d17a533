/**
 * Names of people in an article's text, found by `compromise` (docs/adr/016-reader-articles.md
 * says why this library and what it costs), trimmed to the name itself: no title before it
 * ("Secretary David Lammy" is "David Lammy"), no punctuation or possessive after it.
 */
import nlp from 'compromise';
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
    'emir crown elect attorney agent detective inspector coach'
  ).split(' '),
);

interface Offset {
  offset?: { start: number; length: number };
}

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

/** The people `compromise` finds in `text`, as trimmed spans in order. */
export function findNames(text: string): NameSpan[] {
  const found = nlp(text).people().json({ offset: true }) as Offset[];
  const out: NameSpan[] = [];
  for (const f of found) {
    if (!f.offset) continue;
    const span = trimName(text, { start: f.offset.start, end: f.offset.start + f.offset.length });
    if (span && text.slice(span.start, span.end).length >= 2) out.push(span);
  }
  return out;
}

/** A name's words, folded, for comparing forms ("Mr Obama", "Barack Obama", "OBAMA"). */
export function nameWords(name: string): string[] {
  return (name.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map(foldToken);
}
