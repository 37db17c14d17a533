/** What the panel knows about the active tab, in one line. */
import type { PageStatus } from '@/lib/messaging/protocol';
import type { SourceSummary } from '@/lib/messaging/timeline';
import type { ActivePage } from '@/lib/timeline/active-tab';

const STATUS_TEXT: Record<Exclude<PageStatus, 'ready'>, string> = {
  off: 'Fact Context is switched off.',
  'site-off': 'Fact Context is off on this site.',
  'opted-out': 'This page asked not to be highlighted.',
  'no-article': 'The active tab shows no article.',
  reading: 'Fact Context is still reading the active tab’s page.',
  waiting: 'The active tab’s page is still loading.',
  'over-budget': 'Fact Context stopped on the active tab’s page to keep it fast.',
  error: 'The active tab’s page could not be read.',
};

function describe(page: ActivePage | null, sources: ReadonlyMap<string, SourceSummary>): string {
  if (!page) return 'The active tab shows no page Fact Context reads.';
  const source = page.sourceId ? sources.get(page.sourceId) : undefined;
  const count = page.entities.length;
  const mentions = `it mentions ${count} ${count === 1 ? 'person or weapon' : 'people and weapons'} of the corpus`;
  if (source) return `You are reading “${source.title}”; ${mentions}. Its entries are marked.`;
  if (page.status === 'ready') return `The active tab’s article: ${mentions}.`;
  return STATUS_TEXT[page.status];
}

export function PageStatusLine({
  page,
  sources,
}: {
  page: ActivePage | null;
  sources: ReadonlyMap<string, SourceSummary>;
}) {
  return (
    <p
      class="page-status"
      role="status"
      data-page-status={page?.status ?? 'none'}
      data-page-source={page?.sourceId ?? undefined}
    >
      {describe(page, sources)}
    </p>
  );
}
