/**
 * The popup (Testing Library, jsdom, WXT's fake browser): search with keyboard navigation, the
 * entity and item views, the page status for every report, the switches, and accessibility.
 * Messages to the background go through the real handlers over the real corpus (fake IndexedDB).
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch, type HandlerContext } from '@/lib/background/handlers';
import { ensureCorpus } from '@/lib/db/loader';
import type { FactContextDb } from '@/lib/db';
import type { PageReport } from '@/lib/messaging/protocol';
import type * as Protocol from '@/lib/messaging/protocol';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { getDisabledSites, getMutedEntities, getSettings } from '@/lib/settings/store';
import { loadCorpus } from '@/scripts/corpus/read';

const messaging = vi.hoisted(() => ({
  request: vi.fn(),
  requestTab: vi.fn(),
}));
vi.mock('@/lib/messaging/protocol', async (original) => ({
  ...(await original<typeof Protocol>()),
  request: messaging.request,
  requestTab: messaging.requestTab,
}));

const { Popup } = await import('@/components/Popup');
const { statusMessage } = await import('@/components/popup/PageStatusPanel');
const { isUnscannableUrl } = await import('@/components/popup/extension');
const { hostnameOf: hostOf } = await import('@/lib/actions/hosts');

const bundle = loadCorpus().bundle!;
const DB = 'popup-test';
let db: FactContextDb;
let ctx: HandlerContext;

beforeAll(async () => {
  db = (await ensureCorpus(bundle, { name: DB })).db;
  ctx = { db: async () => db, setBadge: async () => {} };
});
afterAll(async () => {
  db.close();
  await Dexie.delete(DB);
});

/** The background's answer, through `dispatch` as an extension page. */
async function background(type: string, data?: unknown): Promise<unknown> {
  const result = await dispatch(
    type,
    data,
    { fromExtensionPage: true, tabId: null, url: 'chrome-extension://x/popup.html' },
    ctx,
  );
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const report = (over: Partial<PageReport> & { host?: string | null } = {}): PageReport =>
  ({ status: 'ready', fingerprint: null, entities: [], host: 'news.example', ...over }) as PageReport;

beforeEach(() => {
  messaging.request.mockImplementation(background);
  messaging.requestTab.mockImplementation(async (_tab: number, type: string) =>
    type === 'tab.getPageReport' ? report() : true,
  );
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.restoreAllMocks();
});

const noViolations = async (container: Element) => {
  // jsdom does no layout, so colours cannot be checked here (the real-browser tests do).
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' ')}`)).toEqual([]);
};

function renderPopup(search = '?tab=7') {
  const view = render(<Popup search={search} />);
  const input = screen.getByRole('combobox', { name: /Search people, weapons/ }) as HTMLInputElement;
  return { ...view, input };
}

async function type(input: HTMLInputElement, text: string) {
  fireEvent.input(input, { target: { value: text } });
  await waitFor(() =>
    expect(screen.queryByRole('listbox', { name: 'Results' }) ?? screen.queryAllByText(/No matches/)[0]).toBeTruthy(),
  );
}

const optionIds = () => screen.getAllByRole('option').map((o) => o.dataset.id);

describe('search', () => {
  it('is an <input type="search"> focused on open, with suggestions before anything is typed', async () => {
    const { input } = renderPopup();
    expect(input.type).toBe('search');
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute('aria-expanded')).toBe('false');
    const suggestions = await screen.findAllByRole('button', { name: 'Volodymyr Zelensky' });
    fireEvent.click(suggestions[0]!);
    expect(input.value).toBe('Volodymyr Zelensky');
    await waitFor(() => expect(optionIds()[0]).toBe('volodymyr-zelensky'));
  });

  it('lists results grouped by kind, best first, with the matched words in <mark>', async () => {
    const { input } = renderPopup();
    await type(input, 'storm');
    const listbox = screen.getByRole('listbox', { name: 'Results' });
    const groups = within(listbox).getAllByRole('group');
    expect(groups[0]!.getAttribute('aria-labelledby')).toBe('fc-group-weapon');
    expect(document.getElementById('fc-group-weapon')!.textContent).toContain('Weapon systems');
    const first = within(groups[0]!).getAllByRole('option')[0]!;
    expect(first.dataset.id).toBe('storm-shadow');
    expect(Array.from(first.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['Storm']);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-controls')).toBe(listbox.id);
    expect(screen.getByRole('status').textContent).toMatch(/^\d+ results$/);
  });

  it('moves through the options with the arrow keys and opens one with Enter; Escape goes back, then clears', async () => {
    const { input } = renderPopup();
    await type(input, 'zelenski');
    const ids = screen.getAllByRole('option').map((o) => o.id);
    expect(ids.length).toBeGreaterThan(2);
    expect(input.getAttribute('aria-activedescendant')).toBe(ids[0]);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(ids[2]);
    expect(document.getElementById(ids[2]!)!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.getAttribute('aria-activedescendant')).toBe(ids[0]);
    fireEvent.keyDown(input, { key: 'Enter' });
    const heading = await screen.findByRole('heading', { level: 2, name: 'Volodymyr Zelensky' });
    expect(heading.closest('.fc-card')).not.toBeNull();
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input.getAttribute('aria-expanded')).toBe('false');
    await noViolations(document.body);

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.getByRole('listbox')).toBeTruthy());
    expect(document.activeElement).toBe(input);
    fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(input.value).toBe(''));
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('opens a fact with its source words, source and date, and its entities', async () => {
    const { input } = renderPopup();
    await type(input, 'dangerous escalation');
    const option = document.querySelector<HTMLElement>('[role="option"][data-kind="fact"]')!;
    const fact = bundle.facts.find((f) => f.id === option.dataset.id)!;
    const source = bundle.sources.find((s) => s.id === fact.sourceId)!;
    fireEvent.click(option);
    await screen.findByRole('heading', { level: 2, name: fact.text });
    expect(document.querySelector('.detail blockquote')!.textContent).toBe(`“${fact.quote}”`);
    expect(document.querySelector('.detail cite')!.textContent).toContain(source.title);
    expect(document.querySelector('.detail time')!.getAttribute('datetime')).toBe(source.publishedAt);
    const entity = bundle.entities.find((e) => e.id === fact.entityIds[0])!;
    fireEvent.click(screen.getByRole('button', { name: entity.name }));
    await screen.findByRole('heading', { level: 2, name: entity.name });
  });

  it('opens a quote with its speaker and date, and an event with every source’s words', async () => {
    const quote = bundle.quotes.find((q) => q.date)!;
    const { input } = renderPopup();
    await type(input, quote.text.split(' ').slice(0, 6).join(' '));
    fireEvent.click(document.querySelector<HTMLElement>(`[role="option"][data-kind="quote"][data-id="${quote.id}"]`)!);
    const heading = await screen.findByRole('heading', { level: 2 });
    expect(heading.textContent).toBe(quote.text);
    const speaker = bundle.entities.find((e) => e.id === quote.speakerId)!;
    expect(screen.getByRole('button', { name: speaker.name })).toBeTruthy();
    expect(document.querySelector('.detail time')!.getAttribute('datetime')).toBe(quote.date);

    const event = bundle.events.find((e) => e.evidence.length > 1)!;
    fireEvent.input(input, { target: { value: event.title } });
    await waitFor(() => expect(document.querySelector(`[data-kind="event"][data-id="${event.id}"]`)).not.toBeNull());
    fireEvent.click(document.querySelector<HTMLElement>(`[data-kind="event"][data-id="${event.id}"]`)!);
    await screen.findByRole('heading', { level: 2, name: event.title });
    expect(Array.from(document.querySelectorAll('.evidence blockquote')).map((b) => b.textContent)).toEqual(
      event.evidence.map((x) => `“${x.quote}”`),
    );
  });

  it('says when nothing matches, with names to try', async () => {
    const { input } = renderPopup();
    await type(input, 'qqxxjjzz');
    expect(screen.getByText(/No matches for “qqxxjjzz”/, { selector: 'p:not([role])' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('No matches for “qqxxjjzz”');
    expect(screen.getByText('Or try:')).toBeTruthy();
    expect(input.getAttribute('aria-expanded')).toBe('false');
    await noViolations(document.body);
  });

  it('renders corpus text as text, never as markup', async () => {
    messaging.request.mockImplementation(async (type: string, data?: unknown) =>
      type === 'page.search'
        ? {
            query: 'x',
            total: 1,
            complete: true,
            groups: [
              {
                kind: 'fact',
                total: 1,
                hits: [
                  {
                    kind: 'fact',
                    id: 'evil',
                    title: { text: '<img src=x onerror=alert(1)> said', highlights: [{ start: 0, end: 4 }] },
                    detail: null,
                    alias: null,
                    date: null,
                    datePrecision: null,
                    tier: 3,
                    score: 1,
                  },
                ],
              },
            ],
          }
        : background(type, data),
    );
    const { input } = renderPopup();
    await type(input, 'x');
    const option = screen.getByRole('option');
    expect(option.querySelector('img')).toBeNull();
    expect(option.textContent).toBe('<img src=x onerror=alert(1)> said');
    expect(option.querySelector('mark')!.textContent).toBe('<img');
  });

  it('sends one request at a time, for the newest query', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const queries: string[] = [];
    messaging.request.mockImplementation(async (type: string, data?: { query: string }) => {
      if (type !== 'page.search') return background(type, data);
      queries.push(data!.query);
      if (queries.length === 1) await gate;
      return background(type, data);
    });
    const { input } = renderPopup();
    for (const q of ['s', 'st', 'sto', 'stor', 'storm']) fireEvent.input(input, { target: { value: q } });
    await act(async () => release());
    await waitFor(() => expect(optionIds()[0]).toBe('storm-shadow'));
    expect(queries).toEqual(['s', 'storm']);
  });

  it('asks again while the background is still loading its text index', async () => {
    let calls = 0;
    messaging.request.mockImplementation(async (type: string, data?: unknown) => {
      const value = await background(type, data);
      return type === 'page.search' && ++calls === 1 ? { ...(value as object), complete: false } : value;
    });
    const { input } = renderPopup();
    await type(input, 'atacms');
    expect(screen.getByText('Still loading facts and quotes…')).toBeTruthy();
    await waitFor(() => expect(calls).toBe(2));
    await waitFor(() => expect(screen.queryByText('Still loading facts and quotes…')).toBeNull());
  });

  it('mutes the entity shown, and can undo it', async () => {
    const { input } = renderPopup();
    await type(input, 'lammy');
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.click(await screen.findByRole('button', { name: 'Stop highlighting David Lammy' }));
    await screen.findByText('David Lammy is not highlighted on pages.');
    expect(await getMutedEntities()).toEqual(['david-lammy']);
    fireEvent.click(screen.getByRole('button', { name: 'Highlight again' }));
    await waitFor(async () => expect(await getMutedEntities()).toEqual([]));
    await screen.findByRole('button', { name: 'Stop highlighting David Lammy' });
  });
});

describe('this page', () => {
  it('lists the entities the page reported, grouped by kind with counts, and focuses one on the page', async () => {
    messaging.requestTab.mockImplementation(async (_tab: number, type: string) =>
      type === 'tab.getPageReport'
        ? report({
            entities: [
              { id: 'storm-shadow', name: 'Storm Shadow', kind: 'weapon', count: 2 },
              { id: 'david-lammy', name: 'David Lammy', kind: 'person', count: 1 },
              { id: 'joe-biden', name: 'Joe Biden', kind: 'person', count: 5 },
            ],
          })
        : true,
    );
    const update = vi.spyOn(fakeBrowser.tabs, 'update').mockResolvedValue({} as never);
    renderPopup('?tab=7');
    const people = await screen.findByRole('list', { name: 'People' });
    expect(
      within(people)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Joe Biden 5 mentions', 'David Lammy 1 mention']);
    expect(within(screen.getByRole('list', { name: 'Weapon systems' })).getByRole('button').textContent).toBe(
      'Storm Shadow 2 mentions',
    );
    await noViolations(document.body);
    fireEvent.click(within(people).getAllByRole('button')[1]!);
    await waitFor(() =>
      expect(messaging.requestTab).toHaveBeenCalledWith(7, 'tab.focusMention', { entityId: 'david-lammy' }),
    );
    await waitFor(() => expect(update).toHaveBeenCalledWith(7, { active: true }));
  });

  it.each<[Partial<PageReport>, string]>([
    [{ status: 'no-article' }, 'No article found on this page.'],
    [{ status: 'opted-out' }, 'This page asks not to be annotated.'],
    [{ status: 'off' }, 'Fact Context is turned off everywhere.'],
    [{ status: 'site-off' }, 'Fact Context is turned off on news.example.'],
    [{ status: 'error' }, 'Something went wrong while reading this page.'],
    [{ status: 'reading' }, 'Reading this page…'],
    [{ status: 'waiting' }, 'Waiting for this page to finish loading…'],
    [
      { status: 'over-budget' },
      'This page needed more work than Fact Context allows itself, so it stopped here to keep the page fast.',
    ],
    [{ status: 'ready', entities: [] }, 'No known people or weapons in this article.'],
  ])('says why nothing is shown: %j', async (over, text) => {
    messaging.requestTab.mockImplementation(async () => report(over));
    renderPopup();
    await waitFor(() => expect(document.querySelector('[data-page-status]')!.textContent).toBe(text));
  });

  it('says a page cannot be scanned when no content script answers', async () => {
    messaging.requestTab.mockRejectedValue(new Error('No content script answered tab.getPageReport'));
    renderPopup();
    await waitFor(() => expect(document.querySelector('[data-page-status]')!.textContent).toMatch(/can’t be scanned/));
    expect((screen.getByRole('switch', { name: 'On this site' }) as HTMLInputElement).disabled).toBe(true);
  });

  it('looks at the active tab as the toolbar popup; opened as a tab itself, says where to open it from', async () => {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 3 } as never]);
    const current = vi.spyOn(fakeBrowser.tabs, 'getCurrent').mockResolvedValue(undefined as never);
    messaging.requestTab.mockImplementation(async () => report({ status: 'no-article' }));
    renderPopup('');
    await waitFor(() => expect(messaging.requestTab).toHaveBeenCalledWith(3, 'tab.getPageReport'));
    cleanup();
    messaging.requestTab.mockClear();
    current.mockResolvedValue({ id: 3 } as never);
    renderPopup('');
    await waitFor(() =>
      expect(document.querySelector('[data-page-status]')!.textContent).toBe(
        'Open Fact Context from the toolbar to see what it found on a page.',
      ),
    );
    expect(messaging.requestTab).not.toHaveBeenCalled();
  });

  it('knows browser pages cannot be scanned without asking them', async () => {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 4, url: 'chrome://extensions/' } as never]);
    vi.spyOn(fakeBrowser.tabs, 'getCurrent').mockResolvedValue(undefined as never);
    renderPopup('');
    await waitFor(() => expect(document.querySelector('[data-page-status]')!.textContent).toMatch(/can’t be scanned/));
    expect(messaging.requestTab).not.toHaveBeenCalled();
  });

  it('trusts the switches over a report that has not caught up', () => {
    const page = { state: 'report', report: report() } as const;
    expect(statusMessage(page, { ...DEFAULT_SETTINGS, enabled: false }, 'a.example', false)?.text).toBe(
      'Fact Context is turned off everywhere.',
    );
    expect(statusMessage(page, DEFAULT_SETTINGS, 'a.example', true)?.text).toBe(
      'Fact Context is turned off on a.example.',
    );
  });
});

describe('switches', () => {
  it('turns the site and everything off and on, in extension storage', async () => {
    renderPopup();
    const site = (await screen.findByRole('switch', { name: 'On news.example' })) as HTMLInputElement;
    await waitFor(() => expect(site.checked).toBe(true));
    fireEvent.click(site);
    await waitFor(async () => expect(await getDisabledSites()).toEqual(['news.example']));
    await waitFor(() => expect(site.checked).toBe(false));
    await waitFor(() =>
      expect(document.querySelector('[data-page-status]')!.textContent).toBe(
        'Fact Context is turned off on news.example.',
      ),
    );
    fireEvent.click(site);
    await waitFor(async () => expect(await getDisabledSites()).toEqual([]));

    const everywhere = screen.getByRole('switch', { name: 'On everywhere' }) as HTMLInputElement;
    await waitFor(() => expect(everywhere.disabled).toBe(false));
    fireEvent.click(everywhere);
    await waitFor(async () => expect((await getSettings()).enabled).toBe(false));
    await waitFor(() => expect(site.disabled).toBe(true));
  });

  it('opens the options page, and the side panel (in a tab where there is no panel)', async () => {
    const openOptions = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue();
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    renderPopup();
    fireEvent.click(screen.getByRole('button', { name: 'All settings' }));
    await waitFor(() => expect(openOptions).toHaveBeenCalled());
    fireEvent.click(screen.getByRole('button', { name: 'Open the side panel' }));
    await waitFor(() => expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/sidepanel\.html$/) }));
  });

  it('has no accessibility violations on open', async () => {
    renderPopup();
    await screen.findByRole('switch', { name: 'On news.example' });
    await screen.findAllByRole('button', { name: 'Volodymyr Zelensky' });
    await noViolations(document.body);
  });
});

describe('tab addresses', () => {
  it('switches sites by hostname, web pages only', () => {
    expect(hostOf('https://news.example/story?x=1')).toBe('news.example');
    expect(hostOf('http://127.0.0.1:4178/articles/a.html')).toBe('127.0.0.1');
    expect(hostOf('chrome://extensions/')).toBeNull();
    expect(hostOf('file:///home/me/a.html')).toBeNull();
    expect(hostOf('not a url')).toBeNull();
    expect(hostOf(null)).toBeNull();
  });

  it('knows which pages no extension may script', () => {
    for (const url of [
      'chrome://settings',
      'about:addons',
      'https://chromewebstore.google.com/detail/x',
      'https://addons.mozilla.org/en-US/firefox/',
      'https://example.org/report.pdf',
      'chrome-extension://abc/popup.html',
    ]) {
      expect(isUnscannableUrl(url), url).toBe(true);
    }
    expect(isUnscannableUrl('https://news.example/story')).toBe(false);
    // Unknown (no `tabs` permission): ask the content script.
    expect(isUnscannableUrl(null)).toBe(false);
  });
});
