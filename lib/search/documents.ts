/**
 * The documents the two search indexes hold, built from plain corpus data: one per entity in the
 * names index; one per fact, quote, event and source in the text index. Each keeps what a result
 * shows, so a search never reads the database.
 */
import type { CorpusBundle, DatePrecision, EntityKind } from '../corpus/schema';
import { compact, foldPhrase } from './text';
import type { ItemType, SearchSuggestion } from './types';

/** The corpus parts search covers (database rows fit too: they carry extra fields). */
export type SearchCorpus = Pick<CorpusBundle, 'entities' | 'facts' | 'quotes' | 'events' | 'sources'>;

export interface NameDoc {
  id: string;
  kind: EntityKind;
  name: string;
  /** Other spellings, shown when one of them matched. */
  aliases: string[];
  /** Indexed: every alias, one per line. */
  alias: string;
  /** Indexed: each name and alias with its spaces and dashes removed ("stormshadow", "f16"). */
  compact: string;
  /** Folded name and aliases (`keys[0]` is the name), to rank exact and prefix matches first. */
  keys: string[];
}

export interface TextDoc {
  /** `<type>:<item id>`: ids are unique per table, not across tables. */
  id: string;
  kind: ItemType;
  itemId: string;
  /** Indexed and shown: the fact, the quote, the event title or the source title. */
  text: string;
  /** Indexed: who said a quote and where; a source's publisher. */
  extra: string;
  /** Shown under the text. */
  detail: string | null;
  date: string | null;
  datePrecision: DatePrecision | null;
}

export function nameDocs(corpus: SearchCorpus): NameDoc[] {
  return corpus.entities.map((e) => {
    const aliases = [...new Set(e.aliases)].filter((a) => a !== e.name);
    const labels = [e.name, ...aliases];
    return {
      id: e.id,
      kind: e.kind,
      name: e.name,
      aliases,
      alias: aliases.join('\n'),
      compact: [...new Set(labels.map(compact))].join(' '),
      keys: labels.map(foldPhrase),
    };
  });
}

export function textDocs(corpus: SearchCorpus): TextDoc[] {
  const sources = new Map(corpus.sources.map((s) => [s.id, s]));
  const names = new Map(corpus.entities.map((e) => [e.id, e.name]));
  const sourceLabel = (id: string) => {
    const s = sources.get(id);
    return s ? (s.publisher ?? s.title) : id;
  };
  const docs: TextDoc[] = [];
  for (const f of corpus.facts) {
    const s = sources.get(f.sourceId);
    docs.push({
      id: `fact:${f.id}`,
      kind: 'fact',
      itemId: f.id,
      text: f.text,
      extra: '',
      detail: sourceLabel(f.sourceId),
      date: s?.publishedAt ?? null,
      datePrecision: s?.datePrecision ?? null,
    });
  }
  for (const q of corpus.quotes) {
    const speaker = names.get(q.speakerId) ?? q.speakerId;
    docs.push({
      id: `quote:${q.id}`,
      kind: 'quote',
      itemId: q.id,
      text: q.text,
      extra: `${speaker}\n${q.context}`,
      detail: `${speaker} · ${sourceLabel(q.sourceId)}`,
      date: q.date,
      datePrecision: q.datePrecision,
    });
  }
  for (const e of corpus.events) {
    const count = new Set(e.evidence.map((x) => x.sourceId)).size;
    docs.push({
      id: `event:${e.id}`,
      kind: 'event',
      itemId: e.id,
      text: e.title,
      extra: '',
      detail: count === 1 ? sourceLabel(e.evidence[0]!.sourceId) : `${count} sources`,
      date: e.date,
      datePrecision: e.datePrecision,
    });
  }
  for (const s of corpus.sources) {
    docs.push({
      id: `source:${s.id}`,
      kind: 'source',
      itemId: s.id,
      text: s.title,
      extra: s.publisher ?? '',
      detail: s.publisher,
      date: s.publishedAt,
      datePrecision: s.datePrecision,
    });
  }
  return docs;
}

/** Suggestions before anything is typed: the entities the corpus says most about. */
export const SUGGESTION_COUNT = 6;
/** At most this many suggestions of one kind, so weapons show beside the many people. */
const SUGGESTIONS_PER_KIND = 4;

export function suggestionsFor(corpus: SearchCorpus): SearchSuggestion[] {
  const coverage = new Map<string, number>();
  const add = (id: string) => coverage.set(id, (coverage.get(id) ?? 0) + 1);
  for (const f of corpus.facts) f.entityIds.forEach(add);
  for (const q of corpus.quotes) add(q.speakerId);
  for (const e of corpus.events) e.entityIds.forEach(add);
  const ranked = [...corpus.entities].sort(
    (a, b) => (coverage.get(b.id) ?? 0) - (coverage.get(a.id) ?? 0) || a.name.localeCompare(b.name),
  );
  const perKind = new Map<EntityKind, number>();
  const out: SearchSuggestion[] = [];
  for (const e of ranked) {
    if (out.length >= SUGGESTION_COUNT) break;
    const n = perKind.get(e.kind) ?? 0;
    if (n >= SUGGESTIONS_PER_KIND) continue;
    perKind.set(e.kind, n + 1);
    out.push({ id: e.id, kind: e.kind, name: e.name });
  }
  return out;
}
