/**
 * The user's own data: settings, per-site choices, muted entities. Kept in extension storage,
 * apart from the corpus database, so a corpus reload or a database rebuild never touches it.
 */
import { browser, storage } from '#imports';
import * as v from 'valibot';

export const ENTITY_KIND_SETTINGS = ['person', 'weapon', 'weapon-class'] as const;

import { DEFAULT_OPEN_DELAY_MS } from './defaults';

export { DEFAULT_OPEN_DELAY_MS } from './defaults';

export const Settings = v.object({
  enabled: v.optional(v.boolean(), true),
  kinds: v.optional(v.array(v.picklist(ENTITY_KIND_SETTINGS)), [...ENTITY_KIND_SETTINGS]),
  openDelayMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(5000)), DEFAULT_OPEN_DELAY_MS),
  marksInTabOrder: v.optional(v.boolean(), false),
  highlightStyle: v.optional(v.picklist(['underline', 'background']), 'underline'),
});
export type Settings = v.InferOutput<typeof Settings>;
export const DEFAULT_SETTINGS: Settings = v.parse(Settings, {});

/** Reads stored settings; anything malformed falls back to the defaults, field by field where possible. */
export function parseSettings(value: unknown): Settings {
  const whole = v.safeParse(Settings, value ?? {});
  if (whole.success) return whole.output;
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (value && typeof value === 'object') {
    for (const [key, fieldSchema] of Object.entries(Settings.entries)) {
      const field = v.safeParse(fieldSchema, (value as Record<string, unknown>)[key]);
      if (field.success) merged[key] = field.output;
    }
  }
  return merged as Settings;
}

export const settingsItem = storage.defineItem<unknown>('local:settings', { fallback: {} });
/** Hostnames where the user turned highlighting off. */
export const disabledSitesItem = storage.defineItem<string[]>('local:disabledSites', { fallback: [] });
/** Entity ids the user asked not to highlight. */
export const mutedEntitiesItem = storage.defineItem<string[]>('local:mutedEntities', { fallback: [] });

export async function getSettings(): Promise<Settings> {
  return parseSettings(await settingsItem.getValue());
}

export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await getSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

const stringList = v.array(v.string());
export async function getDisabledSites(): Promise<string[]> {
  const value = await disabledSitesItem.getValue();
  return v.is(stringList, value) ? value : [];
}
export async function getMutedEntities(): Promise<string[]> {
  const value = await mutedEntitiesItem.getValue();
  return v.is(stringList, value) ? value : [];
}

const USER_DATA_KEYS = new Set(['settings', 'disabledSites', 'mutedEntities']);

/** Calls `onChange` whenever any of the user's switches change; one listener for all of them. */
export function watchUserData(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && Object.keys(changes).some((k) => USER_DATA_KEYS.has(k))) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
