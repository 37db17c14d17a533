/**
 * The article's metadata from the page's own data, each field from the first source that has it,
 * in this order: JSON-LD, Open Graph / `article:*`, `citation_*`, Dublin Core, `<time datetime>`,
 * the URL's date path, and last what Readability found. Every value is cleaned (control and
 * direction-override characters out, whitespace collapsed), capped, and kept as text: markup in a
 * field stays characters, never becomes markup.
 */
import { readJsonLd, jsonLdBlocks, type JsonLdArticle } from './json-ld';
import { readPageDate } from './dates';
import { MAX_AUTHORS, MAX_DATE_CHARS, MAX_FIELD_CHARS, MAX_LANGUAGE_CHARS, MAX_META_TAGS } from './limits';
import type { ArticleMetadata, CanonicalMethod, DateField, FieldMethod, TextField } from './schema';
import { cleanUrl, sameSite, urlDate } from './url';

/** What Readability found, the last source tried. */
export interface ReadabilityMetadata {
  title?: string | null | undefined;
  byline?: string | null | undefined;
  siteName?: string | null | undefined;
  publishedTime?: string | null | undefined;
  lang?: string | null | undefined;
}

/** C0 and C1 controls, and the characters that reorder text for display (a spoofing tool). */
const UNSAFE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A field's text: unsafe characters out, whitespace collapsed, cut at the limit; null when empty. */
export function cleanField(raw: string | null | undefined, max = MAX_FIELD_CHARS): string | null {
  if (typeof raw !== 'string') return null;
  // Cut a generous prefix first: the rest of a megabyte-long field is never read.
  const value = raw
    .slice(0, max * 4)
    .replace(UNSAFE_CHARS, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!value) return null;
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max).trimEnd();
}

/** Meta tags by lower-cased `property`, `name` or `itemprop`, each with its values in document order. */
function metaTags(doc: Document): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const metas = doc.getElementsByTagName('meta');
  for (let i = 0; i < metas.length && i < MAX_META_TAGS; i++) {
    const m = metas[i]!;
    const content = m.getAttribute('content');
    if (content === null) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      // `property` may list several names ("og:title twitter:title").
      for (const key of (m.getAttribute(attr) ?? '').toLowerCase().split(/\s+/)) {
        if (!key) continue;
        const list = out.get(key) ?? [];
        list.push(content);
        out.set(key, list);
      }
    }
  }
  return out;
}

type Candidate<T> = { value: T | null | undefined; method: FieldMethod };

function firstText(candidates: Candidate<string>[]): TextField | null {
  for (const c of candidates) {
    const value = cleanField(c.value);
    if (value) return { value, method: c.method };
  }
  return null;
}

function firstDate(candidates: Candidate<string>[], now: Date): DateField | null {
  for (const c of candidates) {
    const value = cleanField(c.value, MAX_DATE_CHARS);
    const date = value && readPageDate(value, now);
    if (value && date) return { value, ...date, method: c.method };
  }
  return null;
}

/** A name is not a URL: `article:author` often holds the author's profile page. */
function personName(raw: string): string | null {
  const value = cleanField(raw);
  return value && !/^(https?:)?\/\/|^www\./i.test(value) ? value : null;
}

function firstNames(candidates: Candidate<string[]>[]): ArticleMetadata['authors'] {
  for (const c of candidates) {
    const names = [...new Set((c.value ?? []).map(personName).filter((n): n is string => n !== null))];
    if (names.length) return { value: names.slice(0, MAX_AUTHORS), method: c.method };
  }
  return null;
}

/**
 * Parts of a page whose times date other things: navigation, asides, footers, list items (lists
 * of other stories), comments, and the containers outlets give their recommendation lists.
 */
const ELSEWHERE = [
  'nav',
  'aside',
  'footer',
  'li',
  '[role="complementary"]',
  ...['comment', 'related', 'recommend', 'promo', 'trending', 'popular', 'more-stories', 'newsletter'].flatMap((w) => [
    `[class*="${w}" i]`,
    `[id*="${w}" i]`,
  ]),
].join(', ');

/**
 * The `<time datetime>` that dates the article: one marked as its publication date first, then
 * the first inside the article's element (`<article>`, `<main>`), then the first on the page
 * outside navigation, asides and comments (which date other things).
 */
function timeElement(doc: Document): string | null {
  const times = Array.from(doc.querySelectorAll('time[datetime]')).slice(0, MAX_META_TAGS);
  const elsewhere = (t: Element) => t.closest(ELSEWHERE) !== null;
  const marked = times.find((t) => t.matches('[itemprop~="datePublished"], [pubdate]'));
  const inArticle = times.find((t) => t.closest('article, main, [role="main"]') && !elsewhere(t));
  const first = times.find((t) => !elsewhere(t));
  return (marked ?? inArticle ?? first)?.getAttribute('datetime') ?? null;
}

