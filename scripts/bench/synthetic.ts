/** Generated data for benchmarks: many entities with made-up names, and long news-like text. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MatcherEntity } from '../../lib/messaging/protocol';

const SYLLABLES =
  'ka lo mi ra su ten vor bel dan fi gor hel ish jun kem lir mon nar ost pel quin rus sat tor ul ven wil yar zem'.split(
    ' ',
  );

function word(n: number, parts = 3): string {
  let out = '';
  for (let i = 0; i < parts; i++) {
    out += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length) + i * 7;
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** `count` people with three aliases each (full name, surname, a transliteration): 3 × count aliases. */
export function syntheticEntities(count: number): MatcherEntity[] {
  return Array.from({ length: count }, (_, i) => {
    const first = word(i * 31 + 7, 2);
    const last = `${word(i, 3)}${i}`;
    return {
      id: `person-${i}`,
      kind: 'person' as const,
      name: `${first} ${last}`,
      aliasDetails: [
        { text: `${first} ${last}`, ambiguous: null },
        { text: last, ambiguous: null },
        { text: `${first.slice(0, 1)}. ${last}y`, ambiguous: null },
      ],
      titles: ['Minister'],
      topics: ['war'],
      excludes: [],
      relatedIds: [],
    };
  });
}

/** The seed articles, repeated until about `bytes` long, one paragraph per line. */
export function newsText(bytes: number, sprinkle: readonly string[] = []): string {
  const dir = join(import.meta.dirname, '../../corpus/sources');
  const articles = readdirSync(dir).map((d) => readFileSync(join(dir, d, 'article.txt'), 'utf8'));
  const paragraphs = articles.flatMap((a) => a.split('\n').filter((l) => l.trim().length > 40));
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    let p = paragraphs[i % paragraphs.length]!;
    if (sprinkle.length && i % 3 === 0) p = `${p} ${sprinkle[i % sprinkle.length]} said so.`;
    out.push(p);
    size += Buffer.byteLength(p) + 1;
  }
  return out.join('\n');
}
