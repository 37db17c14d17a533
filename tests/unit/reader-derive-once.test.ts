/**
 * The derivation's matcher is built once per corpus version and the reader's people, not at every
 * preview (lib/background/reader.ts `matcherEntities`): a new entity list each time made
 * lib/derive/mentions.ts build the matcher and the linker again for every article previewed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as MatcherModule from '@/lib/match/matcher';
import { background, otherArticle, type Background } from './reader-support';

const calls = vi.hoisted(() => ({ builds: 0 }));
vi.mock('@/lib/match/matcher', async (original) => {
  const m = await original<typeof MatcherModule>();
  return {
    ...m,
    buildMatcher: (...args: Parameters<typeof m.buildMatcher>) => {
      calls.builds++;
      return m.buildMatcher(...args);
    },
  };
});

let bg: Background;
beforeEach(async () => {
  bg = await background();
  calls.builds = 0;
});
afterEach(async () => {
  await bg.close();
});

async function previewOf(n: number) {
  bg.tab.answer = otherArticle(n, 'Hanna Example');
  const preview = await bg.ask('page.previewArticle', { tabId: 1 });
  if (!preview.ok) throw new Error(preview.message);
  return preview.preview;
}

describe('the derivation’s matcher', () => {
  it('is built once for many previews, again when the reader’s people or the corpus change', async () => {
    for (let n = 1; n <= 4; n++) await previewOf(n);
    expect(calls.builds).toBe(1);

    // A person the reader adds is known to the next derivation: her quote is hers.
    const person = await bg.ask('page.addReaderEntity', { name: 'Hanna Example', aliases: [] });
    const after = await previewOf(5);
    expect(after.quotes.map((q) => q.speakerId)).toContain(person.id);
    await previewOf(6);
    expect(calls.builds).toBe(2);

    // The corpus tables changed in place (a pack imported): its entities are read again.
    await bg.db.meta.update('corpus', { version: 'another-version' });
    await previewOf(7);
    expect(calls.builds).toBe(3);
  });
});
