/**
 * The reader's own articles as a pack (issue 18: "export the reader's own articles"; decisions in
 * docs/adr/027-exports-as-packs.md). Two parts, both checked on import:
 *
 * - **The corpus part** (sources, entities, events), in the corpus's own shapes, so any profile
 *   imports it as a pack and every `corpus:check` rule holds: each current version whose items
 *   can be corpus items is a source (its text verbatim); each quote the reader kept whose speaker
 *   is an entity is a quote; each dated statement the reader kept is an event, its sentence the
 *   evidence; the people quoted or dated, and the people the reader added, are entities, each
 *   with one fact ("Quoted in …" / "Named in …", the sentence that shows it) because the rules
 *   demand a fact per entity.
 * - **The `reader` section**: every version (earlier ones too) exactly as stored, with each
 *   metadata field's method, every item's sentence and offsets, and what the reader hid; and
 *   the people the reader added. Nothing of it is lost, so the file is a whole backup.
 *
 * Hidden items and quotes with no speaker entity are in the reader section only: the corpus part
 * never shows what the reader hid, and a corpus quote needs a speaker.
 */
import { entityIdFromName } from '../corpus/names';
import type { CorpusEntity, DateSpecInput, EntityInput, EventInput, SourceInput } from '../corpus/schema';
import type { Quote, DatedStatement } from '../derive/schema';
import {
  READER_ID_PREFIX,
  nameKey,
  titleOf,
  outletOf,
  bylineOf,
  type ReaderEntityRow,
  type ReaderQuoteRow,
  type ReaderSourceRow,
  type ReaderStatementRow,
  type ReaderTextRow,
} from '../reader/rows';
import { phraseKey } from '../match/matcher';
import type { PackContent, PackSource, ReaderPerson, ReaderVersion } from './format';

/** Everything of the reader's a pack is made from (the reader tables' rows). */
export interface ReaderRows {
  sources: ReaderSourceRow[];
  texts: ReaderTextRow[];
  quotes: ReaderQuoteRow[];
  statements: ReaderStatementRow[];
  entities: ReaderEntityRow[];
}

/** Corpus items made from the reader's start with this instead of `reader-` (which the corpus check refuses). */
export const ARTICLE_ID_PREFIX = 'article-';
/** The pack id of a reader id: `reader-<hash>-v2-q10-20` → `article-<hash>-v2-q10-20`. */
export const packIdOf = (readerId: string) => `${ARTICLE_ID_PREFIX}${readerId.slice(READER_ID_PREFIX.length)}`;

/** A source's `position.quote` is its opening, cut at a space: the rules need one, verbatim; we take no stance. */
const OPENING_CHARS = 300;
const NO_STANCE = 'An article the reader added; its stance was not assessed.';

const byStart = <T extends { start: number; end: number }>(a: T, b: T) => a.start - b.start || a.end - b.end;

function opening(text: string): string {
  const line =
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  if (line.length <= OPENING_CHARS) return line;
  const cut = line.lastIndexOf(' ', OPENING_CHARS);
  return (cut > 0 ? line.slice(0, cut) : line.slice(0, OPENING_CHARS)).trim();
}

/** The version's own date as a corpus date spec (published, else modified, else the day it was added). */
function publishedSpec(source: ReaderSourceRow): DateSpecInput {
  const { published, modified } = source.metadata;
  const field = published ?? modified;
  if (field) {
    const which = published ? 'published' : 'modified (no publication date given)';
    return {
      date: field.date,
      precision: field.precision,
      method: 'stated',
      note: `${which}: “${field.value}”, from the page's ${field.method}`,
      outsideFact: null,
    };
  }
  return {
    date: source.versionDate.slice(0, 10),
    precision: 'day',
    method: 'outside-fact',
    note: 'The page gave no date: the day the reader added it.',
    outsideFact: `The reader added this article on ${source.versionDate}.`,
  };
}

/** A corpus entity as the authoring format writes it, without the statements whose sources the pack lacks. */
export function entityInput(entity: CorpusEntity, id = entity.id): EntityInput {
  return {
    id,
    name: entity.name,
    kind: entity.kind,
    aliases: entity.aliasDetails.map((a) =>
      a.ambiguous || a.common ? { text: a.text, ambiguous: a.ambiguous, common: a.common ?? null } : a.text,
    ),
    titles: entity.titles,
    topics: entity.topics,
    excludes: entity.excludes,
    description: entity.description,
    country: null,
    roles: [],
    properties: [],
  };
}

function stripQuote(row: ReaderQuoteRow): Quote {
  const { id: _i, sourceId: _s, articleId: _a, speakerId: _p, speakerKey: _k, hidden: _h, ...quote } = row;
  return quote;
}

function stripStatement(row: ReaderStatementRow): DatedStatement {
  const { id: _i, sourceId: _s, articleId: _a, hidden: _h, ...statement } = row;
  return statement;
}

/**
 * The pack content of the reader's articles. `entityOf` gives the corpus entity (bundled or from
 * a pack) that a quote or statement names; an item naming an entity it cannot give stays in the
 * reader section only.
 */
