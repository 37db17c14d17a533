/**
 * Only the article: blocks inside the article region that are not the article's own text
 * (recommended and related stories, lists of headlines, tag lists, share bars, author bios,
 * teaser cards with their captions) are not scanned. Decided by content, the way Mozilla's
 * Readability weighs blocks (link density, lists of links, headline links, text length; class
 * names only as a hint that lowers the bar, as Readability's class weight does), never by a
 * class name alone. docs/adr/014-linking-unseen-news.md records why this is not Readability itself.
 *
 * Every check is bounded: an element's subtree is read up to MAX_BLOCK_NODES nodes (a larger
 * block is article-sized, and its parts are judged one by one as the walk reaches them), and a
 * task spends at most MAX_VISITS_PER_TASK node visits on checks (past that, nothing more is left
 * out until the next task), so a pathological page costs a constant per node.
 */

/** Nodes read to judge one block. A list of 20 headlines with their wrappers is about 200. */
export const MAX_BLOCK_NODES = 400;
/** Characters of text past which a block is article text, whatever its links. */
export const MAX_BLOCK_CHARS = 4_000;
/** Node visits spent on checks in one task (a few milliseconds), then none until the next task. */
export const MAX_VISITS_PER_TASK = 50_000;
/** A block whose text is mostly link text, with two links or more, lists other pages (Readability: 0.5). */
export const LIST_LINK_DENSITY = 0.5;
/** With a class or id that says it is not content (related, promo, share...), a lower bar (Readability: 0.2). */
export const HINTED_LINK_DENSITY = 0.2;
/** A paragraph, list item or heading that is this much one link is a link to another story. */
export const LINE_LINK_SHARE = 0.8;
/** Such a line is short: a headline, not a paragraph with a link in it. */
export const MAX_LINK_LINE_CHARS = 300;
/** An author bio is short. */
export const MAX_BIO_CHARS = 800;
/** Headings that are links in one block: two or more make it a list of teasers. */
const TEASER_HEADINGS = 2;
/** With teaser headings, a lower link density suffices (their summaries are plain text). */
const TEASER_LINK_DENSITY = 0.25;
/**
 * A stream of teasers (a list or a run of sibling cards, each a headline linking to another page
 * with a short summary: "more stories", a home-page stream) is judged by its first items, so that
 * a stream too long to read whole as one block is still recognised. Items sampled, and how many
 * of them must be teasers.
 */
export const STREAM_SAMPLE = 6;
const STREAM_MIN_TEASERS = 3;
/** A teaser's own text: a headline and a summary of a few lines, not a post of an article. */
export const MAX_TEASER_CHARS = 600;

/** Readability's "negative" class and id words, with tag lists and bylines. */
const NOT_CONTENT_HINT =
  /(^|[^a-z])(related|recommend|promo|share|sharing|social|sponsor|outbrain|taboola|tags?|topics|widget|more-stories|read-more|readmore|trending|most-read|popular|newsletter|comment|footer|sidebar|teaser)([^a-z]|$)/i;
