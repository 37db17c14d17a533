/**
 * The plumbing of the reader's articles (issue 17): every message validated (a malformed one is a
 * clear error and changes nothing), the reader's writes rate-limited (lib/background/limits.ts),
 * and rows that are corrupt or half-written (an older build, a disk error, a hand edit) never
 * take a card, a search, the timeline or the list down with them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PER_TAB_PER_WINDOW, RATE_WINDOW_MS, rateError } from '@/lib/background/limits';
import { DAMAGED_MESSAGE } from '@/lib/background/reader';
import { readerSchemas } from '@/lib/messaging/reader';
import { addShown, background, otherArticle, readerSnapshot, type Background } from './reader-support';
import { expandMatcherNames } from '@/lib/messaging/matcher-names';

let bg: Background;
beforeEach(async () => {
  bg = await background();
});
afterEach(async () => {
  await bg.close();
});

/** Data no reader message accepts: wrong types, extra fields, oversized and hostile values. */
const MALFORMED: unknown[] = [
  null,
  'page',
  42,
  [],
  { extra: true },
  { tabId: -1 },
  { tabId: 1.5 },
  { token: 'A'.repeat(32) },
  { token: 'a'.repeat(31) },
  { articleId: 'antony-blinken' },
  { sourceId: 'reader-x\u202e' },
  { kind: 'fact', id: 'reader-x', hidden: true },
  { kind: 'quote', id: 'reader-x', hidden: 'yes' },
  { name: '', aliases: [] },
  { name: 'Jane\u0000Doe', aliases: [] },
  { name: 'x'.repeat(10_000), aliases: [] },
  { name: '12345', aliases: [] },
  { name: 'Jane Doe', aliases: Array.from({ length: 500 }, (_, i) => ({ text: `Doe ${i}`, ambiguous: false })) },
  { sourceId: 'reader-x-v1', derived: { quotes: 'all of them' } },
];

describe('every reader message is validated', () => {
  it('answers malformed data with a clear error and changes nothing', async () => {
    const { preview } = await addShown(bg);
    // A preview is waiting too: nothing malformed may use it up.
    const waiting = await bg.ask('page.previewArticle', { tabId: 1 });
    expect(waiting.ok).toBe(true);
    const before = await readerSnapshot(bg.db, true);
    const types = Object.keys(readerSchemas) as (keyof typeof readerSchemas)[];
    expect(types.length).toBeGreaterThanOrEqual(14);
    for (const type of types)
      for (const data of MALFORMED) {
        const answer = await bg.send(type, data);
        expect(answer.ok, `${type} ${JSON.stringify(data)?.slice(0, 60)}`).toBe(false);
        if (!answer.ok) expect(answer.error).toMatch(new RegExp(`^Invalid ${type.replace('.', '\\.')} data: .+`));
      }
    expect(await readerSnapshot(bg.db, true)).toEqual(before);
    expect(preview.ok).toBe(true);
  }, 30_000);

  it('refuses an unknown message type', async () => {
    expect(await bg.send('page.addArticles', { token: 'a'.repeat(32) })).toEqual({
      ok: false,
      error: 'Unknown message type',
    });
  });
});

describe('the reader’s writes are rate-limited', () => {
  it('refuses changes beyond the limit per minute, changes nothing then, and allows them again a minute later', async () => {
    const { added } = await addShown(bg);
    const quote = (await bg.db.readerQuotes.toArray())[0]!;
    // addShown made two counted changes (the preview and the addition).
    const left = PER_TAB_PER_WINDOW.reader - 2;
    for (let i = 0; i < left; i++)
      expect((await bg.send('page.setReaderItemHidden', { kind: 'quote', id: quote.id, hidden: i % 2 === 0 })).ok).toBe(
        true,
      );
    const before = await readerSnapshot(bg.db, true);
    expect(await bg.send('page.setReaderItemHidden', { kind: 'quote', id: quote.id, hidden: true })).toEqual({
      ok: false,
      error: rateError('reader'),
    });
    expect(await bg.send('page.removeReaderArticle', { articleId: added.articleId })).toEqual({
      ok: false,
      error: rateError('reader'),
    });
    expect(await bg.send('page.removeAllReaderData')).toEqual({ ok: false, error: rateError('reader') });
    expect(await readerSnapshot(bg.db, true)).toEqual(before);
    // Reading is never limited.
    expect((await bg.send('page.listReaderArticles')).ok).toBe(true);
    expect((await bg.send('page.getReaderSource', { sourceId: added.sourceId })).ok).toBe(true);
    // A malformed write costs none of the few.
    bg.clock.now += RATE_WINDOW_MS + 1;
    expect((await bg.send('page.removeReaderArticle', { articleId: added.articleId })).ok).toBe(true);
    expect(await bg.db.readerSources.count()).toBe(0);
  }, 30_000);

  it('counts malformed writes for nothing', async () => {
    for (let i = 0; i < PER_TAB_PER_WINDOW.reader + 5; i++) await bg.send('page.addArticle', { token: 'bad' });
    const { added } = await addShown(bg);
    expect(added.outcome).toBe('added');
  });
});

