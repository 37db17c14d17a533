/** What a change of the user's switches is (lib/settings/index.ts): parsed as read, and told apart by effect. */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, SETTING_EFFECTS, changedSwitches, watchUserData, type UserData } from '@/lib/settings';

const base: UserData = { settings: DEFAULT_SETTINGS, disabledSites: ['a.example'], mutedEntities: ['jane-roe'] };

describe('changedSwitches', () => {
  it('names the sites and entities switched either way', () => {
    const changes = changedSwitches(base, {
      ...base,
      disabledSites: ['b.example'],
      mutedEntities: ['jane-roe', 'john-doe'],
    });
    expect(changes).toEqual({
      remark: false,
      sites: new Set(['a.example', 'b.example']),
      entities: new Set(['john-doe']),
    });
  });

  it('re-marks for every setting that changes marks, never for the open delay', () => {
    for (const [key, effect] of Object.entries(SETTING_EFFECTS)) {
      const value = { ...base.settings }[key as keyof typeof SETTING_EFFECTS];
      const other =
        typeof value === 'boolean'
          ? !value
          : typeof value === 'number'
            ? value + 100
            : Array.isArray(value)
              ? value.slice(1)
              : value === 'underline'
                ? 'background'
                : 'underline';
      const changes = changedSwitches(base, { ...base, settings: { ...base.settings, [key]: other } });
      expect(changes.remark, key).toBe(effect === 'remark');
    }
    expect(SETTING_EFFECTS.openDelayMs).toBe('none');
  });

  it('reads kinds as a set: the same kinds in another order change nothing', () => {
    const reordered = { ...base, settings: { ...base.settings, kinds: [...base.settings.kinds].reverse() } };
    expect(changedSwitches(base, reordered).remark).toBe(false);
  });
});

describe('watchUserData', () => {
  it('tells only the switches that changed, validated like a read', async () => {
    const seen = vi.fn();
    const stop = watchUserData(seen);
    await fakeBrowser.storage.local.set({ mutedEntities: ['jane-roe', 42], unrelated: true });
    await fakeBrowser.storage.local.set({ settings: { openDelayMs: 'soon', enabled: false } });
    await fakeBrowser.storage.local.set({ unrelated: false });
    stop();
    await fakeBrowser.storage.local.set({ disabledSites: ['x.example'] });
    expect(seen.mock.calls).toEqual([[{ mutedEntities: [] }], [{ settings: { ...DEFAULT_SETTINGS, enabled: false } }]]);
  });
});
