/**
 * Packs in the database (fake-indexeddb): an import writes the merge into the corpus tables in
 * one transaction, a failure halfway leaves everything as it was, removal gives back exactly the
 * bundled corpus, a new bundled corpus keeps the packs, and the messages check before writing.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CorpusBundle } from '@/lib/corpus/schema';
import type { FactContextDb } from '@/lib/db';
import { ensureCorpus } from '@/lib/db/loader';
import { dispatch, type HandlerContext } from '@/lib/background/handlers';
import { bundledCorpus, importPack, mergedCorpus } from '@/lib/pack/merge';
import { importIntoDb, packSummaries, removeFromDb } from '@/lib/pack/store';
import { encodePack } from '@/lib/pack/write';
import { servePackPort, type JobPort } from '@/lib/pack/handlers';
import { MAX_PACK_BASE64_CHARS, PACK_CHUNK_CHARS, PACK_PORT, type PackJobEvent } from '@/lib/pack/port';
import { loadCorpus } from '@/scripts/corpus/read';
import { checked, editedPack, smallDocument } from './pack-support';

const bundle: CorpusBundle = loadCorpus().bundle!;
let counter = 0;
const names: string[] = [];
async function freshDb(b: CorpusBundle = bundle): Promise<FactContextDb> {
  const name = `pack-db-${++counter}`;
  names.push(name);
  return (await ensureCorpus(b, { name })).db;
}
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

async function tables(db: FactContextDb) {
  const sort = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
  return {
    sources: sort(await db.sources.toArray()),
    entities: sort(await db.entities.toArray()),
    facts: sort(await db.facts.toArray()),
    quotes: sort(await db.quotes.toArray()),
    events: sort(await db.events.toArray()),
    claims: sort(await db.claims.toArray()),
    packs: await db.packs.toArray(),
  };
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('packs in the database', () => {
  it('imports a pack: the corpus tables hold the merge, the meta row its version and counts', async () => {
    const db = await freshDb();
    const pack = await checked({ id: 'newsroom' });
    const result = await importIntoDb(db, bundle, pack);
    expect(result.ok).toBe(true);
    const expected = importPack(bundledCorpus(bundle), pack);
    if (!expected.ok) throw new Error('refused');
    const t = await tables(db);
    expect(t.sources).toHaveLength(expected.view.sources.length);
    expect(t.entities.map((e) => e.id).sort()).toEqual(expected.view.entities.map((e) => e.id).sort());
    expect(t.facts.filter((f) => f.id.startsWith('newsroom--'))).toHaveLength(pack.bundle.facts.length);
    const meta = await db.meta.get('corpus');
    expect(meta).toMatchObject({ version: expected.view.version, bundleVersion: bundle.version });
    expect(meta!.counts.quotes).toBe(bundle.quotes.length + pack.bundle.quotes.length);
    expect(await packSummaries(db)).toEqual([expect.objectContaining({ manifest: pack.manifest })]);
    db.close();
  });

  it('removing the pack gives back exactly the bundled corpus', async () => {
    const db = await freshDb();
    const before = await tables(db);
    await importIntoDb(db, bundle, await checked({ id: 'newsroom' }));
    expect(await removeFromDb(db, bundle, 'newsroom')).toBe(true);
    expect(await tables(db)).toEqual(before);
    expect((await db.meta.get('corpus'))?.version).toBe(bundle.version);
    expect(await removeFromDb(db, bundle, 'newsroom')).toBe(false);
    db.close();
  });

  it('leaves everything as it was when the import fails halfway (one transaction)', async () => {
    const db = await freshDb();
    await importIntoDb(db, bundle, await checked({ id: 'first' }));
    const before = await tables(db);
    const meta = await db.meta.get('corpus');
    const spy = vi
      .spyOn(db.quotes, 'bulkAdd')
      .mockImplementationOnce(
        () => Dexie.Promise.reject(new Error('disk full')) as ReturnType<typeof db.quotes.bulkAdd>,
      );
    await expect(importIntoDb(db, bundle, await checked({ id: 'second', seed: 2 }))).rejects.toThrow('disk full');
    spy.mockRestore();
    expect(await tables(db)).toEqual(before);
    expect(await db.meta.get('corpus')).toEqual(meta);
    db.close();
  });

  it('keeps the packs when a new bundled corpus is loaded', async () => {
    const db = await freshDb();
    await importIntoDb(db, bundle, await checked({ id: 'newsroom' }));
    db.close();
    const next: CorpusBundle = { ...bundle, version: `${bundle.version}-next`, facts: bundle.facts.slice(1) };
    const { db: reopened, outcome } = await ensureCorpus(next, { name: names.at(-1)! });
    expect(outcome).toBe('loaded');
    const t = await tables(reopened);
    expect(t.facts.filter((f) => f.id.startsWith('newsroom--')).length).toBeGreaterThan(0);
    expect(t.facts.find((f) => f.id === bundle.facts[0]!.id)).toBeUndefined();
    expect((await reopened.meta.get('corpus'))?.bundleVersion).toBe(next.version);
    // And the next start finds it current: no reload at every start.
    reopened.close();
    const again = await ensureCorpus(next, { name: names.at(-1)! });
    expect(again.outcome).toBe('current');
    again.db.close();
  });

  it('answers the pack messages from extension pages only, and writes nothing for a refused pack', async () => {
    const db = await freshDb();
    const ctx: HandlerContext = { db: async () => db, setBadge: async () => {}, bundle };
    const page = { fromExtensionPage: true, tabId: null, url: 'chrome-extension://x/options.html' };
    const good = base64(await encodePack(await smallDocument({ id: 'desk' })));

    const fromPage = await dispatch(
      'page.importPack',
      { bytes: good },
      { ...page, fromExtensionPage: false, tabId: 3 },
      ctx,
    );
    expect(fromPage).toEqual({ ok: false, error: 'page.importPack is not available to content scripts' });

    const preview = await dispatch('page.previewPack', { bytes: good }, page, ctx);
    expect(preview).toMatchObject({ ok: true, value: { ok: true, manifest: { id: 'desk' }, counts: { sources: 6 } } });
    expect(await db.packs.count()).toBe(0);

    const before = await tables(db);
    const broken = base64(await editedPack((d) => (d.sources[0]!.facts![0]!.quote = 'never said')));
    const refused = await dispatch('page.importPack', { bytes: broken }, page, ctx);
    expect(refused).toMatchObject({
      ok: true,
      value: { ok: false, problems: [expect.stringContaining('quote is not verbatim')] },
    });
    expect(await tables(db)).toEqual(before);

    const imported = await dispatch('page.importPack', { bytes: good }, page, ctx);
    expect(imported).toMatchObject({ ok: true, value: { ok: true, report: { change: 'added' } } });
    expect(await dispatch('page.listPacks', undefined, page, ctx)).toMatchObject({
      ok: true,
      value: [{ manifest: { id: 'desk' } }],
    });
    expect(await dispatch('page.removePack', { id: 'desk' }, page, ctx)).toEqual({ ok: true, value: true });
    expect(await tables(db)).toEqual(before);
    expect(await dispatch('page.importPack', { bytes: 'not base64!' }, page, ctx)).toMatchObject({ ok: false });
    db.close();
  });

  it('exports a pack exactly as it was imported: same bytes, same hash', async () => {
    const db = await freshDb();
    const ctx: HandlerContext = { db: async () => db, setBadge: async () => {}, bundle };
    const page = { fromExtensionPage: true, tabId: null, url: 'chrome-extension://x/options.html' };
    const original = await encodePack(await smallDocument({ id: 'desk', version: '2.1' }));
    await dispatch('page.importPack', { bytes: base64(original) }, page, ctx);
    const exported = await dispatch('page.exportPack', { id: 'desk' }, page, ctx);
    expect(exported).toEqual({ ok: true, value: { fileName: 'desk-2.1.fcpack', bytes: base64(original) } });
    expect(await dispatch('page.exportPack', { id: 'other' }, page, ctx)).toEqual({
      ok: false,
      error: 'No pack "other" is imported',
    });
    db.close();
  });

  it('merges as the pure functions say', async () => {
    const db = await freshDb();
    const a = await checked({ id: 'alpha' });
    const b = await checked({ id: 'beta', seed: 3 });
    await importIntoDb(db, bundle, a);
    await importIntoDb(db, bundle, b);
    const one = importPack(bundledCorpus(bundle), a);
    if (!one.ok) throw new Error('refused');
    const two = importPack(one.corpus, b);
    if (!two.ok) throw new Error('refused');
    const view = mergedCorpus(two.corpus);
    const t = await tables(db);
    const entityRows = t.entities.map((e) => JSON.stringify(e)).sort();
    expect(entityRows).toEqual(view.entities.map((e) => JSON.stringify(e)).sort());
    db.close();
  });
});

/** A runtime port as the background sees one: what it posted, and the page's side to drive it. */
function fakePort() {
  const messageListeners: ((m: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const posted: PackJobEvent[] = [];
  let disconnected = false;
  const port: JobPort = {
    name: PACK_PORT,
    postMessage: (m) => posted.push(m),
    disconnect: () => void (disconnected = true),
    onMessage: { addListener: (l) => messageListeners.push(l) },
    onDisconnect: { addListener: (l) => disconnectListeners.push(l) },
  };
  return {
    port,
    posted,
    isDisconnected: () => disconnected,
    send: (m: unknown) => messageListeners.forEach((l) => l(m)),
    /** The file in chunks, then start, as lib/pack/client.ts sends it. */
    submit: (action: string, bytes: string, chunk = PACK_CHUNK_CHARS) => {
      for (let at = 0; at < bytes.length; at += chunk) {
        messageListeners.forEach((l) => l({ type: 'chunk', bytes: bytes.slice(at, at + chunk) }));
      }
      messageListeners.forEach((l) => l({ type: 'start', action }));
    },
    closePage: () => disconnectListeners.forEach((l) => l()),
    outcome: () =>
      vi.waitFor(
        () => {
          const last = posted.at(-1);
          if (!last || last.type === 'stage') throw new Error('not done yet');
          return last;
        },
        { timeout: 20_000 },
      ),
  };
}

describe('pack jobs on a port (stages, cancel)', () => {
  const page = { fromExtensionPage: true, tabId: null, url: 'chrome-extension://x/options.html' };

  it('reports each stage of an import, then its result', async () => {
    const db = await freshDb();
    const ctx: HandlerContext = { db: async () => db, setBadge: async () => {}, bundle };
    const job = fakePort();
    servePackPort(job.port, page, ctx);
    // In chunks of 4 kB: the file is put together again.
    job.submit('import', base64(await encodePack(await smallDocument({ id: 'desk' }))), 4096);
    expect(await job.outcome()).toMatchObject({ type: 'done', result: { ok: true, report: { change: 'added' } } });
    expect(job.posted.filter((m) => m.type === 'stage').map((m) => m.stage)).toEqual([
      'reading',
      'checking',
      'writing',
    ]);
    expect(await db.packs.count()).toBe(1);
    db.close();
  });

  it('a cancel while writing aborts the one transaction: nothing is left behind', async () => {
    const db = await freshDb();
    await importIntoDb(db, bundle, await checked({ id: 'first' }));
    const before = await tables(db);
    const meta = await db.meta.get('corpus');
    const ctx: HandlerContext = { db: async () => db, setBadge: async () => {}, bundle };
    const job = fakePort();
    // The cancel arrives halfway through the writing: after the pack row and some tables are written.
    const bulkAdd = db.quotes.bulkAdd.bind(db.quotes);
    const spy = vi.spyOn(db.quotes, 'bulkAdd').mockImplementationOnce((...args: Parameters<typeof bulkAdd>) => {
      job.send({ type: 'cancel' });
      return bulkAdd(...args);
    });
    servePackPort(job.port, page, ctx);
    const bytes = base64(await encodePack(await smallDocument({ id: 'second', seed: 2 })));
    job.submit('import', bytes);
    expect(await job.outcome()).toEqual({ type: 'cancelled' });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect(await tables(db)).toEqual(before);
    expect(await db.meta.get('corpus')).toEqual(meta);
    db.close();
  });

  it('closing the page stops the job before it writes', async () => {
    const db = await freshDb();
    const before = await tables(db);
    const ctx: HandlerContext = { db: async () => db, setBadge: async () => {}, bundle };
    const job = fakePort();
    servePackPort(job.port, page, ctx);
    job.submit('import', base64(await encodePack(await smallDocument({ id: 'desk' }))));
    job.closePage();
    // Nothing more is posted to a closed port; the job stops at its next stage.
    await new Promise((r) => setTimeout(r, 200));
    expect(job.posted).toEqual([]);
    expect(await tables(db)).toEqual(before);
    db.close();
  });

  it('serves extension pages only, one start per port, and ends the port on a malformed message', async () => {
    const db = await freshDb();
    const ctx: HandlerContext = { db: async () => db, setBadge: async () => {}, bundle };
    const fromWeb = fakePort();
    servePackPort(fromWeb.port, { fromExtensionPage: false, tabId: 4, url: 'https://example.com/' }, ctx);
    expect(fromWeb.isDisconnected()).toBe(true);

    const malformed = fakePort();
    servePackPort(malformed.port, page, ctx);
    malformed.send({ type: 'chunk', bytes: 'not base64!' });
    expect(malformed.isDisconnected()).toBe(true);

    // More than a pack may be (the file cap as base64) ends the port before anything is read.
    const tooLarge = fakePort();
    servePackPort(tooLarge.port, page, ctx);
    const chunk = 'A'.repeat(PACK_CHUNK_CHARS);
    for (let sent = 0; sent <= MAX_PACK_BASE64_CHARS && !tooLarge.isDisconnected(); sent += PACK_CHUNK_CHARS) {
      tooLarge.send({ type: 'chunk', bytes: chunk });
    }
    expect(tooLarge.isDisconnected()).toBe(true);

    const twice = fakePort();
    servePackPort(twice.port, page, ctx);
    const bytes = base64(await encodePack(await smallDocument({ id: 'desk' })));
    twice.submit('preview', bytes);
    twice.submit('import', bytes);
    expect(twice.isDisconnected()).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await db.packs.count()).toBe(0);
    db.close();
  });
});
