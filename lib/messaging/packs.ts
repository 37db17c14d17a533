/** Messages of corpus packs (issue 18): extension pages only (`page.*`), never a content script. */
import * as v from 'valibot';
import { MAX_PACK_BYTES } from '../pack/limits';
import { ID_PATTERN } from '../corpus/schema';
import type { PackManifest } from '../pack/format';
import type { ImportReport } from '../pack/merge';
import type { PackSummary } from '../pack/store';

/** A `.fcpack` file as base64 (runtime messages carry JSON, not bytes): 4 characters per 3 bytes. */
const packBytes = v.pipe(v.string(), v.maxLength(Math.ceil(MAX_PACK_BYTES / 3) * 4), v.base64());

export const packSchemas = {
  /** Reads and checks a pack and says what importing it would do; writes nothing. */
  'page.previewPack': v.strictObject({ bytes: packBytes }),
  /** Reads, checks and imports a pack (or a newer version of one) in one transaction. */
  'page.importPack': v.strictObject({ bytes: packBytes }),
  'page.listPacks': v.undefined(),
  /** A stored pack as a `.fcpack` file, exactly as it was imported. */
  'page.exportPack': v.strictObject({ id: v.pipe(v.string(), v.maxLength(48), v.regex(ID_PATTERN)) }),
  /** The reader's own articles and people as a `.fcpack` file; null when they added nothing. */
  'page.exportYourArticles': v.undefined(),
  /** The bundled corpus, every imported pack and the reader's articles, merged, as one `.fcpack` file. */
  'page.exportEverything': v.undefined(),
  /** Removes a pack and everything it brought. */
  'page.removePack': v.strictObject({ id: v.pipe(v.string(), v.maxLength(48), v.regex(ID_PATTERN)) }),
} as const;

/** What a pack would bring, or why it cannot be imported (each problem one line of text). */
export type PackPreview =
  | {
      ok: true;
      manifest: PackManifest;
      bytes: number;
      counts: PackSummary['counts'];
      report: ImportReport;
    }
  | { ok: false; problems: string[] };

export interface PackReturns {
  'page.previewPack': PackPreview;
  'page.importPack': PackPreview;
  'page.listPacks': PackSummary[];
  'page.removePack': boolean;
  'page.exportPack': PackFile;
  'page.exportYourArticles': PackFile | null;
  'page.exportEverything': PackFile;
}

/** A `.fcpack` file to save: its name and its bytes as base64. */
export interface PackFile {
  fileName: string;
  bytes: string;
}
