/** Messages of the side panel's timeline, sources and reading views (extension pages only). Part of protocol.ts. */
import * as v from 'valibot';
import type { CorpusClaim, CorpusEvent, CorpusSource, DatePrecision, EntityKind } from '../corpus/schema';
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

/** Where a timeline item comes from: the bundled corpus, or an article the reader added (issue 17). */
export const ITEM_ORIGINS = ['bundled', 'reader'] as const;
export type ItemOrigin = (typeof ITEM_ORIGINS)[number];

/**
 * A dated statement of one of the reader's articles, placed like an event: its title and its one
 * piece of evidence are the sentence, verbatim; its date has the precision and method (`stated`,
 * or `relative` to the article's date, with the note that says how) that derivation found.
 */
export interface ReaderEvent extends CorpusEvent {
  origin: 'reader';
  /** The version it comes from (also `evidence[0].sourceId`). */
  sourceId: string;
  /** The date expression as written ("on Tuesday"). */
  expression: string;
}

/** A reader's article as the timeline labels and filters by it (current versions only). */
export interface ReaderSourceBrief {
  id: string;
  articleId: string;
  version: number;
  title: string;
  outlet: string;
  /** The article's own date, else null (its statements still carry theirs). */
  publishedAt: string | null;
  datePrecision: DatePrecision | null;
  canonicalUrl: string;
  origin: 'reader';
}

export interface TimelineData {
  /** The corpus version the data comes from. */
  version: string;
  /** The bundled corpus's events. */
  events: CorpusEvent[];
  claims: CorpusClaim[];
  sources: SourceSummary[];
  /** Every entity an event, claim position or source names, for chips and filters (the reader's people too). */
  entities: EntityChip[];
  /**
   * The reader's own articles: their dated statements (hidden ones left out) and the articles.
   * The background always sends it; optional for views and tests written before issue 17.
   */
  reading?: { events: ReaderEvent[]; sources: ReaderSourceBrief[] };
}

export interface TimelineReturns {
  'page.getTimeline': TimelineData;
  'page.getSources': SourceSummary[];
  'page.getClaims': CorpusClaim[];
  'page.getSource': CorpusSource;
  'page.findSource': string | null;
}
