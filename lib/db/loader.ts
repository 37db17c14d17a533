/**
 * Loads the bundled corpus into the database: in one transaction keyed by the bundle's
 * version, so a crash halfway leaves the previous complete corpus and loading twice changes
 * nothing. Corrupt corpus tables are cleared and loaded again from the bundle; a database that
 * cannot be opened or comes from a newer extension is deleted and rebuilt, with the reader's own
 * articles carried over when they can be read (docs/adr/017-readers-articles.md). Either way the
 * reason is logged.
 */
import type { DexieOptions } from 'dexie';
import type { CorpusBundle } from '../corpus/schema';
import { mergedCorpus } from '../pack/merge';
import { layered, storedPacks } from '../pack/store';
import {
  CORPUS_TABLES,
  DB_NAME,
  FactContextDb,
  READER_TABLES,
  SCHEMA_VERSION,
  type CorpusMeta,
  type CorpusTable,
  type ReaderTable,
} from './index';

export type LoadOutcome = 'current' | 'loaded' | 'rebuilt';

export interface LoadResult {
  db: FactContextDb;
  outcome: LoadOutcome;
  /** Why the database was rebuilt, when it was. */
  reason?: string;
}

export interface LoaderOptions {
  name?: string;
  dexieOptions?: DexieOptions;
  log?: (message: string) => void;
  /**
   * Where to note the corpus version whose row counts were found whole, so that they are not
   * counted again while the note lasts (the background keeps it in storage.session: once per
   * browser session, not at every service-worker start, where counting the rows of a large
   * corpus delays the first answer: ~70 ms for 50,000 rows, ADR 015).
   */
  countsChecked?: CheckNote;
}

/** A remembered corpus version (null: none). */
export interface CheckNote {
  get: () => Promise<string | null>;
  set: (version: string) => Promise<void>;
}

function countsOf(bundle: CorpusBundle): Record<CorpusTable, number> {
  return Object.fromEntries(CORPUS_TABLES.map((t) => [t, bundle[t].length])) as Record<CorpusTable, number>;
}

/**
 * Replaces the corpus tables' content with the bundle merged with every stored pack
 * (lib/pack/merge.ts), all or nothing.
 */
export async function loadBundle(db: FactContextDb, bundle: CorpusBundle): Promise<void> {
  // Derived data goes with the corpus it came from (an older schema may not have the table yet).
  const derived = db.tables.filter((t) => t.name === 'cache');
  const packs = db.tables.filter((t) => t.name === 'packs');
  await db.transaction('rw', [db.meta, ...derived, ...packs, ...CORPUS_TABLES.map((t) => db[t])], async () => {
    const rows = packs.length ? await storedPacks(db) : [];
    const corpus: CorpusBundle = rows.length ? mergedCorpus(layered(bundle, rows)) : bundle;
    await Promise.all([...CORPUS_TABLES.map((t) => db[t].clear()), ...derived.map((t) => t.clear())]);
    await db.sources.bulkAdd(corpus.sources);
    await db.entities.bulkAdd(corpus.entities);
    await db.facts.bulkAdd(corpus.facts);
    await db.quotes.bulkAdd(corpus.quotes);
    await db.events.bulkAdd(
      corpus.events.map((e) => ({ ...e, sourceIds: [...new Set(e.evidence.map((x) => x.sourceId))] })),
    );
    await db.claims.bulkAdd(
      corpus.claims.map((c) => ({ ...c, sourceIds: [...new Set(c.positions.map((p) => p.sourceId))] })),
    );
    const meta: CorpusMeta = {
      key: 'corpus',
      version: corpus.version,
      bundleVersion: bundle.version,
      loadedAt: Date.now(),
      counts: countsOf(corpus),
    };
    await db.meta.put(meta);
  });
}

/** Null when the stored corpus is complete and of this version; otherwise why it is not. */
async function staleness(db: FactContextDb, bundle: CorpusBundle): Promise<string | null> {
  const meta = await db.meta.get('corpus');
  if (!meta) return 'no corpus loaded yet';
  const loaded = meta.bundleVersion ?? meta.version;
  if (loaded !== bundle.version) return `corpus ${loaded} replaced by ${bundle.version}`;
  return null;
}

/** Rows missing or extra against what the meta row promises: the sign of a damaged store. */
async function corruption(db: FactContextDb): Promise<string | null> {
  const meta = await db.meta.get('corpus');
  if (!meta) return null;
  for (const table of CORPUS_TABLES) {
    const count = await db[table].count();
    if (count !== meta.counts?.[table]) return `table ${table} holds ${count} rows, expected ${meta.counts?.[table]}`;
  }
  return null;
}

