import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fullWindow, rowOffsets, visibleWindow, type ListWindow } from '@/lib/timeline/windowing';

/** Rendered beyond the visible area, above and below: room for a quick flick before blank space could show. */
export const OVERSCAN_PX = 800;
/** Viewport height assumed before layout gives one (a document without layout, such as jsdom). */
export const FALLBACK_VIEWPORT_PX = 800;
/** A measured height this close to the stored one is the same (sub-pixel rounding). */
const HEIGHT_TOLERANCE_PX = 0.5;

export interface ListWindowOptions {
  /** A stable key per row: measured heights follow the row when the list is filtered. */
  keys: readonly string[];
  /** Height of a row not measured yet. */
  estimate: (index: number) => number;
  /** The element that scrolls. */
  scrollRef: RefObject<HTMLElement>;
  /** The list; its children carry `data-row-key`. */
  listRef: RefObject<HTMLElement>;
  /** Off: every row is rendered. */
  enabled: boolean;
}

/**
 * Renders only the rows in and near view of a long list of rows of different heights. Rows are
 * measured once rendered; rows never rendered count at their estimate.
 */
export function useListWindow({ keys, estimate, scrollRef, listRef, enabled }: ListWindowOptions): ListWindow {
  const measured = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [view, setView] = useState({ top: 0, height: 0 });

  const offsets = useMemo(
    () => rowOffsets(keys.map((key, i) => measured.current.get(key) ?? estimate(i))),
    // `version` changes when a measurement does.
    [keys, estimate, version],
  );

  useEffect(() => {
    const scroller = scrollRef.current;
    const list = listRef.current;
    if (!enabled || !scroller || !list) return;
    // Where the list starts in the scrolled content (below the filters). Read on mount and resize;
    // the filters opening or closing moves it by less than the overscan.
    let listTop = 0;
    const measureTop = () => {
      listTop = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    };
    const update = () => setView({ top: scroller.scrollTop - listTop, height: scroller.clientHeight });
    measureTop();
    update();
    scroller.addEventListener('scroll', update, { passive: true });
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            measureTop();
            update();
          });
    resize?.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', update);
      resize?.disconnect();
    };
  }, [enabled, scrollRef, listRef]);

  // Measure what was just rendered; a changed height re-renders with the true offsets.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!enabled || !list) return;
    let changed = false;
    for (const el of Array.from(list.children) as HTMLElement[]) {
      const key = el.dataset.rowKey;
      if (!key) continue;
      const height = el.getBoundingClientRect().height;
      const known = measured.current.get(key);
      if (height > 0 && (known === undefined || Math.abs(known - height) > HEIGHT_TOLERANCE_PX)) {
        measured.current.set(key, height);
        changed = true;
      }
    }
    if (changed) setVersion((v) => v + 1);
  });

  if (!enabled) return fullWindow(keys.length);
  return visibleWindow(offsets, view.top, view.height || FALLBACK_VIEWPORT_PX, OVERSCAN_PX);
}
