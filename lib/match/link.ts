/**
 * Decides which candidate matches become links, from evidence on the page, by general rules
 * driven by corpus data (aliases flagged ambiguous or common, titles, topic words, excludes) and
 * by the page itself (docs/adr/010-detection.md, 019 and 014):
 *
 * - an unambiguous alias links, unless it is visibly part of a longer name ("Hunter Biden") or
 *   a title before it names another kind of person ("Mrs Macron");
 * - a full name flagged `common` ("Matt Miller") links only on a page that shows some of the
 *   entity's topic evidence: one of its topic words, or a related corpus entity;
 * - an ambiguous alias links only with evidence: a title of the entity right before it
 *   ("Defense Secretary Austin", never "Coach Miller"), the entity named elsewhere on the page
 *   (in full, or by its title), in the page's own metadata, or enough topic words nearby;
 * - a surname is taken to mean the first person the page names in full with it: on a page that
 *   names "Hunter Biden" (an `excludes` name) before "Joe Biden", a bare "Biden" links only with
 *   a title ("President Biden");
 * - a near-miss spelling of a long, distinctive name ("Zelenksy") links when the page supports
 *   the entity, and names inflected by the page's language ("Selenskyjs", "Donalda Trumpa");
 * - a name linked by its topic words links again later on the page, unless another bearer of it
 *   is named (docs/adr/028-same-name-on-the-page.md);
 * - every link keeps the evidence that made it, for the card's "why highlighted".
 *
 * Cost: linear in the text. Every rule looks at a bounded neighbourhood of a mention (a few
 * tokens, or TOPIC_WINDOW_TOKENS), and page-wide evidence is gathered once per chunk.
 */
import type { MatcherEntity } from '../messaging/protocol';
import { buildMatcher, type AliasTarget, type Candidate, type Matcher } from './matcher';
import { editDistance, NEAR_MIN_LETTERS } from './spelling';
import { stems } from './variants';
import { separatorKey, startsUpper, tokenize, type Token } from './text';
import {
  addressClasses,
  GENERAL_TITLES,
  honorificClass,
  honorificPairClass,
  isHonorific,
  officeOf,
  officeWords,
  type AddressClass,
} from './titles';

export type Evidence =
  | { kind: 'alias' }
  | { kind: 'title'; title: string }
  | { kind: 'full-name'; name: string }
  | { kind: 'topic'; words: string[] }
  /**
   * The same name linked to the entity earlier on the page by its topic words (`words`), with no
   * other bearer of it named: "… Selenskyj … Trump … (two paragraphs on) … sagte Trump".
   */
  | { kind: 'same-name'; words: string[] }
  /** The page's own metadata (JSON-LD about/mentions/keywords, tags, headline) names the entity. */
  | { kind: 'metadata'; name: string }
  /** A near-miss spelling of one of the entity's names, on a page that supports the entity. */
  | { kind: 'spelling'; written: string; alias: string };

export interface Link {
  start: number;
  end: number;
  entityId: string;
  alias: string;
  evidence: Evidence;
}

/** What the linker takes from a page's own metadata (lib/content/page-metadata.ts reads it). */
export interface PageMetadata {
  /** Names and subjects the page's metadata gives: JSON-LD about, mentions, keywords, tags, headline. */
  texts: string[];
  /** The page's language (a BCP 47 tag such as "de-CH"), or null. */
  language: string | null;
}

export interface LinkerOptions {
  /** The page's metadata, read once for each new page state (a single-page navigation starts one). */
  metadata?: () => PageMetadata | null;
  /**
   * The matcher already built from the same entities (the page body's): the metadata is scanned
   * with it rather than with a second one. Without it, one is built on the first metadata read.
   */
  matcher?: Matcher;
}

/** Topic words must appear within this many tokens of an ambiguous mention (about a paragraph). */
export const TOPIC_WINDOW_TOKENS = 60;
/** Distinct topic words needed: one could be chance ("Austin" near "defense" in a sports page). */
export const TOPIC_MIN_WORDS = 2;
/** A text where this share of words is capitalised is a title-case headline: capitals say nothing there. */
const TITLE_CASE_SHARE = 0.8;
/**
 * Lower-case words kept per page to tell a misspelt name from a word ("Blinked" at a sentence
 * start is the word the page also writes as "blinked"): enough for a very long article's
 * vocabulary, and a bound on memory for a page that is one endless list of words.
 */
