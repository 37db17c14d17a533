/**
 * The article a page describes in its JSON-LD (schema.org `Article` and its subtypes, at the top,
 * in an array, inside `@graph` or a `WebPage`'s `mainEntity`), with `@id` references resolved.
 * Every block is untrusted: read within limits, broken JSON skipped, only strings kept.
 */
import { MAX_JSON_LD_CHARS, MAX_JSON_LD_DEPTH, MAX_JSON_LD_NODES, MAX_JSON_LD_SCRIPTS, MAX_AUTHORS } from './limits';

/** schema.org's `Article` and every type under it (https://schema.org/Article, "More specific Types"). */
const NEWS_TYPES = new Set([
  'NewsArticle',
  'AnalysisNewsArticle',
  'AskPublicNewsArticle',
  'BackgroundNewsArticle',
  'OpinionNewsArticle',
  'ReportageNewsArticle',
  'ReviewNewsArticle',
]);
const ARTICLE_TYPES = new Set([
  ...NEWS_TYPES,
  'Article',
  'AdvertiserContentArticle',
  'Report',
  'SatiricalArticle',
  'ScholarlyArticle',
  'MedicalScholarlyArticle',
  'SocialMediaPosting',
  'BlogPosting',
  'LiveBlogPosting',
  'DiscussionForumPosting',
  'TechArticle',
  'APIReference',
]);

export interface JsonLdArticle {
  headline: string | null;
  datePublished: string | null;
  dateModified: string | null;
  authors: string[];
  publisher: string | null;
  url: string | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(x: Json | undefined): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A type name without its vocabulary: "https://schema.org/NewsArticle" and "schema:NewsArticle" are "NewsArticle". */
function typeNames(node: JsonObject): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.flatMap((x) => (typeof x === 'string' ? [x.replace(/^.*[/:#]/, '')] : []));
}

/** Every object in the blocks, depth-first in document order, bounded in count and depth. */
function walk(roots: Json[]): JsonObject[] {
  const out: JsonObject[] = [];
  const stack: { node: Json; depth: number }[] = roots.map((node) => ({ node, depth: 0 })).reverse();
  let visited = 0;
  while (stack.length && visited < MAX_JSON_LD_NODES) {
    const { node, depth } = stack.pop()!;
    visited++;
    if (depth > MAX_JSON_LD_DEPTH) continue;
    const children: Json[] = [];
    if (Array.isArray(node)) children.push(...node);
    else if (isObject(node)) {
      out.push(node);
      for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement', 'hasPart']) {
        const v = node[key];
        if (v !== undefined) children.push(v);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: depth + 1 });
  }
  return out;
}

function text(x: Json | undefined): string | null {
  if (typeof x === 'string') return x;
  if (Array.isArray(x)) return text(x[0]);
  return null;
}

/** A name from a string, a `Person`/`Organization` object or a reference to one. */
function nameOf(x: Json | undefined, ids: Map<string, JsonObject>): string | null {
  if (typeof x === 'string') return x;
  if (!isObject(x)) return null;
  const ref = typeof x['@id'] === 'string' ? ids.get(x['@id']) : undefined;
  const node = ref && ref !== x ? { ...ref, ...x } : x;
  return text(node['name']) ?? text(node['legalName']) ?? text(node['alternateName']);
}

function names(x: Json | undefined, ids: Map<string, JsonObject>): string[] {
  const list = Array.isArray(x) ? x : x === undefined ? [] : [x];
  return list
    .slice(0, MAX_AUTHORS)
    .map((a) => nameOf(a, ids))
    .filter((n): n is string => n !== null);
}

/** The text of every JSON-LD block of the document, within the limits. */
export function jsonLdBlocks(doc: Document): string[] {
  const scripts = Array.from(doc.querySelectorAll('script[type]')).filter((s) =>
    /^application\/ld\+json\s*(;|$)/i.test(s.getAttribute('type') ?? ''),
  );
  return scripts
    .slice(0, MAX_JSON_LD_SCRIPTS)
    .map((s) => s.textContent ?? '')
    .filter((t) => t.length <= MAX_JSON_LD_CHARS);
}

/**
 * The article the blocks describe: a `NewsArticle` family type first, else any `Article` type,
 * the first in document order. Null when none.
 */
export function readJsonLd(blocks: readonly string[]): JsonLdArticle | null {
  const roots: Json[] = [];
  for (const block of blocks) {
    try {
      // Some CMSs wrap the JSON in an HTML comment or CDATA.
      roots.push(JSON.parse(block.replace(/^\s*(<!--|\/\/<!\[CDATA\[)|(-->|\/\/\]\]>)\s*$/g, '')) as Json);
    } catch {
      // Broken JSON says nothing; the next source of metadata will.
    }
  }
  const nodes = walk(roots);
  const ids = new Map<string, JsonObject>();
  for (const n of nodes) if (typeof n['@id'] === 'string' && !ids.has(n['@id'])) ids.set(n['@id'], n);
  const article =
    nodes.find((n) => typeNames(n).some((t) => NEWS_TYPES.has(t))) ??
    nodes.find((n) => typeNames(n).some((t) => ARTICLE_TYPES.has(t)));
  if (!article) return null;
  const publisher = article['publisher'];
  return {
    headline: text(article['headline']) ?? text(article['name']),
    datePublished: text(article['datePublished']) ?? text(article['dateCreated']),
    dateModified: text(article['dateModified']),
    authors: names(article['author'] ?? article['creator'], ids),
    publisher: Array.isArray(publisher) ? nameOf(publisher[0], ids) : nameOf(publisher, ids),
    url: text(article['url']),
  };
}
