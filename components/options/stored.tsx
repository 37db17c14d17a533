/**
 * The user's switches as Preact state, kept in step with extension storage: a change made in
 * the popup, the options page or a card shows everywhere at once. Writes go straight to storage;
 * content scripts watch the same items and apply them to open tabs.
 */
import { useEffect, useState } from 'preact/hooks';
import { parseSettings, stringList, type Settings } from '@/lib/settings';
import {
  disabledSitesItem,
  getDisabledSites,
  getMutedEntities,
  getSettings,
  getRecentChanges,
  mutedEntitiesItem,
  parseRecentChanges,
  recentChangesItem,
  settingsItem,
  updateSettings,
  type RecentChange,
} from '@/lib/settings/store';

/** Reads a stored value and follows its changes; null until the first read. */
function useStored<T>(read: () => Promise<T>, watch: (cb: (value: T) => void) => () => void): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    void read().then((v) => live && setValue(v));
    const unwatch = watch((v) => live && setValue(v));
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return value;
}

export function useSettings(): Settings | null {
  return useStored(getSettings, (cb) => settingsItem.watch((v) => cb(parseSettings(v))));
}

export function useDisabledSites(): string[] | null {
  return useStored(getDisabledSites, (cb) => disabledSitesItem.watch((v) => cb(stringList(v))));
}

export function useMutedEntities(): string[] | null {
  return useStored(getMutedEntities, (cb) => mutedEntitiesItem.watch((v) => cb(stringList(v))));
}

/** Mutes and site switches made from cards, newest first (the popup's "Recent changes"). */
export function useRecentChanges(): RecentChange[] | null {
  return useStored(getRecentChanges, (cb) => recentChangesItem.watch((v) => cb(parseRecentChanges(v))));
}

export { updateSettings };

/** Turns highlighting on or off for one site (a hostname). */
export async function setSiteEnabled(host: string, enabled: boolean): Promise<void> {
  const sites = await getDisabledSites();
  const next = enabled ? sites.filter((s) => s !== host) : sites.includes(host) ? sites : [...sites, host];
  await disabledSitesItem.setValue(next);
}

/** Mutes or unmutes one entity. */
export async function setEntityMuted(entityId: string, muted: boolean): Promise<void> {
  const ids = await getMutedEntities();
  const next = muted ? (ids.includes(entityId) ? ids : [...ids, entityId]) : ids.filter((id) => id !== entityId);
  await mutedEntitiesItem.setValue(next);
}
