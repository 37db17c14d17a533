/**
 * Decides which candidate matches become links, from evidence on the page, by general rules
 * driven by corpus data (aliases flagged ambiguous, titles, topic words, excludes):
 *
 * - an unambiguous alias links, unless it is visibly part of a longer name ("Hunter Biden");
 * - an ambiguous alias links only with evidence: a title or role right before it ("Defense
 *   Secretary Austin"), the entity's full name elsewhere on the page (so a surname after the
 *   full name links to the same entity), or enough of the entity's topic words nearby;
 * - a surname is taken to mean the first person the page names in full with it: on a page that
 *   names "Hunter Biden" (an `excludes` name) before "Joe Biden", a bare "Biden" links only with
 *   a title ("President Biden");
 * - every link keeps the evidence that made it, for the card's "why highlighted".
 */
import type { MatcherEntity } from '../messaging/protocol';
import type { AliasTarget, Candidate } from './matcher';
import { separatorKey, startsUpper, tokenize, type Token } from './text';

export type Evidence =
  | { kind: 'alias' }
  | { kind: 'title'; title: string }
  | { kind: 'full-name'; name: string }
  | { kind: 'topic'; words: string[] };

export interface Link {
  start: number;
  end: number;
  entityId: string;
  alias: string;
  evidence: Evidence;
}

/** Topic words must appear within this many tokens of an ambiguous mention (about a paragraph). */
export const TOPIC_WINDOW_TOKENS = 60;
/** Distinct topic words needed: one could be chance ("Austin" near "defense" in a sports page). */
export const TOPIC_MIN_WORDS = 2;
/** A text where this share of words is capitalised is a title-case headline: capitals say nothing there. */
const TITLE_CASE_SHARE = 0.8;

/**
 * Words that may stand before a surname without making a longer name: honorifics and offices in
 * general use. An entity's own `titles` add to these.
 */
const GENERAL_TITLES = new Set(
  (
    'mr mrs ms miss mx dr prof sir dame lord lady president vice minister secretary senator sen rep ' +
    'representative congressman congresswoman gov governor general gen chancellor premier king queen prince ' +
    'princess pope ambassador envoy spokesman spokeswoman spokesperson chair chairman chairwoman judge justice ' +
    'mayor commander colonel col admiral adm chief leader former late deputy foreign defense defence prime ' +
    'state national security council house speaker director officer'
  ).split(' '),
);

/** Words after a surname that leave it the last name: "Donald Trump Jr." is another Trump. */
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

interface Phrase {
  words: string[];
  /** Separator keys between the words. */
  seps: string[];
}

interface EntityRules {
  titles: Phrase[];
  titleWords: Set<string>;
  topics: string[][];
  related: Set<string>;
  kind: MatcherEntity['kind'];
  /** A person's aliases as folded words ("biden", "de croo"): the ends a longer name may share. */
  names: string[][];
}

export interface PageState {
  /** Entities named on the page by an unambiguous alias, with the alias first seen. */
  named: Map<string, string>;
  /**
   * For each surname (folded words, space-joined), the first person the page named with it: an
   * entity id, or null for someone outside the corpus (an `excludes` name).
   */
  bearers: Map<string, string | null>;
}

export function newPageState(): PageState {
  return { named: new Map(), bearers: new Map() };
}

/** A candidate after the first pass: linked, pending evidence, or refused (null). */
export type Decision = { c: Candidate; target: AliasTarget | null; evidence: Evidence | null } | null;

export interface Chunk {
  text: string;
  tokens: Token[];
  candidates: Candidate[];
}

export class Linker {
  private rules = new Map<string, EntityRules>();
  /** Whether a chunk reads as a title-case headline: asked by both passes, counted once. */
  private titleCases = new WeakMap<Chunk, boolean>();

  constructor(entities: readonly MatcherEntity[]) {
    for (const e of entities) {
      const titles = e.titles.map(phrase).filter((t) => t.words.length);
      this.rules.set(e.id, {
        titles,
        titleWords: new Set(titles.flatMap((t) => t.words)),
        topics: e.topics.map((t) => tokenize(t).map((x) => x.folded)).filter((t) => t.length),
        related: new Set(e.relatedIds),
        kind: e.kind,
        names: e.kind === 'person' ? e.aliasDetails.map((a) => tokenize(a.text).map((t) => t.folded)) : [],
      });
    }
  }

