/**
 * Where the content script looks: the article region of a page, and inside it the runs of
 * text worth scanning. Everything here is cheap on a page without an article: a few
 * selector queries and no text read.
 */
import { isOutsideArticleText } from './article-blocks';
import { CHECKPOINT_NODES, MAX_ARTICLE_ROOTS, MAX_DEPTH, MAX_RESTARTS } from './limits';

/** Text in paragraphs below this is a teaser or a card, not an article (about three sentences). */
export const MIN_ARTICLE_CHARS = 400;

/**
 * Never scanned: code, scripts, styles, form fields and anything editable, media, navigation,
 * page furniture and comments, hidden content, existing marks (the page's and ours), and whatever
 * the page opted out with data-fact-context="off". Our card needs no entry: its host hangs off
 * the document element, outside the walks, its content in a closed shadow root (no element name
 * here that a page could give its own text to hide it).
 */
export const EXCLUDED_SELECTOR = [
  'script, style, noscript, template, textarea, input, select, option, button, datalist, output',
  'pre, code, kbd, samp, var, svg, math, iframe, object, embed, canvas, video, audio, picture',
  'nav, footer, aside, form, dialog, mark, head, title',
  '[contenteditable]:not([contenteditable="false"]), [role="textbox"], [role="searchbox"], [role="combobox"]',
  '[role="navigation"], [role="contentinfo"], [role="complementary"], [role="search"], [role="banner"], [role="menu"]',
  '[aria-hidden="true"], [hidden], [inert]',
  '[data-fact-context="off"]',
  '#comments, .comments, [id^="comments-"], [class*="comment-list"]',
].join(', ');

/** Tags whose text reads on its own: text nodes under the same nearest block form one chunk. */
const BLOCK_TAGS = new Set(
  (
    'P LI H1 H2 H3 H4 H5 H6 BLOCKQUOTE TD TH DD DT DL FIGCAPTION CAPTION SUMMARY DETAILS LEGEND ADDRESS ' +
    'DIV SECTION ARTICLE MAIN HEADER BODY UL OL TABLE TR FIGURE CENTER'
  ).split(' '),
);

const ARTICLE_TYPES =
  /^(?:News|Reportage|Analysis|Opinion|Review|Background|Satirical|Scholarly|Tech|Advertiser)?Article$|^(?:BlogPosting|LiveBlogPosting|Report)$/;

function hasArticleMetadata(doc: Document): boolean {
  if (doc.querySelector('meta[property="og:type"][content="article" i]')) return true;
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]')).slice(0, 10)) {
    const text = script.textContent ?? '';
    // Only the @type values matter; a cheap look before parsing.
    if (!/Article|BlogPosting|Report/.test(text)) continue;
    try {
      if (jsonHasArticleType(JSON.parse(text) as unknown, 0)) return true;
    } catch {
      // A page's broken JSON-LD is its own business.
    }
  }
  return false;
}

function jsonHasArticleType(value: unknown, depth: number): boolean {
  if (depth > 4 || !value || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => jsonHasArticleType(v, depth + 1));
  const record = value as Record<string, unknown>;
  const types = ([] as unknown[]).concat(record['@type'] ?? []);
  if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) return true;
  return jsonHasArticleType(record['@graph'], depth + 1) || jsonHasArticleType(record.mainEntity, depth + 1);
}

function paragraphChars(el: Element): number {
  let total = 0;
  for (const p of Array.from(el.querySelectorAll('p'))) {
    total += p.textContent?.length ?? 0;
    if (total >= MIN_ARTICLE_CHARS) break;
  }
  return total;
}

function isExcludedOrOptedOut(el: Element): boolean {
  return el.closest('[data-fact-context="off"], [contenteditable]:not([contenteditable="false"])') !== null;
}

