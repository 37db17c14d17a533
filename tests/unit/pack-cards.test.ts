/**
 * Cards after a pack changes the corpus in a running background (issue 18: "card targets still
 * met" starts with cards at all): the rows every card shares and the cards built are read again
 * after an import or a removal, so the pack's people have cards at once, and none once it is gone.
 * A card reads the sources it cites by key, never every source (an archive's are its bulk), and
 * gives what it gave when every source was read.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cardsFor } from '@/lib/background/card-rows';
import { dispatch, type HandlerContext } from '@/lib/background/handlers';
import { buildCard } from '@/lib/cards/card-data';
import { importIntoDb } from '@/lib/pack/store';
import { ensureCorpus } from '@/lib/db/loader';
import { encodePack } from '@/lib/pack/write';
import { loadCorpus } from '@/scripts/corpus/read';
import { checked, smallDocument } from './pack-support';

const bundle = loadCorpus().bundle!;
const names: string[] = [];
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

const page = { fromExtensionPage: true, tabId: null, url: 'chrome-extension://x/options.html' };
const tab = { fromExtensionPage: false, tabId: 3, url: 'https://news.example/story' };

describe('cards when a pack comes and goes', () => {
  it('has the pack’s people’s cards right after the import, and drops them with the pack', async () => {
    names.push('pack-cards');
    const { db } = await ensureCorpus(bundle, { name: 'pack-cards' });
    const ctx: HandlerContext = { db: async () => db, setBadge: async () => {}, bundle };
    const doc = await smallDocument({ id: 'desk' });
    const person = doc.entities[0]!.id;
    const bundled = bundle.entities[0]!.id;
    const cards = async (ids: string[]) => {
      const answer = await dispatch('cs.getCards', { entityIds: ids }, tab, ctx);
      if (!answer.ok) throw new Error(answer.error);
      return answer.value as Record<string, { name: string; coverage: { sources: number } }>;
    };
    // A page asked before the import: the background read what every card shares.
    expect(Object.keys(await cards([bundled, person]))).toEqual([bundled]);

    const bytes = Buffer.from(await encodePack(doc)).toString('base64');
    const imported = await dispatch('page.importPack', { bytes }, page, ctx);
    expect(imported).toMatchObject({ ok: true, value: { ok: true } });
    const after = await cards([bundled, person]);
    expect(Object.keys(after).sort()).toEqual([bundled, person].sort());
    expect(after[person]!.name).toBe(doc.entities[0]!.name);
    expect(after[person]!.coverage.sources).toBeGreaterThan(0);

    expect(await dispatch('page.removePack', { id: 'desk' }, page, ctx)).toMatchObject({ ok: true, value: true });
    expect(Object.keys(await cards([bundled, person]))).toEqual([bundled]);
    db.close();
  });
});

describe('card data with many sources', () => {
  it('reads only the sources the cards cite and the entities asked for, and gives the cards every row would give', async () => {
    names.push('pack-cards-sources');
    const { db } = await ensureCorpus(bundle, { name: 'pack-cards-sources' });
    await importIntoDb(db, bundle, await checked({ id: 'desk', sources: 30, entities: 40 }));
    const ids = (await db.entities.toCollection().primaryKeys()) as string[];
    const everySource = vi.spyOn(db.sources, 'toArray');
    const everyEntityKey = vi.spyOn(db.entities, 'toCollection');
    const cards = await cardsFor(db, ids);
    expect(await cardsFor(db, ['no-such-person', ids[0]!])).toEqual({ [ids[0]!]: cards[ids[0]!] });
    expect(everySource).not.toHaveBeenCalled();
    expect(everyEntityKey).not.toHaveBeenCalled();
    // The reference: each card built from every row it could read, every source included.
    const [sources, claims] = await Promise.all([db.sources.toArray(), db.claims.toArray()]);
    const sourceMap = new Map(sources.map((s) => [s.id, s]));
    const speakers = await db.entities.bulkGet([
      ...new Set(claims.flatMap((c) => c.positions.flatMap((p) => (p.speakerId ? [p.speakerId] : [])))),
    ]);
    const speakerNames = new Map(speakers.flatMap((e) => (e ? [[e.id, e.name] as const] : [])));
    expect(Object.keys(cards).sort()).toEqual([...ids].sort());
    // Rows in the order the index gives them, each once (a row about two entities comes once).
    const once = <T extends { id: string }>(rows: T[]) => [...new Map(rows.map((r) => [r.id, r])).values()];
    const facts = once(await db.facts.where('entityIds').anyOf(ids).toArray());
    const quotes = await db.quotes.where('speakerId').anyOf(ids).toArray();
    const events = once(await db.events.where('entityIds').anyOf(ids).toArray());
    for (const id of ids) {
      const entity = (await db.entities.get(id))!;
      const expected = buildCard({
        entity,
        facts: facts.filter((f) => f.entityIds.includes(id)),
        quotes: quotes.filter((q) => q.speakerId === id),
        claims,
        events: events.filter((e) => e.entityIds.includes(id)),
        sources: sourceMap,
        names: speakerNames,
      });
      expect(cards[id], id).toEqual(expected);
    }
    db.close();
  });
});
