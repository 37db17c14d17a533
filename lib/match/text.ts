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
const INVISIBLES = new RegExp(`[${INVISIBLE}]`, 'gu');
const NON_ASCII = /[^\x00-\x7f]/;

export function foldToken(raw: string): string {
  if (!NON_ASCII.test(raw)) return raw.toLowerCase();
  return foldDiacritics(raw.replace(INVISIBLES, '')).toLowerCase();
}

/**
 * The tokens of `text`: maximal runs of letters, marks and digits (`[\p{L}\p{M}\p{N}]+`), joined
 * across invisible characters between two of them, by a loop over its characters (no match object per
 * token, and an ASCII token folded by `toLowerCase` alone). A page's text is mostly ASCII with a
 * curly quote or a dash here and there; the expression made its tokenising the largest part of
 * reading a long article (47 of about 250 ms on a 1 MB page, profiled).
 */
export function tokenize(text: string): Token[] {
  if (!NON_ASCII.test(text)) return tokenizeAscii(text);
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let width = wordCharWidth(text, i);
    if (!width) {
      i++;
      continue;
    }
    const start = i;
    let ascii = true;
    for (;;) {
      for (; width; width = wordCharWidth(text, i)) {
        if (width > 1 || text.charCodeAt(i) > 0x7f) ascii = false;
        i += width;
      }
      // Invisible characters between two word characters stay inside the token.
      let after = i;
      while (after < n && isInvisible(text.charCodeAt(after))) after++;
      if (after === i || after === n) break;
      width = wordCharWidth(text, after);
      if (!width) break;
      ascii = false;
      i = after;
    }
    const raw = text.slice(start, i);
    tokens.push({ start, end: i, folded: ascii ? raw.toLowerCase() : foldToken(raw) });
  }
  return tokens;
}

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
/** Whether each UTF-16 code unit is a word character, asked once: 0 not asked yet, 1 yes, 2 no. */
const unitIsWord = new Uint8Array(0x10000);

/** How many code units the word character at `at` takes (1, or 2 for one outside the BMP), 0 if none is there. */
function wordCharWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code <= 0x7f) return isAsciiWordChar(code) ? 1 : 0;
  if (code >= 0xd800 && code <= 0xdbff) {
    const point = text.codePointAt(at)!;
    if (point <= 0xffff) return 0; // a lone high surrogate
    return WORD_CHAR.test(String.fromCodePoint(point)) ? 2 : 0;
  }
  let known = unitIsWord[code]!;
  if (!known) known = unitIsWord[code] = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1 ? 1 : 0;
}

function isInvisible(code: number): boolean {
  return code === 0xad || (code >= 0x200b && code <= 0x200d) || code === 0x2060;
}

/** ASCII letters and digits: in ASCII text, the only characters of \p{L}, \p{M} and \p{N}. */
function isAsciiWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
}

/** The same tokens for ASCII text (most names and aliases), with no test of a wider character. */
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