/** The element holding most paragraph text, for pages that say they are articles but mark up none. */
function densestParagraphContainer(doc: Document): Element | null {
  const score = new Map<Element, number>();
  for (const p of Array.from(doc.querySelectorAll('p'))) {
    const parent = p.parentElement;
    if (!parent || parent.closest(EXCLUDED_SELECTOR)) continue;
    score.set(parent, (score.get(parent) ?? 0) + (p.textContent?.length ?? 0));
  }
  let best: Element | null = null;
  let bestScore = MIN_ARTICLE_CHARS - 1;
  for (const [el, s] of score) {
    if (s > bestScore) {
      best = el;
      bestScore = s;
    }
  }
  return best;
}

/**
 * The article regions to scan, or an empty list when the page has no article: <article> (and
 * articleBody) elements with substantial text, the outermost of nested ones, at most
 * MAX_ARTICLE_ROOTS; else the main region; else, when the page's metadata says it is an
 * article, its densest run of paragraphs. Linear in the page: candidates come in document
 * order, so one nested in a region already kept is inside the last one kept.
 */
export function findArticleRoots(doc: Document): Element[] {
  if (!doc.body || doc.designMode === 'on') return [];
  const explicit: Element[] = [];
  for (const el of Array.from(doc.querySelectorAll('article, [itemprop="articleBody"], [role="article"]'))) {
    if (explicit.at(-1)?.contains(el)) continue;
    if (isExcludedOrOptedOut(el) || paragraphChars(el) < MIN_ARTICLE_CHARS) continue;
    explicit.push(el);
    if (explicit.length === MAX_ARTICLE_ROOTS) break;
  }
  if (explicit.length) return explicit;
  const main = doc.querySelector('main, [role="main"]');
  if (main && !isExcludedOrOptedOut(main) && paragraphChars(main) >= MIN_ARTICLE_CHARS) return [main];
  if (hasArticleMetadata(doc)) {
    const best = densestParagraphContainer(doc);
    if (best && !isExcludedOrOptedOut(best)) return [best];
  }
  return [];
}

/** A run of text nodes that reads as one piece (a paragraph, a list item, a heading). */
export interface TextChunk {
  nodes: Text[];
  /** Offset of each node's text in `text`. */
  starts: number[];
  text: string;
  /** The block the text reads in (its nearest block-level ancestor, or the walk's root). */
  block?: Node;
}

/** Where an element sits in a walk: its nearest block (itself if it is one) and its depth below the root. */
interface Placement {
  block: Node;
  depth: number;
}

const isBlock = (node: Node) => node.nodeType === Node.ELEMENT_NODE && BLOCK_TAGS.has((node as Element).tagName);

/** `node`'s nearest block (itself if it is one) and depth below `start`, looked up at most MAX_DEPTH steps. */
function lookUp(node: Node, start: Node): Placement | null {
  let depth = 0;
  let block: Node | null = null;
  let at: Node | null = node;
  for (; at && at !== start; at = at.parentNode) {
    if (++depth > MAX_DEPTH) return null;
    if (!block && isBlock(at)) block = at;
  }
  return at ? { block: block ?? start, depth } : null;
}

const hasWords = (chunk: TextChunk) => /[\p{L}\p{N}]/u.test(chunk.text);

/**
 * The chunks of text under `root` (and in the open shadow roots below it), skipping every
 * excluded element with its subtree, yielded as each is complete. Every CHECKPOINT_NODES nodes
 * (elements or text) it yields `null`, so that a caller reading a huge block (thousands of
 * elements in one paragraph) can yield to the page; if the page moved or removed the node the
 * walk had reached meanwhile, the walk starts over, skipping the text it has read.
 * `skip` leaves out text nodes already handled.
 */
