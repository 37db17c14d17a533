/**
 * Sentences of a stored article text, with their offsets. A paragraph is a non-blank line (the
 * reading view's rule, `paragraphs` in lib/timeline/reading.ts); a sentence ends at `.`, `!`, `?`
 * or `…` (with any closing quotation marks or brackets after it) before a space and a capital, a
 * digit or an opening mark, except after a common abbreviation or an initial, and never inside a
 * quotation: `“I came. I saw,” he said.` is one sentence, so a quote stays with its attribution.
 */
import { paragraphs, type Paragraph, type TextRange } from '../timeline/reading';

export type { Paragraph, TextRange };
export { paragraphs };

export interface Sentence extends TextRange {
  /** Index of its paragraph in `paragraphs(text)`. */
  paragraph: number;
}

/** Words that end with a full stop without ending a sentence (folded, without the stop). */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms mx dr prof st sr jr gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov pres supt insp det ' +
    'rev fr hon amb no nos vol fig approx est dept univ inc ltd co corp bros vs etc al ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ' +
    'ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore ' +
    'pa tenn tex va vt wash wis wyo mt ft'
  ).split(' '),
);

const OPENING = new Set(['“', '‘', '«', '(', '[', '"', "'"]);
const CLOSING = new Set(['”', '’', '»', ')', ']', '"', "'"]);

function isUpperOrDigit(c: string | undefined): boolean {
  if (!c) return false;
  return /\p{Lu}|\p{N}/u.test(c);
}

/** Whether a full stop at `dot` belongs to an abbreviation or an initial ("U.S.", "D.", "Sept."). */
function abbreviationAt(text: string, dot: number, from: number): boolean {
  let i = dot;
  while (i > from && /[\p{L}.]/u.test(text[i - 1]!)) i--;
  const word = text.slice(i, dot);
  if (!word) return false;
  if (/^(\p{L}\.)*\p{L}$/u.test(word) && (word.length === 1 || word.includes('.'))) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** The sentences of one paragraph. */
function splitParagraph(text: string, p: Paragraph, index: number, out: Sentence[]): void {
  let start = p.start;
  let inDouble = false;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e, paragraph: index });
  };
  for (let i = p.start; i < p.end; i++) {
    const c = text[i]!;
    if (c === '“') inDouble = true;
    else if (c === '”') inDouble = false;
    else if (c === '"') inDouble = !inDouble;
    if (c !== '.' && c !== '!' && c !== '?' && c !== '…') continue;
    let j = i + 1;
    while (j < p.end && (text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
    let closesQuote = false;
    while (j < p.end && CLOSING.has(text[j]!)) {
      if (text[j] === '”' || text[j] === '"') closesQuote = true;
      j++;
    }
    if (inDouble && !closesQuote) continue;
    if (j >= p.end || !/\s/.test(text[j]!)) continue;
    let k = j;
    while (k < p.end && /\s/.test(text[k]!)) k++;
    const next = text[k];
    if (!(isUpperOrDigit(next) || (next !== undefined && OPENING.has(next)))) continue;
    if (c === '.' && abbreviationAt(text, i, p.start)) continue;
    if (closesQuote) inDouble = false;
    push(j);
    start = j;
    i = j - 1;
  }
  push(p.end);
}

export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  paragraphs(text).forEach((p, i) => splitParagraph(text, p, i, out));
  return out;
}

/** Index of the range that holds `offset` in a list of ranges in order (binary search), or -1. */
export function indexAt(list: readonly TextRange[], offset: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The sentence that holds `offset`, or null. */
export function sentenceAt(list: readonly Sentence[], offset: number): Sentence | null {
  return list[indexAt(list, offset)] ?? null;
}
