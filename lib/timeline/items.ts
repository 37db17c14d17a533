/**
 * The timeline's items: every event, and every disputed claim placed at its date (a claim
 * without a date is only in the Disputed view). Each item carries what the filters look at.
 * The reader's dated statements (`TimelineData.reading.events`) are events with `origin: 'reader'`:
 * `timelineItems([...data.events, ...data.reading.events], data.claims)` places them all.
 */
import type { CorpusClaim, CorpusEvent, DatePrecision } from '../corpus/schema';
import type { ItemOrigin } from '../messaging/timeline';
import { sortChronologically } from './order';

interface ItemBase {
  id: string;
  date: string;
  datePrecision: DatePrecision;
  /** Entities it is about (for a claim also every speaker of a position). */
  entityIds: readonly string[];
  /** Sources that report it, in evidence order, each once. */
  sourceIds: readonly string[];
  /** The bundled corpus, or one of the reader's articles (a `ReaderEvent`). */
  origin: ItemOrigin;
}

export interface EventItem extends ItemBase {
  kind: 'event';
  event: CorpusEvent;
}

export interface ClaimItem extends ItemBase {
  kind: 'claim';
  claim: CorpusClaim;
}

export type TimelineItem = EventItem | ClaimItem;

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

export function eventItem(event: CorpusEvent): EventItem {
  return {
    kind: 'event',
    id: event.id,
    date: event.date,
    datePrecision: event.datePrecision,
    entityIds: event.entityIds,
    sourceIds: unique(event.evidence.map((e) => e.sourceId)),
    origin: (event as { origin?: ItemOrigin }).origin === 'reader' ? 'reader' : 'bundled',
    event,
  };
}

/** The entities a claim concerns: its own list, then the speakers of its positions. */
export function claimEntityIds(claim: CorpusClaim): string[] {
  return unique([...claim.entityIds, ...claim.positions.flatMap((p) => (p.speakerId ? [p.speakerId] : []))]);
}

/** The claim as a timeline item, or null when it has no date to be placed at. */
export function claimItem(claim: CorpusClaim): ClaimItem | null {
  if (!claim.date) return null;
  return {
    kind: 'claim',
    id: claim.id,
    date: claim.date.date,
    datePrecision: claim.date.datePrecision,
    entityIds: claimEntityIds(claim),
    sourceIds: unique(claim.positions.map((p) => p.sourceId)),
    origin: 'bundled',
    claim,
  };
}

/** Events and dated claims in chronological order (an event before a claim of the same date). */
export function timelineItems(events: readonly CorpusEvent[], claims: readonly CorpusClaim[]): TimelineItem[] {
  const dated = claims.map(claimItem).filter((c): c is ClaimItem => c !== null);
  return sortChronologically<TimelineItem>([...events.map(eventItem), ...dated]);
}
