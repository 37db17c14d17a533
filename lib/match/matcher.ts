/**
 * One matcher compiled from every alias of the corpus. It scans a text in a single pass over
 * its tokens with a trie of token sequences: at each token it follows the trie as far as the
 * text allows (bounded by the longest alias, a few tokens), keeps the longest match, and moves
 * past it. Cost is linear in the text, whatever the number of aliases; building is linear in
 * the total alias length.
 *
 * General rules, no rule for a particular article:
 * - word boundaries in every script (tokens are runs of letters and digits);
 * - case: an alias word written with a capital needs a capital in the text (so "trump" the card
 *   game is not "Trump"), while text in capitals still matches ("BIDEN", "Atacms" for ATACMS);
 * - diacritics, apostrophes, hyphens, dashes and line breaks are folded;
 * - possessives ("Zelensky’s", "Reynolds’") belong to the mention; weapons also take plurals
 *   ("drones", "F-16s");
 * - longest match wins and matches never overlap; an entity's `excludes` (longer names that
 *   contain one of its aliases but name something else, "Austin, Texas") win over the alias
 *   and link nothing.
 */
import type { EntityKind } from '../corpus/schema';
import type { MatcherEntity } from '../messaging/protocol';
import { separatorBetween, startsUpper, tokenize, type Token } from './text';
import { AMBIGUOUS, BLOCK, COMMON, MERGED, NONE, PhraseTable } from './phrases';
import { NameVariants } from './variants';

export interface AliasTarget {
  entityId: string;
  kind: EntityKind;
  alias: string;
  ambiguous: boolean;
  /**
   * A full name that other people bear too (flagged `common` in the corpus): it links only on a
   * page that shows some of the entity's topic evidence.
   */
  common: boolean;
  /** True for an `excludes` phrase: it blocks, it never links. */
  block: boolean;
  /** For each alias token: does it need an upper-case first letter in the text? */
  upper: boolean[];
}

export interface Candidate {
  start: number;
  end: number;
  /** Index of the first and one past the last token of the match (into the tokens array). */
  firstToken: number;
  lastToken: number;
  /** The entities this text may name; several only for an alias flagged ambiguous by each. */
  targets: AliasTarget[];
  /**
   * An `excludes` phrase ("Hunter Biden"): it links nothing, but the linker learns from it that
   * the page names someone else who shares a surname.
   */
  blocked?: true;
  /**
   * Found beside the trie (lib/match/variants.ts): a near-miss spelling of a long name ("Zelenksy"), linked
   * only with the page's support for the entity, and shown as such in "why highlighted".
   */
  near?: { written: string; alias: string; distance: number };
  /** Found as a name inflected in this language ("Donalda Trumpa": pl): linked on pages in it only. */
  inflected?: string;
}

export interface Matcher {
  /** Leftmost-longest matches in `text`, in order, never overlapping; exclusion phrases flagged `blocked`. */
  scan(text: string, tokens?: Token[]): Candidate[];
  /** How many aliases and exclusion phrases it holds. */
  size: number;
  /** The most tokens in one alias or exclusion phrase: how far a match can reach past its start. */
  longest: number;
}

const STEP = '\u0000';
const PLURAL_KINDS: ReadonlySet<EntityKind> = new Set(['weapon', 'weapon-class']);

/** The path one token further: the separator before it and a step mark, then the token. */
function pathStep(path: string, separator: string, folded: string): string {
  return path === '' ? folded : `${path}${separator}${STEP}${folded}`;
}

/** The trie's key of a phrase: how the matcher sees it, for duplicate checks elsewhere. */
export function phraseKey(phrase: string): string {
  const tokens = tokenize(phrase);
  return tokens
    .map((t, i) => (i === 0 ? t.folded : `${separatorBetween(phrase, tokens[i - 1]!.end, t.start)}${t.folded}`))
    .join('');
}

/**
 * The trie, flat and compact (ADR 019, ADR 023): one map from a phrase's path (its tokens' keys
 * so far, see `pathStep`) to a small integer, the node's number times two plus one when some
 * longer phrase goes on from it; per node, the first row of its targets in the phrase table (the
 * rest linked there), and its number of tokens. No object per node or per phrase: at 30,000
 * aliases those were most of the matcher's memory and of its building time.
 */
class Trie {
  private readonly paths = new Map<string, number>();
  /** Per node: its first target row (NONE: no phrase ends here), and its depth in tokens. */
  private readonly first: number[] = [];
  private readonly depth: number[] = [];
  /** Targets handed out, by node: the same array on every scan. */
  private readonly made = new Map<number, AliasTarget[]>();

