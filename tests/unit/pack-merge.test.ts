/**
 * Packs in a corpus: importing namespaces a pack's items and merges its entities, removing takes
 * out exactly what it brought, a newer version replaces the old one, and disagreement is kept.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '@/scripts/corpus/read';
import type { CorpusBundle } from '@/lib/corpus/schema';
import { BUNDLED_ORIGIN } from '@/lib/pack/format';
import {
  bundledCorpus,
  importPack,
  mergedCorpus,
  originOf,
  removePack,
  type LayeredCorpus,
  type MergedBundle,
} from '@/lib/pack/merge';
import { checkPackData, formatPackProblem, type CheckedPack } from '@/lib/pack/read';
import { makePack } from '@/lib/pack/write';
import { checked, smallDocument } from './pack-support';
import type { PackDocument } from '@/lib/pack/format';

function imported(corpus: LayeredCorpus, pack: CheckedPack): LayeredCorpus {
  const result = importPack(corpus, pack);
  if (!result.ok) throw new Error(result.problems.map(formatPackProblem).join('\n'));
  return result.corpus;
}

/** A pack made from a small synthetic document after `edit`. */
async function packFrom(id: string, edit: (doc: PackDocument) => void, version = '1'): Promise<CheckedPack> {
  const doc = structuredClone(await smallDocument({ id }));
  edit(doc);
  const { sourceCount: _c, contentHash: _h, ...info } = doc.manifest;
  const made = await makePack({ ...info, description: null, version }, doc);
  const result = await checkPackData(JSON.parse(JSON.stringify(made)));
  if (!result.ok) throw new Error(result.problems.map(formatPackProblem).join('\n'));
  return result;
}

/** Every reference in a merged corpus resolves: no dangling source or entity after any step. */
function expectWhole(view: MergedBundle) {
  const sources = new Set(view.sources.map((s) => s.id));
  const entities = new Set(view.entities.map((e) => e.id));
  const ids = [...view.sources, ...view.facts, ...view.quotes, ...view.events, ...view.claims].map((x) => x.id);
  expect(new Set(ids).size, 'item ids are unique').toBe(ids.length);
  expect(new Set(view.entities.map((e) => e.id)).size).toBe(view.entities.length);
  const cited = [
    ...view.facts.map((f) => f.sourceId),
    ...view.quotes.map((q) => q.sourceId),
    ...view.events.flatMap((e) => e.evidence.map((x) => x.sourceId)),
    ...view.claims.flatMap((c) => c.positions.map((p) => p.sourceId)),
    ...view.entities.flatMap((e) => [...e.sourceIds, ...e.roles.map((r) => r.sourceId)]),
  ];
  for (const id of cited) expect(sources.has(id), `source ${id}`).toBe(true);
  const named = [...view.facts.flatMap((f) => f.entityIds), ...view.quotes.map((q) => q.speakerId)];
  for (const id of named) expect(entities.has(id), `entity ${id}`).toBe(true);
  // Every quote is still verbatim in the source it names.
  const texts = new Map(view.sources.map((s) => [s.id, s.text]));
  for (const f of view.facts) expect(texts.get(f.sourceId)).toContain(f.quote);
  for (const q of view.quotes) expect(texts.get(q.sourceId)).toContain(q.text);
}

const bundle: CorpusBundle = loadCorpus().bundle!;
const base = () => bundledCorpus(bundle);