export const MAX_PAGE_WORDS = 100_000;
/** Metadata texts read, and characters in each: a page's metadata is a handful of short strings. */
const MAX_METADATA_TEXTS = 200;
const MAX_METADATA_CHARS = 2_000;

/** Languages that capitalise every noun, where a capital before a name says nothing. */
const CAPITALISED_NOUN_LANGUAGES = new Set(['de', 'lb']);

/** First names this long or longer are compared by spelling ("Volodimir" is "Volodymyr"). */
const FIRST_NAME_MIN_LETTERS = 5;

/** Words after a surname that leave it the last name: "Donald Trump Jr." is another Trump. */
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

interface Phrase {
  words: string[];
  /** Separator keys between the words. */
  seps: string[];
  /** Written with a full stop ("Rep."): the stop stands between the title and the name. */
  dotted: boolean;
}

interface EntityRules {
  /** Role titles that, right before an alias, name the entity ("Defense Secretary"). */
  titles: Phrase[];
  /** Every word of every title, honorifics included: none of them makes a longer name. */
  titleWords: Set<string>;
  /** The offices its titles name ("secretary", "minister"): an office outside these is someone else's. */
  offices: Set<string>;
  /** The kinds of person its honorific titles ("Mr", "Ms") say it is. Empty: the corpus does not say. */
  address: Set<AddressClass>;
  topics: string[][];
  related: Set<string>;
  kind: MatcherEntity['kind'];
  /** A person's aliases as folded words ("biden", "de croo"): the ends a longer name may share. */
  names: string[][];
  /** First words of its multi-word names ("volodymyr"): a spelling of one is no other person's name. */
  firstNames: string[];
}

/** What the page's own metadata says, once read. */
interface MetadataEvidence {
  /** Entities the metadata names by an unambiguous alias, with the alias and whether it is a common name. */
  named: Map<string, { alias: string; common: boolean }>;
  /** Surnames the metadata gives someone (an entity id, or null for someone outside the corpus). */
  bearers: Map<string, string | null>;
  language: string | null;
}

/** What the page has shown so far that links depend on: who it named, and how, its topic words. */
export interface PageEvidence {
  /**
   * Entities the page names by an unambiguous alias (or an ambiguous one after their own title),
   * with how it first named them.
   */
  named: Map<string, string>;
  /** Entities named by a full name flagged common: evidence only once the page supports them. */
  commonNamed: Map<string, string>;
  /**
   * For each surname (folded words, space-joined), the first person the page named with it: an
   * entity id, or null for someone outside the corpus (an `excludes` name, a name whose title
   * does not fit the entity, another first name before an ambiguous surname).
   */
  bearers: Map<string, string | null>;
  /** For each entity, the first of its topic words seen anywhere on the page (text or metadata). */
  topics: Map<string, string>;
  /** Lower-case words of NEAR_MIN_LETTERS letters or more on the page (at most MAX_PAGE_WORDS). */
  words: Set<string>;
  /** The page's metadata evidence, read on first use; null until then. */
  metadata: MetadataEvidence | null;
  /**
   * Ambiguous names linked by topic words so far, by entity id and alias, with those words: the
   * same name later on the page means the same person unless something there says otherwise.
   */
  topicLinked: Map<string, string[]>;
}

export function newPageEvidence(): PageEvidence {
  return {
    named: new Map(),
    commonNamed: new Map(),
    bearers: new Map(),
    topics: new Map(),
    words: new Set(),
    metadata: null,
    topicLinked: new Map(),
  };
}

/** A candidate after the first pass: linked, pending evidence, or refused (null). */
export type Decision = {
  c: Candidate;
  /** The entities still possible (titles that do not fit removed). */
  targets: AliasTarget[];
  target: AliasTarget | null;
  evidence: Evidence | null;
} | null;

/**
 * A chunk's text as the linker reads it: its tokens and the matcher's candidates in it. (A chunk,
 * lib/content/scope.ts `TextChunk`, is the page's text nodes of one block run together.)
 */
export interface MatchedText {
  text: string;
  tokens: Token[];
  candidates: Candidate[];
}

type Agreement = 'fits' | 'against' | null;

