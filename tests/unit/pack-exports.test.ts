/**
 * Exports as packs (issue 18): the reader's own articles and "everything" become `.fcpack` files
 * that the importer's own checks accept, and that import into a fresh profile with the same
 * sources, quotes, dated statements and people.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { FactContextDb } from '@/lib/db';
import { ensureCorpus } from '@/lib/db/loader';
import { dispatch, type HandlerContext } from '@/lib/background/handlers';
import type { MessageReturns, MessageType } from '@/lib/messaging/protocol';
import { readPack, formatPackProblem, type CheckedPack } from '@/lib/pack/read';
import { contentHashOf } from '@/lib/pack/hash';
import { importIntoDb } from '@/lib/pack/store';
import {
  addShown,
  background,
  bundle,
  extensionPage,
  extracted,
  otherArticle,
  updatedStory,
  type Background,
} from './reader-support';
import { smallDocument } from './pack-support';
import { encodePack } from '@/lib/pack/write';

const open: Background[] = [];
const names: string[] = [];
let counter = 0;
afterEach(async () => {
  for (const bg of open.splice(0)) await bg.close();
  for (const n of names.splice(0)) await Dexie.delete(n);
});

async function readerBackground(): Promise<Background> {
  const bg = await background();
  bg.ctx.bundle = bundle;
  open.push(bg);
  return bg;
}

async function freshDb(): Promise<{ db: FactContextDb; ctx: HandlerContext }> {
  const name = `pack-export-${++counter}`;
  names.push(name);
  const { db } = await ensureCorpus(bundle, { name });
  return { db, ctx: { db: async () => db, setBadge: async () => {}, bundle } };
}

async function ask<T extends MessageType>(ctx: HandlerContext, type: T, data?: unknown): Promise<MessageReturns[T]> {
  const result = await dispatch(type, data, extensionPage, ctx);
  if (!result.ok) throw new Error(result.error);
  return result.value as MessageReturns[T];
}

async function read(base64: string): Promise<CheckedPack> {
  const result = await readPack(new Uint8Array(Buffer.from(base64, 'base64')));
  if (!result.ok) throw new Error(result.problems.map(formatPackProblem).join('\n'));
  return result;
}

/** The corpus tables' rows, sorted: what a profile reads. */
async function corpusRows(db: FactContextDb) {
  const sort = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
  return {
    sources: sort(await db.sources.toArray()),
    entities: sort(await db.entities.toArray()),
    facts: sort(await db.facts.toArray()),
    quotes: sort(await db.quotes.toArray()),
    events: sort(await db.events.toArray()),
    claims: sort(await db.claims.toArray()),
  };
}

/** A reader with two articles (one in two versions), one item hidden, and a person added. */
async function busyReader(): Promise<Background & { person: { id: string } }> {
  const bg = await readerBackground();
  await addShown(bg);
  bg.tab.answer = updatedStory();
  await addShown(bg);
  bg.tab.answer = otherArticle(3);
  const { added } = await addShown(bg);
  const person = await bg.ask('page.addReaderEntity', {
    name: 'Hanna Example',
    aliases: [],
    ambiguous: false,
    titles: [],
    topics: [],
    fromSourceId: added.sourceId,
  });
  const statement = (await bg.db.readerStatements.toArray()).find((s) => s.sourceId !== added.sourceId)!;
  await bg.ask('page.setReaderItemHidden', { kind: 'statement', id: statement.id, hidden: true });
  return Object.assign(bg, { person });
}

