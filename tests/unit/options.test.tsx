/**
 * The options page (Testing Library, jsdom, WXT's fake browser): every setting written to
 * extension storage at once, the sites and muted lists with their undo, the shortcuts, the
 * corpus in use, and accessibility.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CorpusInfo } from '@/lib/messaging/protocol';
import type * as Protocol from '@/lib/messaging/protocol';
import { DEFAULT_SETTINGS, parseSettings } from '@/lib/settings';
import {
  disabledSitesItem,
  getDisabledSites,
  getMutedEntities,
  getSettings,
  mutedEntitiesItem,
  settingsItem,
} from '@/lib/settings/store';

const messaging = vi.hoisted(() => ({ request: vi.fn() }));
vi.mock('@/lib/messaging/protocol', async (original) => ({
  ...(await original<typeof Protocol>()),
  request: messaging.request,
}));
const { Options } = await import('@/components/Options');

const INFO: CorpusInfo = {
  version: 'abc123',
  loadedAt: 0,
  counts: { sources: 2, entities: 3, facts: 4, quotes: 5, events: 6, claims: 1 },
  sources: [
    { id: 'one', title: 'First article', publisher: 'The Daily', publishedAt: '2024-09-11', datePrecision: 'day' },
    { id: 'two', title: 'Second article', publisher: null, publishedAt: '2024-05', datePrecision: 'month' },
  ],
};
const NAMES = {
  'david-lammy': { id: 'david-lammy', name: 'David Lammy', kind: 'person' },
  atacms: { id: 'atacms', name: 'ATACMS', kind: 'weapon' },
};

beforeEach(() => {
  messaging.request.mockImplementation(async (type: string, data?: { entityIds: string[] }) => {
    if (type === 'page.getCorpusInfo') return INFO;
    if (type === 'page.getEntityNames') {
      return Object.fromEntries(
        data!.entityIds.filter((id) => id in NAMES).map((id) => [id, NAMES[id as keyof typeof NAMES]]),
      );
    }
    throw new Error(`unexpected ${type}`);
  });
  vi.spyOn(fakeBrowser.commands, 'getAll').mockResolvedValue([
    { name: 'next-mention', description: 'Go to the next highlighted name', shortcut: 'Alt+Shift+N' },
    { name: 'open-timeline', description: 'Open the timeline', shortcut: '' },
  ]);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function renderOptions() {
  const view = render(<Options />);
  await screen.findByRole('switch', { name: 'Highlight names on web pages' });
  return view;
}

describe('settings', () => {
  it('has plain defaults equal to what the schema makes of empty or broken storage', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ kinds: 'all', openDelayMs: -1 })).toEqual(DEFAULT_SETTINGS);
    // Each read gets its own list: changing one must not change the defaults.
    parseSettings({}).kinds.pop();
    expect(DEFAULT_SETTINGS.kinds).toEqual(['person', 'weapon', 'weapon-class']);
  });
});

describe('options', () => {
  it('shows the stored settings and writes each change to storage at once', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, kinds: ['person', 'weapon'], openDelayMs: 500 });
    await renderOptions();
    const people = screen.getByRole('checkbox', { name: /^People/ }) as HTMLInputElement;
    const classes = screen.getByRole('checkbox', { name: /^Kinds of weapon/ }) as HTMLInputElement;
    await waitFor(() => expect(classes.checked).toBe(false));
    expect(people.checked).toBe(true);
    expect((screen.getByLabelText(/Hover delay/) as HTMLInputElement).value).toBe('500');

    fireEvent.click(people);
    await waitFor(async () => expect((await getSettings()).kinds).toEqual(['weapon']));
    fireEvent.click(classes);
    await waitFor(async () => expect((await getSettings()).kinds).toEqual(['weapon', 'weapon-class']));

    fireEvent.click(screen.getByRole('switch', { name: 'Highlight names on web pages' }));
    await waitFor(async () => expect((await getSettings()).enabled).toBe(false));
    fireEvent.click(screen.getByRole('radio', { name: 'Tinted background' }));
    await waitFor(async () => expect((await getSettings()).highlightStyle).toBe('background'));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Let the Tab key stop at highlighted names' }));
    await waitFor(async () => expect((await getSettings()).marksInTabOrder).toBe(true));
  });

  it('takes a hover delay within bounds and puts back anything else', async () => {
    await renderOptions();
    const delay = screen.getByLabelText(/Hover delay/) as HTMLInputElement;
    fireEvent.change(delay, { target: { value: '750' } });
    await waitFor(async () => expect((await getSettings()).openDelayMs).toBe(750));
    fireEvent.change(delay, { target: { value: '99999' } });
    await waitFor(() => expect(delay.value).toBe('750'));
    expect((await getSettings()).openDelayMs).toBe(750);
  });

  it('follows changes made elsewhere (the popup, a card)', async () => {
    await renderOptions();
    await mutedEntitiesItem.setValue(['atacms']);
    const list = await screen.findByRole('list', { name: 'Muted people and weapons' });
    await waitFor(() => expect(list.textContent).toContain('ATACMS'));
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, enabled: false });
    await waitFor(() =>
      expect((screen.getByRole('switch', { name: 'Highlight names on web pages' }) as HTMLInputElement).checked).toBe(
        false,
      ),
    );
  });

  it('lists muted entities by name and unmutes them', async () => {
    await mutedEntitiesItem.setValue(['david-lammy', 'gone-entity']);
    await renderOptions();
    const list = await screen.findByRole('list', { name: 'Muted people and weapons' });
    await waitFor(() => expect(list.textContent).toContain('David Lammy'));
    expect(within(list).getByText('(no longer in the corpus)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unmute David Lammy' }));
    await waitFor(async () => expect(await getMutedEntities()).toEqual(['gone-entity']));
    await waitFor(() => expect(list.textContent).not.toContain('David Lammy'));
  });

  it('lists the sites turned off and turns them back on', async () => {
    await disabledSitesItem.setValue(['news.example', 'other.example']);
    await renderOptions();
    const list = await screen.findByRole('list', { name: 'Sites turned off' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.firstChild!.textContent),
    ).toEqual(['news.example', 'other.example']);
    fireEvent.click(screen.getByRole('button', { name: 'Turn back on for news.example' }));
    await waitFor(async () => expect(await getDisabledSites()).toEqual(['other.example']));
  });

  it('shows the keyboard shortcuts and where to change them', async () => {
    await renderOptions();
    const list = await screen.findByRole('list', { name: 'Keyboard shortcuts' });
    const items = within(list)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual(['Go to the next highlighted nameAlt+Shift+N', 'Open the timelinenot set']);
    expect(screen.getByText('chrome://extensions/shortcuts')).toBeTruthy();
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    fireEvent.click(screen.getByRole('button', { name: 'Open it now' }));
    expect(create).toHaveBeenCalledWith({ url: 'chrome://extensions/shortcuts' });
  });

  it('shows the corpus in use: version, counts and sources', async () => {
    await renderOptions();
    const corpus = await screen.findByRole('region', { name: 'Corpus in use' });
    expect(corpus.textContent).toContain('Corpus abc123: 2 sources, 3 people and weapons, 4 facts, 5 quotes');
    expect(corpus.textContent).toContain('First article — The Daily');
    expect(corpus.querySelector('time[datetime="2024-05"]')).not.toBeNull();
  });

  it('has no accessibility violations', async () => {
    await mutedEntitiesItem.setValue(['david-lammy']);
    await disabledSitesItem.setValue(['news.example']);
    const { container } = await renderOptions();
    await screen.findByRole('list', { name: 'Keyboard shortcuts' });
    await screen.findByText('David Lammy');
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' ')}`)).toEqual([]);
  });
});
