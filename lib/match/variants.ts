/**
 * Names the trie cannot find because the page writes them differently: inflected by the page's
 * language ("Selenskyjs Berater", "Donalda Trumpa", "Wołodymyrowi Zełenskiemu") and near-miss
 * spellings of long, distinctive names ("Zelenksy", "Stoltenburg"). Only for the corpus's people,
 * only from their unambiguous names. The matcher reports them as candidates flagged `inflected`
 * (with the language: the linker keeps those of the page's own) or `near` (the linker links them
 * only where the page supports the entity). Each look-up is bounded: a map look-up per word, a
 * bounded edit-distance search per long capitalised word, remembered per word.
 */
import type { AliasTarget, Candidate } from './matcher';
import { AMBIGUOUS, NONE, type PhraseTable } from './phrases';
import { NEAR_MIN_LETTERS, NearIndex } from './spelling';
import { separatorBetween, startsUpper, tokenize, type Token } from './text';

/** Languages whose inflections of names are known (the outlets that write most about the corpus). */
export const INFLECTING_LANGUAGES = ['de', 'pl', 'ru', 'uk'] as const;

/** A folded Cyrillic word ending in a consonant: Russian and Ukrainian decline such surnames. */
const CYRILLIC_CONSONANT_END = /[бвгджзклмнпрстфхцчшщ]$/;
/**
 * Endings of Russian and Ukrainian surnames (folded: "й" folds to "и", so "-ский" is "-скии"):
 * adjectival ones (-ский, -ський), ones in -а, and ones ending in a consonant, whose instrumental
 * is -ым/-им after -ов or -ин ("Умеровым", "Путиным") and -ом otherwise ("Трампом").
 */
const SLAVIC: Record<
  'ru' | 'uk',
  { adjectival: RegExp; adjectiveEndings: string[]; a: string[]; consonant: string[] }
> = {
  ru: {
    adjectival: /[сц]кии$/,
    adjectiveEndings: ['ого', 'ому', 'им', 'ом'],
    a: ['ы', 'е', 'у', 'ои'],
    consonant: ['а', 'у', 'ом', 'ым', 'е'],
  },
  uk: {
    adjectival: /[сц]ькии$/,
    adjectiveEndings: ['ого', 'ому', 'им', 'ім'],
    a: ['и', 'і', 'у', 'ою'],
    consonant: ['а', 'у', 'ові', 'ом', 'им', 'і', 'е'],
  },
};

/** Distinct words whose near-miss look-up is remembered: a long page's capitalised vocabulary. */
const MAX_NEAR_CACHE = 20_000;

/**
 * How a language inflects a name's word (folded): German adds a bare -s in the genitive
 * ("Selenskyjs Berater"); Polish declines names ("Donalda Trumpa", "Zełenskiemu", "Radosławem
 * Sikorskim", "Sybihy"); Russian and Ukrainian decline them too ("Зеленского", "Рустема
 * Умерова", "Умєровим"). Forms equal to the name itself (Polish -ą folds to -a) need no rule.
 */
export function inflections(word: string, language: string): string[] {
  if (word.length < 4) return [];
  if (language === 'de') return /[sxz]$/.test(word) ? [] : [`${word}s`];
  if (language === 'ru' || language === 'uk') {
    const rules = SLAVIC[language];
    if (rules.adjectival.test(word)) return rules.adjectiveEndings.map((e) => word.slice(0, -2) + e);
    if (word.endsWith('а')) return rules.a.map((e) => word.slice(0, -1) + e);
    if (CYRILLIC_CONSONANT_END.test(word)) return rules.consonant.map((e) => word + e);
    return [];
  }
  if (language !== 'pl') return [];
  if (/(sk|ck|dzk)i$/.test(word)) return ['iego', 'iemu', 'im'].map((e) => word.slice(0, -1) + e);
  if (word.endsWith('a')) return ['y', 'e'].map((e) => word.slice(0, -1) + e);
  if (/[bcdfghjklmnprstwz]$/.test(word)) return ['a', 'owi', 'em', 'ie', 'u'].map((e) => word + e);
  return [];
}

/**
 * The words whose inflections (above) may have made `word` in a language: each ending those rules
 * add, taken off again ("donalda" → "donald", "sikorskiego" → "sikorski"). A superset: the caller
 * keeps the ones whose inflections hold `word`, so a name is found without an index of every form.
 */
