/**
 * Month groups of a chronologically sorted list. A day- or month-precision item belongs to its
 * month; a year-precision item to a group of its own year, which sorts before that year's
 * months (order.ts). The list rendered is flat: a header row, then the group's items.
 */
import type { DatePrecision } from '../corpus/schema';
import { formatDate } from '../dates';
import type { Dated } from './order';

export interface Group<T> {
  /** YYYY-MM, or YYYY for the items known only to the year. */
  key: string;
  precision: Extract<DatePrecision, 'month' | 'year'>;
  /** "Sep 2024", or "2024". */
  label: string;
  items: T[];
}

export function groupKey(item: Dated): string {
  return item.datePrecision === 'year' ? item.date.slice(0, 4) : item.date.slice(0, 7);
}

/** Groups consecutive items by month (the input must already be sorted). */
export function groupByMonth<T extends Dated>(sorted: readonly T[]): Group<T>[] {
  const groups: Group<T>[] = [];
  for (const item of sorted) {
    const key = groupKey(item);
    const last = groups.at(-1);
    if (last?.key === key) {
      last.items.push(item);
      continue;
    }
    const precision = item.datePrecision === 'year' ? 'year' : 'month';
    groups.push({ key, precision, label: formatDate(key, precision), items: [item] });
  }
  return groups;
}

export type Row<T> = { kind: 'group'; key: string; group: Group<T> } | { kind: 'item'; key: string; item: T };

/** The flat rows of a grouped list: one header row per group, then its items. */
export function groupRows<T extends { id: string }>(groups: readonly Group<T>[]): Row<T>[] {
  return groups.flatMap((group): Row<T>[] => [
    { kind: 'group', key: `group:${group.key}`, group },
    ...group.items.map((item): Row<T> => ({ kind: 'item', key: `item:${item.id}`, item })),
  ]);
}
