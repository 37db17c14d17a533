/**
 * Extraction of an article from a document: its text with `@mozilla/readability` and its metadata
 * from the page's own data. Run on a copy of the page (`document.cloneNode(true)`), never the live
 * page: Readability rewrites the document it reads. Loaded only when an extension page asks for
 * the article (docs/adr/016-reader-articles.md).
 */
import { Readability } from '@mozilla/readability';
import * as v from 'valibot';
import { MAX_ELEMENTS, MIN_ARTICLE_CHARS } from './limits';
import { metadataFrom, readPageData } from './metadata';
import { ExtractedArticle } from './schema';
import { articleText } from './text';
import { cleanUrl } from './url';

export type { ExtractedArticle } from './schema';

/** Why no article came out of a page. */
export type ExtractionFailure =
  /** The page is not an http(s) page (a file, an extension page, a data: URL). */
  | 'not-a-web-page'
  /** Readability found no article (a home page, a search page, too little text). */
  | 'no-article'
  /** More elements than `MAX_ELEMENTS`: reading it would hold the page too long. */
  | 'too-large';

export type ExtractionResult = { ok: true; article: ExtractedArticle } | { ok: false; reason: ExtractionFailure };

export interface ExtractOptions {
  /** The page's URL (`location.href` of the live page: a clone's own URL may be lost). */
  url: string;
  /** Dates later than a year after this are not dates of a published article. */
  now?: Date;
}

export function extractArticle(doc: Document, options: ExtractOptions): ExtractionResult {
  const pageUrl = cleanUrl(options.url);
  if (!pageUrl) return { ok: false, reason: 'not-a-web-page' };
  const now = options.now ?? new Date();
  // Read the page's own data first: Readability removes scripts (JSON-LD) and rewrites the body.
  const page = readPageData(doc, pageUrl);
  let parsed;
  try {
    parsed = new Readability<Node>(doc, {
      maxElemsToParse: MAX_ELEMENTS,
      serializer: (node) => node,
      // JSON-LD is read above, by our rules; Readability's own reading would only repeat it.
      disableJSONLD: true,
    }).parse();
  } catch (error) {
    // Readability throws on a document over `maxElemsToParse`; anything else it throws on is no article.
    return { ok: false, reason: String(error).includes('Aborting parsing') ? 'too-large' : 'no-article' };
  }
  if (!parsed?.content) return { ok: false, reason: 'no-article' };
  const { text, truncated } = articleText(parsed.content);
  // Readability returns its best attempt even on a page of links; too little text is no article.
  if (text.length < MIN_ARTICLE_CHARS) return { ok: false, reason: 'no-article' };
  const metadata = metadataFrom(page, pageUrl, parsed, now);
  const article = v.parse(ExtractedArticle, { pageUrl, canonical: page.canonical, text, truncated, metadata });
  return { ok: true, article };
}
