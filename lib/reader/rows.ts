/**
 * The reader's own articles as the database keeps them (docs/adr/017-readers-articles.md), and how
 * a validated `DerivedArticle` becomes rows. Pure: no database here (lib/db/reader.ts writes them).
 *
 * An *article* is what one canonical URL identifies; each text the reader added for it is a
 * *version* (a source of its own, `readerSources`), the latest one `current`. Cards, search and
 * the timeline show current versions only; older ones stay readable, never overwritten.
 */
import type { CorpusEntity, DatePrecision } from '../corpus/schema';
import type { DerivedArticle, DatedStatement, Mention, Quote, CandidatePerson } from '../derive/schema';
import type { ArticleMetadata, CanonicalMethod, DateField } from '../extract/schema';

/** Every id of the reader's data starts with this (bundled ids never do: the corpus check refuses them). */
export const READER_ID_PREFIX = 'reader-';
/** Hex digits of the canonical URL's SHA-256 in an article's id: 64 bits, no collision in a reader's lifetime. */
const ARTICLE_ID_HEX = 16;

/** Whether an id names one of the reader's articles, versions, items or people (not the bundled corpus). */
export function isReaderId(id: string): boolean {
  return id.startsWith(READER_ID_PREFIX);
}

/** How far the derivation of a stored version went: without the name library (quick) or with it (full). */
export type Derivation = 'quick' | 'full';

/** One version of an article the reader added: what lists and cards read (its text is in `ReaderTextRow`). */
export interface ReaderSourceRow {
  /** `reader-<article hash>-v<version>`. */
  id: string;
  /** `reader-<article hash>`: the same for every version of one canonical URL. */
  articleId: string;
  /** 1 for the first text added, then 2, 3… for each changed text. */
  version: number;
  /** 1 for the article's latest version, 0 for the older ones (an index: IndexedDB indexes no booleans). */
  current: 0 | 1;
  canonicalUrl: string;
  canonicalMethod: CanonicalMethod;
  pageUrl: string;
  /** SHA-256 of the text: the same text is the same version. */
  contentHash: string;
  /** When the reader added this version (ISO 8601). */
  versionDate: string;
  metadata: ArticleMetadata;
  truncated: boolean;
  /** Length of the text: characters, words, paragraphs. */
  length: { chars: number; words: number; paragraphs: number };
  /** Entities the text mentions (an index: cards count the articles about an entity). */
  entityIds: string[];
  /** How often each is mentioned, most first. */
  mentions: { entityId: string; count: number }[];
  quoteCount: number;
  statementCount: number;
  peopleCount: number;
  /** Quotes and statements the reader hid. */
  hiddenCount: number;
  capped: DerivedArticle['capped'];
  derivation: Derivation;
}

/** A version's text and the larger derived lists nobody but its own views reads. */
export interface ReaderTextRow {
  id: string;
  /** Exactly as extracted; never edited. */
  text: string;
  /** Every mention with its offsets. */
  mentions: Mention[];
  /** People the article names that the corpus lacks: offered, never added. */
  people: CandidatePerson[];
}

/** A quote of a reader's article, verbatim (`text` is `sourceText.slice(start, end)`). */
export interface ReaderQuoteRow extends Quote {
  id: string;
  sourceId: string;
  articleId: string;
  /** The speaker's entity (bundled or the reader's), else null (an index: null is not indexed). */
  speakerId: string | null;
  /** Without a speaker entity: the speaker's name as written, folded (`nameKey`), else null (an index). */
  speakerKey: string | null;
  /** The reader hid it: it stays stored, and shows nowhere but in its article's own view. */
  hidden: boolean;
}

/** A dated statement of a reader's article: a sentence that names an entity and a date. */
export interface ReaderStatementRow extends DatedStatement {
  id: string;
  sourceId: string;
  articleId: string;
  hidden: boolean;
}

/** A person the reader added from an article's offers: an entity like the bundled ones, with no facts of its own. */
export interface ReaderEntityRow extends CorpusEntity {
  /** When the reader added it (ISO 8601). */
  addedAt: string;
  /** The version whose offer it came from, if any. */
  fromSourceId: string | null;
}

/** A derived article waiting for the reader's confirmation (`page.addArticle` with its token). */
export interface ReaderPreviewRow {
  /** Random, 128 bits, hex: only the extension page that asked for the preview knows it. */
  token: string;
  createdAt: number;
  derived: DerivedArticle;
}

