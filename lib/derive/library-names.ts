/**
 * Names of people found by `compromise`, the library chosen for it (docs/adr/016-reader-articles.md
 * says why and what it costs: about 360 kB minified, most of the time of a derivation). Its own
 * module so that an extension page loads it only when it derives people.
 */
import nlp from 'compromise';
import { trimName, type NameSpan } from './names';

interface Offset {
  offset?: { start: number; length: number };
}

/** The people `compromise` finds in `text`, as trimmed spans in order. */
export function findNames(text: string): NameSpan[] {
  const found = nlp(text).people().json({ offset: true }) as Offset[];
  const out: NameSpan[] = [];
  for (const f of found) {
    if (!f.offset) continue;
    const span = trimName(text, { start: f.offset.start, end: f.offset.start + f.offset.length });
    if (span && text.slice(span.start, span.end).length >= 2) out.push(span);
  }
  return out;
}
