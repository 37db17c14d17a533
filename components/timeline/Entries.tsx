/** One entry of the timeline: an event with its sources, or a disputed claim placed at its date. */
import { DateText } from '../DateText';
import type { EntityChip, ReaderSourceBrief, SourceSummary } from '@/lib/messaging/timeline';
import type { ClaimItem, EventItem } from '@/lib/timeline/items';
import { DatingNote } from './DatingNote';
import { EntityChips } from './EntityChips';
import { SourceLink } from './SourceLink';

export interface EntryContext {
  entities: ReadonlyMap<string, EntityChip>;
  sources: ReadonlyMap<string, SourceSummary>;
  /** The reader's own articles (issue 17): their statements are entries with `origin: 'reader'`. */
  readerSources?: ReadonlyMap<string, ReaderSourceBrief>;
  selectedEntities: readonly string[];
  /** The corpus article the reader is on, when there is one. */
  currentSourceId: string | null;
  onToggleEntity: (entityId: string) => void;
  onCompare: (claimId: string) => void;
}

function CurrentBadge() {
  return <span class="badge badge-current">In the article you are reading</span>;
}

export function EventEntry({ item, ctx }: { item: EventItem; ctx: EntryContext }) {
  const { event } = item;
  const current = ctx.currentSourceId !== null && item.sourceIds.includes(ctx.currentSourceId);
  const headingId = `event-${event.id}`;
  const mine = item.origin === 'reader';
  return (
    <article
      class={`entry${current ? ' entry-current' : ''}${mine ? ' entry-reading' : ''}`}
      data-event={event.id}
      data-origin={item.origin}
      data-current={current ? 'true' : undefined}
      aria-labelledby={headingId}
    >
      <DateText date={event.date} precision={event.datePrecision} />
      {mine && <span class="badge badge-reading">Your article</span>}
      {current && <CurrentBadge />}
      <h3 id={headingId}>{event.title}</h3>
      <DatingNote dated={event} />
      <EntityChips
        ids={event.entityIds}
        entities={ctx.entities}
        selected={ctx.selectedEntities}
        onToggle={ctx.onToggleEntity}
      />
      <ul class="evidence" aria-label={`Sources for: ${event.title}`}>
        {event.evidence.map((x, i) => {
          const source = ctx.sources.get(x.sourceId);
          const reading = mine ? ctx.readerSources?.get(x.sourceId) : undefined;
          if (mine)
            return (
              <li key={`${x.sourceId}-${i}`} data-source={x.sourceId} data-origin="reader">
                <blockquote>“{x.quote}”</blockquote>
                <p class="evidence-source">
                  <SourceLink sourceId={x.sourceId} title={reading?.title ?? 'Your article'} quote={x.quote} />
                  <span class="muted">
                    {' '}
                    · your article
                    {reading && (
                      <>
                        {' '}
                        · {reading.outlet}
                        {reading.publishedAt && reading.datePrecision && (
                          <>
                            {', '}
                            <DateText date={reading.publishedAt} precision={reading.datePrecision} />
                          </>
                        )}
                      </>
                    )}
                  </span>
                </p>
              </li>
            );
          return (
            <li
              key={`${x.sourceId}-${i}`}
              data-source={x.sourceId}
              class={x.sourceId === ctx.currentSourceId ? 'evidence-current' : undefined}
            >
              <blockquote>“{x.quote}”</blockquote>
              <p class="evidence-source">
                <SourceLink sourceId={x.sourceId} title={source?.title ?? x.sourceId} quote={x.quote} />
                {source?.publisher ? <span class="muted"> · {source.publisher}</span> : null}
              </p>
            </li>
          );
        })}
      </ul>
    </article>
  );
}

export function ClaimEntry({ item, ctx }: { item: ClaimItem; ctx: EntryContext }) {
  const { claim } = item;
  const current = ctx.currentSourceId !== null && item.sourceIds.includes(ctx.currentSourceId);
  const headingId = `claim-entry-${claim.id}`;
  return (
    <article
      class={`entry entry-claim${current ? ' entry-current' : ''}`}
      data-claim-entry={claim.id}
      data-current={current ? 'true' : undefined}
      aria-labelledby={headingId}
    >
      <DateText date={item.date} precision={item.datePrecision} />
      <span class="badge badge-disputed">Disputed</span>
      {current && <CurrentBadge />}
      <h3 id={headingId}>{claim.question}</h3>
      <p class="muted">
        {claim.positions.length} positions from {item.sourceIds.length}{' '}
        {item.sourceIds.length === 1 ? 'source' : 'sources'}.{' '}
        <button type="button" class="link-button" onClick={() => ctx.onCompare(claim.id)}>
          Compare the sources
        </button>
      </p>
      <EntityChips
        ids={item.entityIds}
        entities={ctx.entities}
        selected={ctx.selectedEntities}
        onToggle={ctx.onToggleEntity}
      />
    </article>
  );
}
