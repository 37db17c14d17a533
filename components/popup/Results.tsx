/**
 * Search results as an ARIA listbox grouped by kind, driven from the search field
 * (aria-activedescendant): the field keeps focus while arrows move through the options.
 */
import { useEffect } from 'preact/hooks';
import type { SearchGroup, SearchHit } from '@/lib/search/types';
import { DateText } from '../DateText';
import { KIND_HEADINGS } from './labels';
import { Marked } from './Marked';

export const RESULTS_ID = 'fc-results';

export interface FlatOption {
  id: string;
  hit: SearchHit;
}

export function optionId(hit: SearchHit): string {
  return `fc-option-${hit.kind}-${hit.id}`;
}

/** The options in display order (what the arrow keys walk through). */
export function flatten(groups: SearchGroup[]): FlatOption[] {
  return groups.flatMap((g) => g.hits.map((hit) => ({ id: optionId(hit), hit })));
}

export function Results({
  groups,
  activeId,
  onChoose,
  onHover,
}: {
  groups: SearchGroup[];
  activeId: string | null;
  onChoose: (hit: SearchHit) => void;
  onHover: (id: string) => void;
}) {
  useEffect(() => {
    if (!activeId) return;
    const el = document.getElementById(activeId);
    if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  return (
    <div role="listbox" id={RESULTS_ID} aria-label="Results" class="results">
      {groups.map((g) => (
        <div key={g.kind} role="group" aria-labelledby={`fc-group-${g.kind}`} class="result-group">
          <div role="presentation" id={`fc-group-${g.kind}`} class="group-heading">
            {KIND_HEADINGS[g.kind]}
            {g.total > g.hits.length && (
              <span class="muted">
                {' '}
                · best {g.hits.length} of {g.total}
              </span>
            )}
          </div>
          {g.hits.map((hit) => {
            const id = optionId(hit);
            return (
              <div
                key={id}
                id={id}
                role="option"
                aria-selected={id === activeId}
                class={`result${id === activeId ? ' active' : ''}`}
                data-kind={hit.kind}
                data-id={hit.id}
                data-origin={hit.fromReading ? 'reader' : undefined}
                onClick={() => onChoose(hit)}
                onMouseMove={() => id !== activeId && onHover(id)}
              >
                <span class="result-title">
                  <Marked text={hit.title} />
                </span>
                {hit.alias && (
                  <span class="result-detail">
                    also written <Marked text={hit.alias} />
                  </span>
                )}
                {hit.fromReading && <span class="result-detail reading-mark">from your article</span>}
                {(hit.detail || hit.date) && (
                  <span class="result-detail">
                    {hit.detail && <Marked text={hit.detail} />}
                    {hit.detail && hit.date && ' · '}
                    {hit.date && hit.datePrecision && <DateText date={hit.date} precision={hit.datePrecision} />}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
