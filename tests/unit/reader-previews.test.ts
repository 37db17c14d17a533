/**
 * A preview is kept twice (lib/background/reader.ts): in the memory of the worker that derived
 * it, which a confirmation takes it from without reading or validating it again, and as a row for
 * a worker started since (Chrome stops an idle one), which reads the row and validates it again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch, type HandlerContext } from '@/lib/background/handlers';
import { PREVIEW_GONE, QUOTA_MESSAGE } from '@/lib/background/reader';
import { ensureCorpus } from '@/lib/db/loader';
import type { DerivedArticle } from '@/lib/derive/schema';
import { background, bundle, extensionPage, readerSnapshot, type Background } from './reader-support';

let bg: Background;
beforeEach(async () => {
  bg = await background();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await bg.close();
});

/** The same database opened by a worker started since: nothing of the first one's memory. */
async function restartedWorker(): Promise<(type: string, data: unknown) => ReturnType<typeof dispatch>> {
  const { db } = await ensureCorpus(bundle, { name: bg.db.name });
  const ctx: HandlerContext = { ...bg.ctx, db: async () => db };
  return (type, data) => dispatch(type, data, extensionPage, ctx);
}

/** Makes the stored preview's first quote say what its text does not. */
async function tamperWithRow(token: string) {
  const row = (await bg.db.readerPreviews.get(token))!;
  const derived: DerivedArticle = structuredClone(row.derived);
  derived.quotes[0]!.text = 'Words the article never had';
  await bg.db.readerPreviews.update(token, { derived });
}

describe('a preview', () => {
  it('is confirmed from the memory of the worker that made it, not from its row read back', async () => {
    const preview = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!preview.ok) throw new Error(preview.message);
    await tamperWithRow(preview.token);
    const added = await bg.ask('page.addArticle', { token: preview.token });
    expect(added.outcome).toBe('added');
    const quotes = await bg.db.readerQuotes.toArray();
    expect(quotes.map((q) => q.text)).toEqual([preview.preview.quotes[0]!.text]);
    expect(await bg.db.readerPreviews.count()).toBe(0);
    expect(await bg.send('page.addArticle', { token: preview.token })).toEqual({ ok: false, error: PREVIEW_GONE });
  });

  it('is confirmed from its row by a worker started since, validated again', async () => {
    const first = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!first.ok) throw new Error(first.message);
    const restarted = await restartedWorker();
    expect(await restarted('page.addArticle', { token: first.token })).toMatchObject({
      ok: true,
      value: { outcome: 'added' },
    });
    // A row that is not what a derivation gives (not verbatim in its text) is refused.
    bg.clock.now += 1000;
    await bg.ask('page.removeAllReaderData');
    const second = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!second.ok) throw new Error(second.message);
    await tamperWithRow(second.token);
    const refused = await (await restartedWorker())('page.addArticle', { token: second.token });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^Not stored: quote at/) });
    expect(await bg.db.readerSources.count()).toBe(0);
  });

  it('whose row the disk refused is refused at its confirmation with the full disk’s message', async () => {
    vi.spyOn(bg.db.readerPreviews, 'add').mockRejectedValueOnce(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    );
    const preview = await bg.ask('page.previewArticle', { tabId: 1 });
    if (!preview.ok) throw new Error(preview.message);
    const before = await readerSnapshot(bg.db, true);
    expect(await bg.send('page.addArticle', { token: preview.token })).toEqual({ ok: false, error: QUOTA_MESSAGE });
    expect(await readerSnapshot(bg.db, true)).toEqual(before);
  });
});
