import { useState } from 'preact/hooks';
import { KIND_LABELS } from '@/lib/actions/kinds';
import type { CardData, Citation, Sourced } from '@/lib/cards/card-data';
import type { Evidence } from '@/lib/match/link';
import { DateText } from '../DateText';

const PROPERTY_LABELS: Record<string, string> = {
  type: 'Type',
  supplier: 'Supplied by',
  operator: 'Operated by',
  range: 'Range',
  figures: 'Figures',
  use: 'Use allowed',
};
const STANCE_LABELS = { yes: 'Yes', no: 'No', partly: 'Partly', unclear: 'Unclear' } as const;
/** Sections longer than this show a "more" button instead of overflowing the card. */
const ITEMS_BEFORE_MORE = 2;

/** Each handler gets the click that asked for it: on web pages the card checks it is the reader's own. */
export interface CardActions {
  onTimeline?: (event: Event) => void;
  onOpenSource?: (sourceId: string, quote: string | undefined, event: Event) => void;
  onMute?: (event: Event) => void;
  onSiteOff?: (event: Event) => void;
}

export interface EntityCardProps {
  card: CardData;
  /** Why this mention was highlighted (cards on pages); absent in the popup. */
  why?: { alias: string; evidence: Evidence } | null;
  actions?: CardActions;
  /** Id of the heading that names the dialog. */
  titleId?: string;
}

/** Said of every item that comes from an article the reader added, not from the bundled corpus. */
export const READING_MARK = 'your article';

function Cite({ citation, quote, actions }: { citation: Citation; quote?: string; actions?: CardActions }) {
  const label = (
    <>
      {citation.fromReading && <span class="reading-mark">{READING_MARK}: </span>}
      {citation.label}
      {citation.date && (
        <>
          , <DateText date={citation.date} precision={citation.datePrecision} />
        </>
      )}
    </>
  );
  return (
    <cite class="cite">
      (
      {actions?.onOpenSource ? (
        <button
          type="button"
          class="link"
          title={`Open “${citation.title}”${citation.url ? ` (${citation.url})` : ''} at this quote`}
          onClick={(event) => actions.onOpenSource!(citation.sourceId, quote, event)}
        >
          {label}
        </button>
      ) : (
        <span title={citation.url ? `${citation.title} (${citation.url})` : citation.title}>{label}</span>
      )}
      )
    </cite>
  );
}

/** Every source of a statement: "as of 11 Sep 2024 (Reaction, 13 Sep 2024); as of …". */
function Sources({
  sources,
  actions,
  showAsOf = true,
}: {
  sources: Sourced[];
  actions?: CardActions;
  showAsOf?: boolean;
}) {
  return (
    <>
      {sources.map((s, i) => (
        <span key={i} class="source">
          {i > 0 && '; '}
          {showAsOf && s.asOf && (
            <span class="asof">
              as of <DateText date={s.asOf.date} precision={s.asOf.datePrecision} />{' '}
            </span>
          )}
          <Cite citation={s.citation} quote={s.quote} actions={actions} />
        </span>
      ))}
    </>
  );
}

/** Shows the first items of a list, the rest behind a "more" button. */
function More<T>({
  items,
  render,
  label,
}: {
  items: T[];
  render: (item: T, i: number) => preact.ComponentChild;
  label: string;
}) {
  const [open, setOpen] = useState(false);
  const shown = open ? items : items.slice(0, ITEMS_BEFORE_MORE);
  return (
    <>
      <ul>{shown.map(render)}</ul>
      {items.length > ITEMS_BEFORE_MORE && (
        <button type="button" class="more" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Less' : `${items.length - ITEMS_BEFORE_MORE} more ${label}`}
        </button>
      )}
    </>
  );
}

function WhyHighlighted({ why }: { why: NonNullable<EntityCardProps['why']> }) {
  const { evidence, alias } = why;
  let reason = 'a name that only this entry uses';
  if (evidence.kind === 'title') reason = `“${evidence.title}” right beside it`;
  if (evidence.kind === 'full-name') reason = `the full name “${evidence.name}” elsewhere on this page`;
  if (evidence.kind === 'topic') reason = `related words nearby: ${evidence.words.map((w) => `“${w}”`).join(', ')}`;
  if (evidence.kind === 'metadata') reason = `this page’s own metadata naming “${evidence.name}”`;
  if (evidence.kind === 'spelling') reason = `“${evidence.written}” read as a near spelling of “${evidence.alias}”`;
  return (
    <p class="why">
      Highlighted because “{alias}” matched, with {reason}.
    </p>
  );
}

