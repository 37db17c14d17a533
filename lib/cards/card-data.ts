/**
 * What a card says about one entity, built from corpus rows: who or what it is as each source
 * states it and as of when, key facts with citations, what they said, where sources disagree,
 * related events, and the coverage the card is based on. Pure: the background feeds it rows.
 *
 * The reader's own articles (issue 17) add their quotes and dated statements, labelled by outlet
 * and date like the bundled ones and flagged `fromReading`, newest first; the coverage counts
 * bundled sources and the reader's articles apart. (Derivation makes no facts: ADR 016.)
 */
import type {
  CorpusClaim,
  CorpusEntity,
  CorpusEvent,
  CorpusFact,
  CorpusQuote,
  CorpusSource,
  DatedFields,
  DatePrecision,
  Stance,
} from '../corpus/schema';
import type { ReaderQuoteRow, ReaderSourceRow, ReaderStatementRow } from '../reader/rows';
import { articleDate, outletOf, sortDate, titleOf } from '../reader/rows';

/** A card shows this many key facts: enough to orient, few enough to read while hovering. */
export const KEY_FACTS = 4;
/** Short verbatim quotes by the person. */
export const QUOTES_SHOWN = 3;
export const EVENTS_SHOWN = 4;
/** Dated statements from the reader's articles, newest first: as many as events. */
export const STATEMENTS_SHOWN = EVENTS_SHOWN;

export interface Citation {
  sourceId: string;
  /** The publisher where the source shows one, else its title. */
  label: string;
  title: string;
  date: string;
  datePrecision: DatePrecision;
  /** Present on citations of the reader's own articles (open them with `page.getReaderSource`). */
  fromReading?: true;
  /** The reader's article's canonical URL (bundled sources open in the reading view only). */
  url?: string;
}

/** One source's support for a statement: the citation, its words, and as of when. */
export interface Sourced {
  citation: Citation;
  quote: string;
  asOf: DatedFields | null;
}

/** A statement and every source that makes it (the same role stated by two sources is one line). */
export interface CardStatement {
  text: string;
  sources: Sourced[];
}

/** Titles we wrote or long headlines are cut to this in a citation; the full title is its tooltip. */
export const CITATION_TITLE_CHARS = 32;

export interface CardData {
  id: string;
  kind: CorpusEntity['kind'];
  name: string;
  description: string | null;
  country: CardStatement | null;
  /** Roles as each source states them, newest first; changed roles show each. */
  roles: (CardStatement & { role: string })[];
  /** Weapons: type, supplier, operator, range, figures, use. */
  properties: (CardStatement & { property: string; value: string })[];
  facts: (CardStatement & { id: string })[];
  quotes: {
    id: string;
    text: string;
    citation: Citation;
    date: string | null;
    datePrecision: DatePrecision | null;
    context: string;
    reportedBy: string | null;
    /** A quote from one of the reader's articles (its `context` is the sentence it is in). */
    fromReading?: true;
  }[];
  /**
   * Dated statements from the reader's articles: the sentence, verbatim, at its date with the
   * date's precision and how it was found (stated, or relative to the article's date).
   */
  statements: {
    id: string;
    text: string;
    date: string;
    datePrecision: DatePrecision;
    dateMethod: 'stated' | 'relative';
    dateNote: string | null;
    citation: Citation;
    fromReading: true;
  }[];
  disputes: {
    id: string;
    question: string;
    positions: { citation: Citation; speaker: string | null; stance: Stance; summary: string; quote: string }[];
  }[];
  events: { id: string; title: string; date: string; datePrecision: DatePrecision }[];
  coverage: {
    /** Every source the card is based on: `bundled` + `reading`. */
    sources: number;
    /** Bundled sources the card cites. */
    bundled: number;
    /** The reader's articles (current versions) that mention the entity or quote it. */
    reading: number;
    from: string | null;
    to: string | null;
    fromPrecision: DatePrecision | null;
    toPrecision: DatePrecision | null;
  };
}

export interface CardRows {
  entity: CorpusEntity;
  facts: CorpusFact[];
  quotes: CorpusQuote[];
  claims: CorpusClaim[];
  events: CorpusEvent[];
  sources: Map<string, CorpusSource>;
  /** Names of entities that speak in the claims. */
  names: Map<string, string>;
  /** What the reader's own articles say about the entity (current versions, hidden items left out). */
  reading?: ReadingRows;
}

export interface ReadingRows {
  quotes: ReaderQuoteRow[];
  statements: ReaderStatementRow[];
  /**
   * The versions the items come from and, unless `coverage` is given, every current version that
   * mentions or quotes the entity.
   */
  sources: Map<string, ReaderSourceRow>;
  /** The coverage counted beforehand (lib/reader/digests.ts); else counted from `sources`. */
  coverage?: ReadingCoverage;
}

