/**
 * Bounds on what the reader's own articles may hold, each with its reason. What one article
 * derives is capped by lib/derive/limits.ts and lib/extract/limits.ts; these bound the rest.
 */

/**
 * A preview waits this long for the reader's confirmation: reading what will be stored takes
 * seconds to minutes; after half an hour the page may well have changed, so it is read again.
 */
export const PREVIEW_TTL_MS = 30 * 60 * 1000;
/** Previews waiting at once: one per open popup or card; more would be a page looping, so the oldest go. */
export const MAX_PENDING_PREVIEWS = 8;
/**
 * Versions kept of one article: an outlet that updates a story a few times a day gives a handful;
 * a live page that changes every minute would fill the store with near-copies.
 */
export const MAX_VERSIONS_PER_ARTICLE = 20;
/** People the reader may add: far more than anyone adds by hand, few enough for the matcher on every page. */
export const MAX_READER_ENTITIES = 2_000;
/** Names of one person added by the reader (name and aliases): bundled people have up to twenty. */
export const MAX_ENTITY_NAMES = 20;
/** Titles or topic words of one person added by the reader, for the linker's evidence. */
export const MAX_ENTITY_EVIDENCE = 20;
/**
 * The reader's part of the search index is appended to at each addition, one stored row (a
 * segment per kind) per article; a query walks every segment. Rows are merged by size class, as a
 * log-structured store merges its runs: this many rows of one class (1–3 articles, 4–15, 16–63…)
 * become one row of the next, rebuilt from those articles' rows alone. A reader with a thousand
 * articles then has at most about fifteen rows, and each article is re-indexed a handful of times
 * in all (merging everything at a fixed count re-indexed every article every few additions:
 * 2.7 s per merge at 190 articles in the bench, scripts/bench/reader.ts).
 */
export const MERGE_FANOUT = 4;
