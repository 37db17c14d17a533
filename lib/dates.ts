/** Dates at their precision: "2024", "Sep 2024", "11 Sep 2024". Never adds a day we do not know. */
import type { DatePrecision } from './corpus/schema';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The `datetime` attribute value for a date at its precision (YYYY, YYYY-MM or YYYY-MM-DD). */
export function datetimeAttribute(date: string, precision: DatePrecision): string {
  const length = { year: 4, month: 7, day: 10 }[precision];
  return date.slice(0, length);
}

export function formatDate(date: string, precision: DatePrecision): string {
  const [year, month, day] = date.split('-');
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (precision === 'year' || !monthName) return year ?? date;
  if (precision === 'month' || !day) return `${monthName} ${year}`;
  return `${Number(day)} ${monthName} ${year}`;
}
