/**
 * Chronological order of dated items whose dates have different precisions (day, month, year).
 *
 * Rule: an item sorts by the first day of its period, and a coarser item sorts before finer
 * items that start on the same day. So "Sep 2024" comes before "1 Sep 2024" and "11 Sep 2024",
 * and "2024" before everything else in 2024. We do not know where in its period a coarse item
 * falls; putting it at the head of its period never claims it came after something it may have
 * preceded, keeps it at the top of its month group, and matches the plain string order of the
 * ISO `datetime` values the panel shows (see docs/adr/007-timeline.md). Items that tie keep the
 * order they came in (the sort is stable).
 */
import type { DatePrecision } from '../corpus/schema';

export interface Dated {
  date: string;
  datePrecision: DatePrecision;
}

/** Coarser first when two periods start on the same day. */
const PRECISION_RANK: Record<DatePrecision, number> = { year: 0, month: 1, day: 2 };

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function parts(date: string): [string, string, string] {
  const [year = '0000', month = '01', day = '01'] = date.split('-');
  return [year, month, day];
}

/** The first day of the item's period, as YYYY-MM-DD. */
export function periodStart({ date, datePrecision }: Dated): string {
  const [year, month, day] = parts(date);
  if (datePrecision === 'year') return `${year}-01-01`;
  if (datePrecision === 'month') return `${year}-${month}-01`;
  return `${year}-${month}-${day}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The last day of the item's period, as YYYY-MM-DD. */
export function periodEnd({ date, datePrecision }: Dated): string {
  const [year, month, day] = parts(date);
  if (datePrecision === 'year') return `${year}-12-31`;
  if (datePrecision === 'month') {
    const m = Number(month);
    const last = m === 2 && !isLeapYear(Number(year)) ? 28 : (DAYS_IN_MONTH[m - 1] ?? 31);
    return `${year}-${month}-${String(last).padStart(2, '0')}`;
  }
  return `${year}-${month}-${day}`;
}

/** Compares two dated items by the rule above (negative: `a` first). */
export function compareDated(a: Dated, b: Dated): number {
  const sa = periodStart(a);
  const sb = periodStart(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return PRECISION_RANK[a.datePrecision] - PRECISION_RANK[b.datePrecision];
}

/** A sorted copy; ties keep their input order. */
export function sortChronologically<T extends Dated>(items: readonly T[]): T[] {
  return [...items].sort(compareDated);
}
