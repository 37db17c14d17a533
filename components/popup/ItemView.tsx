/** A chosen fact, quote, event or source: what it says, in whose words, from which source and when. */
import type { ComponentChildren } from 'preact';
import { request } from '@/lib/messaging/protocol';
import type { EntityRef, ItemType, SearchItem, SourceRef } from '@/lib/search/types';
import { DateText } from '../DateText';
import { DETAIL_TITLE_ID } from './EntityView';
import { openReader } from './extension';
import { useRequest } from '../useRequest';

const TYPE_LABELS: Record<ItemType, string> = { fact: 'Fact', quote: 'Quote', event: 'Event', source: 'Source' };
const STANCE_LABELS = { yes: 'Yes', no: 'No', partly: 'Partly', unclear: 'Unclear' } as const;

function SourceLine({ source, quote, onOpened }: { source: SourceRef; quote?: string; onOpened: () => void }) {
  return (
    <p class="source-line">
      <cite>{source.publisher ? `${source.publisher}: ${source.title}` : source.title}</cite>
      {source.publishedAt && (
        <>
          , <DateText date={source.publishedAt} precision={source.datePrecision} />
        </>
      )}{' '}
      <button
        type="button"
        class="link"
        onClick={() => void openReader(source.id, quote).then(onOpened)}
        aria-label={`Read “${source.title}”${quote ? ' at this quote' : ''}`}
      >
        Read in the source
      </button>
    </p>
  );
}

function Entities({ entities, onOpenEntity }: { entities: EntityRef[]; onOpenEntity: (id: string) => void }) {
  if (!entities.length) return null;
  return (
    <div class="item-entities">
      <h3>Who and what</h3>
      <ul>
        {entities.map((e) => (
          <li key={e.id}>
            <button type="button" class="chip" onClick={() => onOpenEntity(e.id)}>
              {e.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Frame({
  type,
  title,
  children,
  fromReading,
}: {
  type: ItemType;
  title: ComponentChildren;
  children: ComponentChildren;
  /** From one of the reader's own articles (issue 17). */
  fromReading?: boolean;
}) {
  return (
    <article class="item" data-item-type={type} data-origin={fromReading ? 'reader' : undefined}>
      <p class="item-kind">
        {TYPE_LABELS[type]}
        {fromReading && <span class="reading-mark"> · from your article</span>}
      </p>
      <h2 id={DETAIL_TITLE_ID}>{title}</h2>
      {children}
    </article>
  );
}

export function ItemBody({
  item,
  onOpenEntity,
  onOpened,
}: {
  item: SearchItem;
  onOpenEntity: (id: string) => void;
  onOpened: () => void;
}) {
  switch (item.type) {
    case 'fact':
      return (
        <Frame type="fact" title={item.text}>
          <h3>In the source’s words</h3>
          <blockquote>“{item.quote}”</blockquote>
          <SourceLine source={item.source} quote={item.quote} onOpened={onOpened} />
          <Entities entities={item.entities} onOpenEntity={onOpenEntity} />
        </Frame>
      );
    case 'quote':
      return (
        <Frame type="quote" title={<q>{item.text}</q>} fromReading={item.fromReading}>
          <p>
            —{' '}
            {item.speaker ? (
              <button type="button" class="link" onClick={() => onOpenEntity(item.speaker!.id)}>
                {item.speaker.name}
              </button>
            ) : (
              (item.speakerName ?? 'Unknown speaker')
            )}
            {item.date && item.datePrecision ? (
              <>
                , <DateText date={item.date} precision={item.datePrecision} />
              </>
            ) : (
              <span class="muted"> (date not stated)</span>
            )}
          </p>
          <p class="muted">{item.context}</p>
          {item.reportedBy && <p class="muted">Reported by {item.reportedBy}</p>}
          {item.dateNote && <p class="muted">How it is dated: {item.dateNote}</p>}
          <SourceLine source={item.source} quote={item.text} onOpened={onOpened} />
        </Frame>
      );
    case 'event':
      return (
        <Frame type="event" title={item.title} fromReading={item.fromReading}>
          <p>
            <DateText date={item.date} precision={item.datePrecision} />
            {item.dateNote && <span class="muted"> ({item.dateNote})</span>}
          </p>
          <h3>{item.evidence.length === 1 ? 'The source says' : 'The sources say'}</h3>
          <ul class="evidence">
            {item.evidence.map((x, i) => (
              <li key={i}>
                <blockquote>“{x.quote}”</blockquote>
                <SourceLine source={x.source} quote={x.quote} onOpened={onOpened} />
              </li>
            ))}
          </ul>
          <Entities entities={item.entities} onOpenEntity={onOpenEntity} />
        </Frame>
      );
    case 'source':
      return (
        <Frame type="source" title={item.title}>
          <p>
            {item.publisher ?? 'Publisher not shown'}
            {item.author && `, ${item.author}`}, <DateText date={item.publishedAt} precision={item.datePrecision} />
          </p>
          <p>
            <span class="muted">Its position: </span>
            <strong>{STANCE_LABELS[item.position.stance]}</strong> — {item.position.summary}
          </p>
          <p>
            <button type="button" class="link" onClick={() => void openReader(item.id).then(onOpened)}>
              Read the article
            </button>
          </p>
          <Entities entities={item.entities} onOpenEntity={onOpenEntity} />
        </Frame>
      );
  }
}

export function ItemView({
  type,
  id,
  onOpenEntity,
  onOpened,
}: {
  type: ItemType;
  id: string;
  onOpenEntity: (id: string) => void;
  onOpened: () => void;
}) {
  const item = useRequest(() => request('page.getSearchItem', { type, id }), `${type}:${id}`);
  if (item.state === 'loading') return <p class="muted">Loading…</p>;
  if (item.state === 'error') return <p class="error">This entry could not be read: {item.error}</p>;
  return <ItemBody item={item.value} onOpenEntity={onOpenEntity} onOpened={onOpened} />;
}
