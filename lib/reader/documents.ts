/**
 * The reader's articles as search documents, beside the bundled corpus's (lib/search/documents.ts):
 * each current version as a source, its quotes as quotes, its dated statements as events (the
 * timeline's kind of item: something that happened at a date). Hidden items are left out.
 */
import type { TextDoc } from '../search/documents';
import {
  articleDate,
  bylineOf,
  outletOf,
  titleOf,
  type ReaderQuoteRow,
  type ReaderSourceRow,
  type ReaderStatementRow,
} from './rows';

export interface ReaderSearchRows {
  /** Current versions only. */
  sources: readonly ReaderSourceRow[];
  quotes: readonly ReaderQuoteRow[];
  statements: readonly ReaderStatementRow[];
  /** Names of the entities that speak (bundled and the reader's), by id. */
  names: ReadonlyMap<string, string>;
}

/** The documents of the reader's current versions, in the order given (their ids are unique: `<kind>:<id>`). */
export function readerTextDocs(rows: ReaderSearchRows): TextDoc[] {
  const sources = new Map(rows.sources.map((s) => [s.id, s]));
  const docs: TextDoc[] = [];
  for (const s of rows.sources) {
    const date = articleDate(s);
    docs.push({
      id: `source:${s.id}`,
      kind: 'source',
      itemId: s.id,
      text: titleOf(s),
      extra: [outletOf(s), bylineOf(s) ?? ''].join('\n'),
      detail: outletOf(s),
      date: date?.date ?? null,
      datePrecision: date?.precision ?? null,
    });
  }
  for (const q of rows.quotes) {
    const source = sources.get(q.sourceId);
    if (!source || q.hidden) continue;
    const speaker = q.speakerId ? (rows.names.get(q.speakerId) ?? q.speaker?.name) : q.speaker?.name;
    const date = articleDate(source);
    docs.push({
      id: `quote:${q.id}`,
      kind: 'quote',
      itemId: q.id,
      text: q.text,
      extra: `${speaker ?? ''}\n${q.sentence.text}`,
      detail: speaker ? `${speaker} · ${outletOf(source)}` : outletOf(source),
      date: date?.date ?? null,
      datePrecision: date?.precision ?? null,
    });
  }
  for (const st of rows.statements) {
    const source = sources.get(st.sourceId);
    if (!source || st.hidden) continue;
    docs.push({
      id: `event:${st.id}`,
      kind: 'event',
      itemId: st.id,
      text: st.sentence.text,
      extra: '',
      detail: outletOf(source),
      date: st.date,
      datePrecision: st.precision,
    });
  }
  return docs;
}
