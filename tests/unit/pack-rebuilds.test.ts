/**
 * Issue 18: the matcher is rebuilt once per import, not per item. An import through the options
 * page's job port (reading, checking every corpus rule, writing, the content scripts' names
 * warmed) builds the same number of matchers for a pack of 4 sources as for one of 60 (ten
 * times the people), and a page asking for the names afterwards builds none in the background.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch, type HandlerContext } from '@/lib/background/handlers';
import { ensureCorpus } from '@/lib/db/loader';
import { servePackPort, type JobPort } from '@/lib/pack/handlers';
import { PACK_CHUNK_CHARS, PACK_PORT, type PackJobEvent } from '@/lib/pack/port';
import { encodePack } from '@/lib/pack/write';
import type * as MatcherModule from '@/lib/match/matcher';
import { loadCorpus } from '@/scripts/corpus/read';
import { smallDocument } from './pack-support';

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

const bundle = loadCorpus().bundle!;
const names: string[] = [];
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

const page = { fromExtensionPage: true, tabId: null, url: 'chrome-extension://x/options.html' };
const tab = { fromExtensionPage: false, tabId: 3, url: 'https://news.example/story' };

/** Imports a pack through the job port, as the options page does; the matchers built meanwhile. */
async function buildsDuringImport(sources: number): Promise<{ builds: number; afterwards: number }> {
  const name = `pack-rebuilds-${sources}`;
  names.push(name);
  const { db } = await ensureCorpus(bundle, { name });
  const ctx: HandlerContext = { db: async () => db, setBadge: async () => {}, bundle };
  const doc = await smallDocument({ id: `desk-${sources}`, sources, entities: 2 * sources });
  const bytes = Buffer.from(await encodePack(doc)).toString('base64');
  const posted: PackJobEvent[] = [];
  const listeners: ((m: unknown) => void)[] = [];
  const port: JobPort = {
    name: PACK_PORT,
    postMessage: (m) => posted.push(m),
    disconnect: () => {},
    onMessage: { addListener: (l) => listeners.push(l) },
    onDisconnect: { addListener: () => {} },
  };
  calls.builds = 0;
  servePackPort(port, page, ctx);
  for (let at = 0; at < bytes.length; at += PACK_CHUNK_CHARS)
    listeners.forEach((l) => l({ type: 'chunk', bytes: bytes.slice(at, at + PACK_CHUNK_CHARS) }));
  listeners.forEach((l) => l({ type: 'start', action: 'import' }));
  const outcome = await vi.waitFor(
    () => {
      const last = posted.at(-1);
      if (!last || last.type === 'stage') throw new Error('not done yet');
      return last;
    },
    { timeout: 60_000 },
  );
  expect(outcome).toMatchObject({ type: 'done', result: { ok: true } });
  const builds = calls.builds;
  const answer = await dispatch('cs.getMatcherEntities', undefined, tab, ctx);
  expect(answer).toMatchObject({ ok: true });
  const packPerson = doc.entities[0]!.id;
  expect(JSON.stringify(answer)).toContain(packPerson);
  const afterwards = calls.builds - builds;
  db.close();
  return { builds, afterwards };
}

describe('matcher builds per import', () => {
  it('are as many for a pack of 60 sources as for one of 4, and none when a page then asks for the names', async () => {
    const small = await buildsDuringImport(4);
    const large = await buildsDuringImport(60);
    expect(small.builds).toBeGreaterThan(0);
    expect(large.builds).toBe(small.builds);
    expect(small.builds).toBeLessThanOrEqual(2);
    expect(small.afterwards).toBe(0);
    expect(large.afterwards).toBe(0);
  }, 120_000);
});
