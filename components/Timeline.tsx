import { request } from '@/lib/messaging/protocol';
import { DateText } from './DateText';
import { useRequest } from './useRequest';

/** Side panel: the corpus's events in date order, each with its sources' evidence. */
export function Timeline() {
  const events = useRequest(() => request('page.getEvents'));
  return (
    <main>
      <h1>Timeline</h1>
      {events.state === 'loading' && <p class="muted">Loading…</p>}
      {events.state === 'error' && <p class="error">The timeline could not be read: {events.error}</p>}
      {events.state === 'ready' && (
        <ol class="timeline" aria-label="Events">
          {events.value.map((e) => (
            <li key={e.id} data-event={e.id}>
              <DateText date={e.date} precision={e.datePrecision} /> <strong>{e.title}</strong>
              {e.dateNote && (
                <span class="muted">
                  {' '}
                  (date {e.dateMethod}: {e.dateNote})
                </span>
              )}
              <ul>
                {e.evidence.map((x) => (
                  <li key={x.sourceId}>
                    <cite>{x.sourceTitle}</cite>: “{x.quote}”
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
