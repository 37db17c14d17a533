/**
 * Undo for the card's destructive actions: the background records a mute or site switch made
 * from a page, a card's Undo takes back only its own tab's recent change, and the popup lists
 * every change still in effect with an Undo; the card's notice runs Undo only for the reader.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Notice } from '@/components/card/Notice';
import { changesInEffect, RecentChanges, whenText } from '@/components/popup/RecentChanges';
import { PAGE_UNDO_MS } from '@/lib/background/cards';
import { dispatch, type HandlerContext, type SenderInfo } from '@/lib/background/handlers';
import { TabLimits } from '@/lib/background/limits';
import { ensureCorpus } from '@/lib/db/loader';
import {
  getDisabledSites,
  getMutedEntities,
  getRecentChanges,
  MAX_RECENT_CHANGES,
  parseRecentChanges,
  recentChangesItem,
  recordChange,
  undoChange,
  type RecentChange,
} from '@/lib/settings/store';
import { loadCorpus } from '@/scripts/corpus/read';

const fixture = loadCorpus(join(import.meta.dirname, '../fixtures/corpus/valid')).bundle!;
const tab7: SenderInfo = { fromExtensionPage: false, tabId: 7, url: 'https://news.example/story' };
const tab8: SenderInfo = { fromExtensionPage: false, tabId: 8, url: 'https://news.example/other' };

async function context(): Promise<HandlerContext> {
  await Dexie.delete('undo-test');
  const { db } = await ensureCorpus(fixture, { name: 'undo-test' });
  // Each test its own tab limits (lib/background/limits.ts): the writes of one test do not count against the next.
  return { db: async () => db, setBadge: async () => {}, limits: new TabLimits() };
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('recent changes in the background', () => {
  it('records a mute from a page with the entity’s name, the site and the tab', async () => {
    const ctx = await context();
    expect(await dispatch('cs.muteEntity', { entityId: 'jane-roe' }, tab7, ctx)).toEqual({ ok: true, value: null });
    expect(await getMutedEntities()).toEqual(['jane-roe']);
    const [change] = await getRecentChanges();
    expect(change).toMatchObject({ kind: 'mute', entityId: 'jane-roe', host: 'news.example', tabId: 7 });
    expect(change!.name).toBe(fixture.entities.find((e) => e.id === 'jane-roe')!.name);
    // Muting again changes nothing, and records nothing.
    await dispatch('cs.muteEntity', { entityId: 'jane-roe' }, tab7, ctx);
    expect(await getRecentChanges()).toHaveLength(1);
  });

  it('records a site switch for the sender’s own site', async () => {
    const ctx = await context();
    await dispatch('cs.disableSite', undefined, tab7, ctx);
    expect(await getDisabledSites()).toEqual(['news.example']);
    expect(await getRecentChanges()).toMatchObject([{ kind: 'site-off', host: 'news.example', tabId: 7 }]);
  });

  it('lets a card take back its own tab’s change, and no other tab’s', async () => {
    const ctx = await context();
    await dispatch('cs.muteEntity', { entityId: 'jane-roe' }, tab7, ctx);
    expect(await dispatch('cs.undoChange', { kind: 'mute', entityId: 'jane-roe' }, tab8, ctx)).toEqual({
      ok: false,
      error: 'There is nothing to undo from this page',
    });
    expect(await getMutedEntities()).toEqual(['jane-roe']);
    expect(await dispatch('cs.undoChange', { kind: 'mute', entityId: 'jane-roe' }, tab7, ctx)).toEqual({
      ok: true,
      value: null,
    });
    expect(await getMutedEntities()).toEqual([]);
    expect(await getRecentChanges()).toEqual([]);

    await dispatch('cs.disableSite', undefined, tab7, ctx);
    expect((await dispatch('cs.undoChange', { kind: 'site-off' }, tab8, ctx)).ok).toBe(false);
    expect((await dispatch('cs.undoChange', { kind: 'site-off' }, tab7, ctx)).ok).toBe(true);
    expect(await getDisabledSites()).toEqual([]);
  });

  it('refuses a card’s undo once the change is older than PAGE_UNDO_MS (the popup can still undo it)', async () => {
    const ctx = await context();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    await dispatch('cs.muteEntity', { entityId: 'jane-roe' }, tab7, ctx);
    vi.setSystemTime(1_000_000 + PAGE_UNDO_MS + 1);
    expect((await dispatch('cs.undoChange', { kind: 'mute', entityId: 'jane-roe' }, tab7, ctx)).ok).toBe(false);
    const [change] = await getRecentChanges();
    expect(await undoChange(change!.id)).toBe(true);
    expect(await getMutedEntities()).toEqual([]);
  });

  it('lets a card undo past the tab’s write limit, but never more than it changed', async () => {
    const ctx = await context();
    for (const entityId of ['jane-roe', 'john-doe', 'skyfall'])
      expect((await dispatch('cs.muteEntity', { entityId }, tab7, ctx)).ok).toBe(true);
    // The tab's writes are used up…
    expect((await dispatch('cs.disableSite', undefined, tab7, ctx)).ok).toBe(false);
    // …and its undos still take each change back, once.
    for (const entityId of ['jane-roe', 'john-doe', 'skyfall'])
      expect((await dispatch('cs.undoChange', { kind: 'mute', entityId }, tab7, ctx)).ok).toBe(true);
    expect((await dispatch('cs.undoChange', { kind: 'mute', entityId: 'jane-roe' }, tab7, ctx)).ok).toBe(false);
    expect(await getMutedEntities()).toEqual([]);
  });

  it('validates the undo message like any other', async () => {
    const ctx = await context();
    for (const data of [{ kind: 'mute' }, { kind: 'site-off', host: 'other.example' }, { kind: 'all' }, undefined])
      expect((await dispatch('cs.undoChange', data, tab7, ctx)).ok).toBe(false);
  });
});

describe('the stored list', () => {
  it('keeps the newest MAX_RECENT_CHANGES and drops anything malformed', async () => {
    for (let i = 0; i < MAX_RECENT_CHANGES + 3; i++)
      await recordChange({ kind: 'mute', entityId: `e-${i}`, name: null, host: null, at: i, tabId: 1 });
    const changes = await getRecentChanges();
    expect(changes).toHaveLength(MAX_RECENT_CHANGES);
    expect(changes[0]!.entityId).toBe(`e-${MAX_RECENT_CHANGES + 2}`);
    await recentChangesItem.setValue([{ kind: 'mute' }, 'x', null, changes[0]]);
    expect(await getRecentChanges()).toEqual([changes[0]]);
    expect(parseRecentChanges({ not: 'a list' })).toEqual([]);
    expect(await undoChange('no-such-change')).toBe(false);
  });
});

describe('the popup’s list', () => {
  const change = (over: Partial<RecentChange>): RecentChange => ({
    id: 'c1',
    kind: 'mute',
    entityId: 'jane-roe',
    name: 'Jane Roe',
    host: 'news.example',
    at: 0,
    tabId: 7,
    ...over,
  });

  it('says what, where and when, and its Undo takes the change back', async () => {
    const recorded = await recordChange({
      kind: 'mute',
      entityId: 'jane-roe',
      name: 'Jane Roe',
      host: 'news.example',
      at: 1000,
      tabId: 7,
    });
    const { container } = render(<RecentChanges changes={[recorded]} now={1000 + 5 * 60_000} />);
    expect(screen.getByRole('region', { name: 'Recent changes' })).toBeTruthy();
    expect(container.textContent).toContain('Stopped highlighting Jane Roe');
    expect(container.textContent).toContain('from news.example · 5 min ago');
    expect(container.querySelector('time')!.getAttribute('datetime')).toBe(new Date(1000).toISOString());
    await (await import('@/lib/settings/store')).mutedEntitiesItem.setValue(['jane-roe']);
    fireEvent.click(screen.getByRole('button', { name: 'Undo: Stopped highlighting Jane Roe' }));
    await vi.waitFor(async () => expect(await getMutedEntities()).toEqual([]));
    expect(await getRecentChanges()).toEqual([]);
  });

  it('lists only changes still in effect, and nothing at all when there are none', () => {
    const changes = [
      change({ id: 'a' }),
      change({ id: 'b', entityId: 'unmuted-since' }),
      change({ id: 'c', kind: 'site-off', entityId: null, name: null }),
      change({ id: 'd', kind: 'site-off', entityId: null, name: null, host: 'back-on.example' }),
    ];
    expect(changesInEffect(changes, ['jane-roe'], ['news.example']).map((c) => c.id)).toEqual(['a', 'c']);
    const { container } = render(<RecentChanges changes={[]} />);
    expect(container.textContent).toBe('');
  });

  it('tells times as a reader would', () => {
    expect(whenText(0, 30_000)).toBe('just now');
    expect(whenText(0, 59 * 60_000)).toBe('59 min ago');
    expect(whenText(0, 3 * 3_600_000)).toBe('3 h ago');
    expect(whenText(Date.UTC(2024, 8, 13), Date.UTC(2024, 8, 20))).toMatch(/2024/);
  });
});

describe('the card’s notice', () => {
  it('runs Undo only when the press is the reader’s, and then goes away', () => {
    const undo = vi.fn();
    const dismiss = vi.fn();
    let allow = false;
    render(
      <Notice
        content={{ text: 'Jane Roe is no longer highlighted on any site.', undo }}
        onHold={() => {}}
        onRelease={() => {}}
        onDismiss={dismiss}
        mayUndo={() => allow}
      />,
    );
    const button = screen.getByRole('button', { name: 'Undo' });
    fireEvent.click(button);
    expect(undo).not.toHaveBeenCalled();
    expect(dismiss).not.toHaveBeenCalled();
    allow = true;
    fireEvent.click(button);
    expect(undo).toHaveBeenCalledOnce();
    expect(dismiss).toHaveBeenCalledOnce();
  });

  it('says a refusal without offering an undo', () => {
    const { container } = render(
      <Notice
        content={{ text: 'Could not stop highlighting Jane Roe: Too many changes…' }}
        onHold={() => {}}
        onRelease={() => {}}
        onDismiss={() => {}}
        mayUndo={() => true}
      />,
    );
    expect(container.textContent).toContain('Could not stop highlighting Jane Roe');
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });
});