export class Linker {
  /** Entities by id (the last of a repeated id, as a map filled in order keeps). */
  private byId = new Map<string, MatcherEntity>();
  /**
   * Each entity's rules, made when a page first asks about the entity: a page names a handful of
   * a corpus's entities, and an archive's 10,000 made up front weighed ~9 MB in every page.
   */
  private rules = new Map<string, EntityRules>();
  /** Whether a chunk reads as a title-case headline: asked by both passes, counted once. */
  private titleCases = new WeakMap<MatchedText, boolean>();
  /** Topic phrases by their first folded word, with the entities they are evidence for. */
  private topicIndex = new Map<string, { words: string[]; text: string; entityIds: string[] }[]>();
  private metadataMatcher: Matcher | null;
  /** The language of the page being linked (two letters, lower case), set by each pass. */
  private language = '';

  constructor(
    private readonly entities: readonly MatcherEntity[],
    private readonly options: LinkerOptions = {},
  ) {
    this.metadataMatcher = options.matcher ?? null;
    // Topic words are looked up at every token of a page: indexed now, each phrase once.
    const topics = new Map<string, string[]>();
    for (const e of entities) {
      this.byId.set(e.id, e);
      for (const topic of e.topics) {
        let words = topics.get(topic);
        if (!words) {
          words = tokenize(topic).map((t) => t.folded);
          topics.set(topic, words);
        }
        if (!words.length) continue;
        const list = this.topicIndex.get(words[0]!) ?? [];
        const key = words.join(' ');
        const same = list.find((x) => x.words.join(' ') === key);
        if (same) same.entityIds.push(e.id);
        else list.push({ words, text: topic, entityIds: [e.id] });
        this.topicIndex.set(words[0]!, list);
      }
    }
  }

  /** An entity's rules (undefined for an id the linker was not given). */
  private rulesOf(id: string): EntityRules | undefined {
    let rules = this.rules.get(id);
    if (rules) return rules;
    const e = this.byId.get(id);
    if (!e) return undefined;
    const allTitles = e.titles.map(phrase).filter((t) => t.words.length);
    const titles = allTitles.filter((t) => !isHonorific(t.words));
    const titleWordLists = allTitles.map((t) => t.words);
    rules = {
      titles,
      titleWords: new Set(titleWordLists.flat()),
      offices: officeWords(titleWordLists),
      address: e.kind === 'person' ? addressClasses(titleWordLists) : new Set(),
      topics: e.topics.map((t) => tokenize(t).map((x) => x.folded)).filter((t) => t.length),
      related: new Set(e.relatedIds),
      kind: e.kind,
      names: e.kind === 'person' ? e.aliasDetails.map((a) => tokenize(a.text).map((t) => t.folded)) : [],
      firstNames:
        e.kind === 'person'
          ? [
              ...new Set(
                e.aliasDetails.flatMap((a) => {
                  const words = tokenize(a.text).map((t) => t.folded);
                  return words.length > 1 && words[0]!.length >= FIRST_NAME_MIN_LETTERS ? [words[0]!] : [];
                }),
              ),
            ]
          : [],
    };
    this.rules.set(id, rules);
    return rules;
  }

  /**
   * Links the candidates of a batch of chunks. Unambiguous names found anywhere in the batch (or
   * earlier on the page, kept in `page`) count as evidence for ambiguous ones in the batch.
   */
  link(chunks: readonly MatchedText[], page: PageEvidence): Link[][] {
    const decided = chunks.map((chunk) => this.decide(chunk, page));
    return chunks.map((chunk, i) => this.resolve(chunk, decided[i]!, page));
  }

  /**
   * First pass over one chunk: links its unambiguous names and notes in `page` what the chunk
   * says about the page (names, surnames' bearers, topic words, vocabulary). Run it over every
   * chunk of a pass before `resolve`, so evidence anywhere counts everywhere.
   */
  decide(chunk: MatchedText, page: PageEvidence): Decision[] {
    this.readMetadata(page);
    this.language = pageLanguage(page);
    const titleCase = this.isTitleCase(chunk);
    this.notePage(chunk.tokens, chunk.text, page, true);
    // Inflected forms are found for every language the matcher knows; the page's own count.
    return chunk.candidates
      .filter((c) => !c.inflected || c.inflected === this.language)
      .map((c) => this.decideOne(chunk, c, page, titleCase));
  }