  /**
   * Links the candidates of a batch of chunks. Unambiguous names found anywhere in the batch (or
   * earlier on the page, kept in `page`) count as evidence for ambiguous ones in the batch.
   */
  link(chunks: readonly Chunk[], page: PageState): Link[][] {
    const decided = chunks.map((chunk) => this.decide(chunk, page));
    return chunks.map((chunk, i) => this.resolve(chunk, decided[i]!, page));
  }

  /**
   * First pass over one chunk: links its unambiguous names and notes them in `page`. Run it over
   * every chunk of a pass before `resolve`, so a full name anywhere is evidence everywhere.
   */
  decide(chunk: Chunk, page: PageState): Decision[] {
    const titleCase = this.isTitleCase(chunk);
    return chunk.candidates.map((c) => {
      if (c.blocked) {
        // In a title-case headline every word has a capital: it says nothing of a person's name.
        if (!titleCase) for (const t of c.targets) this.noteBearer(chunk, c, t.entityId, null, page);
        return null;
      }
      const plain = c.targets.length === 1 && !c.targets[0]!.ambiguous ? c.targets[0]! : null;
      if (!plain) {
        // An ambiguous surname after the entity's own title ("Defense Secretary Austin") names it,
        // when that title fits one entity only.
        const titled = c.targets.filter((t) => {
          const rules = this.rules.get(t.entityId);
          return rules && this.titleBefore(chunk, c, rules);
        });
        if (titled.length === 1) this.noteBearer(chunk, c, titled[0]!.entityId, titled[0]!.entityId, page);
        return { c, target: null, evidence: null };
      }
      if (this.partOfLongerName(chunk, c, plain, titleCase)) return null;
      this.noteBearer(chunk, c, plain.entityId, plain.entityId, page);
      if (!page.named.has(plain.entityId)) page.named.set(plain.entityId, plain.alias);
      return { c, target: plain, evidence: { kind: 'alias' } as Evidence };
    });
  }

  /** Second pass over one chunk: its links, ambiguous names decided on the evidence. */
  resolve(chunk: Chunk, decided: readonly Decision[], page: PageState): Link[] {
    const titleCase = this.isTitleCase(chunk);
    const neighbours = decided.flatMap((x) =>
      x?.target && x.evidence ? [{ c: x.c, entityId: x.target.entityId }] : [],
    );
    const links: Link[] = [];
    for (const d of decided) {
      if (!d) continue;
      if (d.target && d.evidence) {
        if (!this.otherBearer(chunk, d.c, d.target.entityId, page)) links.push(toLink(d.c, d.target, d.evidence));
        else {
          // The page named someone else with this surname first: only a title says it is ours.
          const rules = this.rules.get(d.target.entityId);
          const title = rules && this.titleBefore(chunk, d.c, rules);
          if (title) links.push(toLink(d.c, d.target, { kind: 'title', title }));
        }
        continue;
      }
      const chosen = this.resolveAmbiguous(chunk, d.c, page, titleCase, neighbours);
      if (chosen) links.push(toLink(d.c, chosen.target, chosen.evidence));
    }
    return links;
  }

  private resolveAmbiguous(
    chunk: Chunk,
    c: Candidate,
    page: PageState,
    titleCase: boolean,
    neighbours: { c: Candidate; entityId: string }[],
  ): { target: AliasTarget; evidence: Evidence } | null {
    const options: { target: AliasTarget; evidence: Evidence; rank: number }[] = [];
    for (const target of c.targets) {
      const rules = this.rules.get(target.entityId);
      if (!rules) continue;
      const title = this.titleBefore(chunk, c, rules);
      if (title) {
        options.push({ target, evidence: { kind: 'title', title }, rank: 3 });
        continue;
      }
      if (this.partOfLongerName(chunk, c, target, titleCase)) continue;
      if (this.otherBearer(chunk, c, target.entityId, page)) continue;
      const fullName = page.named.get(target.entityId);
      if (fullName) {
        options.push({ target, evidence: { kind: 'full-name', name: fullName }, rank: 2 });
        continue;
      }
      // Topic words, and names of related entities linked nearby ("Starmer ... Storm Shadow").
      const words = [
        ...this.topicsNear(chunk, c, rules),
        ...new Set(
          neighbours
            .filter(
              (n) => rules.related.has(n.entityId) && Math.abs(n.c.firstToken - c.firstToken) <= TOPIC_WINDOW_TOKENS,
            )
            .map((n) => chunk.text.slice(n.c.start, n.c.end)),
        ),
      ];
      if (words.length >= TOPIC_MIN_WORDS) options.push({ target, evidence: { kind: 'topic', words }, rank: 1 });
    }
    if (!options.length) return null;
    options.sort((a, b) => b.rank - a.rank);
    // Two entities with equally strong evidence: we cannot tell which is meant, so link neither.
    if (options.length > 1 && options[0]!.rank === options[1]!.rank) return null;
    return options[0]!;
  }

