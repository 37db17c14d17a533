/**
 * What the reader's messages answer, built from rows (pure): the preview of an article before it
 * is stored, the summaries of stored versions, the export. Every field keeps the method that found
 * it; every text is the stored text's own characters.
 */
import type { CorpusEntity, CorpusSource } from '../corpus/schema';
import type { CanonicalMethod, FieldMethod } from '../extract/schema';
import type { DerivedArticle } from '../derive/schema';
import type {
  AddOutcome,
  ArticlePreview,
  ReaderDisplay,
  ReaderEntitySummary,
  ReaderSourceSummary,
  ReaderSourceView,
  VersionRef,
} from '../messaging/reader';
import {
  articleDate,
  bylineOf,
  outletOf,
  titleOf,
  versionRows,
  type ReaderEntityRow,
  type ReaderSourceRow,
} from './rows';

/** What a list prints of a version: its headline, outlet, byline and date (with the date's method). */
export function displayOf(source: Pick<ReaderSourceRow, 'metadata' | 'canonicalUrl'>): ReaderDisplay {
  const date = source.metadata.published ?? source.metadata.modified;
  return {
    title: titleOf(source),
    outlet: outletOf(source),
    byline: bylineOf(source),
    date: date ? { date: date.date, precision: date.precision, method: date.method } : null,
  };
}

export function versionRef(s: ReaderSourceRow): VersionRef {
  return {
    id: s.id,
    version: s.version,
    versionDate: s.versionDate,
    contentHash: s.contentHash,
    chars: s.length.chars,
  };
}

type Named = Pick<CorpusEntity, 'id' | 'name' | 'kind'>;

/** What adding a derived text would do, given the versions already stored for its canonical URL. */
export function addOutcome(derived: DerivedArticle, versions: readonly ReaderSourceRow[]): AddOutcome {
  if (!versions.length) return 'added';
  return versions.some((s) => s.contentHash === derived.source.contentHash) ? 'unchanged' : 'new-version';
}

/** The preview the reader confirms: what would be stored, as it would be stored. */
export function previewOf(
  derived: DerivedArticle,
  entities: ReadonlyMap<string, Named>,
  versions: readonly ReaderSourceRow[],
): ArticlePreview {
  const { source } = derived;
  const rows = versionRows(derived, { articleId: 'preview', version: 1, derivation: 'quick' });
  const name = (id: string | null) => (id ? (entities.get(id)?.name ?? null) : null);
  return {
    canonicalUrl: source.canonicalUrl,
    canonicalMethod: source.canonicalMethod,
    pageUrl: source.pageUrl,
    metadata: source.metadata,
    display: displayOf({ metadata: source.metadata, canonicalUrl: source.canonicalUrl }),
    length: rows.source.length,
    truncated: source.truncated,
    entities: derived.mentions.flatMap((m) => {
      const e = entities.get(m.entityId);
      return e ? [{ id: e.id, name: e.name, kind: e.kind, count: m.count }] : [];
    }),
    quotes: derived.quotes.map((q) => ({
      kind: q.kind,
      text: q.text,
      attribution: q.attribution,
      speaker: name(q.speaker?.entityId ?? null) ?? q.speaker?.name ?? null,
      speakerId: q.speaker?.entityId ?? null,
      sentence: q.sentence.text,
    })),
    statements: derived.statements.map((s) => ({
      sentence: s.sentence.text,
      expression: s.expression.text,
      date: s.date,
      precision: s.precision,
      method: s.method,
      note: s.note,
      entityIds: s.entityIds,
    })),
    people: derived.people.map(({ name: n, forms, count }) => ({ name: n, forms, count })),
    capped: derived.capped,
    outcome: addOutcome(derived, versions),
    existing: versions.length ? { articleId: versions[0]!.articleId, versions: versions.map(versionRef) } : null,
  };
}

/** A stored version as lists show it. */
export function summaryOf(s: ReaderSourceRow, names: ReadonlyMap<string, string>): ReaderSourceSummary {
  const { entityIds: _ids, current, ...rest } = s;
  return {
    ...rest,
    current: current === 1,
    display: displayOf(s),
    mentions: s.mentions.map((m) => ({ ...m, name: names.get(m.entityId) ?? m.entityId })),
  };
}

export function entitySummary(e: ReaderEntityRow): ReaderEntitySummary {
  return {
    id: e.id,
    name: e.name,
    aliases: e.aliasDetails.map((a) => ({ text: a.text, ambiguous: a.ambiguous !== null })),
    addedAt: e.addedAt,
    fromSourceId: e.fromSourceId,
  };
}

/** Sorts newest article first: by the article's own date, else the day it was added. */
export function newestArticleFirst(a: ReaderSourceRow, b: ReaderSourceRow): number {
  const da = articleDate(a)?.date ?? a.versionDate;
  const db = articleDate(b)?.date ?? b.versionDate;
  return da < db ? 1 : da > db ? -1 : b.versionDate.localeCompare(a.versionDate);
}

/** How each metadata field was found, in words (previews and the "Your articles" list say it). */
export const FIELD_METHOD_LABELS: Record<FieldMethod, string> = {
  'json-ld': 'the page’s structured data (JSON-LD)',
  'open-graph': 'the page’s Open Graph tags',
  citation: 'the page’s citation tags',
  'dublin-core': 'the page’s Dublin Core tags',
  'time-element': 'a date in the page’s article',
  'url-path': 'the date in the address',
  readability: 'the page’s text (Readability)',
};

export const CANONICAL_METHOD_LABELS: Record<CanonicalMethod, string> = {
  'link-canonical': 'the page’s canonical link',
  'open-graph': 'the page’s Open Graph address',
  'page-url': 'the page’s own address',
};

/** What a date relative to the article's date, or stated, means for a dated statement. */
export const STATEMENT_METHOD_LABELS: Record<'stated' | 'relative', string> = {
  stated: 'date stated in the text',
  relative: 'worked out from the article’s date',
};

/**
 * One of the reader's versions as the reading view shows a source: its stored text, its own date
 * (or, when the page gives none, the day the reader added it, said so).
 */
export function readingSourceOf(
  view: Pick<ReaderSourceView, 'id' | 'metadata' | 'canonicalUrl' | 'versionDate' | 'text' | 'mentions'>,
): CorpusSource {
  const date = articleDate(view);
  const day = date ?? { date: view.versionDate.slice(0, 10), precision: 'day' as const };
  return {
    id: view.id,
    seed: null,
    title: titleOf(view),
    titleKind: view.metadata.title ? 'headline' : 'editorial',
    publisher: outletOf(view),
    publisherEvidence: null,
    publisherNote: null,
    author: bylineOf(view),
    authorEvidence: null,
    date: day.date,
    datePrecision: day.precision,
    publishedAt: day.date,
    dateMethod: date ? 'stated' : 'outside-fact',
    dateNote: null,
    outsideFact: date ? null : 'the page gives no date: this is the day you added it',
    datingEvidence: [],
    position: { stance: 'unclear', summary: '', quote: '' },
    entityIds: view.mentions.map((m) => m.entityId),
    text: view.text,
  };
}
