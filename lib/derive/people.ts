/**
 * Who is who in one article: the people the corpus knows (person links of the shared linker) and
 * the names the corpus lacks (found by `compromise`, or written next to a speech verb), each
 * person one key. A name in full is a person; a surname alone ("Peskov", "Mr Peskov") is the one
 * person the article names in full with it, and nobody when it names two (father and son).
 * Quote attribution asks it who a phrase or a sentence names; the offer of new people lists the
 * names the corpus lacks.
 */
import type { MatcherEntity } from '../messaging/protocol';
import { foldToken } from '../match/text';
import type { EntityLink } from './mentions';
import { nameWords, TITLE_WORDS, trimName, type NameSpan } from './names';
import type { TextRange } from './sentences';

/** A person an article names: a corpus entity, or a name the corpus lacks. */
export interface Person {
  /** `entity:<id>` or `name:<folded words of the full name>`: one key per person in the article. */
  key: string;
  entityId: string | null;
}

export interface PersonMention extends TextRange {
  person: Person;
}

/** Speech verbs next to which a capitalised phrase is taken for a speaker's name. */
const SPEECH =
  'said|says|told|added|asked|wrote|declared|explained|insisted|warned|argued|noted|recalled|replied|reported|stated';
const CAP = "\\p{Lu}[\\p{L}\\p{M}'’.-]*";
/** Words of one name are separated by spaces on one line, never by a line break. */
const NAME = `${CAP}(?:[ \\u00a0]+(?:${CAP}|de|da|van|von|der|bin|al|la|le|del))*[ \\u00a0]+${CAP}`;
/** "said Lotfi Azzouz", "Lotfi Azzouz said", "Ajmi Lourimi, a member of …, said". */
const NAME_BY_SPEECH = [
  new RegExp(`\\b(?:${SPEECH})[ \\u00a0]+(${NAME})`, 'gu'),
  new RegExp(`(${NAME})[ \\u00a0]+(?:has\\s+|had\\s+|also\\s+|later\\s+)?(?:${SPEECH})\\b`, 'gu'),
  new RegExp(`(${NAME}),\\s+(?:a|an|the|his|her|its|their)\\s[^,.;:“”"]{1,100},\\s+(?:${SPEECH})\\b`, 'gu'),
];
/**
 * Words that make a capitalised phrase an organisation, a place or a day rather than a person
 * ("said White House officials", "Amnesty International said", "told Fox News").
 */
const NOT_A_PERSON = new Set(
  (
    'house office ministry department council agency committee party group union times news post journal press ' +
    'service services police court army forces force navy bank fund organization organisation university college ' +
    'institute foundation commission congress parliament senate government administration company corp inc ltd ' +
    'association center centre network street square international national federal state states kingdom republic ' +
    'nations united america american european africa african asia monday tuesday wednesday thursday friday ' +
    'saturday sunday january february march april june july august september october november december club ' +
    'city county airport hospital school church museum reuters associated bloomberg tv radio magazine review ' +
    'global world north south east west new street road bridge island islands sea ocean river'
  ).split(' '),
);
const CAPITALISED_WORD = /\p{Lu}[\p{L}\p{M}'’-]*/gu;
const CAPITALISED_PAIR = /(\p{Lu}[\p{L}\p{M}'’-]*)[ \u00a0]+(?=(\p{Lu}[\p{L}\p{M}'’-]*))/gu;

/** Ranges in order of start, asked whether a range overlaps one of them. */
class IntervalSet {
  private readonly starts: number[];
  private readonly ends: number[];
  constructor(ranges: readonly TextRange[]) {
    const sorted = [...ranges].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((r) => r.start);
    this.ends = sorted.map((r) => r.end);
  }
  overlaps(start: number, end: number): boolean {
    // The last range starting before `end` is the only one that can reach past `start`
    // (names never nest), so one binary search answers.
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < end) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && this.ends[found]! > start;
  }
}

/** At most this many words in a name found by a speech verb: longer runs are titles of things. */
const MAX_NAME_WORDS = 4;

function speakerNames(text: string): NameSpan[] {
  const out: NameSpan[] = [];
  for (const pattern of NAME_BY_SPEECH) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index + m[0].indexOf(m[1]!);
      const span = trimName(text, { start, end: start + m[1]!.length });
      if (!span) continue;
      const words = nameWords(text.slice(span.start, span.end));
      if (words.length < 2 || words.length > MAX_NAME_WORDS || words.some((w) => NOT_A_PERSON.has(w))) continue;
      out.push(span);
    }
  }
  return out;
}

/** The folded names of each entity list's people, made once per list (as its matcher is, ./mentions.ts). */
const aliasWordLists = new WeakMap<readonly MatcherEntity[], ReadonlySet<string>>();

/**
 * Every alias of a corpus person, folded: a name equal to one is never a new person (an ambiguous
 * alias the linker left unlinked is someone the corpus knows, or something else).
 */
