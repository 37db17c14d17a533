/**
 * Messages of the reader's own articles (issue 17; extension pages only: every one is `page.*`).
 * Part of the contract in protocol.ts; docs/adr/017-readers-articles.md describes the flow:
 * `page.previewArticle` (the background asks the tab's content script for the article, derives
 * it, keeps the result and answers what would be stored, with a token), then `page.addArticle`
 * with that token once the reader confirms. Nothing is stored without a preview's token.
 */
import * as v from 'valibot';
import type { EntityKind } from '../corpus/schema';
import { DerivedArticle } from '../derive/schema';
import { MAX_NAME_CHARS, MAX_QUOTES, MAX_STATEMENTS } from '../derive/limits';
import type { ExtractionFailure } from '../extract';
import type { ArticleMetadata, CanonicalMethod, DateField } from '../extract/schema';
import { MAX_ENTITY_EVIDENCE, MAX_ENTITY_NAMES } from '../reader/limits';
import { READER_ID_PREFIX, type Derivation, type ReaderSourceRow } from '../reader/rows';
import type { CandidatePerson, DatedStatement, Quote } from '../derive/schema';
import { itemIdSchema } from './shared';

/** One of the reader's ids (`reader-…`): bundled ids are refused before any handler runs. */
const readerId = v.pipe(itemIdSchema, v.startsWith(READER_ID_PREFIX, 'not one of your articles'));
/** Control characters and direction overrides: never part of a name (lib/extract cleans fields of them too). */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const nameText = v.pipe(
  v.string(),
  v.trim(),
  v.nonEmpty('a name cannot be empty'),
  v.maxLength(MAX_NAME_CHARS),
  v.check((s) => !UNPRINTABLE.test(s), 'a name cannot hold control characters'),
  v.check((s) => /\p{L}/u.test(s), 'a name needs letters'),
);

/** A place in one of a preview's lists. */
const previewIndex = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max - 1));

export const readerSchemas = {
  /**
   * Extracts the article of tab `tabId` (its content script, on a copy of the page), derives what
   * would be stored, and keeps it for `page.addArticle`: nothing is stored yet.
   */
  'page.previewArticle': v.strictObject({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  /**
   * Stores the previewed article: the reader confirmed what the preview showed. `hide` lists the
   * quotes and dated statements the reader unchecked, by their place in the preview's lists: they
   * are stored hidden (shown nowhere but in the article's own view, where they can be shown again).
   */
  'page.addArticle': v.strictObject({
    token: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/, 'not a preview token')),
    hide: v.optional(
      v.strictObject({
        quotes: v.pipe(v.array(previewIndex(MAX_QUOTES)), v.maxLength(MAX_QUOTES)),
        statements: v.pipe(v.array(previewIndex(MAX_STATEMENTS)), v.maxLength(MAX_STATEMENTS)),
      }),
    ),
  }),
  /** Every article the reader added, newest first, with its versions and how each metadata field was found. */
  'page.listReaderArticles': v.undefined(),
  /** One version with its text, metadata, derived items (hidden ones flagged) and the article's versions. */
  'page.getReaderSource': v.strictObject({ sourceId: readerId }),
  /** Removes an article: every version, its text, mentions, quotes, statements and search entries. */
  'page.removeReaderArticle': v.strictObject({ articleId: readerId }),
  /**
   * Derives a stored version again from its stored text (the text is never extracted again here:
   * re-extracting from the page is `page.previewArticle`, which makes a new version if the
   * outlet changed it). Items the reader hid stay hidden.
   */
  'page.rederiveReaderSource': v.strictObject({ sourceId: readerId }),
  /**
   * The full derivation of a stored version, with the name library (lib/reader/people-pass.ts runs
   * it in an extension page): replaces its derived items if it is of the very same text.
   */
  'page.completeDerivation': v.strictObject({ sourceId: readerId, derived: DerivedArticle }),
  /** Hides (or shows again) one quote or dated statement of the reader's articles everywhere. */
  'page.setReaderItemHidden': v.strictObject({
    kind: v.picklist(['quote', 'statement']),
    id: readerId,
    hidden: v.boolean(),
  }),
  /** Adds a person offered by an article as an entity: marked on every page from then on. */
  'page.addReaderEntity': v.strictObject({
    name: nameText,
    /** Other names; `ambiguous` ones (a surname others share) link only with evidence on the page. */
    aliases: v.pipe(
      v.array(v.strictObject({ text: nameText, ambiguous: v.boolean() })),
      v.maxLength(MAX_ENTITY_NAMES - 1),
    ),
    /** Whether the full name itself is shared with others (it then links only with evidence). */
    ambiguous: v.optional(v.boolean(), false),
    titles: v.optional(v.pipe(v.array(nameText), v.maxLength(MAX_ENTITY_EVIDENCE)), []),
    topics: v.optional(v.pipe(v.array(nameText), v.maxLength(MAX_ENTITY_EVIDENCE)), []),
    fromSourceId: v.optional(v.nullable(readerId), null),
  }),
  'page.removeReaderEntity': v.strictObject({ entityId: readerId }),
  'page.listReaderEntities': v.undefined(),
  /** How much the reader's articles take, and the browser's own figures for the extension. */
  'page.getReaderStorage': v.undefined(),
  /** Everything the reader added, as one JSON object (the corpus-packs issue defines a pack format later). */
  'page.exportReaderData': v.undefined(),
  /** Removes everything the reader added: articles, people, previews. One transaction. */
  'page.removeAllReaderData': v.undefined(),
} as const;

