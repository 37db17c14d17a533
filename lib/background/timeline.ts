/**
 * Background handlers of the timeline, sources and reading-view messages (lib/messaging/timeline.ts).
 * Read-only: they only look the corpus up.
 */
import type { CorpusClaim, CorpusEvent, CorpusSource } from '../corpus/schema';
import type { ClaimRow, EventRow } from '../db';
import type { EntityChip, SourceSummary, timelineSchemas } from '../messaging/timeline';
import { matchFingerprint } from '../timeline/fingerprint';
import type { HandlerTable } from './context';

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

/** Newest first: the sources view leads with the latest reporting. */
const byPublishedDesc = (a: SourceSummary, b: SourceSummary) =>
  a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : a.id.localeCompare(b.id);

export const timelineHandlers: HandlerTable<keyof typeof timelineSchemas> = {
  async 'page.getTimeline'(_data, _sender, ctx) {
    const db = await ctx.db();
    const [meta, events, claims, sources, entities] = await Promise.all([
      db.meta.get('corpus'),
      db.events.orderBy('date').toArray(),
      db.claims.toArray(),
      db.sources.toArray(),
      db.entities.toArray(),
    ]);
    if (!meta) throw new Error('The corpus is not loaded');
    return {
      version: meta.version,
      events: events.map(event),
      claims: claims.map(claim),
      sources: sources.map(summary).sort(byPublishedDesc),
      entities: entities
        .map(({ id, name, kind }): EntityChip => ({ id, name, kind }))
        .sort((a, b) => a.name.localeCompare(b.name)),
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
