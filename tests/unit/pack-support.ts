/** Helpers of the pack tests: small synthetic packs, broken one way each. */
import { formatPackProblem, readPack, type PackLimits, DEFAULT_LIMITS, type CheckedPack } from '@/lib/pack/read';
import type { PackDocument } from '@/lib/pack/format';
import { encodePack, makePack } from '@/lib/pack/write';
import { syntheticContent, syntheticInfo, type SyntheticOptions } from '@/scripts/corpus-pack-synthetic';

/** A small valid pack document (6 sources, 12 people). */
export async function smallDocument(options: SyntheticOptions = {}): Promise<PackDocument> {
  const o = { sources: 6, entities: 12, quotesPerSource: 2, eventsPerSource: 1, claims: 2, ...options };
  return makePack(syntheticInfo(o), syntheticContent(o));
}

/**
 * A pack with one change: `edit` changes the document; the hash is made again afterwards (so the
 * change is the only problem) unless `rehash` is false.
 */
export async function editedPack(
  edit: (doc: PackDocument) => void,
  { rehash = true, options = {} }: { rehash?: boolean; options?: SyntheticOptions } = {},
): Promise<Uint8Array> {
  const doc = structuredClone(await smallDocument(options));
  edit(doc);
  if (!rehash) return encodePack(doc);
  const { sourceCount: _c, contentHash: _h, ...info } = doc.manifest;
  const remade = await makePack({ ...info, description: info.description ?? null }, doc);
  return encodePack({ ...remade, format: doc.format, formatVersion: doc.formatVersion });
}

/** The problems of reading these bytes, as the lines a person reads. */
export async function problemsOf(bytes: Uint8Array, limits: Partial<PackLimits> = {}): Promise<string[]> {
  const result = await readPack(bytes, { ...DEFAULT_LIMITS, ...limits });
  if (result.ok) return [];
  return result.problems.map(formatPackProblem);
}

export async function checked(options: SyntheticOptions = {}): Promise<CheckedPack> {
  const result = await readPack(await encodePack(await smallDocument(options)));
  if (!result.ok) throw new Error(result.problems.map(formatPackProblem).join('\n'));
  return result;
}
