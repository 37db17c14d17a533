/** The background's per-tab bounds (lib/background/limits.ts), alone and applied by `dispatch`. */
import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import Dexie from 'dexie';
import { dispatch, type HandlerContext, type SenderInfo } from '@/lib/background/handlers';
import {
  ALL_TABS_PER_WINDOW,
  MAX_IN_FLIGHT_PER_TAB,
  MAX_WAITING_PER_TAB,
  MESSAGE_BURST_PER_TAB,
  MESSAGES_PER_SECOND_PER_TAB,
  OVERLOAD_ERROR,
  PER_TAB_PER_WINDOW,
  RATE_WINDOW_MS,
  TabLimits,
  rateError,
} from '@/lib/background/limits';
import { ensureCorpus } from '@/lib/db/loader';
import type { Result } from '@/lib/messaging/protocol';
import { loadCorpus } from '@/scripts/corpus/read';

const fixture = loadCorpus(join(import.meta.dirname, '../fixtures/corpus/valid')).bundle!;

/** A task that finishes when told. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, task: vi.fn(async (): Promise<Result<string>> => (await opened, { ok: true, value: 'done' })) };
}

describe('TabLimits: the queue of one tab', () => {
  it('runs a few at once, queues a few more, and refuses the rest at once without running them', async () => {
    const limits = new TabLimits();
    const { open, task } = gate();
    const answers = Array.from({ length: MAX_IN_FLIGHT_PER_TAB + MAX_WAITING_PER_TAB + 20 }, () => limits.run(7, task));
    await Promise.resolve();
    expect(task).toHaveBeenCalledTimes(MAX_IN_FLIGHT_PER_TAB);
    expect(limits.pending(7)).toBe(MAX_IN_FLIGHT_PER_TAB + MAX_WAITING_PER_TAB);
    // The refused ones are answered before anything finishes.
    const refused = await Promise.all(answers.slice(MAX_IN_FLIGHT_PER_TAB + MAX_WAITING_PER_TAB));
    expect(refused.every((r) => !r.ok && r.error === OVERLOAD_ERROR)).toBe(true);
    open();
    const done = await Promise.all(answers.slice(0, MAX_IN_FLIGHT_PER_TAB + MAX_WAITING_PER_TAB));
    expect(done.every((r) => r.ok)).toBe(true);
    expect(task).toHaveBeenCalledTimes(MAX_IN_FLIGHT_PER_TAB + MAX_WAITING_PER_TAB);
    expect(limits.pending(7)).toBe(0);
  });

  it('keeps other tabs unaffected while one tab is full', async () => {
    const limits = new TabLimits();
    const flood = gate();
    for (let i = 0; i < 100; i++) void limits.run(1, flood.task);
    const other = await limits.run(2, async () => ({ ok: true, value: 'card' }));
    expect(other).toEqual({ ok: true, value: 'card' });
    flood.open();
  });

  it('refuses a tab sending faster than its rate, even when each message is cheap, and lets it go on later', async () => {
    let now = 0;
    const limits = new TabLimits(() => now);
    const cheap = vi.fn(async (): Promise<Result<null>> => ({ ok: true, value: null }));
    // One after the other, each answered before the next: the queue never fills, the rate applies.
    const burst = [];
    for (let i = 0; i < 1000; i++) burst.push(await limits.run(4, cheap));
    expect(cheap).toHaveBeenCalledTimes(MESSAGE_BURST_PER_TAB);
    expect(burst.filter((a) => !a.ok && a.error === OVERLOAD_ERROR)).toHaveLength(1000 - MESSAGE_BURST_PER_TAB);
    now += 1000;
    for (let i = 0; i < 1000; i++) await limits.run(4, cheap);
    expect(cheap).toHaveBeenCalledTimes(MESSAGE_BURST_PER_TAB + MESSAGES_PER_SECOND_PER_TAB);
    // A tab that behaves (a few messages a second) is never refused.
    for (let i = 0; i < 200; i++) {
      now += 1000 / (MESSAGES_PER_SECOND_PER_TAB / 2);
      expect((await limits.run(5, cheap)).ok).toBe(true);
    }
  });

  it('frees a slot when a task fails, and the next waiting one runs', async () => {
    const limits = new TabLimits(Date.now, { inFlight: 1, waiting: 1 });
    const failing = limits.run(3, async () => {
      throw new Error('boom');
    });
    const next = limits.run(3, async () => ({ ok: true, value: 1 }));
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toEqual({ ok: true, value: 1 });
    expect(limits.pending(3)).toBe(0);
  });
});

describe('TabLimits: writes and tab openings per minute', () => {
  it('allows a few per tab per window, then refuses until the window has passed', () => {
    let now = 1_000_000;
    const limits = new TabLimits(() => now);
    for (let i = 0; i < PER_TAB_PER_WINDOW.write; i++) expect(limits.allow(5, 'write')).toBe(true);
    expect(limits.allow(5, 'write')).toBe(false);
    // Openings are counted apart from writes.
    expect(limits.allow(5, 'opening')).toBe(true);
    now += RATE_WINDOW_MS - 1;
    expect(limits.allow(5, 'write')).toBe(false);
    now += 1;
    expect(limits.allow(5, 'write')).toBe(true);
  });

  it('does not count refused ones: a tab that keeps trying gets its next one when the window frees', () => {
    let now = 0;
    const limits = new TabLimits(() => now);
    for (let i = 0; i < PER_TAB_PER_WINDOW.opening; i++) limits.allow(9, 'opening');
    for (let i = 0; i < 50; i++) {
      now += 100;
      expect(limits.allow(9, 'opening')).toBe(false);
    }
    now = RATE_WINDOW_MS;
    expect(limits.allow(9, 'opening')).toBe(true);
  });

  it('bounds all tabs together, so opening more tabs multiplies nothing', () => {
    const limits = new TabLimits(() => 0);
    let allowed = 0;
    for (let tab = 0; tab < 100; tab++) if (limits.allow(tab, 'write')) allowed++;
    expect(allowed).toBe(ALL_TABS_PER_WINDOW.write);
  });
});

describe('dispatch applies the limits to content scripts', () => {
  async function context(): Promise<HandlerContext> {
    await Dexie.delete('limits-test');
    const { db } = await ensureCorpus(fixture, { name: 'limits-test' });
    return { db: async () => db, setBadge: async () => {}, limits: new TabLimits() };
  }
  const tab = (tabId: number): SenderInfo => ({ fromExtensionPage: false, tabId, url: 'https://news.example/story' });

  it('answers a flood from one tab with overload errors, at once, and never asks the database for them', async () => {
    const ctx = await context();
    const reads = vi.spyOn(ctx, 'db');
    const flood = Array.from({ length: 3000 }, (_, i) =>
      dispatch('cs.getCards', { entityIds: [`made-up-${i}`] }, tab(1), ctx),
    );
    const answers = await Promise.all(flood);
    const overloaded = answers.filter((a) => !a.ok && a.error === OVERLOAD_ERROR).length;
    expect(overloaded).toBe(3000 - MAX_IN_FLIGHT_PER_TAB - MAX_WAITING_PER_TAB);
    expect(reads).toHaveBeenCalledTimes(MAX_IN_FLIGHT_PER_TAB + MAX_WAITING_PER_TAB);
    // Another tab is answered as usual.
    const other = await dispatch('cs.getCards', { entityIds: ['jane-roe'] }, tab(2), ctx);
    expect(other.ok).toBe(true);
  });

  it('refuses a tab’s writes beyond a few a minute with a clear error, and leaves storage alone', async () => {
    const ctx = await context();
    const answers = [];
    for (let i = 0; i < 10; i++)
      answers.push(await dispatch('cs.muteEntity', { entityId: `entity-${i}` }, tab(4), ctx));
    expect(answers.filter((a) => a.ok)).toHaveLength(PER_TAB_PER_WINDOW.write);
    expect(answers.at(-1)).toEqual({ ok: false, error: rateError('write') });
    const { getMutedEntities } = await import('@/lib/settings/store');
    expect(await getMutedEntities()).toHaveLength(PER_TAB_PER_WINDOW.write);
  });

  it('refuses a tab’s openings beyond a few a minute: a page cannot open thirty tabs', async () => {
    const ctx = await context();
    const { browser } = await import('wxt/browser');
    const create = vi.spyOn(browser.tabs, 'create').mockResolvedValue({} as never);
    const answers = [];
    for (let i = 0; i < 30; i++)
      answers.push(await dispatch('cs.openReader', { sourceId: 'sample-article' }, tab(6), ctx));
    expect(create).toHaveBeenCalledTimes(PER_TAB_PER_WINDOW.opening);
    expect(answers.at(-1)).toEqual({ ok: false, error: rateError('opening') });
  });

  it('counts only valid writes, and never limits the extension’s own pages', async () => {
    const ctx = await context();
    for (let i = 0; i < 10; i++)
      expect((await dispatch('cs.muteEntity', { entityId: '<bad id>' }, tab(8), ctx)).ok).toBe(false);
    expect(await dispatch('cs.muteEntity', { entityId: 'jane-roe' }, tab(8), ctx)).toEqual({ ok: true, value: null });
    const page: SenderInfo = { fromExtensionPage: true, tabId: null, url: 'chrome-extension://id/popup.html' };
    const all = await Promise.all(
      Array.from({ length: 50 }, () => dispatch('page.getCorpusInfo', undefined, page, ctx)),
    );
    expect(all.every((a) => a.ok)).toBe(true);
  });
});
