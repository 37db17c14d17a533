/** Sites turned off and entities muted: each listed, each can be turned back on. */
import { request } from '@/lib/messaging/protocol';
import type { EntityRef } from '@/lib/search/types';
import { useRequest } from '../useRequest';
import { setEntityMuted, setSiteEnabled } from './stored';

export function DisabledSites({ sites }: { sites: string[] }) {
  if (!sites.length) return <p class="muted">None: Fact Context runs on every site.</p>;
  return (
    <ul class="list" aria-label="Sites turned off">
      {sites.map((host) => (
        <li key={host}>
          <span>{host}</span>
          <button type="button" onClick={() => void setSiteEnabled(host, true)} aria-label={`Turn back on for ${host}`}>
            Turn back on
          </button>
        </li>
      ))}
    </ul>
  );
}

export function MutedEntities({ ids }: { ids: string[] }) {
  const names = useRequest(
    () =>
      ids.length ? request('page.getEntityNames', { entityIds: ids }) : Promise.resolve<Record<string, EntityRef>>({}),
    ids.join(','),
  );
  if (!ids.length) return <p class="muted">None: every person and weapon is highlighted.</p>;
  const known = names.state === 'ready' ? names.value : {};
  return (
    <ul class="list" aria-label="Muted people and weapons" data-muted-list>
      {ids.map((id) => {
        const name = known[id]?.name;
        return (
          <li key={id} data-entity-id={id}>
            <span>
              {name ?? id}
              {names.state === 'ready' && !name && <span class="muted"> (no longer in the corpus)</span>}
            </span>
            <button type="button" onClick={() => void setEntityMuted(id, false)} aria-label={`Unmute ${name ?? id}`}>
              Unmute
            </button>
          </li>
        );
      })}
    </ul>
  );
}
