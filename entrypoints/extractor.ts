import { EXTRACTOR_GLOBAL } from '@/lib/content/extractor-entry';
import { extractArticle } from '@/lib/extract';

/**
 * The article extractor (`@mozilla/readability` and the page's metadata, lib/extract), loaded by
 * the content script only when an extension page asks for the article: no page pays for it
 * otherwise.
 */
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[EXTRACTOR_GLOBAL] = extractArticle;
});
