import type { DatedFields } from '@/lib/corpus/schema';
import { explainDating } from '@/lib/timeline/dating';

/** How a date was established, for dates the source does not state itself. */
export function DatingNote({ dated }: { dated: Pick<DatedFields, 'dateMethod' | 'dateNote' | 'outsideFact'> }) {
  if (dated.dateMethod === 'stated') return null;
  const { label, details } = explainDating(dated);
  return (
    <p class="dating" data-dating={dated.dateMethod}>
      <span class="dating-label">{label}</span>
      {details.map((d, i) => (
        <span key={i} class="dating-detail">
          {' — '}
          {d}
        </span>
      ))}
    </p>
  );
}
