/**
 * Bounds on the work the content script does for one page, each with its reason
 * (docs/adr/011-text-preservation.md). Every step of the marking path is linear in what it reads
 * or bounded by one of these, so no page, however built, can make it run without end.
 *
 * Words for the ways text is cut, one concept each:
 * - **block**: the element a run of text belongs to (a paragraph, a list item);
 * - **chunk**: a block's text nodes run together (lib/content/scope.ts `TextChunk`); the linker
 *   reads a chunk's text with its tokens and candidates (`MatchedText`, lib/match/link.ts);
 * - **segment**: a stretch of a huge chunk tokenised and matched in one go (SCAN_SEGMENT_CHARS);
 * - **part**: a stretch of a chunk marked in one step (MARK_PART_CHARS, MARK_PART_NODES), made of
 *   mark.js calls of a few text nodes each (MARK_FLUSH_NODES, at most MAX_NODES_PER_CALL);
 * - **piece**: a long text node holding links, copied in pieces before marking (PIECE_CHARS);
 * - **run**: our copy of one page text node, holding our marks (lib/content/twins.ts);
 * - **batch**: page changes handled together (MUTATION_BATCH_MS, MAX_BATCH_NODES);
 * - **slice**: our main-thread work between two yields to the page (lib/content/schedule.ts SLICE_MS).
 */

/**
 * Elements read below an article root (or a shadow root). The HTML parser itself nests no
 * deeper than 512 elements (deeper trees are built by script); text deeper than that is not an
 * article's, and bounding the depth bounds every walk up from a node to its block or root.
 */
export const MAX_DEPTH = 512;

/**
 * Article roots scanned and followed on one page. A page with more <article> elements than this
 * is a feed or an index, where the first ones are those in view; each root is compared with
 * every page change, so their number bounds that work.
 */
export const MAX_ARTICLE_ROOTS = 100;

/**
 * Nodes added by one batch of page changes that are placed in their blocks one by one. A page
 * that adds more at once (rendering a whole new list) has the elements it added them to
 * rescanned instead: one walk of those, not one lookup per node.
 */
export const MAX_BATCH_NODES = 2_000;

/**
 * Blocks waiting for a rescan. Past this the page is changing everywhere at once: every root is
 * rescanned in one pass instead of keeping an ever longer list.
 */
export const MAX_DIRTY_BLOCKS = 1_000;

/**
 * How often the article regions may be looked for again when the page changes outside them
 * (single-page navigation renders a new article once; a ticker outside the article must not
 * cost a search of the whole page per batch). A root taken out is looked for again at once.
 */
export const ROOT_SEARCH_MS = 1_000;

/**
 * Main-thread time the scanner may spend on one page at once: about twenty times what the
 * bench's 1 MB article costs here. A page that needs more is far beyond any article, or keeps us
 * busy on purpose; we stop there (marks removed, the page's text as it wrote it) and say why.
 * It refills slowly (WORK_REFILL_PER_MS in schedule.ts), so a live page open for hours is not
 * stopped by the sum of its small updates.
 */
export const PAGE_WORK_BUDGET_MS = 10_000;

/**
 * Re-renders of a marked block followed at the normal pace. A framework that rewrites a block
 * over our marks (a ticker, a live score) is followed promptly this many times in a row.
 */
export const FREE_RERENDERS = 5;

/**
 * Re-renders in a row after which a block is not marked again. Past FREE_RERENDERS each wait
 * doubles (MUTATION_BATCH_MS × 2^n), so a block re-rendered on every mark costs a few passes,
 * then none: about half a minute of following a ticker before giving up on it.
 */
export const MAX_RERENDERS = 12;

/**
 * Marks that stay this long were not re-rendered because of us: the block's count starts again
 * (a live blog updating a post every minute is followed for ever).
 */
export const RERENDER_FORGET_MS = 10_000;

/**
 * How far above a block a re-render is looked for: frameworks re-render a component (a post,
 * an article) whose element sits a few levels above its paragraphs, and replace it whole.
 */
export const PLACE_LEVELS = 3;

/**
 * Repeats (the page undoing marks in a block where it undid them before: re-rendering, stripping)
 * across the whole page within PAGE_REPEAT_WINDOW_MS, after which we stop for the page and say so
 * (`over-budget`). The per-block back-off alone bounds each block to MAX_RERENDERS, but a page
 * that re-renders whatever we mark kept us looping over every block for about 15 s (measured:
 * 7,500 loops in 20 s before any back-off). A few live tickers, each backed off, stay below it; a
 * single-page navigation undoes each block once and counts no repeat.
 */
export const MAX_PAGE_REPEATS = 40;
export const PAGE_REPEAT_WINDOW_MS = 10_000;

/** Block texts remembered for MAX_PAGE_UNMARKS (oldest forgotten first): bounds the memory. */
export const MAX_REMEMBERED_TEXTS = 1_000;

/**
 * While the document is in design mode we mark nothing, and look this often to see whether it
 * left design mode (no event says so).
 */
export const DESIGN_MODE_POLL_MS = 1_000;

/** Nodes visited between two checkpoints of `walkChunks`: a few milliseconds of work at most. */
export const CHECKPOINT_NODES = 1_000;

/**
 * Restarts allowed in one walk: a page rewriting the block faster than it can be read is left
 * to the rescan its changes will bring, rather than read again and again.
 */
export const MAX_RESTARTS = 8;

/**
 * Text tokenised and matched in one go. A larger block (a page that puts a whole article in one
 * paragraph or one text node) is read in segments, with yields between; each segment's last few
 * tokens are read again with the next, so a name across a cut is found whole.
 */
export const SCAN_SEGMENT_CHARS = 32_000;

/**
 * Text nodes of the parts gathered before they are marked together: amortises mark.js's fixed
 * cost, keeps its per-node cost small. Measured
 * on the bench's 1 MB article (median of 5 loads, first to last mark): 2 → 295 ms, 6 → 290,
 * 12 → 280, 24 → 286, 48 → 317, 96 → 350.
 */
export const MARK_FLUSH_NODES = 12;

/** mark.js re-offsets every following node per match: keep each call's context small. */
export const MAX_NODES_PER_CALL = 64;

/**
 * mark.js rebuilds its context's whole text per match, so one text node of a megabyte with
 * thousands of names took seconds in one task. Text nodes longer than this that hold links are
 * copied as pieces of about this size (at a space, never inside a link) before marking.
 */
export const PIECE_CHARS = 1_000;

/** Text per marking step: a larger block is marked in parts, so the scanner can yield between them. */
export const MARK_PART_CHARS = 8_000;

/** Text nodes per marking step, for the same reason (a paragraph of thousands of spans). */
export const MARK_PART_NODES = 256;

/** Page changes are gathered this long before one rescan: a live blog adding ten posts costs one pass. */
export const MUTATION_BATCH_MS = 120;

/**
 * A block the page replaces this soon after we marked it answers our marks (a page re-rendering
 * whatever we mark does so in the same task, a few milliseconds later), not its own clock: a
 * framework refreshing an article after a fetch comes later, and still counts as the page's own.
 */
export const ANSWER_MS = 250;
