/**
 * Background handlers of the timeline, sources and reading-view messages (lib/messaging/timeline.ts).
 * Read-only: they only look the corpus up.
 */
import type { CorpusClaim, CorpusEvent, CorpusSource } from '../corpus/schema';
import type { ClaimRow, EventRow, FactContextDb } from '../db';
import type {
  EntityChip,
  ReaderEvent,
  ReaderSourceBrief,
  SourceSummary,
  TimelineData,
  timelineSchemas,
} from '../messaging/timeline';
import { articleDate, outletOf, titleOf, type ReaderSourceRow, type ReaderStatementRow } from '../reader/rows';
import { matchFingerprint } from '../timeline/fingerprint';
import type { HandlerTable } from './context';
import { soundEntities, soundSources, soundStatements } from '../reader/sound';

/** A source without its text (and without the authoring-only seed name). */
function summary({ text: _text, seed: _seed, ...rest }: CorpusSource): SourceSummary {
  return rest;
}

/** The row without the index-only field. */
function event({ sourceIds: _ids, ...rest }: EventRow): CorpusEvent {
  return rest;
}
function claim({ sourceIds: _ids, ...rest }: ClaimRow): CorpusClaim {
  return rest;
}

/** A reader's dated statement as the timeline places it (the sentence is its title and its evidence). */
function readerEvent(s: ReaderStatementRow): ReaderEvent {
  return {
    id: s.id,
    title: s.sentence.text,
    date: s.date,
    datePrecision: s.precision,
    dateMethod: s.method,
    dateNote: s.note,
    outsideFact: null,
    entityIds: s.entityIds,
    evidence: [{ sourceId: s.sourceId, quote: s.sentence.text }],
    origin: 'reader',
    sourceId: s.sourceId,
    expression: s.expression.text,
  };
}

function readerBrief(s: ReaderSourceRow): ReaderSourceBrief {
  const date = articleDate(s);
  return {
    id: s.id,
    articleId: s.articleId,
    version: s.version,
    title: titleOf(s),
    outlet: outletOf(s),
    publishedAt: date?.date ?? null,
    datePrecision: date?.precision ?? null,
    canonicalUrl: s.canonicalUrl,
    origin: 'reader',
  };
}

/** The reader's current versions and their dated statements (hidden ones left out). */
async function readingOf(db: FactContextDb): Promise<NonNullable<TimelineData['reading']>> {
  const sources = soundSources(await db.readerSources.where('current').equals(1).toArray());
  if (!sources.length) return { events: [], sources: [] };
  const statements = soundStatements(
    await db.readerStatements
      .where('sourceId')
      .anyOf(sources.map((s) => s.id))
      .filter((s) => !s.hidden)
      .toArray(),
  );
  return {
    events: statements.map(readerEvent).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id)),
    sources: sources
      .sort((a, b) => (articleDate(b)?.date ?? '').localeCompare(articleDate(a)?.date ?? ''))
      .map(readerBrief),
  };
}

/** Newest first: the sources view leads with the latest reporting. */
const byPublishedDesc = (a: SourceSummary, b: SourceSummary) =>
  a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : a.id.localeCompare(b.id);

export const timelineHandlers: HandlerTable<keyof typeof timelineSchemas> = {
  async 'page.getTimeline'(_data, _sender, ctx) {
    const db = await ctx.db();
    const [meta, events, claims, sources, entities, people, reading] = await Promise.all([
      db.meta.get('corpus'),
      db.events.orderBy('date').toArray(),
      db.claims.toArray(),
      db.sources.toArray(),
      db.entities.toArray(),
      db.readerEntities.toArray().then(soundEntities),
      readingOf(db),
    ]);
    if (!meta) throw new Error('The corpus is not loaded');
    return {
      version: meta.version,
      events: events.map(event),
      claims: claims.map(claim),
      sources: sources.map(summary).sort(byPublishedDesc),
      entities: [...entities, ...people]
        .map(({ id, name, kind }): EntityChip => ({ id, name, kind }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      reading,
    };
  },

  async 'page.getSources'(_data, _sender, ctx) {
    const db = await ctx.db();
    return (await db.sources.toArray()).map(summary).sort(byPublishedDesc);
  },

  async 'page.getClaims'(_data, _sender, ctx) {
    const db = await ctx.db();
    return (await db.claims.toArray()).map(claim);
  },

  async 'page.getSource'({ sourceId }, _sender, ctx) {
    const db = await ctx.db();
    const source = await db.sources.get(sourceId);
    if (!source) throw new Error(`No source ${sourceId}`);
    return source;
  },

  async 'page.findSource'({ fingerprint }, _sender, ctx) {
    const db = await ctx.db();
    return matchFingerprint(fingerprint, await db.sources.toArray());
  },
};
