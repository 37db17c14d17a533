/** Name and alias normalisation shared by the corpus compiler and the matcher. */

/** Letters that Unicode does not decompose into a base letter plus a combining mark. */
const UNDECOMPOSABLE: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ø: 'o',
  Ø: 'O',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ı: 'i',
  þ: 'th',
  ð: 'd',
};

/** Removes diacritics: "Radosław" → "Radoslaw", "Kanaaní" → "Kanaani". */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[łŁđĐøØßæÆœŒıþð]/g, (c) => UNDECOMPOSABLE[c] ?? c);
}

/** The contract's entity id rule: canonical English name, lower-case, diacritics removed, kebab-case. */
export function entityIdFromName(name: string): string {
  return foldDiacritics(name)
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A comparison key for aliases: case, diacritics, apostrophes, dashes and spacing folded. */
export function normalizeAlias(text: string): string {
  return foldDiacritics(text)
    .toLowerCase()
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}
