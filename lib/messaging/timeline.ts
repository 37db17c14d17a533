/** Messages of the side panel's timeline, sources and reading views (extension pages only). Part of protocol.ts. */
import * as v from 'valibot';
import type { CorpusClaim, CorpusEvent, CorpusSource, EntityKind } from '../corpus/schema';
import { itemIdSchema } from './shared';

/**
 * Longest fingerprint the background searches for. A page sends at most FINGERPRINT_CHARS
 * (200, protocol.ts); this bound only keeps a malformed message from asking for a search with
 * an unbounded needle. (Not imported from protocol.ts: that file imports this one.)
 */
export const MAX_FINGERPRINT_LENGTH = 1_000;

export const timelineSchemas = {
  /** Everything the side panel renders: events, disputed claims, source summaries, entity names. */
  'page.getTimeline': v.undefined(),
  /** Every source without its text, newest first. */
  'page.getSources': v.undefined(),
  /** Every disputed claim with its positions. */
  'page.getClaims': v.undefined(),
  /** One source with its full text, for the reading view. */
  'page.getSource': v.strictObject({ sourceId: itemIdSchema }),
  /** The corpus source whose text holds this start-of-article fingerprint (PageReport.fingerprint), or null. */
  'page.findSource': v.strictObject({
    fingerprint: v.pipe(v.string(), v.maxLength(MAX_FINGERPRINT_LENGTH)),
  }),
} as const;

/** A source as the panel lists it: everything but its text. */
export type SourceSummary = Omit<CorpusSource, 'text' | 'seed'>;

/** What an entity chip needs. */
export interface EntityChip {
  id: string;
  name: string;
  kind: EntityKind;
}

export interface TimelineData {
  /** The corpus version the data comes from. */
  version: string;
  events: CorpusEvent[];
  claims: CorpusClaim[];
  sources: SourceSummary[];
  /** Every entity an event, claim position or source names, for chips and filters. */
  entities: EntityChip[];
}

export interface TimelineReturns {
  'page.getTimeline': TimelineData;
  'page.getSources': SourceSummary[];
  'page.getClaims': CorpusClaim[];
  'page.getSource': CorpusSource;
  'page.findSource': string | null;
}
