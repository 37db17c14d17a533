/**
 * How search sees text: words, folded the same way for the index, the query and the
 * highlighting, so that "Radosław", "radoslaw" and "RADOSLAW" are one term.
 */
import { foldDiacritics } from '../corpus/names';

/** A word: letters, digits and the combining marks that belong to them. Everything else separates. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

export interface Word {
  /** The word as written. */
  text: string;
  start: number;
  end: number;
}

/** The words of a text with their offsets (UTF-16 code units, as in JavaScript strings). */
export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The index's form of a word: diacritics removed, lower case. */
export function foldTerm(word: string): string {
  return foldDiacritics(word).toLowerCase();
}

/** Splits a text into words for the indexes (the index and the query use the same rule). */
export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** A name with everything but letters and digits removed: "Storm Shadow" → "stormshadow", "F-16" → "f16". */
export function compact(text: string): string {
  return tokenize(foldTerm(text)).join('');
}

/** A query or a name folded for comparison: words joined by single spaces. */
export function foldPhrase(text: string): string {
  return tokenize(foldTerm(text)).join(' ');
}