  private decideOne(chunk: MatchedText, c: Candidate, page: PageEvidence, titleCase: boolean): Decision {
    if (c.blocked) {
      // In a title-case headline every word has a capital: it says nothing of a person's name.
      if (!titleCase) for (const t of c.targets) this.noteBearer(chunk, c, t.entityId, null, page.bearers);
      return null;
    }
    if (c.near) return { c, targets: c.targets, target: null, evidence: null };
    const targets = c.targets.filter((t) => this.agreement(chunk, c, t) !== 'against');
    if (!targets.length) {
      // "Mrs Macron", "Senator Miller": someone else bears this name on this page.
      for (const t of c.targets) this.noteOtherBearer(chunk, c, t.entityId, page.bearers);
      return null;
    }
    const plain = targets.length === 1 && !targets[0]!.ambiguous ? targets[0]! : null;
    if (!plain) {
      // An ambiguous surname after the entity's own title ("Defense Secretary Austin") names it,
      // when that title fits one entity only.
      const titled = targets.flatMap((t) => {
        const rules = this.rulesOf(t.entityId);
        const title = rules && this.titleBefore(chunk, c, rules);
        return title ? [{ t, title }] : [];
      });
      if (titled.length === 1) {
        const { t, title } = titled[0]!;
        this.noteBearer(chunk, c, t.entityId, t.entityId, page.bearers);
        // A person's title names them for the page ("Defense Secretary Austin ... Austin said");
        // a class word after a weapon's name does not ("Taurus missiles ... Taurus is my sign").
        if (t.kind === 'person' && !page.named.has(t.entityId))
          page.named.set(t.entityId, `${title} ${chunk.text.slice(c.start, c.end)}`);
      } else if (!titleCase && targets.every((t) => this.nameBefore(chunk, c, t))) {
        // "John Austin": another person's first name before an ambiguous surname.
        for (const t of targets) this.noteOtherBearer(chunk, c, t.entityId, page.bearers);
      }
      return { c, targets, target: null, evidence: null };
    }
    if (this.partOfLongerName(chunk, c, plain, titleCase)) return null;
    this.noteBearer(chunk, c, plain.entityId, plain.entityId, page.bearers);
    const named = plain.common ? page.commonNamed : page.named;
    if (!named.has(plain.entityId)) named.set(plain.entityId, plain.alias);
    return { c, targets, target: plain, evidence: { kind: 'alias' } };
  }

  /** Second pass over one chunk: its links, ambiguous names decided on the evidence. */
  resolve(chunk: MatchedText, decided: readonly Decision[], page: PageEvidence): Link[] {
    this.language = pageLanguage(page);
    const titleCase = this.isTitleCase(chunk);
    // Linked neighbours in token order (candidates come in order), for windowed look-ups.
    const neighbours: { at: number; entityId: string; text: string }[] = [];
    for (const d of decided)
      if (d?.target && d.evidence)
        neighbours.push({
          at: d.c.firstToken,
          entityId: d.target.entityId,
          text: chunk.text.slice(d.c.start, d.c.end),
        });
    const links: Link[] = [];
    for (const d of decided) {
      if (!d) continue;
      if (d.c.near) {
        const link = this.resolveNear(chunk, d.c, page, titleCase);
        if (link) links.push(link);
        continue;
      }
      if (d.target && d.evidence) {
        // A common full name ("Matt Miller") on a page with none of the entity's topic evidence
        // is someone else's name.
        if (d.target.common && !this.supported(d.target.entityId, page)) continue;
        if (!this.otherBearer(chunk, d.c, d.target.entityId, page)) links.push(toLink(d.c, d.target, d.evidence));
        else {
          // The page named someone else with this surname first: only a title says it is ours.
          const rules = this.rulesOf(d.target.entityId);
          const title = rules && this.titleBefore(chunk, d.c, rules);
          if (title) links.push(toLink(d.c, d.target, { kind: 'title', title }));
        }
        continue;
      }
      const chosen = this.resolveAmbiguous(chunk, d.c, d.targets, page, titleCase, neighbours);
      if (!chosen) continue;
      links.push(toLink(d.c, chosen.target, chosen.evidence));
      const key = topicKey(chosen.target);
      if (chosen.evidence.kind === 'topic' && !page.topicLinked.has(key))
        page.topicLinked.set(key, chosen.evidence.words);
    }
    return links;
  }