export function readerPackContent(rows: ReaderRows, entityOf: (id: string) => CorpusEntity | undefined): PackContent {
  const versions = [...rows.sources].sort((a, b) => a.articleId.localeCompare(b.articleId) || a.version - b.version);
  const textOf = new Map(rows.texts.map((t) => [t.id, t]));
  const readerEntities = new Map(rows.entities.map((e) => [e.id, e]));
  const quotesOf = group(rows.quotes);
  const statementsOf = group(rows.statements);

  /** Corpus ids of the entities the corpus part names (reader people get one made from their name). */
  const corpusIds = new Map<string, string>();
  const entityIdOf = (id: string): string | null => {
    const known = corpusIds.get(id);
    if (known) return known;
    const reader = readerEntities.get(id);
    const corpusId = reader ? entityIdFromName(reader.name) : entityOf(id) ? id : null;
    if (corpusId) corpusIds.set(id, corpusId);
    return corpusId;
  };
  /**
   * The facts the rules demand: one per entity (the first sentence found that shows it), and one
   * for a source that nothing else cites (its most named entity).
   */
  const facts: { source: string; entity: string; text: string; quote: string; readerId: string }[] = [];
  const withFact = new Set<string>();
  const addFact = (readerOrCorpusId: string, source: string, what: string, quote: string, cites = false) => {
    const entity = entityIdOf(readerOrCorpusId);
    const trimmed = quote.trim();
    if (!entity || !trimmed || (withFact.has(entity) && !cites)) return false;
    withFact.add(entity);
    facts.push({ source, entity, text: what, quote: trimmed, readerId: readerOrCorpusId });
    return true;
  };

  const sources: PackSource[] = [];
  const events: EventInput[] = [];
  const section: ReaderVersion[] = [];
  for (const row of versions) {
    const stored = textOf.get(row.id);
    const text = stored?.text ?? '';
    const quotes = (quotesOf.get(row.id) ?? []).sort(byStart);
    const statements = (statementsOf.get(row.id) ?? []).sort(
      (a, b) => a.sentence.start - b.sentence.start || a.expression.start - b.expression.start,
    );
    const sourceId = packIdOf(row.id);
    const title = titleOf(row);
    const corpusQuotes: NonNullable<SourceInput['quotes']> = [];
    const corpusEvents: EventInput[] = [];
    if (row.current === 1 && stored) {
      for (const q of quotes) {
        const speaker = q.speakerId && !q.hidden ? entityIdOf(q.speakerId) : null;
        if (!speaker || !q.text.trim()) continue;
        corpusQuotes.push({
          id: packIdOf(q.id),
          speaker,
          text: q.text,
          date: null,
          context: q.sentence.text.trim() || q.text,
          reportedBy: null,
        });
        addFact(q.speakerId!, sourceId, `Quoted in “${title}”.`, q.text);
      }
      for (const s of statements) {
        const entities = s.entityIds.map(entityIdOf);
        if (s.hidden || entities.some((e) => !e) || !s.sentence.text.trim()) continue;
        corpusEvents.push({
          id: packIdOf(s.id),
          title: s.sentence.text.trim(),
          date: s.date,
          precision: s.precision,
          method: s.method,
          note: s.note ?? (s.method === 'relative' ? `“${s.expression.text}”, relative to the article's date` : null),
          outsideFact: null,
          entities: [...new Set(entities as string[])],
          evidence: [{ source: sourceId, quote: s.sentence.text.trim() }],
        });
        s.entityIds.forEach((e) => addFact(e, sourceId, `Named in “${title}”.`, s.sentence.text));
      }
    }
    let inCorpus = corpusQuotes.length > 0 || corpusEvents.length > 0;
    if (!inCorpus && row.current === 1 && stored) {
      // Nothing of it is a corpus item: it is still a source when it names an entity.
      for (const m of [...stored.mentions].sort((a, b) => b.count - a.count)) {
        const sentence = m.occurrences[0]?.sentence;
        if (
          sentence &&
          addFact(m.entityId, sourceId, `Named in “${title}”.`, text.slice(sentence.start, sentence.end), true)
        ) {
          inCorpus = true;
          break;
        }
      }
    }
    if (inCorpus) {
      sources.push(corpusSource(row, sourceId, text, corpusQuotes));
      events.push(...corpusEvents);
    }
    section.push({
      id: row.id,
      articleId: row.articleId,
      version: row.version,
      current: row.current === 1,
      derivation: row.derivation,
      source: inCorpus ? sourceId : null,
      text: inCorpus ? null : text,
      derived: {
        source: {
          canonicalUrl: row.canonicalUrl,
          canonicalMethod: row.canonicalMethod,
          pageUrl: row.pageUrl,
          truncated: row.truncated,
          contentHash: row.contentHash,
          versionDate: row.versionDate,
          metadata: row.metadata,
        },
        mentions: stored?.mentions ?? [],
        quotes: quotes.map(stripQuote),
        statements: statements.map(stripStatement),
        people: stored?.people ?? [],
        capped: row.capped,
      },
      hidden: [...quotes, ...statements].filter((x) => x.hidden).map((x) => x.id),
    });
  }

  // The people the reader added are entities of the pack when one of its sources names them.
  const inPack = new Map(sources.map((s) => [s.id, s]));
  for (const person of rows.entities) {
    if (withFact.has(entityIdFromName(person.name))) continue;
    const keys = new Set([nameKey(person.name), ...person.aliasDetails.map((a) => nameKey(a.text))]);
    for (const source of sources) {
      const readerId = `${READER_ID_PREFIX}${source.id.slice(ARTICLE_ID_PREFIX.length)}`;
      const stored = textOf.get(readerId);
      const sentence =
        stored?.mentions.find((m) => m.entityId === person.id)?.occurrences[0]?.sentence ??
        stored?.people.find((p) => p.forms.some((f) => keys.has(nameKey(f))))?.mentions[0]?.sentence;
      if (sentence) {
        addFact(person.id, source.id, `Named in “${source.title}”.`, source.text.slice(sentence.start, sentence.end));
        break;
      }
    }
  }

  const entities = new Map<string, EntityInput>();
  for (const fact of facts) {
    const entity = readerEntities.get(fact.readerId) ?? entityOf(fact.readerId);
    if (!entity) continue;
    if (!entities.has(fact.entity)) entities.set(fact.entity, entityInput(entity, fact.entity));
    const source = inPack.get(fact.source)!;
    source.facts = [
      ...(source.facts ?? []),
      { id: `${fact.source}-fact-${fact.entity}`, entities: [fact.entity], text: fact.text, quote: fact.quote },
    ];
  }
  const entityList = [...entities.values()].sort((a, b) => a.id.localeCompare(b.id));
  flagSharedAliases(entityList);

  const exported = new Set(section.map((v) => v.id));
  const people: ReaderPerson[] = [...rows.entities]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((e) => ({
      id: e.id,
      entity: entities.has(entityIdFromName(e.name)) ? entityIdFromName(e.name) : null,
      name: e.name,
      aliases: e.aliasDetails.map((a) => ({
        text: a.text,
        ambiguous: a.ambiguous,
        ...(a.common ? { common: a.common } : {}),
      })),
      titles: e.titles,
      topics: e.topics,
      excludes: e.excludes,
      description: e.description,
      addedAt: e.addedAt,
      // A person added from an article since removed keeps no reference to it.
      fromSourceId: e.fromSourceId && exported.has(e.fromSourceId) ? e.fromSourceId : null,
    }));

  return { sources, entities: entityList, events, claims: [], reader: { versions: section, people } };
}

