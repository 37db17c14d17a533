/** The background's validation of every message: sender, type and data, with errors as values. */
import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import Dexie from 'dexie';
import { dispatch, type HandlerContext, type SenderInfo } from '@/lib/background/handlers';
import { ensureCorpus } from '@/lib/db/loader';
import { MAX_ENTITY_IDS_PER_REQUEST } from '@/lib/messaging/protocol';
import { loadCorpus } from '@/scripts/corpus/read';

const fixture = loadCorpus(join(import.meta.dirname, '../fixtures/corpus/valid')).bundle!;
const contentScript: SenderInfo = { fromExtensionPage: false, tabId: 7, url: 'https://news.example/story' };
const extensionPage: SenderInfo = { fromExtensionPage: true, tabId: null, url: 'chrome-extension://id/popup.html' };

async function context(): Promise<HandlerContext & { setBadge: ReturnType<typeof vi.fn> }> {
  await Dexie.delete('messaging-test');
  const { db } = await ensureCorpus(fixture, { name: 'messaging-test' });
  return { db: async () => db, setBadge: vi.fn(async () => {}) };
}

describe('dispatch', () => {
  it('answers a valid content-script lookup', async () => {
    const ctx = await context();
    const result = await dispatch('cs.getCards', { entityIds: ['jane-roe', 'nobody'] }, contentScript, ctx);
    expect(result.ok).toBe(true);
    const cards = (result as { value: Record<string, { facts: { id: string }[] }> }).value;
    expect(Object.keys(cards)).toEqual(['jane-roe']);
    expect(cards['jane-roe']!.facts.map((f) => f.id).sort()).toEqual([
      'roe-is-defense-minister',
      'skyfall-rockets-arrive-march',
    ]);
  });

  it('refuses extension-page messages from a content script', async () => {
    const ctx = await context();
    expect(await dispatch('page.getCorpusInfo', undefined, contentScript, ctx)).toEqual({
      ok: false,
      error: 'page.getCorpusInfo is not available to content scripts',
    });
    expect((await dispatch('page.getCorpusInfo', undefined, extensionPage, ctx)).ok).toBe(true);
  });

  it.each([
    ['an unknown type', 'db.deleteEverything', {}],
    ['a prototype key as type', '__proto__', {}],
    ['a non-string type', 42, {}],
  ])('answers %s with an error value', async (_label, type, data) => {
    const ctx = await context();
    expect(await dispatch(type, data, extensionPage, ctx)).toEqual({ ok: false, error: 'Unknown message type' });
  });

  it.each([
    ['missing data', undefined],
    ['ids that are not strings', { entityIds: [1, 2] }],
    ['ids with markup', { entityIds: ['<img src=x onerror=alert(1)>'] }],
    ['extra fields', { entityIds: [], evil: true }],
    ['too many ids', { entityIds: Array.from({ length: MAX_ENTITY_IDS_PER_REQUEST + 1 }, (_, i) => `e-${i}`) }],
  ])('rejects cs.getCards with %s', async (_label, data) => {
    const ctx = await context();
    const result = await dispatch('cs.getCards', data, contentScript, ctx);
    expect(result.ok).toBe(false);
    expect((result as { error: string }).error).toMatch(/^Invalid cs.getCards data/);
  });

  it('sets the badge for the sending tab only, from a valid count', async () => {
    const ctx = await context();
    expect(await dispatch('cs.reportMentions', { linked: 12 }, contentScript, ctx)).toEqual({ ok: true, value: null });
    expect(ctx.setBadge).toHaveBeenCalledWith(7, '12');
    const bad = await dispatch('cs.reportMentions', { linked: -1 }, contentScript, ctx);
    expect(bad.ok).toBe(false);
    expect(ctx.setBadge).toHaveBeenCalledTimes(1);
  });

  it('turns a failing handler into an error value', async () => {
    const ctx: HandlerContext = {
      db: () => Promise.reject(new Error('database unavailable')),
      setBadge: async () => {},
    };
    expect(await dispatch('cs.getMatcherEntities', undefined, contentScript, ctx)).toEqual({
      ok: false,
      error: 'database unavailable',
    });
  });
});
