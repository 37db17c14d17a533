/**
 * The reader's-articles UI (Testing Library, jsdom) over a real background (fake-indexeddb, the
 * bundled corpus, the real extractor on saved pages): "Add this article" in the popup reads
 * nothing before the reader's click, previews everything with how each field was found, stores
 * only what the reader left checked; "Your articles" in options lists, removes, exports and
 * removes all only after a confirmation. jsdom's events are never trusted: the tests pass a gate
 * that accepts their clicks, and check that the default gate refuses them.
 */
import { readPack } from '@/lib/pack/read';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Protocol from '@/lib/messaging/protocol';
import { addShown, background, otherArticle, readerHits, readerSnapshot, type Background } from './reader-support';

const messaging = vi.hoisted(() => ({ request: vi.fn() }));
vi.mock('@/lib/messaging/protocol', async (original) => ({
  ...(await original<typeof Protocol>()),
  request: messaging.request,
}));
const { AddArticle } = await import('@/components/popup/AddArticle');
const { ReaderArticles } = await import('@/components/options/ReaderArticles');
const { EntityCard } = await import('@/components/card/EntityCard');

let bg: Background;
const anyClick = () => true;
const QUOTE = 'We have adjusted and adapted as needs have changed';

beforeEach(async () => {
  bg = await background();
  // The extension page's requests, answered by the background as `request` would (errors thrown).
  messaging.request.mockImplementation(async (type: string, data?: unknown) => {
    const answer = await bg.send(type, data);
    if (!answer.ok) throw new Error(answer.error);
    return answer.value;
  });
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await bg.close();
});

const types = () => messaging.request.mock.calls.map((c) => c[0] as string);