  private resolveAmbiguous(
    chunk: MatchedText,
    c: Candidate,
    targets: readonly AliasTarget[],
    page: PageEvidence,
    titleCase: boolean,
    neighbours: readonly { at: number; entityId: string; text: string }[],
  ): { target: AliasTarget; evidence: Evidence } | null {
    const options: { target: AliasTarget; evidence: Evidence; rank: number }[] = [];
    for (const target of targets) {
      const rules = this.rulesOf(target.entityId);
      if (!rules) continue;
      const title = this.titleBefore(chunk, c, rules);
      if (title) {
        options.push({ target, evidence: { kind: 'title', title }, rank: 3 });
        continue;
      }
      if (this.partOfLongerName(chunk, c, target, titleCase)) continue;
      if (this.otherBearer(chunk, c, target.entityId, page)) continue;
      if (this.metadataNamesOther(chunk, c, target.entityId, page)) continue;
      const fullName = this.namedOn(target.entityId, page);
      if (fullName) {
        options.push({ target, evidence: { kind: 'full-name', name: fullName }, rank: 2 });
        continue;
      }
      const meta = page.metadata?.named.get(target.entityId);
      if (meta && (!meta.common || this.supported(target.entityId, page))) {
        options.push({ target, evidence: { kind: 'metadata', name: meta.alias }, rank: 2 });
        continue;
      }
      // Topic words, and names of related entities linked nearby ("Starmer ... Storm Shadow").
      const words = [...this.topicsNear(chunk, c, rules), ...relatedNear(neighbours, c.firstToken, rules.related)];
      if (words.length >= TOPIC_MIN_WORDS) {
        options.push({ target, evidence: { kind: 'topic', words }, rank: 1 });
        continue;
      }
      // The same name, linked to the entity by its topic words earlier on the page.
      const earlier = page.topicLinked.get(topicKey(target));
      if (earlier) {
        options.push({ target, evidence: { kind: 'same-name', words: earlier }, rank: 1 });
        continue;
      }
      // A form of address that fits ("Mr Trump"), on a page about the entity's subjects.
      const address = this.agreement(chunk, c, target) === 'fits' ? this.wordBefore(chunk, c) : null;
      if (address && this.supported(target.entityId, page))
        options.push({ target, evidence: { kind: 'title', title: address }, rank: 1 });
    }
    if (!options.length) return null;
    options.sort((a, b) => b.rank - a.rank);
    // Two entities with equally strong evidence: we cannot tell which is meant, so link neither.
    if (options.length > 1 && options[0]!.rank === options[1]!.rank) return null;
    return options[0]!;
  }

  /** A near-miss spelling links when the page names or supports the entity, and uses no such word. */
  private resolveNear(chunk: MatchedText, c: Candidate, page: PageEvidence, titleCase: boolean): Link | null {
    const target = c.targets[0];
    if (!target || !c.near || page.words.has(c.near.written.toLowerCase())) return null;
    if (this.partOfLongerName(chunk, c, target, titleCase)) return null;
    if (this.otherBearer(chunk, c, target.entityId, page)) return null;
    const id = target.entityId;
    const supported = page.named.has(id) || page.metadata?.named.has(id) || this.supported(id, page);
    if (!supported) return null;
    return toLink(c, target, { kind: 'spelling', written: chunk.text.slice(c.start, c.end), alias: c.near.alias });
  }

  /** How the page named the entity (in full, or by its title), if it did in a way that counts. */
  private namedOn(entityId: string, page: PageEvidence): string | undefined {
    const named = page.named.get(entityId);
    if (named) return named;
    return this.supported(entityId, page) ? page.commonNamed.get(entityId) : undefined;
  }

  /**
   * Whether the page shows some of the entity's topic evidence anywhere (text or metadata): one
   * of its topic words, or a related corpus entity named without doubt.
   */
  private supported(entityId: string, page: PageEvidence): boolean {
    if (page.topics.has(entityId)) return true;
    const rules = this.rulesOf(entityId);
    if (!rules) return false;
    for (const r of rules.related) if (page.named.has(r) || page.metadata?.named.get(r)?.common === false) return true;
    return false;
  }