/**
 * Opens the database and makes sure it holds the bundle's corpus. Safe to call on every cold
 * start of the background: when the stored version matches, it only reads the meta row.
 */
export async function ensureCorpus(bundle: CorpusBundle, options: LoaderOptions = {}): Promise<LoadResult> {
  const name = options.name ?? DB_NAME;
  const log = options.log ?? ((m: string) => console.warn(`[fact-context] ${m}`));
  const open = () => new FactContextDb(name, options.dexieOptions);

  // Read beside the database's opening; a note that cannot be read means "count".
  const checked = options.countsChecked?.get().catch(() => null) ?? Promise.resolve(null);
  const noteChecked = async () => {
    if ((await checked) !== bundle.version) await options.countsChecked?.set(bundle.version).catch(() => {});
  };
  let db = open();
  let reason: string | null = null;
  /** Only the corpus tables are damaged: reload them where they are (the reader's tables stay). */
  let inPlace = false;
  try {
    await db.open();
    // Dexie 4 silently adapts to a newer installed schema; IndexedDB's own version (Dexie
    // stores ours times ten) tells us a newer extension wrote it.
    const installed = db.backendDB().version / 10;
    if (installed > SCHEMA_VERSION) {
      reason = `the database has schema version ${installed}, newer than this extension's ${SCHEMA_VERSION}`;
    } else {
      reason = (await checked) === bundle.version ? null : await corruption(db);
      inPlace = reason !== null;
    }
    if (!reason) {
      const stale = await staleness(db, bundle);
      if (stale) await loadBundle(db, bundle);
      await noteChecked();
      return { db, outcome: stale ? 'loaded' : 'current' };
    }
  } catch (error) {
    reason = describe(error);
  }

  log(`rebuilding the corpus database: ${reason}`);
  if (inPlace) {
    // The corpus tables are cleared and loaded in one transaction (loadBundle): the same corpus a
    // new database would hold, and the reader's own articles, which no bundle holds, are kept.
    try {
      await loadBundle(db, bundle);
      await noteChecked();
      return { db, outcome: 'rebuilt', reason };
    } catch (error) {
      reason = `${reason}; reloading it failed: ${describe(error)}`;
    }
  }
  // The database must go (it cannot be opened, a newer extension wrote it, or its layout is
  // foreign). The bundle holds all of the corpus; the reader's rows are carried over when they
  // can still be read. Settings live in extension storage and are not touched.
  const kept = db.isOpen() ? await readerRows(db).catch(() => null) : null;
  db.close();
  await db.delete();
  db = open();
  await db.open();
  await loadBundle(db, bundle);
  if (kept) {
    await restoreReaderRows(db, kept).catch((error: unknown) =>
      log(`the reader's articles could not be carried over: ${describe(error)}`),
    );
  }
  await noteChecked();
  return { db, outcome: 'rebuilt', reason };
}

type ReaderRows = Partial<Record<ReaderTable, Record<string, unknown>[]>>;

/** The rows of every reader table the database has (previews are not worth keeping). */
async function readerRows(db: FactContextDb): Promise<ReaderRows> {
  const out: ReaderRows = {};
  const present = new Set(db.tables.map((t) => t.name));
  for (const name of READER_TABLES) {
    if (name === 'readerPreviews' || !present.has(name)) continue;
    out[name] = (await db.table(name).toArray()) as Record<string, unknown>[];
  }
  return out;
}

/** The fields every row of each reader table must have to be put back (rows of another shape are dropped). */
const REQUIRED_FIELDS: Record<Exclude<ReaderTable, 'readerPreviews'>, string[]> = {
  readerSources: ['id', 'articleId', 'version', 'current', 'canonicalUrl', 'contentHash', 'metadata'],
  readerTexts: ['id', 'text'],
  readerQuotes: ['id', 'sourceId', 'text', 'sentence'],
  readerStatements: ['id', 'sourceId', 'sentence', 'date'],
  readerEntities: ['id', 'name', 'aliasDetails'],
};

async function restoreReaderRows(db: FactContextDb, rows: ReaderRows): Promise<void> {
  const tables = Object.keys(REQUIRED_FIELDS) as (keyof typeof REQUIRED_FIELDS)[];
  await db.transaction(
    'rw',
    tables.map((t) => db[t]),
    async () => {
      for (const t of tables) {
        const fit = (rows[t] ?? []).filter((r) => REQUIRED_FIELDS[t].every((f) => r[f] !== undefined));
        if (fit.length) await db.table(t).bulkPut(fit);
      }
    },
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
