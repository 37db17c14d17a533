/** An entity's full card in the popup, with its timeline, its sources, and the mute switch. */
import { EntityCard } from '../card/EntityCard';
import { request } from '@/lib/messaging/protocol';
import { setEntityMuted, useMutedEntities } from '../options/stored';
import { openReader, openSidePanel } from './extension';
import { useRequest } from '../useRequest';
import { useTheme } from './theme';

export const DETAIL_TITLE_ID = 'fc-detail-title';

export function EntityView({
  entityId,
  windowId,
  onOpened,
}: {
  entityId: string;
  windowId: number | null;
  /** Called after something opened elsewhere (a panel, a tab): the toolbar popup closes. */
  onOpened: () => void;
}) {
  const card = useRequest(() => request('page.getEntityCard', { entityId }), entityId);
  const muted = useMutedEntities();
  const theme = useTheme();
  if (card.state === 'loading') return <p class="muted">Loading…</p>;
  if (card.state === 'error') return <p class="error">This entry could not be read: {card.error}</p>;
  const isMuted = !!muted?.includes(entityId);
  return (
    <>
      <div class="fc-card popup-card" data-theme={theme}>
        <EntityCard
          card={card.value}
          titleId={DETAIL_TITLE_ID}
          actions={{
            onTimeline: () => void openSidePanel(windowId, entityId).then(onOpened),
            onOpenSource: (sourceId, quote) => void openReader(sourceId, quote).then(onOpened),
            ...(isMuted ? {} : { onMute: () => void setEntityMuted(entityId, true) }),
          }}
        />
      </div>
      {isMuted && (
        <p class="note" role="status">
          {card.value.name} is not highlighted on pages.{' '}
          <button type="button" class="link" onClick={() => void setEntityMuted(entityId, false)}>
            Highlight again
          </button>
        </p>
      )}
    </>
  );
}
