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

export async function getDisabledSites(): Promise<string[]> {
  return stringList(await disabledSitesItem.getValue());
}
export async function getMutedEntities(): Promise<string[]> {
  return stringList(await mutedEntitiesItem.getValue());
}
