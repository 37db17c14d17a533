/**
 * Text as the matcher sees it: tokens (maximal runs of Unicode letters, marks and digits, so
 * every token edge is a word boundary in any script) folded for comparison, and the separators
 * between them reduced to a key.
 */
import { foldDiacritics } from '../corpus/names';

export interface Token {
  start: number;
  end: number;
  /** Lower-cased, diacritics removed. */
  folded: string;
}

/**
 * Invisible characters a page may put inside a word: the soft hyphen (U+00AD, added by
 * hyphenation scripts), zero-width space, non-joiner and joiner (U+200B–U+200D) and word joiner
 * (U+2060). Between two letters they stay inside the token, and the folded form drops them, so
 * "Bi\u00ADden" is still "biden" and a hyphenated page is marked as before.
 */
const INVISIBLE = '\u00ad\u200b-\u200d\u2060';
const TOKEN = new RegExp(`[\\p{L}\\p{M}\\p{N}]+(?:[${INVISIBLE}]+[\\p{L}\\p{M}\\p{N}]+)*`, 'gu');
const INVISIBLES = new RegExp(`[${INVISIBLE}]`, 'gu');
const NON_ASCII = /[^\x00-\x7f]/;

export function foldToken(raw: string): string {
  if (!NON_ASCII.test(raw)) return raw.toLowerCase();
  return foldDiacritics(raw.replace(INVISIBLES, '')).toLowerCase();
}

export function tokenize(text: string): Token[] {
  if (!NON_ASCII.test(text)) return tokenizeAscii(text);
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    tokens.push({ start: m.index, end: m.index + m[0].length, folded: foldToken(m[0]) });
  }
  return tokens;
}

/** ASCII letters and digits: in ASCII text, the only characters of \p{L}, \p{M} and \p{N}. */
function isAsciiWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
}

/**
 * The same tokens as the expression gives, for ASCII text (the invisible joiners are not ASCII),
 * by a loop over its characters: no match object per token. Names, most of a corpus's aliases and
 * much of a page's text are ASCII.
 */
function tokenizeAscii(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isAsciiWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isAsciiWordChar(text.charCodeAt(i))) i++;
    tokens.push({ start, end: i, folded: text.slice(start, i).toLowerCase() });
  }
  return tokens;
}

const SPACE_OR_DASH = /^[\s\u00ad\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+$/u;
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;

/**
 * The key of the text between two tokens of one name. Any run of spaces, line breaks, hyphens
 * and dashes is one key (" "), so "long-range", "long range", "long–range" and "Storm\nShadow"
 * compare equal; other separators keep their characters with apostrophes and spaces folded.
 */
export function separatorKey(separator: string): string {
  if (SPACE_OR_DASH.test(separator)) return ' ';
  return separator.replace(APOSTROPHES, "'").replace(/\s+/gu, ' ');
}

/** The key of the text between `from` and `to` (two tokens' edges); a single space without a copy. */
export function separatorBetween(text: string, from: number, to: number): string {
  if (to - from === 1 && text.charCodeAt(from) === 0x20) return ' ';
  return separatorKey(text.slice(from, to));
}

/** Whether a token's first character is an upper-case letter. */
export function startsUpper(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  // ASCII: A to Z are its only upper-case letters.
  if (code < 0x80) return code >= 0x41 && code <= 0x5a;
  const c = String.fromCodePoint(text.codePointAt(at) ?? 0);
  return c !== c.toLowerCase() && c === c.toUpperCase();
}
