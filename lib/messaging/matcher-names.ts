/**
 * The compact form of what the matcher needs (issue 18: "ship the content script a compact form
 * of the aliases, built once per corpus change, stored, not the corpus"). The background builds it
 * once per corpus version from the entity rows and keeps it in the database's `cache` table
 * (lib/background/matcher-names.ts); every page's `cs.getMatcherEntities` is answered with it,
 * and the content script expands it into the matcher's entities. The expansion is exact:
 * `expandMatcherNames(compactMatcherNames(v, es))` deep-equals `es` (a unit test holds it).
 *
 * Compact, because an archive's 10,000 people with 30,000 names would otherwise cross to every
 * page as objects whose keys outweigh their names: a plain alias is its text alone, the name is
 * left out when it is the first alias, and kinds, titles and topic words (shared by many people)
 * are indexes into one list of words.
 */
import type { CorpusAlias } from '../corpus/schema';
import type { MatcherEntity } from './protocol';

/** An alias: its text alone when it is plain; else text, why it is ambiguous, and why common (when it is). */
export type CompactAlias = string | [text: string, ambiguous: string | null] | [string, string | null, string];

/** One entity: id, kind, name (null: its first alias's text), aliases, titles, topics, excludes, related ids. */
export type CompactEntity = [
  id: string,
  kind: number,
  name: string | null,
  aliases: CompactAlias[],
  titles: number[],
  topics: number[],
  excludes: string[],
  relatedIds: string[],
];

export interface MatcherNames {
  /** The corpus version (meta row) these names were built from. */
  corpusVersion: string;
  /** Kinds, titles and topic words, each once; entities point into it. */
  words: string[];
  entities: CompactEntity[];
}

function compactAlias(a: CorpusAlias): CompactAlias {
  if (a.common !== undefined) return [a.text, a.ambiguous, a.common];
  return a.ambiguous === null ? a.text : [a.text, a.ambiguous];
}

function expandAlias(a: CompactAlias): CorpusAlias {
  if (typeof a === 'string') return { text: a, ambiguous: null };
  return a.length === 3 ? { text: a[0], ambiguous: a[1], common: a[2] } : { text: a[0], ambiguous: a[1] };
}

export function compactMatcherNames(corpusVersion: string, entities: readonly MatcherEntity[]): MatcherNames {
  const words: string[] = [];
  const index = new Map<string, number>();
  const word = (w: string) => {
    let i = index.get(w);
    if (i === undefined) {
      i = words.push(w) - 1;
      index.set(w, i);
    }
    return i;
  };
  return {
    corpusVersion,
    words,
    entities: entities.map((e) => [
      e.id,
      word(e.kind),
      e.name === e.aliasDetails[0]?.text ? null : e.name,
      e.aliasDetails.map(compactAlias),
      e.titles.map(word),
      e.topics.map(word),
      e.excludes,
      e.relatedIds,
    ]),
  };
}

export function expandMatcherNames({ words, entities }: MatcherNames): MatcherEntity[] {
  const at = (i: number) => {
    const w = words[i];
    if (w === undefined) throw new Error('Malformed matcher names: a word index is out of range');
    return w;
  };
  return entities.map(([id, kind, name, aliases, titles, topics, excludes, relatedIds]) => {
    const aliasDetails = aliases.map(expandAlias);
    return {
      id,
      kind: at(kind) as MatcherEntity['kind'],
      name: name ?? aliasDetails[0]?.text ?? '',
      aliasDetails,
      titles: titles.map(at),
      topics: topics.map(at),
      excludes,
      relatedIds,
    };
  });
}
