/**
 * Cards after a pack changes the corpus in a running background (issue 18: "card targets still
 * met" starts with cards at all): the rows every card shares and the cards built are read again
 * after an import or a removal, so the pack's people have cards at once, and none once it is gone.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '@/lib/background/handlers';
import { ensureCorpus } from '@/lib/db/loader';
import { encodePack } from '@/lib/pack/write';
import { loadCorpus } from '@/scripts/corpus/read';
import { smallDocument } from './pack-support';

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