  private isTitleCase(chunk: Chunk): boolean {
    let known = this.titleCases.get(chunk);
    if (known === undefined) this.titleCases.set(chunk, (known = isTitleCase(chunk)));
    return known;
  }

  /**
   * Notes the surnames a name of `owner` carries (the entity's aliases it ends with: "Biden" in
   * "Joseph R. Biden Jr.", in "President Biden", in "Biden" itself), as borne by `entityId`, unless
   * the page named someone with them before. An `excludes` name (`entityId` null: someone else)
   * bears a surname only when it reads as a person's name, every word capitalised ("Hunter
   * Biden", not "University of Texas at Austin").
   */
  private noteBearer(chunk: Chunk, c: Candidate, owner: string, entityId: string | null, page: PageState): void {
    const rules = this.rules.get(owner);
    if (!rules?.names.length) return;
    const tokens = chunk.tokens.slice(c.firstToken, c.lastToken);
    if (entityId === null && !tokens.every((t) => startsUpper(chunk.text, t.start))) return;
    const words = tokens.map((t) => t.folded);
    while (words.length > 1 && NAME_SUFFIXES.has(words.at(-1)!)) words.pop();
    for (const name of rules.names) {
      // Someone else's name bears only the shorter names it ends with, never the whole alias.
      const longest = entityId === null ? words.length - 1 : words.length;
      if (name.length > longest || !name.every((w, k) => words[words.length - name.length + k] === w)) continue;
      const key = name.join(' ');
      if (!page.bearers.has(key)) page.bearers.set(key, entityId);
    }
  }

  /** Whether this surname mention stands, on this page, for someone other than `entityId`. */
  private otherBearer(chunk: Chunk, c: Candidate, entityId: string, page: PageState): boolean {
    if (!page.bearers.size) return false;
    const key = chunk.tokens
      .slice(c.firstToken, c.lastToken)
      .map((t) => t.folded)
      .join(' ');
    const bearer = page.bearers.get(key);
    return bearer !== undefined && bearer !== entityId;
  }

  /**
   * The entity's title or role right before the mention ("Defense Secretary Austin", "U.K.
   * Foreign Secretary Lammy"), or for a weapon right after it ("Storm Shadow missiles").
   */
  private titleBefore(chunk: Chunk, c: Candidate, rules: EntityRules): string | null {
    const { tokens, text } = chunk;
    const fits = (title: Phrase, from: number) =>
      from >= 0 &&
      from + title.words.length <= tokens.length &&
      title.words.every(
        (w, k) =>
          // "missiles" after a weapon fits the title "missile".
          [w, `${w}s`, `${w}es`].includes(tokens[from + k]!.folded) &&
          (k === 0 ||
            separatorKey(text.slice(tokens[from + k - 1]!.end, tokens[from + k]!.start)) === title.seps[k - 1]),
      );
    const spaced = (a: number, b: number) =>
      a >= 0 && b < tokens.length && separatorKey(text.slice(tokens[a]!.end, tokens[b]!.start)) === ' ';
    for (const title of rules.titles) {
      const from = c.firstToken - title.words.length;
      if (fits(title, from) && spaced(c.firstToken - 1, c.firstToken)) {
        return text.slice(tokens[from]!.start, tokens[c.firstToken - 1]!.end);
      }
      if (rules.kind !== 'person' && fits(title, c.lastToken) && spaced(c.lastToken - 1, c.lastToken)) {
        return text.slice(tokens[c.lastToken]!.start, tokens[c.lastToken + title.words.length - 1]!.end);
      }
    }
    return null;
  }

