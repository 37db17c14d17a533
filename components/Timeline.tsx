/**
 * The side panel: loads the corpus's timeline data, follows the active tab and the cards'
 * "Timeline" requests, and renders the panel's views (components/timeline/TimelinePanel.tsx).
 * How it follows the tab and hears requests is passed in, so it renders anywhere (tests too).
 */
import { useEffect, useState } from 'preact/hooks';
import { request } from '@/lib/messaging/protocol';
import type { ActivePage } from '@/lib/timeline/active-tab';
import { EMPTY_FILTER, type TimelineFilter } from '@/lib/timeline/filter';
import type { PanelParams } from '@/lib/timeline/url';
import { TimelinePanel, type EntityRequest } from './timeline/TimelinePanel';
import { useRequest } from './useRequest';

export interface TimelineProps {
  /** The filter the panel's address asks for (sidepanel.html?entity=…&source=…). */
  initial?: PanelParams;
  /** Follows the active tab's article: calls back now and on every change, returns a stop function. */
  watchPage?: (onPage: (page: ActivePage | null) => void) => () => void;
  /** Hears requests to show some entities' timeline; returns a stop function. */
  watchRequests?: (onRequest: (request: EntityRequest) => void) => () => void;
}

/** With nothing asked for, the panel shows what the reader's article is about. */
export function initialFilter(params: PanelParams | undefined): TimelineFilter {
  if (!params || (!params.entityIds.length && !params.sourceId)) return { ...EMPTY_FILTER, followPage: true };
  return { ...EMPTY_FILTER, entityIds: params.entityIds, sourceId: params.sourceId };
}

export function Timeline({ initial, watchPage, watchRequests }: TimelineProps) {
  const data = useRequest(() => request('page.getTimeline'));
  const [page, setPage] = useState<ActivePage | null>(null);
  const [entityRequest, setEntityRequest] = useState<EntityRequest | null>(null);

  useEffect(() => watchPage?.(setPage), [watchPage]);
  useEffect(() => watchRequests?.(setEntityRequest), [watchRequests]);

  if (data.state === 'loading') return <p class="muted">Loading…</p>;
  if (data.state === 'error') return <p class="error">The timeline could not be read: {data.error}</p>;
  return <TimelinePanel data={data.value} initialFilter={initialFilter(initial)} page={page} request={entityRequest} />;
}
