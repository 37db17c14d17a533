/** Dates as pages write them in their metadata, read at the precision they carry, never more. */
import type { DatePrecision } from '../corpus/schema';
import { MAX_DATE_CHARS } from './limits';
import { validDay } from './url';

export interface PageDate {
  /** YYYY, YYYY-MM or YYYY-MM-DD, as `precision` says. */
  date: string;
  precision: DatePrecision;
}

/** Years a news page may carry in its metadata (a digitised archive goes back far; the future does not). */
const FIRST_YEAR = 1700;

/**
 * ISO 8601 and its common spellings in meta tags: `2024-09-11`, `2024-09-11T14:03:00-04:00`,
 * `2024-09-11 14:03:00`, `2024/09/11` (citation_publication_date), `2024-09`, `2024`. The date is
 * the calendar date as written, in the page's own time zone: the outlet's date of the article,
 * which is what relative expressions in its text ("yesterday") count from. Anything else (a
 * weekday name, "3 hours ago", a Unix time) is not read: a date we would have to guess is no date.
 */
export function readPageDate(raw: string, now: Date): PageDate | null {
  const value = raw.trim();
  if (!value || value.length > MAX_DATE_CHARS) return null;
  const m =
    /^(\d{4})(?:([-/])(\d{1,2})(?:\2(\d{1,2}))?)?(?:$|[T\s]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$)/i.exec(
      value,
    );
  if (!m) return null;
  const year = Number(m[1]);
  if (year < FIRST_YEAR || year > now.getUTCFullYear() + 1) return null;
  if (!m[3]) return { date: m[1]!, precision: 'year' };
  const month = Number(m[3]);
  if (month < 1 || month > 12) return null;
  const mm = String(month).padStart(2, '0');
  if (!m[4]) return { date: `${m[1]}-${mm}`, precision: 'month' };
  const day = Number(m[4]);
  if (!validDay(year, month, day)) return null;
  return { date: `${m[1]}-${mm}-${String(day).padStart(2, '0')}`, precision: 'day' };
}
