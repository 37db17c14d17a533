/**
 * The article's text as we store it: plain text, one paragraph per block of the extracted
 * article, paragraphs separated by a blank line, a line break where the page had `<br>`. HTML's
 * own whitespace rules apply (runs of spaces and line breaks in the markup are one space, as the
 * page showed them); every other character is kept as it is, quotation marks and dashes included.
 */
import { MAX_PARAGRAPHS, MAX_TEXT_CHARS } from './limits';

/** Elements that start and end a paragraph. */
const BLOCKS = new Set(
  (
    'ADDRESS ARTICLE ASIDE BLOCKQUOTE CAPTION CENTER DD DETAILS DIALOG DIV DL DT FIELDSET FIGCAPTION FIGURE ' +
    'FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HGROUP HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TBODY TD TFOOT ' +
    'TH THEAD TR UL'
  ).split(' '),
);
/** Elements whose content is never text of the article. */
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'IFRAME', 'OBJECT', 'BUTTON']);

/** HTML's whitespace (not the no-break space, which the page meant). */
const HTML_SPACE = /[ \t\n\r\f]+/g;

export interface ArticleText {
  text: string;
  /** True when the article was longer than the limits and only its first paragraphs were kept. */
  truncated: boolean;
}

/** Where a text may be cut without splitting a character: before `at`, never inside a surrogate pair. */
function cutAt(text: string, at: number): string {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, at - 1) : text.slice(0, at);
}

export function articleText(root: Node): ArticleText {
  const paragraphs: string[] = [];
  let length = 0;
  let truncated = false;
  let buffer = '';
  const flush = () => {
    const lines = buffer
      .split('\n')
      .map((l) => l.replace(/^ +| +$/g, ''))
      .join('\n');
    buffer = '';
    // Two line breaks in a row (<br><br>) part paragraphs, as a blank line does in the stored text.
    for (const p of lines.split(/\n{2,}/)) {
      const para = p.replace(/^\n+|\n+$/g, '');
      if (!para || truncated) continue;
      const extra = (paragraphs.length ? 2 : 0) + para.length;
      if (paragraphs.length >= MAX_PARAGRAPHS || length + extra > MAX_TEXT_CHARS) {
        // Keep whole paragraphs; only a first paragraph longer than the limit is cut.
        if (!paragraphs.length) paragraphs.push(cutAt(para, MAX_TEXT_CHARS));
        truncated = true;
        continue;
      }
      paragraphs.push(para);
      length += extra;
    }
  };
  // An explicit stack: a hostile page may nest elements deeper than the call stack allows.
  const stack: { node: Node; leaving: boolean; pre: boolean }[] = [{ node: root, leaving: false, pre: false }];
  while (stack.length && !truncated) {
    const { node, leaving, pre } = stack.pop()!;
    if (node.nodeType === 3 /* TEXT_NODE */) {
      const data = (node as Text).data;
      if (pre) buffer += data.replace(/\r\n?/g, '\n');
      else {
        const piece = data.replace(HTML_SPACE, ' ');
        // One space between words, however many text nodes the page split them into.
        buffer += piece.startsWith(' ') && (buffer === '' || /[ \n]$/.test(buffer)) ? piece.slice(1) : piece;
      }
      continue;
    }
    if (node.nodeType !== 1 /* ELEMENT_NODE */ && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const tag = node.nodeType === 1 ? (node as Element).tagName.toUpperCase() : '';
    if (SKIPPED.has(tag)) continue;
    if (tag === 'BR') {
      buffer += '\n';
      continue;
    }
    const block = BLOCKS.has(tag);
    if (leaving) {
      if (block) flush();
      continue;
    }
    if (block) flush();
    stack.push({ node, leaving: true, pre });
    const inPre = pre || tag === 'PRE';
    for (let c = node.lastChild; c; c = c.previousSibling) stack.push({ node: c, leaving: false, pre: inPre });
  }
  flush();
  return { text: paragraphs.join('\n\n'), truncated };
}
