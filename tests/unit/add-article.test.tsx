/**
 * "Add this article" from the card and the keyboard command (issue 17;
 * docs/adr/026-adding-from-the-card.md): the background opens the confirmation page for the
 * sender's own tab only and stores nothing; the command opens it for the tab the browser names; the
 * confirmation page (`add.html?tab=<id>`) previews at once and stores only on the reader's click;
 * the card offers the button only where its page gives the action. Real background over
 * fake-indexeddb (./reader-support.ts); jsdom's clicks are never trusted, so the default gate must
 * refuse them.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type * as Protocol from '@/lib/messaging/protocol';
import { addPagePath, addPageTab } from '@/lib/actions/add-article';
import { ADD_ARTICLE_COMMAND, onAddArticleCommand } from '@/lib/background/add-article';
import { PER_TAB_PER_WINDOW, rateError } from '@/lib/background/limits';
import { buildCard } from '@/lib/cards/card-data';
import { background, bundle, contentScript, readerSnapshot, type Background } from './reader-support';

const messaging = vi.hoisted(() => ({ request: vi.fn() }));
vi.mock('@/lib/messaging/protocol', async (original) => ({
  ...(await original<typeof Protocol>()),
  request: messaging.request,
}));
const { AddPage } = await import('@/components/AddPage');
const { AddArticle } = await import('@/components/popup/AddArticle');
const { EntityCard } = await import('@/components/card/EntityCard');

let bg: Background;
/** Every tab the background opened, by its address. */
let created: string[];

beforeEach(async () => {
  bg = await background();
  messaging.request.mockReset();
  messaging.request.mockImplementation(async (type: string, data?: unknown) => {
    const answer = await bg.send(type, data);
    if (!answer.ok) throw new Error(answer.error);
    return answer.value;
  });
  created = [];
  vi.spyOn(fakeBrowser.tabs, 'create').mockImplementation(async (props) => {
    created.push(props.url ?? '');
    return { id: 1000 + created.length, index: 0, active: true } as never;
  });
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await bg.close();
});

const QUOTE = 'We have adjusted and adapted as needs have changed';

describe('the card’s “Add this page as a source”, in the background', () => {
  it('opens the confirmation for the sender’s own tab, beside it, and stores nothing', async () => {
    const before = await readerSnapshot(bg.db, true);
    expect(await bg.send('cs.openAddArticle', undefined, contentScript)).toEqual({ ok: true, value: null });
    expect(created).toEqual([expect.stringMatching(/\/add\.html\?tab=7$/)]);
    expect(vi.mocked(fakeBrowser.tabs.create).mock.calls[0]![0]).toMatchObject({ openerTabId: 7, active: true });
    expect(await readerSnapshot(bg.db, true)).toEqual(before);
  });

  it('opens it without an opener where the browser refuses one (an incognito or popup window)', async () => {
    vi.mocked(fakeBrowser.tabs.create).mockImplementationOnce(async () => {
      throw new Error('Tab opener must be in the same window as the updated tab.');
    });
    expect(await bg.send('cs.openAddArticle', undefined, contentScript)).toEqual({ ok: true, value: null });
    expect(created).toEqual([expect.stringMatching(/\/add\.html\?tab=7$/)]);
    expect(vi.mocked(fakeBrowser.tabs.create).mock.calls[1]![0]).not.toHaveProperty('openerTabId');
  });

  it('never takes the tab from the message: anything in it is refused before a tab opens', async () => {
    for (const data of [{ tabId: 3 }, 3, 'tab=3', { token: '0'.repeat(32) }, null]) {
      const answer = await bg.send('cs.openAddArticle', data, contentScript);
      expect(answer.ok, JSON.stringify(data)).toBe(false);
    }
    expect(created).toEqual([]);
  });

  it('refuses a sender that is no web page’s tab', async () => {
    for (const sender of [
      { ...contentScript, tabId: null },
      { ...contentScript, url: 'file:///home/reader/page.html' },
      { fromExtensionPage: true, tabId: 4, url: 'chrome-extension://id/reader.html' },
    ]) {
      const answer = await bg.send('cs.openAddArticle', undefined, sender);
      expect(answer).toEqual({ ok: false, error: 'Only a web page’s own tab can be added' });
    }
    expect(created).toEqual([]);
  });

  it('a page that forges every message from its content script stores nothing', async () => {
    const before = await readerSnapshot(bg.db, true);
    // What a content script the page took over could send: the opening works (for its own tab)…
    expect((await bg.send('cs.openAddArticle', undefined, contentScript)).ok).toBe(true);
    // …and every read or write of the reader's articles is refused before any handler runs.
    const preview = await bg.send('page.previewArticle', { tabId: 7 }, contentScript);
    expect(preview).toEqual({ ok: false, error: 'page.previewArticle is not available to content scripts' });
    const add = await bg.send('page.addArticle', { token: '0'.repeat(32) }, contentScript);
    expect(add).toEqual({ ok: false, error: 'page.addArticle is not available to content scripts' });
    expect((await bg.send('page.addReaderEntity', { name: 'Page Person', aliases: [] }, contentScript)).ok).toBe(false);
    expect(await readerSnapshot(bg.db, true)).toEqual(before);
    expect(await bg.db.readerSources.count()).toBe(0);
  });

  it('opens at most a few confirmations a minute for one tab', async () => {
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await bg.send('cs.openAddArticle', undefined, contentScript));
    expect(created).toHaveLength(PER_TAB_PER_WINDOW.opening);
    expect(answers.at(-1)).toEqual({ ok: false, error: rateError('opening') });
  });
});