export function* walkChunks(root: Node, skip?: (node: Text) => boolean): Generator<TextChunk | null> {
  if (root.nodeType === Node.TEXT_NODE) {
    const t = root as Text;
    const chunk = { nodes: [t], starts: [0], text: t.data, block: lookUp(t, t.ownerDocument)?.block ?? t };
    if (!skip?.(t) && t.data && !t.parentElement?.closest(EXCLUDED_SELECTOR) && hasWords(chunk)) yield chunk;
    return;
  }
  const doc = root.ownerDocument ?? (root as Document);
  let visited = 0;
  // Each element's block and depth, from its parent's: one step per node, however deep the page
  // nests (looking up from every text node was O(nodes × depth): 79 s for 30,000 nested spans).
  const placed = new Map<Node, Placement>();
  const placementOf = (node: Node, start: Node): Placement | null => {
    const known = placed.get(node);
    if (known) return known;
    if (node === start) return { block: start, depth: 0 };
    // Only a node the page moved into the walk behind its back lacks a placed parent: look up.
    return lookUp(node, start);
  };
  const place = (el: Element, start: Node): Placement | null => {
    const parent = el.parentNode ? placementOf(el.parentNode, start) : null;
    if (!parent || parent.depth >= MAX_DEPTH) return null;
    const own = { block: isBlock(el) ? el : parent.block, depth: parent.depth + 1 };
    placed.set(el, own);
    return own;
  };
  let restarts = 0;
  // Roots still to walk, depth first: the root, then each open shadow root found on the way.
  const pending: Node[] = [root];
  while (pending.length) {
    const start = pending.shift()!;
    // A TreeWalker never judges its root: a walk started on a block that is not the article ends here.
    if (start.nodeType === Node.ELEMENT_NODE && isOutsideArticleText(start as Element)) continue;
    const hosts = new Set<Element>();
    // A TreeWalker never shows its root: a shadow host passed as `start` is checked here.
    if (start.nodeType === Node.ELEMENT_NODE && (start as Element).shadowRoot) hosts.add(start as Element);
    const walk = () =>
      doc.createTreeWalker(start, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
        acceptNode(node) {
          if (node.nodeType !== Node.ELEMENT_NODE) return NodeFilter.FILTER_ACCEPT;
          if ((node as Element).matches(EXCLUDED_SELECTOR) || isOutsideArticleText(node as Element))
            return NodeFilter.FILTER_REJECT;
          if (!place(node as Element, start)) return NodeFilter.FILTER_REJECT;
          if ((node as Element).shadowRoot) hosts.add(node as Element);
          // Elements are returned too, only so that long runs of them reach a checkpoint.
          return NodeFilter.FILTER_ACCEPT;
        },
      });
    let walker = walk();
    // Text read so far: never twice, even if the page moves it ahead of the walk.
    const read = new Set<Text>();
    // After a restart, no checkpoint until the walk is past what it had read: a page replacing
    // the node at every checkpoint would otherwise stop it at the same place each time.
    let catchingUp = false;
    let current: TextChunk | null = null;
    let currentBlock: Node | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!catchingUp && ++visited >= CHECKPOINT_NODES) {
        visited = 0;
        yield null;
        if (!start.contains(walker.currentNode)) {
          if (++restarts > MAX_RESTARTS) return;
          walker = walk();
          catchingUp = true;
          continue;
        }
      }
      if (n.nodeType !== Node.TEXT_NODE) continue;
      const text = n as Text;
      if (read.has(text) || skip?.(text) || !text.data) continue;
      catchingUp = false;
      read.add(text);
      const parent = text.parentNode ? placementOf(text.parentNode, start) : null;
      if (!parent) continue;
      const block = parent.block;
      if (block !== currentBlock || !current) {
        if (current && hasWords(current)) yield current;
        current = { nodes: [], starts: [], text: '', block };
        currentBlock = block;
      }
      current.starts.push(current.text.length);
      current.nodes.push(text);
      current.text += text.data;
    }
    if (current && hasWords(current)) yield current;
    pending.unshift(...Array.from(hosts, (host) => host.shadowRoot).filter((r): r is ShadowRoot => r !== null));
  }
}

/** Every chunk of `walkChunks`, at once. */
export function collectChunks(root: Node, skip?: (node: Text) => boolean): TextChunk[] {
  const chunks: TextChunk[] = [];
  for (const chunk of walkChunks(root, skip)) if (chunk) chunks.push(chunk);
  return chunks;
}