function corpusSource(
  row: ReaderSourceRow,
  id: string,
  text: string,
  quotes: NonNullable<SourceInput['quotes']>,
): PackSource {
  const outlet = row.metadata.publisher ? outletOf(row) : null;
  const byline = bylineOf(row);
  // The rules want the publisher and author shown in the text; the page's metadata often is not.
  const publisherShown = outlet !== null && text.includes(outlet);
  const authorShown = byline !== null && text.includes(byline);
  return {
    id,
    seed: row.canonicalUrl,
    title: titleOf(row),
    titleKind: row.metadata.title ? 'headline' : 'editorial',
    publisher: publisherShown ? outlet : null,
    publisherEvidence: publisherShown ? outlet : null,
    publisherNote:
      outlet && !publisherShown
        ? `“${outlet}”, from the page's ${row.metadata.publisher!.method} (not in the text)`
        : null,
    author: authorShown ? byline : null,
    authorEvidence: authorShown ? byline : null,
    published: publishedSpec(row),
    datingEvidence: [],
    position: { stance: 'unclear', summary: NO_STANCE, quote: opening(text) },
    facts: [],
    quotes,
    text,
  };
}

function group<T extends { sourceId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.sourceId);
    if (list) list.push(r);
    else out.set(r.sourceId, [r]);
  }
  return out;
}

/** Aliases two entities of the pack share are flagged ambiguous, as the rules demand (and the importer does across packs). */
function flagSharedAliases(entities: EntityInput[]): void {
  const owners = new Map<string, Set<string>>();
  for (const e of entities)
    for (const a of e.aliases) {
      const key = phraseKey(typeof a === 'string' ? a : a.text);
      owners.set(key, (owners.get(key) ?? new Set()).add(e.id));
    }
  for (const e of entities)
    e.aliases = e.aliases.map((a) => {
      const alias = typeof a === 'string' ? { text: a, ambiguous: null, common: null } : a;
      const shared = [...(owners.get(phraseKey(alias.text)) ?? [])].filter((id) => id !== e.id);
      if (!shared.length || alias.ambiguous) return a;
      return { text: alias.text, ambiguous: `shared with ${shared.join(', ')}`, common: null };
    });
}

/** Whether the reader has anything a pack would carry. */
export const hasReaderRows = (rows: ReaderRows) => rows.sources.length > 0 || rows.entities.length > 0;