  constructor(private readonly table: PhraseTable) {}

  get size(): number {
    return this.paths.size;
  }

  /** The node at a path: its number times two, plus one if longer phrases go on from it; undefined if none. */
  get(path: string): number | undefined {
    return this.paths.get(path);
  }

  /** The targets of a node (from `get`), or null when no phrase ends there. */
  targets(value: number): AliasTarget[] | null {
    const node = value >> 1;
    const first = this.first[node]!;
    if (first === NONE) return null;
    let out = this.made.get(node);
    if (!out) {
      out = this.table.list(first).map((row) => this.table.target(row, this.depth[node]!));
      this.made.set(node, out);
    }
    return out;
  }

  /** Adds a phrase's row (tokenised by the caller); returns its number of tokens (0 when it has no letters or digits). */
  insert(phrase: string, tokens: readonly Token[], row: number): number {
    if (!tokens.length) return 0;
    let path = '';
    let value = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (i > 0 && !(value & 1)) this.paths.set(path, value | 1);
      path = pathStep(path, i === 0 ? '' : separatorBetween(phrase, tokens[i - 1]!.end, t.start), t.folded);
      const found = this.paths.get(path);
      if (found === undefined) {
        value = this.first.length << 1;
        this.first.push(NONE);
        this.depth.push(i + 1);
        this.paths.set(path, value);
      } else value = found;
    }
    this.addTarget(value >> 1, row, tokens.length);
    return tokens.length;
  }

  /**
   * Two spellings of one entity that fold to the same key ("long-range", "long range") are one
   * target; it keeps the laxer case rule so neither spelling is lost. The merged target is a row
   * of its own: the first spelling's row stays as it was (NameVariants may hold it).
   */
  private addTarget(node: number, row: number, tokens: number): void {
    const { table } = this;
    const id = table.entityOf(row).id;
    const block = table.flags[row]! & BLOCK;
    let previous = NONE;
    for (let r = this.first[node]!; r !== NONE; previous = r, r = table.next[r]!) {
      if (table.entityOf(r).id !== id || (table.flags[r]! & BLOCK) !== block) continue;
      const a = table.flags[r]!;
      const b = table.flags[row]!;
      const flags = (a & BLOCK) | MERGED | (a & b & (AMBIGUOUS | COMMON));
      const upperA = table.upperOf(r, tokens);
      const upperB = table.upperOf(row, tokens);
      const merged = table.copy(
        r,
        flags,
        upperA.map((u, k) => u && upperB[k]!),
      );
      table.next[merged] = table.next[r]!;
      if (previous === NONE) this.first[node] = merged;
      else table.next[previous] = merged;
      return;
    }
    if (previous === NONE) this.first[node] = row;
    else table.next[previous] = row;
  }
}

export function buildMatcher(entities: readonly MatcherEntity[]): Matcher {
  const table = new PhraseTable(entities);
  const trie = new Trie(table);
  let size = 0;
  let longest = 0;
  const add = (tokens: number) => {
    if (tokens) size++;
    longest = Math.max(longest, tokens);
  };
  // Inflected and misspelt names of people, found between the trie's matches.
  const variants = new NameVariants(table);
  // Titles and topic words repeat across entities ("Minister", "war"): each is read once.
  const known = new Set<string>();
  for (let index = 0; index < entities.length; index++) {
    const e = entities[index]!;
    for (const a of e.aliasDetails) {
      const tokens = tokenize(a.text);
      const flags = (a.ambiguous !== null ? AMBIGUOUS : 0) | (a.common ? COMMON : 0);
      const row = table.add(index, a.text, flags, upperRule(a.text, tokens));
      variants.addAlias(row, tokens);
      add(trie.insert(a.text, tokens, row));
    }
    for (const x of e.excludes) {
      const tokens = tokenize(x);
      variants.know(tokens);
      add(trie.insert(x, tokens, table.add(index, x, BLOCK, upperRule(x, tokens))));
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
      const separator = j === i ? '' : separatorBetween(text, tokens[j - 1]!.end, tok.start);
      // Plural of a weapon or weapon class, on the phrase's last word only.
      for (const stem of pluralStems(tok.folded)) {
        const p = trie.get(pathStep(path, separator, stem));
        const plural = p === undefined ? null : trie.targets(p)?.filter((t) => PLURAL_KINDS.has(t.kind) || t.block);
        if (plural?.length) ends.push({ last: j, targets: plural });
      }
      path = pathStep(path, separator, tok.folded);
      const n = trie.get(path);
      if (n === undefined) break;
      const targets = trie.targets(n);
      if (targets) ends.push({ last: j, targets });
      if (!(n & 1)) break;
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
