/**
 * Everything derived from a reader's article, in one call: the source as stored (text exactly as
 * extracted, metadata with methods, canonical URL, content hash, version date), the corpus
 * entities it mentions (the web's matcher and linker), quotes with their speakers, dated
 * statements, and people the corpus lacks. Runs in an extension page or the background, never in
 * the content script (docs/adr/016-reader-articles.md). Every item keeps its sentence and offsets
 * and is checked verbatim against the text; the result is validated and capped.
 */
import * as v from 'valibot';
import type { MatcherEntity } from '../messaging/protocol';
import { ExtractedArticle } from '../extract/schema';
import { datedStatements, reference } from './dates';
import {
  MAX_DERIVED_CHARS,
  MAX_MENTIONED_ENTITIES,
  MAX_NAME_CHARS,
  MAX_OCCURRENCES,
  MAX_PEOPLE,
  MAX_PERSON_MENTIONS,
  MAX_QUOTE_CHARS,
  MAX_QUOTES,
  MAX_SENTENCE_CHARS,
  MAX_STATEMENTS,
} from './limits';
import { linkEntities } from './mentions';
import { nameWords } from './names';
import { People } from './people';
import { findQuotes, findReported } from './quotes';
import { DerivedArticle, type CandidatePerson, type DatedStatement, type Mention, type Quote } from './schema';
import { paragraphs, sentenceAt, sentences, type TextRange } from './sentences';

export type { DerivedArticle } from './schema';

export interface DeriveOptions {
  /** When the reader added this version. */
  addedAt: Date;
  /**
   * Whether to run the name library (`compromise`, loaded on first use) to find people the corpus
   * lacks. Without it only names written next to a speech verb are known: quotes by corpus
   * entities and by such names keep their speakers, fewer new people are offered, and a
   * derivation takes about a fifth of the time (docs/adr/016-reader-articles.md).
   */
  nameLibrary?: boolean;
}

