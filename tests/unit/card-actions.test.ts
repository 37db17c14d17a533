/** The shared actions (lib/actions/, the switches in lib/settings/store.ts): one home each, called by card, popup, options and background. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { hostnameOf } from '@/lib/actions/hosts';
import { KIND_LABELS } from '@/lib/actions/kinds';
import { openTimeline } from '@/lib/actions/timeline';
import { ENTITY_KINDS } from '@/lib/corpus/schema';
import { timelineRequestItem } from '@/lib/session';
import { getDisabledSites, getMutedEntities, setEntityMuted, setSiteEnabled } from '@/lib/settings/store';

const withPanel = (open: (options: object) => Promise<void>) => {
  (fakeBrowser as unknown as { sidePanel?: unknown }).sidePanel = { open: vi.fn(open) };
  return (fakeBrowser as unknown as { sidePanel: { open: ReturnType<typeof vi.fn> } }).sidePanel.open;
};

afterEach(() => {
  delete (fakeBrowser as unknown as { sidePanel?: unknown }).sidePanel;
  vi.restoreAllMocks();
});

describe('opening the timeline', () => {
  it('opens the side panel beside the tab and asks it for the entity', async () => {
    const open = withPanel(async () => {});
    expect(await openTimeline('jane-roe', { tabId: 4 })).toBe('panel');
    expect(open).toHaveBeenCalledWith({ tabId: 4 });
    expect((await timelineRequestItem.getValue())?.entityIds).toEqual(['jane-roe']);
  });

  it('falls back to a tab filtered to the entity when there is no panel or no gesture', async () => {
    withPanel(async () => {
      throw new Error('sidePanel.open() may only be called in response to a user gesture');
    });
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await openTimeline('jane-roe', { windowId: 1 })).toBe('tab');
    expect(created.mock.calls.at(-1)![0].url).toMatch(/sidepanel\.html\?entity=jane-roe$/);
  });

  it('opens the whole timeline when no entity is asked for', async () => {
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await openTimeline(null, null)).toBe('tab');
    expect(created.mock.calls.at(-1)![0].url).toMatch(/sidepanel\.html$/);
    expect(await timelineRequestItem.getValue()).toBeNull();
  });
});

describe('switches', () => {
  it('mutes and unmutes once, saying whether anything changed', async () => {
    expect(await setEntityMuted('jane-roe', true)).toBe(true);
    expect(await setEntityMuted('jane-roe', true)).toBe(false);
    expect(await getMutedEntities()).toEqual(['jane-roe']);
    expect(await setEntityMuted('jane-roe', false)).toBe(true);
    expect(await setEntityMuted('jane-roe', false)).toBe(false);
    expect(await getMutedEntities()).toEqual([]);
  });

  it('turns a site off and on once', async () => {
    expect(await setSiteEnabled('news.example', false)).toBe(true);
    expect(await setSiteEnabled('news.example', false)).toBe(false);
    expect(await getDisabledSites()).toEqual(['news.example']);
    expect(await setSiteEnabled('news.example', true)).toBe(true);
    expect(await getDisabledSites()).toEqual([]);
  });
});

describe('words', () => {
  it('names a web page’s site, and nothing else', () => {
    expect(hostnameOf('https://news.example/story?x=1')).toBe('news.example');
    expect(hostnameOf('chrome-extension://abc/popup.html')).toBeNull();
    expect(hostnameOf('about:blank')).toBeNull();
    expect(hostnameOf(undefined)).toBeNull();
  });

  it('has one singular and one plural for every kind', () => {
    expect(Object.keys(KIND_LABELS).sort()).toEqual([...ENTITY_KINDS].sort());
    expect(KIND_LABELS.weapon).toEqual({ one: 'Weapon system', many: 'Weapon systems' });
  });
});
