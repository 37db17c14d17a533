/**
 * The user's data as WXT storage items, for the extension's pages and the background (reads,
 * writes, watching one item). The content script reads the same keys with ./index.ts.
 */
import { storage } from '#imports';
import { parseSettings, stringList, type Settings } from './index';

export const settingsItem = storage.defineItem<unknown>('local:settings', { fallback: {} });
/** Hostnames where the user turned highlighting off. */
export const disabledSitesItem = storage.defineItem<string[]>('local:disabledSites', { fallback: [] });
/** Entity ids the user asked not to highlight. */
export const mutedEntitiesItem = storage.defineItem<string[]>('local:mutedEntities', {
  fallback: [],
});

export async function getSettings(): Promise<Settings> {
  return parseSettings(await settingsItem.getValue());
}

export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await getSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

/** Mutes or unmutes one entity; whether anything changed. */
export async function setEntityMuted(entityId: string, muted: boolean): Promise<boolean> {
  const ids = await getMutedEntities();
  if (ids.includes(entityId) === muted) return false;
  await mutedEntitiesItem.setValue(muted ? [...ids, entityId] : ids.filter((id) => id !== entityId));
  return true;
}

/** Turns highlighting on or off for one site (a hostname); whether anything changed. */
export async function setSiteEnabled(host: string, enabled: boolean): Promise<boolean> {
  const sites = await getDisabledSites();
  if (sites.includes(host) !== enabled) return false;
  await disabledSitesItem.setValue(enabled ? sites.filter((s) => s !== host) : [...sites, host]);
  return true;
}

export async function getDisabledSites(): Promise<string[]> {
  return stringList(await disabledSitesItem.getValue());
}
export async function getMutedEntities(): Promise<string[]> {
  return stringList(await mutedEntitiesItem.getValue());
}

/**
 * Mutes and site switches made from a card on a web page, newest first, so the popup can list
 * them with an undo: a page may have steered the reader's click, and a card's own undo lasts
 * only seconds. Written by the background (the content script never writes storage).
 */
export interface RecentChange {
  id: string;
  kind: 'mute' | 'site-off';
  /** The muted entity (mute only), with its name as it was then. */
  entityId: string | null;
  name: string | null;
  /** The site the card was on (and, for site-off, the site turned off). */
  host: string | null;
  /** When (ms since the epoch). */
  at: number;
  /** The tab it came from: only that tab's card may take it back. */
  tabId: number | null;
}

/** The popup lists this many; older changes stay as they are, without an undo. */
export const MAX_RECENT_CHANGES = 10;

export const recentChangesItem = storage.defineItem<unknown>('local:recentChanges', { fallback: [] });

function isRecentChange(value: unknown): value is RecentChange {
  if (!value || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  const stringOrNull = (x: unknown) => x === null || typeof x === 'string';
  return (
    typeof c.id === 'string' &&
    (c.kind === 'mute' || c.kind === 'site-off') &&
    stringOrNull(c.entityId) &&
    stringOrNull(c.name) &&
    stringOrNull(c.host) &&
    typeof c.at === 'number' &&
    (c.tabId === null || typeof c.tabId === 'number')
  );
}

/** The stored list, without anything malformed. */
export function parseRecentChanges(value: unknown): RecentChange[] {
  return Array.isArray(value) ? value.filter(isRecentChange).slice(0, MAX_RECENT_CHANGES) : [];
}

export async function getRecentChanges(): Promise<RecentChange[]> {
  return parseRecentChanges(await recentChangesItem.getValue());
}

/** Adds a change at the top of the list. */
export async function recordChange(change: Omit<RecentChange, 'id'>): Promise<RecentChange> {
  const recorded: RecentChange = { ...change, id: `${change.at.toString(36)}-${crypto.randomUUID()}` };
  await recentChangesItem.setValue([recorded, ...(await getRecentChanges())].slice(0, MAX_RECENT_CHANGES));
  return recorded;
}

/**
 * Takes a change back (unmutes the entity, turns the site back on) and drops it from the list.
 * False when it is no longer listed.
 */
export async function undoChange(id: string): Promise<boolean> {
  const changes = await getRecentChanges();
  const change = changes.find((c) => c.id === id);
  if (!change) return false;
  if (change.kind === 'mute' && change.entityId) await setEntityMuted(change.entityId, false);
  else if (change.kind === 'site-off' && change.host) await setSiteEnabled(change.host, true);
  await recentChangesItem.setValue((await getRecentChanges()).filter((c) => c.id !== id));
  return true;
}
