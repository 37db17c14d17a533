/**
 * The matcher as it was before its compact tables (ADR 023): a flat Map of trie paths to node
 * objects, an AliasTarget object per alias, a NameEnd object per person's name. Kept only as the
 * reference the compact matcher is checked against (tests/unit/match-compact.test.ts): on any
 * alias set and any text, both must give the same candidates.
 */
import type { EntityKind } from '@/lib/corpus/schema';
import type { MatcherEntity } from '@/lib/messaging/protocol';
import type { AliasTarget, Candidate, Matcher } from '@/lib/match/matcher';
import { NEAR_MIN_LETTERS, NearIndex } from '@/lib/match/spelling';
import { inflections, INFLECTING_LANGUAGES, uninflected } from '@/lib/match/variants';
import { separatorKey, startsUpper, tokenize, type Token } from '@/lib/match/text';

/** Distinct words whose near-miss look-up is remembered (as in lib/match/variants.ts). */
const MAX_NEAR_CACHE = 20_000;

/**
 * The trie, flat: one map from a phrase's path (its tokens' keys so far, see `pathStep`) to what
 * ends there and whether longer phrases go on from it. One entry per path, no map per node: at
 * 30,000 aliases a map per node made building several times slower than a Map of the keys.
 */
interface TrieNode {
  targets: AliasTarget[] | null;
  /** Some longer phrase starts with this path. */
  more: boolean;
}
type Trie = Map<string, TrieNode>;

const STEP = '\u0000';
const PLURAL_KINDS: ReadonlySet<EntityKind> = new Set(['weapon', 'weapon-class']);

/** The path one token further: the separator before it and a step mark, then the token. */
function pathStep(path: string, separator: string, folded: string): string {
  return path === '' ? folded : `${path}${separator}${STEP}${folded}`;
}

function entry(trie: Trie, path: string): TrieNode {
  let n = trie.get(path);
  if (!n) {
    n = { targets: null, more: false };
    trie.set(path, n);
  }
  return n;
}

/** Adds one phrase (tokenised by the caller); returns its number of tokens (0 when it has no letters or digits). */
function insert(trie: Trie, phrase: string, tokens: readonly Token[], target: AliasTarget): number {
  if (!tokens.length) return 0;
  let path = '';
  let n: TrieNode | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (n) n.more = true;
    path = pathStep(path, i === 0 ? '' : separatorKey(phrase.slice(tokens[i - 1]!.end, t.start)), t.folded);
    n = entry(trie, path);
  }
  const end = n!;
  const upper = target.upper;
  end.targets ??= [];
  // Two spellings of one entity that fold to the same key ("long-range", "long range") are one
  // target; keep the laxer case rule so neither spelling is lost.
  const same = end.targets.find((t) => t.entityId === target.entityId && t.block === target.block);
  if (same) {
    same.upper = same.upper.map((u, k) => u && upper[k]!);
    same.ambiguous &&= target.ambiguous;
    same.common &&= target.common;
  } else {
    end.targets.push(target);
  }
  return tokens.length;
}

export function buildReferenceMatcher(entities: readonly MatcherEntity[]): Matcher {
  const trie: Trie = new Map();
  let size = 0;
  let longest = 0;
  const add = (tokens: number) => {
    if (tokens) size++;
    longest = Math.max(longest, tokens);
  };
  // Inflected and misspelt names of people, found between the trie's matches.
  const variants = new NameVariants();
  // Titles and topic words repeat across entities ("Minister", "war"): each is read once.
  const known = new Set<string>();
  for (const e of entities) {
    for (const a of e.aliasDetails) {
      const tokens = tokenize(a.text);
      const upper = upperRule(a.text, tokens);
      variants.addAlias(e, a, tokens, upper);
      add(
        insert(trie, a.text, tokens, {
          entityId: e.id,
          kind: e.kind,
          alias: a.text,
          ambiguous: a.ambiguous !== null,
          common: Boolean(a.common),
          block: false,
          upper,
        }),
      );
    }
    for (const x of e.excludes) {
      const tokens = tokenize(x);
      variants.know(tokens);
      add(
        insert(trie, x, tokens, {
          entityId: e.id,
          kind: e.kind,
          alias: x,
          ambiguous: false,
          common: false,
          block: true,
          upper: upperRule(x, tokens),
        }),
      );
    }
    for (const words of [e.titles, e.topics])
      for (const w of words) {
        if (known.has(w)) continue;
        known.add(w);
        variants.know(tokenize(w));
      }
  }
  return {
    size,
    longest,
    scan: (text, tokens) => {
      const all = tokens ?? tokenize(text);
      return variants.add(text, all, scan(trie, text, all));
    },
  };
}