describe('Add this article (popup)', () => {
  it('reads nothing until the reader clicks, and ignores a click that is not the reader’s', async () => {
    render(<AddArticle tabId={1} />);
    const button = screen.getByRole('button', { name: 'Add this article to your sources' });
    expect(types()).toEqual([]);
    fireEvent.click(button);
    await new Promise((r) => setTimeout(r, 50));
    expect(types()).toEqual([]);
    expect(await bg.db.readerPreviews.count()).toBe(0);
  });

  it('previews every field with how it was found, and stores only what stays checked', async () => {
    render(<AddArticle tabId={1} fromReader={anyClick} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add this article to your sources' }));
    const preview = await screen.findByRole('region', { name: 'What will be added' });
    const field = (name: string) => preview.querySelector(`[data-field="${name}"]`)!.textContent!;
    expect(field('title')).toContain('Allies revisit limits on long-range strikes');
    expect(field('title')).toContain('structured data (JSON-LD)');
    expect(field('outlet')).toContain('The Example Ledger');
    expect(field('date')).toMatch(/5 Mar(ch)? 2026.*to the day, from the page’s structured data \(JSON-LD\)/);
    expect(field('url')).toContain('https://ledger.example/reader/allies-revisit-limits');
    expect(field('url')).toContain('canonical link');
    expect(within(preview).getByText(/Antony Blinken \(\d+\)/)).toBeTruthy();
    // Nothing stored yet.
    expect(await bg.db.readerSources.count()).toBe(0);

    const quote = within(preview)
      .getAllByRole('checkbox')
      .find((box) => box.closest('[data-item="quote"]')?.textContent?.includes(QUOTE))!;
    expect((quote as HTMLInputElement).checked).toBe(true);
    fireEvent.click(quote);
    fireEvent.click(within(preview).getByRole('button', { name: 'Add to your articles' }));
    await screen.findByText(/Added to your articles/);
    const [source] = await bg.db.readerSources.toArray();
    expect(source!.hiddenCount).toBe(1);
    expect((await bg.db.readerQuotes.toArray()).find((q) => q.text.startsWith(QUOTE))!.hidden).toBe(true);
    expect(await readerHits(bg, 'adjusted adapted')).toEqual([]);
    // Its dated statements, left checked, are in the timeline.
    expect((await bg.ask('page.getTimeline')).reading!.events.length).toBeGreaterThan(0);
  });

  it('adds a new person only when the reader checks them', async () => {
    bg.tab.answer = otherArticle(3);
    render(<AddArticle tabId={1} fromReader={anyClick} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add this article to your sources' }));
    const preview = await screen.findByRole('region', { name: 'What will be added' });
    const person = [...preview.querySelectorAll<HTMLInputElement>('[data-item="person"] input')].find((box) =>
      box.parentElement!.textContent!.includes('Hanna Example'),
    )!;
    expect((person as HTMLInputElement).checked).toBe(false);
    fireEvent.click(person);
    fireEvent.click(within(preview).getByRole('button', { name: 'Add to your articles' }));
    await screen.findByText(/New people highlighted from now on: Hanna Example/);
    const people = await bg.ask('page.listReaderEntities');
    expect(people.map((p) => p.name)).toEqual(['Hanna Example']);
    expect(people[0]!.fromSourceId).toBe((await bg.db.readerSources.toArray())[0]!.id);
  });

  it('says the text is stored already, and offers no addition', async () => {
    await addShown(bg);
    const before = await readerSnapshot(bg.db);
    render(<AddArticle tabId={1} fromReader={anyClick} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add this article to your sources' }));
    const preview = await screen.findByRole('region', { name: 'What will be added' });
    expect(preview.querySelector('[data-outcome="unchanged"]')).not.toBeNull();
    expect(within(preview).queryByRole('button', { name: 'Add to your articles' })).toBeNull();
    expect(await readerSnapshot(bg.db)).toEqual(before);
  });

  it('says why a page has no article', async () => {
    bg.tab.answer = { ok: false, reason: 'no-article' };
    render(<AddArticle tabId={1} fromReader={anyClick} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add this article to your sources' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No article was found on this page.');
  });
});

describe('Your articles (options)', () => {
  it('lists each article with how its fields were found, and removes one', async () => {
    await addShown(bg);
    bg.tab.answer = otherArticle(4);
    await addShown(bg);
    render(<ReaderArticles fromReader={anyClick} />);
    const list = await screen.findByRole('list', { name: 'Your articles' });
    const items = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.hasAttribute('data-article'));
    expect(items).toHaveLength(2);
    const story = items.find((li) => li.textContent!.includes('Allies revisit limits'))!;
    expect(story.textContent).toContain('Date: the page’s structured data (JSON-LD)');
    expect(story.textContent).toContain('The Example Ledger');
    fireEvent.click(
      within(story).getByRole('button', { name: 'Remove “Allies revisit limits on long-range strikes”' }),
    );
    await screen.findByText(/was removed/);
    await waitFor(() => expect(screen.getAllByRole('listitem').filter((li) => li.dataset.article)).toHaveLength(1));
    expect(await bg.db.readerSources.count()).toBe(1);
  });

  it('removes everything only after a confirmation', async () => {
    await addShown(bg);
    render(<ReaderArticles fromReader={anyClick} />);
    await screen.findByRole('list', { name: 'Your articles' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove all…' }));
    expect(await bg.db.readerSources.count()).toBe(1);
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Remove all 1 article and 0 people');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await bg.db.readerSources.count()).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'Remove all…' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Yes, remove all' }));
    await screen.findByText('Everything you added was removed.');
    expect(await bg.db.readerSources.count()).toBe(0);
  });

  it('exports everything the reader added as a pack (.fcpack) that the importer accepts', async () => {
    await addShown(bg);
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:export';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<ReaderArticles fromReader={anyClick} />);
    await screen.findByRole('list', { name: 'Your articles' });
    fireEvent.click(screen.getByRole('button', { name: 'Export your articles' }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    expect((clicked.mock.contexts[0] as HTMLAnchorElement).download).toMatch(
      /^fact-context-your-articles-\d{4}-\d{2}-\d{2}\.fcpack$/,
    );
    const bytes = await new Promise<ArrayBuffer>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.readAsArrayBuffer(blobs[0]!);
    });
    const pack = await readPack(new Uint8Array(bytes));
    expect(pack.ok).toBe(true);
    if (pack.ok) expect(pack.content.sources[0]!.text).toContain(QUOTE);
    expect((await screen.findByRole('status')).textContent).toMatch(/^Saved fact-context-your-articles-/);
  });

  it('ignores clicks that are not the reader’s', async () => {
    await addShown(bg);
    render(<ReaderArticles />);
    const list = await screen.findByRole('list', { name: 'Your articles' });
    fireEvent.click(within(list).getByRole('button', { name: /^Remove “/ }));
    await new Promise((r) => setTimeout(r, 50));
    expect(await bg.db.readerSources.count()).toBe(1);
  });
});

describe('a card with the reader’s article', () => {
  it('says which quote and dated statement are from the reader’s article, with outlet, date and URL', async () => {
    await addShown(bg);
    const card = await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' });
    const opened: string[] = [];
    render(<EntityCard card={card} actions={{ onOpenSource: (id) => opened.push(id) }} />);
    const quotes = screen.getByRole('region', { name: 'What they said' });
    const mine = within(quotes)
      .getAllByRole('listitem')
      .find((li) => li.textContent!.includes(QUOTE))!;
    expect(mine.textContent).toMatch(/your article: The Example Ledger · 5 Mar(ch)? 2026/);
    const cite = within(mine).getByRole('button');
    // Its title and address show in the card's hint line while the pointer is on it.
    fireEvent.mouseEnter(cite.closest('cite')!);
    expect(document.querySelector('.hint')!.textContent).toBe(
      'Allies revisit limits on long-range strikes (https://ledger.example/reader/allies-revisit-limits)',
    );
    fireEvent.click(cite);
    expect(opened).toEqual([(await bg.db.readerSources.toArray())[0]!.id]);
    // The bundled quotes keep their own citations, without the mark.
    expect(
      within(quotes)
        .getAllByRole('listitem')
        .filter((li) => !li.textContent!.includes('your article')).length,
    ).toBeGreaterThan(0);
    const dated = screen.getByRole('region', { name: 'Dated, in your articles' });
    expect(dated.textContent).toContain('Antony Blinken and David Lammy travelled to Kyiv together in September 2024');
    expect(dated.textContent).toContain('Sep 2024');
    expect(screen.getByText(/\(\d+ bundled, 1 of your articles\)/)).toBeTruthy();
  });
});
