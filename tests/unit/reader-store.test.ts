/**
 * The reader's own articles through the background's messages (lib/background/reader.ts), over
 * the real bundled corpus in fake-indexeddb, the tab answering with the real extractor on saved
 * pages: preview then confirm, the same text twice, a changed text as a new version, removal and
 * removal of everything, each change one transaction (failures halfway leave nothing written),
 * and what a hostile page or a forged message can do (nothing).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PREVIEW_GONE, QUOTA_MESSAGE } from '@/lib/background/reader';
import { PREVIEW_TTL_MS } from '@/lib/reader/limits';
import { expandMatcherNames } from '@/lib/messaging/matcher-names';
import {
  addShown,
  background,
  contentScript,
  extracted,
  fixtureHtml,
  otherArticle,
  readerHits,
  readerSnapshot,
  updatedStory,
  type Background,
} from './reader-support';

let bg: Background;
beforeEach(async () => {
  bg = await background();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await bg.close();
});

const QUOTE = 'We have adjusted and adapted as needs have changed';

describe('adding an article', () => {
  it('previews what would be stored, with each metadata field’s method, and stores nothing yet', async () => {
    const preview = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.token).toMatch(/^[0-9a-f]{32}$/);
    const p = preview.preview;
    expect(p.outcome).toBe('added');
    expect(p.existing).toBeNull();
    expect(p.canonicalUrl).toBe('https://ledger.example/reader/allies-revisit-limits');
    expect(p.display).toEqual({
      title: 'Allies revisit limits on long-range strikes',
      outlet: 'The Example Ledger',
      byline: 'Cara Example',
      date: { date: '2026-03-05', precision: 'day', method: 'json-ld' },
    });
    expect(p.metadata.publisher).toEqual({ value: 'The Example Ledger', method: 'json-ld' });
    expect(p.length.words).toBeGreaterThan(100);
    expect(p.entities.map((e) => e.id)).toEqual(expect.arrayContaining(['antony-blinken', 'volodymyr-zelensky']));
    expect(p.quotes).toEqual([expect.objectContaining({ speaker: 'Antony Blinken', speakerId: 'antony-blinken' })]);
    expect(p.quotes[0]!.text.startsWith(QUOTE)).toBe(true);
    expect(p.statements).toContainEqual(
      expect.objectContaining({ expression: 'On Monday', date: '2026-03-02', precision: 'day', method: 'relative' }),
    );
    const stored = await readerSnapshot(bg.db);
    for (const [table, rows] of Object.entries(stored)) expect(rows, table).toEqual([]);
    expect(await bg.db.readerPreviews.count()).toBe(1);
  });

  it('stores the confirmed preview whole: the text as extracted, its quotes and dated statements', async () => {
    const tabText = (bg.tab.answer as { article: { text: string } }).article.text;
    const { preview, added } = await addShown(bg);
    expect(added).toMatchObject({ outcome: 'added', version: 1, versions: 1 });
    const source = (await bg.db.readerSources.get(added.sourceId))!;
    expect(source).toMatchObject({ current: 1, version: 1, derivation: 'quick', articleId: added.articleId });
    expect((await bg.db.readerTexts.get(added.sourceId))!.text).toBe(tabText);
    const quotes = await bg.db.readerQuotes.toArray();
    expect(quotes.map((q) => [q.speakerId, q.text])).toEqual([['antony-blinken', preview.preview.quotes[0]!.text]]);
    expect(await bg.db.readerStatements.count()).toBe(preview.preview.statements.length);
    // The token confirms once.
    expect(await bg.send('page.addArticle', { token: preview.token })).toEqual({ ok: false, error: PREVIEW_GONE });
    expect(await bg.db.readerPreviews.count()).toBe(0);
  });

  it('stores nothing, and says so, when the same text is added again', async () => {
    const { added } = await addShown(bg);
    const before = await readerSnapshot(bg.db);
    const again = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!again.ok) throw new Error(again.message);
    expect(again.preview.outcome).toBe('unchanged');
    expect(again.preview.existing?.versions.map((v) => v.id)).toEqual([added.sourceId]);
    expect(await bg.ask('page.addArticle', { token: again.token })).toMatchObject({
      outcome: 'unchanged',
      sourceId: added.sourceId,
      versions: 1,
    });
    expect(await readerSnapshot(bg.db)).toEqual(before);
  });

  it('keeps a changed text as a new dated version, never overwriting the old one', async () => {
    const first = await addShown(bg);
    const firstText = (await bg.db.readerTexts.get(first.added.sourceId))!.text;
    bg.clock.now += 86_400_000;
    bg.tab.answer = updatedStory();
    const { preview, added } = await addShown(bg);
    expect(preview.preview.outcome).toBe('new-version');
    expect(added).toMatchObject({ outcome: 'new-version', articleId: first.added.articleId, version: 2, versions: 2 });
    const versions = await bg.db.readerSources.where('articleId').equals(added.articleId).sortBy('version');
    expect(versions.map((v) => [v.version, v.current])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(versions[1]!.versionDate > versions[0]!.versionDate).toBe(true);
    expect((await bg.db.readerTexts.get(first.added.sourceId))!.text).toBe(firstText);
    expect((await bg.db.readerTexts.get(added.sourceId))!.text).toContain('moved to April');
    // Cards and search show the current version only: the quote once, from version 2.
    const card = await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' });
    expect(card.quotes.filter((q) => q.fromReading).map((q) => q.citation.sourceId)).toEqual([added.sourceId]);
    expect(card.coverage.reading).toBe(1);
    expect(await readerHits(bg, 'adjusted adapted')).toEqual([`quote:${added.sourceId}-q421-549`]);
    const list = await bg.ask('page.listReaderArticles');
    expect(list).toHaveLength(1);
    expect(list[0]!.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(list[0]!.current.id).toBe(added.sourceId);
  });

  it('shows its quote and dated statements in cards, search and the timeline, labelled as the reader’s', async () => {
    const { added } = await addShown(bg);
    const card = await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' });
    const mine = card.quotes.find((q) => q.fromReading)!;
    expect(mine.text.startsWith(QUOTE)).toBe(true);
    expect(mine.citation).toMatchObject({ label: 'The Example Ledger', date: '2026-03-05', fromReading: true });
    // Newest first, and the bundled sources keep their place beside it.
    expect(card.quotes[0]).toBe(mine);
    expect(card.quotes.some((q) => !q.fromReading)).toBe(true);
    expect(card.statements).toEqual([
      expect.objectContaining({ date: '2024-09', datePrecision: 'month', dateMethod: 'stated', fromReading: true }),
    ]);
    expect(card.coverage).toMatchObject({ reading: 1, to: '2026-03-05' });
    expect(card.coverage.sources).toBe(card.coverage.bundled + 1);
    const fromContentScript = await bg.ask('cs.getCards', { entityIds: ['volodymyr-zelensky'] }, contentScript);
    expect(fromContentScript['volodymyr-zelensky']!.statements).toEqual([
      expect.objectContaining({ date: '2026-03-02', dateMethod: 'relative' }),
    ]);

    expect(await readerHits(bg, 'adjusted adapted')).toEqual([`quote:${added.sourceId}-q421-549`]);
    expect(await readerHits(bg, 'allies revisit')).toContain(`source:${added.sourceId}`);
    expect(await readerHits(bg, 'zelensky permission')).toEqual([expect.stringMatching(/^event:/)]);
    const item = await bg.ask('page.getSearchItem', { type: 'quote', id: `${added.sourceId}-q421-549` });
    expect(item).toMatchObject({ type: 'quote', fromReading: true, speaker: { id: 'antony-blinken' } });

    const timeline = await bg.ask('page.getTimeline');
    const monday = timeline.reading!.events.find((e) => e.expression === 'On Monday')!;
    expect(monday).toMatchObject({
      origin: 'reader',
      date: '2026-03-02',
      datePrecision: 'day',
      dateMethod: 'relative',
      sourceId: added.sourceId,
    });
    expect(monday.dateNote).toContain('Monday before the article');
    expect(timeline.reading!.sources).toEqual([
      expect.objectContaining({ id: added.sourceId, outlet: 'The Example Ledger', origin: 'reader' }),
    ]);
    // The bundled events are what they were.
    expect(timeline.events.every((e) => !('origin' in e))).toBe(true);
  });

  it('gives each card a statement once, when a page asks for the cards of two people it names', async () => {
    await addShown(bg);
    // "Antony Blinken and David Lammy travelled to Kyiv together in September 2024": about both.
    const cards = await bg.ask('cs.getCards', { entityIds: ['antony-blinken', 'david-lammy'] }, contentScript);
    for (const id of ['antony-blinken', 'david-lammy'])
      expect(
        cards[id]!.statements.map((s) => s.date),
        id,
      ).toEqual(['2024-09']);
    expect(cards['antony-blinken']!.coverage.reading).toBe(1);
  });

  it('removes an article whole: text, mentions, quotes, statements and search entries', async () => {
    const { added } = await addShown(bg);
    bg.tab.answer = updatedStory();
    await addShown(bg);
    expect(await bg.ask('page.removeReaderArticle', { articleId: added.articleId })).toEqual({ versions: 2 });
    for (const [table, rows] of Object.entries(await readerSnapshot(bg.db))) expect(rows, table).toEqual([]);
    const card = await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' });
    expect(card.quotes.some((q) => q.fromReading)).toBe(false);
    expect(card.statements).toEqual([]);
    expect(card.coverage.reading).toBe(0);
    expect(await readerHits(bg, 'adjusted adapted')).toEqual([]);
    expect(await readerHits(bg, 'allies revisit')).toEqual([]);
    expect((await bg.ask('page.getTimeline')).reading).toEqual({ events: [], sources: [] });
    expect(await bg.ask('page.listReaderArticles')).toEqual([]);
    await expect(bg.ask('page.removeReaderArticle', { articleId: added.articleId })).rejects.toThrow(/No article/);
  });

  it('removes everything the reader added in one go', async () => {
    await addShown(bg);
    bg.tab.answer = otherArticle(1);
    await addShown(bg);
    await bg.ask('page.addReaderEntity', { name: 'Hanna Example', aliases: [] });
    await bg.ask('page.previewArticle', { tabId: 1 });
    expect(await bg.ask('page.removeAllReaderData')).toBeNull();
    for (const [table, rows] of Object.entries(await readerSnapshot(bg.db, true))) expect(rows, table).toEqual([]);
    expect(await readerHits(bg, 'hanna')).toEqual([]);
    const names = expandMatcherNames(await bg.ask('cs.getMatcherEntities', undefined, contentScript)).map((e) => e.id);
    expect(names.some((id) => id.startsWith('reader-'))).toBe(false);
  });
});

describe('each change is one transaction', () => {
  it('a failure halfway through an addition leaves nothing written, and the preview can be confirmed again', async () => {
    const preview = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!preview.ok) throw new Error(preview.message);
    const before = await readerSnapshot(bg.db, true);
    // Sources, texts and quotes are written before the statements fail.
    const spy = vi.spyOn(bg.db.readerStatements, 'bulkAdd').mockRejectedValueOnce(new Error('disk on fire'));
    expect(await bg.send('page.addArticle', { token: preview.token })).toEqual({ ok: false, error: 'disk on fire' });
    expect(spy).toHaveBeenCalled();
    expect(await readerSnapshot(bg.db, true)).toEqual(before);
    expect(await readerHits(bg, 'adjusted adapted')).toEqual([]);
    expect(await bg.ask('page.addArticle', { token: preview.token })).toMatchObject({ outcome: 'added' });
    expect(await readerHits(bg, 'adjusted adapted')).toHaveLength(1);
  });

  it('a full disk gets a clear message and nothing half-written', async () => {
    const preview = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!preview.ok) throw new Error(preview.message);
    const before = await readerSnapshot(bg.db, true);
    vi.spyOn(bg.db.readerQuotes, 'bulkAdd').mockRejectedValueOnce(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    );
    expect(await bg.send('page.addArticle', { token: preview.token })).toEqual({ ok: false, error: QUOTA_MESSAGE });
    expect(await readerSnapshot(bg.db, true)).toEqual(before);
  });

  it('a failure halfway through a removal leaves the article whole', async () => {
    const { added } = await addShown(bg);
    const before = await readerSnapshot(bg.db);
    vi.spyOn(bg.db.readerTexts, 'bulkDelete').mockRejectedValueOnce(new Error('disk on fire'));
    expect(await bg.send('page.removeReaderArticle', { articleId: added.articleId })).toEqual({
      ok: false,
      error: 'disk on fire',
    });
    expect(await readerSnapshot(bg.db)).toEqual(before);
    expect(await readerHits(bg, 'adjusted adapted')).toHaveLength(1);
  });

  it('a failure halfway through a new version leaves the old one current and searchable', async () => {
    await addShown(bg);
    const before = await readerSnapshot(bg.db);
    bg.tab.answer = updatedStory();
    const preview = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!preview.ok) throw new Error(preview.message);
    vi.spyOn(bg.db.readerStatements, 'bulkAdd').mockRejectedValueOnce(new Error('disk on fire'));
    expect((await bg.send('page.addArticle', { token: preview.token })).ok).toBe(false);
    expect(await readerSnapshot(bg.db)).toEqual(before);
    expect(await readerHits(bg, 'adjusted adapted')).toHaveLength(1);
  });
});

describe('a page cannot add itself, and nothing hostile is stored', () => {
  const READER_MESSAGES = [
    ['page.previewArticle', { tabId: 7 }],
    ['page.addArticle', { token: 'a'.repeat(32) }],
    ['page.removeReaderArticle', { articleId: 'reader-0123456789abcdef' }],
    ['page.removeAllReaderData', undefined],
    ['page.addReaderEntity', { name: 'Jane Page', aliases: [] }],
    ['page.setReaderItemHidden', { kind: 'quote', id: 'reader-x', hidden: true }],
    ['page.exportReaderData', undefined],
  ] as const;

  it('refuses every reader message from a content script', async () => {
    for (const [type, data] of READER_MESSAGES)
      expect(await bg.send(type, data, contentScript), type).toEqual({
        ok: false,
        error: `${type} is not available to content scripts`,
      });
    expect(await bg.db.readerPreviews.count()).toBe(0);
  });

  it('refuses a write without the token of a preview', async () => {
    await bg.ask('page.previewArticle', { tabId: 1 });
    // A well-formed token nobody was given.
    expect(await bg.send('page.addArticle', { token: 'f'.repeat(32) })).toEqual({ ok: false, error: PREVIEW_GONE });
    // Or no token: an article handed over directly.
    for (const data of [
      {},
      { token: 'not-a-token' },
      { token: 'f'.repeat(32), article: (bg.tab.answer as { article: unknown }).article },
      { article: (bg.tab.answer as { article: unknown }).article },
    ])
      expect((await bg.send('page.addArticle', data)).ok, JSON.stringify(data).slice(0, 40)).toBe(false);
    expect(await bg.db.readerSources.count()).toBe(0);
  });

  it('refuses a preview older than its time to live', async () => {
    const preview = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!preview.ok) throw new Error(preview.message);
    bg.clock.now += PREVIEW_TTL_MS + 1;
    expect(await bg.send('page.addArticle', { token: preview.token })).toEqual({ ok: false, error: PREVIEW_GONE });
    expect(await bg.db.readerSources.count()).toBe(0);
  });

  it('validates the content script’s answer again and refuses what is not an article', async () => {
    const good = bg.tab.answer as { ok: true; article: Record<string, unknown> };
    const answers = [
      { ...good, article: { ...good.article, text: 'x'.repeat(250_001) } },
      { ...good, article: { ...good.article, pageUrl: 'javascript:alert(1)' } },
      { ...good, article: { ...good.article, extra: 'field' } },
      { ok: true, article: { text: '<script>' } },
      { ok: false, reason: 'made-up' },
      '<html>',
      null,
    ];
    for (const answer of answers) {
      bg.tab.answer = answer;
      expect(await bg.ask('page.previewArticle', { tabId: 1 })).toMatchObject({ ok: false, reason: 'invalid-answer' });
    }
    expect(await bg.db.readerPreviews.count()).toBe(0);
  });

  it('says why a tab has no article', async () => {
    bg.tab.answer = { ok: false, reason: 'opted-out' };
    expect(await bg.ask('page.previewArticle', { tabId: 1 })).toMatchObject({
      ok: false,
      reason: 'opted-out',
      message: expect.stringContaining('data-fact-context'),
    });
    bg.ctx.extractArticle = async () => {
      throw new Error('Could not establish connection');
    };
    expect(await bg.ask('page.previewArticle', { tabId: 1 })).toMatchObject({ ok: false, reason: 'no-content-script' });
    // A content script that answers with an error is not "no page": its error is said.
    bg.ctx.extractArticle = async () => {
      throw new Error('n.searchParams.keys() is not iterable');
    };
    expect(await bg.ask('page.previewArticle', { tabId: 1 })).toMatchObject({
      ok: false,
      reason: 'extraction-failed',
      message: expect.stringContaining('searchParams.keys() is not iterable'),
    });
  });

  it('keeps markup in the page’s fields as characters, never as markup', async () => {
    const title = '<img src=x onerror="alert(1)">Allies <b>revisit</b>';
    bg.tab.answer = extracted(
      fixtureHtml('reader-story').replace(
        '"headline": "Allies revisit limits on long-range strikes"',
        `"headline": ${JSON.stringify(title)}`,
      ),
    );
    const { preview, added } = await addShown(bg);
    expect(preview.preview.display.title).toBe(title);
    expect((await bg.db.readerSources.get(added.sourceId))!.metadata.title?.value).toBe(title);
    const card = await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' });
    expect(card.quotes.find((q) => q.fromReading)!.citation.title).toBe(title);
  });

  it('refuses a derivation that is not of the stored text, or not verbatim in it', async () => {
    const { added } = await addShown(bg);
    const { deriveArticle } = await import('@/lib/derive');
    const entities = expandMatcherNames(await bg.ask('cs.getMatcherEntities', undefined, contentScript));
    const article = (bg.tab.answer as { article: Record<string, unknown> }).article;
    const derived = await deriveArticle(article, entities, { addedAt: new Date(), nameLibrary: false });
    const forged = { ...derived, quotes: derived.quotes.map((q) => ({ ...q, text: 'We surrender' })) };
    expect(await bg.send('page.completeDerivation', { sourceId: added.sourceId, derived: forged })).toMatchObject({
      ok: false,
      error: expect.stringContaining('not the text'),
    });
    const other = await deriveArticle((otherArticle(2) as { article: unknown }).article, entities, {
      addedAt: new Date(),
      nameLibrary: false,
    });
    expect(await bg.send('page.completeDerivation', { sourceId: added.sourceId, derived: other })).toMatchObject({
      ok: false,
      error: expect.stringContaining('not of'),
    });
    expect((await bg.db.readerQuotes.toArray()).map((q) => q.text.slice(0, 20))).toEqual(['We have adjusted and']);
  });

  it('refuses the bundled corpus’s ids where the reader’s are expected', async () => {
    for (const [type, data] of [
      ['page.removeReaderArticle', { articleId: 'us-uk-open-to-deeper-strikes' }],
      ['page.getReaderSource', { sourceId: 'us-uk-open-to-deeper-strikes' }],
      ['page.removeReaderEntity', { entityId: 'antony-blinken' }],
      ['page.setReaderItemHidden', { kind: 'quote', id: 'blinken-missile-issue', hidden: true }],
    ] as const)
      expect(await bg.send(type, data), type).toMatchObject({ ok: false, error: expect.stringContaining('Invalid') });
    expect(await bg.db.entities.get('antony-blinken')).toBeDefined();
  });
});

describe('the reader’s choices', () => {
  it('hides a quote and a dated statement everywhere, and shows them again', async () => {
    const { added } = await addShown(bg);
    const quoteId = `${added.sourceId}-q421-549`;
    const statement = (await bg.db.readerStatements.toArray()).find((s) => s.expression.text === 'September 2024')!;
    await bg.ask('page.setReaderItemHidden', { kind: 'quote', id: quoteId, hidden: true });
    await bg.ask('page.setReaderItemHidden', { kind: 'statement', id: statement.id, hidden: true });
    const card = await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' });
    expect(card.quotes.some((q) => q.fromReading)).toBe(false);
    expect(card.statements).toEqual([]);
    expect(await readerHits(bg, 'adjusted adapted')).toEqual([]);
    expect((await bg.ask('page.getTimeline')).reading!.events.map((e) => e.id)).not.toContain(statement.id);
    const view = await bg.ask('page.getReaderSource', { sourceId: added.sourceId });
    expect(view.quotes.find((q) => q.id === quoteId)?.hidden).toBe(true);
    expect(view.hiddenCount).toBe(2);

    await bg.ask('page.setReaderItemHidden', { kind: 'quote', id: quoteId, hidden: false });
    expect(await readerHits(bg, 'adjusted adapted')).toEqual([`quote:${quoteId}`]);
    expect((await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' })).quotes[0]!.id).toBe(quoteId);
  });

  it('stores the items the reader unchecked in the preview hidden: in no card, search or timeline', async () => {
    const preview = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!preview.ok) throw new Error(preview.message);
    const quote = preview.preview.quotes.findIndex((q) => q.text.startsWith(QUOTE));
    const statement = preview.preview.statements.findIndex((s) => s.expression === 'On Monday');
    expect(quote).toBeGreaterThanOrEqual(0);
    expect(statement).toBeGreaterThanOrEqual(0);
    const added = await bg.ask('page.addArticle', {
      token: preview.token,
      hide: { quotes: [quote], statements: [statement] },
    });
    const view = await bg.ask('page.getReaderSource', { sourceId: added.sourceId });
    expect(view.hiddenCount).toBe(2);
    expect(view.quotes.filter((q) => q.hidden).map((q) => q.text.slice(0, 20))).toEqual([QUOTE.slice(0, 20)]);
    expect((await bg.ask('page.getEntityCard', { entityId: 'antony-blinken' })).quotes.some((q) => q.fromReading)).toBe(
      false,
    );
    expect(await readerHits(bg, 'adjusted adapted')).toEqual([]);
    const events = (await bg.ask('page.getTimeline')).reading!.events;
    expect(events.map((e) => e.expression)).not.toContain('On Monday');
    expect(events.length).toBe(view.statements.length - 1);
    // A place that is not in the preview's lists is refused before anything is stored.
    const again = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!again.ok) throw new Error(again.message);
    expect((await bg.send('page.addArticle', { token: again.token, hide: { quotes: [-1], statements: [] } })).ok).toBe(
      false,
    );
  });

  it('keeps hidden items hidden when a version is derived again', async () => {
    const { added } = await addShown(bg);
    const quoteId = `${added.sourceId}-q421-549`;
    await bg.ask('page.setReaderItemHidden', { kind: 'quote', id: quoteId, hidden: true });
    const summary = await bg.ask('page.rederiveReaderSource', { sourceId: added.sourceId });
    expect(summary.hiddenCount).toBe(1);
    expect((await bg.db.readerQuotes.get(quoteId))?.hidden).toBe(true);
    expect(await readerHits(bg, 'adjusted adapted')).toEqual([]);
  });

  it('adds an offered person: marked on every page, given the quotes the articles named them for, searchable', async () => {
    bg.tab.answer = otherArticle(3);
    const { preview, added } = await addShown(bg);
    expect(preview.preview.quotes).toEqual([expect.objectContaining({ speaker: 'Hanna Example', speakerId: null })]);
    const person = await bg.ask('page.addReaderEntity', {
      name: 'Hanna Example',
      aliases: [{ text: 'Example', ambiguous: true }],
      fromSourceId: added.sourceId,
    });
    expect(person).toMatchObject({
      id: 'reader-hanna-example',
      aliases: [
        { text: 'Hanna Example', ambiguous: false },
        { text: 'Example', ambiguous: true },
      ],
    });
    const matcher = expandMatcherNames(await bg.ask('cs.getMatcherEntities', undefined, contentScript));
    expect(matcher.find((e) => e.id === person.id)).toMatchObject({
      kind: 'person',
      aliasDetails: [
        { text: 'Hanna Example', ambiguous: null },
        { text: 'Example', ambiguous: expect.any(String) },
      ],
    });
    const cards = await bg.ask('cs.getCards', { entityIds: [person.id] }, contentScript);
    expect(cards[person.id]!.quotes).toEqual([expect.objectContaining({ fromReading: true })]);
    const names = await bg.ask('page.search', { query: 'hanna' });
    expect(names.groups[0]!.hits[0]).toMatchObject({ id: person.id, fromReading: true });
    // A name another entity has is refused: it would make its mentions two people's.
    await expect(bg.ask('page.addReaderEntity', { name: 'Antony Blinken', aliases: [] })).rejects.toThrow(
      /already names Antony Blinken/,
    );
    await expect(bg.ask('page.addReaderEntity', { name: '\u202eevil', aliases: [] })).rejects.toThrow(/Invalid/);

    await bg.ask('page.removeReaderEntity', { entityId: person.id });
    expect(
      expandMatcherNames(await bg.ask('cs.getMatcherEntities', undefined, contentScript)).some(
        (e) => e.id === person.id,
      ),
    ).toBe(false);
    expect((await bg.db.readerQuotes.toArray())[0]).toMatchObject({ speakerId: null, speakerKey: 'hanna example' });
  });

  it('reports its storage and exports everything it added as JSON', async () => {
    const { added } = await addShown(bg);
    const storage = await bg.ask('page.getReaderStorage');
    expect(storage).toMatchObject({ articles: 1, versions: 1, quotes: 1, entities: 0 });
    expect(storage.bytes).toBeGreaterThan((await bg.db.readerTexts.get(added.sourceId))!.text.length);
    const exported = await bg.ask('page.exportReaderData');
    expect(exported.format).toBe('fact-context-reader-export');
    expect(exported.articles).toHaveLength(1);
    expect(exported.articles[0]!.text).toBe((await bg.db.readerTexts.get(added.sourceId))!.text);
    expect(exported.articles[0]!.quotes[0]!.speakerName).toBe('Antony Blinken');
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
  });
});
