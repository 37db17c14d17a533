/**
 * The matcher's names in their compact form (lib/messaging/matcher-names.ts), built once per
 * corpus version and kept in the `cache` table (cleared with every corpus change by
 * lib/db/loader.ts `loadBundle`), so that a page's `cs.getMatcherEntities` reads one row instead
 * of every entity row (an archive's 10,000 entities are ~8 MB of rows; their names ~1 MB).
 */
import type { FactContextDb } from '../db';
import { compactMatcherNames, type MatcherNames } from '../messaging/matcher-names';
import { toMatcherEntity } from '../messaging/protocol';

export const MATCHER_NAMES_KEY = 'matcher-names';

/** Builds the names of the stored corpus and stores them (one read transaction, then one write). */
export async function buildMatcherNames(db: FactContextDb): Promise<MatcherNames> {
  const [meta, entities] = await db.transaction('r', db.meta, db.entities, () =>
    Promise.all([db.meta.get('corpus'), db.entities.toArray()]),
  );
  if (!meta) throw new Error('The corpus is not loaded');
  const names = compactMatcherNames(meta.version, entities.map(toMatcherEntity));
  await db.transaction('rw', db.meta, db.cache, async () => {
    // Stored only if the corpus did not change meanwhile (an import between the two transactions).
    if ((await db.meta.get('corpus'))?.version === meta.version) {
      await db.cache.put({ key: MATCHER_NAMES_KEY, corpusVersion: meta.version, value: names });
    }
  });
  return names;
}

/** The current corpus's names: the stored ones, or built (and stored) the first time. */
export async function matcherNames(db: FactContextDb): Promise<MatcherNames> {
  const [meta, row] = await db.transaction('r', db.meta, db.cache, () =>
    Promise.all([db.meta.get('corpus'), db.cache.get(MATCHER_NAMES_KEY)]),
  );
  if (!meta) throw new Error('The corpus is not loaded');
  if (row && row.corpusVersion === meta.version) return row.value as MatcherNames;
  return buildMatcherNames(db);
}