function aliasWordsOf(entities: readonly MatcherEntity[]): ReadonlySet<string> {
  let words = aliasWordLists.get(entities);
  if (!words) {
    words = new Set(
      entities
        .filter((e) => e.kind === 'person')
        .flatMap((e) => [e.name, ...e.aliasDetails.map((a) => a.text)])
        .map((a) => nameWords(a).join(' ')),
    );
    aliasWordLists.set(entities, words);
  }
  return words;
}

export class People {
  readonly mentions: PersonMention[];
  /** For each surname (folded last word), the people named in full with it. */
  private readonly bySurnameKey = new Map<string, Set<string>>();
  private readonly persons = new Map<string, Person>();
  private readonly aliasWords: ReadonlySet<string>;

  constructor(
    text: string,
    links: readonly EntityLink[],
    libraryNames: readonly NameSpan[],
    entities: readonly MatcherEntity[],
  ) {
    const personLinks = links.filter((l) => l.kind === 'person');
    this.aliasWords = aliasWordsOf(entities);
    const mentions: PersonMention[] = [];
    const add = (m: PersonMention) => {
      mentions.push(m);
      this.persons.set(m.person.key, m.person);
    };
    const noteSurname = (words: string[], key: string) => {
      const last = words.at(-1);
      if (!last) return;
      const keys = this.bySurnameKey.get(last) ?? new Set<string>();
      keys.add(key);
      this.bySurnameKey.set(last, keys);
    };
    for (const l of personLinks) {
      const person = { key: `entity:${l.entityId}`, entityId: l.entityId };
      add({ start: l.start, end: l.end, person });
      noteSurname(nameWords(text.slice(l.start, l.end)), person.key);
    }
    const overlapsLink = (n: NameSpan) => personLinks.some((l) => l.start < n.end && n.start < l.end);
    const names = dedupe([...libraryNames, ...speakerNames(text)]).filter((n) => !overlapsLink(n));
    // Full names first: each is a person; a surname alone then joins the one person named with it.
    const short: NameSpan[] = [];
    for (const n of names) {
      const words = nameWords(text.slice(n.start, n.end));
      if (words.length < 2) {
        short.push(n);
        continue;
      }
      const key = `name:${words.join(' ')}`;
      add({ start: n.start, end: n.end, person: this.persons.get(key) ?? { key, entityId: null } });
      noteSurname(words, key);
    }
    for (const n of short) {
      const person = this.surnameOwner(nameWords(text.slice(n.start, n.end))[0]!);
      if (person) add({ start: n.start, end: n.end, person });
      else {
        const key = `name:${nameWords(text.slice(n.start, n.end)).join(' ')}`;
        add({ start: n.start, end: n.end, person: this.persons.get(key) ?? { key, entityId: null } });
      }
    }
    // A surname also written after another first name ("Hori Parata" beside "Te Kaurinui Parata",
    // where only one was tagged) belongs to no one alone. One pass over the capitalised pairs.
    for (const w of text.matchAll(CAPITALISED_PAIR)) {
      const surname = foldToken(w[2]!);
      const keys = this.bySurnameKey.get(surname);
      if (keys?.size !== 1) continue;
      const key = [...keys][0]!;
      const first = foldToken(w[1]!);
      if (key.startsWith('entity:') || TITLE_WORDS.has(first) || key.slice(5).split(' ').includes(first)) continue;
      keys.add(`other:${first}`);
    }
    // A capitalised surname of someone named in full, where no library tagged it ("Essid declared"):
    // one pass over the capitalised words.
    const covered = new IntervalSet(mentions);
    for (const w of text.matchAll(CAPITALISED_WORD)) {
      const end = w.index + w[0].replace(/[’']s?$/, '').length;
      const person = this.surnameOwner(foldToken(text.slice(w.index, end)));
      if (person && !covered.overlaps(w.index, end)) add({ start: w.index, end, person });
    }
    this.mentions = mentions.sort((a, b) => a.start - b.start);
  }

  private surnameOwner(surname: string): Person | null {
    const keys = this.bySurnameKey.get(surname);
    return keys?.size === 1 ? this.persons.get([...keys][0]!)! : null;
  }

  /** Distinct people named inside a range, each by its first mention there. */
  within(range: TextRange): PersonMention[] {
    const seen = new Map<string, PersonMention>();
    // Mentions are in order of start: find the first that starts inside, walk to the range's end.
    let lo = 0;
    let hi = this.mentions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.mentions[mid]!.start < range.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.mentions.length && this.mentions[i]!.start < range.end; i++) {
      const m = this.mentions[i]!;
      if (m.end <= range.end && !seen.has(m.person.key)) seen.set(m.person.key, m);
    }
    return [...seen.values()];
  }

  /** Whether a name is one of the corpus's people (by any alias), linked or not. */
  isKnown(name: string): boolean {
    return this.aliasWords.has(nameWords(name).join(' '));
  }
}

function dedupe(spans: NameSpan[]): NameSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: NameSpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start < last.end) continue;
    out.push(s);
  }
  return out;
}