/** Why no article could be read from a tab: extraction's reasons, and the page's own opt-out. */
export type ExtractRefusal = ExtractionFailure | 'opted-out';
/** Why a preview could not be made. */
export type PreviewRefusal = ExtractRefusal | 'no-content-script' | 'invalid-answer' | 'extraction-failed';

/** How each metadata field was found travels with it (`method` on every field). */
export interface ReaderDisplay {
  /** The headline, else the site's name. */
  title: string;
  /** The publisher the page gives, else its site. */
  outlet: string;
  byline: string | null;
  /** The article's own date (published, else modified), at its precision. */
  date: Pick<DateField, 'date' | 'precision' | 'method'> | null;
}

export interface PreviewQuote extends Pick<Quote, 'kind' | 'text' | 'attribution'> {
  speaker: string | null;
  speakerId: string | null;
  sentence: string;
}

export interface PreviewStatement extends Pick<DatedStatement, 'date' | 'precision' | 'method' | 'note' | 'entityIds'> {
  sentence: string;
  expression: string;
}

/** What adding the previewed text would do. */
export type AddOutcome = 'added' | 'new-version' | 'unchanged';

export interface ArticlePreview {
  canonicalUrl: string;
  canonicalMethod: CanonicalMethod;
  pageUrl: string;
  /** Every field with the method that found it, as extracted. */
  metadata: ArticleMetadata;
  display: ReaderDisplay;
  length: ReaderSourceRow['length'];
  truncated: boolean;
  /** Corpus entities (bundled and the reader's) the text mentions, most first. */
  entities: { id: string; name: string; kind: EntityKind; count: number }[];
  quotes: PreviewQuote[];
  statements: PreviewStatement[];
  /** People the corpus lacks, so far those named beside a speech verb (the name library runs once it is added). */
  people: Pick<CandidatePerson, 'name' | 'forms' | 'count'>[];
  capped: DerivedArticle['capped'];
  /** `unchanged`: this very text is stored already (nothing would be stored); `new-version`: the outlet changed it. */
  outcome: AddOutcome;
  /** The versions already stored for this canonical URL, oldest first. */
  existing: { articleId: string; versions: VersionRef[] } | null;
}

export type PreviewAnswer =
  | { ok: true; token: string; preview: ArticlePreview }
  | { ok: false; reason: PreviewRefusal; message: string };

export interface AddAnswer {
  outcome: AddOutcome;
  articleId: string;
  /** The version now current (the one already stored when `unchanged`). */
  sourceId: string;
  version: number;
  /** Versions of the article stored now. */
  versions: number;
}

export interface VersionRef {
  id: string;
  version: number;
  versionDate: string;
  contentHash: string;
  chars: number;
}

/** A stored version as lists show it: the row without its index-only fields, and what to print. */
export type ReaderSourceSummary = Omit<ReaderSourceRow, 'entityIds' | 'current'> & {
  current: boolean;
  display: ReaderDisplay;
  mentions: { entityId: string; name: string; count: number }[];
  derivation: Derivation;
};

export interface ReaderArticle {
  articleId: string;
  canonicalUrl: string;
  /** The latest version. */
  current: ReaderSourceSummary;
  versions: VersionRef[];
}

export interface ReaderQuoteView extends Quote {
  id: string;
  speakerName: string | null;
  hidden: boolean;
}

export interface ReaderStatementView extends DatedStatement {
  id: string;
  hidden: boolean;
}

export interface ReaderSourceView extends ReaderSourceSummary {
  text: string;
  quotes: ReaderQuoteView[];
  statements: ReaderStatementView[];
  people: CandidatePerson[];
  versions: VersionRef[];
}

export interface ReaderEntitySummary {
  id: string;
  name: string;
  aliases: { text: string; ambiguous: boolean }[];
  addedAt: string;
  fromSourceId: string | null;
}

export interface ReaderStorage {
  articles: number;
  versions: number;
  quotes: number;
  statements: number;
  entities: number;
  /** What the reader's rows take, roughly (their JSON in UTF-16). */
  bytes: number;
  /** The browser's figures for the whole extension (`navigator.storage.estimate()`), when it gives them. */
  usage: number | null;
  quota: number | null;
}

export interface ReaderExport {
  format: 'fact-context-reader-export';
  formatVersion: 1;
  exportedAt: string;
  articles: (Omit<ReaderSourceRow, 'current'> & {
    current: boolean;
    text: string;
    quotes: ReaderQuoteView[];
    statements: ReaderStatementView[];
    people: CandidatePerson[];
  })[];
  entities: ReaderEntitySummary[];
}

export interface ReaderReturns {
  'page.previewArticle': PreviewAnswer;
  'page.addArticle': AddAnswer;
  'page.listReaderArticles': ReaderArticle[];
  'page.getReaderSource': ReaderSourceView;
  'page.removeReaderArticle': { versions: number };
  'page.rederiveReaderSource': ReaderSourceSummary;
  'page.completeDerivation': ReaderSourceSummary;
  'page.setReaderItemHidden': null;
  'page.addReaderEntity': ReaderEntitySummary;
  'page.removeReaderEntity': null;
  'page.listReaderEntities': ReaderEntitySummary[];
  'page.getReaderStorage': ReaderStorage;
  'page.exportReaderData': ReaderExport;
  'page.removeAllReaderData': null;
}
