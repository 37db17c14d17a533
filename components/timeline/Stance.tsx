import type { Stance as StanceValue } from '@/lib/corpus/schema';

const LABELS: Record<StanceValue, string> = { yes: 'Yes', no: 'No', partly: 'Partly', unclear: 'Unclear' };

/** A source's answer to a question, as the corpus records it: never our verdict. */
export function Stance({ stance }: { stance: StanceValue }) {
  return (
    <span class={`stance stance-${stance}`} data-stance={stance}>
      {LABELS[stance]}
    </span>
  );
}
