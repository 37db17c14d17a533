/**
 * The hard caps of a pack, each with its reason. A pack over any of them is refused before
 * anything is written. They are generous for a newsroom's archive (the synthetic pack of the
 * bench: 5,000 sources, 10,000 people, 100,000 quotes and events, is a quarter of each or less) and
 * small enough that a hostile file cannot exhaust the extension's memory.
 */

const MIB = 1024 * 1024;

/**
 * The file as picked (gzip). The bench's 5,000-source pack is about 4 MB; 32 MiB leaves room for
 * seven of those, refuses a 1 GB file before reading it, and stays within what one runtime
 * message can carry to the background as base64 (Chromium: 64 MiB of JSON; base64 is 4/3).
 */
export const MAX_PACK_BYTES = 32 * MIB;

/**
 * The JSON once inflated, counted while inflating so that a gzip bomb (a few kB that inflate to
 * gigabytes) stops at the cap instead of filling memory. The bench's pack inflates to about
 * 43 MB; JSON.parse of 256 MiB needs about a gigabyte of heap, the most we accept spending.
 */
export const MAX_INFLATED_BYTES = 256 * MIB;

/** Counts: a few times the largest archive we plan for, so a loop over them stays bounded. */
export const MAX_SOURCES = 20_000;
export const MAX_ENTITIES = 50_000;
/** Facts, quotes, events and claims together. */
export const MAX_ITEMS = 500_000;
/** Aliases of one entity: real people have a handful of spellings; 200 is far beyond any. */
export const MAX_ALIASES_PER_ENTITY = 200;

/**
 * An article's text: the longest news feature we know of is about 100,000 characters; ten times
 * that still keeps the verbatim search of one quote short.
 */
export const MAX_SOURCE_TEXT_LENGTH = 1_000_000;
/**
 * Any other string (titles, quotes, summaries, aliases, notes). Quotes are a sentence or two;
 * the reading view's address already refuses quotes over 2,000 characters (lib/timeline/url.ts).
 */
export const MAX_STRING_LENGTH = 5_000;
/** How deep the JSON may nest: the format itself needs 6 levels; more is hostile. */
export const MAX_DEPTH = 16;