/** Lower-case alias words match in any case; capitalised ones need a capital in the text. */
function upperRule(phrase: string, tokens: readonly Token[]): boolean[] {
  return tokens.map((t) => startsUpper(phrase, t.start));
}

/** Targets whose case rule the text satisfies. */
function caseFits(targets: AliasTarget[], text: string, tokens: Token[], first: number): AliasTarget[] {
  return targets.filter((t) => t.upper.every((needed, k) => !needed || startsUpper(text, tokens[first + k]!.start)));
}

function pluralStems(folded: string): string[] {
  if (folded.length < 3 || !folded.endsWith('s')) return [];
  const stems = [folded.slice(0, -1)];
  if (folded.endsWith('es')) stems.push(folded.slice(0, -2));
  if (folded.endsWith('ies')) stems.push(`${folded.slice(0, -3)}y`);
  return stems;
}

/** Extends a match over a possessive: ’s, 's, or a lone apostrophe after a final s. */
function possessiveEnd(text: string, end: number, lastFolded: string): number {
  const c = text[end];
  if (c !== '’' && c !== "'") return end;
  const after = text.codePointAt(end + 1);
  const isWordChar = (cp: number | undefined) =>
    cp !== undefined && /[\p{L}\p{M}\p{N}]/u.test(String.fromCodePoint(cp));
  if ((text[end + 1] === 's' || text[end + 1] === 'S') && !isWordChar(text.codePointAt(end + 2))) return end + 2;
  if (lastFolded.endsWith('s') && !isWordChar(after)) return end + 1;
  return end;
}

function scan(trie: Trie, text: string, tokens: Token[]): Candidate[] {
  const out: Candidate[] = [];
  if (!trie.size) return out;
  let i = 0;
  while (i < tokens.length) {
    // Walk the trie from token i; remember every place a phrase ends (longest last).
    const ends: { last: number; targets: AliasTarget[] }[] = [];
    let path = '';
    for (let j = i; j < tokens.length; j++) {
      const tok = tokens[j]!;
      const separator = j === i ? '' : separatorKey(text.slice(tokens[j - 1]!.end, tok.start));
      // Plural of a weapon or weapon class, on the phrase's last word only.
      for (const stem of pluralStems(tok.folded)) {
        const p = trie.get(pathStep(path, separator, stem));
        const plural = p?.targets?.filter((t) => PLURAL_KINDS.has(t.kind) || t.block);
        if (plural?.length) ends.push({ last: j, targets: plural });
      }
      path = pathStep(path, separator, tok.folded);
      const n = trie.get(path);
      if (!n) break;
      if (n.targets) ends.push({ last: j, targets: n.targets });
      if (!n.more) break;
    }
    let matched = false;
    for (let k = ends.length - 1; k >= 0; k--) {
      const { last, targets } = ends[k]!;
      const fitting = caseFits(targets, text, tokens, i);
      if (!fitting.length) continue;
      matched = true;
      const blocks = fitting.filter((t) => t.block);
      out.push({
        start: tokens[i]!.start,
        end: possessiveEnd(text, tokens[last]!.end, tokens[last]!.folded),
        firstToken: i,
        lastToken: last + 1,
        ...(blocks.length ? { targets: blocks, blocked: true as const } : { targets: fitting }),
      });
      i = last + 1;
      break;
    }
    if (!matched) i++;
  }
  return out;
}

/** A name whose last word a page may inflect or misspell: the target it links to and its words. */
interface NameEnd {
  target: AliasTarget;
  words: string[];
}

interface NearHit {
  ends: NameEnd[];
  distance: number;
}

class NameVariants {
  /** Unambiguous names of people by their last folded word. */
  private nameEnds = new Map<string, NameEnd[]>();
  private near = new NearIndex<NameEnd>();
  /** Every folded word of every alias, exclude, title and topic: none is a misspelling of another name. */
  private knownWords = new Set<string>();
  private nearCache = new Map<string, NearHit | null>();

  /** Words of the corpus's own phrases (titles, topics, excludes): never a misspelt name. */
  know(tokens: readonly Token[]): void {
    // Only words long enough to be looked up as near misses are ever asked about.
    for (const t of tokens) if (t.folded.length >= NEAR_MIN_LETTERS) this.knownWords.add(t.folded);
  }

  /** One alias of an entity, tokenised once by the matcher for its trie and for this. */
  addAlias(
    e: MatcherEntity,
    alias: MatcherEntity['aliasDetails'][number],
    tokens: readonly Token[],
    upper: boolean[],
  ): void {
    this.know(tokens);
    if (e.kind !== 'person' || alias.ambiguous !== null) return;
    const last = tokens.at(-1)?.folded;
    if (!last) return;
    const end: NameEnd = {
      words: tokens.map((t) => t.folded),
      target: {
        entityId: e.id,
        kind: e.kind,
        alias: alias.text,
        ambiguous: false,
        common: Boolean(alias.common),
        block: false,
        upper,
      },
    };
    pushTo(this.nameEnds, last, end);
    this.near.add(last, end);
  }