describe("exporting the reader's articles as a pack", () => {
  it('passes every check of the importer and carries each version, item and person as stored', async () => {
    const bg = await busyReader();
    const file = (await bg.ask('page.exportYourArticles'))!;
    expect(file.fileName).toBe('fact-context-your-articles-2026-03-06.fcpack');
    const pack = await read(file.bytes);
    const reader = pack.content.reader!;
    const sources = await bg.db.readerSources.toArray();
    // Every version, the earlier one too, with its metadata's methods, offsets and hidden ids.
    expect(reader.versions.map((v) => v.id).sort()).toEqual(sources.map((s) => s.id).sort());
    for (const version of reader.versions) {
      const row = sources.find((s) => s.id === version.id)!;
      expect(version.derived.source.metadata).toEqual(row.metadata);
      expect(version.current).toBe(row.current === 1);
      const text = (await bg.db.readerTexts.get(row.id))!.text;
      const packText = version.source ? pack.content.sources.find((s) => s.id === version.source)!.text : version.text;
      expect(packText).toBe(text);
      const quotes = await bg.db.readerQuotes.where('sourceId').equals(row.id).toArray();
      expect(version.derived.quotes.map((q) => [q.start, q.end, q.text, q.sentence])).toEqual(
        quotes.sort((a, b) => a.start - b.start).map((q) => [q.start, q.end, q.text, q.sentence]),
      );
      const statements = await bg.db.readerStatements.where('sourceId').equals(row.id).toArray();
      expect(version.derived.statements).toHaveLength(statements.length);
      expect(version.hidden).toEqual(statements.filter((s) => s.hidden).map((s) => s.id));
    }
    expect(reader.versions.flatMap((v) => v.hidden)).toHaveLength(1);
    expect(reader.people).toEqual([
      expect.objectContaining({ id: bg.person.id, name: 'Hanna Example', entity: 'hanna-example' }),
    ]);
    // The corpus part: current versions only, the hidden statement left out, the person an entity.
    const current = sources.filter((s) => s.current === 1);
    expect(pack.content.sources).toHaveLength(current.length);
    const events = pack.content.events.map((e) => e.id);
    const hidden = reader.versions.flatMap((v) => v.hidden);
    expect(events.some((id) => hidden.some((h) => h.endsWith(id.slice('article-'.length))))).toBe(false);
    expect(pack.content.entities.map((e) => e.id)).toContain('hanna-example');
    expect(pack.bundle.quotes.some((q) => q.speakerId === 'hanna-example')).toBe(true);
  });

  it('imports into a fresh profile with the same sources, quotes, statements and people, and exports again with the same hash', async () => {
    const bg = await busyReader();
    const pack = await read((await bg.ask('page.exportYourArticles'))!.bytes);
    const { db, ctx } = await freshDb();
    const result = await importIntoDb(db, bundle, pack);
    expect(result.ok).toBe(true);
    const rows = await corpusRows(db);
    const ours = (id: string) => id.startsWith('your-articles--');
    // Texts verbatim, every visible quote with a speaker, every visible statement.
    const texts = new Map(
      (await bg.db.readerTexts.toArray()).map((t) => [t.id.replace('reader-', 'your-articles--article-'), t.text]),
    );
    expect(rows.sources.filter((s) => ours(s.id)).map((s) => [s.id, s.text])).toEqual(
      [...texts].filter(([id]) => rows.sources.some((s) => s.id === id)),
    );
    const current = (await bg.db.readerSources.where('current').equals(1).toArray()).map((s) => s.id);
    const quotes = (await bg.db.readerQuotes.toArray()).filter(
      (q) => current.includes(q.sourceId) && q.speakerId && !q.hidden,
    );
    expect(
      rows.quotes
        .filter((q) => ours(q.id))
        .map((q) => q.text)
        .sort(),
    ).toEqual(quotes.map((q) => q.text).sort());
    const statements = (await bg.db.readerStatements.toArray()).filter(
      (s) => current.includes(s.sourceId) && !s.hidden,
    );
    expect(
      rows.events
        .filter((e) => ours(e.id))
        .map((e) => [e.date, e.evidence[0]!.quote])
        .sort(),
    ).toEqual(statements.map((s) => [s.date, s.sentence.text.trim()]).sort());
    expect(rows.entities.find((e) => e.id === 'hanna-example')?.name).toBe('Hanna Example');
    // Exported again from the profile it went to: the same content, so the same hash.
    const again = await read((await ask(ctx, 'page.exportPack', { id: 'your-articles' })).bytes);
    expect(await contentHashOf(again.content)).toBe(pack.manifest.contentHash);
    db.close();
  });

  it('gives the same pack content (the same hash) when exported twice, at another time', async () => {
    const bg = await busyReader();
    const first = await read((await bg.ask('page.exportYourArticles'))!.bytes);
    bg.clock.now += 86_400_000;
    const second = await read((await bg.ask('page.exportYourArticles'))!.bytes);
    expect(second.manifest.contentHash).toBe(first.manifest.contentHash);
    expect(second.manifest.created).not.toBe(first.manifest.created);
    expect(second.manifest.version > first.manifest.version).toBe(true);
  });

  it('exports nothing, and says so, when the reader added nothing', async () => {
    const bg = await readerBackground();
    expect(await bg.ask('page.exportYourArticles')).toBeNull();
  });

  it('keeps markup in text fields as text: a source titled with a script tag round-trips character for character', async () => {
    const bg = await readerBackground();
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script> & “quotes”';
    const answer = otherArticle(4) as { article: { metadata: { title: { value: string } } } };
    answer.article.metadata.title.value = hostile;
    bg.tab.answer = answer;
    await addShown(bg);
    const pack = await read((await bg.ask('page.exportYourArticles'))!.bytes);
    expect(pack.content.sources[0]!.title).toBe(hostile);
    expect(pack.content.reader!.versions[0]!.derived.source.metadata.title!.value).toBe(hostile);
    const { db } = await freshDb();
    expect((await importIntoDb(db, bundle, pack)).ok).toBe(true);
    expect((await db.sources.toArray()).find((s) => s.id.startsWith('your-articles--'))!.title).toBe(hostile);
    db.close();
  });

  it('refuses a reader section whose offsets do not point at its text', async () => {
    const bg = await busyReader();
    const doc = (await read((await bg.ask('page.exportYourArticles'))!.bytes)).content;
    const version = doc.reader!.versions.find((v) => v.derived.quotes.length)!;
    version.derived.quotes[0]!.start += 1;
    const { makePack } = await import('@/lib/pack/write');
    const remade = await makePack(
      { id: 'x', name: 'x', description: null, version: '1', publisher: 'x', licence: 'x', created: '2026-01-01' },
      doc,
    );
    const result = await readPack(await encodePack(remade));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map(formatPackProblem).join('\n')).toMatch(
        /reader\.versions\[\d+\]\.derived: quote at \d+ is not the text's: not verbatim/,
      );
  });
});