export interface CanonicalUrl {
  url: string;
  method: CanonicalMethod;
}

/**
 * The URL that identifies the article: `<link rel=canonical>`, else `og:url`, else the page's URL
 * without fragment and tracking parameters. A claimed URL counts only on the page's own site.
 */
export function canonicalUrl(doc: Document, pageUrl: string, metas: Map<string, string[]>): CanonicalUrl {
  const link = Array.from(doc.querySelectorAll('link[rel][href]')).find((l) =>
    (l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
  );
  const claims: [string | null | undefined, CanonicalMethod][] = [
    [link?.getAttribute('href'), 'link-canonical'],
    [metas.get('og:url')?.[0], 'open-graph'],
  ];
  for (const [raw, method] of claims) {
    const url = raw ? cleanUrl(raw, pageUrl) : null;
    if (url && sameSite(url, pageUrl)) return { url, method };
  }
  return { url: pageUrl, method: 'page-url' };
}

/** Everything but Readability's findings, read before Readability runs (it rewrites the document). */
export interface PageData {
  jsonLd: JsonLdArticle | null;
  metas: Map<string, string[]>;
  time: string | null;
  canonical: CanonicalUrl;
  language: string | null;
}

export function readPageData(doc: Document, pageUrl: string): PageData {
  const metas = metaTags(doc);
  return {
    jsonLd: readJsonLd(jsonLdBlocks(doc)),
    metas,
    time: timeElement(doc),
    canonical: canonicalUrl(doc, pageUrl, metas),
    language: doc.documentElement?.getAttribute('lang') ?? null,
  };
}

function language(raw: string | null | undefined): string | null {
  const value = cleanField(raw, MAX_LANGUAGE_CHARS);
  return value && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(value) ? value : null;
}

/** The metadata by the precedence above. `now` bounds the dates a page may claim. */
export function metadataFrom(
  page: PageData,
  pageUrl: string,
  readability: ReadabilityMetadata,
  now: Date,
): ArticleMetadata {
  const { jsonLd: ld, metas } = page;
  const meta = (...keys: string[]) => {
    for (const k of keys) {
      const v = metas.get(k)?.find((x) => x.trim());
      if (v) return v;
    }
    return null;
  };
  const metaAll = (...keys: string[]) => keys.flatMap((k) => metas.get(k) ?? []);
  const fromUrl = urlDate(page.canonical.url, now) ?? urlDate(pageUrl, now);
  const dc = (...names: string[]) => meta(...names.flatMap((n) => [`dc.${n}`, `dcterms.${n}`]));
  const published = firstDate(
    [
      { value: ld?.datePublished, method: 'json-ld' },
      { value: meta('article:published_time', 'og:published_time'), method: 'open-graph' },
      { value: meta('citation_publication_date', 'citation_date', 'citation_online_date'), method: 'citation' },
      { value: dc('date.issued', 'issued', 'date', 'created', 'date.created'), method: 'dublin-core' },
      { value: page.time, method: 'time-element' },
    ],
    now,
  );
  return {
    title: firstText([
      { value: ld?.headline, method: 'json-ld' },
      { value: meta('og:title'), method: 'open-graph' },
      { value: meta('citation_title'), method: 'citation' },
      { value: dc('title'), method: 'dublin-core' },
      { value: readability.title, method: 'readability' },
    ]),
    published:
      published ??
      (fromUrl ? { value: fromUrl.raw, date: fromUrl.date, precision: fromUrl.precision, method: 'url-path' } : null) ??
      firstDate([{ value: readability.publishedTime, method: 'readability' }], now),
    modified: firstDate(
      [
        { value: ld?.dateModified, method: 'json-ld' },
        { value: meta('article:modified_time', 'og:updated_time'), method: 'open-graph' },
        { value: dc('date.modified', 'modified'), method: 'dublin-core' },
      ],
      now,
    ),
    authors: firstNames([
      { value: ld?.authors, method: 'json-ld' },
      { value: metaAll('article:author'), method: 'open-graph' },
      { value: metaAll('citation_author'), method: 'citation' },
      { value: metaAll('dc.creator', 'dcterms.creator'), method: 'dublin-core' },
      { value: readability.byline ? [readability.byline] : [], method: 'readability' },
    ]),
    publisher: firstText([
      { value: ld?.publisher, method: 'json-ld' },
      { value: meta('og:site_name'), method: 'open-graph' },
      { value: meta('citation_publisher'), method: 'citation' },
      { value: dc('publisher'), method: 'dublin-core' },
      { value: readability.siteName, method: 'readability' },
    ]),
    language: language(page.language) ?? language(readability.lang),
  };
}
