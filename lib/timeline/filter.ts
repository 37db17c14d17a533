/**
 * The timeline's filters. Each kind of filter narrows the list; together they all apply (AND).
 * Within the entity filter any chosen entity is enough (OR): choosing Blinken and Lammy shows the
 * events of either, as picking several names in a list of people reads.
 */
import type { ItemOrigin } from '../messaging/timeline';
import { periodEnd, periodStart, type Dated } from './order';

export interface TimelineFilter {
  /** Keep only items about the entities the active tab's article mentions (when it has one). */
  followPage: boolean;
  /** Entities the reader chose. */
  entityIds: readonly string[];
  sourceId: string | null;
  /** Inclusive bounds, YYYY-MM-DD. */
  from: string | null;
  to: string | null;
  /** Bundled items only, the reader's own articles only, or both (absent: both). */
  origin?: ItemOrigin | 'both';
}

export const EMPTY_FILTER: TimelineFilter = { followPage: false, entityIds: [], sourceId: null, from: null, to: null };

export interface Filterable extends Dated {
  entityIds: readonly string[];
  sourceIds: readonly string[];
  /** Absent: bundled. */
  origin?: ItemOrigin;
}

/** What the filter needs to know about the active tab: the entities it mentions, or null for no article. */
export type PageEntities = ReadonlySet<string> | null;

/** Is the page filter in force? Only when asked for and the page mentions at least one entity. */
export function pageFilterActive(filter: TimelineFilter, page: PageEntities): page is ReadonlySet<string> {
  return filter.followPage && page !== null && page.size > 0;
}

/** Does anything narrow the list? */
export function isFiltering(filter: TimelineFilter, page: PageEntities): boolean {
  return (
    pageFilterActive(filter, page) ||
    filter.entityIds.length > 0 ||
    filter.sourceId !== null ||
    filter.from !== null ||
    filter.to !== null ||
    (filter.origin !== undefined && filter.origin !== 'both')
  );
}

/**
 * Does the item's period overlap the range? An item known only to the month is kept when any day
 * of that month is in range: we cannot tell it is outside.
 */
export function overlapsRange(item: Dated, from: string | null, to: string | null): boolean {
  if (from !== null && periodEnd(item) < from) return false;
  if (to !== null && periodStart(item) > to) return false;
  return true;
}

export function matchesFilter(item: Filterable, filter: TimelineFilter, page: PageEntities): boolean {
  if (pageFilterActive(filter, page) && !item.entityIds.some((id) => page.has(id))) return false;
  if (filter.entityIds.length && !item.entityIds.some((id) => filter.entityIds.includes(id))) return false;
  if (filter.sourceId !== null && !item.sourceIds.includes(filter.sourceId)) return false;
  if (filter.origin && filter.origin !== 'both' && (item.origin ?? 'bundled') !== filter.origin) return false;
  return overlapsRange(item, filter.from, filter.to);
}

export function applyFilter<T extends Filterable>(
  items: readonly T[],
  filter: TimelineFilter,
  page: PageEntities,
): T[] {
  return items.filter((item) => matchesFilter(item, filter, page));
}

/** Adds an entity to the chosen ones, or removes it when it is already there. */
export function toggleEntity(filter: TimelineFilter, entityId: string): TimelineFilter {
  const entityIds = filter.entityIds.includes(entityId)
    ? filter.entityIds.filter((id) => id !== entityId)
    : [...filter.entityIds, entityId];
  return { ...filter, entityIds };
}
