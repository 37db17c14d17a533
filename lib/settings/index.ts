/**
 * The user's own data: settings, per-site choices, muted entities. Kept in extension storage,
 * apart from the corpus database, so a corpus reload or a database rebuild never touches it.
 *
 * This module reads them with plain storage calls, for the content script (which runs on every
 * page and should not load a storage layer); the extension's pages and background read and
 * write them through WXT storage items in ./store.ts.
 */
import { browser } from '#imports';
import * as v from 'valibot';

export const ENTITY_KIND_SETTINGS = ['person', 'weapon', 'weapon-class'] as const;

import { DEFAULT_OPEN_DELAY_MS } from '../defaults';

export { DEFAULT_OPEN_DELAY_MS } from '../defaults';

/** What an empty or missing setting means: plain values, so no module parses anything when it loads. */
const DEFAULTS = {
  enabled: true,
  kinds: ENTITY_KIND_SETTINGS,
  openDelayMs: DEFAULT_OPEN_DELAY_MS,
  marksInTabOrder: false,
  highlightStyle: 'underline',
} as const;

export const Settings = v.object({
  enabled: v.optional(v.boolean(), DEFAULTS.enabled),
  kinds: v.optional(v.array(v.picklist(ENTITY_KIND_SETTINGS)), () => [...DEFAULTS.kinds]),
  openDelayMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(5000)), DEFAULTS.openDelayMs),
  marksInTabOrder: v.optional(v.boolean(), DEFAULTS.marksInTabOrder),
  highlightStyle: v.optional(v.picklist(['underline', 'background']), DEFAULTS.highlightStyle),
});
export type Settings = v.InferOutput<typeof Settings>;
export const DEFAULT_SETTINGS: Settings = { ...DEFAULTS, kinds: [...DEFAULTS.kinds] };

/** Reads stored settings; anything malformed falls back to the defaults, field by field where possible. */
export function parseSettings(value: unknown): Settings {
  const whole = v.safeParse(Settings, value ?? {});
  if (whole.success) return whole.output;
  const merged: Record<string, unknown> = v.parse(Settings, {});
  if (value && typeof value === 'object') {
    for (const [key, fieldSchema] of Object.entries(Settings.entries)) {
      const field = v.safeParse(fieldSchema, (value as Record<string, unknown>)[key]);
      if (field.success) merged[key] = field.output;
    }
  }
  return merged as Settings;
}

/** A stored list of strings, or an empty list when what is stored is anything else. */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string') ? value : [];
}

/** Storage keys of the user's data (the items in ./store.ts are `local:` + these). */
const USER_DATA_KEYS = ['settings', 'disabledSites', 'mutedEntities'] as const;

export interface UserData {
  settings: Settings;
  disabledSites: string[];
  mutedEntities: string[];
}

/** All of the user's switches in one storage read, validated like the getters above (the content script's path). */
export async function readUserData(): Promise<UserData> {
  const stored: Record<string, unknown> = await browser.storage.local.get([...USER_DATA_KEYS]);
  return {
    settings: parseSettings(stored.settings),
    disabledSites: stringList(stored.disabledSites),
    mutedEntities: stringList(stored.mutedEntities),
  };
}

/** Calls `onChange` whenever any of the user's switches change; one listener for all of them. */
export function watchUserData(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && USER_DATA_KEYS.some((k) => k in changes)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