/** The rows one version of an article becomes. */
export interface VersionRows {
  source: ReaderSourceRow;
  text: ReaderTextRow;
  quotes: ReaderQuoteRow[];
  statements: ReaderStatementRow[];
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The article id of a canonical URL. */
export async function articleIdOf(canonicalUrl: string): Promise<string> {
  return `${READER_ID_PREFIX}${(await sha256Hex(canonicalUrl)).slice(0, ARTICLE_ID_HEX)}`;
}

export function versionId(articleId: string, version: number): string {
  return `${articleId}-v${version}`;
}

/** A quote's id: its version and offsets (stable when the same text is derived again, so hiding survives it). */
export function quoteId(sourceId: string, q: Pick<Quote, 'kind' | 'start' | 'end'>): string {
  return `${sourceId}-${q.kind === 'direct' ? 'q' : 'r'}${q.start}-${q.end}`;
}

export function statementId(sourceId: string, s: Pick<DatedStatement, 'sentence' | 'expression'>): string {
  return `${sourceId}-s${s.sentence.start}-${s.expression.start}`;
}

/** A person's name folded for comparison: compatibility forms, case and runs of spaces do not count. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * The rows of one version. `hidden` holds the ids of items the reader hid in an earlier
 * derivation of the same text: they stay hidden.
 */
export function versionRows(
  derived: DerivedArticle,
  at: {
    articleId: string;
    version: number;
    derivation: Derivation;
    hidden?: ReadonlySet<string>;
    /** Whether it is the article's latest version (a new version is). */
    current?: boolean;
  },
): VersionRows {
  const { articleId, version } = at;
  const id = versionId(articleId, version);
  const { source } = derived;
  const hidden = at.hidden ?? new Set<string>();
  const quotes = derived.quotes.map((q): ReaderQuoteRow => {
    const qid = quoteId(id, q);
    const speakerId = q.speaker?.entityId ?? null;
    return {
      ...q,
      id: qid,
      sourceId: id,
      articleId,
      speakerId,
      speakerKey: !speakerId && q.speaker ? nameKey(q.speaker.name) : null,
      hidden: hidden.has(qid),
    };
  });
  const statements = derived.statements.map((s): ReaderStatementRow => {
    const sid = statementId(id, s);
    return { ...s, id: sid, sourceId: id, articleId, hidden: hidden.has(sid) };
  });
  return {
    source: {
      id,
      articleId,
      version,
      current: at.current === false ? 0 : 1,
      canonicalUrl: source.canonicalUrl,
      canonicalMethod: source.canonicalMethod,
      pageUrl: source.pageUrl,
      contentHash: source.contentHash,
      versionDate: source.versionDate,
      metadata: source.metadata,
      truncated: source.truncated,
      length: {
        chars: source.text.length,
        words: wordCount(source.text),
        paragraphs: source.text.split(/\n\s*\n/).filter((p) => p.trim()).length,
      },
      entityIds: derived.mentions.map((m) => m.entityId),
      mentions: derived.mentions.map(({ entityId, count }) => ({ entityId, count })),
      quoteCount: quotes.length,
      statementCount: statements.length,
      peopleCount: derived.people.length,
      hiddenCount: quotes.filter((q) => q.hidden).length + statements.filter((s) => s.hidden).length,
      capped: derived.capped,
      derivation: at.derivation,
    },
    text: { id, text: source.text, mentions: derived.mentions, people: derived.people },
    quotes,
    statements,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** The article's headline, else its site's name (never empty). */
export function titleOf(source: Pick<ReaderSourceRow, 'metadata' | 'canonicalUrl'>): string {
  return source.metadata.title?.value ?? hostOf(source.canonicalUrl);
}

/** The outlet, as citations name it: the publisher the page gives, else its site. */
export function outletOf(source: Pick<ReaderSourceRow, 'metadata' | 'canonicalUrl'>): string {
  return source.metadata.publisher?.value ?? hostOf(source.canonicalUrl);
}

/** The article's own date (published, else modified), or null when the page gives none. */
export function articleDate(source: Pick<ReaderSourceRow, 'metadata'>): Pick<DateField, 'date' | 'precision'> | null {
  const d = source.metadata.published ?? source.metadata.modified;
  return d ? { date: d.date, precision: d.precision } : null;
}

/** Its authors as one line ("Ana Example and Ben Sample"), or null. */
export function bylineOf(source: Pick<ReaderSourceRow, 'metadata'>): string | null {
  const names = source.metadata.authors?.value;
  if (!names?.length) return null;
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The date a reader's item is placed at in lists sorted by date: the article's, else the day it was added. */
export function sortDate(source: Pick<ReaderSourceRow, 'metadata' | 'versionDate'>): {
  date: string;
  precision: DatePrecision;
} {
  return articleDate(source) ?? { date: source.versionDate.slice(0, 10), precision: 'day' };
}
