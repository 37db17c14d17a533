/**
 * What extraction returns: the article's text exactly as extracted and the page's own metadata,
 * each field with the method that found it. The content script produces it on request; the
 * extension page that receives it validates it with `ExtractedArticle` before using anything
 * (the content script runs beside a hostile page), and every string is capped.
 */
import * as v from 'valibot';
import { DATE_PRECISIONS } from '../corpus/schema';
import {
  MAX_AUTHORS,
  MAX_DATE_CHARS,
  MAX_FIELD_CHARS,
  MAX_LANGUAGE_CHARS,
  MAX_TEXT_CHARS,
  MAX_URL_CHARS,
} from './limits';

/**
 * Where a metadata field came from, in the order they are tried:
 * - `json-ld`: the page's schema.org `Article` (or subtype) in JSON-LD;
 * - `open-graph`: `og:*` and `article:*` meta tags;
 * - `citation`: `citation_*` meta tags (Highwire, read by scholarly indexes);
 * - `dublin-core`: `DC.*` / `dcterms.*` meta tags;
 * - `time-element`: a `<time datetime>` of the article;
 * - `url-path`: the date in the URL's path (`/2024/09/11/`);
 * - `readability`: what `@mozilla/readability` found (the page's byline, site name, `<title>`).
 */
export const FIELD_METHODS = [
  'json-ld',
  'open-graph',
  'citation',
  'dublin-core',
  'time-element',
  'url-path',
  'readability',
] as const;
export type FieldMethod = (typeof FIELD_METHODS)[number];

/** How the canonical URL was found: `<link rel=canonical>`, `og:url`, or the page's own URL, cleaned. */
export const CANONICAL_METHODS = ['link-canonical', 'open-graph', 'page-url'] as const;
export type CanonicalMethod = (typeof CANONICAL_METHODS)[number];

const httpUrl = v.pipe(v.string(), v.maxLength(MAX_URL_CHARS), v.url(), v.regex(/^https?:\/\//i, 'must be http(s)'));
const field = v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_FIELD_CHARS));
const method = v.picklist(FIELD_METHODS);

export const TextField = v.strictObject({ value: field, method });
export type TextField = v.InferOutput<typeof TextField>;

export const DateField = v.pipe(
  v.strictObject({
    /** The date as the page wrote it ("2024-09-11T14:03:00-04:00", "/2024/09/11/"). */
    value: v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_DATE_CHARS)),
    date: v.pipe(v.string(), v.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)),
    precision: v.picklist(DATE_PRECISIONS),
    method,
  }),
  v.check(
    (d) => d.date.length === { year: 4, month: 7, day: 10 }[d.precision],
    'the date must have the form of its precision',
  ),
);
export type DateField = v.InferOutput<typeof DateField>;

export const ArticleMetadata = v.strictObject({
  title: v.nullable(TextField),
  published: v.nullable(DateField),
  modified: v.nullable(DateField),
  authors: v.nullable(
    v.strictObject({ value: v.pipe(v.array(field), v.minLength(1), v.maxLength(MAX_AUTHORS)), method }),
  ),
  publisher: v.nullable(TextField),
  /** The page's language tag (`<html lang>`), when it gives one. */
  language: v.nullable(
    v.pipe(v.string(), v.regex(/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/), v.maxLength(MAX_LANGUAGE_CHARS)),
  ),
});
export type ArticleMetadata = v.InferOutput<typeof ArticleMetadata>;

export const ExtractedArticle = v.strictObject({
  /** The page's URL when it was read, without fragment or tracking parameters. */
  pageUrl: httpUrl,
  /** The URL that identifies the article: adding it twice is adding the same article. */
  canonical: v.strictObject({ url: httpUrl, method: v.picklist(CANONICAL_METHODS) }),
  /** Plain text, paragraphs separated by a blank line: stored as is, never edited afterwards. */
  text: v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_TEXT_CHARS)),
  /** Whether the page was longer than `MAX_TEXT_CHARS` and only its first paragraphs were kept. */
  truncated: v.boolean(),
  metadata: ArticleMetadata,
});
export type ExtractedArticle = v.InferOutput<typeof ExtractedArticle>;
