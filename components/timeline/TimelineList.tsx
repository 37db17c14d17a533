/**
 * The timeline itself: month groups of entries, rendered in full while short and windowed when
 * long (only the rows in and near view are in the document; see docs/adr/007-timeline.md).
 */
import type { RefObject } from 'preact';
import { useCallback, useMemo, useRef } from 'preact/hooks';
import type { Row } from '@/lib/timeline/group';
import type { TimelineItem } from '@/lib/timeline/items';
import { ClaimEntry, EventEntry, type EntryContext } from './Entries';
import { useListWindow } from './useListWindow';

/**
 * Up to this many rows everything is rendered: a few milliseconds of work, and every entry stays
 * in the document for find-in-page and screen-reader list navigation. Longer lists are windowed.
 */
export const WINDOW_FROM_ROWS = 200;

/** Heights assumed for rows not measured yet, from the panel's usual width: header, entry, each quote. */
const GROUP_ROW_PX = 40;
const ENTRY_BASE_PX = 96;
const EVIDENCE_PX = 84;
const CLAIM_ROW_PX = 140;

function estimateRow(row: Row<TimelineItem>): number {
  if (row.kind === 'group') return GROUP_ROW_PX;
  if (row.item.kind === 'claim') return CLAIM_ROW_PX;
  return ENTRY_BASE_PX + EVIDENCE_PX * row.item.event.evidence.length;
}

export interface TimelineListProps {
  rows: readonly Row<TimelineItem>[];
  ctx: EntryContext;
  scrollRef: RefObject<HTMLElement>;
}

export function TimelineList({ rows, ctx, scrollRef }: TimelineListProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const estimate = useCallback((i: number) => estimateRow(rows[i]!), [rows]);
  const windowed = rows.length >= WINDOW_FROM_ROWS;
  const win = useListWindow({ keys, estimate, scrollRef, listRef, enabled: windowed });

  return (
    <ol
      ref={listRef}
      class="timeline-list"
      aria-label="Timeline"
      data-windowed={windowed ? 'true' : undefined}
      style={{ paddingTop: `${win.padTop}px`, paddingBottom: `${win.padBottom}px` }}
    >
      {rows.slice(win.start, win.end).map((row, i) => (
        <li
          key={row.key}
          data-row-key={row.key}
          class={row.kind === 'group' ? 'timeline-group' : 'timeline-row'}
          aria-posinset={windowed ? win.start + i + 1 : undefined}
          aria-setsize={windowed ? rows.length : undefined}
        >
          {row.kind === 'group' ? (
            <h2 class="group-heading" data-group={row.group.key}>
              {row.group.label}
            </h2>
          ) : row.item.kind === 'event' ? (
            <EventEntry item={row.item} ctx={ctx} />
          ) : (
            <ClaimEntry item={row.item} ctx={ctx} />
          )}
        </li>
      ))}
    </ol>
  );
}
