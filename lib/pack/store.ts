/**
 * Packs in the database (background only): each imported pack is one row of the `packs` table
 * (its layer: manifest and namespaced corpus), and the corpus tables hold the merge of the
 * bundled corpus with every stored pack (lib/db/loader.ts `loadBundle` writes it). Importing,
 * replacing and removing a pack are each one transaction over the packs and corpus tables: a
 * failure or a crash halfway leaves the database as it was.
 */
import type { CorpusBundle } from '../corpus/schema';
import type { FactContextDb } from '../db';
import { CORPUS_TABLES } from '../db';
import { loadBundle } from '../db/loader';
import { PACK_FORMAT, formatVersionOf, type PackContent, type PackDocument, type PackManifest } from './format';
import { bundledCorpus, importPack, type ImportResult, type LayeredCorpus, type PackLayer } from './merge';
import { PackJobCancelled } from './port';
import type { CheckedPack } from './read';

export interface PackRow {
  id: string;
  /** When the pack was first imported: layers merge in this order (a new version keeps it). */
  position: number;
  importedAt: number;
  layer: PackLayer;
  /** The pack's content as it came (what its hash covers): exporting gives back the same pack. */
  content: PackContent;
}

/** What the options page lists. */
export interface PackSummary {
  manifest: PackManifest;
  importedAt: number;
  counts: { sources: number; entities: number; facts: number; quotes: number; events: number; claims: number };
}

/** The stored packs in merge order. */
export async function storedPacks(db: FactContextDb): Promise<PackRow[]> {
  const rows = await db.packs.toArray();
  return rows.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/** The bundled corpus with every stored pack, as layers. */
export function layered(bundle: CorpusBundle, rows: readonly PackRow[]): LayeredCorpus {
  return { layers: [...bundledCorpus(bundle).layers, ...rows.map((r) => r.layer)] };
}

const writeTables = (db: FactContextDb) => [
  db.meta,
  db.packs,
  ...db.tables.filter((t) => t.name === 'cache'),
  ...CORPUS_TABLES.map((t) => db[t]),
];

/** What importing would do, without writing anything (the preview). */
export async function previewImport(db: FactContextDb, bundle: CorpusBundle, pack: CheckedPack): Promise<ImportResult> {
  return importPack(layered(bundle, await storedPacks(db)), pack);
}

/**
 * Imports (or replaces) a checked pack and rewrites the corpus tables, in one transaction. When
 * `signal` aborts before the transaction has committed, the transaction is aborted (nothing of it
 * stays) and the call rejects with PackJobCancelled.
 */
export async function importIntoDb(
  db: FactContextDb,
  bundle: CorpusBundle,
  pack: CheckedPack,
  signal?: AbortSignal,
): Promise<ImportResult> {
  if (signal?.aborted) throw new PackJobCancelled();
  let abort: (() => void) | null = null;
  try {
    return await db.transaction('rw', writeTables(db), async (tx) => {
      abort = () => {
        // A transaction that has already finished cannot be aborted: the import stands.
        try {
          tx.abort();
        } catch {
          /* committed */
        }
      };
      signal?.addEventListener('abort', abort, { once: true });
      return writeImport(db, bundle, pack);
    });
  } catch (error) {
    if (signal?.aborted) throw new PackJobCancelled();
    throw error;
  } finally {
    if (abort) signal?.removeEventListener('abort', abort);
  }
}

async function writeImport(db: FactContextDb, bundle: CorpusBundle, pack: CheckedPack): Promise<ImportResult> {
  const rows = await storedPacks(db);
  const result = importPack(layered(bundle, rows), pack);
  if (!result.ok || result.report.change === 'unchanged') return result;
  const previous = rows.find((r) => r.id === pack.manifest.id);
  const layer = result.corpus.layers.find((l) => l.origin === pack.manifest.id)!;
  const now = Date.now();
  await db.packs.put({
    id: pack.manifest.id,
    position: previous?.position ?? now,
    importedAt: now,
    layer,
    content: pack.content,
  });
  await loadBundle(db, bundle);
  return result;
}

/** Removes a pack and everything it brought, in one transaction. False when it was not there. */
export async function removeFromDb(db: FactContextDb, bundle: CorpusBundle, packId: string): Promise<boolean> {
  return db.transaction('rw', writeTables(db), async () => {
    if (!(await db.packs.get(packId))) return false;
    await db.packs.delete(packId);
    await loadBundle(db, bundle);
    return true;
  });
}

export async function packSummaries(db: FactContextDb): Promise<PackSummary[]> {
  return (await storedPacks(db)).map(({ layer, importedAt }) => ({
    manifest: layer.manifest!,
    importedAt,
    counts: {
      sources: layer.bundle.sources.length,
      entities: layer.bundle.entities.length,
      facts: layer.bundle.facts.length,
      quotes: layer.bundle.quotes.length,
      events: layer.bundle.events.length,
      claims: layer.bundle.claims.length,
    },
  }));
}

/** A stored pack as it was imported (same manifest, same content, so the same hash), or null. */
export async function exportFromDb(db: FactContextDb, packId: string): Promise<PackDocument | null> {
  const row = await db.packs.get(packId);
  if (!row?.layer.manifest) return null;
  return {
    format: PACK_FORMAT,
    formatVersion: formatVersionOf(row.content),
    manifest: row.layer.manifest,
    ...row.content,
  };
}