const BIO_HINT = /(^|[^a-z])(author|byline|bio|contributor|writer)([^a-z]|$)/i;
const CONTAINERS = new Set(['DIV', 'SECTION', 'UL', 'OL', 'DL', 'TABLE', 'FIGURE', 'HEADER', 'ASIDE']);
const LINES = new Set(['P', 'LI', 'DT', 'DD', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const ITEMS = new Set(['LI', 'DT', 'DD']);
const BLOCK_INSIDE_LINK = 'h1, h2, h3, h4, h5, h6, p, div, img, picture, figure, li, ul, section';

let spent = 0;
let resetting = false;
function spend(visits: number): void {
  spent += visits;
  if (resetting) return;
  resetting = true;
  setTimeout(() => {
    spent = 0;
    resetting = false;
  }, 0);
}

interface Stats {
  chars: number;
  linkChars: number;
  links: number;
  /** Headings whose text is mostly a link. */
  teaserHeadings: number;
  items: number;
  /** List items whose text is mostly one link. */
  linkItems: number;
  /** The start of its text outside links (at most PLAIN_CHARS): a label such as "Tags:" or separators. */
  plain: string;
}

/** Text outside links kept to recognise a label. */
const PLAIN_CHARS = 60;
/** Text outside the links of a list of links: nothing but a short label with a colon, and separators. */
const LABEL_ONLY = /^(?:[^.!?:]{1,40}:)?[\s,;|·•/–—-]*$/u;

const textLength = (text: string) => text.replace(/\s+/g, ' ').trim().length;

function isLink(el: Element): boolean {
  return el.tagName === 'A' && el.hasAttribute('href');
}

/** Text and link statistics of a block, or null when it is larger than a block we would leave out. */
function blockStats(root: Element): Stats | null {
  const stats: Stats = { chars: 0, linkChars: 0, links: 0, teaserHeadings: 0, items: 0, linkItems: 0, plain: '' };
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let visits = 0;
  // Open headings and items with their text so far: [element, chars, link chars].
  const open: { el: Element; chars: number; linkChars: number }[] = [];
  const close = (upTo: Node | null) => {
    while (open.length && !(upTo && open.at(-1)!.el.contains(upTo))) {
      const o = open.pop()!;
      const linked = o.chars > 0 && o.linkChars / o.chars >= LINE_LINK_SHARE;
      if (HEADINGS.has(o.el.tagName) && linked) stats.teaserHeadings++;
      if (ITEMS.has(o.el.tagName) && linked) stats.linkItems++;
    }
  };
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (++visits > MAX_BLOCK_NODES) {
      spend(visits);
      return null;
    }
    close(n);
    if (n.nodeType === Node.ELEMENT_NODE) {
      const el = n as Element;
      if (isLink(el)) stats.links++;
      if (HEADINGS.has(el.tagName) || ITEMS.has(el.tagName)) {
        if (ITEMS.has(el.tagName)) stats.items++;
        open.push({ el, chars: 0, linkChars: 0 });
      }
      continue;
    }
    const data = (n as Text).data;
    const length = textLength(data);
    const linked = n.parentElement?.closest('a[href]');
    const inLink = linked !== null && linked !== undefined && root.contains(linked);
    if (!inLink && stats.plain.length <= PLAIN_CHARS) stats.plain += data.slice(0, PLAIN_CHARS);
    if (!length) continue;
    stats.chars += length;
    if (inLink) stats.linkChars += length;
    for (const o of open) {
      o.chars += length;
      if (inLink) o.linkChars += length;
    }
    if (stats.chars > MAX_BLOCK_CHARS) {
      spend(visits);
      return null;
    }
  }
  close(null);
  spend(visits);
  return stats;
}

function hint(el: Element, pattern: RegExp): boolean {
  const words = `${el.getAttribute('class') ?? ''} ${el.id} ${el.getAttribute('rel') ?? ''} ${el.getAttribute('itemprop') ?? ''} ${el.getAttribute('data-component') ?? ''}`;
  return pattern.test(words);
}

/** Characters of text of an element, reading at most `limit` of them (and MAX_BLOCK_NODES nodes). */
function boundedChars(el: Element, limit: number): number {
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let chars = 0;
  let visits = 0;
  for (let n = walker.nextNode(); n && chars <= limit && visits < MAX_BLOCK_NODES; n = walker.nextNode()) {
    visits++;
    chars += textLength((n as Text).data);
  }
  spend(visits);
  return chars;
}

/** Whether `href` leads to another document than the page's own (a permalink to a part of it does not). */
function otherDocument(link: Element): boolean {
  const href = link.getAttribute('href') ?? '';
  if (!href || href.startsWith('#')) return false;
  try {
    const doc = link.ownerDocument;
    const to = new URL(href, doc.baseURI);
    const here = new URL(doc.URL);
    return to.origin !== here.origin || to.pathname !== here.pathname;
  } catch {
    return false;
  }
}

/** One card of a stream: a headline that is a link to another page, and little else. */
function isTeaser(item: Element): boolean {
  const heading = item.querySelector('h1, h2, h3, h4, h5, h6');
  if (!heading) return false;
  const link = heading.querySelector('a[href]') ?? heading.closest('a[href]');
  if (!link || !otherDocument(link)) return false;
  const headingChars = boundedChars(heading, MAX_LINK_LINE_CHARS);
  const linkChars = boundedChars(link, MAX_LINK_LINE_CHARS);
  if (!headingChars || Math.min(linkChars, headingChars) / headingChars < LINE_LINK_SHARE) return false;
  return boundedChars(item, MAX_TEASER_CHARS) <= MAX_TEASER_CHARS;
}

/** A list or run of sibling cards that are teasers of other stories, judged by its first items. */
function isTeaserStream(el: Element): boolean {
  let sampled = 0;
  let teasers = 0;
  for (let child = el.firstElementChild; child && sampled < STREAM_SAMPLE; child = child.nextElementSibling) {
    sampled++;
    if (isTeaser(child)) teasers++;
  }
  return teasers >= STREAM_MIN_TEASERS && teasers * 3 >= sampled * 2;
}

/**
 * Whether an element inside the article region holds something other than the article's own
 * text, so that the walk over the article skips it with its subtree.
 */
export function isOutsideArticleText(el: Element): boolean {
  if (spent > MAX_VISITS_PER_TASK) return false;
  const tag = el.tagName;
  // A link that wraps blocks is a teaser card (headline, picture, summary): another story.
  if (tag === 'A') {
    if (!el.hasAttribute('href')) return false;
    if (el.querySelector(BLOCK_INSIDE_LINK)) return true;
    // A link that is all of its short block's text ("Read more: ...") where the block itself is
    // the walk's starting point (the walk never judges its own root).
    const block = el.parentElement;
    if (!block || !LINES.has(block.tagName)) return false;
    const own = boundedChars(el, MAX_LINK_LINE_CHARS);
    const all = boundedChars(block, MAX_LINK_LINE_CHARS);
    return all > 0 && all <= MAX_LINK_LINE_CHARS && own / all >= LINE_LINK_SHARE;
  }
  if (!CONTAINERS.has(tag) && !LINES.has(tag)) return false;
  if (CONTAINERS.has(tag) && isTeaserStream(el)) return true;
  // A line without a link (most of an article's paragraphs) is nobody's teaser: one native query
  // instead of walking its text.
  if (LINES.has(tag) && !el.querySelector('a[href]')) return false;
  const stats = blockStats(el);
  if (!stats || !stats.chars) return false;
  const density = stats.linkChars / stats.chars;
  if (LINES.has(tag)) {
    // A line that is one link (a headline of another story), or links under a label ("Read
    // more: ...", "Tags: ...") or between separators, with nothing else said.
    if (!stats.links || stats.chars > MAX_LINK_LINE_CHARS) return false;
    const plain = stats.plain.trim();
    const labelled = LABEL_ONLY.test(plain) && (stats.links >= 2 || plain.endsWith(':'));
    return density >= LINE_LINK_SHARE || labelled;
  }
  // A list of links: related stories, most read, tags, share links.
  if (stats.links >= 2 && density >= LIST_LINK_DENSITY) return true;
  if (stats.items >= 2 && stats.linkItems * 2 > stats.items && density >= TEASER_LINK_DENSITY) return true;
  // Teasers: headings that are links, with their summaries.
  if (stats.teaserHeadings >= TEASER_HEADINGS && density >= TEASER_LINK_DENSITY) return true;
  // A block that says it is not content, and reads like it.
  if (hint(el, NOT_CONTENT_HINT) && stats.links >= 1 && density > HINTED_LINK_DENSITY) return true;
  if (hint(el, BIO_HINT) && stats.chars <= MAX_BIO_CHARS) return true;
  return false;
}
