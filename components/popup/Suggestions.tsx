import type { SearchSuggestion } from '@/lib/search/types';

/** Names to try: each fills the search field. */
export function Suggestions({
  suggestions,
  onPick,
  label = 'Try',
}: {
  suggestions: SearchSuggestion[];
  onPick: (name: string) => void;
  label?: string;
}) {
  if (!suggestions.length) return null;
  return (
    <div class="suggestions">
      <span class="muted" id="fc-suggestions-label">
        {label}:
      </span>
      <ul aria-labelledby="fc-suggestions-label">
        {suggestions.map((s) => (
          <li key={s.id}>
            <button type="button" class="chip" onClick={() => onPick(s.name)}>
              {s.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
