/**
 * What a card says about one entity, built from corpus rows: who or what it is as each source
 * states it and as of when, key facts with citations, what they said, where sources disagree,
 * related events, and the coverage the card is based on. Pure: the background feeds it rows.
 */
import type {
  CorpusClaim,
  CorpusEntity,
  CorpusEvent,
  CorpusFact,
  CorpusQuote,
  CorpusSource,
  DatedFields,
  DatePrecision,
  Stance,
} from '../corpus/schema';

/** A card shows this many key facts: enough to orient, few enough to read while hovering. */
export const KEY_FACTS = 4;
/** Short verbatim quotes by the person. */
export const QUOTES_SHOWN = 3;
export const EVENTS_SHOWN = 4;

export interface Citation {
  sourceId: string;
  /** The publisher where the source shows one, else its title. */
  label: string;
  title: string;
  date: string;
  datePrecision: DatePrecision;
}

export interface CardStatement {
  text: string;
  quote: string;
  citation: Citation;
  asOf: DatedFields | null;
}

export interface CardData {
  id: string;
  kind: CorpusEntity['kind'];
  name: string;
  description: string | null;
  country: CardStatement | null;
  /** Roles as each source states them, newest first; changed roles show each. */
  roles: (CardStatement & { role: string })[];
  /** Weapons: type, supplier, operator, range, figures, use. */
  properties: (CardStatement & { property: string; value: string })[];
  facts: (CardStatement & { id: string })[];
  quotes: {
    id: string;
    text: string;
    citation: Citation;
    date: string | null;
    datePrecision: DatePrecision | null;
    context: string;
    reportedBy: string | null;
  }[];
  disputes: {
    id: string;
    question: string;
    positions: { citation: Citation; speaker: string | null; stance: Stance; summary: string; quote: string }[];
  }[];
  events: { id: string; title: string; date: string; datePrecision: DatePrecision }[];
  coverage: { sources: number; from: string | null; to: string | null; fromPrecision: DatePrecision | null; toPrecision: DatePrecision | null };
}

export interface CardRows {
  entity: CorpusEntity;
  facts: CorpusFact[];
  quotes: CorpusQuote[];
  claims: CorpusClaim[];
  events: CorpusEvent[];
  sources: Map<string, CorpusSource>;
  /** Names of entities that speak in the claims. */
  names: Map<string, string>;
}

function citation(sources: Map<string, CorpusSource>, sourceId: string): Citation {
  const s = sources.get(sourceId);
  if (!s) return { sourceId, label: sourceId, title: sourceId, date: '', datePrecision: 'year' };
  return { sourceId, label: s.publisher ?? s.title, title: s.title, date: s.publishedAt, datePrecision: s.datePrecision };
}

/** Picks key facts spread over sources first, then in corpus order. */
function keyFacts(facts: CorpusFact[], entityId: string): CorpusFact[] {
  // Facts about this entity alone come before facts that merely include it.
  const ranked = [...facts].sort((a, b) => Number(a.entityIds[0] !== entityId) - Number(b.entityIds[0] !== entityId));
  const chosen: CorpusFact[] = [];
  const seenSources = new Set<string>();
  for (const f of ranked) {
    if (chosen.length >= KEY_FACTS) break;
    if (!seenSources.has(f.sourceId)) {
      chosen.push(f);
      seenSources.add(f.sourceId);
    }
  }
  for (const f of ranked) {
    if (chosen.length >= KEY_FACTS) break;
    if (!chosen.includes(f)) chosen.push(f);
  }
  return chosen;
}

export function buildCard(rows: CardRows): CardData {
  const { entity, sources } = rows;
  const cite = (id: string) => citation(sources, id);
  const usedSources = new Set<string>();
  const use = <T extends { citation: Citation }>(x: T) => {
    usedSources.add(x.citation.sourceId);
    return x;
  };
  const roles = [...entity.roles]
    .sort((a, b) => b.asOf.date.localeCompare(a.asOf.date))
    .map((r) => use({ role: r.role, text: r.role, quote: r.quote, citation: cite(r.sourceId), asOf: r.asOf }));
  const properties = entity.properties.map((p) =>
    use({ property: p.property, value: p.value, text: p.value, quote: p.quote, citation: cite(p.sourceId), asOf: p.asOf }),
  );
  const facts = keyFacts(rows.facts, entity.id).map((f) =>
    use({ id: f.id, text: f.text, quote: f.quote, citation: cite(f.sourceId), asOf: null }),
  );
  const quotes = rows.quotes
    .filter((q) => q.speakerId === entity.id)
    .sort((a, b) => a.text.length - b.text.length)
    .slice(0, QUOTES_SHOWN)
    .map((q) =>
      use({
        id: q.id,
        text: q.text,
        citation: cite(q.sourceId),
        date: q.date,
        datePrecision: q.datePrecision,
        context: q.context,
        reportedBy: q.reportedBy,
      }),
    );
  const disputes = rows.claims
    .filter((c) => c.entityIds.includes(entity.id) || c.positions.some((p) => p.speakerId === entity.id))
    .map((c) => ({
      id: c.id,
      question: c.question,
      positions: c.positions.map((p) => {
        usedSources.add(p.sourceId);
        return {
          citation: cite(p.sourceId),
          speaker: p.speakerId ? (rows.names.get(p.speakerId) ?? p.speakerId) : null,
          stance: p.stance,
          summary: p.summary,
          quote: p.quote,
        };
      }),
    }));
  const events = [...rows.events]
    .sort((a, b) => a.date.localeCompare(b.date))
    .slice(-EVENTS_SHOWN)
    .map((e) => ({ id: e.id, title: e.title, date: e.date, datePrecision: e.datePrecision }));
  const country = entity.country ? use({ text: entity.country.value, quote: entity.country.quote, citation: cite(entity.country.sourceId), asOf: null }) : null;

  const dated = [...usedSources].map((id) => sources.get(id)).filter((s): s is CorpusSource => !!s);
  dated.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
  const first = dated[0];
  const last = dated.at(-1);
  return {
    id: entity.id,
    kind: entity.kind,
    name: entity.name,
    description: entity.description,
    country,
    roles,
    properties,
    facts,
    quotes,
    disputes,
    events,
    coverage: {
      sources: dated.length,
      from: first?.publishedAt ?? null,
      to: last?.publishedAt ?? null,
      fromPrecision: first?.datePrecision ?? null,
      toPrecision: last?.datePrecision ?? null,
    },
  };
}