  /** The page's metadata, read and matched once per page state. */
  private readMetadata(page: PageEvidence): void {
    if (page.metadata) return;
    const evidence: MetadataEvidence = { named: new Map(), bearers: new Map(), language: null };
    page.metadata = evidence;
    const read = this.options.metadata?.();
    if (!read) return;
    evidence.language = read.language;
    this.metadataMatcher ??= buildMatcher(this.entities);
    for (const raw of read.texts.slice(0, MAX_METADATA_TEXTS)) {
      const text = raw.slice(0, MAX_METADATA_CHARS);
      const tokens = tokenize(text);
      const chunk = { text, tokens, candidates: this.metadataMatcher.scan(text, tokens) };
      // Topic words in metadata ("Ukraine" as a keyword) count as the page's own; its words do
      // not count as the page's vocabulary (keywords lists are not prose).
      this.notePage(tokens, text, page, false);
      for (const c of chunk.candidates) {
        if (c.blocked) {
          for (const t of c.targets) this.noteBearer(chunk, c, t.entityId, null, evidence.bearers);
          continue;
        }
        if (c.targets.length !== 1 || c.targets[0]!.ambiguous) continue;
        const t = c.targets[0]!;
        if (this.agreement(chunk, c, t) === 'against') continue;
        this.noteBearer(chunk, c, t.entityId, t.entityId, evidence.bearers);
        if (!evidence.named.has(t.entityId)) evidence.named.set(t.entityId, { alias: t.alias, common: t.common });
      }
    }
  }

  /** Whether the metadata gives this surname to someone else and never names the entity. */
  private metadataNamesOther(chunk: MatchedText, c: Candidate, entityId: string, page: PageEvidence): boolean {
    const meta = page.metadata;
    if (!meta?.bearers.size || meta.named.has(entityId)) return false;
    const bearer = meta.bearers.get(candidateKey(chunk, c));
    return bearer !== undefined && bearer !== entityId;
  }

