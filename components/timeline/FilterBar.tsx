/** The timeline's filters: what is in force, each removable, and the controls that set them. */
import { KIND_LABELS } from '@/lib/actions/kinds';
import { ENTITY_KINDS } from '@/lib/corpus/schema';
import { formatDate } from '@/lib/dates';
import type { EntityChip, ItemOrigin, ReaderSourceBrief, SourceSummary } from '@/lib/messaging/timeline';
import { pageFilterActive, type PageEntities, type TimelineFilter } from '@/lib/timeline/filter';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export interface FilterBarProps {
  filter: TimelineFilter;
  onChange: (filter: TimelineFilter) => void;
  /** The active tab's entities, or null when it has no article. */
  page: PageEntities;
  entities: ReadonlyMap<string, EntityChip>;
  sources: readonly SourceSummary[];
  /** The reader's own articles (issue 17). */
  readerSources?: readonly ReaderSourceBrief[];
  /** Entries shown, and in all. */
  shown: number;
  total: number;
  /** First and last day any entry covers, for the date fields. */
  range: { min: string; max: string } | null;
}

interface Token {
  key: string;
  label: string;
  remove: () => void;
}

/** The origin filter's choices, in the order offered. */
const ORIGIN_LABELS: Record<ItemOrigin | 'both', string> = {
  both: 'The bundled corpus and your articles',
  bundled: 'The bundled corpus only',
  reader: 'Your articles only',
};
const ORIGIN_TOKENS: Record<ItemOrigin, string> = { bundled: 'Bundled corpus only', reader: 'Your articles only' };

export function FilterBar({
  filter,
  onChange,
  page,
  entities,
  sources,
  readerSources = [],
  shown,
  total,
  range,
}: FilterBarProps) {
  const set = (patch: Partial<TimelineFilter>) => onChange({ ...filter, ...patch });
  const tokens: Token[] = [];
  if (pageFilterActive(filter, page)) {
    tokens.push({
      key: 'page',
      label: `What the active tab mentions (${page.size})`,
      remove: () => set({ followPage: false }),
    });
  }
  for (const id of filter.entityIds) {
    tokens.push({
      key: `entity:${id}`,
      label: entities.get(id)?.name ?? id,
      remove: () => set({ entityIds: filter.entityIds.filter((e) => e !== id) }),
    });
  }
  if (filter.sourceId !== null) {
    const title =
      sources.find((s) => s.id === filter.sourceId)?.title ??
      readerSources.find((s) => s.id === filter.sourceId)?.title ??
      filter.sourceId;
    tokens.push({ key: 'source', label: `Source: ${title}`, remove: () => set({ sourceId: null }) });
  }
  if (filter.origin && filter.origin !== 'both') {
    tokens.push({ key: 'origin', label: ORIGIN_TOKENS[filter.origin], remove: () => set({ origin: 'both' }) });
  }
  if (filter.from !== null) {
    tokens.push({ key: 'from', label: `From ${formatDate(filter.from, 'day')}`, remove: () => set({ from: null }) });
  }
  if (filter.to !== null) {
    tokens.push({ key: 'to', label: `To ${formatDate(filter.to, 'day')}`, remove: () => set({ to: null }) });
  }
  const clearAll = () => onChange({ followPage: false, entityIds: [], sourceId: null, from: null, to: null });
  const byKind = ENTITY_KINDS.map((kind) => ({
    kind,
    options: [...entities.values()].filter((e) => e.kind === kind && !filter.entityIds.includes(e.id)),
  })).filter((g) => g.options.length);

  return (
    <section class="filters" aria-label="Filter">
      <div class="current-filter">
        <p class="filter-count" aria-live="polite">
          {tokens.length ? `Showing ${shown} of ${total} entries` : `Showing all ${total} entries`}
        </p>
        {tokens.length > 0 && (
          <>
            <ul class="tokens" aria-label="Current filter">
              {tokens.map((t) => (
                <li key={t.key} class="token" data-filter-token={t.key}>
                  <span>{t.label}</span>
                  <button
                    type="button"
                    class="token-remove"
                    aria-label={`Remove filter: ${t.label}`}
                    onClick={t.remove}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" class="clear-filter" onClick={clearAll}>
              Clear filter
            </button>
          </>
        )}
      </div>
      <details class="filter-controls">
        <summary>Filter options</summary>
        <label class="check">
          <input
            type="checkbox"
            checked={filter.followPage}
            onChange={(e) => set({ followPage: e.currentTarget.checked })}
          />{' '}
          Only what the active tab’s article mentions
        </label>
        {filter.followPage && page === null && <p class="muted">The active tab shows no article.</p>}
        <label>
          Add a person or weapon
          <select
            value=""
            onChange={(e) => {
              const id = e.currentTarget.value;
              if (id) set({ entityIds: [...filter.entityIds, id] });
              e.currentTarget.value = '';
            }}
          >
            <option value="">Choose…</option>
            {byKind.map((g) => (
              <optgroup key={g.kind} label={KIND_LABELS[g.kind].many}>
                {g.options.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          Entries from
          <select
            value={filter.origin ?? 'both'}
            onChange={(e) => set({ origin: e.currentTarget.value as ItemOrigin | 'both' })}
          >
            {(Object.keys(ORIGIN_LABELS) as (ItemOrigin | 'both')[]).map((o) => (
              <option key={o} value={o}>
                {ORIGIN_LABELS[o]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source
          <select value={filter.sourceId ?? ''} onChange={(e) => set({ sourceId: e.currentTarget.value || null })}>
            <option value="">All sources</option>
            {readerSources.length > 0 ? (
              <>
                <optgroup label="Bundled corpus">
                  {sources.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.title}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Your articles">
                  {readerSources.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.title} ({s.outlet})
                    </option>
                  ))}
                </optgroup>
              </>
            ) : (
              sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))
            )}
          </select>
        </label>
        <fieldset class="dates">
          <legend>Dates</legend>
          <label>
            From
            <input
              type="date"
              value={filter.from ?? ''}
              min={range?.min}
              max={range?.max}
              onChange={(e) => set({ from: DATE_PATTERN.test(e.currentTarget.value) ? e.currentTarget.value : null })}
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={filter.to ?? ''}
              min={range?.min}
              max={range?.max}
              onChange={(e) => set({ to: DATE_PATTERN.test(e.currentTarget.value) ? e.currentTarget.value : null })}
            />
          </label>
        </fieldset>
      </details>
    </section>
  );
}