/** A date at its precision. */
export interface DateRef {
  date: string;
  precision: DatePrecision;
}

/** How many of the reader's current versions a card is based on, and the span of their dates. */
export interface ReadingCoverage {
  sources: number;
  /** The earliest and the latest of their dates (a version without a date is counted, not dated). */
  from: DateRef | null;
  to: DateRef | null;
}

/** The coverage of the current versions among `sources`. */
export function coverageOf(sources: Iterable<ReaderSourceRow>): ReadingCoverage {
  let count = 0;
  let from: DateRef | null = null;
  let to: DateRef | null = null;
  for (const s of sources) {
    if (s.current !== 1) continue;
    count++;
    const d = articleDate(s);
    if (!d) continue;
    if (!from || d.date.localeCompare(from.date) < 0) from = { date: d.date, precision: d.precision };
    if (!to || d.date.localeCompare(to.date) >= 0) to = { date: d.date, precision: d.precision };
  }
  return { sources: count, from, to };
}

function shortTitle(title: string): string {
  if (title.length <= CITATION_TITLE_CHARS) return title;
  const cut = title.slice(0, CITATION_TITLE_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), CITATION_TITLE_CHARS / 2)).trimEnd()}…`;
}

function citation(sources: Map<string, CorpusSource>, sourceId: string): Citation {
  const s = sources.get(sourceId);
  if (!s) return { sourceId, label: sourceId, title: sourceId, date: '', datePrecision: 'year' };
  return {
    sourceId,
    label: s.publisher ?? shortTitle(s.title),
    title: s.title,
    date: s.publishedAt,
    datePrecision: s.datePrecision,
  };
}

function readerCitation(source: ReaderSourceRow | undefined, sourceId: string): Citation {
  if (!source)
    return { sourceId, label: sourceId, title: sourceId, date: '', datePrecision: 'year', fromReading: true };
  const date = articleDate(source);
  return {
    sourceId,
    label: outletOf(source),
    title: titleOf(source),
    date: date?.date ?? '',
    datePrecision: date?.precision ?? 'year',
    fromReading: true,
    url: source.canonicalUrl,
  };
}

/** Newest first by a date of any precision ("2024" after "2024-05": the year may be later). */
const newestFirst = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/** Joins statements with the same key (role, or property and value) and keeps every source. */
function grouped<T extends { key: string; source: Sourced }>(items: T[]): (T & { sources: Sourced[] })[] {
  const out = new Map<string, T & { sources: Sourced[] }>();
  for (const item of items) {
    const existing = out.get(item.key);
    if (existing) existing.sources.push(item.source);
    else out.set(item.key, { ...item, sources: [item.source] });
  }
  return [...out.values()];
}

/** Picks key facts spread over sources first, then in corpus order. */
function keyFacts(facts: CorpusFact[], entityId: string): CorpusFact[] {
  // Facts about this entity alone come before facts that merely include it.
  const ranked = [...facts].sort((a, b) => Number(a.entityIds[0] !== entityId) - Number(b.entityIds[0] !== entityId));
  const chosen: CorpusFact[] = [];
  const seenSources = new Set<string>();
  for (const f of ranked) {
    if (chosen.length >= KEY_FACTS) break;
    if (!seenSources.has(f.sourceId)) {
      chosen.push(f);
      seenSources.add(f.sourceId);
    }
  }
  for (const f of ranked) {
    if (chosen.length >= KEY_FACTS) break;
    if (!chosen.includes(f)) chosen.push(f);
  }
  return chosen;
}

export function buildCard(rows: CardRows): CardData {
  const { entity, sources } = rows;
  const cite = (id: string) => citation(sources, id);
  const usedSources = new Set<string>();
  const sourced = (sourceId: string, quote: string, asOf: DatedFields | null): Sourced => {
    usedSources.add(sourceId);
    return { citation: cite(sourceId), quote, asOf };
  };
  const roles = grouped(
    [...entity.roles]
      .sort((a, b) => b.asOf.date.localeCompare(a.asOf.date))
      .map((r) => ({ key: r.role, role: r.role, text: r.role, source: sourced(r.sourceId, r.quote, r.asOf) })),
  ).map(({ role, text, sources: s }) => ({ role, text, sources: s }));
  const properties = grouped(
    entity.properties.map((p) => ({
      key: `${p.property}\u0000${p.value}`,
      property: p.property,
      value: p.value,
      text: p.value,
      source: sourced(p.sourceId, p.quote, p.asOf),
    })),
  ).map(({ property, value, text, sources: s }) => ({ property, value, text, sources: s }));
  const facts = keyFacts(rows.facts, entity.id).map((f) => ({
    id: f.id,
    text: f.text,
    sources: [sourced(f.sourceId, f.quote, null)],
  }));
  const bundledQuotes = rows.quotes
    .filter((q) => q.speakerId === entity.id)
    .sort((a, b) => a.text.length - b.text.length)
    .slice(0, QUOTES_SHOWN);
  const reading = rows.reading;
  const readerSource = (id: string) => reading?.sources.get(id);
  const readerQuotes = (reading?.quotes ?? [])
    .filter((q) => q.speakerId === entity.id && !q.hidden)
    .map((q) => ({ q, date: readerSource(q.sourceId) ? sortDate(readerSource(q.sourceId)!).date : '' }))
    .sort((a, b) => newestFirst(a.date, b.date) || a.q.start - b.q.start)
    // Side by side: when both have quotes, the bundled sources keep at least one place.
    .slice(0, bundledQuotes.length ? QUOTES_SHOWN - 1 : QUOTES_SHOWN)
    .map(({ q }) => q);
  const bundledShown = bundledQuotes.slice(0, QUOTES_SHOWN - readerQuotes.length).map((q) => {
    usedSources.add(q.sourceId);
    return {
      id: q.id,
      text: q.text,
      citation: cite(q.sourceId),
      date: q.date,
      datePrecision: q.datePrecision,
      context: q.context,
      reportedBy: q.reportedBy,
    };
  });
  const readerShown = readerQuotes.map((q) => {
    const date = readerSource(q.sourceId) ? articleDate(readerSource(q.sourceId)!) : null;
    return {
      id: q.id,
      text: q.text,
      citation: readerCitation(readerSource(q.sourceId), q.sourceId),
      date: date?.date ?? null,
      datePrecision: date?.precision ?? null,
      context: q.sentence.text,
      reportedBy: null,
      fromReading: true as const,
    };
  });
  // Newest first: the reader's articles are the latest reporting the card knows.
  const quotes = [...readerShown, ...bundledShown];
  const statements = (reading?.statements ?? [])
    .filter((s) => s.entityIds.includes(entity.id) && !s.hidden)
    .sort((a, b) => newestFirst(a.date, b.date) || a.sentence.start - b.sentence.start)
    .slice(0, STATEMENTS_SHOWN)
    .map((s) => ({
      id: s.id,
      text: s.sentence.text,
      date: s.date,
      datePrecision: s.precision,
      dateMethod: s.method,
      dateNote: s.note,
      citation: readerCitation(readerSource(s.sourceId), s.sourceId),
      fromReading: true as const,
    }));
  const disputes = rows.claims
    .filter((c) => c.entityIds.includes(entity.id) || c.positions.some((p) => p.speakerId === entity.id))
    .map((c) => ({
      id: c.id,
      question: c.question,
      positions: c.positions.map((p) => {
        usedSources.add(p.sourceId);
        return {
          citation: cite(p.sourceId),
          speaker: p.speakerId ? (rows.names.get(p.speakerId) ?? p.speakerId) : null,
          stance: p.stance,
          summary: p.summary,
          quote: p.quote,
        };
      }),
    }));
  const events = [...rows.events]
    .sort((a, b) => a.date.localeCompare(b.date))
    .slice(-EVENTS_SHOWN)
    .map((e) => ({ id: e.id, title: e.title, date: e.date, datePrecision: e.datePrecision }));
  const country = entity.country
    ? { text: entity.country.value, sources: [sourced(entity.country.sourceId, entity.country.quote, null)] }
    : null;

  const dated = [...usedSources].map((id) => sources.get(id)).filter((s): s is CorpusSource => !!s);
  const readerCoverage = reading?.coverage ?? coverageOf(reading?.sources.values() ?? []);
  const spans = [
    ...dated.map((s) => ({ date: s.publishedAt, precision: s.datePrecision })),
    ...[readerCoverage.from, readerCoverage.to].filter((d): d is DateRef => d !== null),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const first = spans[0];
  const last = spans.at(-1);
  return {
    id: entity.id,
    kind: entity.kind,
    name: entity.name,
    description: entity.description,
    country,
    roles,
    properties,
    facts,
    quotes,
    statements,
    disputes,
    events,
    coverage: {
      sources: dated.length + readerCoverage.sources,
      bundled: dated.length,
      reading: readerCoverage.sources,
      from: first?.date ?? null,
      to: last?.date ?? null,
      fromPrecision: first?.precision ?? null,
      toPrecision: last?.precision ?? null,
    },
  };
}