  /**
   * Notes what a text tells about the whole page: the entities whose topic words it holds, and
   * (for the page's prose) its lower-case words. One look-up per token.
   */
  private notePage(tokens: readonly Token[], text: string, page: PageEvidence, prose: boolean): void {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (
        prose &&
        t.folded.length >= NEAR_MIN_LETTERS &&
        page.words.size < MAX_PAGE_WORDS &&
        !startsUpper(text, t.start)
      )
        page.words.add(t.folded);
      const topics = this.topicIndex.get(t.folded);
      if (!topics) continue;
      for (const topic of topics) {
        if (topic.entityIds.every((id) => page.topics.has(id))) continue;
        if (!topic.words.every((w, k) => tokens[i + k]?.folded === w)) continue;
        for (const id of topic.entityIds) if (!page.topics.has(id)) page.topics.set(id, topic.text);
      }
    }
  }

  private isTitleCase(chunk: MatchedText): boolean {
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
  private noteBearer(
    chunk: MatchedText,
    c: Candidate,
    owner: string,
    entityId: string | null,
    bearers: Map<string, string | null>,
  ): void {
    const rules = this.rulesOf(owner);
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
      if (!bearers.has(key)) bearers.set(key, entityId);
    }
  }

  /** Notes that this very name (a surname after a title that does not fit) is someone else's here. */
  private noteOtherBearer(chunk: MatchedText, c: Candidate, owner: string, bearers: Map<string, string | null>): void {
    const rules = this.rulesOf(owner);
    const key = candidateKey(chunk, c);
    if (rules?.names.some((n) => n.join(' ') === key) && !bearers.has(key)) bearers.set(key, null);
  }

  /** Whether this surname mention stands, on this page, for someone other than `entityId`. */
  private otherBearer(chunk: MatchedText, c: Candidate, entityId: string, page: PageEvidence): boolean {
    if (!page.bearers.size) return false;
    const bearer = page.bearers.get(candidateKey(chunk, c));
    if (bearer === undefined) return false;
    if (bearer !== entityId) return true;
    // Borne by the entity only through a common full name the page does not support: someone else.
    return !page.named.has(entityId) && page.commonNamed.has(entityId) && !this.supported(entityId, page);
  }

  /**
   * Whether the word right before a person's name agrees with the entity: an honorific of the
   * kind of person it is ("Mr Zelensky"; "Mrs Macron" does not), and, before an ambiguous
   * surname, an office it holds ("Rep. McCaul"; "Coach Miller" does not).
   */
  private agreement(chunk: MatchedText, c: Candidate, target: AliasTarget): Agreement {
    const rules = this.rulesOf(target.entityId);
    if (!rules || rules.kind !== 'person') return null;
    const { tokens, text } = chunk;
    const prev = c.firstToken - 1;
    const before = tokens[prev];
    if (!before || !/^\.?[ \u00a0]{1,2}$/.test(text.slice(before.end, tokens[c.firstToken]!.start))) return null;
    const pair = prev > 0 && joinedBySpace(text, tokens[prev - 1]!.end, before.start) ? tokens[prev - 1]! : null;
    const cls =
      (startsUpper(text, before.start) ? honorificClass(before.folded) : undefined) ??
      (pair ? honorificPairClass(pair.folded, before.folded) : undefined);
    if (cls) return rules.address.size === 0 ? null : rules.address.has(cls) ? 'fits' : 'against';
    if (target.ambiguous && c.lastToken - c.firstToken === 1) {
      const office = officeOf(before.folded);
      if (office) return rules.offices.has(office) ? 'fits' : 'against';
    }
    return null;
  }

  /** The word right before a candidate, as written. */
  private wordBefore(chunk: MatchedText, c: Candidate): string | null {
    const before = chunk.tokens[c.firstToken - 1];
    return before ? chunk.text.slice(before.start, before.end) : null;
  }

  /**
   * The entity's title or role right before the mention ("Defense Secretary Austin", "U.K.
   * Foreign Secretary Lammy"), or for a weapon right after it ("Storm Shadow missiles").
   * Honorifics are not titles here: "Mr" fits most men.
   */
  private titleBefore(chunk: MatchedText, c: Candidate, rules: EntityRules): string | null {
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
    const spaced = (a: number, b: number, dotted = false) =>
      a >= 0 &&
      b < tokens.length &&
      (dotted ? /^\.?[ \u00a0]+$/ : /^[ \u00a0]+$/).test(text.slice(tokens[a]!.end, tokens[b]!.start));
    for (const title of rules.titles) {
      const from = c.firstToken - title.words.length;
      if (fits(title, from) && spaced(c.firstToken - 1, c.firstToken, title.dotted)) {
        return text.slice(tokens[from]!.start, tokens[c.firstToken - 1]!.end);
      }
      if (rules.kind !== 'person' && fits(title, c.lastToken) && spaced(c.lastToken - 1, c.lastToken)) {
        return text.slice(tokens[c.lastToken]!.start, tokens[c.lastToken + title.words.length - 1]!.end);
      }
    }
    return null;
  }

  /** The entity's topic words within TOPIC_WINDOW_TOKENS of the mention: bounded by the window. */
  private topicsNear(chunk: MatchedText, c: Candidate, rules: EntityRules): string[] {
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
   * A one-word name of a person right after a capitalised word that is neither a title nor the
   * start of a sentence: "Hunter Biden", "John Austin".
   */
  private nameBefore(chunk: MatchedText, c: Candidate, target: AliasTarget): boolean {
    if (c.lastToken - c.firstToken !== 1) return false;
    const rules = this.rulesOf(target.entityId);
    if (!rules || rules.kind !== 'person') return false;
    // German writes every noun with a capital ("die Rada Selenskyjs"): a capital names no one there.
    if (CAPITALISED_NOUN_LANGUAGES.has(this.language)) return false;
    const { tokens, text } = chunk;
    const before = tokens[c.firstToken - 1];
    const shouting = (t: Token) =>
      t.end - t.start > 1 && text.slice(t.start, t.end) === text.slice(t.start, t.end).toUpperCase();
    if (
      !before ||
      !joinedBySpace(text, before.end, tokens[c.firstToken]!.start) ||
      !startsUpper(text, before.start) ||
      // In capitals ("BIDEN AND ZELENSKY"), a capital says nothing.
      (shouting(before) && shouting(tokens[c.firstToken]!))
    )
      return false;
    const isTitle = GENERAL_TITLES.has(before.folded) || rules.titleWords.has(before.folded);
    return !isTitle && !startsSentence(chunk, c.firstToken - 1) && !this.spellsFirstName(before.folded, rules);
  }

  /**
   * Whether a word is a spelling of one of the entity's first names ("Volodimir", "Wołodymyr"),
   * possibly inflected by the page's language ("Andrijem").
   */
  private spellsFirstName(word: string, rules: EntityRules): boolean {
    if (word.length < FIRST_NAME_MIN_LETTERS) return false;
    const forms = [word, ...stems(word, this.language)];
    return rules.firstNames.some((f) =>
      forms.some((w) => {
        if (f[0] !== w[0]) return false;
        const limit = Math.min(f.length, w.length) >= 8 ? 2 : 1;
        return editDistance(w, f, limit) <= limit;
      }),
    );
  }

  /**
   * A one-word name of a person joined to a neighbouring capitalised word that is neither a
   * title nor the start of a sentence reads as part of another name: "Hunter Biden", "Jill
   * Biden". For ambiguous aliases the word after counts too ("Austin Powers", "Harris County").
   */
  private partOfLongerName(chunk: MatchedText, c: Candidate, target: AliasTarget, titleCase: boolean): boolean {
    if (titleCase || c.lastToken - c.firstToken !== 1) return false;
    const rules = this.rulesOf(target.entityId);
    if (!rules || rules.kind !== 'person') return false;
    if (this.nameBefore(chunk, c, target)) return true;
    const { tokens, text } = chunk;
    const after = tokens[c.lastToken];
    if (target.ambiguous && after && joinedBySpace(text, tokens[c.lastToken - 1]!.end, after.start)) {
      // The candidate's end may include a possessive: then it is not followed by a name.
      if (c.end <= after.start && startsUpper(text, after.start) && text.slice(c.end, after.start).trim() === '')
        return true;
    }
    return false;
  }
}

