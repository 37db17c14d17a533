/**
 * Quoted speech in an article, attributed by the sentence around it, and reported speech by a
 * named person. General rules of English news writing, no rule for a particular outlet:
 *
 * - a quotation is text between “ ” or " " (‘ ’ and ' ' in a paragraph with no double marks);
 *   a paragraph that ends inside a quotation continues it when the next paragraph opens with a
 *   quotation mark (the convention for long quotes), else the quotation is dropped;
 * - the speaker is named after it (`“…,” X said`, `“…,” said X`, `“…,” according to X`) or
 *   before it (`X said: “…”`, `X told Y “…”`, `According to X, “…”`, `X said that … “…”`);
 *   `X` is a corpus entity when the shared linker links one there, else a person's name as
 *   written, else nobody (an office, "officials", "a source");
 * - "he" or "she" names the one person the sentence before names, and nobody when it names
 *   none or several; a quotation right after an attributed one (same paragraph, or the next
 *   paragraph opening with it) continues that speaker;
 * - an unattributed quotation is kept without speaker when it reads as speech (four words or
 *   more), never when it is a title or a scare quote (short, title case, or after "so-called",
 *   "dubbed", "titled"...);
 * - reported speech (`X said (that) …`, `…, X said.`) is kept only when X is a person.
 *
 * Every quote keeps its sentence and offsets: `text` is `stored.slice(start, end)`.
 */
import { MAX_SENTENCE_CHARS } from './limits';
import type { People, PersonMention } from './people';
import { indexAt, sentenceAt, type Paragraph, type Sentence, type TextRange } from './sentences';

export const QUOTE_KINDS = ['direct', 'reported'] as const;
export type QuoteKind = (typeof QUOTE_KINDS)[number];

/**
 * How the speaker was found (or why there is none):
 * - `named`: the sentence names the speaker;
 * - `pronoun`: "he"/"she", and the sentence before names exactly one person (speaker null when
 *   it names none or several);
 * - `continued`: continues a quotation attributed right before it;
 * - `unnamed`: attributed to someone not named as a person ("officials", "a source", "the Kremlin");
 * - `several`: attributed to more than one person at once;
 * - `none`: no attribution in the sentence.
 */
