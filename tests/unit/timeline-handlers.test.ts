/** The timeline messages answered from the database, through `dispatch` as the panel sends them. */
import { beforeAll, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { dispatch, type HandlerContext, type SenderInfo } from '@/lib/background/handlers';
import { ensureCorpus } from '@/lib/db/loader';
import type { MessageReturns, MessageType } from '@/lib/messaging/protocol';
import { MAX_FINGERPRINT_LENGTH } from '@/lib/messaging/timeline';
import { foldWhitespace } from '@/lib/timeline/fingerprint';
import { loadCorpus } from '@/scripts/corpus/read';

const bundle = loadCorpus().bundle!;
const extensionPage: SenderInfo = { fromExtensionPage: true, tabId: null, url: 'chrome-extension://id/sidepanel.html' };
const contentScript: SenderInfo = { fromExtensionPage: false, tabId: 3, url: 'https://news.example/story' };
let ctx: HandlerContext;

beforeAll(async () => {
  await Dexie.delete('timeline-test');
  const { db } = await ensureCorpus(bundle, { name: 'timeline-test' });
  ctx = { db: async () => db, setBadge: async () => {} };
});

async function ask<T extends MessageType>(type: T, data?: unknown): Promise<MessageReturns[T]> {
  const result = await dispatch(type, data, extensionPage, ctx);
  if (!result.ok) throw new Error(result.error);
  return result.value as MessageReturns[T];
}

describe('page.getTimeline', () => {
  it('gives every event and claim, sources without their text, and every entity’s name', async () => {
    const data = await ask('page.getTimeline');
    expect(data.version).toBe(bundle.version);
    expect(data.events.map((e) => e.id).sort()).toEqual(bundle.events.map((e) => e.id).sort());
    expect(data.claims.map((c) => c.id).sort()).toEqual(bundle.claims.map((c) => c.id).sort());
    const kyiv = data.events.find((e) => e.id === 'blinken-lammy-kyiv-visit')!;
    expect(kyiv).toEqual(bundle.events.find((e) => e.id === 'blinken-lammy-kyiv-visit'));
    expect(data.sources.map((s) => s.id).sort()).toEqual(bundle.sources.map((s) => s.id).sort());
    for (const s of data.sources) expect(s).not.toHaveProperty('text');
    const names = new Map(data.entities.map((e) => [e.id, e.name]));
    expect(names.get('antony-blinken')).toBe('Antony Blinken');
    const referenced = [
      ...bundle.events.flatMap((e) => e.entityIds),
      ...bundle.claims.flatMap((c) => [...c.entityIds, ...c.positions.flatMap((p) => p.speakerId ?? [])]),
      ...bundle.sources.flatMap((s) => s.entityIds),
    ];
    for (const id of referenced) expect(names.has(id), id).toBe(true);
  });

  it('lists sources newest first', async () => {
    const dates = (await ask('page.getSources')).map((s) => s.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

describe('page.getClaims and page.getSource', () => {
  it('gives the claims with every position', async () => {
    const claims = await ask('page.getClaims');
    const approved = claims.find((c) => c.id === 'us-uk-approved-strikes-inside-russia')!;
    expect(approved.positions).toEqual(bundle.claims.find((c) => c.id === approved.id)!.positions);
  });

  it('gives one source with its full text, and an error for an unknown one', async () => {
    const source = bundle.sources[0]!;
    expect((await ask('page.getSource', { sourceId: source.id })).text).toBe(source.text);
    expect(await dispatch('page.getSource', { sourceId: 'no-such-source' }, extensionPage, ctx)).toEqual({
      ok: false,
      error: 'No source no-such-source',
    });
  });
});

describe('page.findSource', () => {
  it('recognises every corpus article from the start of its text as a page shows it', async () => {
    for (const source of bundle.sources) {
      // As the content script makes it: a paragraph of the article, whitespace folded, 200 characters.
      const paragraph = source.text.split('\n').find((line) => line.trim().length >= 80)!;
      const fingerprint = foldWhitespace(paragraph).slice(0, 200);
      expect(await ask('page.findSource', { fingerprint }), source.id).toBe(source.id);
    }
  });

  it('answers null for a page that is not in the corpus', async () => {
    const fingerprint = 'Markets closed higher on Friday as investors weighed the chances of a rate cut next month.';
    expect(await ask('page.findSource', { fingerprint })).toBeNull();
  });
});

describe('validation', () => {
  it.each([
    ['page.getSource', { sourceId: '../../etc' }],
    ['page.getSource', {}],
    ['page.getSource', { sourceId: 'x', extra: 1 }],
    ['page.findSource', { fingerprint: 'x'.repeat(MAX_FINGERPRINT_LENGTH + 1) }],
    ['page.findSource', { fingerprint: 42 }],
    ['page.getTimeline', { anything: true }],
  ] as const)('rejects %s with %j', async (type, data) => {
    expect((await dispatch(type, data, extensionPage, ctx)).ok).toBe(false);
  });

  it('refuses every timeline message from a content script', async () => {
    for (const type of ['page.getTimeline', 'page.getSources', 'page.getClaims'] as const) {
      expect(await dispatch(type, undefined, contentScript, ctx)).toEqual({
        ok: false,
        error: `${type} is not available to content scripts`,
      });
    }
    expect((await dispatch('page.getSource', { sourceId: 'x' }, contentScript, ctx)).ok).toBe(false);
  });
});