  private topicsNear(chunk: Chunk, c: Candidate, rules: EntityRules): string[] {
    if (!rules.topics.length) return [];
    const lo = Math.max(0, c.firstToken - TOPIC_WINDOW_TOKENS);
    const hi = Math.min(chunk.tokens.length, c.lastToken + TOPIC_WINDOW_TOKENS);
    const found: string[] = [];
    for (const topic of rules.topics) {
      for (let i = lo; i + topic.length <= hi; i++) {
        if (i >= c.firstToken && i < c.lastToken) continue;
        if (topic.every((w, k) => chunk.tokens[i + k]!.folded === w)) {
          found.push(topic.join(' '));
          break;
        }
      }
    }
    return found;
  }

  /**
   * A one-word name of a person joined to a neighbouring capitalised word that is neither a
   * title nor the start of a sentence reads as part of another name: "Hunter Biden", "Jill
   * Biden". For ambiguous aliases the word after counts too ("Austin Powers", "Harris County").
   */
  private partOfLongerName(chunk: Chunk, c: Candidate, target: AliasTarget, titleCase: boolean): boolean {
    if (titleCase || c.lastToken - c.firstToken !== 1) return false;
    const rules = this.rules.get(target.entityId);
    if (!rules || rules.kind !== 'person') return false;
    const { tokens, text } = chunk;
    const before = tokens[c.firstToken - 1];
    const shouting = (t: Token) =>
      t.end - t.start > 1 && text.slice(t.start, t.end) === text.slice(t.start, t.end).toUpperCase();
    if (
      before &&
      joinedBySpace(text, before.end, tokens[c.firstToken]!.start) &&
      startsUpper(text, before.start) &&
      // In capitals ("BIDEN AND ZELENSKY"), a capital says nothing.
      !(shouting(before) && shouting(tokens[c.firstToken]!))
    ) {
      const isTitle = GENERAL_TITLES.has(before.folded) || rules.titleWords.has(before.folded);
      if (!isTitle && !startsSentence(chunk, c.firstToken - 1)) return true;
    }
    const after = tokens[c.lastToken];
    if (target.ambiguous && after && joinedBySpace(text, tokens[c.lastToken - 1]!.end, after.start)) {
      // The candidate's end may include a possessive: then it is not followed by a name.
      if (c.end <= after.start && startsUpper(text, after.start) && text.slice(c.end, after.start).trim() === '')
        return true;
    }
    return false;
  }
}

function phrase(text: string): Phrase {
  const tokens = tokenize(text);
  return {
    words: tokens.map((t) => t.folded),
    seps: tokens.slice(1).map((t, i) => separatorKey(text.slice(tokens[i]!.end, t.start))),
  };
}

function toLink(c: Candidate, target: AliasTarget, evidence: Evidence): Link {
  return { start: c.start, end: c.end, entityId: target.entityId, alias: target.alias, evidence };
}

function joinedBySpace(text: string, from: number, to: number): boolean {
  const between = text.slice(from, to);
  return between.length > 0 && between.length <= 2 && /^[ \u00a0]+$/.test(between);
}

/** Whether token i opens a sentence: first in its text, or after . ! ? : ; or a quotation mark. */
function startsSentence(chunk: Chunk, i: number): boolean {
  if (i === 0) return true;
  const between = chunk.text.slice(chunk.tokens[i - 1]!.end, chunk.tokens[i]!.start);
  return /[.!?:;"“”‘(\n]/.test(between);
}

function isTitleCase(chunk: Chunk): boolean {
  // Names and the word right before each (a possible first name) say nothing about the style.
  const skip = new Set<number>();
  for (const c of chunk.candidates) for (let i = c.firstToken - 1; i < c.lastToken; i++) skip.add(i);
  let words = 0;
  let capitalised = 0;
  chunk.tokens.forEach((t, i) => {
    if (skip.has(i) || t.end - t.start < 4 || !/\p{L}/u.test(chunk.text[t.start]!)) return;
    words++;
    if (startsUpper(chunk.text, t.start)) capitalised++;
  });
  return words >= 3 && capitalised / words >= TITLE_CASE_SHARE;
}
