/**
 * The reading view's text: an article as paragraphs, and a quote found in it and cut out of the
 * paragraphs it spans, so it can be highlighted without rendering any HTML.
 */

export interface TextRange {
  start: number;
  end: number;
}

export interface Paragraph extends TextRange {
  text: string;
}

/** Every non-blank line is a paragraph (as the corpus keeps articles), with its offsets in the text. */
export function paragraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) out.push({ start, end: start + line.length, text: line });
    start += line.length + 1;
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where the quote is in the text: verbatim first (corpus quotes are), else with any run of
 * whitespace matching any other (a quote that went through a URL or a copy may have lost a
 * no-break space). Null when it is not there.
 */
export function findQuote(text: string, quote: string): TextRange | null {
  const trimmed = quote.trim();
  if (!trimmed) return null;
  const at = text.indexOf(trimmed);
  if (at !== -1) return { start: at, end: at + trimmed.length };
  const pattern = trimmed.split(/\s+/).map(escapeRegExp).join('\\s+');
  const match = new RegExp(pattern).exec(text);
  return match ? { start: match.index, end: match.index + match[0].length } : null;
}

export interface Segment {
  text: string;
  quoted: boolean;
}

/** The paragraph cut into plain and quoted pieces (one piece when the quote is elsewhere). */
export function segments(paragraph: Paragraph, quote: TextRange | null): Segment[] {
  if (!quote || quote.end <= paragraph.start || quote.start >= paragraph.end) {
    return [{ text: paragraph.text, quoted: false }];
  }
  const from = Math.max(quote.start, paragraph.start) - paragraph.start;
  const to = Math.min(quote.end, paragraph.end) - paragraph.start;
  return [
    { text: paragraph.text.slice(0, from), quoted: false },
    { text: paragraph.text.slice(from, to), quoted: true },
    { text: paragraph.text.slice(to), quoted: false },
  ].filter((s) => s.text.length > 0);
}