describe('the keyboard command', () => {
  it('opens the confirmation for the tab the browser names', async () => {
    expect(await onAddArticleCommand(ADD_ARTICLE_COMMAND, { id: 12 })).toBe(true);
    expect(created).toEqual([expect.stringMatching(/\/add\.html\?tab=12$/)]);
  });

  it('asks for the active tab where the browser names none, and leaves other commands alone', async () => {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 5 } as never]);
    expect(await onAddArticleCommand(ADD_ARTICLE_COMMAND)).toBe(true);
    expect(await onAddArticleCommand('next-mention', { id: 12 })).toBe(false);
    expect(created).toEqual([expect.stringMatching(/\/add\.html\?tab=5$/)]);
  });
});

describe('the confirmation page', () => {
  it('reads a tab id from its address, and nothing else', () => {
    expect(addPageTab(addPagePath(42).split('?')[1]!)).toBe(42);
    expect(addPageTab('?tab=7')).toBe(7);
    for (const search of ['', '?tab=', '?tab=-1', '?tab=1e3', '?tab=0x10', '?tab=12345678901', '?other=3'])
      expect(addPageTab(search), search).toBeNull();
  });

  it('previews the tab’s article at once, each field with how it was found, and stores nothing on a click that is not the reader’s', async () => {
    render(<AddPage search="?tab=1" />);
    const preview = await screen.findByRole('region', { name: 'What will be added' });
    expect(messaging.request.mock.calls[0]).toEqual(['page.previewArticle', { tabId: 1 }]);
    const field = (name: string) => preview.querySelector(`[data-field="${name}"]`)!.textContent!;
    expect(field('title')).toContain('from the page’s structured data (JSON-LD)');
    expect(field('byline')).toMatch(/Cara Example \(from the page’s structured data \(JSON-LD\)\)/);
    fireEvent.click(screen.getByRole('button', { name: 'Add to your articles' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(messaging.request.mock.calls.map((c) => c[0])).toEqual(['page.previewArticle']);
    expect(await bg.db.readerSources.count()).toBe(0);
  });

  it('stores the article on the reader’s click there', async () => {
    render(<AddArticle tabId={1} autoStart fromReader={() => true} />);
    const preview = await screen.findByRole('region', { name: 'What will be added' });
    expect(preview.textContent).toContain(QUOTE);
    fireEvent.click(screen.getByRole('button', { name: 'Add to your articles' }));
    await screen.findByText(/Added to your articles/);
    expect(await bg.db.readerSources.count()).toBe(1);
  });

  it('says so when opened without a tab, and reads nothing', async () => {
    render(<AddPage search="?tab=nope" />);
    expect(screen.getByRole('alert').textContent).toContain('opened without a tab to read');
    await new Promise((r) => setTimeout(r, 20));
    expect(messaging.request).not.toHaveBeenCalled();
  });

  it('goes back to the article: its tab shown, this one closed', async () => {
    const update = vi.spyOn(fakeBrowser.tabs, 'update').mockResolvedValue({} as never);
    vi.spyOn(fakeBrowser.tabs, 'getCurrent').mockResolvedValue({ id: 99 } as never);
    const remove = vi.spyOn(fakeBrowser.tabs, 'remove').mockResolvedValue();
    render(<AddPage search="?tab=1" />);
    await screen.findByRole('region', { name: 'What will be added' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await vi.waitFor(() => expect(remove).toHaveBeenCalledWith(99));
    expect(update).toHaveBeenCalledWith(1, { active: true });
    expect(await bg.db.readerSources.count()).toBe(0);
  });
});

describe('the card', () => {
  const entity = bundle.entities.find((e) => e.id === 'antony-blinken')!;
  const card = buildCard({
    entity,
    facts: bundle.facts.filter((f) => f.entityIds.includes(entity.id)),
    quotes: bundle.quotes.filter((q) => q.speakerId === entity.id),
    claims: bundle.claims,
    events: [],
    sources: new Map(bundle.sources.map((s) => [s.id, s])),
    names: new Map(bundle.entities.map((e) => [e.id, e.name])),
  });

  it('offers “Add this page as a source” only where its page gives the action', () => {
    const onAddArticle = vi.fn();
    const { unmount } = render(<EntityCard card={card} actions={{ onTimeline: vi.fn(), onAddArticle }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add this page as a source' }));
    expect(onAddArticle).toHaveBeenCalledTimes(1);
    unmount();
    // The reading view's cards (an extension page, no web page to add) give no such action.
    render(<EntityCard card={card} actions={{ onTimeline: vi.fn(), onMute: vi.fn() }} />);
    expect(screen.queryByRole('button', { name: 'Add this page as a source' })).toBeNull();
  });
});
