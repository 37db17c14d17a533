/**
 * The matcher's text functions' fast paths (lib/match/text.ts) against the general rules they
 * shortcut: ASCII text tokenised by a loop gives the tokens of the Unicode expression, an ASCII
 * capital is what the case comparison says, and a lone space is the key any space run gets.
 */
import { describe, expect, it } from 'vitest';
import { foldToken, separatorBetween, separatorKey, startsUpper, tokenize } from '@/lib/match/text';

/** The tokens by the general expression alone (what tokenize did for every text before). */
function reference(text: string) {
  const pattern = /[\p{L}\p{M}\p{N}]+(?:[\u00ad\u200b-\u200d\u2060]+[\p{L}\p{M}\p{N}]+)*/gu;
  return [...text.matchAll(pattern)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    folded: foldToken(m[0]),
  }));
}

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('matcher text fast paths', () => {
  it('tokenises ASCII text as the Unicode expression does', () => {
    const next = random(3);
    for (let n = 0; n < 2_000; n++) {
      // Every ASCII character, letters and digits most often.
      const text = Array.from({ length: Math.floor(next() * 60) }, () =>
        next() < 0.6 ? 'aZ09qM'[Math.floor(next() * 6)]! : String.fromCharCode(Math.floor(next() * 128)),
      ).join('');
      expect(tokenize(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it('tokenises text with other characters as before', () => {
    const text = 'Zełenski’s Bi\u00ADden, Ωmega 42 — café. Sikorskiego!';
    expect(tokenize(text)).toEqual(reference(text));
  });

  it('tokenises mixed text as the Unicode expression does, character by character', () => {
    const next = random(7);
    // ASCII, accented and other-script letters, combining marks, digits of other scripts, the
    // invisible joiners, curly quotes and dashes, letters and an emoji outside the BMP, lone surrogates.
    const pieces = [
      'a',
      'Z',
      '7',
      ' ',
      '.',
      "'",
      'é',
      'ł',
      'Ω',
      'ж',
      '\u0301',
      '٣',
      '\u00ad',
      '\u200b',
      '\u200d',
      '\u2060',
      '’',
      '—',
      '\u00a0',
      '𝐀',
      '😀',
      '\ud800',
      '\udc00',
      '中',
      'ß',
      'İ',
    ];
    for (let n = 0; n < 3_000; n++) {
      const text = Array.from(
        { length: Math.floor(next() * 40) },
        () => pieces[Math.floor(next() * pieces.length)]!,
      ).join('');
      expect(tokenize(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it('tells an ASCII capital as the case comparison does', () => {
    for (let code = 0; code < 128; code++) {
      const c = String.fromCharCode(code);
      expect(startsUpper(`${c}x`, 0), c).toBe(c !== c.toLowerCase() && c === c.toUpperCase());
    }
    expect(startsUpper('Ł', 0)).toBe(true);
    expect(startsUpper('ł', 0)).toBe(false);
    expect(startsUpper('x', 5)).toBe(false);
  });

  it('keys the text between two edges as separatorKey does', () => {
    for (const between of [' ', '  ', '-', ' – ', "'", '’', '. ', ', ', '\n', '\u00a0', ''])
      expect(separatorBetween(`a${between}b`, 1, 1 + between.length)).toBe(separatorKey(between));
  });
});
