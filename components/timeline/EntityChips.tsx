import type { EntityChip } from '@/lib/messaging/timeline';

export interface EntityChipsProps {
  ids: readonly string[];
  entities: ReadonlyMap<string, EntityChip>;
  /** Chosen entities show as pressed. */
  selected: readonly string[];
  /** Adds the entity to the filter, or removes it. */
  onToggle: (entityId: string) => void;
  label?: string;
}

/** An item's people and weapons as buttons that filter the timeline by them. */
export function EntityChips({ ids, entities, selected, onToggle, label = 'People and weapons' }: EntityChipsProps) {
  const known = ids.flatMap((id) => {
    const entity = entities.get(id);
    return entity ? [entity] : [];
  });
  if (!known.length) return null;
  return (
    <ul class="chips" aria-label={label}>
      {known.map((e) => {
        const pressed = selected.includes(e.id);
        return (
          <li key={e.id}>
            <button
              type="button"
              class={`chip chip-${e.kind}`}
              data-chip={e.id}
              aria-pressed={pressed}
              title={pressed ? `Stop filtering by ${e.name}` : `Show only entries about ${e.name}`}
              onClick={() => onToggle(e.id)}
            >
              {e.name}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
