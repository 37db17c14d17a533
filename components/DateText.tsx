import type { DatePrecision } from '@/lib/corpus/schema';
import { datetimeAttribute, formatDate } from '@/lib/dates';

/** A date shown at its precision, machine-readable in `datetime` (docs/contracts.md section 3). */
export function DateText({ date, precision }: { date: string; precision: DatePrecision }) {
  return <time dateTime={datetimeAttribute(date, precision)}>{formatDate(date, precision)}</time>;
}