describe('corrupt or half-written rows fall back safely', () => {
  it('leave cards, search, the timeline and the list answering with everything else', async () => {
    const { added } = await addShown(bg);
    bg.tab.answer = otherArticle(1);
    const second = (await addShown(bg)).added;
    // Rows no version of the extension writes: fields missing, of the wrong type, offsets out of range.
    await bg.db.readerSources.put({
      id: 'reader-0000000000000000-v1',
      articleId: 'reader-0000000000000000',
      current: 1,
      entityIds: ['antony-blinken'],
    } as never);
    await bg.db.readerSources.update(second.sourceId, { metadata: null as never, length: 'long' as never });
    await bg.db.readerQuotes.put({
      id: 'reader-0000000000000000-v1-q1-2',
      sourceId: added.sourceId,
      articleId: added.articleId,
      speakerId: 'antony-blinken',
      text: 42,
      hidden: false,
    } as never);
    await bg.db.readerStatements.put({
      id: 'reader-0000000000000000-v1-s1-2',
      sourceId: added.sourceId,
      articleId: added.articleId,
      entityIds: ['antony-blinken', 'volodymyr-zelensky'],
      date: null,
      hidden: false,
    } as never);
    await bg.db.readerTexts.delete(added.sourceId);
    // A person the reader added, and one whose row lost its names.
    await bg.ask('page.addReaderEntity', { name: 'Hanna Example', aliases: [] });
    await bg.db.readerEntities.put({ id: 'reader-broken-person', kind: 'person', name: 'Broken' } as never);

    // The matcher every page gets, the names search and the people list leave the damaged person out.
    const matched = expandMatcherNames(
      await bg.ask('cs.getMatcherEntities', undefined, {
        fromExtensionPage: false,
        tabId: 3,
        url: 'https://news.example/a',
      }),
    );
    expect(matched.map((e) => e.id)).toContain('antony-blinken');
    expect(matched.map((e) => e.name)).toContain('Hanna Example');
    expect(matched.map((e) => e.id)).not.toContain('reader-broken-person');
    expect((await bg.ask('page.listReaderEntities')).map((p) => p.name)).toEqual(['Hanna Example']);
    expect(await bg.ask('page.getEntityCard', { entityId: 'reader-hanna-example' })).toMatchObject({
      name: 'Hanna Example',
    });

    // The card still has its bundled quotes and the reader's sound ones.
    const card = await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' });
    expect(card.quotes.some((q) => !q.fromReading)).toBe(true);
    expect(card.quotes.filter((q) => q.fromReading).map((q) => q.text)).toEqual([
      expect.stringMatching(/^We have adjusted/),
    ]);
    expect(card.statements.every((s) => typeof s.date === 'string')).toBe(true);
    const zelensky = await bg.ask(
      'cs.getCards',
      { entityIds: ['volodymyr-zelensky'] },
      {
        fromExtensionPage: false,
        tabId: 3,
        url: 'https://news.example/a',
      },
    );
    expect(zelensky['volodymyr-zelensky']).toBeDefined();

    // Search and the timeline answer.
    expect((await bg.ask('page.search', { query: 'blinken' })).groups.length).toBeGreaterThan(0);
    const timeline = await bg.ask('page.getTimeline');
    expect(timeline.events.length).toBeGreaterThan(0);
    expect(timeline.reading!.events.every((e) => typeof e.date === 'string')).toBe(true);

    // A damaged version's own view says so, in words.
    expect(await bg.send('page.getReaderSource', { sourceId: added.sourceId })).toEqual({
      ok: false,
      error: DAMAGED_MESSAGE,
    });
    expect(await bg.send('page.getReaderSource', { sourceId: 'reader-0000000000000000-v1' })).toEqual({
      ok: false,
      error: DAMAGED_MESSAGE,
    });
    // The list shows the sound article; every stored article can still be removed.
    const list = await bg.ask('page.listReaderArticles');
    expect(list.map((a) => a.articleId)).toContain(added.articleId);
    for (const id of new Set((await bg.db.readerSources.toArray()).map((s) => s.articleId)))
      expect((await bg.send('page.removeReaderArticle', { articleId: id })).ok, id).toBe(true);
    expect(await bg.db.readerSources.count()).toBe(0);
    expect(await bg.db.readerQuotes.count()).toBe(0);
    expect(await bg.db.readerStatements.count()).toBe(0);
  }, 30_000);
});
