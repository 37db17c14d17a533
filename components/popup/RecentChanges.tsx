/**
 * "Recent changes": mutes and site switches made from a card on a web page (what, where, when),
 * each with an Undo. A page may have steered the reader's click onto a card's button, and the
 * card's own undo lasts only seconds: here the reader can always take it back.
 */
import { undoChange, type RecentChange } from '@/lib/settings/store';

/** "just now", "5 min ago", "3 h ago", else the date. */
export function whenText(at: number, now: number): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function changeText(change: RecentChange): string {
  return change.kind === 'mute'
    ? `Stopped highlighting ${change.name ?? change.entityId ?? 'an entry'}`
    : `Turned off on ${change.host ?? 'a site'}`;
}

/** Changes still in effect: one undone elsewhere (the options page, the popup's switch) is not listed. */
export function changesInEffect(
  changes: readonly RecentChange[],
  muted: readonly string[],
  disabledSites: readonly string[],
): RecentChange[] {
  return changes.filter((c) =>
    c.kind === 'mute' ? !!c.entityId && muted.includes(c.entityId) : !!c.host && disabledSites.includes(c.host),
  );
}

export function RecentChanges({ changes, now = Date.now() }: { changes: readonly RecentChange[]; now?: number }) {
  if (!changes.length) return null;
  return (
    <section aria-labelledby="fc-changes-heading" class="recent-changes">
      <h2 id="fc-changes-heading">Recent changes</h2>
      <ul>
        {changes.map((c) => (
          <li key={c.id}>
            <span class="what">{changeText(c)}</span>{' '}
            <span class="muted small">
              {c.kind === 'mute' && c.host ? `from ${c.host} · ` : ''}
              <time dateTime={new Date(c.at).toISOString()}>{whenText(c.at, now)}</time>
            </span>{' '}
            <button type="button" aria-label={`Undo: ${changeText(c)}`} onClick={() => void undoChange(c.id)}>
              Undo
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