describe('importing a pack', () => {
  it('adds its items under its own namespace, beside the bundled corpus, all references whole', async () => {
    const pack = await checked({ id: 'newsroom' });
    const corpus = imported(base(), pack);
    const view = mergedCorpus(corpus);
    expect(view.sources).toHaveLength(bundle.sources.length + 6);
    expect(view.sources.filter((s) => originOf(s.id) === 'newsroom').map((s) => s.id)).toEqual(
      pack.bundle.sources.map((s) => `newsroom--${s.id}`),
    );
    expect(view.facts.filter((f) => originOf(f.id) === BUNDLED_ORIGIN)).toEqual(bundle.facts);
    expectWhole(view);
  });

  it('leaves the bundled corpus exactly as it was when only it is there', () => {
    const view = mergedCorpus(base());
    const { version: _v, ...rest } = bundle;
    const { version: _w, entities, ...viewRest } = view;
    expect(viewRest).toEqual({ ...rest, entities: undefined, events: rest.events });
    expect(entities.map(({ origins: _o, otherCountries: _c, ...e }) => e)).toEqual(bundle.entities);
  });

  it('keeps two packs with the same item ids apart (namespaced), and the bundled ids untouched', async () => {
    const a = await checked({ id: 'pack-a' });
    const b = await checked({ id: 'pack-b', seed: 2 });
    const view = mergedCorpus(imported(imported(base(), a), b));
    expect(view.facts.filter((f) => f.id.endsWith('--synthetic-source-00000-fact-0')).map((f) => f.id)).toEqual([
      'pack-a--synthetic-source-00000-fact-0',
      'pack-b--synthetic-source-00000-fact-0',
    ]);
    expectWhole(view);
  });

  it('does not change the corpus it is given', async () => {
    const corpus = base();
    const frozen = JSON.stringify(mergedCorpus(corpus));
    imported(corpus, await checked({ id: 'newsroom' }));
    expect(JSON.stringify(mergedCorpus(corpus))).toBe(frozen);
    expect(corpus.layers).toHaveLength(1);
  });

  it('merges an entity that both name, keeping each statement with its source and disagreement side by side', async () => {
    const a = await packFrom('pack-a', (d) => {
      const person = d.entities[0]!;
      const fact = d.sources[0]!.facts![0]!;
      person.country = { value: 'Ukraine', source: d.sources[0]!.id, quote: fact.quote };
    });
    const b = await packFrom('pack-b', (d) => {
      const person = d.entities[0]!;
      const fact = d.sources[0]!.facts![0]!;
      person.country = { value: 'Poland', source: d.sources[0]!.id, quote: fact.quote };
      person.aliases = [...person.aliases, 'The Minister Of Talks'];
    });
    const id = a.bundle.entities[0]!.id;
    const withA = imported(base(), a);
    const result = importPack(withA, b);
    if (!result.ok) throw new Error('refused');
    expect(result.view).toEqual(mergedCorpus(result.corpus));
    const merged = result.view.entities.find((e) => e.id === id)!;
    expect(merged.origins).toEqual(['pack-a', 'pack-b']);
    expect(merged.country).toMatchObject({ value: 'Ukraine', sourceId: 'pack-a--synthetic-source-00000' });
    expect(merged.otherCountries).toEqual([
      expect.objectContaining({ value: 'Poland', sourceId: 'pack-b--synthetic-source-00000' }),
    ]);
    expect(merged.aliases).toContain('The Minister Of Talks');
    expect(merged.sourceIds).toEqual(
      expect.arrayContaining(['pack-a--synthetic-source-00000', 'pack-b--synthetic-source-00000']),
    );
    expect(result.report.mergedEntities).toContain(id);
    // The new name for a known entity is shown before the import.
    expect(result.report.addedAliases).toEqual([{ entityId: id, aliases: ['The Minister Of Talks'] }]);
    expect(result.report.conflicts).toContainEqual({
      entityId: id,
      about: 'country',
      values: [expect.objectContaining({ value: 'Ukraine' }), expect.objectContaining({ value: 'Poland' })],
    });
    // Removing either pack leaves the other's statement alone, whole.
    const onlyB = mergedCorpus(removePack(result.corpus, 'pack-a')).entities.find((e) => e.id === id)!;
    expect(onlyB.country).toMatchObject({ value: 'Poland' });
    expect(onlyB.otherCountries).toEqual([]);
    expect(onlyB.origins).toEqual(['pack-b']);
  });

  it('flags an alias that two entities come to share as ambiguous, and unflags it when the pack goes', async () => {
    // The bundled corpus's "Lloyd Austin"-like names: take an unambiguous alias of a bundled entity.
    const target = bundle.entities.find((e) => e.aliasDetails.some((a) => !a.ambiguous && a.text.includes(' ')))!;
    const alias = target.aliasDetails.find((a) => !a.ambiguous && a.text.includes(' '))!.text;
    const pack = await packFrom('namesakes', (d) => {
      d.entities[0]!.aliases = [...d.entities[0]!.aliases, alias];
    });
    const result = importPack(base(), pack);
    if (!result.ok) throw new Error('refused');
    const view = mergedCorpus(result.corpus);
    const flagged = (entityId: string) =>
      view.entities.find((e) => e.id === entityId)!.aliasDetails.find((a) => a.text === alias)!.ambiguous;
    expect(flagged(target.id)).toMatch(/^shared with /);
    expect(flagged(pack.bundle.entities[0]!.id)).toMatch(new RegExp(`^shared with ${target.id}`));
    expect(result.report.newlyAmbiguous).toEqual([
      { alias, entityIds: expect.arrayContaining([target.id, pack.bundle.entities[0]!.id]) },
    ]);
    const after = mergedCorpus(removePack(result.corpus, 'namesakes'));
    expect(after.entities.find((e) => e.id === target.id)!.aliasDetails).toEqual(target.aliasDetails);
  });

  it('refuses a pack that gives a known entity another kind, naming the entity', async () => {
    const person = bundle.entities.find((e) => e.kind === 'person')!;
    // A checked pack whose first entity reuses a bundled person's id as a weapon (the pack's own
    // rules cannot see the clash: it is between layers).
    const pack = await checked({ id: 'weapons' });
    const conflicting: CheckedPack = {
      ...pack,
      bundle: {
        ...pack.bundle,
        entities: [{ ...pack.bundle.entities[0]!, id: person.id, kind: 'weapon' }, ...pack.bundle.entities.slice(1)],
      },
    };
    const result = importPack(base(), conflicting);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map(formatPackProblem)).toEqual([
      `pack: ${person.id}: is a weapon here but a person in the bundled corpus: the same id must name the same entity`,
    ]);
  });
});