export const ATTRIBUTIONS = ['named', 'pronoun', 'continued', 'unnamed', 'several', 'none'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

export interface Speaker {
  /** The corpus entity, when the speaker is one. */
  entityId: string | null;
  /** The name as the article writes it where it names the speaker. */
  name: string;
}

export interface FoundQuote extends TextRange {
  kind: QuoteKind;
  speaker: Speaker | null;
  attribution: Attribution;
  /** How a pronoun or a continuation was resolved, in words; null for the plain cases. */
  note: string | null;
  /** The attribution phrase ("U.K. Foreign Secretary David Lammy said"), when there is one. */
  cue: TextRange | null;
  sentence: TextRange;
}

/** Verbs that attribute speech or writing. */
const SAY =
  'said|says|say|told|tells|added|adds|asked|asks|wrote|writes|tweeted|posted|stated|states|explained|explains|' +
  'noted|notes|insisted|insists|warned|warns|argued|argues|replied|replies|responded|continued|recalled|declared|' +
  'announced|acknowledged|admitted|conceded|claimed|claims|cautioned|observed|remarked|stressed|emphasised|' +
  'emphasized|suggested|urged|testified|shouted|exclaimed|joked|quipped|predicted|promised|vowed|complained|' +
  'boasted|concluded|recounted|whispered|yelled|agreed|countered|pleaded|mused|reiterated|confirmed|maintained|' +
  'contended|lamented|thundered|hinted|instructed|reported|saying|called|described|dismissed|condemned|praised|' +
  'believes|believed|thinks|thought|fears|feared|hopes|hoped';
/** Of those, the ones that also name things ("a plan called …"): they attribute only to a person. */
const NAMING_VERBS = new Set(['called', 'described', 'dismissed', 'condemned', 'praised']);
/** Verbs of belief: reported speech only ("X believes …"), never the source of a quotation's words. */
const BELIEF_VERBS = new Set(['believes', 'believed', 'thinks', 'thought', 'fears', 'feared', 'hopes', 'hoped']);
/** Words between a speaker and the verb ("X has said", "X later told"). */
const AUX =
  '(?:has|had|have|would|will|also|later|then|once|again|reportedly|previously|recently|earlier|further|only|' +
  'simply|quickly|told|was\\s+quoted\\s+as|is\\s+quoted\\s+as)';
const SAY_AFTER = new RegExp(`^((?:[^;:!?“”"]*?))\\s+(?:${AUX}\\s+)*(${SAY})\\b`, 'u');
const SAY_FIRST = new RegExp(`^(${SAY})\\s+`, 'u');
const SAY_WORD = new RegExp(`\\b(${SAY})\\b`, 'gu');

/** Words after which a quotation is a title or a term, not speech. */
const TITLE_CUES =
  /(?:\b(?:so-called|dubbed|titled|entitled|named|nicknamed|known\s+as|termed|labell?ed|headlined|branded|book|film|movie|song|album|show|series|novel|documentary|play|poem|slogan|hashtag|operation|word|words|phrase|term|campaign|motto|banner|sign|reading|read|marked|stamped|called)\s*[,:]?\s*)$/iu;

/** Words that may open a speaker phrase after a quotation: a name, a pronoun or a determiner. */
const SPEAKER_START =
  /^(?:\p{Lu}|(?:he|she|they|the|a|an|his|her|its|their|one|two|three|another|both|several|many|some|officials?)\b)/u;

/** Fewer words than this, unattributed, read as a term or scare quote rather than speech. */
const MIN_SPEECH_WORDS = 4;
/** A speaker phrase longer than this is a clause, not a name or an office. */
const MAX_SPEAKER_WORDS = 12;

interface Mark {
  open: number;
  close: number;
  double: boolean;
}

function wordCount(s: string): number {
  return (s.match(/[\p{L}\p{N}]+/gu) ?? []).length;
}

/** A straight mark opens a quotation after a space, a bracket or a dash, before a non-space. */
function opensStraight(text: string, i: number): boolean {
  const before = text[i - 1];
  const after = text[i + 1];
  return (before === undefined || /[\s([{—–-]/.test(before)) && after !== undefined && !/\s/.test(after);
}

/** A single closing mark ends a quotation only before a space, punctuation or the end (not "don’t"). */
function closesSingle(text: string, i: number, end: number): boolean {
  const after = i + 1 < end ? text[i + 1] : undefined;
  return after === undefined || /[\s,.;:!?)\]—–-]/.test(after);
}

/** Every quotation's marks, in order. */
export function quotationMarks(text: string, paras: readonly Paragraph[]): Mark[] {
  const out: Mark[] = [];
  let pending: { open: number; curly: boolean } | null = null;
  for (const p of paras) {
    let from = p.start;
    if (pending) {
      const first = text[p.start];
      // A long quotation goes on in the next paragraph only when that opens with a quotation mark.
      if ((pending.curly && first === '“') || (!pending.curly && first === '"')) from = p.start + 1;
      else pending = null;
    }
    let doubles = false;
    for (let i = from; i < p.end; i++) {
      const c = text[i]!;
      if (c === '“' || c === '”' || c === '"') doubles = true;
      if (!pending) {
        if (c === '“') pending = { open: i, curly: true };
        else if (c === '"' && opensStraight(text, i)) pending = { open: i, curly: false };
      } else if (pending.curly && c === '”') {
        out.push({ open: pending.open, close: i, double: true });
        pending = null;
      } else if (pending.curly && c === '“' && pending.open >= p.start) {
        // An opening mark inside an open quotation of the same paragraph: the earlier one was never closed.
        pending = { open: i, curly: true };
      } else if (!pending.curly && c === '"') {
        out.push({ open: pending.open, close: i, double: true });
        pending = null;
      }
    }
    if (!doubles && !pending) singleMarks(text, p, out);
  }
  return out.sort((a, b) => a.open - b.open);
}

/** ‘…’ and '…' as quotations, in a paragraph without double marks (where they are the primary marks). */
function singleMarks(text: string, p: Paragraph, out: Mark[]): void {
  let open: number | null = null;
  for (let i = p.start; i < p.end; i++) {
    const c = text[i]!;
    if (open === null) {
      if ((c === '‘' || c === "'") && opensStraight(text, i) && /[\p{L}\p{N}]/u.test(text[i + 1] ?? '')) open = i;
    } else if ((c === '’' || c === "'") && !/\s/.test(text[i - 1]!) && closesSingle(text, i, p.end)) {
      out.push({ open, close: i, double: false });
      open = null;
    }
  }
}

interface Context {
  text: string;
  sentences: Sentence[];
  people: People;
}

type Found =
  | { kind: 'person'; mention: PersonMention; name: TextRange }
  | { kind: 'pronoun' }
  | { kind: 'several' }
  | { kind: 'other' };

/** Who a speaker phrase names. */
function resolvePhrase(ctx: Context, range: TextRange): Found {
  const trimmed = ctx.text.slice(range.start, range.end).trim();
  if (!trimmed || wordCount(trimmed) > MAX_SPEAKER_WORDS) return { kind: 'other' };
  if (/^(he|she)$/i.test(trimmed)) return { kind: 'pronoun' };
  const people = ctx.people.within(range);
  if (people.length === 1) return { kind: 'person', mention: people[0]!, name: people[0]! };
  if (people.length > 1) return { kind: 'several' };
  return { kind: 'other' };
}

/** Marks that end a clause inside a sentence (a comma is handled apart: appositives). */
const CLAUSE_MARKS = [';', ':', '!', '?', '“', '”', '"', '(', ')', '—', '–'];
/** Words that open a new clause or phrase: "…, and Blinken said" is Blinken. */
const CLAUSE_START =
  /\b(?:that|and|but|which|who|whom|when|while|as|because|if|after|before|since|although|though|so|where|whether|what|how|with|by|for|in|on|at|to|from|of|about)\s+(?=\p{Lu}|he\b|she\b)/gu;

/**
 * The speaker phrases that may end where the verb starts, most likely first: the words back to a
 * clause boundary; for an appositive ("Dmitry Peskov, the Kremlin spokesman, said") the name
 * before it, then the appositive itself.
 */
function phrasesBefore(ctx: Context, sentenceStart: number, verbStart: number): TextRange[] {
  const segment = ctx.text.slice(sentenceStart, verbStart);
  const boundary = Math.max(...CLAUSE_MARKS.map((c) => segment.lastIndexOf(c)));
  const from = sentenceStart + boundary + 1;
  // Words between the speaker and the verb ("has", "also", "later").
  const aux = new RegExp(`(?:\\s+${AUX})+\\s*$`, 'u').exec(ctx.text.slice(from, verbStart));
  const end = aux ? from + aux.index : verbStart;
  const parts: TextRange[] = [];
  let start = from;
  for (let i = from; i <= end; i++) {
    if (i === end || ctx.text[i] === ',') {
      parts.push({ start, end: i });
      start = i + 1;
    }
  }
  const trimClause = (r: TextRange): TextRange => {
    const stop = [...ctx.text.slice(r.start, r.end).matchAll(CLAUSE_START)].at(-1);
    return stop ? { start: r.start + stop.index + stop[0].length, end: r.end } : r;
  };
  const last = parts.at(-1)!;
  if (ctx.text.slice(last.start, last.end).trim() || parts.length < 3) return [trimClause(last)];
  return [trimClause(parts.at(-3)!), parts.at(-2)!];
}

/** Words that may stand between a speaker and the verb: "on Thursday", "in Kyiv", "last week". */
const MAX_WORDS_AFTER_SPEAKER = 3;

/** The one person named at the end of the clause before the verb, a few words at most before it. */
function speakerAtEnd(ctx: Context, sentenceStart: number, verbStart: number): PersonMention | null {
  const segment = ctx.text.slice(sentenceStart, verbStart);
  const from = sentenceStart + Math.max(...[...CLAUSE_MARKS, ','].map((c) => segment.lastIndexOf(c))) + 1;
  const people = ctx.people.within({ start: from, end: verbStart });
  const last = people.at(-1);
  if (people.length !== 1 || !last) return null;
  const after = ctx.text.slice(last.end, verbStart);
  return wordCount(after) <= MAX_WORDS_AFTER_SPEAKER && !/\b(?:and|but|or|who|which|that)\b/.test(after) ? last : null;
}

/** The speaker phrase after a verb ("said Lotfi Azzouz, Tunisia country director …"): to a comma or a preposition. */
function phraseAfter(ctx: Context, from: number, limit: number): TextRange {
  const rest = ctx.text.slice(from, limit);
  const m = /^[^,.;:!?“”"()—–]*/.exec(rest)![0];
  const cut =
    /\s(?:on|in|at|during|after|before|while|when|as|to|who|which|that|adding|according|from|of\s+the)\b/.exec(m);
  const phrase = cut ? m.slice(0, cut.index) : m;
  return { start: from, end: from + phrase.trimEnd().length };
}

interface Attributed {
  found: Found;
  verb: string;
  cue: TextRange;
}

/** `“…,” X said`, `“…,” said X`, `“…,” according to X`. */
function attributionAfter(ctx: Context, close: number, limit: number): Attributed | null {
  const after = ctx.text.slice(close + 1, limit);
  const lead = /^[\s,—–-]*/.exec(after)![0].length;
  const from = close + 1 + lead;
  const rest = ctx.text.slice(from, limit);
  // "“…” — President Barack Obama, chatting in the Oval Office": a collection of quotations.
  if (/^\s*[—–]/.test(after) && !/^[\s,]*$/.test(after.slice(0, lead))) {
    const phrase = phraseAfter(ctx, from, limit);
    const found = resolvePhrase(ctx, phrase);
    if (found.kind === 'person') return { found, verb: '—', cue: { start: from, end: phrase.end } };
  }
  const according = /^according\s+to\s+/i.exec(rest);
  if (according) {
    const phrase = phraseAfter(ctx, from + according[0].length, limit);
    return { found: resolvePhrase(ctx, phrase), verb: 'according to', cue: { start: from, end: phrase.end } };
  }
  const sayFirst = SAY_FIRST.exec(rest);
  if (sayFirst && !NAMING_VERBS.has(sayFirst[1]!) && !BELIEF_VERBS.has(sayFirst[1]!)) {
    const phrase = phraseAfter(ctx, from + sayFirst[0].length, limit);
    if (phrase.end > phrase.start)
      return { found: resolvePhrase(ctx, phrase), verb: sayFirst[1]!, cue: { start: from, end: phrase.end } };
  }
  // A short phrase may come between the quotation and its speaker: "“…” in that law, Azzouz said".
  const aside = SPEAKER_START.test(rest) ? null : /^[^,.;:!?“”"]{1,40},\s+/u.exec(rest);
  const at = from + (aside ? aside[0].length : 0);
  const speaker = ctx.text.slice(at, limit);
  if (!SPEAKER_START.test(speaker)) return null;
  const m = SAY_AFTER.exec(speaker);
  if (!m || NAMING_VERBS.has(m[2]!) || BELIEF_VERBS.has(m[2]!) || m[2] === 'saying') return null;
  const phrase = { start: at, end: at + m[1]!.length };
  return { found: resolvePhrase(ctx, phrase), verb: m[2]!, cue: { start: at, end: at + m[0].length } };
}

/** `X said: “…”`, `X told Y “…”`, `According to X, “…”`, `X said the move was “…”`, `…, saying “…”`. */
function attributionBefore(ctx: Context, sentence: TextRange, open: number): Attributed | null {
  const before = ctx.text.slice(sentence.start, open);
  const according = /^\s*according\s+to\s+([^,]+),\s*$/i.exec(before);
  if (according) {
    const start = sentence.start + before.indexOf(according[1]!);
    const phrase = { start, end: start + according[1]!.length };
    return { found: resolvePhrase(ctx, phrase), verb: 'according to', cue: { start: sentence.start, end: phrase.end } };
  }
  const verbs = [...before.matchAll(SAY_WORD)];
  const last = verbs.at(-1);
  if (!last) return null;
  const verbStart = sentence.start + last.index;
  const verbEnd = verbStart + last[0].length;
  // The quotation must be in the verb's clause; other quotations the verb governs may stand
  // between ("said it was “distressing” not to … “even in the face of …”").
  const between = ctx.text.slice(verbEnd, open).replace(/“[^“”]*”|"[^"]*"/g, '…');
  if (/[.;!?“”"]/.test(between) || wordCount(between) > 25) return null;
  const verb = last[1]!;
  if (BELIEF_VERBS.has(verb)) return null;
  if (verb === 'saying') {
    // "X condemned the attack, saying …": the subject is whoever the clause before names.
    const people = ctx.people.within({ start: sentence.start, end: verbStart });
    const found: Found =
      people.length === 1
        ? { kind: 'person', mention: people[0]!, name: people[0]! }
        : people.length > 1
          ? { kind: 'several' }
          : { kind: 'other' };
    return { found, verb, cue: { start: verbStart, end: verbEnd } };
  }
  const candidates = phrasesBefore(ctx, sentence.start, verbStart);
  let phrase = candidates[0]!;
  let found = resolvePhrase(ctx, phrase);
  for (const c of candidates.slice(1)) {
    if (found.kind !== 'other') break;
    phrase = c;
    found = resolvePhrase(ctx, c);
  }
  if (found.kind === 'other') {
    // "Vladimir Putin on Thursday warned": the speaker, then a few words of time or manner.
    const tail = speakerAtEnd(ctx, sentence.start, verbStart);
    if (tail) {
      found = { kind: 'person', mention: tail, name: tail };
      phrase = { start: tail.start, end: verbStart };
    }
  }
  if (NAMING_VERBS.has(verb) && found.kind !== 'person' && found.kind !== 'pronoun') return null;
  return { found, verb, cue: { start: phrase.start, end: verbEnd } };
}

/** The quotation's words without its marks, the space inside them and a trailing comma. */
function quoteRange(text: string, m: Mark): TextRange | null {
  let start = m.open + 1;
  let end = m.close;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s,]/.test(text[end - 1]!)) end--;
  return end > start && /[\p{L}\p{N}]/u.test(text.slice(start, end)) ? { start, end } : null;
}

/** Ten words or fewer, three in four capitalised, no sentence end: a title ("The Underground Railroad"). */
function isTitleLike(quote: string): boolean {
  const words = quote.match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
  if (words.length === 0) return true;
  const capitals = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return words.length <= 10 && capitals / words.length >= 0.75 && !/[.!?]$/.test(quote);
}

interface Resolved {
  speaker: Speaker | null;
  attribution: Attribution;
  note: string | null;
}

/** A person's mention as the article writes it. */
function written(ctx: Context, mention: PersonMention): string {
  return ctx.text.slice(mention.start, mention.end);
}

/** A found phrase as a speaker, resolving "he"/"she" by the sentence before `sentence`. */
function resolve(ctx: Context, found: Found, sentence: TextRange, pronoun: string): Resolved {
  if (found.kind === 'person') {
    return {
      speaker: { entityId: found.mention.person.entityId, name: ctx.text.slice(found.name.start, found.name.end) },
      attribution: 'named',
      note: null,
    };
  }
  if (found.kind === 'several') return { speaker: null, attribution: 'several', note: null };
  if (found.kind === 'other') return { speaker: null, attribution: 'unnamed', note: null };
  const index = indexAt(ctx.sentences, sentence.start);
  const previous = index > 0 ? ctx.sentences[index - 1]! : null;
  const people = previous ? ctx.people.within(previous) : [];
  if (people.length !== 1) {
    return {
      speaker: null,
      attribution: 'pronoun',
      note: `“${pronoun}”: the sentence before names ${people.length ? 'several people' : 'no one'}.`,
    };
  }
  const only = people[0]!;
  return {
    speaker: { entityId: only.person.entityId, name: written(ctx, only) },
    attribution: 'pronoun',
    note: `“${pronoun}”: the sentence before names only ${written(ctx, only)}.`,
  };
}

/** The pronoun of an attribution phrase ("he", "she"), for the note. */
function pronounIn(ctx: Context, a: Attributed): string {
  return /\b(he|she)\b/i.exec(ctx.text.slice(a.cue.start, a.cue.end))?.[1] ?? 'he';
}

/** Direct quotations, attributed. */
export function findQuotes(
  text: string,
  paras: readonly Paragraph[],
  sentences: Sentence[],
  people: People,
  limit: number,
): FoundQuote[] {
  const ctx: Context = { text, sentences, people };
  const marks = quotationMarks(text, paras);
  const out: FoundQuote[] = [];
  let previous: { quote: FoundQuote; paragraphEnd: number; closeSentenceEnd: number } | null = null;
  for (let k = 0; k < marks.length && out.length < limit; k++) {
    const m = marks[k]!;
    const range = quoteRange(text, m);
    if (!range) continue;
    const first = sentenceAt(sentences, m.open);
    const last = sentenceAt(sentences, m.close) ?? first;
    if (!first || !last) continue;
    const sentence = { start: first.start, end: Math.max(first.end, last.end) };
    // A quotation in a "sentence" longer than the limit is not stored: do not read its context either.
    if (sentence.end - sentence.start > MAX_SENTENCE_CHARS) continue;
    const next = marks[k + 1];
    const afterLimit = next && next.open < last.end ? next.open : last.end;
    const quote = text.slice(range.start, range.end);
    const beforeText = text.slice(first.start, m.open);
    const titleCue = TITLE_CUES.test(beforeText);
    const attributed = attributionAfter(ctx, m.close, afterLimit) ?? attributionBefore(ctx, first, m.open);
    let resolved: Resolved;
    if (attributed) {
      resolved = resolve(
        ctx,
        attributed.found,
        first,
        attributed.found.kind === 'pronoun' ? pronounIn(ctx, attributed) : '',
      );
      // Without a person to say them, a few words are as likely a term or scare quote as speech.
      if (!resolved.speaker && (titleCue || wordCount(quote) < MIN_SPEECH_WORDS)) continue;
    } else {
      // A quotation right after an attributed one goes on with its speaker: in the same
      // paragraph, or opening the next paragraph.
      const para = indexAt(paras, m.open);
      const opensParagraph = para >= 0 && paras[para]!.start === m.open;
      const continues =
        previous?.quote.speaker &&
        (previous.paragraphEnd === paras[para]?.end
          ? /^[\s]*$/.test(text.slice(previous.closeSentenceEnd, m.open))
          : opensParagraph &&
            para > 0 &&
            previous.paragraphEnd === paras[para - 1]!.end &&
            previous.closeSentenceEnd === paras[para - 1]!.end);
      if (continues && previous?.quote.speaker) {
        resolved = {
          speaker: previous.quote.speaker,
          attribution: 'continued',
          note: `Continues the quotation of ${previous.quote.speaker.name} just before it.`,
        };
      } else {
        if (titleCue || wordCount(quote) < MIN_SPEECH_WORDS || isTitleLike(quote)) continue;
        resolved = { speaker: null, attribution: 'none', note: null };
      }
    }
    const found: FoundQuote = {
      kind: 'direct',
      start: range.start,
      end: range.end,
      ...resolved,
      cue: attributed ? attributed.cue : null,
      sentence,
    };
    out.push(found);
    const para = paras[indexAt(paras, m.close)];
    previous = para ? { quote: found, paragraphEnd: para.end, closeSentenceEnd: last.end } : null;
  }
  return out;
}

/** Verbs of reported speech without quotation marks. */
/**
 * Verbs of reported speech without quotation marks: "said" and "told X" take the words reported
 * with or without "that"; the others only with "that" ("acknowledged the lack of …" reports nothing).
 */
const REPORTED = new RegExp(
  `^(.*?)\\s+(?:${AUX}\\s+)*(?:(?:said|says|told\\s+(?:[\\p{Lu}][\\p{L}.]*(?:\\s+[\\p{Lu}][\\p{L}.]*)*|reporters|journalists|lawmakers|the\\s+\\p{L}+))\\s+(?:on\\s+\\p{Lu}\\p{L}+\\s+)?(?:that\\s+)?|(?:added|argued|insisted|warned|stressed|acknowledged|admitted|claimed|noted|explained|believes|believed|announced|confirmed)\\s+(?:on\\s+\\p{Lu}\\p{L}+\\s+)?that\\s+)`,
  'u',
);
const REPORTED_AFTER = new RegExp(`^(.*\\S),\\s+([^,]+?)\\s+(?:${AUX}\\s+)*(said|says|added|told\\s+\\S+)\\.?$`, 'u');

/** Reported speech by a person: `X said (that) …` and `…, X said.`, in sentences without quotation marks. */
export function findReported(text: string, sentences: Sentence[], people: People, limit: number): FoundQuote[] {
  const ctx: Context = { text, sentences, people };
  const out: FoundQuote[] = [];
  for (const s of sentences) {
    if (out.length >= limit) break;
    if (s.end - s.start > MAX_SENTENCE_CHARS) continue;
    const raw = text.slice(s.start, s.end);
    if (/[“”"‘]/.test(raw)) continue;
    let phrase: TextRange | null = null;
    let said: TextRange | null = null;
    let cue: TextRange | null = null;
    const tail = REPORTED_AFTER.exec(raw);
    if (tail) {
      const start = s.start + raw.lastIndexOf(tail[2]!, raw.length - tail[3]!.length - 1);
      phrase = { start, end: start + tail[2]!.length };
      said = { start: s.start, end: s.start + tail[1]!.length };
      cue = { start, end: s.start + raw.replace(/\.$/, '').length };
    } else {
      const head = REPORTED.exec(raw);
      if (head) {
        phrase = phrasesBefore(ctx, s.start, s.start + head[1]!.length)[0]!;
        said = { start: s.start + head[0].length, end: s.end };
        // "X confirmed that, saying …": "that" was the object, not the start of the words reported.
        if (/^\s*[\p{L}]+,/u.test(text.slice(said.start, said.end))) continue;
        cue = { start: phrase.start, end: s.start + head[0].length };
      }
    }
    if (!phrase || !said || !cue) continue;
    const found = resolvePhrase(ctx, phrase);
    if (found.kind !== 'person' && found.kind !== 'pronoun') continue;
    const resolved = resolve(
      ctx,
      found,
      s,
      found.kind === 'pronoun' ? text.slice(phrase.start, phrase.end).trim() : '',
    );
    if (!resolved.speaker) continue;
    // The words reported, without the sentence's final stop.
    let end = said.end;
    while (end > said.start && /[\s.]/.test(text[end - 1]!)) end--;
    if (wordCount(text.slice(said.start, end)) < MIN_SPEECH_WORDS) continue;
    out.push({ kind: 'reported', start: said.start, end, ...resolved, cue, sentence: { start: s.start, end: s.end } });
  }
  return out;
}
