/**
 * The corpus database: one Dexie module, in the extension's own origin (background only).
 * Never import this from a content script: there IndexedDB is the visited site's database
 * (an ESLint rule enforces it).
 *
 * Schema versions are only ever added, never edited: a user's browser may hold any older one.
 * tests/unit/db-loader.test.ts ("schema upgrades") opens each older version with rows and upgrades it.
 */
import Dexie, { type DexieOptions, type Table, type Transaction } from 'dexie';
import type { CorpusClaim, CorpusEntity, CorpusEvent, CorpusFact, CorpusQuote, CorpusSource } from '../corpus/schema';
import type {
  ReaderEntityRow,
  ReaderPreviewRow,
  ReaderQuoteRow,
  ReaderSourceRow,
  ReaderStatementRow,
  ReaderTextRow,
} from '../reader/rows';
import type { PackRow } from '../pack/store';

export const DB_NAME = 'fact-context';

export interface CorpusMeta {
  key: 'corpus';
  /** The version of what the corpus tables hold: the bundle's, or the merge's with packs. */
  version: string;
  /** The bundled corpus's version (absent in rows written before packs). */
  bundleVersion?: string;
  loadedAt: number;
  counts: Record<CorpusTable, number>;
}

/** Something derived from one corpus version, rebuilt when the version changes. */
export interface CacheRow {
  key: string;
  corpusVersion: string;
  value: unknown;
}

export type EventRow = CorpusEvent & { sourceIds: string[] };
export type ClaimRow = CorpusClaim & { sourceIds: string[] };

export const CORPUS_TABLES = ['sources', 'entities', 'facts', 'quotes', 'events', 'claims'] as const;
export type CorpusTable = (typeof CORPUS_TABLES)[number];

/**
 * The reader's own articles (issue 17, docs/adr/017-readers-articles.md): apart from the bundled
 * corpus, so that loading a bundle, or rebuilding the corpus tables, never touches them.
 */
export const READER_TABLES = [
  'readerSources',
  'readerTexts',
  'readerQuotes',
  'readerStatements',
  'readerEntities',
  'readerPreviews',
] as const;
export type ReaderTable = (typeof READER_TABLES)[number];

/**
 * Every schema the extension ever shipped, oldest first. Append; never edit an entry.
 * `upgrade` migrates rows written by the previous version.
 */
export const SCHEMA_HISTORY: {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}[] = [
  {
    version: 1,
    stores: {
      meta: 'key',
      sources: 'id, publishedAt',
      entities: 'id, kind, name',
      facts: 'id, sourceId, *entityIds',
      quotes: 'id, sourceId, speakerId',
      events: 'id, date, *entityIds',
      claims: 'id, *entityIds',
    },
  },
  {
    // Timeline and source views filter events and claims by source.
    version: 2,
    stores: {
      events: 'id, date, *entityIds, *sourceIds',
      claims: 'id, *entityIds, *sourceIds',
    },
    async upgrade(tx) {
      await tx
        .table('events')
        .toCollection()
        .modify((row: EventRow) => {
          row.sourceIds = [...new Set(row.evidence.map((e) => e.sourceId))];
        });
      await tx
        .table('claims')
        .toCollection()
        .modify((row: ClaimRow) => {
          row.sourceIds = [...new Set(row.positions.map((p) => p.sourceId))];
        });
    },
  },
  {
    // Derived data built once per corpus version (the popup's search index), cleared with the corpus.
    version: 3,
    stores: { cache: 'key' },
  },
  {
    // The reader's own articles (issue 17): one row per version of an article (`current` 1 for
    // the latest: IndexedDB indexes no booleans), its text apart (lists never read it), its
    // quotes (by speaker entity, and by the speaker's name as written when no entity is theirs:
    // a person the reader adds later takes those) and dated statements, the people the reader
    // added, and previews waiting for the reader's confirmation. Only added: the corpus tables
    // keep their rows.
    version: 4,
    stores: {
      readerSources: 'id, articleId, canonicalUrl, current, *entityIds',
      readerTexts: 'id',
      readerQuotes: 'id, sourceId, speakerId, speakerKey',
      readerStatements: 'id, sourceId, *entityIds',
      readerEntities: 'id',
      readerPreviews: 'token, createdAt',
    },
  },
  {
    // Corpus packs (issue 18, docs/adr/018-corpus-packs.md): one row per imported pack, its layer
    // whole; the corpus tables hold the merge. Version 4 is the reader's articles (issue 17).
    version: 5,
    stores: { packs: 'id' },
  },
];

export const SCHEMA_VERSION = SCHEMA_HISTORY.at(-1)!.version;

export class FactContextDb extends Dexie {
  meta!: Table<CorpusMeta, 'corpus'>;
  sources!: Table<CorpusSource, string>;
  entities!: Table<CorpusEntity, string>;
  facts!: Table<CorpusFact, string>;
  quotes!: Table<CorpusQuote, string>;
  events!: Table<EventRow, string>;
  claims!: Table<ClaimRow, string>;
  cache!: Table<CacheRow, string>;
  readerSources!: Table<ReaderSourceRow, string>;
  readerTexts!: Table<ReaderTextRow, string>;
  readerQuotes!: Table<ReaderQuoteRow, string>;
  readerStatements!: Table<ReaderStatementRow, string>;
  readerEntities!: Table<ReaderEntityRow, string>;
  readerPreviews!: Table<ReaderPreviewRow, string>;
  packs!: Table<PackRow, string>;

  constructor(name = DB_NAME, options?: DexieOptions, upTo = SCHEMA_VERSION) {
    super(name, options);
    for (const step of SCHEMA_HISTORY.filter((s) => s.version <= upTo)) {
      const version = this.version(step.version).stores(step.stores);
      if (step.upgrade) version.upgrade(step.upgrade);
    }
  }
}
