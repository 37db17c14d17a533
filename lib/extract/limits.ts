/**
 * How much of a page extraction keeps, each limit with its reason. The page is hostile: it can
 * hand us megabytes in one meta tag, a JSON-LD block nested a million deep or a body of a
 * million elements; every limit here holds before anything is stored.
 */

/** About 40,000 words: longer than any news article (long reads run to 15,000), shorter than a book. */
export const MAX_TEXT_CHARS = 250_000;
/** One paragraph per 50 characters of the longest text: lists and captions are short, not shorter. */
export const MAX_PARAGRAPHS = 5_000;
/** A headline, an outlet or one author's name; the longest real headlines run to about 300 characters. */
export const MAX_FIELD_CHARS = 400;
/** Bylines of wire stories list a dozen names at most; more is a page listing its staff. */
export const MAX_AUTHORS = 12;
/** Browsers and servers accept about 2,000 characters in a URL; identifiers longer than that are not identifiers. */
export const MAX_URL_CHARS = 2_048;
/** A date as pages write it ("2024-09-11T14:03:00.000-04:00" is 29): twice that leaves room for odd spellings. */
export const MAX_DATE_CHARS = 64;
/** A language tag ("en-GB", "zh-Hant-TW"). */
export const MAX_LANGUAGE_CHARS = 35;
/** News pages carry one to five JSON-LD blocks; more is noise or an attack. */
export const MAX_JSON_LD_SCRIPTS = 20;
/** The largest JSON-LD we read: real article blocks are a few kB, with a recipe or a live blog 100 kB. */
export const MAX_JSON_LD_CHARS = 200_000;
/** Objects walked in all JSON-LD blocks together: enough for a full `@graph`, bounded for a hostile one. */
export const MAX_JSON_LD_NODES = 5_000;
/** How deep the JSON-LD walk goes: an article sits at most a few levels down (`@graph`, `mainEntity`). */
export const MAX_JSON_LD_DEPTH = 8;
/** Meta tags read: real pages have a few hundred at most. */
export const MAX_META_TAGS = 2_000;
/**
 * Readability gives up on a document with more elements than this (its `maxElemsToParse`). Big
 * news pages have 3,000 to 15,000; a page ten times larger would take seconds to parse.
 */
export const MAX_ELEMENTS = 150_000;
/** Readability's own threshold for an article (its `charThreshold`): less is a page of links or a stub. */
export const MIN_ARTICLE_CHARS = 500;