  /** `candidates` (the trie's, in order) with the variants found between them, in order. */
  add(text: string, tokens: readonly Token[], candidates: Candidate[]): Candidate[] {
    if (!this.nameEnds.size) return candidates;
    const out: Candidate[] = [];
    let from = 0;
    const between = (end: number) => {
      for (let i = from; i < end; i++) {
        const t = tokens[i]!;
        if (t.folded.length < 4 || !startsUpper(text, t.start)) continue;
        const found = this.inflectedAt(text, tokens, i, from) ?? this.nearAt(text, tokens, i, from);
        if (found) out.push(found);
      }
    };
    for (const c of candidates) {
      between(c.firstToken);
      out.push(c);
      from = c.lastToken;
    }
    between(tokens.length);
    return out;
  }

  /** A name inflected in one of the known languages, ending at token i ("Donalda Trumpa"). */
  private inflectedAt(text: string, tokens: readonly Token[], i: number, from: number): Candidate | null {
    const t = tokens[i]!;
    for (const language of INFLECTING_LANGUAGES) {
      const ends: NameEnd[] = [];
      for (const word of uninflected(t.folded, language))
        if (inflections(word, language).includes(t.folded)) ends.push(...(this.nameEnds.get(word) ?? []));
      if (!ends.length) continue;
      const end = longestEnding(text, tokens, i, from, ends, (w, word) => inflections(word, language).includes(w));
      if (end) return { ...span(tokens, i, end), inflected: language };
    }
    return null;
  }

  /** A near-miss spelling of a long name's last word at token i (with its earlier words, if written). */
  private nearAt(text: string, tokens: readonly Token[], i: number, from: number): Candidate | null {
    const t = tokens[i]!;
    if (t.folded.length < NEAR_MIN_LETTERS || this.knownWords.has(t.folded)) return null;
    const hit = this.nearHit(t.folded);
    const end = hit && longestEnding(text, tokens, i, from, hit.ends);
    if (!hit || !end) return null;
    return {
      ...span(tokens, i, end),
      near: { written: text.slice(t.start, t.end), alias: end.target.alias, distance: hit.distance },
    };
  }

  /**
   * The names a word may be a misspelling of: one entity only, one or two edits away (by length),
   * with the same first and last letter (a changed ending is an inflection or another person:
   * "Zelenska" is Olena Zelenska, "Yermakov" another man).
   */
  private nearHit(word: string): NearHit | null {
    const cached = this.nearCache.get(word);
    if (cached !== undefined) return cached;
    const found = this.near
      .near(word)
      .filter((h) => h.distance > 0 && h.word[0] === word[0] && h.word.at(-1) === word.at(-1));
    const ids = new Set(found.map((h) => h.value.target.entityId));
    const hit =
      ids.size === 1 ? { ends: found.map((h) => h.value), distance: Math.min(...found.map((h) => h.distance)) } : null;
    if (this.nearCache.size >= MAX_NEAR_CACHE) this.nearCache.clear();
    this.nearCache.set(word, hit);
    return hit;
  }
}

function span(tokens: readonly Token[], i: number, end: NameEnd): Candidate {
  const first = i - end.words.length + 1;
  return {
    start: tokens[first]!.start,
    end: tokens[i]!.end,
    firstToken: first,
    lastToken: i + 1,
    targets: [end.target],
  };
}

/**
 * Of names ending with the word at token i, the longest whose earlier words are written right
 * before it (not inside an earlier candidate: from `from` on), exactly or as `inflected` allows.
 */
function longestEnding(
  text: string,
  tokens: readonly Token[],
  i: number,
  from: number,
  ends: readonly NameEnd[],
  inflected: (written: string, word: string) => boolean = () => false,
): NameEnd | null {
  let best: NameEnd | null = null;
  for (const end of ends) {
    const first = i - end.words.length + 1;
    if (first < from) continue;
    let ok = true;
    for (let k = 0; k < end.words.length - 1 && ok; k++) {
      const t = tokens[first + k]!;
      ok =
        (t.folded === end.words[k] || inflected(t.folded, end.words[k]!)) &&
        (!end.target.upper[k] || startsUpper(text, t.start)) &&
        separatorKey(text.slice(t.end, tokens[first + k + 1]!.start)) === ' ';
    }
    if (ok && (!best || end.words.length > best.words.length)) best = end;
  }
  return best;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