/** An article that names no person or weapon the corpus knows, and quotes no one. */
function unknownArticle(): unknown {
  const filler =
    'Officials in several capitals spent the week weighing what the next months would bring, and how much support would reach the front before winter. ';
  return extracted(
    `<html lang="en"><head><title>Gardens</title><meta property="og:title" content="Gardens in spring" />
    <meta property="og:site_name" content="Sample Daily" /></head><body><article><h1>Gardens in spring</h1>
    <p>${filler}${filler}The roses bloomed early this year in the town.</p><p>${filler}${filler}${filler}</p>
    <p>${filler}${filler}</p></article></body></html>`,
    'https://daily.example/news/gardens',
  );
}

describe('exporting everything as a pack', () => {
  it("carries the reader's articles that name no known entity, each with its text, and imports into a fresh profile", async () => {
    const bg = await readerBackground();
    bg.tab.answer = unknownArticle();
    await addShown(bg);
    const [row] = await bg.db.readerSources.toArray();
    // Such an article cannot be a corpus source (no entity to cite it): a pack of it alone is refused, and says where it goes.
    await expect(bg.ask('page.exportYourArticles')).rejects.toThrow(/Export everything carries them/);
    const pack = await read((await bg.ask('page.exportEverything')).bytes);
    const [version] = pack.content.reader!.versions;
    expect(version!.id).toBe(row!.id);
    expect(version!.source).toBeNull();
    expect(version!.text).toBe((await bg.db.readerTexts.get(row!.id))!.text);
    expect(pack.bundle.sources).toHaveLength(bundle.sources.length);
    const { db } = await freshDb();
    expect((await importIntoDb(db, bundle, pack)).ok).toBe(true);
    db.close();
  });

  it('imports into a fresh profile with the same counts and entities: bundled, packs and the reader merged by id', async () => {
    const bg = await busyReader();
    await importIntoDb(
      bg.db,
      bundle,
      await read(Buffer.from(await encodePack(await smallDocument({ id: 'desk' }))).toString('base64')),
    );
    const file = await bg.ask('page.exportEverything');
    expect(file.fileName).toBe('fact-context-everything-2026-03-06.fcpack');
    const pack = await read(file.bytes);
    const before = await corpusRows(bg.db);
    const yours = await read((await bg.ask('page.exportYourArticles'))!.bytes);
    // Every source of the profile, and the reader's current ones, once each.
    expect(pack.bundle.sources).toHaveLength(before.sources.length + yours.bundle.sources.length);
    expect(pack.bundle.facts).toHaveLength(before.facts.length + yours.bundle.facts.length);
    expect(pack.bundle.quotes).toHaveLength(before.quotes.length + yours.bundle.quotes.length);
    expect(pack.bundle.events).toHaveLength(before.events.length + yours.bundle.events.length);
    expect(pack.bundle.claims).toHaveLength(before.claims.length);
    const ids = new Set([...before.entities.map((e) => e.id), ...yours.bundle.entities.map((e) => e.id)]);
    expect(pack.bundle.entities.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(pack.content.reader!.versions).toHaveLength(yours.content.reader!.versions.length);

    const { db } = await freshDb();
    const result = await importIntoDb(db, bundle, pack);
    expect(result.ok).toBe(true);
    const after = await corpusRows(db);
    expect(after.sources).toHaveLength(bundle.sources.length + pack.bundle.sources.length);
    expect(after.quotes).toHaveLength(bundle.quotes.length + pack.bundle.quotes.length);
    expect(after.entities.map((e) => e.id).sort()).toEqual([...ids].sort());
    // Merged entities keep every alias they had in the profile it came from.
    for (const e of before.entities) {
      const moved = after.entities.find((x) => x.id === e.id)!;
      expect(moved.aliases).toEqual(expect.arrayContaining(e.aliases));
    }
    db.close();
  });
});