describe('removing a pack', () => {
  it('removes exactly its rows, whatever else was imported before or after it', async () => {
    const packs = await Promise.all(['alpha', 'beta', 'gamma'].map((id, i) => checked({ id, seed: i + 1 })));
    const orders = [
      [0, 1, 2],
      [2, 0, 1],
      [1, 2, 0],
    ];
    for (const order of orders) {
      let corpus = base();
      for (const i of order) corpus = imported(corpus, packs[i]!);
      expectWhole(mergedCorpus(corpus));
      for (const removed of [0, 1, 2]) {
        const without = removePack(corpus, packs[removed]!.manifest.id);
        let expected = base();
        for (const i of order.filter((x) => x !== removed)) expected = imported(expected, packs[i]!);
        expect(mergedCorpus(without)).toEqual(mergedCorpus(expected));
        const view = mergedCorpus(without);
        const gone = packs[removed]!.manifest.id;
        const rows = [...view.sources, ...view.facts, ...view.quotes, ...view.events, ...view.claims];
        expect(rows.filter((r) => originOf(r.id) === gone)).toEqual([]);
        expect(view.entities.filter((e) => e.origins.includes(gone))).toEqual([]);
      }
      // Removing them all gives the bundled corpus back.
      let empty = corpus;
      for (const p of packs) empty = removePack(empty, p.manifest.id);
      expect(mergedCorpus(empty)).toEqual(mergedCorpus(base()));
    }
  });

  it('never removes the bundled corpus', () => {
    expect(() => removePack(base(), BUNDLED_ORIGIN)).toThrow(/not a pack/);
  });
});

describe('importing another version', () => {
  it('replaces an older version in one step: none of the old rows remain', async () => {
    const v1 = await packFrom('desk', () => {}, '1.0');
    // Version 1.1 drops a quote and an event, and corrects a headline.
    const v2 = await packFrom(
      'desk',
      (d) => {
        d.sources[0]!.quotes!.pop();
        d.events.pop();
        d.sources[0]!.title = 'Corrected headline';
      },
      '1.1',
    );
    const withV1 = imported(base(), v1);
    const result = importPack(withV1, v2);
    if (!result.ok) throw new Error(result.problems.map(formatPackProblem).join('\n'));
    expect(result.report).toMatchObject({ change: 'replaced', previousVersion: '1.0' });
    expect(result.corpus.layers.map((l) => l.origin)).toEqual([BUNDLED_ORIGIN, 'desk']);
    expect(mergedCorpus(result.corpus)).toEqual(mergedCorpus(imported(base(), v2)));
    const sources = mergedCorpus(result.corpus).sources.filter((s) => originOf(s.id) === 'desk');
    expect(sources[0]!.title).toBe('Corrected headline');
    const view = mergedCorpus(result.corpus);
    const desk = (rows: { id: string }[]) => rows.filter((r) => originOf(r.id) === 'desk').length;
    expect([desk(view.quotes), desk(view.events)]).toEqual([v1.bundle.quotes.length - 1, v1.bundle.events.length - 1]);
    expectWhole(view);
  });

  it('does nothing for the same version again, and refuses an older one or changed content under the same number', async () => {
    const v1 = await packFrom('desk', () => {}, '1.0');
    const v2 = await packFrom('desk', (d) => (d.sources[0]!.title = 'Corrected headline'), '2');
    const changedV2 = await packFrom('desk', (d) => (d.sources[0]!.title = 'Another headline'), '2');
    const withV2 = imported(base(), v2);
    const same = importPack(withV2, v2);
    expect(same.ok && same.report.change).toBe('unchanged');
    expect(same.ok && same.corpus).toBe(withV2);
    const older = importPack(withV2, v1);
    expect(!older.ok && older.problems.map(formatPackProblem)).toEqual([
      'pack: manifest.version: pack "desk" version 2 is imported; this file is the older 1.0',
    ]);
    const changed = importPack(withV2, changedV2);
    expect(!changed.ok && changed.problems.map(formatPackProblem)).toEqual([
      'pack: manifest.version: pack "desk" version 2 is already imported with other content: a changed pack needs a new version',
    ]);
  });
});
