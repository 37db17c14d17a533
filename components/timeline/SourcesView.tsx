/** Every article of the corpus: publisher, date and how it was dated, its position, what it mentions. */
import { DateText } from '../DateText';
import type { EntityChip, SourceSummary } from '@/lib/messaging/timeline';
import { DatingNote } from './DatingNote';
import { EntityChips } from './EntityChips';
import { SourceLink } from './SourceLink';
import { Stance } from './Stance';

export interface SourcesViewProps {
  sources: readonly SourceSummary[];
  entities: ReadonlyMap<string, EntityChip>;
  currentSourceId: string | null;
  selectedEntities: readonly string[];
  onToggleEntity: (entityId: string) => void;
}

export function SourcesView({
  sources,
  entities,
  currentSourceId,
  selectedEntities,
  onToggleEntity,
}: SourcesViewProps) {
  return (
    <ul class="sources" aria-label="Sources">
      {sources.map((s) => {
        const current = s.id === currentSourceId;
        const headingId = `source-${s.id}`;
        return (
          <li key={s.id}>
            <article
              class={`source-card${current ? ' entry-current' : ''}`}
              data-source-card={s.id}
              data-current={current ? 'true' : undefined}
              aria-labelledby={headingId}
            >
              <h2 id={headingId}>
                <SourceLink sourceId={s.id} title={s.title} />
              </h2>
              {current && <span class="badge badge-current">The article you are reading</span>}
              {s.titleKind === 'editorial' && <p class="muted">The article has no headline; this title is ours.</p>}
              <dl class="source-facts">
                <dt>Publisher</dt>
                <dd>
                  {s.publisher ?? 'Not shown in the text'}
                  {s.publisherNote && <span class="muted"> — {s.publisherNote}</span>}
                </dd>
                {s.author && (
                  <>
                    <dt>Author</dt>
                    <dd>{s.author}</dd>
                  </>
                )}
                <dt>Published</dt>
                <dd>
                  <DateText date={s.publishedAt} precision={s.datePrecision} />
                  <DatingNote dated={s} />
                </dd>
                <dt>Position on the central question</dt>
                <dd class="source-position">
                  <Stance stance={s.position.stance} /> {s.position.summary}
                  <blockquote>
                    <SourceLink sourceId={s.id} title={s.title} quote={s.position.quote}>
                      “{s.position.quote}”
                    </SourceLink>
                  </blockquote>
                </dd>
                <dt>Mentions</dt>
                <dd>
                  <EntityChips
                    ids={s.entityIds}
                    entities={entities}
                    selected={selectedEntities}
                    onToggle={onToggleEntity}
                    label={`People and weapons in ${s.title}`}
                  />
                </dd>
              </dl>
            </article>
          </li>
        );
      })}
    </ul>
  );
}
