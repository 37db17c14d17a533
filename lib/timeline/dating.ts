/** How a date was established, said in words for the reader (corpus/README.md "Dates"). */
import type { DatedFields } from '../corpus/schema';

export interface DatingExplanation {
  /** Short label: shown beside the date for dates we worked out. */
  label: string;
  /** The reasoning, from the corpus: the note and any outside fact. */
  details: string[];
  /** True when the date is not stated by the source but worked out (relative or outside fact). */
  derived: boolean;
}

const LABELS: Record<DatedFields['dateMethod'], string> = {
  stated: 'Date stated in the source',
  publication: 'Date the source was published',
  relative: 'Date worked out from a relative expression',
  'outside-fact': 'Date worked out from an outside fact',
};

export function explainDating(dated: Pick<DatedFields, 'dateMethod' | 'dateNote' | 'outsideFact'>): DatingExplanation {
  const details: string[] = [];
  if (dated.dateMethod === 'outside-fact' && dated.outsideFact) details.push(`Outside fact: ${dated.outsideFact}`);
  if (dated.dateNote) details.push(dated.dateNote);
  return {
    label: LABELS[dated.dateMethod],
    details,
    derived: dated.dateMethod === 'relative' || dated.dateMethod === 'outside-fact',
  };
}
