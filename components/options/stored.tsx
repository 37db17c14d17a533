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
  setEntityMuted,
  setSiteEnabled,
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

// The one place that changes the muted list and the site switches (lib/settings/store.ts).
export { setEntityMuted, setSiteEnabled, updateSettings };
