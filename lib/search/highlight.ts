/** Which characters of a shown string matched the query, as ranges (the view wraps them in <mark>). */
import { foldTerm, words } from './text';
import type { Highlight, MarkedText } from './types';

/**
 * Ranges of `text` whose words are among `terms` (index terms: folded words). A term that
 * spells several consecutive words ("stormshadow", "f16") marks the whole run.
 */
export function highlight(text: string, terms: ReadonlySet<string>): Highlight[] {
  if (!terms.size || !text) return [];
  const ws = words(text);
  const folded = ws.map((w) => foldTerm(w.text));
  const ranges: Highlight[] = [];
  folded.forEach((f, i) => {
    if (terms.has(f)) ranges.push({ start: ws[i]!.start, end: ws[i]!.end });
  });
  for (const term of terms) {
    for (let i = 0; i < folded.length; i++) {
      if (!term.startsWith(folded[i]!) || term === folded[i]) continue;
      let spelled = folded[i]!;
      for (let j = i + 1; j < folded.length && spelled.length < term.length; j++) {
        spelled += folded[j];
        if (spelled === term) ranges.push({ start: ws[i]!.start, end: ws[j]!.end });
        if (!term.startsWith(spelled)) break;
      }
    }
  }
  return mergeRanges(ranges);
}

/** Sorted, with overlapping and touching ranges joined. */
export function mergeRanges(ranges: Highlight[]): Highlight[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Highlight[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

export function marked(text: string, terms: ReadonlySet<string>): MarkedText {
  return { text, highlights: highlight(text, terms) };
}

/** Splits a marked text into plain and matched pieces, in order (for rendering). */
export function pieces({ text, highlights }: MarkedText): { text: string; match: boolean }[] {
  const out: { text: string; match: boolean }[] = [];
  let at = 0;
  for (const { start, end } of highlights) {
    const s = Math.max(start, at);
    const e = Math.min(end, text.length);
    if (e <= s) continue;
    if (s > at) out.push({ text: text.slice(at, s), match: false });
    out.push({ text: text.slice(s, e), match: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), match: false });
  return out;
}
