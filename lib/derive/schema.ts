/**
 * What is derived from a reader's article, validated and capped before anything stores it. Every
 * item keeps its sentence and its offsets in the stored text: `text.slice(start, end)` is the item,
 * character for character.
 */
import * as v from 'valibot';
import { DATE_PRECISIONS, ID_PATTERN } from '../corpus/schema';
import { ArticleMetadata, CANONICAL_METHODS } from '../extract/schema';
import { MAX_TEXT_CHARS, MAX_URL_CHARS } from '../extract/limits';
import {
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
import { ATTRIBUTIONS, QUOTE_KINDS } from './quotes';

const offset = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_TEXT_CHARS));
const entityId = v.pipe(v.string(), v.maxLength(200), v.regex(ID_PATTERN));
const range = { start: offset, end: offset };
const Range = v.strictObject(range);
/** A sentence of the stored text, verbatim, with its offsets. */
const SentenceRef = v.strictObject({
  text: v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_SENTENCE_CHARS)),
  ...range,
});

export const Source = v.strictObject({
  canonicalUrl: v.pipe(v.string(), v.maxLength(MAX_URL_CHARS), v.url()),
  canonicalMethod: v.picklist(CANONICAL_METHODS),
  pageUrl: v.pipe(v.string(), v.maxLength(MAX_URL_CHARS), v.url()),
  text: v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_TEXT_CHARS)),
  truncated: v.boolean(),
  /** SHA-256 of the text, hex: the same text is the same version; a changed one is a new version. */
  contentHash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  /** When this version was read (the reader's addition), ISO 8601. */
  versionDate: v.pipe(v.string(), v.isoTimestamp()),
  metadata: ArticleMetadata,
});
export type Source = v.InferOutput<typeof Source>;

export const Mention = v.strictObject({
  entityId,
  /** Every link in the text, counted even past the offsets kept. */
  count: v.pipe(v.number(), v.integer(), v.minValue(1)),
  occurrences: v.pipe(v.array(v.strictObject({ ...range, sentence: Range })), v.maxLength(MAX_OCCURRENCES)),
});
export type Mention = v.InferOutput<typeof Mention>;

export const Quote = v.strictObject({
  kind: v.picklist(QUOTE_KINDS),
  text: v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_QUOTE_CHARS)),
  ...range,
  speaker: v.nullable(
    v.strictObject({
      entityId: v.nullable(entityId),
      name: v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_NAME_CHARS)),
    }),
  ),
  attribution: v.picklist(ATTRIBUTIONS),
  note: v.nullable(v.pipe(v.string(), v.maxLength(MAX_NAME_CHARS * 3))),
  /** The attribution phrase in the text ("U.K. Foreign Secretary David Lammy said"). */
  cue: v.nullable(Range),
  sentence: SentenceRef,
});
export type Quote = v.InferOutput<typeof Quote>;

export const DatedStatement = v.strictObject({
  sentence: SentenceRef,
  entityIds: v.pipe(v.array(entityId), v.minLength(1), v.maxLength(MAX_MENTIONED_ENTITIES)),
  /** The date expression as written ("on Tuesday"), with its offsets. */
  expression: v.strictObject({ text: v.pipe(v.string(), v.nonEmpty(), v.maxLength(200)), ...range }),
  date: v.pipe(v.string(), v.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)),
  precision: v.picklist(DATE_PRECISIONS),
  method: v.picklist(['stated', 'relative']),
  note: v.nullable(v.pipe(v.string(), v.maxLength(400))),
});
export type DatedStatement = v.InferOutput<typeof DatedStatement>;

export const CandidatePerson = v.strictObject({
  /** The fullest form the article writes ("Dmitry Peskov"). */
  name: v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_NAME_CHARS)),
  /** Every form it writes ("Dmitry Peskov", "Peskov"). */
  forms: v.pipe(
    v.array(v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_NAME_CHARS))),
    v.minLength(1),
    v.maxLength(20),
  ),
  count: v.pipe(v.number(), v.integer(), v.minValue(1)),
  mentions: v.pipe(
    v.array(v.strictObject({ ...range, sentence: Range })),
    v.minLength(1),
    v.maxLength(MAX_PERSON_MENTIONS),
  ),
});
export type CandidatePerson = v.InferOutput<typeof CandidatePerson>;

export const DerivedArticle = v.strictObject({
  source: Source,
  mentions: v.pipe(v.array(Mention), v.maxLength(MAX_MENTIONED_ENTITIES)),
  quotes: v.pipe(v.array(Quote), v.maxLength(MAX_QUOTES)),
  statements: v.pipe(v.array(DatedStatement), v.maxLength(MAX_STATEMENTS)),
  /** People the article names that the corpus lacks: offered to the reader, never added. */
  people: v.pipe(v.array(CandidatePerson), v.maxLength(MAX_PEOPLE)),
  /** Which lists a limit cut short (the page had more than we keep). */
  capped: v.strictObject({ quotes: v.boolean(), statements: v.boolean(), people: v.boolean() }),
});
export type DerivedArticle = v.InferOutput<typeof DerivedArticle>;
