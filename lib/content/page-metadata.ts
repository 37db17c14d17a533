/**
 * What a page says about itself in its metadata: the names and subjects its JSON-LD gives
 * (`about`, `mentions`, `keywords`, `headline`; never `author`, `publisher` or any other party to
 * the page), its `article:tag`, `news_keywords` and `keywords` meta, its headline (og:title or
 * title) and its language. The linker takes these as evidence of who a bare surname means on the
 * page; nothing here is ever marked. Read once per page, bounded in every direction: a page's
 * metadata is a handful of short strings, and a hostile page's is no more than that to us.
 */
import type { PageMetadata } from '../match/link';

/** JSON-LD blocks read: news pages have one to three; more are widgets' and ads'. */
export const MAX_JSON_LD_SCRIPTS = 10;
/** Characters of one JSON-LD block parsed: a NewsArticle with its body is well under this. */
export const MAX_JSON_LD_CHARS = 200_000;
/** Nesting followed into JSON-LD (@graph, mainEntity, arrays, about's objects). */
const MAX_JSON_DEPTH = 6;
/** Texts kept in all, and characters in each: keywords lists are short; a whole body is not metadata. */
export const MAX_METADATA_TEXTS = 200;
export const MAX_METADATA_TEXT_CHARS = 300;

/** JSON-LD properties that name what the page is about. */
const SUBJECT_KEYS = ['about', 'mentions', 'keywords', 'headline', 'alternativeHeadline'] as const;
/** Where a JSON-LD document nests its article. Parties to the page (author, publisher...) are never followed. */
const CONTAINER_KEYS = ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement', 'item'] as const;

const META_LISTS = ['meta[name="news_keywords" i]', 'meta[name="keywords" i]', 'meta[property="article:tag" i]'];
const META_HEADLINES = ['meta[property="og:title" i]', 'meta[name="twitter:title" i]'];

export function readPageMetadata(doc: Document): PageMetadata {
  const texts: string[] = [];
  const add = (value: unknown) => {
    if (typeof value !== 'string' || texts.length >= MAX_METADATA_TEXTS) return;
    const text = value.replace(/\s+/g, ' ').trim().slice(0, MAX_METADATA_TEXT_CHARS);
    if (text) texts.push(text);
  };
  const addList = (value: string | null | undefined) => value?.split(/[,;|]/).forEach(add);
  let language: string | null = doc.documentElement?.getAttribute('lang')?.trim() || null;

  for (const selector of META_LISTS)
    for (const meta of Array.from(doc.querySelectorAll(selector)).slice(0, MAX_METADATA_TEXTS))
      addList(meta.getAttribute('content'));
  const headline = META_HEADLINES.map((s) => doc.querySelector(s)?.getAttribute('content')).find((c) => c?.trim());
  add(headline ?? doc.title);

  const visit = (value: unknown, depth: number, subject: boolean) => {
    if (depth > MAX_JSON_DEPTH || texts.length >= MAX_METADATA_TEXTS || value === null) return;
    if (typeof value === 'string') {
      if (subject) addList(value);
      return;
    }
    if (typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value.slice(0, MAX_METADATA_TEXTS)) visit(v, depth + 1, subject);
      return;
    }
    const record = value as Record<string, unknown>;
    if (subject) {
      // A Thing named as a subject: its names count, not its other properties.
      add(record.name);
      visit(record.alternateName, depth + 1, true);
      return;
    }
    if (!language && typeof record.inLanguage === 'string') language = record.inLanguage;
    for (const key of SUBJECT_KEYS) visit(record[key], depth + 1, true);
    for (const key of CONTAINER_KEYS) visit(record[key], depth + 1, false);
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json" i]')).slice(
    0,
    MAX_JSON_LD_SCRIPTS,
  )) {
    const source = script.textContent ?? '';
    if (source.length > MAX_JSON_LD_CHARS) continue;
    try {
      visit(JSON.parse(source) as unknown, 0, false);
    } catch {
      // A page's broken JSON-LD is its own business.
    }
  }
  return { texts, language };
}
