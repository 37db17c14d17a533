/**
 * The side panel's three views of the corpus (Timeline, Disputed, Sources) with the active tab's
 * article, from plain data: the container (components/Timeline.tsx) loads it and follows the tab.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { TimelineData } from '@/lib/messaging/timeline';
import type { ActivePage } from '@/lib/timeline/active-tab';
import { applyFilter, toggleEntity, type PageEntities, type TimelineFilter } from '@/lib/timeline/filter';
import { groupByMonth, groupRows } from '@/lib/timeline/group';
import { timelineItems } from '@/lib/timeline/items';
import { periodEnd, periodStart } from '@/lib/timeline/order';
import type { EntryContext } from './Entries';
import { DisputedView } from './DisputedView';
import { FilterBar } from './FilterBar';
import { PageStatusLine } from './PageStatusLine';
import { SourcesView } from './SourcesView';
import { TimelineList } from './TimelineList';

export const VIEWS = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'disputed', label: 'Disputed' },
  { id: 'sources', label: 'Sources' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

/** A filter asked for from outside (a card's "Timeline" action); `at` tells two equal requests apart. */
export interface EntityRequest {
  entityIds: string[];
  at: number;
}

export interface TimelinePanelProps {
  data: TimelineData;
  initialFilter: TimelineFilter;
  /** The active tab's article; null when it has none (or no page of ours answers there). */
  page: ActivePage | null;
  request?: EntityRequest | null;
  initialView?: ViewId;
}

export function TimelinePanel({ data, initialFilter, page, request, initialView = 'timeline' }: TimelinePanelProps) {
  const [filter, setFilter] = useState(initialFilter);
  const [view, setView] = useState<ViewId>(initialView);
  const [focusClaimId, setFocusClaimId] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const tabRefs = useRef<Partial<Record<ViewId, HTMLButtonElement | null>>>({});

  useEffect(() => {
    if (!request) return;
    setFilter((f) => ({ ...f, followPage: false, entityIds: request.entityIds }));
    setView('timeline');
  }, [request]);

  const entities = useMemo(() => new Map(data.entities.map((e) => [e.id, e])), [data]);
  const sources = useMemo(() => new Map(data.sources.map((s) => [s.id, s])), [data]);
  // The reader's dated statements are placed with the bundled events (origin 'reader').
  const readerSources = useMemo(() => new Map((data.reading?.sources ?? []).map((s) => [s.id, s])), [data]);
  const items = useMemo(() => timelineItems([...data.events, ...(data.reading?.events ?? [])], data.claims), [data]);
  const range = useMemo(
    () => (items.length ? { min: periodStart(items[0]!), max: items.map(periodEnd).sort().at(-1)! } : null),
    [items],
  );
  const pageEntities: PageEntities = useMemo(
    () => (page && page.status !== 'no-article' ? new Set(page.entities.map((e) => e.id)) : null),
    [page],
  );
  const shown = useMemo(() => applyFilter(items, filter, pageEntities), [items, filter, pageEntities]);
  const rows = useMemo(() => groupRows(groupByMonth(shown)), [shown]);

  const onToggleEntity = (id: string) => setFilter((f) => toggleEntity(f, id));
  const ctx: EntryContext = {
    entities,
    sources,
    readerSources,
    selectedEntities: filter.entityIds,
    currentSourceId: page?.sourceId ?? null,
    onToggleEntity,
    onCompare: (claimId) => {
      setFocusClaimId(claimId);
      setView('disputed');
    },
  };
  // From the other views a chip shows that entity's timeline.
  const showEntity = (id: string) => {
    setFilter((f) => ({ ...f, followPage: false, entityIds: f.entityIds.includes(id) ? f.entityIds : [id] }));
    setView('timeline');
  };

  const select = (next: ViewId) => {
    setView(next);
    if (next !== 'disputed') setFocusClaimId(null);
    scrollRef.current?.scrollTo?.({ top: 0 });
  };
  const onTabKey = (e: KeyboardEvent) => {
    const i = VIEWS.findIndex((v) => v.id === view);
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -i, End: VIEWS.length - 1 - i }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const next = VIEWS[(i + step + VIEWS.length) % VIEWS.length]!.id;
    select(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <main class="timeline-panel">
      <header class="panel-head">
        <h1>Fact Context</h1>
        <PageStatusLine page={page} sources={sources} />
        <div class="tabs" role="tablist" aria-label="Views" onKeyDown={onTabKey}>
          {VIEWS.map((v) => (
            <button
              key={v.id}
              ref={(el) => {
                tabRefs.current[v.id] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${v.id}`}
              aria-selected={view === v.id}
              aria-controls="view-panel"
              tabIndex={view === v.id ? 0 : -1}
              onClick={() => select(v.id)}
            >
              {v.label}
              {v.id === 'disputed' ? ` (${data.claims.length})` : v.id === 'sources' ? ` (${data.sources.length})` : ''}
            </button>
          ))}
        </div>
      </header>
      <div
        ref={scrollRef}
        class="panel-body"
        id="view-panel"
        role="tabpanel"
        aria-labelledby={`tab-${view}`}
        tabIndex={0}
        data-view={view}
      >
        {view === 'timeline' && (
          <>
            <FilterBar
              filter={filter}
              onChange={setFilter}
              page={pageEntities}
              entities={entities}
              sources={data.sources}
              readerSources={data.reading?.sources ?? []}
              shown={shown.length}
              total={items.length}
              range={range}
            />
            {rows.length ? (
              <TimelineList rows={rows} ctx={ctx} scrollRef={scrollRef} />
            ) : (
              <p class="muted empty">No entry matches this filter.</p>
            )}
          </>
        )}
        {view === 'disputed' && (
          <DisputedView
            claims={data.claims}
            sources={sources}
            entities={entities}
            currentSourceId={page?.sourceId ?? null}
            selectedEntities={filter.entityIds}
            onToggleEntity={showEntity}
            focusClaimId={focusClaimId}
          />
        )}
        {view === 'sources' && (
          <SourcesView
            sources={data.sources}
            entities={entities}
            currentSourceId={page?.sourceId ?? null}
            selectedEntities={filter.entityIds}
            onToggleEntity={showEntity}
          />
        )}
      </div>
    </main>
  );
}
