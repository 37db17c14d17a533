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

/**
 * Calls `onChange` with the switches that changed (parsed like `readUserData`) whenever any of
 * them change; one listener for all of them.
 */
export function watchUserData(onChange: (changed: Partial<UserData>) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    const changed: Partial<UserData> = {};
    if ('settings' in changes) changed.settings = parseSettings(changes.settings!.newValue);
    if ('disabledSites' in changes) changed.disabledSites = stringList(changes.disabledSites!.newValue);
    if ('mutedEntities' in changes) changed.mutedEntities = stringList(changes.mutedEntities!.newValue);
    if (Object.keys(changed).length) onChange(changed);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * What a change of each setting asks of a page that shows marks: `remark` (what is marked or how
 * marks look or behave changes) or `none` (read when used: the card's open delay). Every setting
 * must say, so a new one cannot silently re-mark every tab, nor silently not apply.
 */
export const SETTING_EFFECTS: { readonly [K in keyof Settings]: 'remark' | 'none' } = {
  enabled: 'remark',
  kinds: 'remark',
  highlightStyle: 'remark',
  marksInTabOrder: 'remark',
  openDelayMs: 'none',
};

/** What changed between two readings of the user's switches. */
export interface SwitchChanges {
  /** A setting that changes every page's marks changed (SETTING_EFFECTS). */
  remark: boolean;
  /** Sites turned off or back on. */
  sites: Set<string>;
  /** Entities muted or unmuted. */
  entities: Set<string>;
}

export function changedSwitches(before: UserData, after: UserData): SwitchChanges {
  const remark = (Object.keys(SETTING_EFFECTS) as (keyof Settings)[]).some(
    (key) => SETTING_EFFECTS[key] === 'remark' && !sameValue(before.settings[key], after.settings[key]),
  );
  return {
    remark,
    sites: symmetricDifference(before.disabledSites, after.disabledSites),
    entities: symmetricDifference(before.mutedEntities, after.mutedEntities),
  };
}

/** Equal values; lists compare as sets (the order of `kinds` means nothing). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return symmetricDifference(a, b).size === 0;
  return a === b;
}

function symmetricDifference<T>(a: readonly T[], b: readonly T[]): Set<T> {
  const inA = new Set(a);
  const inB = new Set(b);
  const out = new Set<T>();
  for (const x of inA) if (!inB.has(x)) out.add(x);
  for (const x of inB) if (!inA.has(x)) out.add(x);
  return out;
}