/** The page's language, two letters, lower case ("" when unknown). */
function pageLanguage(page: PageEvidence): string {
  return (page.metadata?.language ?? '').slice(0, 2).toLowerCase();
}

function phrase(text: string): Phrase {
  const tokens = tokenize(text);
  return {
    words: tokens.map((t) => t.folded),
    seps: tokens.slice(1).map((t, i) => separatorKey(text.slice(tokens[i]!.end, t.start))),
    dotted: text.trim().endsWith('.'),
  };
}

/** The key of an ambiguous name linked by topic words: the entity and the alias it was found by. */
function topicKey(target: AliasTarget): string {
  return `${target.entityId}\u0000${target.alias}`;
}

function toLink(c: Candidate, target: AliasTarget, evidence: Evidence): Link {
  return { start: c.start, end: c.end, entityId: target.entityId, alias: target.alias, evidence };
}

/** A candidate's words, folded and space-joined: the key of a surname. */
function candidateKey(chunk: MatchedText, c: Candidate): string {
  let key = '';
  for (let i = c.firstToken; i < c.lastToken; i++) key += (i > c.firstToken ? ' ' : '') + chunk.tokens[i]!.folded;
  return key;
}

/**
 * Names of related entities linked within TOPIC_WINDOW_TOKENS of token `at`. `neighbours` is in
 * token order: a binary search finds the window, which holds at most 2 × TOPIC_WINDOW_TOKENS + 1
 * names, so each look-up is bounded however many names the block holds.
 */
function relatedNear(
  neighbours: readonly { at: number; entityId: string; text: string }[],
  at: number,
  related: ReadonlySet<string>,
): string[] {
  if (!related.size || !neighbours.length) return [];
  let lo = 0;
  let hi = neighbours.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (neighbours[mid]!.at < at - TOPIC_WINDOW_TOKENS) lo = mid + 1;
    else hi = mid;
  }
  const words = new Set<string>();
  for (let i = lo; i < neighbours.length && neighbours[i]!.at <= at + TOPIC_WINDOW_TOKENS; i++) {
    const n = neighbours[i]!;
    if (related.has(n.entityId)) words.add(n.text);
  }
  return [...words];
}

function joinedBySpace(text: string, from: number, to: number): boolean {
  const between = text.slice(from, to);
  return between.length > 0 && between.length <= 2 && /^[ \u00a0]+$/.test(between);
}

/** Whether token i opens a sentence: first in its text, or after . ! ? : ; or a quotation mark. */
function startsSentence(chunk: MatchedText, i: number): boolean {
  if (i === 0) return true;
  const between = chunk.text.slice(chunk.tokens[i - 1]!.end, chunk.tokens[i]!.start);
  return /[.!?:;"“”‘(\n]/.test(between);
}

function isTitleCase(chunk: MatchedText): boolean {
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