/** Everything the corpus says about one person or weapon, each statement with its source and date. */
export function EntityCard({ card, why, actions, titleId = 'fact-context-card-title' }: EntityCardProps) {
  const roles = card.roles;
  const distinctRoles = new Set(roles.map((r) => r.role)).size;
  return (
    <article class="card-body">
      <header>
        <h2 id={titleId}>{card.name}</h2>
        <p class="kind">
          {KIND_LABELS[card.kind].one}
          {card.country && <> · {card.country.text}</>}
        </p>
      </header>

      {roles.length > 0 && (
        <section aria-label="Role">
          <h3>{distinctRoles > 1 ? 'Roles, as the sources state them' : 'Role, as the sources state it'}</h3>
          <More
            items={roles}
            label="roles"
            render={(r, i) => (
              <li key={i}>
                {r.role} <Sources sources={r.sources} actions={actions} />
              </li>
            )}
          />
        </section>
      )}

      {card.properties.length > 0 && (
        <section aria-label="What it is">
          <h3>What the sources state</h3>
          <dl>
            {card.properties.map((p, i) => (
              <div key={i} class="prop">
                <dt>{PROPERTY_LABELS[p.property] ?? p.property}</dt>
                <dd>
                  <span class="clamp">{p.value}</span> <Sources sources={p.sources} actions={actions} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {card.facts.length > 0 && (
        <section aria-label="Key facts">
          <h3>Key facts</h3>
          <More
            items={card.facts}
            label="facts"
            render={(f) => (
              <li key={f.id}>
                <span class="clamp">{f.text}</span> <Sources sources={f.sources} actions={actions} showAsOf={false} />
              </li>
            )}
          />
        </section>
      )}

      {card.quotes.length > 0 && (
        <section aria-label="What they said">
          <h3>What they said</h3>
          <More
            items={card.quotes}
            label="quotes"
            render={(q) => (
              <li key={q.id}>
                <q class="clamp">{q.text}</q>
                {q.date && q.datePrecision && (
                  <>
                    {' '}
                    — <DateText date={q.date} precision={q.datePrecision} />
                  </>
                )}
                {q.reportedBy && <span class="asof"> (reported by {q.reportedBy})</span>}{' '}
                <Cite citation={q.citation} quote={q.text} actions={actions} />
              </li>
            )}
          />
        </section>
      )}

      {card.statements.length > 0 && (
        <section aria-label="Dated, in your articles" class="reading">
          <h3>Dated, in your articles</h3>
          <More
            items={card.statements}
            label="dated statements"
            render={(s) => (
              <li key={s.id} data-origin="reader">
                <DateText date={s.date} precision={s.datePrecision} />
                {s.dateMethod === 'relative' && <span class="asof"> (worked out from the article’s date)</span>}:{' '}
                <span class="clamp">{s.text}</span> <Cite citation={s.citation} quote={s.text} actions={actions} />
              </li>
            )}
          />
        </section>
      )}

      {card.disputes.length > 0 && (
        <section aria-label="Disputed" class="disputed">
          <h3>Disputed</h3>
          <More
            items={card.disputes}
            label="disputed questions"
            render={(d) => (
              <li key={d.id}>
                <p class="question">{d.question}</p>
                <div class="positions">
                  {d.positions.map((p, i) => (
                    <div key={i} class="position">
                      <span class={`stance stance-${p.stance}`}>{STANCE_LABELS[p.stance]}</span>
                      {p.speaker && <span class="speaker"> {p.speaker}:</span>} <span class="clamp">{p.summary}</span>{' '}
                      <Cite citation={p.citation} quote={p.quote} actions={actions} />
                    </div>
                  ))}
                </div>
              </li>
            )}
          />
        </section>
      )}

      {card.kind !== 'person' && card.events.length > 0 && (
        <section aria-label="Related events">
          <h3>Related events</h3>
          <More
            items={card.events}
            label="events"
            render={(e) => (
              <li key={e.id}>
                <DateText date={e.date} precision={e.datePrecision} /> {e.title}
              </li>
            )}
          />
        </section>
      )}

      {why && <WhyHighlighted why={why} />}

      <p class="coverage">
        Based on {card.coverage.sources} {card.coverage.sources === 1 ? 'source' : 'sources'}
        {card.coverage.reading > 0 && (
          <>
            {' '}
            ({card.coverage.bundled} bundled, {card.coverage.reading} of your articles)
          </>
        )}
        {card.coverage.from && card.coverage.fromPrecision && (
          <>
            , <DateText date={card.coverage.from} precision={card.coverage.fromPrecision} />
            {card.coverage.to && card.coverage.toPrecision && card.coverage.to !== card.coverage.from && (
              <>
                {' '}
                – <DateText date={card.coverage.to} precision={card.coverage.toPrecision} />
              </>
            )}
          </>
        )}
        .
      </p>

      {actions && (actions.onTimeline || actions.onMute || actions.onSiteOff) && (
        <footer class="actions">
          {actions.onTimeline && (
            <button type="button" onClick={actions.onTimeline}>
              Timeline
            </button>
          )}
          {actions.onMute && (
            <button type="button" onClick={actions.onMute}>
              Stop highlighting {card.name}
            </button>
          )}
          {actions.onSiteOff && (
            <button type="button" onClick={actions.onSiteOff}>
              Turn off on this site
            </button>
          )}
        </footer>
      )}
    </article>
  );
}