/** SHA-256 of the text, hex (Web Crypto: in extension pages, the background and Node alike). */
export async function contentHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function deriveArticle(
  extracted: unknown,
  entities: readonly MatcherEntity[],
  options: DeriveOptions,
): Promise<DerivedArticle> {
  // The content script's answer is untrusted: validated here whatever the caller did.
  const article = v.parse(ExtractedArticle, extracted);
  const { text } = article;
  const paras = paragraphs(text);
  const sents = sentences(text);
  const links = linkEntities(text, entities);
  const sentenceRange = (offset: number): TextRange => {
    const s = sentenceAt(sents, offset);
    return s ? { start: s.start, end: s.end } : { start: offset, end: offset };
  };

  // Mentions: every link counted, offsets kept up to the limit.
  const byEntity = new Map<string, Mention>();
  for (const l of links) {
    let m = byEntity.get(l.entityId);
    if (!m) {
      if (byEntity.size >= MAX_MENTIONED_ENTITIES) continue;
      m = { entityId: l.entityId, count: 0, occurrences: [] };
      byEntity.set(l.entityId, m);
    }
    m.count++;
    if (m.occurrences.length < MAX_OCCURRENCES)
      m.occurrences.push({ start: l.start, end: l.end, sentence: sentenceRange(l.start) });
  }
  const mentions = [...byEntity.values()].sort((a, b) => b.count - a.count || a.entityId.localeCompare(b.entityId));

  // One budget for all derived text, so the stored size is bounded whatever the counts.
  let budget = MAX_DERIVED_CHARS;
  const spend = (chars: number) => {
    if (chars > budget) return false;
    budget -= chars;
    return true;
  };
  const sentenceOf = (r: TextRange) =>
    r.end - r.start <= MAX_SENTENCE_CHARS ? { text: text.slice(r.start, r.end), start: r.start, end: r.end } : null;

  const libraryNames = options.nameLibrary === false ? [] : (await import('./library-names')).findNames(text);
  const people = new People(text, links, libraryNames, entities);
  const found = [
    ...findQuotes(text, paras, sents, people, MAX_QUOTES + 1),
    ...findReported(text, sents, people, MAX_QUOTES + 1),
  ];
  found.sort((a, b) => a.start - b.start);
  const quotes: Quote[] = [];
  let quotesCapped = found.length > MAX_QUOTES;
  for (const q of found) {
    const sentence = sentenceOf(q.sentence);
    const quoteText = text.slice(q.start, q.end);
    if (!sentence || quoteText.length > MAX_QUOTE_CHARS) continue;
    if (quotes.length >= MAX_QUOTES || !spend(quoteText.length + sentence.text.length)) {
      quotesCapped = true;
      break;
    }
    const speaker = q.speaker ? { entityId: q.speaker.entityId, name: q.speaker.name.slice(0, MAX_NAME_CHARS) } : null;
    quotes.push({
      kind: q.kind,
      text: quoteText,
      start: q.start,
      end: q.end,
      speaker,
      attribution: q.attribution,
      note: q.note,
      cue: q.cue,
      sentence,
    });
  }

  const ref = reference(article.metadata.published);
  const foundStatements = datedStatements(text, sents, links, ref, MAX_STATEMENTS + 1);
  const statements: DatedStatement[] = [];
  let statementsCapped = foundStatements.length > MAX_STATEMENTS;
  for (const s of foundStatements) {
    const sentence = sentenceOf(s.sentence);
    if (!sentence) continue;
    if (statements.length >= MAX_STATEMENTS || !spend(sentence.text.length)) {
      statementsCapped = true;
      break;
    }
    const { expression, date, precision, method, note } = s.found;
    statements.push({
      sentence,
      entityIds: s.entityIds,
      expression: { text: text.slice(expression.start, expression.end), ...expression },
      date,
      precision,
      method,
      note,
    });
  }

  const candidates = candidatePeople(text, people, sentenceRange);
  const derived: DerivedArticle = {
    source: {
      canonicalUrl: article.canonical.url,
      canonicalMethod: article.canonical.method,
      pageUrl: article.pageUrl,
      text,
      truncated: article.truncated,
      contentHash: await contentHash(text),
      versionDate: options.addedAt.toISOString(),
      metadata: article.metadata,
    },
    mentions,
    quotes,
    statements,
    people: candidates.slice(0, MAX_PEOPLE),
    capped: { quotes: quotesCapped, statements: statementsCapped, people: candidates.length > MAX_PEOPLE },
  };
  return v.parse(DerivedArticle, derived);
}

/** People named in the text whom the corpus lacks, most mentioned first. */
function candidatePeople(text: string, people: People, sentenceRange: (o: number) => TextRange): CandidatePerson[] {
  const byKey = new Map<string, CandidatePerson>();
  for (const m of people.mentions) {
    if (m.person.entityId !== null) continue;
    const form = text.slice(m.start, m.end);
    if (form.length > MAX_NAME_CHARS || people.isKnown(form)) continue;
    let c = byKey.get(m.person.key);
    if (!c) {
      c = { name: form, forms: [], count: 0, mentions: [] };
      byKey.set(m.person.key, c);
    }
    c.count++;
    if (!c.forms.includes(form) && c.forms.length < 20) c.forms.push(form);
    if (nameWords(form).length > nameWords(c.name).length) c.name = form;
    if (c.mentions.length < MAX_PERSON_MENTIONS)
      c.mentions.push({ start: m.start, end: m.end, sentence: sentenceRange(m.start) });
  }
  // A single word offered as a person needs a full name beside it, or two mentions: one capitalised
  // word once is as likely a place or a brand.
  return [...byKey.values()]
    .filter((c) => nameWords(c.name).length >= 2 || c.count >= 2)
    .sort((a, b) => b.count - a.count || a.mentions[0]!.start - b.mentions[0]!.start);
}
