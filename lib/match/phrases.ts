/**
 * Every phrase the matcher holds (an entity's alias, or one of its `excludes`), one row each, as
 * parallel arrays of small integers and references to strings the entities already hold; the
 * `AliasTarget` objects the scan hands out are made from a row when a page first needs it (ADR
 * 023). An object per phrase (with its array of case rules) made the matcher of a 30,000-alias
 * corpus weigh several times its names, and building it mostly garbage collection.
 */
import type { MatcherEntity } from '../messaging/protocol';
import type { AliasTarget } from './matcher';

/** Row flags. */
export const AMBIGUOUS = 1;
export const COMMON = 2;
/** An `excludes` phrase: it blocks, it never links. */
export const BLOCK = 4;
/** A row the trie made by merging two spellings of one entity (never a person's name for NameVariants). */
export const MERGED = 8;

/** Tokens whose case rule fits in a row's bit mask (a small integer); a longer phrase keeps an array. */
const MASK_TOKENS = 30;

/** No row: the end of a list. */
export const NONE = -1;

export class PhraseTable {
  /** Index of the row's entity in `entities`. */
  private readonly entity: number[] = [];
  /** The phrase as the corpus writes it (the entity's own string). */
  readonly text: string[] = [];
  readonly flags: number[] = [];
  /** Bit k: token k needs an upper-case first letter in the text. -1: see `longUpper`. */
  private readonly upper: number[] = [];
  private readonly longUpper = new Map<number, boolean[]>();
  /** The next row in the same list (a trie node's targets, a name's ends): lists live in the table. */
  readonly next: number[] = [];
  /** Targets made so far, by row: the same object for a row on every scan. */
  private readonly made = new Map<number, AliasTarget>();

  constructor(readonly entities: readonly MatcherEntity[]) {}

  get size(): number {
    return this.text.length;
  }

  add(entity: number, text: string, flags: number, upper: readonly boolean[]): number {
    const row = this.text.length;
    this.entity.push(entity);
    this.text.push(text);
    this.flags.push(flags);
    this.next.push(NONE);
    if (upper.length > MASK_TOKENS) {
      this.upper.push(-1);
      this.longUpper.set(row, [...upper]);
    } else {
      let mask = 0;
      for (let k = 0; k < upper.length; k++) if (upper[k]) mask |= 1 << k;
      this.upper.push(mask);
    }
    return row;
  }

  /** A copy of a row (its list link cleared), with other flags and case rule. */
  copy(row: number, flags: number, upper: readonly boolean[]): number {
    return this.add(this.entity[row]!, this.text[row]!, flags, upper);
  }

  entityOf(row: number): MatcherEntity {
    return this.entities[this.entity[row]!]!;
  }

  /** The row's case rule for its `tokens` tokens. */
  upperOf(row: number, tokens: number): boolean[] {
    const mask = this.upper[row]!;
    if (mask < 0) return [...this.longUpper.get(row)!];
    const out: boolean[] = [];
    for (let k = 0; k < tokens; k++) out.push((mask & (1 << k)) !== 0);
    return out;
  }

  /** Whether token k of the row needs a capital. */
  needsUpper(row: number, k: number): boolean {
    const mask = this.upper[row]!;
    if (mask < 0) return this.longUpper.get(row)![k] === true;
    return k < MASK_TOKENS && (mask & (1 << k)) !== 0;
  }

  /** The row as the scan hands it out, made once. `tokens`: its number of tokens. */
  target(row: number, tokens: number): AliasTarget {
    let t = this.made.get(row);
    if (!t) {
      const e = this.entityOf(row);
      const flags = this.flags[row]!;
      t = {
        entityId: e.id,
        kind: e.kind,
        alias: this.text[row]!,
        ambiguous: (flags & AMBIGUOUS) !== 0,
        common: (flags & COMMON) !== 0,
        block: (flags & BLOCK) !== 0,
        upper: this.upperOf(row, tokens),
      };
      this.made.set(row, t);
    }
    return t;
  }

  /** The rows of a list, from its first. */
  list(first: number): number[] {
    const out: number[] = [];
    for (let r = first; r !== NONE; r = this.next[r]!) out.push(r);
    return out;
  }
}
