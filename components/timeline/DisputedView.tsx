/**
 * The questions the sources disagree on: the question, then each source's positions side by side
 * with its quote, publisher and date. What each says is shown; which is right is not ours to say.
 */
import { useEffect } from 'preact/hooks';
import { DateText } from '../DateText';
import type { CorpusClaim } from '@/lib/corpus/schema';
import type { EntityChip, SourceSummary } from '@/lib/messaging/timeline';
import { claimEntityIds } from '@/lib/timeline/items';
import { EntityChips } from './EntityChips';
import { SourceLink } from './SourceLink';
import { Stance } from './Stance';

export interface DisputedViewProps {
  claims: readonly CorpusClaim[];
  sources: ReadonlyMap<string, SourceSummary>;
  entities: ReadonlyMap<string, EntityChip>;
  currentSourceId: string | null;
  selectedEntities: readonly string[];
  onToggleEntity: (entityId: string) => void;
  /** A claim to scroll to and focus (from the timeline's "Compare the sources"). */
  focusClaimId: string | null;
}

type Position = CorpusClaim['positions'][number];

/** Positions grouped by source, sources in the order they first appear. */
function bySource(claim: CorpusClaim): [string, Position[]][] {
  const groups = new Map<string, Position[]>();
  for (const p of claim.positions) groups.set(p.sourceId, [...(groups.get(p.sourceId) ?? []), p]);
  return [...groups];
}

export function DisputedView(props: DisputedViewProps) {
  const { claims, focusClaimId } = props;
  useEffect(() => {
    if (!focusClaimId) return;
    const heading = document.getElementById(`claim-${focusClaimId}`);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  }, [focusClaimId]);

  if (!claims.length) return <p class="muted">The sources disagree on nothing in this corpus.</p>;
  return (
    <div class="claims">
      <p class="muted intro">
        Where the sources disagree: each source’s answer in its own words. Fact Context gives no verdict.
      </p>
      {claims.map((claim) => (
        <ClaimCard key={claim.id} claim={claim} {...props} />
      ))}
    </div>
  );
}

function ClaimCard({
  claim,
  sources,
  entities,
  currentSourceId,
  selectedEntities,
  onToggleEntity,
}: DisputedViewProps & {
  claim: CorpusClaim;
}) {
  const headingId = `claim-${claim.id}`;
  return (
    <article class="claim" data-claim={claim.id} aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        {claim.question}
      </h2>
      {claim.date && (
        <p class="muted">
          In the timeline at <DateText date={claim.date.date} precision={claim.date.datePrecision} />
        </p>
      )}
      <EntityChips
        ids={claimEntityIds(claim)}
        entities={entities}
        selected={selectedEntities}
        onToggle={onToggleEntity}
      />
      <ul class="positions" aria-label={`Positions on: ${claim.question}`}>
        {bySource(claim).map(([sourceId, positions]) => {
          const source = sources.get(sourceId);
          return (
            <li key={sourceId} class={`source-column${sourceId === currentSourceId ? ' entry-current' : ''}`}>
              <h3 class="source-title">
                <SourceLink sourceId={sourceId} title={source?.title ?? sourceId} />
              </h3>
              <p class="source-meta">
                {source?.publisher ?? 'Publisher not shown'}
                {source && (
                  <>
                    {' · '}
                    <DateText date={source.publishedAt} precision={source.datePrecision} />
                  </>
                )}
              </p>
              {sourceId === currentSourceId && <span class="badge badge-current">The article you are reading</span>}
              <ul class="source-positions">
                {positions.map((p, i) => (
                  <li
                    key={i}
                    data-position
                    data-source={p.sourceId}
                    data-stance={p.stance}
                    data-speaker={p.speakerId ?? undefined}
                  >
                    <p class="position-head">
                      <span class="speaker">
                        {p.speakerId ? (entities.get(p.speakerId)?.name ?? p.speakerId) : 'The article'}
                      </span>
                      {': '}
                      <Stance stance={p.stance} />
                    </p>
                    <p class="summary">{p.summary}</p>
                    <blockquote>
                      <SourceLink sourceId={p.sourceId} title={source?.title ?? p.sourceId} quote={p.quote}>
                        “{p.quote}”
                      </SourceLink>
                    </blockquote>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </article>
  );
}