export function uninflected(word: string, language: string): string[] {
  const out: string[] = [];
  const strip = (ending: string, put = '') => {
    if (word.length - ending.length >= 4 && word.endsWith(ending)) out.push(word.slice(0, -ending.length) + put);
  };
  if (language === 'de') strip('s');
  if (language === 'ru' || language === 'uk') {
    const rules = SLAVIC[language];
    for (const e of rules.adjectiveEndings) strip(e, 'ии');
    for (const e of rules.a) strip(e, 'а');
    for (const e of rules.consonant) strip(e);
  }
  if (language === 'pl') {
    for (const e of ['iego', 'iemu', 'im']) strip(e, 'i');
    for (const e of ['y', 'e']) strip(e, 'a');
    for (const e of ['a', 'owi', 'em', 'ie', 'u']) strip(e);
  }
  return out;
}

/** The words an inflected word may come from in a language ("andrijem" → "andrij"). */
export function stems(word: string, language: string): string[] {
  const endings =
    language === 'pl'
      ? ['owi', 'em', 'ie', 'a', 'u', 'y', 'e']
      : language === 'de'
        ? ['s']
        : language === 'ru' || language === 'uk'
          ? SLAVIC[language].consonant
          : [];
  return endings.filter((e) => word.length - e.length >= 4 && word.endsWith(e)).map((e) => word.slice(0, -e.length));
}

/** A name whose last word a page may inflect or misspell: the target it links to and its words. */
interface NameEnd {
  /** Its row in the phrase table. */
  row: number;
  target: AliasTarget;
  words: string[];
}

interface NearHit {
  ends: NameEnd[];
  distance: number;
}

export class NameVariants {
  /** The first row of the unambiguous names of people ending with a folded word; the rest linked by `nextEnd`. */
  private nameEnds = new Map<string, number>();
  private nextEnd: number[] = [];
  /**
   * The distinct last words of those names, indexed for near misses when the first word of a
   * page fails every exact look-up (see `nearHit`): one pass over `nameEnds`' keys, once.
   */
  private near: NearIndex<string> | null = null;
  /** Every folded word of every alias, exclude, title and topic: none is a misspelling of another name. */
  private knownWords = new Set<string>();
  private nearCache = new Map<string, NearHit | null>();
  /** Names made from their rows when a page first needs them. */
  private made = new Map<number, NameEnd>();

  constructor(private readonly table: PhraseTable) {}

  /** Words of the corpus's own phrases (titles, topics, excludes): never a misspelt name. */
  know(tokens: readonly Token[]): void {
    // Only words long enough to be looked up as near misses are ever asked about.
    for (const t of tokens) if (t.folded.length >= NEAR_MIN_LETTERS) this.knownWords.add(t.folded);
  }

  /** One alias's row in the phrase table, tokenised once by the matcher for its trie and for this. */
  addAlias(row: number, tokens: readonly Token[]): void {
    this.know(tokens);
    const { table } = this;
    if (table.entityOf(row).kind !== 'person' || table.flags[row]! & AMBIGUOUS) return;
    const last = tokens.at(-1)?.folded;
    if (!last) return;
    while (this.nextEnd.length <= row) this.nextEnd.push(NONE);
    const first = this.nameEnds.get(last);
    if (first === undefined) {
      this.nameEnds.set(last, row);
      return;
    }
    let at = first;
    while (this.nextEnd[at]! !== NONE) at = this.nextEnd[at]!;
    this.nextEnd[at] = row;
  }

  /** The names ending with a folded word, in the order they were added. */
  private endsOf(word: string): NameEnd[] {
    const out: NameEnd[] = [];
    for (let row = this.nameEnds.get(word) ?? NONE; row !== NONE; row = this.nextEnd[row]!) out.push(this.end(row));
    return out;
  }

  private end(row: number): NameEnd {
    let end = this.made.get(row);
    if (!end) {
      const words = tokenize(this.table.text[row]!).map((t) => t.folded);
      end = { row, words, target: this.table.target(row, words.length) };
      this.made.set(row, end);
    }
    return end;
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
        if (inflections(word, language).includes(t.folded)) ends.push(...this.endsOf(word));
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
    if (!this.near) {
      this.near = new NearIndex<string>();
      for (const last of this.nameEnds.keys()) this.near.add(last, last);
    }
    const found = this.near
      .near(word)
      .filter((h) => h.distance > 0 && h.word[0] === word[0] && h.word.at(-1) === word.at(-1));
    // Shorter names first, then in the order they were added: the order of the index's buckets.
    const ends = found
      .flatMap((h) => this.endsOf(h.value))
      .sort((a, b) => a.words.at(-1)!.length - b.words.at(-1)!.length || a.row - b.row);
    const ids = new Set(ends.map((e) => e.target.entityId));
    const hit = ids.size === 1 ? { ends, distance: Math.min(...found.map((h) => h.distance)) } : null;
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
        separatorBetween(text, t.end, tokens[first + k + 1]!.start) === ' ';
    }
    if (ok && (!best || end.words.length > best.words.length)) best = end;
  }
  return best;
}
