import type { ComponentChildren } from 'preact';
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
/** The property that says what a weapon is: the card's first line when it has one. */
const LEAD_PROPERTY = 'type';

/** Each handler gets the click that asked for it: on web pages the card checks it is the reader's own. */
export interface CardActions {
  onTimeline?: (event: Event) => void;
  onOpenSource?: (sourceId: string, quote: string | undefined, event: Event) => void;
  onMute?: (event: Event) => void;
  onSiteOff?: (event: Event) => void;
  /** "Add this page as a source": opens the confirmation (web pages where an article was found). */
  onAddArticle?: (event: Event) => void;
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

/** Shows a citation's full title while the pointer or the focus is on it (one line at the card's foot). */
type Hint = (title: string | null) => void;

/**
 * A citation as one unbreakable chip: outlet (or short title) · date. Its full title shows in the
 * card's hint line on hover and focus, is part of its accessible name, and is in the sources list.
 */
function Cite({
  citation,
  quote,
  actions,
  hint,
}: {
  citation: Citation;
  quote?: string;
  actions?: CardActions;
  hint: Hint;
}) {
  const label = (
    <>
      {citation.fromReading && <span class="reading-mark">{READING_MARK}: </span>}
      {citation.label}
      {citation.date && (
        <>
          {' · '}
          <DateText date={citation.date} precision={citation.datePrecision} />
        </>
      )}
      {citation.title !== citation.label && <span class="vh">: {citation.title}</span>}
    </>
  );
  // The reader's articles: their address with the title (bundled sources open in the reading view only).
  const show = () => hint(citation.url ? `${citation.title} (${citation.url})` : citation.title);
  const hide = () => hint(null);
  return (
    <cite class="chip" onMouseEnter={show} onMouseLeave={hide}>
      {actions?.onOpenSource ? (
        <button
          type="button"
          class="link"
          onFocus={show}
          onBlur={hide}
          onClick={(event) => actions.onOpenSource!(citation.sourceId, quote, event)}
        >
          {label}
        </button>
      ) : (
        label
      )}
    </cite>
  );
}

/** As of when a source states something, then its chip. */
function Sources({
  sources,
  actions,
  hint,
  showAsOf = true,
}: {
  sources: Sourced[];
  actions?: CardActions;
  hint: Hint;
  showAsOf?: boolean;
}) {
  return (
    <>
      {sources.map((s, i) => (
        <span key={i} class="source">
          {' '}
          {showAsOf && s.asOf && (
            <span class="asof">
              as of <DateText date={s.asOf.date} precision={s.asOf.datePrecision} />{' '}
            </span>
          )}
          <Cite citation={s.citation} quote={s.quote} actions={actions} hint={hint} />
        </span>
      ))}
    </>
  );
}

/** One part of the card, closed until the reader opens it; its summary says how much is inside. */
function Section({
  label,
  title,
  count,
  tone,
  children,
}: {
  label: string;
  title: string;
  count: number;
  tone?: 'disputed';
  children: ComponentChildren;
}) {
  return (
    <section aria-label={label} class={tone}>
      <details>
        <summary>
          {title} <span class="count">{count}</span>
        </summary>
        {children}
      </details>
    </section>
  );
}

function WhyHighlighted({ why }: { why: NonNullable<EntityCardProps['why']> }) {
  const { evidence, alias } = why;
  let reason = 'a name that only this entry uses';
  if (evidence.kind === 'title') reason = `“${evidence.title}” right beside it`;
  if (evidence.kind === 'full-name') reason = `the full name “${evidence.name}” elsewhere on this page`;
  if (evidence.kind === 'topic') reason = `related words nearby: ${evidence.words.map((w) => `“${w}”`).join(', ')}`;
  if (evidence.kind === 'same-name')
    reason = `the same name linked earlier on this page, beside related words: ${evidence.words.map((w) => `“${w}”`).join(', ')}`;
  if (evidence.kind === 'metadata') reason = `this page’s own metadata naming “${evidence.name}”`;
  if (evidence.kind === 'spelling') reason = `“${evidence.written}” read as a near spelling of “${evidence.alias}”`;
  return (
    <p class="why">
      Highlighted because “{alias}” matched, with {reason}.
    </p>
  );
}

/** Every source the card cites, once each, in order of first use. */
export function citedSources(card: CardData): Citation[] {
  const seen = new Map<string, Citation>();
  const add = (c: Citation) => {
    if (!seen.has(c.sourceId)) seen.set(c.sourceId, c);
  };
  const statements = [card.country, ...card.roles, ...card.properties, ...card.facts];
  for (const s of statements) for (const source of s?.sources ?? []) add(source.citation);
  for (const q of card.quotes) add(q.citation);
  for (const d of card.disputes) for (const p of d.positions) add(p.citation);
  return [...seen.values()];
}

/** The card's first line: who or what it is, as one source states it, as of when. */
function Lead({ card, actions, hint }: { card: CardData; actions?: CardActions; hint: Hint }) {
  const lead =
    card.kind === 'person'
      ? card.roles[0] && { text: card.roles[0].role, source: card.roles[0].sources[0] }
      : (() => {
          const p = card.properties.find((x) => x.property === LEAD_PROPERTY);
          return p && { text: p.value, source: p.sources[0] };
        })();
  if (!lead || !lead.source) return null;
  return (
    <p class="lead">
      <span class="clamp">{lead.text}</span>
      <Sources sources={[lead.source]} actions={actions} hint={hint} />
    </p>
  );
}

/** Everything the corpus says about one person or weapon, each statement with its source and date. */
export function EntityCard({ card, why, actions, titleId = 'fact-context-card-title' }: EntityCardProps) {
  const [hint, setHint] = useState<string | null>(null);
  const roles = card.roles;
  const sources = citedSources(card);
  const showRoles = roles.length > 1 || (roles[0]?.sources.length ?? 0) > 1;
  return (
    <article class="card-body">
      <header>
        <h2 id={titleId}>{card.name}</h2>
        <p class="kind">
          {KIND_LABELS[card.kind].one}
          {card.country && <> · {card.country.text}</>}
        </p>
      </header>
      <Lead card={card} actions={actions} hint={setHint} />

      {showRoles && (
        <Section
          label="Role"
          title={new Set(roles.map((r) => r.role)).size > 1 ? 'Roles, as the sources state them' : 'Role, by source'}
          count={roles.length}
        >
          <ul>
            {roles.map((r, i) => (
              <li key={i}>
                {r.role}
                <Sources sources={r.sources} actions={actions} hint={setHint} />
              </li>
            ))}
          </ul>
        </Section>
      )}

      {card.properties.length > 0 && (
        <Section label="What it is" title="What the sources state" count={card.properties.length}>
          <dl>
            {card.properties.map((p, i) => (
              <div key={i} class="prop">
                <dt>{PROPERTY_LABELS[p.property] ?? p.property}</dt>
                <dd>
                  <span class="clamp">{p.value}</span>
                  <Sources sources={p.sources} actions={actions} hint={setHint} />
                </dd>
              </div>
            ))}
          </dl>
        </Section>
      )}

      {card.facts.length > 0 && (
        <Section label="Key facts" title="Key facts" count={card.facts.length}>
          <ul>
            {card.facts.map((f) => (
              <li key={f.id}>
                <span class="clamp">{f.text}</span>
                <Sources sources={f.sources} actions={actions} hint={setHint} showAsOf={false} />
              </li>
            ))}
          </ul>
        </Section>
      )}

      {card.quotes.length > 0 && (
        <Section label="What they said" title="What they said" count={card.quotes.length}>
          <ul>
            {card.quotes.map((q) => (
              <li key={q.id}>
                <q class="clamp">{q.text}</q>
                {q.date && q.datePrecision && (
                  <span class="asof">
                    {' — '}
                    <DateText date={q.date} precision={q.datePrecision} />
                  </span>
                )}
                {q.reportedBy && <span class="asof"> (reported by {q.reportedBy})</span>}{' '}
                <Cite citation={q.citation} quote={q.text} actions={actions} hint={setHint} />
              </li>
            ))}
          </ul>
        </Section>
      )}

      {card.statements.length > 0 && (
        <Section label="Dated, in your articles" title="Dated, in your articles" count={card.statements.length}>
          <ul class="plain">
            {card.statements.map((s) => (
              <li key={s.id} data-origin="reader">
                <DateText date={s.date} precision={s.datePrecision} />
                {s.dateMethod === 'relative' && <span class="asof"> (worked out from the article’s date)</span>}:{' '}
                <span class="clamp">{s.text}</span>{' '}
                <Cite citation={s.citation} quote={s.text} actions={actions} hint={setHint} />
              </li>
            ))}
          </ul>
        </Section>
      )}

      {card.disputes.length > 0 && (
        <Section label="Disputed" title="Where the sources disagree" count={card.disputes.length} tone="disputed">
          <ul class="plain">
            {card.disputes.map((d) => (
              <li key={d.id}>
                <p class="question">{d.question}</p>
                <div class="positions">
                  {d.positions.map((p, i) => (
                    <div key={i} class="position">
                      <span class={`stance stance-${p.stance}`}>{STANCE_LABELS[p.stance]}</span>
                      {p.speaker && <span class="speaker"> {p.speaker}:</span>} <span class="clamp">{p.summary}</span>{' '}
                      <Cite citation={p.citation} quote={p.quote} actions={actions} hint={setHint} />
                    </div>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {card.kind !== 'person' && card.events.length > 0 && (
        <Section label="Related events" title="Related events" count={card.events.length}>
          <ul>
            {card.events.map((e) => (
              <li key={e.id}>
                <DateText date={e.date} precision={e.datePrecision} /> {e.title}
              </li>
            ))}
          </ul>
        </Section>
      )}

      {sources.length > 0 && (
        <Section label="Sources" title="Sources" count={sources.length}>
          <ul class="plain sources">
            {sources.map((c) => (
              <li key={c.sourceId}>
                <span class="source-title">{c.title}</span>
                <Cite citation={c} actions={actions} hint={setHint} />
              </li>
            ))}
          </ul>
        </Section>
      )}

      {why && <WhyHighlighted why={why} />}

      {/* A citation's full title takes the coverage line's place while pointed at or focused. */}
      {hint && (
        <p class="hint" aria-hidden="true">
          {hint}
        </p>
      )}
      <p class={hint ? 'coverage vh' : 'coverage'}>
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

      {actions && (actions.onTimeline || actions.onMute || actions.onSiteOff || actions.onAddArticle) && (
        <footer class="actions">
          {actions.onTimeline && (
            <button type="button" onClick={actions.onTimeline}>
              Timeline
            </button>
          )}
          {actions.onAddArticle && (
            <button type="button" onClick={actions.onAddArticle}>
              Add this page as a source
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
